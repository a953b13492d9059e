"""planner/formats"""
