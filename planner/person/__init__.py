"""planner/person"""
