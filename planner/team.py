"""Team planning: a team's assessments as one table, and the rules a manager reads from it: the stage
distribution per track, floor breaches, per-skill coverage against a target stage, develop-or-hire, hiring
profiles and candidate fit, self-versus-manager calibration, progress over time and how many people to plan
support for.

Pure functions over models and arrays; no I/O. The rules are computed column by column over numpy arrays so
that a team of 100,000 costs a few hundred milliseconds, not minutes; tests check them against the
one-person rules in planner.placement."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal, overload

import numpy as np
import numpy.typing as npt
import pandas as pd
from pydantic import BaseModel, ConfigDict, PlainSerializer, PlainValidator

from planner.assessment import Assessment, Rater
from planner.framework import Framework, Track
from planner.problems import InputError

DEFAULT_MIN_COVERAGE = 2
DEFAULT_MIN_GROUP = 3
SUPPORT_FACT = "comfortable-shift-share"
CALIBRATION_THRESHOLD = 0.5
# Which rating counts when one person has several on the same day: a manager's, then a peer's, then their own.
RATER_RANK: dict[str, int] = {"self": 0, "peer": 1, "manager": 2}

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]
Verdict = Literal["covered", "develop", "hire"]


# --- the team as a table ----------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Team:
    """A team's assessments: one row per assessment (a person may have several: self, manager, dated).

    `rows` has the columns name, track, rater and assessed_on (NaT when undated); `ratings` has one column
    per skill of the framework, in `skills` order, NaN where a skill is unrated. Build one with
    `team_from_assessments`, `make_team` or planner.roster.read_roster; treat it as immutable.
    """

    rows: pd.DataFrame
    ratings: Floats
    skills: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def names(self) -> list[str]:
        return [str(n) for n in self.rows["name"].tolist()]

    def take(self, positions: npt.ArrayLike) -> Team:
        """The rows at these positions (or where a boolean mask is true), in that order."""
        index = np.asarray(positions)
        if index.dtype == np.bool_:
            index = np.flatnonzero(index)
        return Team(self.rows.iloc[index].reset_index(drop=True), self.ratings[index], self.skills)

    def ratings_frame(self) -> pd.DataFrame:
        """Ratings as a DataFrame, one row per assessment, one column per skill id (NaN where unrated)."""
        return pd.DataFrame(self.ratings, columns=list(self.skills), index=pd.Index(self.names, name="name"))

    def of_record(self) -> Team:
        """One row per person: the latest dated assessment (undated ones count as oldest), on a tie a
        manager's over a peer's over the person's own, then the one given last. People keep the order in
        which they first appear."""
        if self.rows["name"].is_unique:
            return self
        order = pd.DataFrame(
            {
                "first": self.rows.groupby("name", sort=False).ngroup().to_numpy(),
                "date": self.rows["assessed_on"].to_numpy(),
                "rank": self.rows["rater"].map(RATER_RANK).to_numpy(),
                "position": np.arange(len(self.rows)),
            }
        )
        latest = order.sort_values(["first", "date", "rank", "position"], na_position="first", kind="stable")
        kept = latest.drop_duplicates("first", keep="last")
        return self.take(kept["position"].to_numpy())

    def assessments(self) -> list[Assessment]:
        """Each row as an assessment document (rated skills only), e.g. to store a roster."""
        out: list[Assessment] = []
        skills = np.array(self.skills, dtype=object)
        dates = self.rows["assessed_on"]
        for i, (name, track, rater) in enumerate(
            zip(self.rows["name"], self.rows["track"], self.rows["rater"], strict=True)
        ):
            rated = ~np.isnan(self.ratings[i])
            ratings = dict(
                zip(skills[rated].tolist(), self.ratings[i][rated].astype(int).tolist(), strict=True)
            )
            when = dates.iloc[i]
            out.append(
                Assessment(
                    name=str(name),
                    track=str(track),
                    rater=rater,
                    assessed_on=None if pd.isna(when) else when.date(),
                    ratings=ratings,
                )
            )
        return out


def _dates(values: Sequence[dt.date | None]) -> pd.Series:
    """Dates as datetime64 (NaT where undated), the type pandas sorts and compares quickly."""
    return pd.to_datetime(pd.Series(list(values), dtype=object), errors="coerce").astype("datetime64[ns]")


def _column(values: Sequence[str] | pd.Series) -> pd.Series:
    return pd.Series(
        values.to_numpy(dtype=object) if isinstance(values, pd.Series) else list(values), dtype=object
    )


def make_team(
    framework: Framework,
    names: Sequence[str] | pd.Series,
    tracks: Sequence[str] | pd.Series,
    raters: Sequence[str] | pd.Series,
    assessed_on: Sequence[dt.date | None] | pd.Series,
    ratings: Floats,
) -> Team:
    """A team from columns; `ratings` has one column per framework skill id, in framework order."""
    skills = tuple(framework.skill_names)
    if ratings.shape != (len(names), len(skills)):
        raise ValueError(f"ratings are {ratings.shape}; expected {(len(names), len(skills))}")
    dates = assessed_on if isinstance(assessed_on, pd.Series) else _dates(assessed_on)
    rows = pd.DataFrame(
        {
            "name": _column(names),
            "track": _column(tracks),
            "rater": _column(raters),
            "assessed_on": pd.Series(dates.to_numpy(dtype="datetime64[ns]")),
        }
    )
    return Team(rows, np.asarray(ratings, dtype=np.float64), skills)


def empty_team(framework: Framework) -> Team:
    return make_team(framework, [], [], [], [], np.empty((0, len(framework.skill_names))))


def team_from_assessments(
    framework: Framework, assessments: Sequence[Assessment], names: Sequence[str] | None = None
) -> Team:
    """A team from assessments that fit the framework. A person's name comes from the assessment, else
    from `names` (e.g. the file it came from). Ratings of skills the framework does not know (an older
    framework's, in stored history) are left out."""
    skills = list(framework.skill_names)
    column = {skill: i for i, skill in enumerate(skills)}
    ratings = np.full((len(assessments), len(skills)), np.nan)
    labels: list[str] = []
    for i, assessment in enumerate(assessments):
        name = assessment.name or (names[i] if names is not None else None)
        if not name:
            raise ValueError(f"assessment {i + 1} has no name; a team needs a name for every person")
        labels.append(name)
        for skill, value in assessment.ratings.items():
            if skill in column:
                ratings[i, column[skill]] = value
    return make_team(
        framework,
        labels,
        [a.track for a in assessments],
        [a.rater for a in assessments],
        [a.assessed_on for a in assessments],
        ratings,
    )


def concat(framework: Framework, teams: Iterable[Team]) -> Team:
    """Several teams (a roster and some files, say) as one."""
    parts = [t for t in teams if len(t)]
    if not parts:
        return empty_team(framework)
    if len(parts) == 1:
        return parts[0]
    rows = pd.concat([t.rows for t in parts], ignore_index=True)
    return Team(rows, np.vstack([t.ratings for t in parts]), parts[0].skills)


# --- the framework's numbers for one track, as arrays ------------------------------------------------------


@dataclass(frozen=True)
class _Shape:
    """One track's skills (the floor first, then by stage) with their stage (0 for the floor) and the
    level each expects, as the columns of the team's ratings."""

    track: Track
    skills: tuple[str, ...]
    columns: Ints
    stage: Ints
    expected: Floats


def _shape(framework: Framework, team: Team, track: Track) -> _Shape:
    position = {skill: i for i, skill in enumerate(team.skills)}
    floor = framework.curve.floor
    entries = [(0, s.id, floor.minimum) for s in floor.skills]
    entries += [(number, k.id, k.expected) for number, k in track.skills_through(10**6)]
    return _Shape(
        track=track,
        skills=tuple(e[1] for e in entries),
        columns=np.array([position[e[1]] for e in entries], dtype=np.int64),
        stage=np.array([e[0] for e in entries], dtype=np.int64),
        expected=np.array([e[2] for e in entries], dtype=np.float64),
    )


def _rated(team: Team, rows: Bools, shape: _Shape) -> Floats:
    """The track's ratings of these rows; unrated counts as 0."""
    rated = team.ratings.take(np.flatnonzero(rows), axis=0).take(shape.columns, axis=1)
    rated[np.isnan(rated)] = 0.0
    return rated


def _placement_and_readiness(framework: Framework, shape: _Shape, rated: Floats) -> tuple[Ints, Floats]:
    """The rules of planner.placement over many people at once: the placement of each, and the readiness
    of each for every stage on the curve (one column per stage, in curve order)."""
    curve = framework.curve
    floor = curve.floor
    people = rated.shape[0]
    # One row per skill, so that the skills of a stage are whole rows and summing them runs along memory.
    capped = np.ascontiguousarray(np.minimum(rated, shape.expected).T)
    reached = np.ascontiguousarray((rated >= shape.expected).T)
    is_floor = shape.stage == 0
    floor_ok = reached[is_floor].all(axis=0)
    floor_met = capped[is_floor].sum(axis=0)
    floor_expected = float(shape.expected[is_floor].sum())

    stages = sorted(curve.stages, key=lambda s: s.number)
    reachable: list[int] = []
    for stage in stages:
        if stage.aspirational or stage.number > framework.ceiling:
            break
        reachable.append(stage.number)
    met = np.ones((people, len(reachable)), dtype=bool)
    readiness = np.ones((people, len(stages)), dtype=np.float64)
    so_far_met = np.zeros(people)
    so_far_expected = 0.0
    for j, stage in enumerate(stages):
        here = shape.stage == stage.number
        so_far_met = so_far_met + capped[here].sum(axis=0)
        so_far_expected += float(shape.expected[here].sum())
        total_met, total_expected = so_far_met, so_far_expected
        gated = stage.number >= floor.gates_from_stage
        if gated:
            total_met, total_expected = so_far_met + floor_met, so_far_expected + floor_expected
        if total_expected:
            readiness[:, j] = total_met / total_expected
        if j < len(reachable):
            met[:, j] = reached[here].all(axis=0)
            if gated:
                met[:, j] &= floor_ok
    earned = np.cumprod(met, axis=1).sum(axis=1)
    placed = np.concatenate([[0], reachable]).astype(np.int64)[earned]
    return placed, readiness


@dataclass(frozen=True)
class _OnTrack:
    """The rows of a team on one track, with their ratings of its skills (unrated counts as 0)."""

    shape: _Shape
    rows: Bools
    rated: Floats


def _by_track(framework: Framework, team: Team) -> list[_OnTrack]:
    """Each framework track with people in the team: which rows are on it and what they rated. Computed
    once per report and shared by its parts, since taking the ratings apart costs more than the rules."""
    tracks = team.rows["track"].to_numpy()
    out: list[_OnTrack] = []
    for track in framework.tracks:
        rows = tracks == track.id
        if rows.any():
            shape = _shape(framework, team, track)
            out.append(_OnTrack(shape, rows, _rated(team, rows, shape)))
    return out


def _placements(framework: Framework, people: int, on_tracks: Sequence[_OnTrack]) -> Ints:
    out = np.zeros(people, dtype=np.int64)
    for on in on_tracks:
        out[on.rows] = _placement_and_readiness(framework, on.shape, on.rated)[0]
    return out


def placements(framework: Framework, team: Team) -> Ints:
    """The placement of every row (0 for a track the framework does not know)."""
    return _placements(framework, len(team), _by_track(framework, team))


def readiness(framework: Framework, team: Team, stage: int) -> Floats:
    """The readiness of every row for one stage (0..1), as planner.placement.readiness defines it."""
    column = [s.number for s in sorted(framework.curve.stages, key=lambda s: s.number)].index(stage)
    out = np.zeros(len(team))
    for on in _by_track(framework, team):
        out[on.rows] = _placement_and_readiness(framework, on.shape, on.rated)[1][:, column]
    return out


# --- results ----------------------------------------------------------------------------------------------


class Result(BaseModel):
    model_config = ConfigDict(frozen=True)


@dataclass(frozen=True, slots=True)
class TeamFloorBreach:
    """A floor skill one person rates below the minimum. A plain frozen dataclass, not a pydantic model:
    a large team has hundreds of thousands of these, and building models would cost more than the rules."""

    name: str
    skill: str
    rating: int
    minimum: int


class FloorBreaches(Sequence[TeamFloorBreach]):
    """Floor breaches kept as four columns. A large team has hundreds of thousands; the team report holds
    them like this and writes its JSON straight from the columns, so that a TeamFloorBreach is made only
    for the breaches a reader takes out (by index, slice or iteration)."""

    __slots__ = ("_minimums", "_names", "_ratings", "_skills")

    def __init__(
        self, names: Sequence[str], skills: Sequence[str], ratings: Sequence[int], minimums: Sequence[int]
    ) -> None:
        self._names, self._skills = tuple(names), tuple(skills)
        self._ratings, self._minimums = tuple(ratings), tuple(minimums)

    @property
    def _columns(self) -> tuple[tuple[str, ...], tuple[str, ...], tuple[int, ...], tuple[int, ...]]:
        return self._names, self._skills, self._ratings, self._minimums

    @classmethod
    def of(cls, breaches: Iterable[TeamFloorBreach]) -> FloorBreaches:
        """Any breaches as columns (FloorBreaches are kept as they are)."""
        if isinstance(breaches, FloorBreaches):
            return breaches
        items = list(breaches)
        return cls(
            [b.name for b in items],
            [b.skill for b in items],
            [b.rating for b in items],
            [b.minimum for b in items],
        )

    def __len__(self) -> int:
        return len(self._names)

    @overload
    def __getitem__(self, index: int) -> TeamFloorBreach: ...

    @overload
    def __getitem__(self, index: slice) -> FloorBreaches: ...

    def __getitem__(self, index: int | slice) -> TeamFloorBreach | FloorBreaches:
        if isinstance(index, slice):
            return FloorBreaches(
                self._names[index], self._skills[index], self._ratings[index], self._minimums[index]
            )
        return TeamFloorBreach(
            self._names[index], self._skills[index], self._ratings[index], self._minimums[index]
        )

    def __iter__(self) -> Iterator[TeamFloorBreach]:
        return iter(self.as_tuple())

    def as_tuple(self) -> tuple[TeamFloorBreach, ...]:
        """Every breach as a TeamFloorBreach."""
        return tuple(map(TeamFloorBreach, *self._columns))

    def records(self) -> list[dict[str, str | int]]:
        """Each breach as {name, skill, rating, minimum}, the form the JSON report gives."""
        return [
            {"name": name, "skill": skill, "rating": rating, "minimum": minimum}
            for name, skill, rating, minimum in zip(*self._columns, strict=True)
        ]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FloorBreaches):
            return self._columns == other._columns
        return isinstance(other, Sequence) and self.as_tuple() == tuple(other)

    def __hash__(self) -> int:
        return hash(self._columns)

    def __repr__(self) -> str:
        return f"FloorBreaches({len(self)} breaches)"


