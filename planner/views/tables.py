"""The numbers behind every chart, as rows: the pages show them as tables beside the charts, the figures
and the PDF draw from them. Pure functions over framework, assessment and plan; no streamlit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from planner.formats.assessment import Assessment
from planner.framework import Framework
from planner.framework.tracks import Track
from planner.person.effort import project, quoted
from planner.person.placement import Plan
from planner.views.memo import Memo
from planner.views.words import level_label, percent, stage_name

Row = dict[str, Any]


NOTHING_OF_ITS_OWN = "no skills of its own"
NO_FIGURE = "—"


# Asked for every stage by each readiness figure, label and chart on every run; it depends on the
# framework's content only (a framework without a digest is looked at afresh).
_OWN: Memo[bool] = Memo(1024)


def has_own_expectations(framework: Framework, track_id: str, number: int) -> bool:
    """Whether a stage asks something of its own of the track: a skill that starts there, or a ladder
    rung that raises a skill's level there. A stage that asks nothing new (an aspirational stage, most
    often) has no readiness of its own to show: its figure would only repeat the stage below."""
    if not framework.digest:
        return _asks_its_own(framework, track_id, number)
    return _OWN.get((framework.digest, track_id, number), lambda: _asks_its_own(framework, track_id, number))


def _asks_its_own(framework: Framework, track_id: str, number: int) -> bool:
    track = framework.track(track_id)
    if track is None:
        return False
    stage = track.stage(number)
    if stage is not None and stage.skills:
        return True
    return any(number in dict(skill.rungs) for _, skill in track.skills_through(number))


def readiness_share(framework: Framework, plan: Plan, number: int) -> float | None:
    """The plan's readiness for a stage, None for a stage that asks nothing of its own (no figure)."""
    return plan.readiness.get(number, 0.0) if has_own_expectations(framework, plan.track, number) else None


def ready_words(framework: Framework, plan: Plan, number: int) -> str:
    """'53% ready', or for a stage with nothing of its own to be ready for, that it has no skills of its own."""
    share = readiness_share(framework, plan, number)
    return NOTHING_OF_ITS_OWN if share is None else f"{percent(share)} ready"


def readiness_rows(framework: Framework, plan: Plan) -> list[Row]:
    """One row per stage: its readiness (None for a stage that asks nothing of its own) and what it means
    for this plan, in words."""
    rows = []
    for stage in framework.curve.stages:
        n = stage.number
        if n <= plan.placement:
            status = "placed" if n == plan.placement else "earned"
        elif n == plan.target:
            status = "target"
        else:
            status = "ahead"
        if stage.aspirational:
            status += ", aspirational"
        share = readiness_share(framework, plan, n)
        if share is None:
            status += f", {NOTHING_OF_ITS_OWN}"
        rows.append(
            {
                "Stage": n,
                "Name": stage.name,
                "Readiness": None if share is None else round(share * 100),
                "Status": status,
            }
        )
    return rows


def readiness_text(row: Row) -> str:
    """A readiness row's figure as text: '81%', or NO_FIGURE for a stage with nothing of its own."""
    # An em dash: a lone hyphen in a table cell renders as a bullet.
    return NO_FIGURE if row["Readiness"] is None else f"{row['Readiness']}%"


@dataclass(frozen=True)
class RadarPoint:
    skill: str
    name: str
    where: str
    rating: int
    expected: int


def radar_points(framework: Framework, assessment: Assessment, target: int) -> list[RadarPoint]:
    """Every skill the target stage expects, cumulatively, the floor first: rating against the level the
    target expects of it."""
    return [
        RadarPoint(
            e.id,
            e.name,
            f"Stage {e.stage}" if e.stage else framework.curve.floor.name,
            assessment.rating(e.id),
            e.level,
        )
        for e in framework.expectations(assessment.track, target)
    ]


def radar_rows(framework: Framework, points: list[RadarPoint], rated: dict[str, int]) -> list[Row]:
    return [
        {
            "Skill": p.name,
            "Where": p.where,
            "Rating": level_label(framework, rated.get(p.skill)),
            "Expected": level_label(framework, p.expected),
            "Gap": max(p.expected - p.rating, 0),
        }
        for p in points
    ]


@dataclass(frozen=True)
class CostPoint:
    stage: int
    name: str
    builds: str
    low: float | None
    high: float | None
    rule_of_thumb: float | None
    quoted: str | None = None


