"""planner/ui/screens/team"""
