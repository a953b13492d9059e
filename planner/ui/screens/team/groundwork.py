"""The Team page's Groundwork section: which of the framework's stage capabilities the team has in place,
the operating stage beside the people's stage, what blocks the next stage, and the capabilities to build.

The record being edited lives in session state as plain data (what the manager ticked and typed, or loaded
from a file); a record read from the database is read again on every run through the viewer's current
grants (planner.service.groundwork), never kept as something once allowed. A scan's suggestions load like any record:
each shows the file or commit it came from, and one click confirms it. What the scan suggests for people's
skills is shown a section per commit author: suggestions for each person, never saved with the groundwork
and never a rating."""

from __future__ import annotations

import datetime as dt
import hashlib

import streamlit as st

from planner.common.problems import InputError
from planner.formats.access import AccessDenied
from planner.formats.groundwork import CapabilityState, GroundworkRecord, dump_groundwork, load_groundwork
from planner.framework import Framework
from planner.framework.capabilities import Capability
from planner.service.database import StorageError
from planner.service.evidence import suggested_evidence
from planner.service.groundwork import OperatingStage, first_team_stage, save_groundwork, stored_groundwork
from planner.ui import access_gate, session
from planner.ui.sources import EVERYONE, Stored
from planner.ui.state import (
    GROUNDWORK,
    GROUNDWORK_FROM,
    GROUNDWORK_NOTICE,
    GROUNDWORK_OPEN,
    GROUNDWORK_UPLOAD_WIDGET,
    SOURCE,
)
from planner.views.words import file_stem, literal, stage_name

ANCHOR = "groundwork"


def _in_key(capability_id: str) -> str:
    return f"team.gw.in.{capability_id}"


def _note_key(capability_id: str) -> str:
    return f"team.gw.note.{capability_id}"


def _team_name() -> str | None:
    source = st.session_state.get(SOURCE)
    return source.team if isinstance(source, Stored) and source.team != EVERYONE else None


def _set(record: GroundworkRecord | None, origin: str) -> None:
    """Make a record the one being edited, and let every widget seed itself from it afresh."""
    for key in [
        k for k in st.session_state if isinstance(k, str) and k.startswith(("team.gw.in.", "team.gw.note."))
    ]:
        del st.session_state[key]
    st.session_state[GROUNDWORK] = record
    st.session_state[GROUNDWORK_FROM] = origin


def _stored(framework: Framework, team: str) -> GroundworkRecord | None:
    """The team's latest stored record, read now with the viewer's current grants (None when there is none
    or the viewer may not see it); ids this framework does not know are left out."""
    return stored_groundwork(framework, access_gate.the_store(), team, access_gate.viewer())


def roster_id(loaded_key: str) -> str:
    """What the groundwork belongs to: the team, for a team from the database, else the roster's content."""
    team = _team_name()
    return f"team {team}" if team is not None else loaded_key


def current(framework: Framework, roster: str) -> GroundworkRecord | None:
    """The record in use this run for the roster in use (`roster` names it): the manager's own (ticked,
    typed or loaded from a file), else for a team from the database its latest stored record, read again
    now with the viewer's current grants; None when the team's groundwork is not recorded."""
    kind, _, of_roster = st.session_state.get(GROUNDWORK_FROM, "").partition(":")
    if of_roster != roster:  # another roster: its groundwork is another team's
        _set(None, f"none:{roster}")
        st.session_state.pop(GROUNDWORK_OPEN, None)
        kind = "none"
    if kind == "own":
        record = st.session_state.get(GROUNDWORK)
        return record if isinstance(record, GroundworkRecord) else None
    team = _team_name()
    stored = None
    if team is not None:
        try:
            stored = _stored(framework, team)
        except StorageError:
            stored = None
    if stored != st.session_state.get(GROUNDWORK):
        _set(stored, f"{'stored' if stored is not None else 'none'}:{roster}")
    return stored


