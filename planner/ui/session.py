"""What one visitor has entered, kept in session state, and the plan it gives.

The canonical ratings, notes, track, target and name live in plain session-state values that no widget
owns, so they survive moving between pages (Streamlit drops a widget's state when the widget is not
drawn). Widgets are seeded from them when drawn and write back through on_change callbacks. Loading an
assessment (an upload, a share link, the example) or starting over replaces the canonical values and
forgets the widgets' own state so they are seeded again.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import streamlit as st
from streamlit.runtime.state import SessionStateProxy

from planner.common.problems import InputError
from planner.formats import sharing
from planner.formats.assessment import NAME_LENGTH, Assessment, load_assessment
from planner.formats.confirmations import Confirmation
from planner.framework import Framework
from planner.service.person import Plan, person_plan
from planner.ui import plain
from planner.ui.plain import Notice
from planner.ui.state import SESSION_ASSESSED_ON as ASSESSED_ON
from planner.ui.state import SESSION_EVIDENCE as EVIDENCE
from planner.ui.state import SESSION_EXPLORE_STAGE as EXPLORE_STAGE
from planner.ui.state import SESSION_EXPLORE_TRACK as EXPLORE_TRACK
from planner.ui.state import SESSION_FRAMEWORK as FRAMEWORK
from planner.ui.state import SESSION_NAME as NAME
from planner.ui.state import SESSION_NAME_WIDGET as NAME_WIDGET
from planner.ui.state import SESSION_NOTES_WIDGET as NOTES_WIDGET
from planner.ui.state import SESSION_NOTICES as NOTICES
from planner.ui.state import SESSION_RATER as RATER
from planner.ui.state import SESSION_RATINGS as RATINGS
from planner.ui.state import SESSION_SECTIONS_WIDGET as SECTIONS_WIDGET
from planner.ui.state import SESSION_SHARED as SHARED
from planner.ui.state import SESSION_TARGET as TARGET
from planner.ui.state import SESSION_TARGET_WIDGET as TARGET_WIDGET
from planner.ui.state import SESSION_TRACK as TRACK
from planner.ui.state import SESSION_TRACK_WIDGET as TRACK_WIDGET
from planner.views.memo import Memo

# The session's keys, from the registry (planner.ui.state), under the names the pages read them by.
__all__ = [
    "ASSESSED_ON",
    "EVIDENCE",
    "EXPLORE_STAGE",
    "EXPLORE_TRACK",
    "FRAMEWORK",
    "NAME",
    "NAME_WIDGET",
    "NOTES_WIDGET",
    "NOTICES",
    "RATER",
    "RATINGS",
    "SECTIONS_WIDGET",
    "SHARED",
    "TARGET",
    "TARGET_WIDGET",
    "TRACK",
    "TRACK_WIDGET",
]
EXAMPLES_DIR = Path(__file__).resolve().parents[2] / "examples"


def rating_key(skill_id: str) -> str:
    return f"rate.{skill_id}"


def note_key(skill_id: str) -> str:
    return f"note.{skill_id}"


def state() -> SessionStateProxy:
    return st.session_state


def use_framework(framework: Framework) -> None:
    """Record the framework this run uses, for the page that runs after the shell."""
    state()[FRAMEWORK] = framework


def framework_in_use() -> Framework:
    """The framework in use (chosen by the shell before the page runs)."""
    value: Framework = state()[FRAMEWORK]
    return value


def ensure(framework: Framework) -> None:
    """Create the canonical values on first use and keep the track one the framework knows."""
    ss = state()
    ss.setdefault(RATINGS, {})
    ss.setdefault(EVIDENCE, {})
    ss.setdefault(NAME, "")
    ss.setdefault(TARGET, None)
    ss.setdefault(RATER, "self")
    ss.setdefault(ASSESSED_ON, None)
    ss.setdefault(NOTICES, [])
    ids = [t.id for t in framework.tracks]
    if ss.get(TRACK) not in ids:
        ss[TRACK] = ids[0]
    if ss[TARGET] is not None and framework.stage(ss[TARGET]) is None:
        ss[TARGET] = None


def ratings() -> dict[str, int]:
    value: dict[str, int] = state()[RATINGS]
    return value


def evidence() -> dict[str, str]:
    value: dict[str, str] = state()[EVIDENCE]
    return value


# Assessments by what they are made of: the shell, the sidebar and the page each ask for the visitor's
# assessment on every run, and validating a new one costs more than looking it up. The key is the
# visitor's own entries, so a session only ever gets the assessment its own values make. Each session
# needs only its latest; few entries, since notes can be long.
_ASSESSMENTS: Memo[Assessment] = Memo(64)


def current(framework: Framework) -> Assessment:
    """The visitor's assessment: the chosen track's ratings that fit the scale, their notes, the target."""
    ss = state()
    entries = (ss[NAME], ss[TRACK], ss[TARGET], ss[RATER])
    rated, notes = ratings(), evidence()
    if not framework.digest:  # a framework made in code has no digest to tell it from another
        return _assessment(framework, entries, rated, notes)
    key = (framework.digest, entries, tuple(rated.items()), tuple(notes.items()))
    return _ASSESSMENTS.get(key, lambda: _assessment(framework, entries, rated, notes))


def _assessment(
    framework: Framework,
    entries: tuple[str, str, int | None, str],
    rated: dict[str, int],
    notes: dict[str, str],
) -> Assessment:
    name, track, target, rater = entries
    ids = framework.track_skill_ids(track)
    levels = set(framework.levels)
    return Assessment(
        name=name.strip() or None,
        track=track,
        target=target,
        rater=rater,
        ratings={i: rated[i] for i in ids if rated.get(i) in levels},
        evidence={i: notes[i].strip() for i in ids if notes.get(i, "").strip()},
    )


def dated(assessment: Assessment) -> Assessment:
    """The assessment as it is saved: dated as loaded while unchanged, else today."""
    return assessment.model_copy(update={"assessed_on": state().get(ASSESSED_ON) or dt.date.today()})


_PLANS: Memo[Plan] = Memo(1024)


def content_key(framework: Framework, assessment: Assessment) -> tuple[object, ...]:
    """What a plan depends on: the framework's content, the track, the target and the ratings."""
    return (framework.digest, assessment.track, assessment.target, tuple(sorted(assessment.ratings.items())))


