"""When could a person reach stage N: an estimate, never a promise.

The open gap to stage N is the levels the person's ratings fall short of what the stage judges (every skill of
the stages up to it at its level there, and the floor where it gates: planner.person.placement.judged_at). Their
pace is their own history: between the earliest and the latest of their dated assessments, the levels their
ratings rose (each skill counted by how much it rose, a fall counting nothing) over the days between. The
estimate is today plus the days that pace needs for the open gap, rounded up (no date beyond HORIZON_YEARS); it
says so with its basis. With
fewer than two dated assessments, none of them apart in time, or no level gained, the history cannot tell, and
there is no date. Pure; today is passed in."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence

from planner.common.result import Result
from planner.framework import Framework
from planner.person.placement import judged_at

# The furthest an estimate names a date: beyond it, the pace says "not in any span worth planning for".
HORIZON_YEARS = 50

# One point of a person's history: the date of an assessment and its ratings.
Point = tuple[dt.date, Mapping[str, int]]


class Pace(Result):
    """Levels gained over days, from `since` to `until`."""

    since: dt.date
    until: dt.date
    levels: int
    days: int


class Estimate(Result):
    """When the person could reach `stage` at their own pace: `on` is None when they are there already
    (`gap` 0) or when their history cannot tell (`pace` None). `basis` says which, in a sentence."""

    stage: int
    gap: int
    on: dt.date | None
    pace: Pace | None
    basis: str

    @property
    def reached(self) -> bool:
        return self.gap == 0


def open_gap(framework: Framework, track: str, ratings: Mapping[str, int], stage: int) -> int:
    """The levels the ratings fall short of what stage `stage` judges on this track."""
    chosen = framework.track(track)
    if chosen is None:
        return 0
    return sum(max(0, e.level - ratings.get(e.id, 0)) for e in judged_at(framework, chosen, stage))


def pace(history: Sequence[Point]) -> Pace | None:
    """Levels gained between the earliest and the latest dated point, over the days between; None when the
    history cannot tell (fewer than two points, all on one day, or no level gained)."""
    if len(history) < 2:
        return None
    points = sorted(history, key=lambda p: p[0])
    (first_day, first), (last_day, last) = points[0], points[-1]
    days = (last_day - first_day).days
    levels = sum(max(0, level - first.get(skill, 0)) for skill, level in last.items())
    if days <= 0 or levels <= 0:
        return None
    return Pace(since=first_day, until=last_day, levels=levels, days=days)


def _no_basis(history: Sequence[Point]) -> str:
    if len(history) < 2:
        return "no basis: an estimate needs two dated assessments, some time apart"
    days = sorted(p[0] for p in history)
    if days[0] == days[-1]:
        return f"no basis: every assessment is dated {days[0].isoformat()}; a later one shows the pace"
    return (
        f"no basis: no level gained between {days[0].isoformat()} and {days[-1].isoformat()}, so the history "
        "cannot tell when"
    )


def estimate(
    framework: Framework,
    track: str,
    ratings: Mapping[str, int],
    stage: int,
    history: Sequence[Point],
    today: dt.date,
) -> Estimate:
    """When the ratings could reach stage `stage` at the pace of `history` (the person's dated assessments,
    the current one among them), counted from `today`."""
    gap = open_gap(framework, track, ratings, stage)
    if gap == 0:
        return Estimate(stage=stage, gap=0, on=None, pace=None, basis="reached: nothing open to this stage")
    found = pace(history)
    if found is None:
        return Estimate(stage=stage, gap=gap, on=None, pace=None, basis=_no_basis(history))
    days = math.ceil(gap * found.days / found.levels)
    basis = (
        f"at your pace since {found.since.isoformat()} ({_levels(found.levels)} in {found.days} days), "
        f"{_levels(gap)} open"
    )
    if days > HORIZON_YEARS * 365:
        return Estimate(
            stage=stage, gap=gap, on=None, pace=found, basis=f"{basis}: more than {HORIZON_YEARS} years away"
        )
    return Estimate(
        stage=stage,
        gap=gap,
        on=today + dt.timedelta(days=days),
        pace=found,
        basis=f"an estimate, not a promise: {basis}",
    )


def _levels(n: int) -> str:
    return f"{n} level{'s' if n != 1 else ''}"