def record_key(record: GroundworkRecord | None) -> str:
    """The content key of a record, for caches keyed by what it says."""
    return "" if record is None else hashlib.sha256(record.model_dump_json().encode()).hexdigest()


def _edited(framework: Framework, record: GroundworkRecord | None) -> GroundworkRecord:
    """The record as the widgets now say, starting from the one in use."""
    base = record or GroundworkRecord(team=_team_name() or "Team")
    states = dict(base.capabilities)
    for capability_id in framework.capabilities:
        ticked = st.session_state.get(_in_key(capability_id))
        note = st.session_state.get(_note_key(capability_id))
        if ticked is None and note is None:
            continue
        old = states.get(capability_id)
        in_place = bool(ticked) if ticked is not None else bool(old and old.in_place)
        evidence = str(note) if note is not None else (old.evidence if old else "")
        suggested = bool(old and old.suggested and not in_place)
        states[capability_id] = CapabilityState(in_place=in_place, evidence=evidence, suggested=suggested)
    return base.model_copy(update={"capabilities": states})


def _own(record: GroundworkRecord) -> None:
    """Once changed by hand or loaded from a file, the record is the manager's own for this roster, kept
    as they left it rather than read again from the database."""
    _, _, roster = st.session_state.get(GROUNDWORK_FROM, "").partition(":")
    st.session_state[GROUNDWORK] = record
    st.session_state[GROUNDWORK_FROM] = f"own:{roster}"


def _on_change(framework: Framework, stage: int) -> None:
    # The stage's section stays open: its label (the count in place) changes with a tick, which would
    # otherwise draw it afresh, closed.
    st.session_state[GROUNDWORK_OPEN] = stage
    # Changed by hand: the record says what is in place today.
    edited = _edited(framework, st.session_state.get(GROUNDWORK))
    _own(edited.model_copy(update={"assessed_on": dt.date.today()}))


def _on_confirm(framework: Framework, capability_id: str, stage: int) -> None:
    st.session_state[_in_key(capability_id)] = True
    _on_change(framework, stage)


def load_for(framework: Framework, roster: str, name: str, raw: bytes) -> None:
    """Make a record read from a file the one in use for a roster (the sample team's, with the sample);
    a record this framework cannot read is left out and said so."""
    try:
        record = load_groundwork(name, raw, framework)
    except InputError as exc:
        st.session_state[GROUNDWORK_NOTICE] = (
            "error",
            "The groundwork record cannot be used:",
            "\n".join(str(p) for p in exc.problems),
        )
        return
    _set(record, f"own:{roster}")


def own_record(framework: Framework, loaded_key: str) -> GroundworkRecord | None:
    """The manager's own record for the roster with this content key (ticked, typed or loaded from a file),
    as the widgets now say; None when they have none for it."""
    kind, _, roster = st.session_state.get(GROUNDWORK_FROM, "").partition(":")
    if kind != "own" or roster != loaded_key:
        return None
    return _edited(framework, st.session_state.get(GROUNDWORK))


def _on_upload(framework: Framework) -> None:
    upload = st.session_state.get(GROUNDWORK_UPLOAD_WIDGET)
    if upload is None:
        return
    try:
        record = load_groundwork(upload.name, upload.getvalue(), framework)
    except InputError as exc:
        st.session_state[GROUNDWORK_NOTICE] = (
            "error",
            "The groundwork record cannot be used:",
            "\n".join(str(p) for p in exc.problems),
        )
        return
    _, _, roster = st.session_state.get(GROUNDWORK_FROM, "").partition(":")
    _set(record, f"own:{roster}")
    suggested = sum(s.suggested for s in record.capabilities.values())
    st.session_state[GROUNDWORK_NOTICE] = (
        "success",
        "Loaded the groundwork of the team named below"
        + (
            f", with {suggested} suggestion{'s' if suggested > 1 else ''} from a scan to confirm."
            if suggested
            else "."
        ),
        record.team,
    )


