"""The Team page's engine results and charts, cached by content (st.cache_resource; planner.views.memo says
why): what does not depend on the target, what does, and each figure with the table behind it (plotly
takes tens of milliseconds to build a figure)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

import pandas as pd

from planner.formats.confirmations import Confirmation
from planner.formats.groundwork import GroundworkRecord
from planner.formats.table import Team
from planner.framework import Framework
from planner.service.groundwork import OperatingStage, team_operating
from planner.service.team import (
    CoverageRow,
    HiringProfile,
    PersonProgress,
    PersonTrust,
    TeamDetails,
    TeamReport,
    team_details,
    team_progress,
    team_report,
)
from planner.service.team import people_trust as service_people_trust
from planner.ui.caching import by_content
from planner.ui.screens.team.figures import counts_figure, distribution_figure, heatmap_figure
from planner.views.team_tables import (
    HEATMAP_PEOPLE,
    Grid,
    breach_frame,
    counts_frame,
    coverage_frame,
    distribution_frame,
    grid_frame,
    heatmap_grid,
    level_counts,
    smallest_group_shown,
    with_history,
)

BREACHES_SHOWN = 200
PEOPLE_VIEW, LEVELS_VIEW = "people", "levels"


@dataclass(frozen=True, eq=False)
class Basics(TeamDetails):
    """What does not depend on the target: the team in detail (planner.service.team), its head count and the
    table of its first floor breaches."""

    people: int
    breach_table: pd.DataFrame


@dataclass(frozen=True, eq=False)
class AtTarget:
    coverage: tuple[CoverageRow, ...]
    profiles: tuple[HiringProfile, ...]
    progress: tuple[PersonProgress, ...]


@by_content(16)
def basics(_framework: Framework, digest: str, key: str, _team: Team, min_group: int) -> Basics:
    # The page shows each person beside the averages (the heatmap, self against manager).
    details = team_details(_framework, _team, smallest_group_shown(min_group, each_person_shown=True))
    return Basics(
        **{f.name: getattr(details, f.name) for f in fields(details)},
        people=len(details.record),
        breach_table=breach_frame(_framework, details.breaches, BREACHES_SHOWN),
    )


@by_content(64)
def report(
    _framework: Framework,
    digest: str,
    key: str,
    _team: Team,
    groundwork_key: str,
    _groundwork: GroundworkRecord | None,
    target: int,
    min_coverage: int,
    today: dt.date,
    confirmations_key: str = "",
    _confirmations: tuple[Confirmation, ...] = (),
) -> TeamReport:
    """The team report (planner.service.team): what `stagepath team` prints for the same people, groundwork
    record (`groundwork_key` names its content), target, redundancy goal, day and confirmations
    (`confirmations_key` names them)."""
    return team_report(
        _framework,
        _team,
        target,
        min_coverage,
        today=today,
        groundwork=_groundwork,
        confirmations=_confirmations,
    )


@by_content(16)
def people_trust(
    _framework: Framework,
    digest: str,
    key: str,
    _team: Team,
    today: dt.date,
    confirmations_key: str,
    _confirmations: tuple[Confirmation, ...],
) -> list[PersonTrust]:
    """Each person's placement beside their placement on confirmed ratings (planner.service.team)."""
    return service_people_trust(_framework, _team, _confirmations, today)


@by_content(64)
def at_target(
    _framework: Framework,
    digest: str,
    key: str,
    _team: Team,
    _report: TeamReport,
    target: int,
    min_coverage: int,
) -> AtTarget:
    """The report's coverage and hiring profiles, with each person's progress toward the target."""
    return AtTarget(
        coverage=_report.coverage,
        profiles=_report.hiring_profiles,
        progress=tuple(with_history(team_progress(_framework, _team, target))),
    )


@by_content(64)
def operating(
    _framework: Framework,
    digest: str,
    key: str,
    _team: Team,
    groundwork_key: str,
    _groundwork: GroundworkRecord | None,
    target: int,
    min_coverage: int,
) -> OperatingStage:
    """The team's operating stage with this groundwork record (`groundwork_key` names its content)."""
    return team_operating(_framework, _team, _groundwork, target, min_coverage)


# --- charts and their tables, cached by content (plotly takes tens of milliseconds to build a figure) -------


@by_content(16)
def distribution_chart(
    _framework: Framework, digest: str, key: str, _basics: Basics
) -> tuple[Any, pd.DataFrame]:
    return (
        distribution_figure(_framework, _basics.distribution),
        distribution_frame(_framework, _basics.distribution),
    )


@by_content(64)
def skills_chart(
    _framework: Framework,
    digest: str,
    key: str,
    _basics: Basics,
    min_group: int,
    track: str,
    target: int,
    view: str,
) -> tuple[Any, pd.DataFrame, Grid]:
    """The heatmap of people (the first HEATMAP_PEOPLE) or of level counts (everyone), with its numbers."""
    if view == LEVELS_VIEW:
        grid = level_counts(_framework, _basics.record, track, target)
        return counts_figure(_framework, grid), counts_frame(_framework, grid), grid
    grid = heatmap_grid(_framework, _basics.record, track, target, HEATMAP_PEOPLE)
    averages = tuple(a for a in _basics.averages if a.track == track)
    return heatmap_figure(_framework, grid), grid_frame(_framework, grid, averages), grid


@by_content(64)
def coverage_table(
    _framework: Framework,
    digest: str,
    key: str,
    _result: AtTarget,
    target: int,
    min_coverage: int,
    gaps_only: bool,
) -> pd.DataFrame:
    frame = coverage_frame(_framework, _result.coverage, gaps_only=gaps_only)
    frame["Verdict"] = [[v] for v in frame["Verdict"]]  # a one-chip list: the column shows it as a chip
    return frame
