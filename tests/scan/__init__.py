"""The tests of planner.scan."""