def _breach_records(breaches: Sequence[TeamFloorBreach]) -> list[dict[str, str | int]]:
    return FloorBreaches.of(breaches).records()


# The report's breaches: any sequence of TeamFloorBreach, held as FloorBreaches, written as a list of records.
Breaches = Annotated[
    Sequence[TeamFloorBreach],
    PlainValidator(FloorBreaches.of),
    PlainSerializer(_breach_records, return_type=Any),
]


class CoverageRow(Result):
    """One skill of one track against the target: who covers it and, when too few do, what to do."""

    track: str
    skill: str
    stage: int
    expected: int
    covered_by: tuple[str, ...]
    covered: bool
    verdict: Verdict
    develop: tuple[str, ...]


class ProfileSkill(Result):
    skill: str
    name: str
    stage: int
    expected: int


class InterviewPrompt(Result):
    skill: str
    prompt: str


class HiringProfile(Result):
    """Whom to hire: the skills a candidate must and should bring, and what to ask them."""

    track: str
    stage: int
    must_have: tuple[ProfileSkill, ...]
    nice_to_have: tuple[ProfileSkill, ...]
    interview: tuple[InterviewPrompt, ...]


class TeamReport(Result):
    """The JSON form of `stagepath team`."""

    target: int
    people: int
    distribution: dict[str, dict[int, int]]
    floor_breaches: Breaches
    coverage: tuple[CoverageRow, ...]
    hiring_profiles: tuple[HiringProfile, ...]


