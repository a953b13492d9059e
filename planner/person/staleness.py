"""Ratings that age: a rating from an assessment dated more than a skill's `review_after_days` before
today is stale and due for re-rating. The curve may give one number for every skill and any skill its own
(agent-era skills age faster than the floor). An undated assessment is never stale: its age is unknown,
and the plan says so. Today is always passed in, so the rules stay pure and scripts can fix it."""

from __future__ import annotations

import datetime as dt

from planner.formats.assessment import Assessment
from planner.framework import Framework

AGE_UNKNOWN = (
    "The assessment has no date, so the age of its ratings is unknown; date it to see when to re-rate."
)


def review_after(framework: Framework) -> dict[str, int | None]:
    """Each skill's days before a rating of it is due again: its own, else the curve's, else None (never)."""
    default = framework.curve.review_after_days
    floor_days = framework.curve.floor.review_after_days
    floor = {s.id: s.review_after_days or floor_days for s in framework.curve.floor.skills}
    own = floor | {k.id: k.review_after_days for t in framework.tracks for st in t.stages for k in st.skills}
    return {skill: own.get(skill) or default for skill in framework.skill_names}


def is_stale(assessed_on: dt.date | None, days: int | None, today: dt.date) -> bool:
    """Stale when dated more than `days` days before today; never when undated or the skill never ages."""
    return assessed_on is not None and days is not None and (today - assessed_on).days > days


def stale_before(framework: Framework, today: dt.date) -> dt.date | None:
    """The day an assessment must be dated before to hold any rating due for re-rating: today less the
    shortest review period (`is_stale`'s rule, for every skill at once). None when no skill ages."""
    days = [d for d in review_after(framework).values() if d is not None]
    return today - dt.timedelta(days=min(days)) if days else None


def stale_skills(framework: Framework, assessment: Assessment, today: dt.date) -> tuple[str, ...]:
    """The rated skills of one assessment that are due for re-rating, in framework order."""
    limits = review_after(framework)
    return tuple(
        skill
        for skill in framework.track_skill_ids(assessment.track)
        if skill in assessment.ratings and is_stale(assessment.assessed_on, limits.get(skill), today)
    )


def age_warnings(assessment: Assessment) -> tuple[str, ...]:
    """What a plan says about the age of its ratings: only that it is unknown, for an undated one."""
    return () if assessment.assessed_on is not None else (AGE_UNKNOWN,)
