"""The framework: the curve's stages, the scale, the floor and the tracks, loaded from a directory of
YAML files into immutable, validated models, and the questions every rule asks of it (what a stage
expects, the ceiling, the capabilities up to a stage).

The rooms: `base` (the strict model base and field types), `capabilities` (a stage's capabilities and
the scan signals they and a track's skills list), `curve` (curve.yaml's models), `tracks` (a track file's
models and its ladders), `checks` (the rules that span fields and files), `loading` (reading the files of
roles/ and validating them), `cache` (a directory's checked framework kept on disk); this module holds the
whole `Framework` and its queries."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cached_property
from typing import Any

from pydantic import Field

from planner.framework.base import Model
from planner.framework.capabilities import Capability, Signal
from planner.framework.curve import Curve, Fact, FloorSkill, Stage
from planner.framework.tracks import Track


class Expectation(Model):
    """One skill expected of a person on a track at a stage: where it sits (`stage`, 0 for the floor) and
    the level expected of it at the stage asked about (`level`)."""

    stage: int
    skill: FloorSkill
    level: int

    @property
    def id(self) -> str:
        return self.skill.id

    @property
    def name(self) -> str:
        return self.skill.name


class Framework(Model):
    """A whole framework. `digest` identifies its content (for caching and for stored snapshots)."""

    curve: Curve
    tracks: tuple[Track, ...]
    digest: str = Field(default="", exclude=True)

    @cached_property
    def ceiling(self) -> int:
        """The highest stage anyone can be placed at: the last stage that is not aspirational."""
        return max((s.number for s in self.curve.stages if not s.aspirational), default=0)

    @cached_property
    def reachable(self) -> tuple[int, ...]:
        """The stages anyone (a person or a team) can be placed at, in the order they are earned: every stage
        up to the ceiling (the validator keeps aspirational stages above the working ones)."""
        return tuple(
            s.number for s in sorted(self.curve.stages, key=lambda s: s.number) if s.number <= self.ceiling
        )

    def fact(self, fact_id: str | None) -> Fact | None:
        """The curve's fact with this id (None when there is none, or no id)."""
        return next((f for f in self.curve.facts if f.id == fact_id), None) if fact_id else None

    def floor_gates(self, stage: int) -> bool:
        """Whether the competency floor is part of what stage `stage` judges (from `gates_from_stage` on)."""
        return stage >= self.curve.floor.gates_from_stage

    @cached_property
    def skill_names(self) -> dict[str, str]:
        """Every skill's name by id, the floor first, then each track in order."""
        names = {s.id: s.name for s in self.curve.floor.skills}
        names.update((k.id, k.name) for t in self.tracks for st in t.stages for k in st.skills)
        return names

    @cached_property
    def skill_signals(self) -> dict[str, tuple[Signal, ...]]:
        """The signals of every track skill that lists some, by skill id, in the order of `skill_names`
        (track by track, stage by stage)."""
        return {k.id: k.signals for t in self.tracks for st in t.stages for k in st.skills if k.signals}

    @property
    def skill_ids(self) -> frozenset[str]:
        return frozenset(self.skill_names)

    @property
    def levels(self) -> tuple[int, ...]:
        return tuple(level.level for level in self.curve.scale)

    def stage(self, number: int) -> Stage | None:
        return next((s for s in self.curve.stages if s.number == number), None)

    @cached_property
    def capabilities(self) -> dict[str, tuple[int, Capability]]:
        """Every capability by id, with the number of the stage that lists it, in stage order."""
        stages = sorted(self.curve.stages, key=lambda s: s.number)
        return {c.id: (s.number, c) for s in stages for c in s.capabilities}

    def capabilities_through(self, number: int) -> Iterator[tuple[int, Capability]]:
        """Every (stage number, capability) at stages up to and including `number`."""
        return ((n, c) for n, c in self.capabilities.values() if n <= number)

    @cached_property
    def stage_range(self) -> str:
        """The stages a value may name, in words for an error: 'the stages are 1 to 8, 7 and 8
        aspirational'."""
        numbers = sorted(s.number for s in self.curve.stages)
        if numbers == list(range(numbers[0], numbers[-1] + 1)) and len(numbers) > 2:
            words = f"the stages are {numbers[0]} to {numbers[-1]}"
        else:
            words = f"the stages are {_and(numbers)}"
        aspirational = sorted(s.number for s in self.curve.stages if s.aspirational)
        return f"{words}, {_and(aspirational)} aspirational" if aspirational else words

    def track(self, track_id: str) -> Track | None:
        return next((t for t in self.tracks if t.id == track_id), None)

    @property
    def floor_skills_phrase(self) -> str:
        """The floor's skill names as one phrase, in the framework's words: 'A, B and C'."""
        names = [s.name for s in self.curve.floor.skills]
        return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"

    @property
    def last_stage(self) -> int:
        return max(s.number for s in self.curve.stages)

    def expectations(self, track: Track | str, up_to: int | None = None) -> tuple[Expectation, ...]:
        """What a person on `track` is expected to have at stage `up_to` (default: the last stage): the
        floor (stage 0, at its minimum), then every skill of the stages up to it, by stage, each at its
        level for `up_to`. The floor is listed whatever the stage; the rules decide where it gates."""
        chosen = self.track(track) if isinstance(track, str) else track
        at = self.last_stage if up_to is None else up_to
        if chosen is not None and self.track(chosen.id) is not chosen:  # a track of another framework
            return self._expectations(chosen, at)
        # Asked on every run of every page and by every team rule: worked out once per track and stage.
        key = (chosen.id if chosen is not None else None, at)
        if key not in self._expected:
            self._expected[key] = self._expectations(chosen, at)
        return self._expected[key]

    @cached_property
    def _expected(self) -> dict[tuple[str | None, int], tuple[Expectation, ...]]:
        return {}

    def _expectations(self, chosen: Track | None, at: int) -> tuple[Expectation, ...]:
        floor = self.curve.floor
        out = [Expectation(stage=0, skill=s, level=floor.minimum) for s in floor.skills]
        if chosen is not None:
            out += [Expectation(stage=n, skill=k, level=k.level_at(at)) for n, k in chosen.skills_through(at)]
        return tuple(out)

    def mean_level(self, track: Track | str, stage: int) -> float:
        """The mean level a track's own skills (the floor left out) expect at `stage`; 0.0 when none do.
        How the map climbs: on the shipped map it rises at every stage people can be placed at."""
        levels = [e.level for e in self.expectations(track, stage) if e.stage]
        return sum(levels) / len(levels) if levels else 0.0

    def lessons_for(self, stages: Iterable[int]) -> tuple[Fact, ...]:
        """The lessons of the curve that bear on any of `stages` (0 is the floor), in the file's order."""
        wanted = set(stages)
        return tuple(f for f in self.curve.facts if f.lesson and wanted.intersection(f.stages))

    def track_skill_ids(self, track_id: str) -> tuple[str, ...]:
        """Every skill id a person on this track is rated on: the floor first, then by stage."""
        return tuple(e.id for e in self.expectations(track_id))

    def as_files(self) -> dict[str, Any]:
        """The framework in the shape of its files, for `stagepath framework --format json`."""
        return self.model_dump(mode="json")


def _and(numbers: list[int]) -> str:
    """'7', '7 and 8', '6, 7 and 8'."""
    words = [str(n) for n in numbers]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"