# --- distribution, floor, coverage, hiring ------------------------------------------------------------------


def _default_target(framework: Framework, placed: Ints) -> int:
    ordered = np.sort(placed)
    median = int(ordered[(len(ordered) - 1) // 2]) if len(ordered) else 0
    return max(1, min(median + 1, framework.ceiling))


def default_target(framework: Framework, team: Team) -> int:
    """The stage after the team's median placement (the lower median, so half the team is at or above
    it), never past the highest stage that is not aspirational; stage 1 for an empty team."""
    record = team.of_record()
    return _default_target(framework, placements(framework, record))


def _distribution(
    framework: Framework, placed: Ints, on_tracks: Sequence[_OnTrack]
) -> dict[str, dict[int, int]]:
    out: dict[str, dict[int, int]] = {}
    for on in on_tracks:
        counts = np.bincount(placed[on.rows], minlength=framework.ceiling + 1)
        out[on.shape.track.id] = {stage: int(counts[stage]) for stage in range(framework.ceiling + 1)}
    return out


def distribution(framework: Framework, team: Team) -> dict[str, dict[int, int]]:
    """For each track with people on it, how many people are placed at each stage, 0 to the ceiling."""
    record = team.of_record()
    on_tracks = _by_track(framework, record)
    return _distribution(framework, _placements(framework, len(record), on_tracks), on_tracks)


def _floor_breaches(framework: Framework, record: Team) -> FloorBreaches:
    floor = framework.curve.floor
    position = {skill: i for i, skill in enumerate(record.skills)}
    ids = [s.id for s in floor.skills]
    rated = record.ratings.take([position[s] for s in ids], axis=1)
    rated[np.isnan(rated)] = 0.0
    people, skills = np.nonzero(rated < floor.minimum)
    return FloorBreaches(
        np.asarray(record.rows["name"].to_numpy(), dtype=object)[people].tolist(),
        np.array(ids, dtype=object)[skills].tolist(),
        rated[people, skills].astype(int).tolist(),
        [floor.minimum] * len(people),
    )


def floor_breaches(framework: Framework, team: Team) -> tuple[TeamFloorBreach, ...]:
    """Every floor skill rated below the floor minimum, person by person, in framework order."""
    return _floor_breaches(framework, team.of_record()).as_tuple()


def _coverage(
    record: Team, on_tracks: Sequence[_OnTrack], target: int, min_coverage: int
) -> tuple[CoverageRow, ...]:
    names = record.rows["name"].to_numpy()
    out: list[CoverageRow] = []
    for on in on_tracks:
        shape = on.shape
        chosen = shape.stage <= target
        rated = on.rated[:, chosen]
        expected = shape.expected[chosen]
        # One row per skill, so that each skill's people are one contiguous run.
        at_or_above = np.ascontiguousarray((rated >= expected).T)
        one_below = np.ascontiguousarray((rated == expected - 1).T)
        counts = at_or_above.sum(axis=1)
        people = names[on.rows]
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
                    expected=int(expected[j]),
                    covered_by=tuple(people[at_or_above[j]].tolist()),
                    covered=covered,
                    verdict=verdict,
                    develop=develop,
                )
            )
    return tuple(out)


