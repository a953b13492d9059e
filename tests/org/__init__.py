"""The tests of planner.org."""
