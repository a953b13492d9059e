"""Coverage: for a target stage, who in the team covers each skill, and for a skill too few cover,
whether to develop someone one level below or to hire."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np

from planner.common.result import Result
from planner.formats.table import Bools, Team
from planner.framework import Framework
from planner.person.trust import CONFIRMED_RATERS
from planner.team.placements import OnTrack, by_track

DEFAULT_MIN_COVERAGE = 2
Verdict = Literal["covered", "develop", "hire"]


class CoverageRow(Result):
    """One skill of one track against the target: who covers it and, when too few do, what to do."""

    track: str
    skill: str
    stage: int
    expected: int
    covered_by: tuple[str, ...]
    confirmed_by: tuple[str, ...]  # those of covered_by whose rating is confirmed (planner.person.trust)
    covered: bool
    verdict: Verdict
    develop: tuple[str, ...]
    mentors: tuple[str, ...] = ()  # filled in by planner.team.mentors


def coverage_on(
    record: Team, on_tracks: Sequence[OnTrack], target: int, min_coverage: int
) -> tuple[CoverageRow, ...]:
    """`coverage` of a team already reduced to one assessment per person, its tracks taken apart."""
    names = record.rows["name"].to_numpy()
    confirmed = record.rows["rater"].isin(CONFIRMED_RATERS).to_numpy()
    out: list[CoverageRow] = []
    for on in on_tracks:
        shape = on.shape
        chosen = shape.stage <= target
        rated = on.by_skill[chosen]  # one row per skill: each skill's people are one run of memory
        expected = shape.expected_at(target)[chosen][:, None]
        at_or_above = rated >= expected
        one_below = rated == expected - 1
        counts = at_or_above.sum(axis=1)
        people = names[on.rows]
        holds_confirmed = at_or_above & confirmed[on.rows]
        stages = shape.stage[chosen].tolist()
        for j, skill in enumerate(np.array(shape.skills)[chosen].tolist()):
            covered = bool(counts[j] >= min_coverage)
            develop = () if covered else tuple(people[one_below[j]].tolist())
            verdict: Verdict = "covered" if covered else "develop" if develop else "hire"
            out.append(
                CoverageRow.model_construct(
                    track=shape.track.id,
                    skill=skill,
                    stage=stages[j],
                    expected=int(expected[j, 0]),
                    covered_by=tuple(people[at_or_above[j]].tolist()),
                    confirmed_by=tuple(people[holds_confirmed[j]].tolist()),
                    covered=covered,
                    verdict=verdict,
                    develop=develop,
                )
            )
    return tuple(out)


def covered_at_every_stage(on: OnTrack, min_coverage: int) -> Bools:
    """The rule of `coverage` for every stage at once: [i, j] says whether skill j of the track is covered
    at the level it expects at stage `on.shape.numbers[i]` (masking skills of later stages is the caller's).
    At least `min_coverage` people rate a skill at or above a level exactly when the `min_coverage`-th
    highest rating reaches it, so one partial sort per track answers every stage."""
    levels = on.shape.levels
    people = on.rated.shape[0]
    if min_coverage <= 0:
        return np.ones(levels.shape, dtype=bool)
    if people < min_coverage:
        return np.zeros(levels.shape, dtype=bool)
    kth = people - min_coverage
    covered: Bools = np.partition(on.rated, kth, axis=0)[kth][None, :] >= levels
    return covered


def coverage(
    framework: Framework, team: Team, target: int, min_coverage: int = DEFAULT_MIN_COVERAGE
) -> tuple[CoverageRow, ...]:
    """Per track with people on it, each floor skill and each skill at a stage up to the target: the people
    rated at or above the level it expects at the target (a ladder's rung there, not its first). A skill is covered when at least `min_coverage` people are; an
    uncovered one is to develop when someone is one level below expected (they are listed), else to hire.
    People are counted once, with their assessment of record (see Team.of_record)."""
    record = team.of_record()
    return coverage_on(record, by_track(framework, record), target, min_coverage)
