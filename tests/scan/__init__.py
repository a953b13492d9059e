"""The tests of planner.scan.repository."""
