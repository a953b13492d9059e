"""Trusted ratings: which of a person's ratings someone besides them has confirmed.

A rating is confirmed when it comes from an assessment of rater `agreed` (the person and a manager
accepted it together in a check-in), or a colleague confirmed the skill at or above the rating (answering
`confirmed` to a request at that level or above, or answering with a level at or above it) no longer ago
than the skill's review period (planner.person.staleness), or it rests on evidence from the work that the
person accepted. The trusted placement is the placement on the confirmed ratings alone: an unconfirmed
rating counts as unrated. Pure functions; today is always passed in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable

from pydantic import Field

from planner.common.result import Result
from planner.formats.assessment import Assessment
from planner.formats.confirmations import Confirmation, person_key
from planner.framework import Framework
from planner.person.staleness import is_stale, review_after

# The raters whose ratings are confirmed as they stand.
CONFIRMED_RATERS: frozenset[str] = frozenset({"agreed"})


class Trusted(Result):
    """The placement on confirmed ratings only, and how many of the person's ratings are confirmed."""

    placement: int
    confirmed: int  # rated skills of the track (the floor included) whose rating is confirmed
    of: int  # rated skills of the track (the floor included)
    # Rated skills, in framework order, whose unconfirmed rating reaches the level the skill first expects:
    # they raise the placement but not the trusted one. For reports to mark; not part of the JSON.
    unconfirmed: tuple[str, ...] = Field(default=(), exclude=True)


def confirmed_level(confirmation: Confirmation, days: int | None, today: dt.date) -> int | None:
    """The level a colleague's answer vouches for, while it is within the skill's review period (`days`,
    None for a skill that never ages); None when it vouches for nothing: pending, declined, undated, or
    answered longer ago than the period."""
    answer, when = confirmation.answer, confirmation.answered_at
    if answer is None or answer == "declined" or when is None or is_stale(when, days, today):
        return None
    return confirmation.level if answer == "confirmed" else int(answer)


def vouched_levels(
    framework: Framework, confirmations: Iterable[Confirmation], today: dt.date | None
) -> dict[str, dict[str, int]]:
    """For each person (by `person_key`), the highest level colleagues vouch for per skill with answers
    still within the skill's review period as of `today` (none without `today`): the one reading of
    confirmations for a person, a team and the organisation."""
    out: dict[str, dict[str, int]] = {}
    if today is None:
        return out
    limits = review_after(framework)
    for c in confirmations:
        level = confirmed_level(c, limits.get(c.skill), today)
        if level is not None:
            skills = out.setdefault(person_key(c.person), {})
            skills[c.skill] = max(level, skills.get(c.skill, level))
    return out


def confirmed_skills(
    framework: Framework,
    assessment: Assessment,
    confirmations: Iterable[Confirmation] = (),
    accepted: Collection[str] = frozenset(),
    today: dt.date | None = None,
) -> frozenset[str]:
    """The rated skills of the assessment's track whose rating is confirmed.

    `confirmations` may name other people: only those naming the assessment's person count (none do when
    it names nobody). `accepted` holds the skills whose rating rests on scan evidence the person accepted.
    Without `today` no confirmation can be shown to be within its period, so none counts.
    """
    rated = [s for s in framework.track_skill_ids(assessment.track) if s in assessment.ratings]
    if assessment.rater in CONFIRMED_RATERS:
        return frozenset(rated)
    vouched = (
        vouched_levels(framework, confirmations, today).get(person_key(assessment.name), {})
        if assessment.name
        else {}
    )
    return frozenset(s for s in rated if s in accepted or vouched.get(s, -1) >= assessment.ratings[s])


def first_levels(framework: Framework, track_id: str) -> dict[str, int]:
    """The level each skill of the track expects at its own stage (the floor's at its minimum)."""
    out: dict[str, int] = {}
    for stage in sorted(s.number for s in framework.curve.stages):
        for e in framework.expectations(track_id, stage):
            out.setdefault(e.id, e.level)
    return out
