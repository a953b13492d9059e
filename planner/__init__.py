"""Stagepath's engine: the framework, assessments and the rules that compare them. Pure: no UI imports."""

__version__ = "0.1.0"
