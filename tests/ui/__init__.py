"""The tests of planner.ui."""
