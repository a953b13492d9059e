"""The tests of planner.service."""
