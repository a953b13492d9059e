"""The app's small vocabulary: how stages, levels, provenance and focus reasons are put into words, the
colour palette, the Markdown escape, and safe file names and links. Pure functions; no streamlit, so the PDF and the pages
say things the same way."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import quote, urlsplit

from planner.framework import Framework
from planner.framework.tracks import Skill, TrackStage
from planner.person.placement import FocusItem, Lesson, Plan
from planner.views.escape import literal as literal  # the pages take it from here with the other words
from planner.views.memo import Memo

# Okabe-Ito: distinguishable with every common form of colour blindness. Colour never carries meaning alone.
BLUE, ORANGE, SKY, GREEN, YELLOW, VERMILLION, PURPLE, GREY = (
    "#0072B2",
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#D55E00",
    "#CC79A7",
    "#999999",
)

PROVENANCE_WORDS = {
    "stated": "Stated in the source",
    "inferred": "Inferred: our reading of the source",
}


def stage_name(framework: Framework, number: int) -> str:
    """'Stage 3 · Task'; 'Not yet placed' for stage 0."""
    if number <= 0:
        return "Not yet placed"
    stage = framework.stage(number)
    return f"Stage {number} · {stage.name}" if stage else f"Stage {number}"


def stage_option(framework: Framework, number: int) -> str:
    """A stage as a picker option, aspirational stages marked in words."""
    stage = framework.stage(number)
    mark = " (aspirational)" if stage and stage.aspirational else ""
    return stage_name(framework, number) + mark


def role_title(framework: Framework, track_id: str, number: int) -> str:
    """The track's role title at a stage, marked where it is inferred, or '' when the track names none."""
    track = framework.track(track_id)
    stage = track.stage(number) if track else None
    return titled(stage) if stage else ""


def titled(stage: TrackStage) -> str:
    """A track stage's title, marked as ours where the source does not give it: 'Quality architect
    (inferred title)'."""
    return f"{stage.title} (inferred title)" if stage.title_inferred else stage.title


def lesson_origin(lesson: Lesson) -> str:
    """Where a lesson comes from and which gaps it bears on, in words: 'Stated in the source
    (https://...); bears on the floor and stage 5'."""
    where = [("the floor" if n == 0 else f"stage {n}") for n in lesson.stages]
    bears = where[0] if len(where) == 1 else f"{', '.join(where[:-1])} and {where[-1]}"
    said = PROVENANCE_WORDS.get(lesson.provenance, lesson.provenance)
    return (
        f"{said}"
        + (f" ({lesson.source})" if lesson.source else "")
        + (f"; bears on {bears}" if where else "")
    )


def level_name(framework: Framework, level: int) -> str:
    """The scale's word for a level ('Proficient'), or '' when the level is not on the scale."""
    return next((lv.name for lv in framework.curve.scale if lv.level == level), "")


def level_label(framework: Framework, level: int | None) -> str:
    """'3 · Proficient'; 'Unrated' for None."""
    if level is None:
        return "Unrated"
    name = level_name(framework, level)
    return f"{level} · {name}" if name else str(level)


def expected_words(framework: Framework, skill: Skill) -> str:
    """What a skill expects, in the scale's words: '3 · Proficient', or for a ladder '2 · Practising,
    then 3 · Proficient from stage 4, 4 · Leading from stage 6'."""
    rungs = skill.rungs
    if not rungs:
        return level_label(framework, skill.level_at(0))
    first, *rises = rungs
    later = ", ".join(f"{level_label(framework, level)} from stage {number}" for number, level in rises)
    return level_label(framework, first[1]) + (f", then {later}" if later else "")


_OPTIONS: Memo[dict[int, str]] = Memo(16)


def level_options(framework: Framework) -> dict[int, str]:
    """Each level's label, escaped for a control's options ('3 · Proficient'), made once per framework."""
    return _OPTIONS.get(
        framework.digest,
        lambda: {lv.level: literal(level_label(framework, lv.level)) for lv in framework.curve.scale},
    )


