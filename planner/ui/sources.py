"""Where a Team page roster comes from: uploaded files (assessments and CSV rosters) or the database, each
read once per content and cached (st.cache_resource, keyed by SHA-256, or by the database, its change count, team, history
and the viewer of the run that asks). The store itself is the server's one store per database
(planner.ui.access_gate.store)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from planner.common.problems import Problem
from planner.formats.access import Viewer
from planner.formats.confirmations import Confirmation
from planner.formats.inputs import TeamInput, read_team_input
from planner.formats.table import Team
from planner.framework import Framework
from planner.service.stored import stored_team, team_snapshots
from planner.service.team import combine, stored_confirmations
from planner.ui import access_gate
from planner.ui.caching import by_content
from planner.views.team_tables import team_key

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
    """A roster chosen from the database: one team (or everyone), its latest snapshots or its history. Only
    the choice: what it holds is read for the viewer of each run (`from_store`), never kept with it."""

    team: str
    url: str
    history: bool
    stamp: int


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
    # The confirmations asked for its people that the viewer may see (none for files), and their digest.
    confirmations: tuple[Confirmation, ...] = ()

    @property
    def confirmations_key(self) -> str:
        return hashlib.sha256(repr(self.confirmations).encode()).hexdigest()


@by_content(4096)
def read_file(_framework: Framework, digest: str, name: str, sha: str, _raw: bytes) -> TeamInput:
    """One input, read as the command line reads it (planner.formats.inputs), once per content."""
    return read_team_input(name, _raw, _framework)


@by_content(16)
def from_files(
    _framework: Framework, digest: str, keys: tuple[tuple[str, str], ...], _files: Files
) -> Loaded:
    read = combine(_framework, [read_file(_framework, digest, u.name, u.sha, u.raw) for u in _files.files])
    return Loaded(
        read.team,
        team_key(read.team),
        len(read.team.of_record()),
        read.problems,
        read.rows_left_out,
        read.refused,
        read.files,
    )


@by_content(8)
def from_store(
    _framework: Framework, digest: str, source: Stored, viewer: Viewer | None, changes: int
) -> Loaded:
    """The stored roster as `viewer` may see it, dated (an undated snapshot takes the day it was stored) so
    progress can be seen. The viewer, with their teams as they are now, is part of the cache key: no one is
    served a roster read for someone else, or for themselves when their roles were different. So is the
    database's change count (`access_gate.changes`): a write from any process reads it again."""
    store = access_gate.store(source.url)
    team = source.team or None
    snapshots = team_snapshots(store, viewer, team, source.history)
    loaded, note = stored_team(_framework, snapshots)
    notes = (note,) if note else ()
    confirmations = stored_confirmations(store, viewer, team=team)
    return Loaded(
        loaded, team_key(loaded), len(loaded.of_record()), (), 0, 0, len(snapshots), notes, confirmations
    )
