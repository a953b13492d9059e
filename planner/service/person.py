"""One person's plan: the use case behind `stagepath assess`, My plan and its exports; the ratings due for
re-rating; two assessments of one person compared (My plan's Compare tab); and the effort of later stages
(`stagepath effort`, the Explore page's rule of thumb)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from planner.formats.access import Viewer
from planner.formats.assessment import Assessment
from planner.formats.confirmations import Confirmation
from planner.framework import Framework
from planner.person.effort import Gap, Projection, project, rule_gap
from planner.person.placement import FocusItem, Plan, assess
from planner.person.staleness import stale_skills

__all__ = [
    "AcceptedEvidence",
    "FocusItem",
    "Gap",
    "Plan",
    "PlanChange",
    "Projection",
    "effort",
    "effort_rule_gap",
    "person_plan",
    "plan_change",
    "ratings_due",
    "stored_confirmations",
    "stored_evidence",
]

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


@dataclass(frozen=True)
class AcceptedEvidence:
    """An item of evidence from the work that a person accepted for one of their skills."""

    skill: str
    evidence: str
    source: str


def stored_evidence(store: Store, viewer: Viewer | None, person: str) -> tuple[AcceptedEvidence, ...]:
    """The evidence from the work one person accepted (their latest decision on each item), as the viewer
    may see it: the skills whose ratings rest on it count as confirmed (`person_plan(accepted=...)`)."""
    return tuple(
        AcceptedEvidence(d.skill, d.evidence, d.source) for d in store.accepted_evidence(person, viewer)
    )


def stored_confirmations(
    store: Store, viewer: Viewer | None, person: str | None = None, team: str | None = None
) -> tuple[Confirmation, ...]:
    """The confirmations the viewer may see (of one person, by identity, or of one team's people; all of
    them without either), as the trust rules read them: the one reader for a person, a team and the
    organisation."""
    return tuple(c.confirmation() for c in store.confirmations(viewer, person=person, team=team))


def ratings_due(framework: Framework, assessment: Assessment, today: dt.date) -> tuple[str, ...]:
    """The rated skills of the assessment due for re-rating as of `today`, in framework order (the rule the
    plan's `stale` list uses)."""
    return stale_skills(framework, assessment, today)


@dataclass(frozen=True, eq=False)
class PlanChange:
    """Two assessments of one track, before and after, each planned for the same target (the later one's),
    so that readiness compares like with like; `different_people` when both are named and the names differ
    (trimmed, spaces collapsed, case ignored: an unnamed file could be anyone's)."""

    before: Plan
    after: Plan
    different_people: bool


def plan_change(framework: Framework, before: Assessment, after: Assessment) -> PlanChange:
    """What changed from one assessment to a later one: both full plans at the later one's target."""
    plan_after = person_plan(framework, after, top=None)
    plan_before = person_plan(framework, before, target=plan_after.target, top=None)
    return PlanChange(plan_before, plan_after, different_people(before, after))


def different_people(before: Assessment, after: Assessment) -> bool:
    """Whether two named assessments name different people (names compared trimmed, spaces collapsed, case
    ignored); an unnamed file could be anyone's, and is not called different."""
    if not before.name or not after.name:
        return False
    return " ".join(before.name.split()).casefold() != " ".join(after.name.split()).casefold()


def effort(framework: Framework, stage: int, days: float) -> Projection:
    """The effort of each later stage from `days` spent at `stage` (in the framework's unit), the rule of thumb
    beside the framework's quoted reference; an InputError when a value is out of its range."""
    return project(framework, stage, days)


def effort_rule_gap(framework: Framework) -> Gap | None:
    """How far the framework's rule of thumb overshoots its quoted range at the highest quoted stage (None
    with fewer than two quoted stages)."""
    return rule_gap(framework)
