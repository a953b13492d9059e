"""One person's plan: the use case behind `stagepath assess`, My plan and its exports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING

from planner.formats.access import Viewer
from planner.formats.assessment import Assessment
from planner.formats.confirmations import Confirmation
from planner.framework import Framework
from planner.person.placement import Plan, assess

if TYPE_CHECKING:  # storage is imported only where the store is used
    from planner.storage import Store


def person_plan(
    framework: Framework,
    assessment: Assessment,
    target: int | None = None,
    top: int | None = 3,
    today: dt.date | None = None,
    confirmations: Iterable[Confirmation] = (),
    accepted: Collection[str] = frozenset(),
    trust_on: dt.date | None = None,
) -> Plan:
    """The plan for one assessment: placement, the trusted placement (on the ratings the assessment's
    rater, `confirmations` still within their period as of `today`, or `accepted` scan evidence confirm),
    readiness, floor, focus (the first `top` items, all when None), the ratings due again as of `today`,
    and warnings. `trust_on` judges the confirmations on that day instead of `today`."""
    return assess(
        framework,
        assessment,
        target=target,
        top=top,
        today=today,
        confirmations=confirmations,
        accepted=accepted,
        trust_on=trust_on,
    )


def stored_confirmations(store: Store, viewer: Viewer | None, person: str) -> tuple[Confirmation, ...]:
    """The confirmations asked for one person (by identity) that the viewer may see, as the trust rules
    read them."""
    return tuple(c.confirmation() for c in store.confirmations(viewer, person=person))