def _on_save(framework: Framework, team: str) -> None:
    record = _edited(framework, st.session_state.get(GROUNDWORK)).model_copy(
        update={"team": team, "assessed_on": dt.date.today()}
    )
    try:
        save_groundwork(framework, access_gate.the_store(), record, access_gate.viewer())
    except (StorageError, AccessDenied) as exc:
        st.session_state[GROUNDWORK_NOTICE] = ("error", "Nothing was saved:", str(exc))
        return
    _, _, roster = st.session_state.get(GROUNDWORK_FROM, "").partition(":")
    _set(record, f"stored:{roster}")
    st.session_state[GROUNDWORK_NOTICE] = (
        "success",
        "Saved the groundwork of the team named below, dated today.",
        team,
    )


def headline(framework: Framework, result: OperatingStage) -> None:
    """The operating stage beside the people's stage and the groundwork's, and what blocks the next stage."""
    operating, people, groundwork = st.columns(3)
    operating.metric("Operating stage", stage_name(framework, result.operating_stage), border=True)
    operating.caption("The lower of what the people cover and what the groundwork has in place.")
    people.metric("People's stage", stage_name(framework, result.people_stage), border=True)
    people.caption("Every skill up to it held by someone at its level, on every track of the team.")
    if result.capability_stage is None:
        groundwork.metric("Groundwork stage", "Not recorded", border=True)
        groundwork.caption("Tick what is in place below, or load a record.")
    else:
        groundwork.metric("Groundwork stage", stage_name(framework, result.capability_stage), border=True)
        groundwork.caption("Every capability up to it in place.")
    for warning in result.warnings:
        st.info(literal(warning), icon=":material/info:")
    blocked = result.blocked_by
    if blocked is None:
        return
    names = framework.skill_names
    parts = [f"build {b.name}" for b in blocked.capabilities]
    parts += [f"{row.verdict} {names.get(row.skill, row.skill)}" for row in blocked.skills]
    if parts:
        shown = "; ".join(parts[:8]) + (f"; and {len(parts) - 8} more" if len(parts) > 8 else "")
        st.markdown(literal(f"What blocks {stage_name(framework, blocked.stage)}: {shown}."))


def _capability_row(
    framework: Framework, stage: int, capability: Capability, state: CapabilityState | None
) -> None:
    session.seed(_in_key(capability.id), bool(state and state.in_place))
    session.seed(_note_key(capability.id), state.evidence if state else "")
    left, right = st.columns([3, 2], vertical_alignment="center")
    with left:
        st.checkbox(
            literal(capability.name),
            key=_in_key(capability.id),
            on_change=_on_change,
            args=(framework, stage),
            help="In place: the team has it and uses it.",
        )
        st.caption(literal(capability.description))
        if state is not None and state.suggested and not state.in_place:
            st.markdown(":blue-badge[Suggested by a scan]")
            st.text(f"Found in {state.evidence or 'the repository'}")  # a path, as the scan wrote it
            st.button(
                "Confirm it is in place",
                key=f"team.gw.confirm.{capability.id}",
                on_click=_on_confirm,
                args=(framework, capability.id, stage),
                icon=":material/check:",
            )
    right.text_input(
        f"Evidence for {literal(capability.name)}",
        max_chars=2000,
        key=_note_key(capability.id),
        on_change=_on_change,
        args=(framework, stage),
        placeholder="Where it lives, or how you know",
        label_visibility="collapsed",
    )


