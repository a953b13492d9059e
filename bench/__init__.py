"""Stagepath's benchmarks (see run.py)."""
