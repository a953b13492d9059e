"""Coverage: for a target stage, who in the team holds each skill (is rated at or above its level), and
what to do where no one does or too few do.

A team *holds* a skill when at least one person on the track meets its level; the people's stage counts
what the team holds. `min_coverage` is a redundancy goal, capped per track at the number of people on it
(a track with one person is never asked for a second holder of what that person holds). Verdicts:
`covered` (holders reach the goal), `thin` (held, by fewer than the goal: the people within one level are
the next holders to develop, or, with no one, a second holder must be hired), `develop` (not held, someone
within one level), `hire` (not held, nobody within one level)."""

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
Verdict = Literal["covered", "thin", "develop", "hire"]
VERDICTS: tuple[Verdict, ...] = ("covered", "thin", "develop", "hire")


def redundancy_goal(min_coverage: int, people: int) -> int:
    """How many holders a skill of a track should have: `min_coverage`, capped at the people on the track."""
    return max(1, min(min_coverage, people))


def verdict_of(holders: int, goal: int, within_one: int) -> Verdict:
    """The verdict of one coverage row from its number of holders, its goal and how many people are one
    level below."""
    if holders >= goal:
        return "covered"
    if holders:
        return "thin"
    return "develop" if within_one else "hire"


class CoverageRow(Result):
    """One skill of one track against the target: who holds it, whether that reaches the track's goal of
    holders, and what to do when it does not. `develop` names the people one level below (for a thin row,
    the next holders; empty on a thin row means a second holder must be hired)."""

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
    held: bool = False
    goal: int = DEFAULT_MIN_COVERAGE

    @property
    def rests_on_one(self) -> bool:
        """Held by fewer people than the goal (a thin row): losing one holder loses the skill."""
        return self.verdict == "thin"


def coverage_on(
    record: Team, on_tracks: Sequence[OnTrack], target: int, min_coverage: int, confirmed: Bools | None = None
) -> tuple[CoverageRow, ...]:
    """`coverage` of a team already reduced to one assessment per person, its tracks taken apart;
    `confirmed[i, j]` says whether row i's rating of skill j is confirmed (by default: agreed ones)."""
    names = record.rows["name"].to_numpy()
    if confirmed is None:
        agreed = record.rows["rater"].isin(CONFIRMED_RATERS).to_numpy()
        confirmed = np.broadcast_to(agreed[:, None], record.ratings.shape)
    out: list[CoverageRow] = []
    for on in on_tracks:
        shape = on.shape
        chosen = shape.stage <= target
        rated = on.by_skill[chosen]  # one row per skill: each skill's people are one run of memory
        expected = shape.expected_at(target)[chosen][:, None]
        at_or_above = rated >= expected
        one_below = rated == expected - 1
        counts = at_or_above.sum(axis=1).tolist()
        below = one_below.sum(axis=1).tolist()
        people = names[on.rows]
        goal = redundancy_goal(min_coverage, len(people))
        holds_confirmed = at_or_above & confirmed[on.rows][:, shape.columns].T[chosen]
        stages = shape.stage[chosen].tolist()
        for j, skill in enumerate(np.array(shape.skills)[chosen].tolist()):
            verdict = verdict_of(counts[j], goal, below[j])
            develop = () if verdict == "covered" or not below[j] else tuple(people[one_below[j]].tolist())
            out.append(
                CoverageRow.model_construct(
                    track=shape.track.id,
                    skill=skill,
                    stage=stages[j],
                    expected=int(expected[j, 0]),
                    covered_by=tuple(people[at_or_above[j]].tolist()),
                    confirmed_by=tuple(people[holds_confirmed[j]].tolist()),
                    covered=verdict == "covered",
                    verdict=verdict,
                    develop=develop,
                    mentors=(),
                    held=counts[j] > 0,
                    goal=goal,
                )
            )
    return tuple(out)


def held_at_every_stage(on: OnTrack) -> Bools:
    """The holding rule for every stage at once: [i, j] says whether someone on the track is rated at or
    above the level skill j expects at stage `on.shape.numbers[i]` (masking skills of later stages is the
    caller's). Someone reaches a level exactly when the highest rating does, so one maximum per skill
    answers every stage."""
    levels = on.shape.levels
    if not on.rated.shape[0]:
        return np.zeros(levels.shape, dtype=bool)
    held: Bools = on.rated.max(axis=0)[None, :] >= levels
    return held


def coverage(
    framework: Framework, team: Team, target: int, min_coverage: int = DEFAULT_MIN_COVERAGE
) -> tuple[CoverageRow, ...]:
    """Per track with people on it, each floor skill and each skill at a stage up to the target: the people
    rated at or above the level it expects at the target (a ladder's rung there, not its first), and the
    verdict of the module's rules (`min_coverage` capped at the people on the track is the goal). People
    are counted once, with their assessment of record (see Team.of_record)."""
    record = team.of_record()
    return coverage_on(record, by_track(framework, record), target, min_coverage)
