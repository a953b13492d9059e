"""The team report: everything `stagepath team` reports, computed once from one pass over the tracks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import Field, computed_field

from planner.common.result import Result
from planner.formats.groundwork import GroundworkRecord
from planner.formats.table import Team
from planner.framework import Framework
from planner.person.placement import SkillsMet
from planner.team.coverage import DEFAULT_MIN_COVERAGE, CoverageRow, coverage_on
from planner.team.floor import Breaches, breaches_of_record
from planner.team.hiring import HiringProfile, hiring_profiles
from planner.team.mentors import with_mentors
from planner.team.operating import BlockedBy, BuildItem, operating_on
from planner.team.placements import by_track, default_target_of, distribution_on, placements_on
from planner.team.staleness import StaleRatings, stale_ratings
from planner.team.trust import TeamTrust, confirmed_cells, team_trust


class TeamReport(Result):
    """The JSON form of `stagepath team`."""

    target: int
    people: int
    distribution: dict[str, dict[int, int]]
    floor_breaches: Breaches
    coverage: tuple[CoverageRow, ...]
    hiring_profiles: tuple[HiringProfile, ...]
    stale: StaleRatings = ()
    people_stage: int = 0
    capability_stage: int | None = None
    operating_stage: int = 0
    blocked_by: BlockedBy | None = None
    build: tuple[BuildItem, ...] = ()
    warnings: tuple[str, ...] = ()
    met: dict[str, dict[int, SkillsMet]] = Field(default_factory=dict)
    min_coverage: int = DEFAULT_MIN_COVERAGE  # the redundancy goal, before it is capped per track
    left_out: tuple[str, ...] = ()  # the problems that kept some inputs out of the report, one line each
    trusted: TeamTrust | None = None  # the stage distribution on confirmed ratings only

    @computed_field  # type: ignore[prop-decorator]
    @property
    def rests_on_one(self) -> tuple[dict[str, Any], ...]:
        """The thin rows: skills the team holds through fewer people than its goal, with who holds them
        and whom to develop as the next holder (none named: a second holder must be hired)."""
        return tuple(
            {
                "track": r.track,
                "skill": r.skill,
                "stage": r.stage,
                "expected": r.expected,
                "held_by": r.covered_by,
                "develop": r.develop,
                "hire_second": not r.develop,
            }
            for r in self.coverage
            if r.verdict == "thin"
        )


def summarise(
    framework: Framework,
    team: Team,
    target: int | None = None,
    min_coverage: int = DEFAULT_MIN_COVERAGE,
    today: dt.date | None = None,
    groundwork: GroundworkRecord | None = None,
    left_out: Sequence[str] = (),
    vouched: Mapping[str, Mapping[str, int]] | None = None,
) -> TeamReport:
    """Everything `stagepath team` reports. Without a target, `default_target` chooses one; given
    `today`, the ratings due for re-rating are listed; without a groundwork record the operating stage
    counts the people only (see planner.team.operating). `left_out` names the problems that kept some
    inputs out, so that the report says so at its top. `vouched` holds the levels colleagues vouch for
    (planner.person.trust.vouched_levels): with agreed assessments, what makes a rating confirmed."""
    record = team.of_record()
    on_tracks = by_track(framework, record)
    placed = placements_on(framework, len(record), on_tracks)
    goal = target if target is not None else default_target_of(framework, placed)
    cells = confirmed_cells(record, vouched)
    rows = with_mentors(
        record, on_tracks, coverage_on(record, on_tracks, goal, min_coverage, cells), max(framework.levels)
    )
    operating = operating_on(framework, record, on_tracks, groundwork, goal, min_coverage)
    return TeamReport(
        target=goal,
        people=len(record),
        distribution=distribution_on(framework, placed, on_tracks),
        floor_breaches=breaches_of_record(framework, record),
        coverage=rows,
        hiring_profiles=hiring_profiles(framework, rows, goal),
        stale=stale_ratings(framework, record, today) if today else (),
        min_coverage=min_coverage,
        left_out=tuple(str(p) for p in left_out),
        trusted=team_trust(framework, record, on_tracks, cells),
        **operating.report_fields(),
    )
