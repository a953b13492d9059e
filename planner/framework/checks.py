"""The rules of a framework that span fields and files: ids unique across the floor, the capabilities
and every track; stage numbers on the curve; levels on the scale; ladders that climb."""

from __future__ import annotations

from collections.abc import Iterator

from planner.common.documents import Document
from planner.common.problems import Problem, field_path
from planner.framework.curve import Curve
from planner.framework.tracks import Skill, Track


def cross_check(
    curve: Curve, curve_doc: Document, tracks: list[tuple[Track, Document]], complete: bool = True
) -> list[Problem]:
    """The rules that span fields and files: ids, stage numbers, levels on the scale. `complete` says every
    track file was read: only then is a track the floor's actions name and the files lack a problem (a
    broken track file is named on its own)."""
    problems: list[Problem] = []

    def add(doc: Document, loc: tuple[str | int, ...], message: str) -> None:
        problems.append(Problem(doc.source, message, field_path(loc), doc.line_of(loc)))

    levels = [lv.level for lv in curve.scale]
    if levels != list(range(len(levels))):
        add(curve_doc, ("scale",), f"levels are {levels}; expected consecutive levels 0, 1, 2, ... in order")
    low, high = min(levels), max(levels)
    on_scale = f"expected a level on the scale, {low} to {high}"

    numbers = [s.number for s in curve.stages]
    if numbers != list(range(1, len(numbers) + 1)):
        add(curve_doc, ("stages",), f"stage numbers are {numbers}; expected 1, 2, 3, ... in order")
    known_stages = set(numbers)
    if all(s.aspirational for s in curve.stages):
        add(curve_doc, ("stages",), "every stage is aspirational; expected at least one that is not")
    # Aspirational stages come last: a working stage above an aspirational one could never be reached in
    # order, and each rule would have to decide on its own what to make of it.
    working = [s.number for s in curve.stages if not s.aspirational]
    for i, step in enumerate(curve.stages):
        if step.aspirational and working and step.number < max(working):
            add(
                curve_doc,
                ("stages", i, "aspirational"),
                f"stage {step.number} is aspirational but stage {max(working)} above it is not; "
                "expected aspirational stages only after the last working one",
            )

    floor = curve.floor
    if floor.minimum not in levels:
        add(curve_doc, ("floor", "minimum"), f"{floor.minimum} is not on the scale; {on_scale}")
    framework_tracks = sorted({track.id for track, _ in tracks})
    for i, skill in enumerate(floor.skills if complete else ()):
        for track_id in skill.track_actions:
            if track_id not in framework_tracks:
                add(
                    curve_doc,
                    ("floor", "skills", i, "track_actions", track_id),
                    f"no track {track_id!r} in the framework; expected one of {', '.join(framework_tracks)}",
                )
    if curve.team_from_stage is not None and curve.team_from_stage not in known_stages:
        add(
            curve_doc,
            ("team_from_stage",),
            f"stage {curve.team_from_stage} is not on the curve; expected one of {sorted(known_stages)}",
        )
    if floor.gates_from_stage not in known_stages:
        add(
            curve_doc,
            ("floor", "gates_from_stage"),
            f"stage {floor.gates_from_stage} is not on the curve; expected one of {sorted(known_stages)}",
        )
    if curve.effort:
        for number, (lo, hi) in curve.effort.reference.items():
            if number not in known_stages:
                add(curve_doc, ("effort", "reference", number), f"stage {number} is not on the curve")
            if not 0 <= lo <= hi:
                add(curve_doc, ("effort", "reference", number), f"[{lo}, {hi}]; expected 0 <= low <= high")
        fact_ids = {f.id for f in curve.facts}
        for number, fact_id in curve.effort.quoted.items():
            if number not in curve.effort.reference:
                add(
                    curve_doc, ("effort", "quoted", number), f"stage {number} has no reference range to quote"
                )
            if fact_id not in fact_ids:
                add(
                    curve_doc, ("effort", "quoted", number), f"no fact {fact_id!r}; expected the id of a fact"
                )
    for f, fact in enumerate(curve.facts):
        for n in fact.stages:
            if n and n not in known_stages:
                add(
                    curve_doc,
                    ("facts", f, "stages"),
                    f"stage {n} is not on the curve; expected 0 (the floor) or a stage on the curve",
                )
    for c, comparison in enumerate(curve.comparisons):
        for i, level in enumerate(comparison.levels):
            for n in level.aligns_with:
                if n not in known_stages:
                    add(
                        curve_doc,
                        ("comparisons", c, "levels", i, "aligns_with"),
                        f"stage {n} is not on the curve",
                    )

    seen: dict[str, str] = {}

    def claim(skill_id: str, doc: Document, loc: tuple[str | int, ...], kind: str = "skill") -> None:
        line = doc.line_of(loc)
        here = f"{doc.source}:{line}" if line else doc.source
        if skill_id in seen:
            add(
                doc,
                loc,
                f"duplicate {kind} id {skill_id!r}, first defined at {seen[skill_id]}; "
                "ids of skills and capabilities must be unique",
            )
        else:
            seen[skill_id] = here

    for i, skill in enumerate(floor.skills):
        claim(skill.id, curve_doc, ("floor", "skills", i, "id"))
    for s, curve_stage in enumerate(curve.stages):
        for c, capability in enumerate(curve_stage.capabilities):
            claim(capability.id, curve_doc, ("stages", s, "capabilities", c, "id"), "capability")

    track_ids: dict[str, str] = {}
    for track, doc in tracks:
        if track.id in track_ids:
            add(doc, ("id",), f"duplicate track id {track.id!r}, also used in {track_ids[track.id]}")
        track_ids.setdefault(track.id, doc.source)
        stage_seen: set[int] = set()
        for s, stage in enumerate(track.stages):
            if stage.number not in known_stages:
                add(
                    doc,
                    ("stages", s, "number"),
                    f"stage {stage.number} is not on the curve; expected one of {sorted(known_stages)}",
                )
            if stage.number in stage_seen:
                add(doc, ("stages", s, "number"), f"stage {stage.number} appears twice in this track")
            stage_seen.add(stage.number)
            for k, skill in enumerate(stage.skills):
                claim(skill.id, doc, ("stages", s, "skills", k, "id"))
                at = ("stages", s, "skills", k, "expected")
                for loc, message in _ladder_problems(curve, stage.number, skill, on_scale):
                    add(doc, at + loc, message)
    return problems


