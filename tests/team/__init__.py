"""The tests of planner.team."""
