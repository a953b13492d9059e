"""Human-readable reports: the personal plan and the effort projection as Markdown.

Text that comes from people or from a framework is escaped so that it can never become a link, an
image, HTML or a heading in whatever renders the Markdown."""

from __future__ import annotations

from planner.formats.assessment import Assessment
from planner.framework import Framework
from planner.framework.tracks import TrackStage
from planner.person.effort import Projection
from planner.person.placement import Plan
from planner.reports.outline import UNCONFIRMED, plan_outline
from planner.views.escape import literal
from planner.views.tables import NO_FIGURE
from planner.views.words import titled


def plan_markdown(framework: Framework, assessment: Assessment, plan: Plan) -> str:
    """A personal plan a person can paste into a 1:1 document: the plan outline as Markdown."""
    outline = plan_outline(framework, assessment, plan)
    lines = [f"# {literal(outline.title)}", ""]
    lines += [f"- **{label}:** {literal(text)}" for label, text in outline.facts]
    if outline.warnings:
        lines += ["", "## Before you read on", ""]
        lines += [f"- {literal(w)}" for w in outline.warnings]
    count = f": {outline.focus_count}" if outline.focus else ""
    lines += ["", f"## Focus, in order{count}", ""]
    if not outline.focus:
        lines.append(literal(outline.nothing_to_develop))
    for entry in outline.focus:
        lines.append(
            f"{entry.number}. **{literal(entry.name)}** ({literal(entry.where)}): {literal(entry.gap)} "
            f"Why first: {literal(entry.why)}"
        )
        lines += [f"    - {literal(action)}" for action in entry.actions]
    if outline.lessons:
        lines += ["", "## What the source teaches about these gaps", ""]
        lines += [
            f"- **{literal(label)}:** {literal(text)} ({literal(origin)})"
            for label, text, origin in outline.lessons
        ]
    lines += [
        "",
        "## Readiness by stage",
        "",
        "| Stage | Name | Readiness | Skills met |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {r.stage} | {literal(r.name)} | {literal(r.readiness)} | {literal(r.met) or NO_FIGURE} |"
        for r in outline.readiness
    ]
    if outline.unrated:
        lines += ["", f"Unrated (counted as 0): {literal(', '.join(outline.unrated))}"]
    if outline.stale:
        lines += [
            "",
            f"Due for re-rating (older than the framework's review period): {literal(', '.join(outline.stale))}",
        ]
    if outline.unconfirmed:
        lines += ["", f"{literal(UNCONFIRMED)}:", ""]
        lines += [f"- {literal(name)}: {literal(rating)}" for name, rating in outline.unconfirmed]
    if outline.evidence:
        lines += ["", "## Evidence noted", ""]
        lines += [f"- **{literal(name)}:** {literal(note)}" for name, note in outline.evidence]
    return "\n".join(lines) + "\n"


def effort_markdown(projection: Projection) -> str:
    """The projection as a small table, the rule of thumb and the reference kept apart, with the source's
    own words beside our conversion of them and the rule's gap at the top."""
    start = projection.from_
    lines = [
        f"# Effort projection from stage {start.stage} ({start.days:g} {literal(projection.unit)})",
        "",
        f"Projected days use a rule of thumb: about {projection.multiplier:g}x per stage. The reference "
        f"column is our conversion into {literal(projection.unit)} of the source's words, quoted beside it; where "
        "the two disagree, trust the reference.",
        "",
        f"| Stage | Projected ({literal(projection.unit)}) | Reference ({literal(projection.unit)}, our conversion) "
        "| The source's words |",
        "|---|---|---|---|",
    ]
    for row in projection.projection:
        ref = f"{row.reference[0]:g} to {row.reference[1]:g}" if row.reference else "none given"
        words = f'"{literal(row.quoted)}"' if row.quoted else "-"
        lines.append(f"| {row.stage} | {row.days:,} | {ref} | {words} |")
    if projection.gap is not None:
        lines += ["", f"The gap at the top: {literal(projection.gap.sentence)}"]
    return "\n".join(lines) + "\n"


def _title(stage: TrackStage | None) -> str:
    return titled(stage) if stage else ""


def framework_markdown(framework: Framework) -> str:
    """The framework at a glance: each stage with its name, the shift it brings and each track's role
    title there (aspirational stages marked), then how many skills each track rates."""
    tracks = framework.tracks
    title = f"{framework.curve.name} {framework.curve.version}".strip()
    lines = [
        f"# {literal(title)}",
        "",
        "| Stage | Name | Shift | " + " | ".join(literal(t.name) for t in tracks) + " |",
        "|---|---|---|" + "---|" * len(tracks),
    ]
    for stage in sorted(framework.curve.stages, key=lambda s: s.number):
        mark = " (name inferred)" if (stage.name_provenance or stage.provenance) == "inferred" else ""
        mark += " (aspirational)" if stage.aspirational else ""
        titles = [_title(t.stage(stage.number)) for t in tracks]
        lines.append(
            f"| {stage.number} | {literal(stage.name)}{mark} | {literal(stage.shift)} | "
            + " | ".join(literal(x) for x in titles)
            + " |"
        )
    lines.append("")
    lines += [
        f"- {literal(t.name)}: {len(framework.track_skill_ids(t.id))} skills, the competency floor included"
        for t in tracks
    ]
    return "\n".join(lines) + "\n"
