"""Where a Team page roster comes from: uploaded files (assessments and CSV rosters) or the database, each
read once per content and cached (st.cache_resource, keyed by SHA-256 or by the database, team, history
and viewer), and the store the page writes to."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st

from planner.access import Viewer
from planner.assessment import load_assessment
from planner.documents import MAX_BYTES
from planner.framework import Framework
from planner.problems import InputError, Problem
from planner.roster import MAX_ROSTER_BYTES, read_roster
from planner.storage import (
    NAME_LENGTH,
    StorageError,
    Store,
    StoredSnapshot,
)
from planner.team.table import Team, concat, team_from_assessments
from planner.views.team_tables import (
    team_key,
)

EVERYONE = ""  # the database option for every stored person, whatever their team


@dataclass(frozen=True)
class Upload:
    """One uploaded file: its name, the SHA-256 of its bytes (the cache key) and the bytes."""

    name: str
    sha: str
    raw: bytes = field(repr=False, compare=False)

    @classmethod
    def of(cls, name: str, raw: bytes) -> Upload:
        return cls(name, hashlib.sha256(raw).hexdigest(), raw)


@dataclass(frozen=True)
class Files:
    """A roster read from files: uploads, or the sample."""

    label: str
    files: tuple[Upload, ...]
    sample: bool = False


@dataclass(frozen=True)
class Stored:
    """A roster read from the database: one team (or everyone), its latest snapshots or its history."""

    team: str
    url: str
    history: bool
    stamp: int
    # Whose view (None in single-user mode): part of the cache key, so no one is served another's roster.
    viewer: Viewer | None = None


@dataclass(frozen=True, eq=False)
class Loaded:
    """The roster in use: every assessment read (a person may have several), what was left out and why."""

    team: Team
    key: str
    people: int
    problems: tuple[Problem, ...]
    rows_left_out: int
    files_refused: int
    inputs: int
    notes: tuple[str, ...] = ()


def _is_roster(name: str) -> bool:
    return name.lower().endswith(".csv")


@st.cache_resource(max_entries=4096, show_spinner=False)
def read_file(
    _framework: Framework, digest: str, name: str, sha: str, _raw: bytes
) -> tuple[Team | None, tuple[Problem, ...], int]:
    """One input: the team it gives (None when refused as a whole), its problems, the rows left out."""
    try:
        if _is_roster(name):
            roster = read_roster(name, _raw, _framework, MAX_ROSTER_BYTES)
            return roster.team, roster.problems, len(roster.left_out)
        assessment = load_assessment(name, _raw, _framework, MAX_BYTES)
    except InputError as exc:
        return None, exc.problems, 0
    if not assessment.name:  # named after its file, as the command line does
        assessment = assessment.model_copy(update={"name": Path(name).stem[:NAME_LENGTH] or "unnamed"})
    return team_from_assessments(_framework, [assessment]), (), 0


@st.cache_resource(max_entries=16, show_spinner=False)
def from_files(
    _framework: Framework, digest: str, keys: tuple[tuple[str, str], ...], _files: Files
) -> Loaded:
    parts: list[Team] = []
    problems: list[Problem] = []
    rows_left_out = refused = 0
    for upload in _files.files:
        team, found, left_out = read_file(_framework, digest, upload.name, upload.sha, upload.raw)
        problems += found
        rows_left_out += left_out
        if team is None:
            refused += 1
        else:
            parts.append(team)
    team = concat(_framework, parts)
    return Loaded(
        team,
        team_key(team),
        len(team.of_record()),
        tuple(problems),
        rows_left_out,
        refused,
        len(_files.files),
    )


@st.cache_resource(max_entries=8, show_spinner=False)
def from_store(_framework: Framework, digest: str, source: Stored) -> Loaded:
    """The stored roster, dated (an undated snapshot takes the day it was stored) so progress can be seen."""
    store = open_store(source.url)
    team = source.team or None
    # Every snapshot in one query (Store.history reads one person per query), filtered for the viewer.
    read = store.snapshots if source.history else store.latest
    snapshots: list[StoredSnapshot] = read(team=team, viewer=source.viewer)
    known = {t.id for t in _framework.tracks}
    usable = [s for s in snapshots if s.track in known]
    notes: tuple[str, ...] = ()
    if len(usable) < len(snapshots):
        others = sorted({s.track for s in snapshots if s.track not in known})
        notes = (
            f"{len(snapshots) - len(usable)} stored assessment(s) on tracks this framework does not have "
            f"({', '.join(others)}) are left out.",
        )
    loaded = team_from_assessments(_framework, [s.assessment(dated=True) for s in usable])
    return Loaded(loaded, team_key(loaded), len(loaded.of_record()), (), 0, 0, len(snapshots), notes)


@st.cache_resource(max_entries=4, show_spinner=False)
def open_store(url: str) -> Store:
    return Store(url)


def storage_message(exc: Exception) -> str:
    if isinstance(exc, StorageError):
        return str(exc)
    original = getattr(exc, "orig", None)
    lines = str(original if original is not None else exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