def _ladder_problems(
    curve: Curve, own: int, skill: Skill, on_scale: str
) -> Iterator[tuple[tuple[int, ...], str]]:
    """Each broken rung of a skill's `expected`, with its rung as the location: a level off the scale, a
    first rung that is not the skill's own stage, a rung off the curve, at an aspirational stage, out of
    order, or lower than the rung before it."""
    levels = {lv.level for lv in curve.scale}
    if isinstance(skill.expected, int):
        if skill.expected not in levels:
            yield (), f"{skill.expected} is not on the scale; {on_scale}"
        return
    stages = {st.number: st for st in curve.stages}
    rungs = list(skill.expected.items())
    if rungs[0][0] != own:
        yield (rungs[0][0],), f"the first rung is stage {rungs[0][0]}; expected the skill's own stage, {own}"
    before: tuple[int, int] | None = None
    for number, level in rungs:
        here = (number,)
        stage = stages.get(number)
        if stage is None:
            yield here, f"rung {number}: stage {number} is not on the curve; expected one of {sorted(stages)}"
        elif stage.aspirational:
            yield (
                here,
                f"rung {number}: stage {number} is aspirational; a rung needs a stage people can be placed at",
            )
        if level not in levels:
            yield here, f"rung {number}: {level} is not on the scale; {on_scale}"
        if before is not None and number <= before[0]:
            yield (
                here,
                f"rung {number} comes after rung {before[0]}; expected rungs in increasing stage order",
            )
        elif before is not None and level < before[1]:
            yield (
                here,
                (
                    f"rung {number}: level {level} falls below {before[1]} at stage {before[0]}; "
                    "expected levels that never fall"
                ),
            )
        before = (number, level)
