"""A team's plan: the people read from files or from the store as the viewer may see them, and the one team
report (`planner.team.summary`) that `stagepath team`, the Team page and its exports all show; beside it
what the Team page shows that does not depend on the target (the team in detail), each person's progress
toward the target, the ratings due for re-rating, mentor pairs and the support to plan for."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from planner.common.problems import Problem
from planner.formats.access import Viewer
from planner.formats.confirmations import Confirmation
from planner.formats.groundwork import GroundworkRecord
from planner.formats.inputs import TeamInput, read_team_input
from planner.formats.table import Team, concat
from planner.framework import Framework
from planner.person.trust import vouched_levels
from planner.service.groundwork import stored_groundwork
from planner.service.person import stored_confirmations
from planner.service.stored import stored_team
from planner.team.averages import SkillAverage, skill_averages
from planner.team.calibration import Calibration, calibration
from planner.team.coverage import DEFAULT_MIN_COVERAGE, CoverageRow
from planner.team.floor import TeamFloorBreach, floor_breaches
from planner.team.hiring import HiringProfile
from planner.team.mentors import MentorPair, pairs
from planner.team.placements import default_target, distribution
from planner.team.progress import PersonProgress, progress
from planner.team.staleness import StaleRating, stale_ratings
from planner.team.summary import TeamReport, summarise
from planner.team.support import SUPPORT_FACT, Support, support_needed
from planner.team.trust import PersonTrust
from planner.team.trust import people_trust as trust_of_people

if TYPE_CHECKING:  # storage is imported only where the store is used: reading files needs none of it
    from planner.storage import Store

__all__ = [
    "SUPPORT_FACT",
    "Calibration",
    "CoverageRow",
    "FilesRead",
    "HiringProfile",
    "MentorPair",
    "PersonProgress",
    "PersonTrust",
    "SkillAverage",
    "StaleRating",
    "StoredTeam",
    "Support",
    "TeamDetails",
    "TeamFloorBreach",
    "TeamReport",
    "combine",
    "mentor_pairs",
    "people_trust",
    "ratings_due",
    "stored_confirmations",
    "support_to_plan",
    "team_details",
    "team_of_files",
    "team_of_store",
    "team_progress",
    "team_report",
    "team_target",
]


@dataclass(frozen=True, eq=False)
class FilesRead:
    """A team read from input files: everyone of the valid assessments, the problems found, how many roster
    rows were left out for them, how many files were refused whole, and how many files there were."""

    team: Team
    problems: tuple[Problem, ...]
    rows_left_out: int
    refused: int
    files: int


def combine(framework: Framework, reads: Sequence[TeamInput]) -> FilesRead:
    """The team of several inputs already read (each once, by `read_team_input`)."""
    problems: list[Problem] = []
    parts: list[Team] = []
    rows_left_out = refused = 0
    for read in reads:
        problems += read.problems
        rows_left_out += read.rows_left_out
        if read.team is None:
            refused += 1
        else:
            parts.append(read.team)
    return FilesRead(concat(framework, parts), tuple(problems), rows_left_out, refused, len(reads))


def team_of_files(framework: Framework, files: Iterable[tuple[str, bytes]]) -> FilesRead:
    """The team of these files (assessment files and rosters, by name and content)."""
    return combine(framework, [read_team_input(name, raw, framework) for name, raw in files])


@dataclass(frozen=True, eq=False)
class StoredTeam:
    """One stored team as the viewer may see it: every snapshot of its members, dated, its latest groundwork
    record (None when none is stored), notes of what was left out, and the confirmations asked for its
    members that the viewer may see."""

    team: Team
    groundwork: GroundworkRecord | None
    notes: tuple[str, ...]
    confirmations: tuple[Confirmation, ...] = ()


def team_of_store(framework: Framework, store: Store, name: str, viewer: Viewer | None) -> StoredTeam:
    """One stored team read as the Team page and `stagepath team --database` read it. A team the viewer may
    not see reads as one with nobody stored, so the answer says nothing of whether it exists."""
    team, note = stored_team(framework, store.snapshots(team=name, viewer=viewer))
    return StoredTeam(
        team,
        stored_groundwork(framework, store, name, viewer),
        (note,) if note else (),
        stored_confirmations(store, viewer, team=name),
    )


def people_trust(
    framework: Framework, team: Team, confirmations: Iterable[Confirmation] = (), today: dt.date | None = None
) -> list[PersonTrust]:
    """Each person's placement beside their placement on confirmed ratings, with k of n ratings confirmed:
    the Team page's table of who stands where on confirmed ratings."""
    return trust_of_people(framework, team, vouched_levels(framework, confirmations, today))


