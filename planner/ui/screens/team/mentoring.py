"""The Team page's mentor pairs (each person to develop with a mentor from the team, exported as CSV) and
its list of ratings due for re-rating. Sections of their own, so the page only places them."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from planner.formats.table import Team
from planner.framework import Framework
from planner.reports.team import pairs_csv
from planner.service.team import StaleRating, mentor_pairs, ratings_due
from planner.ui.caching import by_content
from planner.ui.screens.team.results import AtTarget
from planner.views.team_tables import ROWS_SHOWN, due_frame, pairs_frame
from planner.views.words import literal


def pairs_section(framework: Framework, result: AtTarget) -> None:
    """Who to develop, each with a mentor from the team, and the CSV a manager can take away."""
    found = mentor_pairs(result.coverage)
    st.markdown("**Mentors for the people to develop**")
    if not found:
        st.caption(
            "No pairs: no skill to develop has someone in the team rated above its level (or at the top of "
            "the scale). The Organisation page offers mentors from other teams."
        )
        return
    st.caption(
        literal(
            "Each person to develop, with someone in the team rated above the level or at the top of the "
            "scale, most skilled first, dealt out in turn."
            + (f" The first {ROWS_SHOWN:,} of {len(found):,} are shown." if len(found) > ROWS_SHOWN else "")
        )
    )
    frame = pairs_frame(framework, found).drop(columns=["Team", "Mentor's team"])
    st.dataframe(frame, hide_index=True, key="team.pairs")
    st.download_button(
        "Download the pairs (CSV)",
        pairs_csv(found),
        file_name="mentor-pairs.csv",
        mime="text/csv",
        key="team.pairs_csv",
    )


@by_content(16)
def _stale(
    _framework: Framework, digest: str, key: str, _record: Team, today: dt.date
) -> tuple[StaleRating, ...]:
    return ratings_due(_framework, _record, today)


def due_section(framework: Framework, key: str, record: Team) -> None:
    """The ratings older than the framework's review period, oldest first."""
    due = _stale(framework, framework.digest, key, record, dt.date.today())
    st.subheader("Due for re-rating", anchor=False)
    if not due:
        st.caption(
            "No rating is older than the framework's review period. Undated assessments have no known age "
            "and are never listed."
        )
        return
    people = len({r.name for r in due})
    st.caption(
        literal(
            f"{len(due):,} ratings of {people:,} people are older than the framework's review period, oldest "
            "first. Undated assessments have no known age and are never listed."
        )
    )
    st.dataframe(due_frame(framework, due).drop(columns=["Team"]), hide_index=True, key="team.due")
