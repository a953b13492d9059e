"""Human-readable reports: the personal plan and the effort projection as Markdown.

Text that comes from people or from a framework is escaped so that it can never become a link, an
image, HTML or a heading in whatever renders the Markdown."""

from __future__ import annotations

from planner.assessment import Assessment
from planner.effort import Projection
from planner.framework import Framework, TrackStage
from planner.placement import Plan
from planner.views.words import md


def _percent(value: float) -> str:
    return f"{round(value * 100)}%"


def plan_markdown(framework: Framework, assessment: Assessment, plan: Plan) -> str:
    """A personal plan a person can paste into a 1:1 document."""
    track = framework.track(plan.track)
    track_name = track.name if track else plan.track
    placed = framework.stage(plan.placement)
    target = framework.stage(plan.target)
    title = f"Growth plan for {md(assessment.name)}" if assessment.name else "Growth plan"
    lines = [f"# {title}", ""]
    lines.append(f"- **Track:** {md(track_name)}")
    placed_text = f"stage {plan.placement} ({md(placed.name)})" if placed else "not yet placed on the curve"
    if track and placed and (ts := track.stage(placed.number)):
        placed_text += f", {md(ts.title)}"
    lines.append(f"- **Placement:** {placed_text}")
    if target:
        lines.append(
            f"- **Target:** stage {plan.target} ({md(target.name)}), "
            f"{_percent(plan.readiness.get(plan.target, 0.0))} ready"
        )
    floor = plan.floor
    lines.append(
        f"- **{md(framework.curve.floor.name)}:** "
        + ("met" if floor.ok else f"below the minimum of {floor.minimum} in {len(floor.breaches)} skill(s)")
    )
    if assessment.rater != "self" or assessment.assessed_on:
        details = [f"rated by {assessment.rater}"]
        if assessment.assessed_on:
            details.append(f"on {assessment.assessed_on.isoformat()}")
        lines.append(f"- **Assessment:** {' '.join(details)}")
    lines.append(f"- **Framework:** {md(framework.curve.name)} {md(framework.curve.version)}".rstrip())
    if plan.warnings:
        lines += ["", "## Before you read on", ""]
        lines += [f"- {md(w)}" for w in plan.warnings]
    lines += ["", "## Focus, in order", ""]
    if not plan.focus:
        lines.append("Nothing to develop up to the target: every skill is at or above what it expects.")
    for i, item in enumerate(plan.focus, 1):
        where = md(framework.curve.floor.name) if item.stage == 0 else f"stage {item.stage}"
        why = {
            "floor": f"the floor gates placement from stage {framework.curve.floor.gates_from_stage} and never moves",
            "target": "needed at your target stage",
        }.get(item.reason, f"a gap at stage {item.stage} blocks everything above it")
        lines.append(
            f"{i}. **{md(item.name)}** ({where}): rated {item.rating}, expected {item.expected}. "
            f"Why first: {why}."
        )
        for action in item.actions[:3]:
            lines.append(f"    - {md(action)}")
    lines += ["", "## Readiness by stage", "", "| Stage | Name | Readiness |", "|---|---|---|"]
    for stage in framework.curve.stages:
        mark = " (aspirational)" if stage.aspirational else ""
        lines.append(
            f"| {stage.number} | {md(stage.name)}{mark} | {_percent(plan.readiness[stage.number])} |"
        )
    if plan.unrated:
        lines += ["", f"Unrated (counted as 0): {', '.join(md(s) for s in plan.unrated)}"]
    if plan.stale:
        due = ", ".join(md(framework.skill_names.get(s, s)) for s in plan.stale)
        lines += ["", f"Due for re-rating (older than the framework's review period): {due}"]
    evidence = {k: v for k, v in assessment.evidence.items() if v.strip()}
    if evidence:
        lines += ["", "## Evidence noted", ""]
        names = framework.skill_names
        lines += [f"- **{md(names.get(k, k))}:** {md(v)}" for k, v in evidence.items()]
    return "\n".join(lines) + "\n"


def effort_markdown(projection: Projection) -> str:
    """The projection as a small table, the rule of thumb and the reference kept apart, with the source's
    own words beside our conversion of them and the rule's gap at the top."""
    start = projection.from_
    lines = [
        f"# Effort projection from stage {start.stage} ({start.days:g} {md(projection.unit)})",
        "",
        f"Projected days use a rule of thumb: about {projection.multiplier:g}x per stage. The reference "
        f"column is our conversion into {md(projection.unit)} of the source's words, quoted beside it; where "
        "the two disagree, trust the reference.",
        "",
        f"| Stage | Projected ({md(projection.unit)}) | Reference ({md(projection.unit)}, our conversion) "
        "| The source's words |",
        "|---|---|---|---|",
    ]
    for row in projection.projection:
        ref = f"{row.reference[0]:g} to {row.reference[1]:g}" if row.reference else "none given"
        words = f'"{md(row.quoted)}"' if row.quoted else "-"
        lines.append(f"| {row.stage} | {row.days:,} | {ref} | {words} |")
    if projection.gap is not None:
        lines += ["", f"The gap at the top: {md(projection.gap.sentence)}"]
    return "\n".join(lines) + "\n"


def _title(stage: TrackStage | None) -> str:
    return stage.title if stage else ""


def framework_markdown(framework: Framework) -> str:
    """The framework at a glance: each stage with its name, the shift it brings and each track's role
    title there (aspirational stages marked), then how many skills each track rates."""
    tracks = framework.tracks
    title = f"{framework.curve.name} {framework.curve.version}".strip()
    lines = [
        f"# {md(title)}",
        "",
        "| Stage | Name | Shift | " + " | ".join(md(t.name) for t in tracks) + " |",
        "|---|---|---|" + "---|" * len(tracks),
    ]
    for stage in sorted(framework.curve.stages, key=lambda s: s.number):
        mark = " (aspirational)" if stage.aspirational else ""
        titles = [_title(t.stage(stage.number)) for t in tracks]
        lines.append(
            f"| {stage.number} | {md(stage.name)}{mark} | {md(stage.shift)} | "
            + " | ".join(md(x) for x in titles)
            + " |"
        )
    lines.append("")
    lines += [
        f"- {md(t.name)}: {len(framework.track_skill_ids(t.id))} skills, the competency floor included"
        for t in tracks
    ]
    return "\n".join(lines) + "\n"