def cost_points(framework: Framework) -> list[CostPoint]:
    """Each stage with a reference effort or a rule-of-thumb projection: our conversion of the source's words, and the
    multiplier applied from the middle of the first quoted range."""
    effort = framework.curve.effort
    if effort is None or not effort.reference:
        return []
    first = min(effort.reference)
    lo, hi = effort.reference[first]
    start = (lo + hi) / 2
    projected: dict[int, float] = {row.stage: row.days for row in project(framework, first, start).projection}
    projected[first] = start
    numbers = sorted(set(projected) | set(effort.reference))
    points = []
    for n in numbers:
        stage = framework.stage(n)
        ref = effort.reference.get(n)
        points.append(
            CostPoint(
                stage=n,
                name=stage.name if stage else "",
                builds=stage.builds if stage else "",
                low=ref[0] if ref else None,
                high=ref[1] if ref else None,
                rule_of_thumb=projected.get(n),
                quoted=quoted(framework, n),
            )
        )
    return points


def whole_days(value: float | None) -> int | None:
    """A number of days as a whole number (half up), as the effort's projection counts them: a table of
    days reads '858', never '858.0000' or '2.5'."""
    return None if value is None else int(value + 0.5)


def cost_rows(framework: Framework, points: list[CostPoint]) -> list[Row]:
    """The cost curve's numbers beside the source's words, in whole days; the unit is named once, beside
    the table."""
    multiplier = framework.curve.effort.multiplier if framework.curve.effort else 0
    return [
        {
            "Stage": p.stage,
            "Name": p.name,
            "The source's words": p.quoted or "",
            "Low": whole_days(p.low),
            "High": whole_days(p.high),
            f"{multiplier:g}x rule": whole_days(p.rule_of_thumb),
            "What is built": p.builds,
        }
        for p in points
    ]


def ladder_rows(framework: Framework, track: Track) -> list[Row]:
    """A track's skills by the stages people can be placed at: the level each expects there (blank before
    its own stage, so where it starts shows), whether it rises, and whether the levels are the source's
    or ours."""
    placeable = [s.number for s in sorted(framework.curve.stages, key=lambda s: s.number)]
    placeable = [n for n in placeable if n <= framework.ceiling]
    rows: list[Row] = []
    for own, skill in track.skills_through(framework.ceiling):
        row: Row = {"Skill": skill.name}
        row.update((f"Stage {n}", str(skill.level_at(n)) if n >= own else "") for n in placeable)
        row["Rises"] = "yes" if len({lv for _, lv in skill.rungs}) > 1 else "no"
        row["Levels"] = skill.expected_provenance
        rows.append(row)
    # The climb in one row: the mean level the track's skills ask at each stage (the floor left out).
    mean: Row = {"Skill": "Mean level asked"}
    means = {n: framework.mean_level(track, n) for n in placeable}
    mean.update((f"Stage {n}", f"{means[n]:.2f}" if means[n] else "") for n in placeable)
    mean["Rises"], mean["Levels"] = "", ""
    return [*rows, mean] if rows else rows


def comparison_rows(framework: Framework) -> list[Row]:
    """Each stage of the curve beside the levels of other published models that line up with it."""
    rows = []
    for stage in framework.curve.stages:
        row: Row = {"Stage": stage_name(framework, stage.number)}
        for comparison in framework.curve.comparisons:
            labels = [lv.label for lv in comparison.levels if stage.number in lv.aligns_with]
            row[f"{comparison.name} ({comparison.author})"] = "; ".join(labels) or "-"
        rows.append(row)
    return rows


def skill_change_rows(
    framework: Framework, before: Assessment, after: Assessment, changed_only: bool = False
) -> list[Row]:
    """Per skill of the track, floor first: the rating before, after, and the change."""
    floor = framework.curve.floor.name
    where = {e.id: f"Stage {e.stage}" if e.stage else floor for e in framework.expectations(after.track)}
    rows = []
    for skill in framework.track_skill_ids(after.track):
        old, new = before.ratings.get(skill), after.ratings.get(skill)
        change = (new or 0) - (old or 0)
        if changed_only and old == new:
            continue
        rows.append(
            {
                "Skill": framework.skill_names.get(skill, skill),
                "Where": where.get(skill, ""),
                "Before": level_label(framework, old),
                "After": level_label(framework, new),
                "Change": f"{change:+d}" if change else "same",
            }
        )
    return rows


def readiness_change_rows(framework: Framework, before: Plan, after: Plan) -> list[Row]:
    """Readiness per stage before and after, by My plan's rules: a stage that asks nothing of its own
    shows no figure (NO_FIGURE), and an aspirational stage says so."""
    rows = []
    for s in framework.curve.stages:
        old, new = readiness_share(framework, before, s.number), readiness_share(framework, after, s.number)
        rows.append(
            {
                "Stage": stage_name(framework, s.number) + (" (aspirational)" if s.aspirational else ""),
                "Before": NO_FIGURE if old is None else percent(old),
                "After": NO_FIGURE if new is None else percent(new),
                "Change (points)": NO_FIGURE
                if old is None or new is None
                else f"{round((new - old) * 100):+d}",
            }
        )
    return rows
