"""planner/org"""