def plan_of(
    framework: Framework,
    assessment: Assessment,
    target: int | None = None,
    confirmations: tuple[Confirmation, ...] = (),
    accepted: frozenset[str] = frozenset(),
) -> Plan:
    """The full plan (every focus item) for an assessment, cached by framework digest and content. Its
    trusted placement counts the assessment's rater, `confirmations` of its person still within their
    period today (the day is part of the key) and the skills resting on evidence from the work the person
    accepted (`accepted`)."""
    today = dt.date.today()
    key = (
        *content_key(framework, assessment),
        target,
        assessment.rater,
        assessment.name,
        confirmations,
        accepted,
        today,
    )
    return _PLANS.get(
        key,
        lambda: person_plan(
            framework,
            assessment,
            target=target,
            top=None,
            confirmations=confirmations,
            accepted=accepted,
            trust_on=today,
        ),
    )


def seed(key: str, value: Any) -> None:
    """Give a widget its value from the canonical state when it is drawn afresh."""
    if key not in state():
        state()[key] = value


def forget_widgets(framework: Framework, framework_changed: bool = False) -> None:
    """Drop the widgets' own state so the next draw seeds them from the canonical values (and, for a new
    framework, from its own stages and tracks)."""
    ss = state()
    if framework_changed:
        ss.pop(EXPLORE_STAGE, None)
        ss.pop(EXPLORE_TRACK, None)
    for skill_id in framework.skill_names:
        ss.pop(rating_key(skill_id), None)
        ss.pop(note_key(skill_id), None)
    for key in (TRACK_WIDGET, TARGET_WIDGET, NAME_WIDGET, NOTES_WIDGET, SECTIONS_WIDGET):
        ss.pop(key, None)


def forget_link() -> None:
    """The visitor changed what an opened share link carries: the address no longer holds the link (a
    reload would bring back the link's ratings, not theirs). Called where the change happens, because a
    rating reruns only its own section, not the shell that keeps the address."""
    state().pop(SHARED, None)
    for key in sharing.SHARE_KEYS:
        if key in st.query_params:
            del st.query_params[key]


