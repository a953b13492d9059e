"""The Team page's calibration: a person's own ratings beside their manager's."""

from __future__ import annotations

import streamlit as st

from planner.framework import Framework
from planner.ui.screens.team.results import Basics
from planner.views.team_tables import calibration_detail_frame, calibration_frame
from planner.views.words import literal


def section(framework: Framework, basics: Basics) -> None:
    """Self against manager: how far managers' ratings sit from people's own, person by person."""
    result = basics.calibration
    st.subheader("Self against manager", anchor=False)
    if not result.people:
        st.caption(
            "Nobody here has both their own and a manager's rating. Add manager-rated rows (rater = manager) "
            "to compare."
        )
        return
    if result.mean_difference is not None:
        st.caption(
            literal(
                f"Across the {result.people_compared} "
                f"{'person' if result.people_compared == 1 else 'people'} compared, managers rate "
                f"{abs(result.mean_difference):.2f} levels {'lower' if result.mean_difference < 0 else 'higher'} "
                "than people rate themselves, on average; each person is in the table below."
            )
        )
    st.dataframe(calibration_frame(result), hide_index=True, key="team.calibration")
    with st.expander("Skill by skill, where they differ"):
        st.dataframe(
            calibration_detail_frame(framework, result), hide_index=True, key="team.calibration_detail"
        )
