"""The tests of planner.views and planner.reports."""