def load(framework: Framework, assessment: Assessment) -> None:
    """Make an assessment the visitor's own: its track, target, name, rater, ratings and notes."""
    forget_link()
    ss = state()
    ss[TRACK] = assessment.track
    ss[TARGET] = assessment.target
    ss[NAME] = assessment.name or ""
    ss[RATER] = assessment.rater
    ss[RATINGS] = dict(assessment.ratings)
    ss[EVIDENCE] = dict(assessment.evidence)
    ss[ASSESSED_ON] = assessment.assessed_on
    forget_widgets(framework)


def reset(framework: Framework) -> None:
    """Start over: every rating, note, the name and the target cleared; the track stays."""
    forget_link()
    ss = state()
    ss[RATINGS], ss[EVIDENCE], ss[NAME], ss[TARGET] = {}, {}, "", None
    ss[RATER] = "self"
    ss[ASSESSED_ON] = None
    forget_widgets(framework)
    notify("info", "Started over: every rating and note is cleared.")


def notify(kind: str, words: str, detail: str = "") -> None:
    """Queue a message for the top of the next page drawn ('info', 'success', 'warning' or 'error'): the app's
    own words, and what they name (a file, a person, a note) as plain text (planner.ui.plain)."""
    state().setdefault(NOTICES, []).append((kind, words, detail))


def show_notice(notice: Notice) -> None:
    """Show one message (planner.ui.plain.Notice): its words, and what they name as plain text beneath."""
    plain.show(notice)


def show_notices() -> None:
    """Show queued messages once."""
    for notice in state().pop(NOTICES, []):
        show_notice(notice)
    state()[NOTICES] = []


# --- callbacks ------------------------------------------------------------------------------------------


def on_rating(skill_id: str) -> None:
    forget_link()
    state()[ASSESSED_ON] = None
    value = state().get(rating_key(skill_id))
    if value is None:
        ratings().pop(skill_id, None)
    else:
        ratings()[skill_id] = int(value)


def on_note(skill_id: str) -> None:
    state()[ASSESSED_ON] = None
    text = (state().get(note_key(skill_id)) or "").strip()
    if text:
        evidence()[skill_id] = text
    else:
        evidence().pop(skill_id, None)


def on_track() -> None:
    chosen = state().get(TRACK_WIDGET)
    if chosen:
        forget_link()
        state()[TRACK] = chosen


def on_name() -> None:
    state()[NAME] = (state().get(NAME_WIDGET) or "")[:NAME_LENGTH]


# --- files ----------------------------------------------------------------------------------------------


def load_file(framework: Framework, file_name: str, raw: bytes) -> list[str]:
    """Load a saved assessment file; the problems, one line each, when it cannot be used."""
    try:
        assessment = load_assessment(file_name, raw, framework)
    except InputError as exc:
        return [str(p) for p in exc.problems]
    load(framework, assessment)
    who = f" for {assessment.name}" if assessment.name else ""
    notify("success", f"Loaded {len(assessment.ratings)} ratings from:", f"{file_name}{who}")
    return []


_EXAMPLES: Memo[tuple[Path, ...]] = Memo(16)


def examples(track_id: str) -> list[Path]:
    """The example assessments shipped for a track, oldest first (their names sort by date). Looked up on
    every run of Assess and My plan: listed once until the directory changes."""
    try:
        changed = EXAMPLES_DIR.stat().st_mtime_ns
    except OSError:
        return []
    found = _EXAMPLES.get(
        (track_id, changed),
        lambda: tuple(sorted(p for p in EXAMPLES_DIR.glob(f"{track_id}-*.yaml") if p.is_file())),
    )
    return list(found)


def load_example(framework: Framework) -> None:
    """Load the newest example for the visitor's track (a callback)."""
    found = examples(state()[TRACK])
    if not found:
        notify("warning", "There is no example for this track.")
        return
    problems = load_file(framework, found[-1].name, found[-1].read_bytes())
    if problems:
        notify("error", "The example does not fit this framework:", "\n".join(problems))
