"""planner/ui/screens/org"""
