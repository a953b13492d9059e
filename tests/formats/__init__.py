"""The tests of planner.formats."""
