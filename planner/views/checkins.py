"""Check-ins and confirmations in words and tables: a check-in's steps, the skill-by-skill table a manager
reviews and a person agrees, and a confirmation request as a line."""

from __future__ import annotations

from typing import Any

from planner.framework import Framework
from planner.storage.checkins import AGREED, DRAFT, REVIEWED, SHARED, StoredCheckIn, StoredConfirmation
from planner.views.words import level_label

Row = dict[str, Any]

STATE_WORDS = {
    DRAFT: "draft: waiting for the person to share their ratings",
    SHARED: "shared: waiting for a manager's review",
    REVIEWED: "reviewed: waiting for the person to agree",
    AGREED: "agreed",
}


def state_words(check_in: StoredCheckIn) -> str:
    """The check-in's state and what it waits on."""
    return STATE_WORDS.get(check_in.state, check_in.state)


def step_rows(check_in: StoredCheckIn) -> list[Row]:
    """Every step, oldest first: its state, when (UTC, to the minute) and by whom."""
    return [
        {"State": s.state, "When (UTC)": s.at.strftime("%Y-%m-%d %H:%M"), "By": s.by} for s in check_in.steps
    ]


def review_rows(framework: Framework, check_in: StoredCheckIn) -> list[Row]:
    """One row per skill of the shared assessment's track: the person's rating and evidence, and (once
    reviewed) the manager's rating, the level proposed and the note; levels as numbers, None where unrated."""
    shared = check_in.last(SHARED)
    own = shared.assessment if shared is not None else None
    if own is None:
        return []
    review = check_in.last(REVIEWED)
    theirs = review.assessment.ratings if review is not None and review.assessment is not None else {}
    notes = review.notes if review is not None else {}
    proposed = dict(notes.get("proposed", {}))
    said = dict(notes.get("notes", {}))
    names = framework.skill_names
    return [
        {
            "Skill": names.get(skill, skill),
            "id": skill,
            "Their rating": own.rating(skill),
            "Their evidence": own.evidence.get(skill, ""),
            "Manager's rating": theirs.get(skill, own.rating(skill)) if review is not None else None,
            "Agreed level": proposed.get(skill) if review is not None else None,
            "Note": said.get(skill, ""),
        }
        for skill in framework.track_skill_ids(own.track)
    ]


def confirmation_line(framework: Framework, request: StoredConfirmation) -> str:
    """`Ada Lovelace asks grace@example.com to confirm Prompting at 3 (Practising), on 2026-12-01: ...`"""
    skill = framework.skill_names.get(request.skill, request.skill)
    evidence = f": {request.evidence}" if request.evidence else ""
    return (
        f"{request.person} asks {request.asked_of} to confirm {skill} at {level_label(framework, request.level)}, "
        f"on {request.asked_at.isoformat()}{evidence}"
    )


def answer_words(framework: Framework, request: StoredConfirmation) -> str:
    """What the colleague answered, and when; 'waiting' while pending."""
    if request.answer is None or request.answered_at is None:
        return "waiting"
    when = request.answered_at.isoformat()
    if request.answer in ("confirmed", "declined"):
        return f"{request.answer} on {when}"
    return f"saw {level_label(framework, int(request.answer))}, on {when}"