def coverage(
    framework: Framework, team: Team, target: int, min_coverage: int = DEFAULT_MIN_COVERAGE
) -> tuple[CoverageRow, ...]:
    """Per track with people on it, each floor skill and each skill at a stage up to the target: the people
    rated at or above its expected level. A skill is covered when at least `min_coverage` people are; an
    uncovered one is to develop when someone is one level below expected (they are listed), else to hire.
    People are counted once, with their assessment of record (see Team.of_record)."""
    record = team.of_record()
    return _coverage(record, _by_track(framework, record), target, min_coverage)


def _profile_skill(framework: Framework, track: Track, skill_id: str) -> ProfileSkill:
    floor = framework.curve.floor
    for skill in floor.skills:
        if skill.id == skill_id:
            return ProfileSkill(skill=skill.id, name=skill.name, stage=0, expected=floor.minimum)
    for number, skill in track.skills_through(10**6):
        if skill.id == skill_id:
            return ProfileSkill(skill=skill.id, name=skill.name, stage=number, expected=skill.expected)
    raise InputError.single(
        "hiring profile", f"unknown skill id {skill_id!r} for track {track.id!r}", field="skills"
    )


def build_profile(
    framework: Framework,
    track_id: str,
    stage: int,
    must_have: Sequence[str],
    nice_to_have: Sequence[str] = (),
) -> HiringProfile:
    """A hiring profile from skill ids (from the gaps, or chosen by hand), with every interview prompt the
    framework gives for them. A skill listed as both counts as a must-have."""
    track = framework.track(track_id)
    if track is None:
        raise InputError.single("hiring profile", f"unknown track {track_id!r}", field="track")
    musts = list(dict.fromkeys(must_have))
    nices = [s for s in dict.fromkeys(nice_to_have) if s not in musts]
    prompts = {s.id: s.interview for s in framework.curve.floor.skills}
    prompts.update((k.id, k.interview) for _, k in track.skills_through(10**6))
    return HiringProfile(
        track=track.id,
        stage=stage,
        must_have=tuple(_profile_skill(framework, track, s) for s in musts),
        nice_to_have=tuple(_profile_skill(framework, track, s) for s in nices),
        interview=tuple(
            InterviewPrompt(skill=s, prompt=p) for s in musts + nices for p in prompts.get(s, ())
        ),
    )


