"""The tests of planner.cli."""
