"""The tests of planner.storage."""
