"""Placement, readiness, the floor gate, the target and the focus list: the rules that compare one
person's ratings with the framework. Pure functions over models; no I/O."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from typing import Annotated

from pydantic import Field, PlainSerializer

from planner.common.result import Result
from planner.formats.assessment import Assessment
from planner.formats.confirmations import Confirmation
from planner.framework import Expectation, Framework
from planner.framework.tracks import Track
from planner.person.staleness import age_warnings, stale_skills
from planner.person.trust import Trusted, confirmed_skills, first_levels

DEFAULT_TOP = 3

# A share (0..1) as JSON writes it: three decimals say 81.4% exactly enough and read as a figure, where
# the float itself would print 0.813953488372093. The engine keeps the exact value.
Share = Annotated[float, PlainSerializer(lambda value: round(value, 3), return_type=float, when_used="json")]


class FloorBreach(Result):
    skill: str
    name: str
    rating: int
    minimum: int


class FloorStatus(Result):
    ok: bool
    minimum: int
    gates_from_stage: int
    breaches: tuple[FloorBreach, ...]


class FocusItem(Result):
    """One thing to develop. `stage` is where the item counts (the lowest stage up to the target at which
    the rating falls short of the level there); `skill_stage` is the stage the skill belongs to (0 for the
    floor): where `stage` is later, the skill's level rises there (a ladder's rung)."""

    skill: str
    name: str
    stage: int
    rating: int
    expected: int
    gap: int
    reason: str
    actions: tuple[str, ...]
    skill_stage: int = 0

    @property
    def rises(self) -> bool:
        """The item asks for a level its skill rises to after its own stage."""
        return self.stage > self.skill_stage > 0


class SkillsMet(Result):
    """How many of the skills a stage judges are met (rated at or above their level there), of how many."""

    met: int
    of: int


class Lesson(Result):
    """A lesson of the framework that bears on this plan's gaps, in the framework's words."""

    id: str
    label: str
    text: str
    provenance: str
    source: str
    stages: tuple[int, ...]


class Plan(Result):
    """Everything the engine says about one assessment; the JSON form of `stagepath assess`."""

    track: str
    placement: int
    trusted: Trusted
    target: int
    readiness: dict[int, Share]
    floor: FloorStatus
    focus: tuple[FocusItem, ...]
    unrated: tuple[str, ...]
    warnings: tuple[str, ...]
    stale: tuple[str, ...] = ()
    # What the framework teaches about the stages where this person has a gap (0: a floor breach).
    lessons: tuple[Lesson, ...] = ()
    met: dict[int, SkillsMet] = Field(default_factory=dict)
    focus_total: int = 0  # how many items the whole focus list has (`focus` may be its top few)


Rating = dict[str, int]


def floor_status(framework: Framework, ratings: Rating) -> FloorStatus:
    """The floor skills rated below the minimum, largest gap first, then in framework order."""
    floor = framework.curve.floor
    breaches = [
        FloorBreach(skill=s.id, name=s.name, rating=ratings.get(s.id, 0), minimum=floor.minimum)
        for s in floor.skills
        if ratings.get(s.id, 0) < floor.minimum
    ]
    breaches.sort(key=lambda b: b.rating)  # stable: ties keep framework order
    return FloorStatus(
        ok=not breaches,
        minimum=floor.minimum,
        gates_from_stage=floor.gates_from_stage,
        breaches=tuple(breaches),
    )


def _met_at(framework: Framework, track: Track, number: int, ratings: Rating) -> bool:
    """Every skill of the stages up to `number` rated at least its level there."""
    return all(ratings.get(e.id, 0) >= e.level for e in framework.expectations(track, number) if e.stage)


def placement(framework: Framework, track: Track, ratings: Rating) -> int:
    """The highest stage earned in order: every skill of the stages up to it at its level for that stage,
    and the floor from its gating stage on.

    Aspirational stages are never a placement; 0 when no stage is earned.
    """
    floor_ok = floor_status(framework, ratings).ok
    placed = 0
    for number in framework.reachable:
        if not _met_at(framework, track, number, ratings) or (framework.floor_gates(number) and not floor_ok):
            break
        placed = number
    return placed


def judged_at(framework: Framework, track: Track, stage: int) -> list[Expectation]:
    """What stage `stage` judges of a person on this track: every skill of the stages up to it at its level
    there, and the floor from the stage it gates from (planner.team.placements.judged_at, for one person)."""
    return [e for e in framework.expectations(track, stage) if e.stage or framework.floor_gates(stage)]


def readiness(framework: Framework, track: Track, ratings: Rating) -> dict[int, float]:
    """For each stage, the share of what its cumulative skills expect there that the ratings meet (0..1).

    Each skill counts min(rating, level) of its level for that stage; the floor joins from its gating
    stage on. A stage with nothing expected is fully ready.
    """
    out: dict[int, float] = {}
    for stage in sorted(framework.curve.stages, key=lambda s: s.number):
        counted = [
            e
            for e in framework.expectations(track, stage.number)
            if e.stage or framework.floor_gates(stage.number)
        ]
        expected = sum(e.level for e in counted)
        met = sum(min(ratings.get(e.id, 0), e.level) for e in counted)
        out[stage.number] = met / expected if expected else 1.0
    return out


def skills_met(framework: Framework, track: Track, ratings: Rating) -> dict[int, SkillsMet]:
    """For each stage, how many of the skills it judges (as readiness counts them: the stages up to it at
    their level there, the floor from its gating stage on) are rated at or above their level, of how many.
    Beside readiness, which is a share of levels, this says how many skills are fully there."""
    out: dict[int, SkillsMet] = {}
    for stage in sorted(framework.curve.stages, key=lambda s: s.number):
        counted = judged_at(framework, track, stage.number)
        met = sum(ratings.get(e.id, 0) >= e.level for e in counted)
        out[stage.number] = SkillsMet(met=met, of=len(counted))
    return out


def default_target(framework: Framework, placed: int) -> int:
    """The stage after the placement, never past the highest stage that is not aspirational."""
    return min(placed + 1, framework.ceiling)


def focus(
    framework: Framework, track: Track, ratings: Rating, target: int, top: int | None = DEFAULT_TOP
) -> tuple[FocusItem, ...]:
    """What to develop first: floor breaches (largest gap first), then every gap from the lowest unmet
    stage up to the target, by stage, then gap (largest first), then framework order.

    `top` None (or 0) returns every item.
    """
    items: list[FocusItem] = []
    floor = framework.curve.floor
    floor_skills = {s.id: s for s in floor.skills}
    for breach in floor_status(framework, ratings).breaches:
        skill = floor_skills[breach.skill]
        items.append(
            FocusItem(
                skill=skill.id,
                name=skill.name,
                stage=0,
                rating=breach.rating,
                expected=floor.minimum,
                gap=floor.minimum - breach.rating,
                reason="floor",
                actions=skill.actions_for(track.id),
            )
        )
    # A skill appears once: at the lowest stage up to the target where it falls short of its level there.
    shortfalls: dict[str, tuple[int, int, int, Expectation]] = {}
    for stage in sorted(s.number for s in framework.curve.stages if s.number <= target):
        for order, e in enumerate(framework.expectations(track, stage)):
            gap = e.level - ratings.get(e.id, 0)
            if e.stage and gap > 0 and e.id not in shortfalls:
                shortfalls[e.id] = (stage, -gap, order, e)
    own = {k.id: n for n, k in track.skills_through(target)}
    for number, neg_gap, _, e in sorted(shortfalls.values(), key=lambda g: g[:3]):
        items.append(
            FocusItem(
                skill=e.id,
                name=e.name,
                stage=number,
                rating=ratings.get(e.id, 0),
                expected=e.level,
                gap=-neg_gap,
                reason="target" if number == target else f"blocks-stage-{number}",
                actions=e.skill.actions,
                skill_stage=own.get(e.id, number),
            )
        )
    return tuple(items[:top] if top else items)


def _risen(track: Track, item: FocusItem) -> bool:
    """Whether a focus item asks for more than its skill's first level: its ladder rose before the item's
    stage (so someone placed above the skill's stage can still fall short of it)."""
    own = next((n for n, k in track.skills_through(item.stage) if k.id == item.skill), item.stage)
    return item.stage > own


def warnings(
    framework: Framework,
    track: Track,
    assessment: Assessment,
    placed: int,
    target: int,
    unrated: tuple[str, ...],
) -> tuple[str, ...]:
    """Plain sentences about what the reader should know before trusting the plan."""
    out: list[str] = []
    stage = framework.stage(target)
    if stage is not None and stage.aspirational:
        out.append(
            f"Stage {target} ({stage.name}) is aspirational: nothing proven supports it yet, so no one is "
            f"placed there. The plan aims at the skills up to it, but treat it as exploration."
        )
    if assessment.target is not None and target <= placed:
        out.append(
            f"The target, stage {target}, is at or below your placement (stage {placed}); "
            f"choose a higher target to see what to develop next."
        )
    elif assessment.target is None and placed >= framework.ceiling:
        out.append(
            f"You are placed at stage {placed}, the highest stage that is not aspirational; "
            f"the plan lists nothing further to develop."
        )
    if unrated:
        out.append(
            f"{len(unrated)} of {len(framework.track_skill_ids(track.id))} skills are unrated and count as 0."
        )
    floor = floor_status(framework, assessment.ratings)
    gate = floor.gates_from_stage
    if not floor.ok and placed < gate <= target:
        out.append(
            f"{framework.curve.floor.name} ({framework.floor_skills_phrase}): you are below {floor.minimum}, "
            f"which keeps you below stage {gate} whatever else you rate."
        )
    risen = [i.name for i in focus(framework, track, assessment.ratings, target, None) if _risen(track, i)]
    if risen:
        out.append(
            f"{len(risen)} skill{'s' if len(risen) != 1 else ''} of earlier stages expect more by stage "
            f"{target} than where they start: {', '.join(risen)}."
        )
    return tuple(out)


def trusted(
    framework: Framework,
    track: Track,
    assessment: Assessment,
    confirmations: Iterable[Confirmation] = (),
    accepted: Collection[str] = frozenset(),
    today: dt.date | None = None,
) -> Trusted:
    """The placement on the assessment's confirmed ratings alone (planner.person.trust), how many of its
    rated skills are confirmed, and the unconfirmed ratings that reach the level their skill first expects."""
    confirmed = confirmed_skills(framework, assessment, confirmations, accepted, today)
    rated = [s for s in framework.track_skill_ids(track.id) if s in assessment.ratings]
    first = first_levels(framework, track.id)
    return Trusted(
        placement=placement(
            framework, track, {s: v for s, v in assessment.ratings.items() if s in confirmed}
        ),
        confirmed=len(confirmed),
        of=len(rated),
        unconfirmed=tuple(s for s in rated if s not in confirmed and assessment.ratings[s] >= first[s]),
    )


def assess(
    framework: Framework,
    assessment: Assessment,
    target: int | None = None,
    top: int | None = DEFAULT_TOP,
    today: dt.date | None = None,
    confirmations: Iterable[Confirmation] = (),
    accepted: Collection[str] = frozenset(),
    trust_on: dt.date | None = None,
) -> Plan:
    """The whole plan for one assessment. `target` overrides the assessment's own target. Given `today`,
    the plan lists the ratings due for re-rating (planner.person.staleness), or says their age is unknown,
    and counts the colleagues' confirmations still within their period towards the trusted placement
    (planner.person.trust; `accepted`: the skills resting on scan evidence the person accepted).
    `trust_on` judges the confirmations on another day than `today` (or on a day without listing what is
    due, when `today` is None).

    The assessment must already fit the framework (see planner.formats.assessment.check_against).
    """
    track = framework.track(assessment.track)
    if track is None:
        raise ValueError(f"unknown track {assessment.track!r}")
    ratings = dict(assessment.ratings)
    placed = placement(framework, track, ratings)
    chosen = target if target is not None else assessment.target
    if chosen is not None:
        assessment = assessment.model_copy(update={"target": chosen})
    goal = chosen if chosen is not None else default_target(framework, placed)
    unrated = tuple(s for s in framework.track_skill_ids(track.id) if s not in ratings)
    every = focus(framework, track, ratings, goal, None)
    gaps = {item.stage for item in every}
    return Plan(
        track=track.id,
        placement=placed,
        trusted=trusted(framework, track, assessment, confirmations, accepted, trust_on or today),
        target=goal,
        readiness=readiness(framework, track, ratings),
        floor=floor_status(framework, ratings),
        focus=every[:top] if top else every,
        unrated=unrated,
        warnings=warnings(framework, track, assessment, placed, goal, unrated)
        + (age_warnings(assessment) if today else ()),
        stale=stale_skills(framework, assessment, today) if today else (),
        lessons=tuple(
            Lesson(
                id=f.id, label=f.label, text=f.text, provenance=f.provenance, source=f.source, stages=f.stages
            )
            for f in framework.lessons_for(gaps)
        ),
        met=skills_met(framework, track, ratings),
        focus_total=len(every),
    )