def hiring_profiles(
    framework: Framework, rows: Sequence[CoverageRow], target: int
) -> tuple[HiringProfile, ...]:
    """One profile per track with an uncovered skill, aimed at the target stage. Must-have: the floor
    (a hire below it would be a breach on day one) and every skill to hire for; nice-to-have: the skills
    the team can develop, since a hire who brings them shortens that wait."""
    floor = [s.id for s in framework.curve.floor.skills]
    out: list[HiringProfile] = []
    for track in framework.tracks:
        mine = [r for r in rows if r.track == track.id]
        if all(r.covered for r in mine):
            continue
        hire = [r.skill for r in mine if r.verdict == "hire"]
        develop = [r.skill for r in mine if r.verdict == "develop"]
        out.append(build_profile(framework, track.id, target, floor + hire, develop))
    return tuple(out)


def summarise(
    framework: Framework, team: Team, target: int | None = None, min_coverage: int = DEFAULT_MIN_COVERAGE
) -> TeamReport:
    """Everything `stagepath team` reports. Without a target, `default_target` chooses one."""
    record = team.of_record()
    on_tracks = _by_track(framework, record)
    placed = _placements(framework, len(record), on_tracks)
    goal = target if target is not None else _default_target(framework, placed)
    rows = _coverage(record, on_tracks, goal, min_coverage)
    return TeamReport(
        target=goal,
        people=len(record),
        distribution=_distribution(framework, placed, on_tracks),
        floor_breaches=_floor_breaches(framework, record),
        coverage=rows,
        hiring_profiles=hiring_profiles(framework, rows, goal),
    )


