"""The organisation at once: people grouped by team, each team's figures side by side, and one hiring plan
across the teams, ranked by how many teams a hire would unblock.

The rules are the team's (planner.team: placement, holding and coverage at the level for the target, the
redundancy goal capped per team and track, thin, develop or hire, the people's stage) applied to every team at once: the ratings are taken apart by track once for the whole
organisation and every count is a sum per team over those arrays, so that 100,000 people in 1,000 teams
cost about as much as one team of 100,000. tests/org/test_org.py checks every team's figures against the
one-team rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner.common.result import Result
from planner.formats.groundwork import GroundworkRecord
from planner.formats.table import Bools, Floats, Ints, Team
from planner.framework import Framework
from planner.team.coverage import DEFAULT_MIN_COVERAGE
from planner.team.mentors import MentorPair, MentorPairs, can_mentor
from planner.team.operating import build_items, capability_stage, lower_stage
from planner.team.placements import (
    OnTrack,
    by_track,
    default_target_of,
    judged_at,
    placements_and_readiness_on,
)
from planner.team.staleness import StaleRatings, stale_mask, stale_ratings
from planner.team.trust import confirmed_cells, confirmed_counts

# The team of people whose input names none.
NO_TEAM = "(no team)"
GROUNDWORK_UNKNOWN = (
    "No groundwork is recorded for these teams, so each operating stage is its people's stage and no "
    "build verdicts are counted."
)
TEAMS_NAMED = 5  # in the warning about teams without a record; the table marks every one


def groundwork_warning(framework: Framework, teams: Sequence[str], unrecorded: Sequence[str]) -> str | None:
    """What the report says about groundwork not recorded: nothing when the framework lists no
    capabilities or every team has a record; for all teams the general line; else the teams without one."""
    if not framework.capabilities or not unrecorded:
        return None
    if len(unrecorded) == len(teams):
        return GROUNDWORK_UNKNOWN
    named = ", ".join(unrecorded[:TEAMS_NAMED])
    more = f" and {len(unrecorded) - TEAMS_NAMED} more" if len(unrecorded) > TEAMS_NAMED else ""
    which = "team has" if len(unrecorded) == 1 else "teams have"
    return (
        f"{len(unrecorded)} {which} no groundwork recorded ({named}{more}), so their operating stage is "
        "their people's stage and no build verdicts are counted for them."
    )


class OrgTeam(Result):
    """One team beside the others. `readiness` is the team's mean readiness for each stage (0..1);
    `floor_breaches` counts floor skills rated below the minimum, person by person; `operating_stage` is
    the lower of `people_stage` and `capability_stage` (planner.team.operating); `capability_stage` and
    `build` (capabilities not in place at the target) are None where no groundwork is recorded."""

    team: str
    people: int
    distribution: dict[str, dict[int, int]]
    floor_breaches: int
    people_stage: int
    capability_stage: int | None
    operating_stage: int
    develop: int
    hire: int
    build: int | None
    stale: int
    readiness: dict[int, float]
    thin: int = 0
    confirmed: int = 0  # of the team's ratings, those confirmed (planner.team.trust, as for the team report)
    of: int = 0  # the team's ratings: skills of each person's track given a rating


class HireRow(Result):
    """A skill some teams must hire for at the target: which teams, and how many of them it unblocks (the
    skill is one of the gaps that keep the team from the stage after its operating stage)."""

    track: str
    skill: str
    stage: int
    teams: tuple[str, ...]
    unblocks: int


class OrgReport(Result):
    """The JSON form of `stagepath org`."""

    target: int
    people: int
    teams: tuple[OrgTeam, ...]
    hiring_plan: tuple[HireRow, ...]
    mentoring: MentorPairs
    stale: StaleRatings
    warnings: tuple[str, ...]
    left_out: tuple[str, ...] = ()  # the problems that kept some inputs out of the report, one line each


@dataclass(frozen=True)
class _Groups:
    """The organisation's people as teams: a team code per person (teams sorted by name) and, per track,
    the order that puts its people team by team, so that a per-team sum is a difference of running sums."""

    names: tuple[str, ...]
    codes: Ints

    def sums(self, codes: Ints, values: np.ndarray) -> np.ndarray:
        """Per team, the column sums of `values` (one row per person of `codes`): teams x columns."""
        order = np.argsort(codes, kind="stable")
        running = np.zeros((len(codes) + 1, values.shape[1]), dtype=np.result_type(values.dtype, np.int64))
        np.cumsum(values[order], axis=0, out=running[1:])
        bounds = np.searchsorted(codes[order], np.arange(len(self.names) + 1))
        out: np.ndarray = running[bounds[1:]] - running[bounds[:-1]]
        return out


def _groups(record: Team) -> _Groups:
    labels = record.rows["team"].to_numpy(dtype=object).copy()
    labels[labels == ""] = NO_TEAM
    codes, names = pd.factorize(labels, sort=True)
    return _Groups(tuple(str(n) for n in names), codes.astype(np.int64))


@dataclass(frozen=True)
class _Track:
    """One track across the teams: its people's team codes, how many of each team's people are on it,
    and, per reachable stage, which of its skills each team holds at the level for that stage."""

    on: OnTrack
    codes: Ints
    present: Bools
    covered: dict[int, Bools]  # stage -> teams x skills held
    size: Ints


def _held(groups: _Groups, on: OnTrack, codes: Ints, levels: Floats) -> Bools:
    counts = groups.sums(codes, (on.rated >= levels).astype(np.int64))
    held: Bools = counts >= 1
    return held


def _tracks(
    framework: Framework,
    groups: _Groups,
    on_tracks: Sequence[OnTrack],
    stages: Sequence[int],
) -> list[_Track]:
    out = []
    for on in on_tracks:
        codes = groups.codes[on.rows]
        size = np.bincount(codes, minlength=len(groups.names)).astype(np.int64)
        present = size > 0
        seen: dict[bytes, Bools] = {}  # a level listing met before (no ladder rung between) is not recounted
        covered = {}
        for stage in stages:
            levels = on.shape.expected_at(stage)
            key = levels.tobytes()
            if key not in seen:
                seen[key] = _held(groups, on, codes, levels)
            covered[stage] = seen[key]
        out.append(_Track(on, codes, present, covered, size))
    return out


def people_stages(framework: Framework, groups: _Groups, tracks: Sequence[_Track]) -> Ints:
    """Per team, the highest stage s such that, for every track it has people on, every skill judged at s
    is held at its level for s (the people's stage of planner.team.operating), reached in order."""
    reachable = framework.reachable
    met = np.ones((len(groups.names), len(reachable)), dtype=bool)
    for i, stage in enumerate(reachable):
        for track in tracks:
            judged = judged_at(framework, track.on.shape, stage)
            met[:, i] &= ~track.present | track.covered[stage][:, judged].all(axis=1)
    earned = np.cumprod(met, axis=1).sum(axis=1)
    stages: Ints = np.concatenate([[0], reachable]).astype(np.int64)[earned]
    return stages


@dataclass(frozen=True)
class _Verdicts:
    """Per track, at the target: which skills are in the coverage rows, and per team which are thin, to
    develop and to hire (only for teams with people on the track), by planner.team.coverage's rules."""

    chosen: Bools
    develop: Bools  # teams x skills
    hire: Bools
    thin: Bools
    below: Bools  # teams x skills: someone of the team is one level below


def _verdicts(groups: _Groups, track: _Track, target: int, min_coverage: int) -> _Verdicts:
    on = track.on
    chosen = on.shape.stage <= target
    levels = on.shape.expected_at(target)
    counts = groups.sums(track.codes, (on.rated >= levels).astype(np.int64))
    below = groups.sums(track.codes, (on.rated == levels - 1).astype(np.int64)) > 0
    goal = np.clip(np.minimum(min_coverage, track.size), 1, None)[:, None]
    judged = chosen & track.present[:, None]
    open_ = (counts == 0) & judged
    thin = (counts > 0) & (counts < goal) & judged
    return _Verdicts(chosen, open_ & below, open_ & ~below, thin, below)


def _hiring_plan(
    framework: Framework,
    groups: _Groups,
    tracks: Sequence[_Track],
    verdicts: Sequence[_Verdicts],
    operating: Ints,
) -> tuple[HireRow, ...]:
    """One row per (track, skill, stage) some team must hire for: the teams and how many of them the hire
    unblocks; the most unblocked first, then the most teams, then by stage and framework order."""
    reachable = framework.reachable
    following = np.minimum(operating + 1, framework.ceiling)
    rows: list[tuple[int, int, int, int, HireRow]] = []
    for t, (track, verdict) in enumerate(zip(tracks, verdicts, strict=True)):
        shape = track.on.shape
        # Per team, the skills not covered (and judged) at the stage after its operating stage.
        blocking = np.zeros_like(verdict.hire)
        for stage in reachable:
            teams = (following == stage) & (operating < framework.ceiling)
            blocking[teams] = ~track.covered[stage][teams] & judged_at(framework, track.on.shape, stage)
        for j in np.flatnonzero(verdict.hire.any(axis=0)).tolist():
            hire = verdict.hire[:, j]
            names = tuple(np.array(groups.names, dtype=object)[hire].tolist())
            unblocks = int((hire & blocking[:, j]).sum())
            row = HireRow(
                track=shape.track.id,
                skill=shape.skills[j],
                stage=int(shape.stage[j]),
                teams=names,
                unblocks=unblocks,
            )
            rows.append((-unblocks, -len(names), t, j, row))
    rows.sort(key=lambda r: r[:4])
    return tuple(r[4] for r in rows)


def _distributions(
    framework: Framework, groups: _Groups, tracks: Sequence[_Track], placed: Ints
) -> list[dict[str, dict[int, int]]]:
    width = framework.ceiling + 1
    out: list[dict[str, dict[int, int]]] = [{} for _ in groups.names]
    for track in tracks:
        on = track.on
        counts = np.bincount(track.codes * width + placed[on.rows], minlength=len(groups.names) * width)
        table = counts.reshape(len(groups.names), width).tolist()
        for t in np.flatnonzero(track.present).tolist():
            out[t][on.shape.track.id] = dict(enumerate(table[t]))
    return out


def _floor_breaches(framework: Framework, groups: _Groups, record: Team) -> Ints:
    floor = framework.curve.floor
    position = {skill: i for i, skill in enumerate(record.skills)}
    rated = record.ratings[:, [position[s.id] for s in floor.skills]]
    below = (np.nan_to_num(rated, nan=0.0) < floor.minimum).sum(axis=1)
    breaches: Ints = np.bincount(groups.codes, weights=below, minlength=len(groups.names)).astype(np.int64)
    return breaches


def mentoring(
    framework: Framework,
    groups: _Groups,
    record: Team,
    tracks: Sequence[_Track],
    verdicts: Sequence[_Verdicts],
    target: int,
) -> tuple[MentorPair, ...]:
    """For every person a team is to develop in a skill (not held, or a thin one's next holder), a mentor:
    from their own team where someone can
    mentor it (planner.team.mentors), else from another team; mentors are dealt out in turn, most skilled
    first, so no one mentor takes everyone."""
    names = record.rows["name"].to_numpy(dtype=object)
    teams = np.array(groups.names, dtype=object)
    top = max(framework.levels)
    out: list[MentorPair] = []
    for track, verdict in zip(tracks, verdicts, strict=True):
        on = track.on
        people = names[on.rows]
        levels = on.shape.expected_at(target)
        learn = verdict.develop | (verdict.thin & verdict.below)
        for j in np.flatnonzero(learn.any(axis=0)).tolist():
            rated = on.rated[:, j]
            codes = track.codes
            learners = np.flatnonzero((rated == levels[j] - 1) & learn[codes, j])
            learners = learners[np.argsort(codes[learners], kind="stable")]
            able = np.flatnonzero(can_mentor(rated, levels[j], top))
            # Mentors team by team, most skilled first; and across the organisation, most skilled first.
            own = able[np.lexsort((able, -rated[able], codes[able]))]
            anyone = able[np.lexsort((able, -rated[able]))]
            first = np.searchsorted(codes[own], np.arange(len(groups.names) + 1))
            team_of = codes[learners]
            in_team = (first[1:] - first[:-1])[team_of]
            turn = np.arange(len(learners)) - np.searchsorted(team_of, team_of)
            mentor = np.full(len(learners), -1)
            mine = in_team > 0
            mentor[mine] = own[first[team_of[mine]] + turn[mine] % in_team[mine]]
            if len(anyone):
                mentor[~mine] = anyone[np.arange(int((~mine).sum())) % len(anyone)]
            paired = mentor >= 0
            learners, mentor = learners[paired], mentor[paired]
            count = len(learners)
            out += map(
                MentorPair,
                [on.shape.track.id] * count,
                [on.shape.skills[j]] * count,
                people[learners].tolist(),
                people[mentor].tolist(),
                teams[codes[learners]].tolist(),
                teams[codes[mentor]].tolist(),
            )
    return tuple(out)


def organise(
    framework: Framework,
    people: Team,
    target: int | None = None,
    min_coverage: int = DEFAULT_MIN_COVERAGE,
    today: dt.date | None = None,
    groundwork: Mapping[str, GroundworkRecord] | None = None,
    left_out: Sequence[object] = (),
    vouched: Mapping[str, Mapping[str, int]] | None = None,
) -> OrgReport:
    """Everything `stagepath org` reports. `vouched` (planner.person.trust.vouched_levels) with the agreed
    assessments makes the ratings confirmed that each team counts. Without a target, the stage after the organisation's median
    placement; given `today`, the ratings due for re-rating; given each team's groundwork record (by team
    name), its capability stage, operating stage and build count (a team without one counts its people)."""
    record = people.of_record()
    groups = _groups(record)
    on_tracks = by_track(framework, record)
    placed, ready = placements_and_readiness_on(framework, len(record), on_tracks)
    goal = target if target is not None else default_target_of(framework, placed)
    stages = sorted({*framework.reachable, goal})
    tracks = _tracks(framework, groups, on_tracks, stages)
    verdicts = [_verdicts(groups, t, goal, min_coverage) for t in tracks]
    people_at = people_stages(framework, groups, tracks)
    records = [(groundwork or {}).get(name) for name in groups.names]
    capabilities = [capability_stage(framework, r) if r is not None else None for r in records]
    operating = np.array(
        [lower_stage(framework, int(p), c) for p, c in zip(people_at, capabilities, strict=True)],
        dtype=np.int64,
    )
    build = [len(build_items(framework, r, goal)) if r is not None else None for r in records]
    size = np.bincount(groups.codes, minlength=len(groups.names))
    develop = sum((v.develop.sum(axis=1) for v in verdicts), np.zeros(len(groups.names), dtype=np.int64))
    hire = sum((v.hire.sum(axis=1) for v in verdicts), np.zeros(len(groups.names), dtype=np.int64))
    thin = sum((v.thin.sum(axis=1) for v in verdicts), np.zeros(len(groups.names), dtype=np.int64))
    stale = stale_mask(framework, record, today) if today else np.zeros(record.ratings.shape, dtype=bool)
    stale_counts = np.bincount(groups.codes, weights=stale.sum(axis=1), minlength=len(groups.names))
    mean_ready = groups.sums(groups.codes, ready) / size[:, None]
    numbers = [s.number for s in sorted(framework.curve.stages, key=lambda s: s.number)]
    breaches = _floor_breaches(framework, groups, record)
    confirmed, rated = confirmed_counts(on_tracks, record, confirmed_cells(record, vouched))
    team_confirmed = np.bincount(groups.codes, weights=confirmed, minlength=len(groups.names))
    team_rated = np.bincount(groups.codes, weights=rated, minlength=len(groups.names))
    distributions = _distributions(framework, groups, tracks, placed)
    teams = tuple(
        OrgTeam(
            team=name,
            people=int(size[t]),
            distribution=distributions[t],
            floor_breaches=int(breaches[t]),
            people_stage=int(people_at[t]),
            capability_stage=capabilities[t],
            operating_stage=int(operating[t]),
            develop=int(develop[t]),
            hire=int(hire[t]),
            build=build[t],
            stale=int(stale_counts[t]),
            readiness={n: round(float(mean_ready[t, i]), 3) for i, n in enumerate(numbers)},
            thin=int(thin[t]),
            confirmed=int(team_confirmed[t]),
            of=int(team_rated[t]),
        )
        for t, name in enumerate(groups.names)
    )
    warning = groundwork_warning(
        framework, groups.names, [n for n, r in zip(groups.names, records, strict=True) if r is None]
    )
    return OrgReport(
        target=goal,
        people=len(record),
        teams=teams,
        hiring_plan=_hiring_plan(framework, groups, tracks, verdicts, operating),
        mentoring=mentoring(framework, groups, record, tracks, verdicts, goal),
        stale=stale_ratings(framework, record, today) if today else (),
        warnings=(warning,) if warning else (),
        left_out=tuple(str(p) for p in left_out),
    )
