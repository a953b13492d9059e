"""The Team page's open actions: for a stored team, what its people are working on (planner.service.due's
`team_actions`), overdue ones flagged and first. Read for this run's viewer and cached by their current grants
and the database's change count, as the stored roster is (planner.ui.sources)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from planner.formats.access import Viewer
from planner.framework import Framework
from planner.service.database import StorageError, Store
from planner.service.due import OpenAction, team_actions
from planner.ui import access_gate, plain
from planner.ui.caching import by_content
from planner.ui.sources import EVERYONE, Stored
from planner.ui.state import SOURCE
from planner.views.team_tables import ROWS_SHOWN, actions_frame
from planner.views.words import literal


@by_content(16)
def _open_actions(
    _store: Store, url: str, changes: int, viewer: Viewer | None, team: str, today: dt.date
) -> tuple[OpenAction, ...]:
    """One team's open actions as this viewer may see them: no one is served a list read for someone else, or
    for themselves when their roles were different; a write from any process reads it again."""
    return team_actions(_store, viewer, team, today)


def section(framework: Framework) -> None:
    """For a stored team: its open actions, overdue ones first, each with its person, skill, owner and due
    date. Nothing for files or for every stored person."""
    source = st.session_state.get(SOURCE)
    if not isinstance(source, Stored) or source.team == EVERYONE:
        return
    st.subheader("Open actions", anchor=False)
    try:
        found = _open_actions(
            access_gate.store(source.url),
            source.url,
            access_gate.changes(source.url),
            access_gate.viewer(),
            source.team,
            dt.date.today(),
        )
    except StorageError as exc:
        plain.alert("error", "The actions cannot be read:", str(exc))
        return
    if not found:
        st.caption("No open action for this team's people: make one from a focus item on a person's page.")
        return
    overdue = sum(a.overdue for a in found)
    shown = min(len(found), ROWS_SHOWN)
    st.caption(
        literal(
            f"{len(found):,} open actions, {overdue:,} of them overdue (listed first), then soonest due. "
            "Tick one off on the person's page."
            + (f" The first {shown:,} are shown." if shown < len(found) else "")
        )
    )
    st.dataframe(
        actions_frame(framework, found[:shown]),
        hide_index=True,
        key="team.actions",
        column_config={"Action": st.column_config.TextColumn("Action", width="large")},
    )