# --- candidate fit ----------------------------------------------------------------------------------------


class FitGap(Result):
    skill: str
    name: str
    rating: int
    expected: int


class Fit(Result):
    """How well a candidate fits a profile. `score` is 0..1: each skill earns min(rating, expected) /
    expected, must-haves weigh twice what nice-to-haves do. `fits` when no must-have is missing."""

    score: float
    fits: bool
    missing_must: tuple[FitGap, ...]
    missing_nice: tuple[FitGap, ...]


def candidate_fit(profile: HiringProfile, candidate: Assessment) -> Fit:
    """A candidate's assessment against a profile (unrated skills count as 0)."""

    def earned(skill: ProfileSkill) -> float:
        return min(candidate.rating(skill.skill), skill.expected) / skill.expected if skill.expected else 1.0

    def gaps(skills: Sequence[ProfileSkill]) -> tuple[FitGap, ...]:
        return tuple(
            FitGap(skill=s.skill, name=s.name, rating=candidate.rating(s.skill), expected=s.expected)
            for s in skills
            if candidate.rating(s.skill) < s.expected
        )

    weight = 2 * len(profile.must_have) + len(profile.nice_to_have)
    total = 2 * sum(earned(s) for s in profile.must_have) + sum(earned(s) for s in profile.nice_to_have)
    missing = gaps(profile.must_have)
    return Fit(
        score=round(total / weight, 4) if weight else 1.0,
        fits=not missing,
        missing_must=missing,
        missing_nice=gaps(profile.nice_to_have),
    )


