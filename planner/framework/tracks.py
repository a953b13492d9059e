"""A track, as its file declares it: its stages and the skills each adds, with the level expected of
each skill as one level or a ladder {stage: level}."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from planner.framework.base import Id, Model, Name, Provenance, Text
from planner.framework.capabilities import Signal
from planner.framework.curve import FloorSkill


def _expected_shape(value: Any) -> Any:
    """`expected` is one level or a ladder {stage: level}; anything else is one problem, not one per
    form it might have taken. Which levels and stages are allowed is checked against the curve later."""

    def whole(v: Any) -> bool:
        return isinstance(v, int) and not isinstance(v, bool)

    def number(key: Any) -> Any:
        return int(key) if isinstance(key, str) and key.strip().isdigit() else key  # JSON keys are strings

    if whole(value):
        return value
    if isinstance(value, dict) and value:
        ladder = {number(k): v for k, v in value.items()}
        for stage, level in ladder.items():
            if not whole(stage) or not whole(level):
                raise PydanticCustomError(
                    "ladder",
                    "rung {rung}: {level}; expected a stage number and a whole level, e.g. 3: 2",
                    {"rung": repr(stage), "level": repr(level)},
                )
        return ladder
    raise PydanticCustomError(
        "expected",
        "expected a level such as 3, or a ladder of stage: level such as {{3: 2, 5: 3}}",
    )


Expected = Annotated[int | dict[int, int], BeforeValidator(_expected_shape)]


class Skill(FloorSkill):
    # One level, expected from the skill's stage on; or a ladder {stage: level}, each rung holding
    # until the next. `expected_provenance` is the levels' own: the source names skills, not levels.
    expected: Expected
    expected_provenance: Provenance = "inferred"
    # What a scan of a repository's history can credit to one person for this skill (their commits'
    # trailers, the files they added): the same kinds of signal as a capability's, never a rating.
    signals: Annotated[tuple[Signal, ...], Field(max_length=20)] = ()

    def level_at(self, stage: int) -> int:
        """The level expected at `stage` (a stage at or after the skill's own): one level holds at every
        stage; a ladder's highest rung at or below `stage` holds until the next."""
        if isinstance(self.expected, int):
            return self.expected
        rungs = [level for number, level in sorted(self.expected.items()) if number <= stage]
        return rungs[-1] if rungs else self.expected[min(self.expected)]

    @property
    def rungs(self) -> tuple[tuple[int, int], ...]:
        """The ladder's (stage, level) pairs in stage order; empty for a single level."""
        return () if isinstance(self.expected, int) else tuple(sorted(self.expected.items()))


class TrackStage(Model):
    number: int
    title: Name
    summary: Text = ""
    provenance: Provenance
    # The title's own provenance where it differs from the stage's (a stated summary under our title).
    title_provenance: Provenance | None = None
    source: Text = ""

    @property
    def title_inferred(self) -> bool:
        return (self.title_provenance or self.provenance) == "inferred"

    skills: Annotated[tuple[Skill, ...], Field(max_length=30)] = ()


class Track(Model):
    id: Id
    name: Name
    summary: Text = ""
    stages: Annotated[tuple[TrackStage, ...], Field(min_length=1, max_length=30)]

    def stage(self, number: int) -> TrackStage | None:
        return next((s for s in self.stages if s.number == number), None)

    def skills_through(self, number: int) -> Iterator[tuple[int, Skill]]:
        """Every (stage number, skill) of this track at stages up to and including `number`."""
        for stage in sorted(self.stages, key=lambda s: s.number):
            if stage.number <= number:
                for skill in stage.skills:
                    yield stage.number, skill
