"""The rules of planner.person.placement over many people at once: each track's skills and expected levels as
arrays, the placement and readiness of every row, the stage distribution and the team's default target."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from planner.formats.table import Bools, Floats, Ints, Team
from planner.framework import Framework
from planner.framework.tracks import Track


@dataclass(frozen=True)
class TrackShape:
    """One track's skills (the floor first, then by stage) with their stage (0 for the floor) and the
    level each expects at every stage of the curve, as the columns of the team's ratings."""

    track: Track
    skills: tuple[str, ...]
    columns: Ints
    stage: Ints
    numbers: tuple[int, ...]  # the curve's stage numbers, in order: the rows of `levels`
    levels: Floats  # levels[i, j]: what skill j expects at stage numbers[i] (a ladder rises along i)

    def expected_at(self, stage: int) -> Floats:
        """The level each skill expects at `stage` (skills of later stages included; mask by `stage`)."""
        row: Floats = self.levels[self.numbers.index(stage)]
        return row


def track_shape(framework: Framework, team: Team, track: Track) -> TrackShape:
    """A track's skills as columns of the team's ratings: the floor (at its minimum), then every stage's,
    with the levels expected of them at each stage."""
    position = {skill: i for i, skill in enumerate(team.skills)}
    entries = framework.expectations(track)
    numbers = tuple(sorted(s.number for s in framework.curve.stages))
    levels = []
    for n in numbers:
        # The listing up to n is a prefix of the whole one; the skills after it are masked out at n.
        at = [e.level for e in framework.expectations(track, n)]
        levels.append(at + [e.level for e in entries[len(at) :]])
    return TrackShape(
        track=track,
        skills=tuple(e.id for e in entries),
        columns=np.array([position[e.id] for e in entries], dtype=np.int64),
        stage=np.array([e.stage for e in entries], dtype=np.int64),
        numbers=numbers,
        levels=np.array(levels, dtype=np.float64).reshape(len(numbers), len(entries)),
    )


def _rated(team: Team, rows: Bools, shape: TrackShape) -> Floats:
    """The track's ratings of these rows; unrated counts as 0."""
    rated = team.ratings.take(np.flatnonzero(rows), axis=0).take(shape.columns, axis=1)
    rated[np.isnan(rated)] = 0.0
    return rated


def judged_at(framework: Framework, shape: TrackShape, stage: int) -> Bools:
    """The track's skills stage `stage` judges: every skill of the stages up to it, and the floor from the
    stage it gates from. The one definition for a person, a team and the organisation."""
    judged: Bools = (shape.stage <= stage) & ((shape.stage > 0) | framework.floor_gates(stage))
    return judged


def _judged(framework: Framework, shape: TrackShape) -> Iterator[tuple[Bools, Floats]]:
    """For each stage on the curve, in order: which of the track's skills it judges and the levels it
    expects of them there (a ladder may have risen)."""
    for j, stage in enumerate(sorted(framework.curve.stages, key=lambda s: s.number)):
        counted = judged_at(framework, shape, stage.number)
        yield counted, shape.levels[j, counted]


def _placement(framework: Framework, shape: TrackShape, by_skill: Floats) -> Ints:
    """planner.person.placement's placement over many people at once (`by_skill`: the ratings, one row per skill
    of the track): the last stage of an unbroken run from the first whose every judged skill is met."""
    reachable = len(framework.reachable)
    met = np.ones((by_skill.shape[1], reachable), dtype=bool)
    for j, (counted, levels) in enumerate(itertools.islice(_judged(framework, shape), reachable)):
        met[:, j] = (by_skill[counted] >= levels[:, None]).all(axis=0)
    earned = np.cumprod(met, axis=1).sum(axis=1)
    numbers = list(framework.reachable)
    placed: Ints = np.array([0, *numbers], dtype=np.int64)[earned]
    return placed


def _readiness(framework: Framework, shape: TrackShape, by_skill: Floats) -> Floats:
    """planner.person.placement's readiness over many people at once, for every stage on the curve (one column
    per stage, in curve order): the share of the levels a stage expects that each person reaches."""
    readiness = np.ones((by_skill.shape[1], len(framework.curve.stages)), dtype=np.float64)
    for j, (counted, levels) in enumerate(_judged(framework, shape)):
        total_expected = float(levels.sum())
        if total_expected:
            readiness[:, j] = np.minimum(by_skill[counted], levels[:, None]).sum(axis=0) / total_expected
    return readiness


