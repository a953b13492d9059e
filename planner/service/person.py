"""One person's plan: the use case behind `stagepath assess`, My plan and its exports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable

from planner.formats.assessment import Assessment
from planner.formats.confirmations import Confirmation
from planner.framework import Framework
from planner.person.placement import Plan, assess


def person_plan(
    framework: Framework,
    assessment: Assessment,
    target: int | None = None,
    top: int | None = 3,
    today: dt.date | None = None,
    confirmations: Iterable[Confirmation] = (),
    accepted: Collection[str] = frozenset(),
) -> Plan:
    """The plan for one assessment: placement, the trusted placement (on the ratings the assessment's
    rater, `confirmations` still within their period as of `today`, or `accepted` scan evidence confirm),
    readiness, floor, focus (the first `top` items, all when None), the ratings due again as of `today`,
    and warnings."""
    return assess(
        framework,
        assessment,
        target=target,
        top=top,
        today=today,
        confirmations=confirmations,
        accepted=accepted,
    )
