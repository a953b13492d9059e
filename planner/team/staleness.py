"""Ratings due for re-rating across a team (the rule is planner.person.staleness's), as arrays over every row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

import numpy as np
from pydantic import PlainSerializer, PlainValidator

from planner.framework import Framework
from planner.person.staleness import review_after

if TYPE_CHECKING:  # pandas is imported only where a table is made: `stagepath due` may need none
    from planner.formats.table import Bools, Team


@dataclass(frozen=True, slots=True)
class StaleRating:
    """One person's rating of one skill that is due for re-rating, with the date it was given (and the
    person's team, where the input names one)."""

    name: str
    skill: str
    assessed_on: dt.date
    team: str = ""


def _records(ratings: Sequence[StaleRating]) -> list[dict[str, str]]:
    return [
        {"name": r.name, "skill": r.skill, "assessed_on": r.assessed_on.isoformat()}
        | ({"team": r.team} if r.team else {})
        for r in ratings
    ]


def _as_tuple(value: Any) -> tuple[StaleRating, ...]:
    return tuple(value)


# A report's stale ratings: plain dataclasses (a large team has many), written as {name, skill, assessed_on}.
StaleRatings = Annotated[
    tuple[StaleRating, ...], PlainValidator(_as_tuple), PlainSerializer(_records, return_type=Any)
]


def stale_mask(framework: Framework, record: Team, today: dt.date) -> Bools:
    """For every row and skill column of the team: is that rating stale? (Unrated and undated never are.)"""
    limits = review_after(framework)
    days = np.array([limits[s] if limits.get(s) is not None else np.inf for s in record.skills], dtype=float)
    dates = record.rows["assessed_on"].to_numpy(dtype="datetime64[D]")
    age = (np.datetime64(today, "D") - dates).astype("timedelta64[D]").astype(float)
    age[np.isnat(dates)] = -np.inf
    return ~np.isnan(record.ratings) & (age[:, None] > days[None, :])


def stale_ratings(framework: Framework, record: Team, today: dt.date) -> tuple[StaleRating, ...]:
    """Every stale rating of a team reduced to one assessment per person, person by person, in framework
    order of the skills."""
    people, columns = np.nonzero(stale_mask(framework, record, today))
    if not len(people):
        return ()
    names = record.rows["name"].to_numpy(dtype=object)[people].tolist()
    skills = np.array(record.skills, dtype=object)[columns].tolist()
    dates = record.rows["assessed_on"].dt.date.to_numpy(dtype=object)[people].tolist()
    teams = record.rows["team"].to_numpy(dtype=object)[people].tolist()
    return tuple(map(StaleRating, names, skills, dates, teams))
