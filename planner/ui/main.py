"""The app's shell: page setup and the first page, the curve."""

from __future__ import annotations

import streamlit as st

from planner.framework import Framework, load_framework


@st.cache_resource(show_spinner=False)
def shipped_framework() -> Framework:
    return load_framework()


def run() -> None:
    st.set_page_config(page_title="Stagepath", layout="wide")
    framework = shipped_framework()
    st.title("Stagepath")
    st.caption("See where you stand on the AI maturity curve and what to develop next.")
    for stage in framework.curve.stages:
        label = f"Stage {stage.number}: {stage.name}" + (" (aspirational)" if stage.aspirational else "")
        st.subheader(label, anchor=False)
        st.text(stage.shift)
