"""What is stored, as the viewer may see it: the teams, the people (of one team), one person's history and
a team's snapshots, read for the pages and the command line alike. And the organisation as stored:
everyone's latest assessment, each person in the team it was stored under, for the teams the viewer may
see. One reader for `stagepath org --database` and the Organisation page, so both show a viewer the same
teams: the storage layer filters the people (planner.storage), and only the teams the viewer may see are
kept (an administrator and single-user mode: every team; a manager: theirs)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner.formats.access import Viewer
from planner.formats.groundwork import GroundworkRecord, known_only
from planner.formats.table import Team, team_from_assessments
from planner.framework import Framework
from planner.team.operating import operating_stage

if TYPE_CHECKING:  # storage is imported only where the store is used: reading files needs none of it
    from planner.storage import Store
    from planner.storage.snapshots import StoredSnapshot


def teams(store: Store, viewer: Viewer | None) -> list[str]:
    """The name of every team the viewer may see, sorted."""
    return store.teams(viewer=viewer)


def people(store: Store, viewer: Viewer | None, team: str | None = None) -> list[str]:
    """Everyone the viewer may see (of one team's members when `team` is given), by name."""
    return store.people(team=team, viewer=viewer)


def history(store: Store, viewer: Viewer | None, person: str) -> list[StoredSnapshot]:
    """Every snapshot of one person (by identity) the viewer may see, oldest first, none retracted."""
    return store.history(person, viewer=viewer)


def team_snapshots(
    store: Store, viewer: Viewer | None, team: str | None, with_history: bool
) -> list[StoredSnapshot]:
    """The snapshots of a team's members (of everyone with `team` None) the viewer may see, by name: every one
    of them `with_history` (one query), else each person's latest."""
    read = store.snapshots if with_history else store.latest
    return read(team=team, viewer=viewer)


def visible_snapshots(store: Store, viewer: Viewer | None) -> list[StoredSnapshot]:
    """The latest snapshot of each person the viewer may see, in a team the viewer may see. People stored
    under no team are shown only to those who see everything."""
    teams = set(store.teams(viewer))
    everything = viewer is None or viewer.administrator
    return [s for s in store.latest(viewer=viewer) if s.team in teams or (s.team is None and everything)]


def _on_known_tracks(
    framework: Framework, snapshots: list[StoredSnapshot]
) -> tuple[list[StoredSnapshot], str | None]:
    """The snapshots on tracks this framework has, and a note of those left out (None when none are)."""
    known = {t.id for t in framework.tracks}
    usable = [s for s in snapshots if s.track in known]
    if len(usable) == len(snapshots):
        return usable, None
    others = sorted({s.track for s in snapshots if s.track not in known})
    return usable, (
        f"{len(snapshots) - len(usable)} stored assessment(s) on tracks this framework does not have "
        f"({', '.join(others)}) are left out."
    )


def stored_team(framework: Framework, snapshots: list[StoredSnapshot]) -> tuple[Team, str | None]:
    """One stored team as the Team page and `stagepath team --database` read it: the people of these
    snapshots, dated (an undated snapshot takes the day it was stored), as one team table; and a note of
    the snapshots left out for tracks this framework does not have (None when there are none)."""
    usable, note = _on_known_tracks(framework, snapshots)
    return team_from_assessments(framework, [s.assessment(dated=True) for s in usable]), note


def stored_org(framework: Framework, snapshots: list[StoredSnapshot]) -> tuple[Team, str | None]:
    """The people of these snapshots as one team table with their teams, and a note of the snapshots left
    out for tracks this framework does not have (None when there are none)."""
    usable, note = _on_known_tracks(framework, snapshots)
    assessments = [s.assessment().model_copy(update={"name": s.name, "team": s.team}) for s in usable]
    return team_from_assessments(framework, assessments), note


def visible_groundwork(
    framework: Framework, store: Store, viewer: Viewer | None
) -> dict[str, GroundworkRecord]:
    """The latest stored groundwork record of each team the viewer may see (the same record the Team page
    loads for a stored team), without capability ids this framework does not know."""
    latest = {g.team: g for g in store.groundwork(viewer=viewer)}  # oldest first: the last one wins
    return {team: known_only(framework, g.record()) for team, g in latest.items()}


def operating_stages(
    framework: Framework, store: Store, viewer: Viewer, target: int
) -> list[tuple[str, int]]:
    """The operating stage of each team the viewer manages whose groundwork is recorded, read now through
    the viewer's current grants (the caller handles a StorageError)."""
    out: list[tuple[str, int]] = []
    for team in sorted(viewer.teams):
        record = store.latest_groundwork(team, viewer)
        people = [s.assessment() for s in store.latest(team, viewer)]
        if record is not None and people:
            result = operating_stage(
                framework, team_from_assessments(framework, people), record.record(), target
            )
            out.append((team, result.operating_stage))
    return out
