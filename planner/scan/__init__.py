"""planner/scan"""
