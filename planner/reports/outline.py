"""The plan outline: what a personal plan says, in the app's own words, worked out once. The Markdown
plan and the PDF plan both render this outline, so that their headline, their focus items (with the same
"why first" sentence as the app's cards), their readiness and their unrated skills (by name) cannot drift
apart. Plain text; each renderer escapes or lays it out as its format needs."""

from __future__ import annotations

from dataclasses import dataclass

from planner.formats.assessment import Assessment
from planner.framework import Framework
from planner.person.placement import FocusItem, Plan
from planner.views.tables import NO_FIGURE, readiness_rows, readiness_text
from planner.views.words import (
    floor_words,
    focus_count_words,
    lesson_origin,
    level_label,
    met_words,
    reason_words,
    rise_words,
    role_title,
    stage_name,
    where_words,
)


@dataclass(frozen=True)
class FocusEntry:
    """One focus item as the plan words it."""

    number: int
    name: str
    where: str
    gap: str
    why: str
    actions: tuple[str, ...]


@dataclass(frozen=True)
class ReadinessEntry:
    stage: int
    name: str  # the stage's name, '(aspirational)' added where it is
    readiness: str  # '81%', or NO_FIGURE for a stage that asks nothing of its own
    status: str
    met: str = ""  # '1 of 12 skills met', '' for a stage that judges no skill


@dataclass(frozen=True)
class PlanOutline:
    title: str
    facts: tuple[
        tuple[str, str], ...
    ]  # (label, text): track, placement, target, floor, assessment, framework
    warnings: tuple[str, ...]
    focus: tuple[FocusEntry, ...]
    nothing_to_develop: str  # said instead of the focus list when it is empty
    readiness: tuple[ReadinessEntry, ...]
    unrated: tuple[str, ...]  # skill names, never ids
    stale: tuple[str, ...]  # skill names whose rating is older than the framework's review period
    unconfirmed: tuple[tuple[str, str], ...]  # (skill name, its rating) for high ratings nobody confirmed
    evidence: tuple[tuple[str, str], ...]  # (skill name, note)
    # What the framework teaches about the stages of this plan's gaps: (label, text, where it comes from).
    lessons: tuple[tuple[str, str, str], ...] = ()
    focus_count: str = ""  # 'the top 3 of 14' or 'all 14': what the focus list carries


MAX_ACTIONS = 3
# Said before the high ratings nobody has confirmed: they are shown, marked, never left out.
UNCONFIRMED = (
    "Not yet confirmed (these ratings count towards the placement, not the trusted placement; ask a "
    "colleague to confirm them or agree them with your manager)"
)


def plan_outline(framework: Framework, assessment: Assessment, plan: Plan) -> PlanOutline:
    """The outline of one plan: its headline facts, warnings, focus entries, readiness and notes."""
    names = framework.skill_names
    return PlanOutline(
        title=f"Growth plan for {assessment.name}" if assessment.name else "Growth plan",
        facts=_facts(framework, assessment, plan),
        warnings=plan.warnings,
        focus=tuple(_entry(framework, plan, i, item) for i, item in enumerate(plan.focus, 1)),
        nothing_to_develop=(
            f"Nothing to develop up to {stage_name(framework, plan.target)}: every skill is at or above what "
            "it expects."
        ),
        readiness=tuple(
            ReadinessEntry(
                stage=row["Stage"],
                name=row["Name"] + (" (aspirational)" if "aspirational" in row["Status"] else ""),
                readiness=readiness_text(row),
                status=row["Status"],
                met=_met(plan, row["Stage"]) if row["Readiness"] is not None else "",
            )
            for row in readiness_rows(framework, plan)
        ),
        focus_count=focus_count_words(len(plan.focus), max(plan.focus_total, len(plan.focus))),
        unrated=tuple(names.get(skill, skill) for skill in plan.unrated),
        stale=tuple(names.get(skill, skill) for skill in plan.stale),
        unconfirmed=tuple(
            (
                names.get(skill, skill),
                f"rated {level_label(framework, assessment.rating(skill))}, unconfirmed",
            )
            for skill in plan.trusted.unconfirmed
        ),
        evidence=tuple((names.get(k, k), v) for k, v in assessment.evidence.items() if v.strip()),
        lessons=tuple((lesson.label, lesson.text, lesson_origin(lesson)) for lesson in plan.lessons),
    )


def _met(plan: Plan, stage: int) -> str:
    met = plan.met.get(stage)
    return met_words(met.met, met.of) if met is not None and met.of else ""


def _facts(framework: Framework, assessment: Assessment, plan: Plan) -> tuple[tuple[str, str], ...]:
    track = framework.track(plan.track)
    title = role_title(framework, plan.track, plan.placement) if plan.placement else ""
    target_row = next((r for r in readiness_rows(framework, plan) if r["Stage"] == plan.target), None)
    ready = readiness_text(target_row) if target_row else NO_FIGURE
    floor = level_label(framework, framework.curve.floor.minimum)
    facts = [
        ("Track", track.name if track else plan.track),
        ("Placement", stage_name(framework, plan.placement) + (f", {title}" if title else "")),
        (
            "Trusted placement",
            f"{stage_name(framework, plan.trusted.placement)} "
            f"({plan.trusted.confirmed} of {plan.trusted.of} ratings confirmed)",
        ),
        ("Target", stage_name(framework, plan.target) + (f", {ready} ready" if ready != NO_FIGURE else "")),
        (framework.curve.floor.name, f"{floor_words(plan)} (at {floor} or above)"),
    ]
    if assessment.rater != "self" or assessment.assessed_on:
        when = f" on {assessment.assessed_on.isoformat()}" if assessment.assessed_on else ""
        facts.append(("Assessment", f"rated by {assessment.rater}{when}"))
    facts.append(("Framework", f"{framework.curve.name} {framework.curve.version}".strip()))
    return tuple(facts)


def _entry(framework: Framework, plan: Plan, number: int, item: FocusItem) -> FocusEntry:
    return FocusEntry(
        number=number,
        name=item.name,
        where=where_words(item, framework, plan.track),
        gap=(
            f"Rated {level_label(framework, item.rating)}; expected {level_label(framework, item.expected)} "
            f"(gap {item.gap})." + (f" {rise_words(item, framework)}" if item.rises else "")
        ),
        why=reason_words(item, framework),
        actions=item.actions[:MAX_ACTIONS],
    )
