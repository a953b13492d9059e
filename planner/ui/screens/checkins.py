"""Check-ins (shared deployments only): a person shares a saved self-assessment with the managers of one of
their teams, a manager rates each skill beside it and proposes the level the two agree on, and the person
agrees; and confirmations: a person asks a colleague to confirm one skill at a level, and the colleague
answers. Every step is a use case of planner.service.checkins, stored as a row of its own by the store,
which decides for this run's viewer whether they may take it; this page only asks and shows."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pandas as pd
import streamlit as st

from planner.common.problems import InputError
from planner.formats.access import AccessDenied, Viewer
from planner.formats.groundwork import load_groundwork
from planner.framework import Framework
from planner.service import checkins
from planner.service.database import (
    REVIEWED,
    SHARED,
    Refused,
    StorageError,
    StoredCheckIn,
    StoredConfirmation,
)
from planner.service.evidence import decide, decisions, suggested_evidence
from planner.service.stored import teams as stored_teams
from planner.ui import access_gate, plain, session
from planner.ui.state import (
    CHECKINS_ANSWER_WIDGET,
    CHECKINS_ASK_EVIDENCE,
    CHECKINS_ASK_LEVEL,
    CHECKINS_ASK_OF,
    CHECKINS_ASK_SKILL,
    CHECKINS_OPEN_PERSON,
    CHECKINS_OPEN_TEAM,
    CHECKINS_REVIEW_WIDGET,
    CHECKINS_SCAN_UPLOAD,
    CHECKINS_SHARE_PICK,
    CHECKINS_SHARE_TEAM,
)
from planner.views.checkins import answer_words, confirmation_line, review_rows, state_words, step_rows
from planner.views.words import level_label, literal

REFUSED = (Refused, AccessDenied, ValueError)


def render() -> None:
    framework = session.framework_in_use()
    viewer = access_gate.viewer()
    st.title("Check-ins")
    if viewer is None:
        st.info(
            "Single-user mode: check-ins need people signed in. Share your assessment as a file or a link "
            "from My plan, and use `rater: agreed` in a file for ratings you and your manager agreed."
        )
        return
    st.caption(
        "Your saved assessments are yours alone until you share one with a manager of your team. They rate "
        "each skill beside yours and propose the level you agree on; once you agree, that assessment counts "
        "as confirmed. A colleague can also confirm one skill for you."
    )
    store = access_gate.the_store()
    try:
        check_ins = checkins.check_ins(store, viewer)
        requests = checkins.confirmation_requests(store, viewer)
    except StorageError as exc:
        plain.alert("error", "The database cannot be read:", str(exc))
        return
    _asked_of_me(framework, viewer, requests)
    if viewer.manages_any:  # what waits on a manager first: their teams' check-ins
        _managed(framework, viewer, [c for c in check_ins if not viewer.owns(c.person)])
    _mine(framework, viewer, [c for c in check_ins if viewer.owns(c.person)])
    _ask(framework, viewer, [r for r in requests if viewer.owns(r.person)])
    _evidence(framework, viewer)


def _attempt(write: Callable[[], object], refused: str, done: str, named: str = "") -> None:
    """Make one write of this page for the viewer; say why not when it is refused (`refused`: "Not shared"),
    else say `done` after the rerun the write causes, with whom it `named` (a person, a team) as plain text."""
    try:
        write()
    except REFUSED as exc:
        plain.alert("error", f"{refused}:", str(exc))
    except StorageError as exc:
        plain.alert("error", f"{refused}, the database refused it:", str(exc))
    else:
        session.notify("success", done, named)
        st.rerun()


def _steps(check_in: StoredCheckIn) -> None:
    st.dataframe(pd.DataFrame(step_rows(check_in)), hide_index=True, key=f"checkins.steps.{check_in.id}")


# --- confirmations asked of the viewer ----------------------------------------------------------------------


def _asked_of_me(framework: Framework, viewer: Viewer, requests: list[StoredConfirmation]) -> None:
    waiting = [r for r in requests if r.asked_of == viewer.email and r.answer is None]
    st.subheader(f"Asked of you: {len(waiting)}", anchor=False)
    if not waiting:
        st.caption("No colleague is waiting for you to confirm a skill.")
    for request in waiting:
        with st.container(border=True):
            st.text(confirmation_line(framework, request))
            answers: dict[str | int, str] = {
                "confirmed": f"Confirm {level_label(framework, request.level)}",
                **{
                    lv: f"I saw {level_label(framework, lv)}"
                    for lv in framework.levels
                    if lv != request.level
                },
                "declined": "Decline: I cannot say",
            }
            key = f"{CHECKINS_ANSWER_WIDGET}{request.id}"
            chosen = st.selectbox("Your answer", list(answers), format_func=answers.__getitem__, key=key)
            if st.button("Answer", key=f"{key}.go", icon=":material/verified:"):
                _attempt(
                    partial(checkins.answer, access_gate.the_store(), viewer, request.id, chosen),
                    "Not answered",
                    "Answered the request of:",
                    request.person,
                )


# --- the viewer's own check-ins -----------------------------------------------------------------------------


def _mine(framework: Framework, viewer: Viewer, own: list[StoredCheckIn]) -> None:
    st.subheader("Your check-ins", anchor=False)
    for check_in in reversed(own):
        # Whom the check-in is with as plain text above it: an expander's label is Markdown.
        st.text(f"With {check_in.team}")
        with st.expander(
            f"Check-in: {state_words(check_in)}",
            expanded=check_in.open,
            icon=":material/handshake:",
        ):
            _steps(check_in)
            rows = review_rows(framework, check_in)
            if check_in.state in (REVIEWED, "agreed") and rows:
                st.dataframe(
                    pd.DataFrame(rows).drop(columns=["id"]),
                    hide_index=True,
                    key=f"checkins.mine.{check_in.id}",
                )
            if check_in.state == REVIEWED:
                st.caption("Agreeing stores the agreed levels as an assessment of you both, under the team.")
                if st.button("Agree", key=f"checkins.agree.{check_in.id}", icon=":material/handshake:"):
                    _attempt(
                        partial(checkins.agree, access_gate.the_store(), viewer, framework, check_in.id),
                        "Not agreed",
                        "Agreed: your manager and you now share one rating per skill.",
                    )
    _share(viewer)


def _share(viewer: Viewer) -> None:
    store = access_gate.the_store()
    try:
        saved, teams = checkins.shareable(store, viewer)
    except StorageError as exc:
        plain.alert("error", "The database cannot be read:", str(exc))
        return
    with st.container(border=True):
        st.markdown("**Share a saved assessment with a manager of your team**")
        if not saved:
            st.caption("Save an assessment first, on My assessments.")
            return
        if not teams:
            st.caption("You are in no stored team yet: a manager adds you when they store their team.")
            return
        by_id = {s.id: s for s in reversed(saved)}
        pick = st.selectbox(
            "Assessment",
            list(by_id),
            format_func=lambda i: (
                f"{by_id[i].as_of.isoformat()} · {by_id[i].track} · {len(by_id[i].document.get('ratings', {}))} ratings"
            ),
            key=CHECKINS_SHARE_PICK,
        )
        team = st.selectbox("Team", teams, key=CHECKINS_SHARE_TEAM)
        if st.button("Share it", icon=":material/share:", key="checkins.share"):
            _attempt(
                partial(checkins.share, store, viewer, pick, team),
                "Not shared",
                "Shared with the managers of the team:",
                team,
            )


# --- confirmations the viewer asks ----------------------------------------------------------------------------


def _ask(framework: Framework, viewer: Viewer, mine: list[StoredConfirmation]) -> None:
    st.subheader("Confirmations you asked for", anchor=False)
    names = framework.skill_names
    for r in reversed(mine):  # plain text: an address is shown, and copied, as stored, never as a link
        st.text(
            f"{names.get(r.skill, r.skill)} at {level_label(framework, r.level)}, asked of {r.asked_of} on "
            f"{r.asked_at.isoformat()}: {answer_words(framework, r)}"
        )
    with st.container(border=True):
        st.markdown("**Ask a colleague to confirm a skill**")
        skills = list(framework.skill_names)
        skill = st.selectbox(
            "Skill", skills, format_func=lambda s: literal(framework.skill_names[s]), key=CHECKINS_ASK_SKILL
        )
        levels = [lv for lv in framework.levels if lv > 0]
        level = st.selectbox(
            "At level",
            levels,
            format_func=lambda lv: literal(level_label(framework, lv)),
            key=CHECKINS_ASK_LEVEL,
        )
        colleague = st.text_input("Colleague's e-mail", max_chars=254, key=CHECKINS_ASK_OF)
        evidence = st.text_input(
            "A line of evidence they can check", max_chars=2000, key=CHECKINS_ASK_EVIDENCE
        )
        if st.button("Ask", icon=":material/send:", key="checkins.ask"):
            _attempt(
                partial(
                    checkins.ask,
                    access_gate.the_store(),
                    viewer,
                    framework,
                    viewer.person,
                    skill,
                    level,
                    colleague,
                    evidence,
                ),
                "Not asked",
                "Asked this colleague to confirm it:",
                colleague.strip(),
            )


# --- a manager's side ---------------------------------------------------------------------------------------------


def _managed(framework: Framework, viewer: Viewer, theirs: list[StoredCheckIn]) -> None:
    st.subheader("Check-ins of your teams", anchor=False)
    if not theirs:
        st.caption("Nobody in your teams has shared a check-in yet.")
    for check_in in reversed(theirs):
        # Whose check-in it is as plain text above it: an expander's label is Markdown.
        st.text(f"{check_in.person}, {check_in.team}")
        with st.expander(
            f"Check-in: {state_words(check_in)}",
            expanded=check_in.state in (SHARED, REVIEWED),
            icon=":material/rate_review:",
        ):
            _steps(check_in)
            if check_in.state in (SHARED, REVIEWED):
                _review(framework, viewer, check_in)
            elif check_in.state == "agreed":
                rows = review_rows(framework, check_in)
                st.dataframe(
                    pd.DataFrame(rows).drop(columns=["id"]),
                    hide_index=True,
                    key=f"checkins.done.{check_in.id}",
                )
    _open(viewer)


def _review(framework: Framework, viewer: Viewer, check_in: StoredCheckIn) -> None:
    rows = review_rows(framework, check_in)
    for row in rows:  # a first review starts from the person's own ratings
        if row["Manager's rating"] is None:
            row["Manager's rating"] = row["Agreed level"] = row["Their rating"]
    levels = list(framework.levels)
    st.caption(
        "Rate each skill as you see it and set the level you propose to agree; where your rating differs from "
        "theirs, say why in the note. They see your review and agree it."
    )
    edited = st.data_editor(
        pd.DataFrame(rows),
        hide_index=True,
        column_order=["Skill", "Their rating", "Their evidence", "Manager's rating", "Agreed level", "Note"],
        disabled=["Skill", "Their rating", "Their evidence"],
        column_config={
            "Manager's rating": st.column_config.SelectboxColumn(options=levels, required=True),
            "Agreed level": st.column_config.SelectboxColumn(options=levels, required=True),
            "Note": st.column_config.TextColumn(max_chars=2000),
        },
        key=f"{CHECKINS_REVIEW_WIDGET}{check_in.id}",
    )
    if st.button("Record the review", icon=":material/rate_review:", key=f"checkins.review_go.{check_in.id}"):
        records = edited.to_dict("records")
        _attempt(
            partial(
                checkins.review,
                access_gate.the_store(),
                viewer,
                framework,
                check_in.id,
                {r["id"]: int(r["Manager's rating"]) for r in records},
                {r["id"]: int(r["Agreed level"]) for r in records},
                {r["id"]: str(r["Note"] or "") for r in records},
            ),
            "Not recorded",
            "Review recorded: the person below sees it and can agree.",
            check_in.person,
        )


def _open(viewer: Viewer) -> None:
    store = access_gate.the_store()
    try:
        teams = stored_teams(store, viewer)
    except StorageError as exc:
        plain.alert("error", "The database cannot be read:", str(exc))
        return
    if not teams:
        return
    with st.container(border=True):
        st.markdown("**Ask someone of your team for a check-in**")
        team = st.selectbox("Team", teams, key=CHECKINS_OPEN_TEAM)
        try:
            people = checkins.check_in_candidates(store, viewer, team)
        except StorageError as exc:
            plain.alert("error", "The database cannot be read:", str(exc))
            return
        person = st.selectbox("Person", people, key=CHECKINS_OPEN_PERSON)
        if st.button(
            "Open a check-in", icon=":material/add_task:", key="checkins.open", disabled=person is None
        ):
            _attempt(
                partial(checkins.open_check_in, store, viewer, str(person), team),
                "Not opened",
                "Opened a check-in: the person below is asked to share their ratings.",
                person,
            )


# --- evidence from the work -------------------------------------------------------------------------------------


def _evidence(framework: Framework, viewer: Viewer) -> None:
    """What a scan of the team's repositories suggests for the viewer's own commits (by their e-mail),
    each item accepted or dropped; accepted ones make the rating of their skill count as confirmed."""
    st.subheader("Evidence from your work", anchor=False)
    st.caption(
        "Upload what the command stagepath scan wrote for your team's repositories: it lists, per commit author, the "
        "signals that bear on skills. Yours are shown for your e-mail; accept those that are your work. A "
        "scan never sets a rating: an accepted item only makes your rating of its skill count as confirmed."
    )
    store = access_gate.the_store()
    try:
        latest = decisions(store, viewer, viewer.person)
    except StorageError as exc:
        plain.alert("error", "The database cannot be read:", str(exc))
        return
    upload = st.file_uploader(
        "A scan's record (YAML or JSON)", type=["yaml", "yml", "json"], key=CHECKINS_SCAN_UPLOAD
    )
    if upload is not None:
        try:
            record = load_groundwork(upload.name, upload.getvalue(), framework)
        except InputError as exc:
            plain.alert("error", "Not read:", str(exc))
            return
        items = suggested_evidence(record, [viewer.email], framework)
        if not items:
            plain.alert("info", "The scan suggests nothing for commits by the address below.", viewer.email)
        for i, item in enumerate(items):
            with st.container(border=True):
                st.text(f"{framework.skill_names.get(item.skill, item.skill)}: {item.evidence}")
                st.text(  # the commit and path it came from, as the scan wrote them
                    f"{item.source}. Now: {latest.get((item.skill, item.evidence, item.source), 'not decided')}."
                )
                left, right = st.columns(2)
                for column, decision, label, icon in (
                    (left, "accepted", "Accept as my evidence", ":material/task_alt:"),
                    (right, "dropped", "Drop it", ":material/block:"),
                ):
                    if column.button(label, key=f"checkins.evidence.{decision}.{i}", icon=icon):
                        _attempt(
                            partial(decide, store, viewer, framework, viewer.person, item, decision),
                            "Not stored",
                            "Accepted as your evidence." if decision == "accepted" else "Dropped.",
                        )
    shown = {item for item, decision in latest.items() if decision == "accepted"}
    if shown:
        st.markdown(f"**Accepted as your evidence: {len(shown)}**")
        for skill, evidence, source in sorted(shown):
            st.text(f"{framework.skill_names.get(skill, skill)}: {evidence} ({source})")