@dataclass(frozen=True)
class OnTrack:
    """The rows of a team on one track, with their ratings of its skills (unrated counts as 0)."""

    shape: TrackShape
    rows: Bools
    rated: Floats  # one row per person, one column per skill of the track

    @cached_property
    def by_skill(self) -> Floats:
        """`rated` with one row per skill: each skill's ratings lie in one run of memory, which the rules
        that go skill by skill or sum over a stage's skills read many times faster than a column."""
        return np.ascontiguousarray(self.rated.T)


def by_track(framework: Framework, team: Team) -> list[OnTrack]:
    """Each framework track with people in the team: which rows are on it and what they rated. Computed
    once per report and shared by its parts, since taking the ratings apart costs more than the rules."""
    tracks = team.rows["track"].to_numpy()
    out: list[OnTrack] = []
    for track in framework.tracks:
        rows = tracks == track.id
        if rows.any():
            shape = track_shape(framework, team, track)
            out.append(OnTrack(shape, rows, _rated(team, rows, shape)))
    return out


def placements_on(framework: Framework, people: int, on_tracks: Sequence[OnTrack]) -> Ints:
    """The placement of each of `people` rows, from tracks already taken apart by `by_track`."""
    out = np.zeros(people, dtype=np.int64)
    for on in on_tracks:
        out[on.rows] = _placement(framework, on.shape, on.by_skill)
    return out


def placements(framework: Framework, team: Team) -> Ints:
    """The placement of every row (0 for a track the framework does not know)."""
    return placements_on(framework, len(team), by_track(framework, team))


def readiness(framework: Framework, team: Team, stage: int) -> Floats:
    """The readiness of every row for one stage (0..1), as planner.person.placement.readiness defines it."""
    column = [s.number for s in sorted(framework.curve.stages, key=lambda s: s.number)].index(stage)
    out = np.zeros(len(team))
    for on in by_track(framework, team):
        out[on.rows] = _readiness(framework, on.shape, on.by_skill)[:, column]
    return out


def default_target_of(framework: Framework, placed: Ints) -> int:
    """`default_target` from placements already computed."""
    ordered = np.sort(placed)
    median = int(ordered[(len(ordered) - 1) // 2]) if len(ordered) else 0
    return max(1, min(median + 1, framework.ceiling))


def default_target(framework: Framework, team: Team) -> int:
    """The stage after the team's median placement (the lower median, so half the team is at or above
    it), never past the highest stage that is not aspirational; stage 1 for an empty team."""
    record = team.of_record()
    return default_target_of(framework, placements(framework, record))


def distribution_on(
    framework: Framework, placed: Ints, on_tracks: Sequence[OnTrack]
) -> dict[str, dict[int, int]]:
    """`distribution` from placements and tracks already computed."""
    out: dict[str, dict[int, int]] = {}
    for on in on_tracks:
        counts = np.bincount(placed[on.rows], minlength=framework.ceiling + 1)
        out[on.shape.track.id] = {stage: int(counts[stage]) for stage in range(framework.ceiling + 1)}
    return out


def distribution(framework: Framework, team: Team) -> dict[str, dict[int, int]]:
    """For each track with people on it, how many people are placed at each stage, 0 to the ceiling."""
    record = team.of_record()
    on_tracks = by_track(framework, record)
    return distribution_on(framework, placements_on(framework, len(record), on_tracks), on_tracks)


def placements_and_readiness_on(
    framework: Framework, people: int, on_tracks: Sequence[OnTrack]
) -> tuple[Ints, Floats]:
    """The placement of each of `people` rows and its readiness for every stage on the curve (one column
    per stage, in curve order; 0 for a track the framework does not know), from tracks taken apart."""
    placed = np.zeros(people, dtype=np.int64)
    ready = np.zeros((people, len(framework.curve.stages)), dtype=np.float64)
    for on in on_tracks:
        placed[on.rows] = _placement(framework, on.shape, on.by_skill)
        ready[on.rows] = _readiness(framework, on.shape, on.by_skill)
    return placed, ready
