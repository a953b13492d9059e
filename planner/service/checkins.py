"""Check-ins and confirmations, step by step: a manager opens a check-in for a member of their team, the
person shares a saved self-assessment, a manager reviews it and the person agrees; a person asks a colleague
to confirm one skill at a level and the colleague answers. The use cases behind the Check-ins page, each a
row of its own in the store (planner.storage.checkins), which decides for the viewer handed to it whether
they may take the step, raising Refused or AccessDenied saying why not."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING

from planner.formats.access import Viewer
from planner.framework import Framework

if TYPE_CHECKING:  # storage is imported only where the store is used
    from planner.storage import Store
    from planner.storage.checkins import StoredCheckIn, StoredConfirmation
    from planner.storage.snapshots import StoredSnapshot

__all__ = [
    "agree",
    "answer",
    "ask",
    "check_in_candidates",
    "check_ins",
    "confirmation_requests",
    "open_check_in",
    "review",
    "share",
    "shareable",
]


def check_ins(store: Store, viewer: Viewer | None) -> list[StoredCheckIn]:
    """The check-ins the viewer may see (their own, their teams' people's), oldest first, with their steps."""
    return store.check_ins(viewer)


def confirmation_requests(store: Store, viewer: Viewer | None) -> list[StoredConfirmation]:
    """The confirmation requests the viewer may see (theirs, those asked of them, their teams'), oldest
    first, each with its answer."""
    return store.confirmations(viewer)


def shareable(store: Store, viewer: Viewer) -> tuple[list[StoredSnapshot], list[str]]:
    """What the viewer may share in a check-in: their own saved self-assessments, oldest first, and the teams
    they are a member of (whose managers they share with)."""
    saved = [s for s in store.history(viewer.person, viewer=viewer) if s.rater == "self"]
    return saved, store.teams_of(viewer.person, viewer)


def check_in_candidates(store: Store, viewer: Viewer, team: str) -> list[str]:
    """The people of a team the viewer may open a check-in for: its members they may see, but themself."""
    return [p for p in store.people(team=team, viewer=viewer) if not viewer.owns(p)]


def open_check_in(store: Store, viewer: Viewer | None, person: str, team: str) -> int:
    """A manager of `team` opens a check-in for one of its members; its id."""
    return store.open_check_in(person, team, viewer=viewer)


def share(store: Store, viewer: Viewer | None, snapshot: int, team: str) -> int:
    """The person shares one of their saved self-assessments with the managers of `team`; the check-in's id."""
    return store.share(snapshot, team, viewer=viewer)


def review(
    store: Store,
    viewer: Viewer | None,
    framework: Framework,
    check_in: int,
    ratings: Mapping[str, int],
    proposed: Mapping[str, int],
    notes: Mapping[str, str],
    today: dt.date | None = None,
) -> int:
    """A manager rates each skill beside the person's own and proposes the level to agree (a note wherever
    the two ratings differ); the step's id."""
    return store.review(check_in, ratings, proposed, notes, framework, viewer=viewer, today=today)


def agree(
    store: Store, viewer: Viewer | None, framework: Framework, check_in: int, today: dt.date | None = None
) -> int:
    """The person agrees the latest review: the proposed levels are stored as an `agreed` assessment; its id."""
    return store.agree(check_in, framework, viewer=viewer, today=today)


def ask(
    store: Store,
    viewer: Viewer | None,
    framework: Framework,
    person: str,
    skill: str,
    level: int,
    asked_of: str,
    evidence: str,
    today: dt.date | None = None,
) -> int:
    """A person asks a colleague (by e-mail) to confirm one skill at a level, with a line of evidence; the
    request's id."""
    return store.ask(person, skill, level, asked_of, evidence, framework, viewer=viewer, today=today)


def answer(
    store: Store, viewer: Viewer | None, request: int, given: str | int, today: dt.date | None = None
) -> None:
    """The colleague asked answers: `confirmed`, `declined`, or the level they saw; once."""
    store.answer(request, given, viewer=viewer, today=today)