# --- calibration ------------------------------------------------------------------------------------------


class CalibrationRow(Result):
    name: str
    skill: str
    self_rating: int
    manager_rating: int
    difference: int  # manager minus self: negative when the person rates themselves higher


class PersonCalibration(Result):
    name: str
    skills_compared: int
    mean_difference: float
    over: int  # skills the person rates higher than their manager does
    under: int
    verdict: Literal["over-rates", "under-rates", "calibrated"]


class Calibration(Result):
    """Self against manager. `mean_difference` over every compared skill of the team is withheld (None)
    when fewer than `min_group` people were compared, so it never exposes one person."""

    rows: tuple[CalibrationRow, ...]
    people: tuple[PersonCalibration, ...]
    people_compared: int
    mean_difference: float | None


def _latest_by(team: Team, rater: Rater) -> Team:
    return team.take((team.rows["rater"] == rater).to_numpy()).of_record()


def calibration(framework: Framework, team: Team, min_group: int = DEFAULT_MIN_GROUP) -> Calibration:
    """Per person and skill, the manager's rating minus the person's own, where both rated it (each
    person's latest self and latest manager assessment). A person whose mean difference is at most -0.5
    over-rates themselves; at least +0.5 under-rates; otherwise is calibrated."""
    own, manager = _latest_by(team, "self"), _latest_by(team, "manager")
    where = {name: i for i, name in enumerate(manager.names)}
    pairs = [(i, where[name]) for i, name in enumerate(own.names) if name in where]
    skills = np.array(team.skills, dtype=object)
    rows: list[CalibrationRow] = []
    people: list[PersonCalibration] = []
    differences: list[Floats] = []
    for i, j in pairs:
        mine, theirs = own.ratings[i], manager.ratings[j]
        both = ~np.isnan(mine) & ~np.isnan(theirs)
        if not both.any():
            continue
        name = own.names[i]
        difference = theirs[both] - mine[both]
        differences.append(difference)
        rows.extend(
            CalibrationRow(
                name=name, skill=s, self_rating=int(a), manager_rating=int(b), difference=int(b - a)
            )
            for s, a, b in zip(skills[both].tolist(), mine[both], theirs[both], strict=True)
        )
        mean = float(difference.mean())
        people.append(
            PersonCalibration(
                name=name,
                skills_compared=int(both.sum()),
                mean_difference=round(mean, 4),
                over=int((difference < 0).sum()),
                under=int((difference > 0).sum()),
                verdict="over-rates"
                if mean <= -CALIBRATION_THRESHOLD
                else "under-rates"
                if mean >= CALIBRATION_THRESHOLD
                else "calibrated",
            )
        )
    team_mean = None
    if len(people) >= max(min_group, 1):
        team_mean = round(float(np.concatenate(differences).mean()), 4)
    return Calibration(
        rows=tuple(rows), people=tuple(people), people_compared=len(people), mean_difference=team_mean
    )