def _sources(framework: Framework, record: GroundworkRecord | None) -> None:
    notice = st.session_state.pop(GROUNDWORK_NOTICE, None)
    if notice is not None:
        session.show_notice(notice)
    left, right = st.columns([3, 2], gap="large")
    left.file_uploader(
        "Load a groundwork record (YAML or JSON)",
        type=["yaml", "yml", "json"],
        key=GROUNDWORK_UPLOAD_WIDGET,
        on_change=_on_upload,
        args=(framework,),
        help="A record saved from here, written by hand, or made by `stagepath scan` from the team's repositories.",
    )
    with right:
        edited = _edited(framework, record)
        # Dated: the record's own date, or today for one that has none (what the page shows today).
        edited = edited.model_copy(update={"assessed_on": edited.assessed_on or dt.date.today()})
        st.download_button(
            "Download this record (YAML)",
            data=lambda: dump_groundwork(edited),
            file_name=f"{file_stem(edited.team, 'groundwork', dt.date.today())}.yaml",
            mime="application/x-yaml",
            icon=":material/download:",
            on_click="ignore",
            key="team.gw.download",
        )
        team = _team_name()
        if team is not None:
            # A button's label is Markdown: the team is named beside it, as plain text, never in it.
            st.button(
                "Save to the database as this team",
                icon=":material/save:",
                on_click=_on_save,
                args=(framework, team),
                key="team.gw.save",
                help="A new dated record for the team named below; earlier ones are kept.",
            )
            st.text(f"Team: {team}")
        else:
            st.caption(
                "Saved with the roster when you save the roster to the database; once the team is loaded from "
                "there, its groundwork can be saved on its own."
            )


def _people(framework: Framework, record: GroundworkRecord | None) -> None:
    """What a loaded scan suggests for each commit author's skills, a section per person, each item with
    the commits and paths it came from."""
    if record is None or not record.people:
        return
    count = len(record.people)
    label = f"Evidence for people from the scan: {count} {'person' if count == 1 else 'people'}"
    with st.expander(literal(label)):
        st.caption(
            "Suggestions for each person to accept or drop as evidence for their own skills: nothing here "
            "sets a rating, and they are not saved with the team's groundwork."
        )
        names = framework.skill_names
        for person in record.people:
            items = suggested_evidence(record, [person.author], framework)
            # A commit author's name or address, and the commits and paths: plain text, never links.
            st.text(person.author)
            st.text("\n".join(f"• {names[i.skill]}: {i.evidence}" for i in items))


def section(framework: Framework, record: GroundworkRecord | None, result: OperatingStage) -> None:
    """The whole Groundwork section, at its own address (#groundwork)."""
    st.subheader("Groundwork", anchor=ANCHOR)
    first = first_team_stage(framework)
    if first is None:
        st.caption("This framework lists no capabilities, so the team's stage is its people's.")
        return
    st.caption(
        literal(
            f"From {stage_name(framework, first)} on, a stage is the team's: strong people without the groundwork "
            "of a stage do not make a team that works there."
        )
    )
    _sources(framework, record)
    _people(framework, record)
    blocked = result.blocked_by.stage if result.blocked_by else None
    by_stage: dict[int, list[Capability]] = {}
    for number, capability in framework.capabilities.values():
        by_stage.setdefault(number, []).append(capability)
    states = _edited(framework, record).capabilities
    worked_on = st.session_state.get(GROUNDWORK_OPEN)
    for number, capabilities in by_stage.items():
        in_place = sum(states.get(c.id, CapabilityState(in_place=False)).in_place for c in capabilities)
        label = f"{stage_name(framework, number)}: {in_place} of {len(capabilities)} in place"
        suggested = any(states.get(c.id) and states[c.id].suggested for c in capabilities)
        with st.expander(literal(label), expanded=number in (blocked, worked_on) or suggested):
            for capability in capabilities:
                _capability_row(framework, number, capability, states.get(capability.id))
    if result.build:
        st.markdown("**To build**")
        unit = framework.curve.effort.unit if framework.curve.effort else ""
        for item in result.build:
            effort = f", {item.effort[0]:g} to {item.effort[1]:g} {unit} for the stage" if item.effort else ""
            st.markdown(literal(f"Build {item.name} ({stage_name(framework, item.stage)}{effort})."))