def percent(value: float) -> str:
    return f"{round(value * 100)}%"


def _skills(count: int) -> str:
    return f"{count} skill{'s' if count != 1 else ''}"


def floor_words(plan: Plan) -> str:
    """'met'; 'not rated yet' while no floor skill below the minimum has a rating (nothing rated is no
    failure); else in how many rated skills it is not met, and how many are still to rate."""
    floor = plan.floor
    if floor.ok:
        return "met"
    unrated = set(plan.unrated)
    to_rate = sum(b.skill in unrated for b in floor.breaches)
    below = len(floor.breaches) - to_rate
    if not below:
        return "not rated yet"
    return f"not met in {_skills(below)}" + (f", {to_rate} not rated yet" if to_rate else "")


def floor_verdict(plan: Plan) -> str:
    """The floor's status as a headline: 'Met', 'Not met' or 'Not rated yet'."""
    words = floor_words(plan)
    return "Not met" if words.startswith("not met") else words.capitalize()


def reason_words(item: FocusItem, framework: Framework) -> str:
    """Why a focus item comes where it does, in a sentence."""
    floor = framework.curve.floor
    if item.reason == "floor":
        return (
            f"It is part of the floor ({floor.name}), which stays at {level_label(framework, floor.minimum)} at "
            f"every stage and gates placement from stage {floor.gates_from_stage} on."
        )
    if item.reason == "target":
        return f"Your target, {stage_name(framework, item.stage)}, expects it."
    return (
        f"A gap at {stage_name(framework, item.stage)}: until it closes, you cannot be placed at stage "
        f"{item.stage} or anything above it."
    )


def where_words(item: FocusItem, framework: Framework, track_id: str) -> str:
    """Where a focus item sits: the floor, or a stage with the track's role title."""
    if item.stage == 0:
        return framework.curve.floor.name
    title = role_title(framework, track_id, item.stage)
    return stage_name(framework, item.stage) + (f" ({title})" if title else "")


def met_words(met: int, of: int) -> str:
    """'1 of 12 skills met' beside a share of levels, so that a high share with few skills fully there
    reads as what it is."""
    return f"{met} of {of} skill{'s' if of != 1 else ''} met"


def rise_words(item: FocusItem, framework: Framework) -> str:
    """For a focus item whose skill's level rises after its own stage: 'A stage 4 skill whose level rises
    to 3 · Proficient at stage 5.'; '' for any other item."""
    if not item.rises:
        return ""
    return (
        f"A stage {item.skill_stage} skill whose level rises to {level_label(framework, item.expected)} "
        f"at stage {item.stage}."
    )


def focus_count_words(shown: int, total: int) -> str:
    """What a focus list carries: 'the top 3 of 14' when it is cut short, 'all 14' when it is whole."""
    if shown < total:
        return f"the top {shown} of {total}"
    return f"all {total}" if total != 1 else "the only one"


def safe_url(url: str) -> str | None:
    """An http(s) address made safe to put in a Markdown link, or None for anything else (javascript:,
    data:, relative paths), which is then shown as text only."""
    text = url.strip()
    parts = urlsplit(text)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return None
    # Percent-encode what could end or break the Markdown link: spaces, brackets, parentheses, quotes.
    return quote(text, safe=":/?#@!$&'*+,;=%~-._")


_UNSAFE_FILE_CHARS = re.compile(r"[^a-z0-9]+")


def file_stem(name: str | None, track: str, day: dt.date) -> str:
    """A safe download name stem: lower-case letters, digits and dashes only, never a path."""
    who = _UNSAFE_FILE_CHARS.sub("-", (name or "").lower()).strip("-")[:40].strip("-")
    parts = ["stagepath", who, _UNSAFE_FILE_CHARS.sub("-", track.lower()).strip("-"), day.isoformat()]
    return "-".join(p for p in parts if p)
