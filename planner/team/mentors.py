"""Mentors: for each coverage row, the people who could teach the skill, and pairs of a person to develop
with a mentor. A mentor is rated above the skill's level at the target, or at the top of the scale (where
the level is the top, no one can be above it); the most skilled come first. The people a row asks to
develop are below the level, so never their own mentors; the rule says so anyway, for any input."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any

import numpy as np
from pydantic import PlainSerializer, PlainValidator

from planner.formats.table import Bools, Floats, Team
from planner.framework import Framework
from planner.team.coverage import DEFAULT_MIN_COVERAGE, CoverageRow, coverage_on
from planner.team.placements import OnTrack, by_track


def can_mentor(rated: Floats, expected: Floats | float, top: int) -> Bools:
    """Who can mentor: rated above the level expected, or at the top of the scale."""
    return (rated > expected) | (rated >= top)


def most_skilled_first(rated: Floats, eligible: Bools) -> np.ndarray:
    """The positions of the eligible people, highest rating first; on a tie, in the order given."""
    positions = np.flatnonzero(eligible)
    # Ratings are whole levels of a short scale: as small integers the stable sort is a radix sort, several
    # times faster than sorting floats, and only the eligible are sorted.
    levels = rated[positions].astype(np.int16)
    return positions[np.argsort(-levels, kind="stable")]


def with_mentors(
    record: Team, on_tracks: Sequence[OnTrack], rows: Sequence[CoverageRow], top: int
) -> tuple[CoverageRow, ...]:
    """The coverage rows with their `mentors` (names, most skilled first), from a team already reduced to
    one assessment per person and its tracks taken apart."""
    names = record.rows["name"].to_numpy(dtype=object)
    tracks = {on.shape.track.id: (on, names[on.rows], on.shape.skills) for on in on_tracks}
    out: list[CoverageRow] = []
    for row in rows:
        if row.track not in tracks:
            out.append(row)
            continue
        on, people, skills = tracks[row.track]
        rated = on.by_skill[skills.index(row.skill)]
        mentors = people[most_skilled_first(rated, can_mentor(rated, float(row.expected), top))].tolist()
        if row.develop:  # only a row to develop has people the rule keeps out, and few mentors to check
            develop = set(row.develop)
            mentors = [m for m in mentors if m not in develop]
        out.append(row.model_copy(update={"mentors": tuple(mentors)}))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class MentorPair:
    """A person to develop in a skill and who could mentor them, and their teams where known. A plain
    frozen dataclass: an organisation has tens of thousands, and models would cost more than the rule."""

    track: str
    skill: str
    person: str
    mentor: str
    team: str = ""
    mentor_team: str = ""


def _pair_records(pairs: Sequence[MentorPair]) -> list[dict[str, str]]:
    # Written field by field: dataclasses.asdict copies deeply and costs ten times as much on 10,000 pairs.
    return [
        {
            "track": p.track,
            "skill": p.skill,
            "person": p.person,
            "mentor": p.mentor,
            "team": p.team,
            "mentor_team": p.mentor_team,
        }
        for p in pairs
    ]


def _as_pairs(value: Any) -> tuple[MentorPair, ...]:
    return tuple(value)


# A report's pairs, written as {track, skill, person, mentor, team, mentor_team}.
MentorPairs = Annotated[
    tuple[MentorPair, ...], PlainValidator(_as_pairs), PlainSerializer(_pair_records, return_type=Any)
]


def pairs(rows: Sequence[CoverageRow], team: str = "") -> tuple[MentorPair, ...]:
    """One pair per person a row asks to develop (a skill not held, or a thin one's next holders), where
    the row has mentors: the people to develop are dealt out to the mentors in turn, most skilled first,
    so that no one mentor takes everyone."""
    out: list[MentorPair] = []
    for row in rows:
        if not row.develop or not row.mentors:
            continue
        for i, person in enumerate(row.develop):
            mentor = row.mentors[i % len(row.mentors)]
            out.append(MentorPair(track=row.track, skill=row.skill, person=person, mentor=mentor, team=team))
    return tuple(out)


def mentored_coverage(
    framework: Framework, team: Team, target: int, min_coverage: int = DEFAULT_MIN_COVERAGE
) -> tuple[CoverageRow, ...]:
    """planner.team.coverage.coverage with each row's mentors."""
    record = team.of_record()
    on_tracks = by_track(framework, record)
    rows = coverage_on(record, on_tracks, target, min_coverage)
    return with_mentors(record, on_tracks, rows, max(framework.levels))
