"""Placement, readiness, the floor gate, the target and the focus list: the rules that compare one
person's ratings with the framework. Pure functions over models; no I/O."""

from __future__ import annotations

from planner.assessment import Assessment
from planner.framework import Framework, Skill, Track
from planner.result import Result

DEFAULT_TOP = 3


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
    skill: str
    name: str
    stage: int
    rating: int
    expected: int
    gap: int
    reason: str
    actions: tuple[str, ...]


class Plan(Result):
    """Everything the engine says about one assessment; the JSON form of `stagepath assess`."""

    track: str
    placement: int
    target: int
    readiness: dict[int, float]
    floor: FloorStatus
    focus: tuple[FocusItem, ...]
    unrated: tuple[str, ...]
    warnings: tuple[str, ...]


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


def _stage_met(track: Track, number: int, ratings: Rating) -> bool:
    stage = track.stage(number)
    return stage is None or all(ratings.get(k.id, 0) >= k.expected for k in stage.skills)


def placement(framework: Framework, track: Track, ratings: Rating) -> int:
    """The highest stage earned in order: all skills up to it met, and the floor from its gating stage on.

    Aspirational stages are never a placement; 0 when no stage is earned.
    """
    floor_ok = floor_status(framework, ratings).ok
    gate = framework.curve.floor.gates_from_stage
    placed = 0
    for stage in sorted(framework.curve.stages, key=lambda s: s.number):
        if stage.number > framework.ceiling or stage.aspirational:
            break
        if not _stage_met(track, stage.number, ratings) or (stage.number >= gate and not floor_ok):
            break
        placed = stage.number
    return placed


def readiness(framework: Framework, track: Track, ratings: Rating) -> dict[int, float]:
    """For each stage, the share of what its cumulative skills expect that the ratings meet (0..1).

    Each skill counts min(rating, expected) of its expected; the floor joins from its gating stage on.
    A stage with nothing expected is fully ready.
    """
    floor = framework.curve.floor
    out: dict[int, float] = {}
    met = expected = 0
    floor_met = sum(min(ratings.get(s.id, 0), floor.minimum) for s in floor.skills)
    floor_expected = floor.minimum * len(floor.skills)
    for stage in sorted(framework.curve.stages, key=lambda s: s.number):
        track_stage = track.stage(stage.number)
        for skill in track_stage.skills if track_stage else ():
            met += min(ratings.get(skill.id, 0), skill.expected)
            expected += skill.expected
        total_met, total_expected = met, expected
        if stage.number >= floor.gates_from_stage:
            total_met, total_expected = met + floor_met, expected + floor_expected
        out[stage.number] = total_met / total_expected if total_expected else 1.0
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
                actions=skill.actions,
            )
        )
    gaps: list[tuple[int, int, int, Skill]] = []
    for order, (number, skill) in enumerate(track.skills_through(target)):
        rating = ratings.get(skill.id, 0)
        if rating < skill.expected:
            gaps.append((number, -(skill.expected - rating), order, skill))
    gaps.sort(key=lambda g: g[:3])
    for number, neg_gap, _, skill in gaps:
        items.append(
            FocusItem(
                skill=skill.id,
                name=skill.name,
                stage=number,
                rating=ratings.get(skill.id, 0),
                expected=skill.expected,
                gap=-neg_gap,
                reason="target" if number == target else f"blocks-stage-{number}",
                actions=skill.actions,
            )
        )
    return tuple(items[:top] if top else items)


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
            f"Your floor (reading, writing and debugging code) is below {floor.minimum}: "
            f"it keeps you below stage {gate} whatever else you rate."
        )
    return tuple(out)


def assess(
    framework: Framework, assessment: Assessment, target: int | None = None, top: int | None = DEFAULT_TOP
) -> Plan:
    """The whole plan for one assessment. `target` overrides the assessment's own target.

    The assessment must already fit the framework (see planner.assessment.check_against).
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
    return Plan(
        track=track.id,
        placement=placed,
        target=goal,
        readiness=readiness(framework, track, ratings),
        floor=floor_status(framework, ratings),
        focus=focus(framework, track, ratings, goal, top),
        unrated=unrated,
        warnings=warnings(framework, track, assessment, placed, goal, unrated),
    )
