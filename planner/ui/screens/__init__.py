"""planner/ui/screens"""
