"""Floor breaches across a team: every floor skill a person rates below the floor minimum, kept as
columns because a large team has hundreds of thousands of them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, overload

import numpy as np
from pydantic import PlainSerializer, PlainValidator

from planner.formats.table import Team
from planner.framework import Framework


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


def breaches_of_record(framework: Framework, record: Team) -> FloorBreaches:
    """`floor_breaches` of a team already reduced to one assessment per person, kept as columns."""
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
    return breaches_of_record(framework, team.of_record()).as_tuple()
