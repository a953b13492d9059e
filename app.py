"""Stagepath's Streamlit entry point: `streamlit run app.py`."""

from planner.ui.main import run

run()
