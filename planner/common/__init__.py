"""planner/common"""