def team_report(
    framework: Framework,
    team: Team,
    target: int | None = None,
    min_coverage: int = DEFAULT_MIN_COVERAGE,
    today: dt.date | None = None,
    groundwork: GroundworkRecord | None = None,
    left_out: Sequence[object] = (),
    confirmations: Iterable[Confirmation] = (),
) -> TeamReport:
    """The team report for these people: what `stagepath team` prints and the Team page exports; what was
    left out of the inputs (`left_out`, problems or notes) is said at its top. The target is the one given,
    else the one the team's groundwork record was saved with, else the engine's default. Ratings are
    confirmed by agreed assessments and by `confirmations` still within their period as of `today`."""
    return summarise(
        framework,
        team,
        team_target(framework, target, groundwork),
        min_coverage,
        today=today,
        groundwork=groundwork,
        left_out=[str(p) for p in left_out],
        vouched=vouched_levels(framework, confirmations, today),
    )


def team_target(framework: Framework, target: int | None, groundwork: GroundworkRecord | None) -> int | None:
    """The stage a team is planned for: the one asked for, else the one saved with its groundwork record
    (when it is on this framework's curve); None leaves the default to the engine."""
    if target is not None:
        return target
    saved = groundwork.target if groundwork is not None else None
    return saved if saved is not None and framework.stage(saved) is not None else None


@dataclass(frozen=True, eq=False)
class TeamDetails:
    """What the Team page shows of a team whatever the target: everyone's assessment of record, the stage
    distribution by track, the floor breaches, the target chosen when none is given, the support to plan
    for, self against manager calibration and each skill's average rating (both over groups of at least
    `min_group` people)."""

    record: Team
    distribution: dict[str, dict[int, int]]
    breaches: tuple[TeamFloorBreach, ...]
    default_target: int
    support: Support | None
    calibration: Calibration
    averages: tuple[SkillAverage, ...]


def team_details(framework: Framework, team: Team, min_group: int) -> TeamDetails:
    """The team in detail (see TeamDetails); `team` holds every assessment, calibration reads them all."""
    record = team.of_record()
    return TeamDetails(
        record=record,
        distribution=distribution(framework, record),
        breaches=floor_breaches(framework, record),
        default_target=default_target(framework, record),
        support=support_to_plan(framework, len(record)),
        calibration=calibration(framework, team, min_group),
        averages=skill_averages(framework, record, min_group),
    )


def support_to_plan(framework: Framework, people: int) -> Support | None:
    """How many of this many people to plan extra support for (None when the framework gives no share)."""
    return support_needed(framework, people)


def team_progress(framework: Framework, team: Team, target: int) -> tuple[PersonProgress, ...]:
    """Each person's readiness for the target over their dated assessments."""
    return progress(framework, team, target)


def ratings_due(framework: Framework, record: Team, today: dt.date) -> tuple[StaleRating, ...]:
    """The ratings of these assessments of record older than the framework's review period as of `today`,
    oldest first (the report's `stale` list)."""
    return stale_ratings(framework, record, today)


def mentor_pairs(rows: Sequence[CoverageRow], team: str = "") -> tuple[MentorPair, ...]:
    """Each person the coverage rows ask to develop, with a mentor from those rows (dealt out in turn)."""
    return pairs(rows, team)
