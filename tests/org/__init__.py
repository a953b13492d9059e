"""The tests of planner.org.plan."""
