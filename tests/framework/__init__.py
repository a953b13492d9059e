"""The tests of planner.framework."""
