"""The tests of planner.person."""
