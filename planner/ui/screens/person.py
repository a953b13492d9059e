"""One person, for a 1:1: their placement and trusted placement, focus that becomes actions with an owner and
a due date, their actions ticked off here (overdue ones flagged), their history per rater, open
confirmations and check-ins, and when they could reach the next stage (an estimate, with its basis).

Reached from the Team page's people (?person=NAME, with ?team=NAME for the team it came from). Everything is
read through this run's viewer (planner.service.one_person): a manager sees the people of the teams they
manage, a member only themself, an administrator everyone; anyone else's name shows nothing. Names, notes and
action texts are shown through `literal` or in dataframes (plain text); nothing typed becomes HTML."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from planner.formats.access import AccessDenied, Viewer
from planner.framework import Framework
from planner.service.actions import action_text, add_action, tick
from planner.service.database import Refused, StorageError, Store, database_url
from planner.service.one_person import OnePerson, default_due, one_person
from planner.service.stored import people as stored_people
from planner.ui import access_gate, plain, session
from planner.ui.caching import by_content
from planner.views.words import literal, stage_name

PERSON_PARAM = "person"


@by_content(64)
def _content(
    _store: Store,
    _framework: Framework,
    digest: str,
    url: str,
    changes: int,
    viewer: Viewer | None,
    name: str,
    today: dt.date,
) -> OnePerson | None:
    """One person as this viewer may see them, keyed by the viewer's current grants and the database's change
    count (what anyone stores shows on the next run)."""
    return one_person(_store, _framework, viewer, name, today)


def _requested() -> str | None:
    name = st.query_params.get(PERSON_PARAM)
    return (name.strip() or None) if isinstance(name, str) else None


def render() -> None:
    framework = session.framework_in_use()
    st.title("One person")
    st.caption("For a 1:1: where they stand, what is confirmed, what they are working on, and what is due.")
    viewer = access_gate.viewer()
    store = access_gate.the_store()
    today = dt.date.today()
    # The team the page was opened from narrows the choice; a team the viewer does not manage narrows nothing
    # (the store shows them only whom they may see either way).
    requested = access_gate.requested_team()
    team = requested if requested is not None and access_gate.sees_team(requested) else None
    try:
        names = stored_people(store, viewer, team)
        url = database_url()
        changes = access_gate.changes(url)
    except StorageError as exc:
        plain.alert("error", "The database cannot be read:", str(exc))
        return
    asked = _requested()
    if not names:
        st.info("There is nobody stored that you may see. A person's assessments show here once stored.")
        return
    index = names.index(asked) if asked in names else None
    name = st.selectbox("Person", names, index=index, key="person.pick", placeholder="Choose a person")
    if name is None:
        if asked is not None:
            plain.alert("warning", "There is no stored person by the name below that you may see.", asked)
        return
    if name != asked:
        st.query_params[PERSON_PARAM] = name
    view = _content(store, framework, framework.digest, url, changes, viewer, name, today)
    if view is None:
        plain.alert(
            "info",
            "There is no stored assessment of this person on this framework's tracks that you may see.",
            name,
        )
        return
    _headline(framework, view)
    _focus(framework, store, viewer, view, today)
    _actions(framework, store, viewer, view, today)
    _history(framework, view)
    _open(framework, view)


def _headline(framework: Framework, view: OnePerson) -> None:
    plan = view.plan
    st.text(  # plain text: the team is shown, and copied, as stored
        f"From {view.latest.rater} ratings dated {view.latest.as_of.isoformat()}"
        + (f", stored under {view.latest.team}" if view.latest.team else "")
    )
    placed, trusted, next_stage = st.columns(3)
    placed.metric("Placement", stage_name(framework, plan.placement), border=True)
    trusted.metric("Trusted placement", stage_name(framework, plan.trusted.placement), border=True)
    trusted.caption(f"{plan.trusted.confirmed} of {plan.trusted.of} ratings confirmed")
    estimate = view.next_stage
    if estimate is None:
        next_stage.metric("Next stage", "None beyond this one", border=True)
        return
    shown = f"Around {estimate.on.isoformat()}" if estimate.on else "No date"
    next_stage.metric(f"{stage_name(framework, estimate.stage)}: an estimate", shown, border=True)
    next_stage.caption(literal(estimate.basis.capitalize() + ". Never a promise."))


def _focus(
    framework: Framework, store: Store, viewer: Viewer | None, view: OnePerson, today: dt.date
) -> None:
    st.subheader("Focus")
    focus = view.plan.focus
    if not focus:
        st.success("Nothing to develop up to the target.")
        return
    st.dataframe(
        pd.DataFrame(
            {
                "Skill": [i.name for i in focus],
                # A floor skill belongs to no stage: it is the floor, never "not yet placed".
                "Stage": [
                    framework.curve.floor.name if i.stage == 0 else stage_name(framework, i.stage)
                    for i in focus
                ],
                "Rated": [i.rating for i in focus],
                "Expected": [i.expected for i in focus],
                "Gap": [i.gap for i in focus],
            }
        ),
        hide_index=True,
        key="person.focus",
    )
    with st.form("person.make_action", clear_on_submit=True):
        st.markdown("**Make this an action**")
        pick = st.selectbox(
            "Focus item", range(len(focus)), format_func=lambda i: focus[i].name, key="person.action.item"
        )
        text = st.text_input(
            "What to do", key="person.action.text", placeholder="e.g. pair on one review a week"
        )
        owner = st.text_input(
            "Owner (e-mail)", value=viewer.email if viewer else "", key="person.action.owner"
        )
        due = st.date_input("Due", value=default_due(today), key="person.action.due", format="YYYY-MM-DD")
        if st.form_submit_button("Make this an action", type="primary"):
            item = focus[pick]
            words = action_text(item, text)
            try:
                add_action(store, viewer, framework, view.name, item.skill, words, owner, due)
            except (Refused, AccessDenied, StorageError) as exc:
                plain.alert("error", "The action was not stored:", str(exc))
                return
            session.notify("success", f"Action stored, due {due.isoformat()}:", words)
            st.rerun()


def _actions(
    framework: Framework, store: Store, viewer: Viewer | None, view: OnePerson, today: dt.date
) -> None:
    st.subheader("Actions")
    if not view.actions:
        st.caption("No actions yet: make one from a focus item above.")
        return
    names = framework.skill_names
    for action in view.actions:
        row = st.container(border=True, horizontal=True, vertical_alignment="center")
        # The action's words, its owner and who ticked it off as plain text (a note, addresses), never links;
        # the status of an open one beside them.
        line = f"{action.text} ({names.get(action.skill, action.skill)}), owner {action.owner}."
        if action.done_at is not None:
            row.text(f"{line} Done {action.done_at.isoformat()} by {action.done_by}")
        else:
            row.text(line)
            overdue = ":red-badge[Overdue] due" if action.overdue(today) else "Due"
            row.markdown(f"{overdue} {action.due.isoformat()}")
        if action.done_at is None and row.button("Tick off", key=f"person.tick.{action.id}"):
            try:
                tick(store, viewer, action.id, today)
            except (Refused, StorageError) as exc:
                plain.alert("error", "Not ticked off:", str(exc))
                return
            session.notify("success", "Ticked off:", action.text)
            st.rerun()


def _history(framework: Framework, view: OnePerson) -> None:
    st.subheader("History per rater")
    st.dataframe(
        pd.DataFrame(
            {
                "Date": [h.as_of.isoformat() for h in view.history],
                "Rater": [h.rater for h in view.history],
                "Team": [h.team or "" for h in view.history],
                "Placement": [stage_name(framework, h.placement) for h in view.history],
                "Skills rated": [h.rated for h in view.history],
                "Stored by": [h.stored_by for h in view.history],
            }
        ),
        hide_index=True,
        key="person.history",
    )


def _open(framework: Framework, view: OnePerson) -> None:
    st.subheader("Open confirmations and check-ins")
    names = framework.skill_names
    if view.confirmations:
        st.dataframe(
            pd.DataFrame(
                {
                    "Skill": [names.get(c.skill, c.skill) for c in view.confirmations],
                    "Level": [c.level for c in view.confirmations],
                    "Asked of": [c.asked_of for c in view.confirmations],
                    "Asked on": [c.asked_at.isoformat() for c in view.confirmations],
                    "Evidence": [c.evidence for c in view.confirmations],
                }
            ),
            hide_index=True,
            key="person.confirmations",
        )
    else:
        st.caption("No confirmation waiting for an answer.")
    if view.check_ins:
        st.dataframe(
            pd.DataFrame(
                {
                    "Team": [c.team for c in view.check_ins],
                    "State": [c.state for c in view.check_ins],
                    "Since": [
                        (c.steps[-1].at if c.steps else c.opened_at).date().isoformat()
                        for c in view.check_ins
                    ],
                }
            ),
            hide_index=True,
            key="person.check_ins",
        )
    else:
        st.caption("No open check-in.")