# --- averages, progress, support ----------------------------------------------------------------------------


class SkillAverage(Result):
    """The team's mean rating of one skill of one track (unrated counts as 0); withheld (None) when fewer
    than `min_group` people are on the track."""

    track: str
    skill: str
    people: int
    average: float | None


def skill_averages(
    framework: Framework, team: Team, min_group: int = DEFAULT_MIN_GROUP
) -> tuple[SkillAverage, ...]:
    """Per track, the mean rating of each of its skills over the people on it (assessment of record)."""
    record = team.of_record()
    out: list[SkillAverage] = []
    for on in _by_track(framework, record):
        count = int(on.rows.sum())
        means = on.rated.mean(axis=0)
        out.extend(
            SkillAverage(
                track=on.shape.track.id,
                skill=skill,
                people=count,
                average=round(float(means[j]), 4) if count >= min_group else None,
            )
            for j, skill in enumerate(on.shape.skills)
        )
    return tuple(out)


class ProgressPoint(Result):
    assessed_on: dt.date
    rater: str
    track: str
    placement: int
    readiness: float  # for the target stage


class PersonProgress(Result):
    name: str
    points: tuple[ProgressPoint, ...]
    change: int  # placement at the last point minus at the first


def progress(framework: Framework, team: Team, target: int) -> tuple[PersonProgress, ...]:
    """Per person with dated assessments, the placement and the readiness for `target` at each date, oldest
    first (on one date: self, then peer, then manager). People keep the order they first appear in."""
    dated = team.take(team.rows["assessed_on"].notna().to_numpy())
    if not len(dated):
        return ()
    placed = placements(framework, dated)
    ready = readiness(framework, dated, target)
    frame = dated.rows.assign(
        placement=placed,
        readiness=ready,
        first=dated.rows.groupby("name", sort=False).ngroup(),
        rank=dated.rows["rater"].map(RATER_RANK),
    ).sort_values(["first", "assessed_on", "rank"], kind="stable")
    out: list[PersonProgress] = []
    for _, group in frame.groupby("first", sort=True):
        points = tuple(
            ProgressPoint(
                assessed_on=when.date(),
                rater=rater,
                track=track,
                placement=int(p),
                readiness=round(float(r), 4),
            )
            for when, rater, track, p, r in zip(
                group["assessed_on"],
                group["rater"],
                group["track"],
                group["placement"],
                group["readiness"],
                strict=True,
            )
        )
        out.append(
            PersonProgress(
                name=str(group["name"].iloc[0]),
                points=points,
                change=points[-1].placement - points[0].placement,
            )
        )
    return tuple(out)


class Support(Result):
    """The source's figure that about `share` of people make each shift comfortably, turned into how many
    of this team's `people` to plan support for."""

    people: int
    share: float
    plan_for: int
    text: str


def support_needed(framework: Framework, people: int) -> Support | None:
    """ceil(people x (1 - share)) with share the framework's 'comfortable-shift-share' fact; None when the
    framework gives no such fact."""
    fact = next((f for f in framework.curve.facts if f.id == SUPPORT_FACT), None)
    if fact is None or fact.value is None:
        return None
    # Round away float noise first: 10 x (1 - 0.6) is 4.000000000000001, and must plan for 4, not 5.
    plan_for = math.ceil(round(people * (1 - fact.value), 9))
    return Support(people=people, share=fact.value, plan_for=plan_for, text=fact.text)
