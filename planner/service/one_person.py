"""One person, for a 1:1: the use case behind the person view. Their latest assessment's plan (placement and
trusted placement on the confirmations asked for them), their history per rater, their actions, their open
confirmations and check-ins, and the estimate for the next stage, all read through the viewer's grants: a
viewer who may not see the person gets None, as if nobody were stored under that name."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from planner.formats.access import Viewer
from planner.framework import Framework
from planner.person.actions import default_due
from planner.person.estimate import Estimate, estimate
from planner.person.placement import Plan
from planner.service.person import person_plan

__all__ = ["Estimate", "OnePerson", "default_due", "one_person"]

if TYPE_CHECKING:  # storage is imported only where the store is used
    from planner.storage import Store
    from planner.storage.actions import StoredAction
    from planner.storage.checkins import StoredCheckIn, StoredConfirmation
    from planner.storage.snapshots import StoredSnapshot


@dataclass(frozen=True)
class HistoryRow:
    """One stored assessment of the person: its date, rater, team and the placement it gives."""

    as_of: dt.date
    rater: str
    team: str | None
    placement: int
    rated: int
    stored_by: str


@dataclass(frozen=True)
class OnePerson:
    name: str
    latest: StoredSnapshot
    plan: Plan
    history: tuple[HistoryRow, ...]
    actions: tuple[StoredAction, ...]
    confirmations: tuple[StoredConfirmation, ...]
    check_ins: tuple[StoredCheckIn, ...]
    next_stage: Estimate | None


def _latest(snapshots: list[StoredSnapshot]) -> StoredSnapshot:
    return max(snapshots, key=lambda s: (s.as_of, s.id))


def one_person(
    store: Store, framework: Framework, viewer: Viewer | None, name: str, today: dt.date
) -> OnePerson | None:
    """The person view's content, or None when the viewer may see no assessment of a person by this name on
    a track of this framework."""
    known = {t.id for t in framework.tracks}
    snapshots = [s for s in store.history(name, viewer) if s.track in known]
    if not snapshots:
        return None
    latest = _latest(snapshots)
    stored_name = latest.name
    confirmations = store.confirmations(viewer, person=stored_name)
    assessment = latest.assessment(dated=True)
    plan = person_plan(
        framework,
        assessment,
        top=None,
        today=today,
        confirmations=[c.confirmation() for c in confirmations],
    )
    history = tuple(
        HistoryRow(
            as_of=s.as_of,
            rater=s.rater,
            team=s.team,
            placement=person_plan(framework, s.assessment(), top=0, today=today).placement,
            rated=len(s.document.get("ratings", {})),
            stored_by=s.stored_by,
        )
        for s in sorted(snapshots, key=lambda s: (s.as_of, s.id))
    )
    # The pace is the person's own over assessments by the same rater on the same track: one measure.
    same = [s for s in snapshots if s.rater == latest.rater and s.track == latest.track]
    points = [(s.as_of, dict(s.document.get("ratings", {}))) for s in same]
    later = [n for n in framework.reachable if n > plan.placement]
    next_stage = (
        estimate(framework, latest.track, assessment.ratings, later[0], points, today) if later else None
    )
    return OnePerson(
        name=stored_name,
        latest=latest,
        plan=plan,
        history=history,
        actions=tuple(store.actions(viewer, person=stored_name)),
        confirmations=tuple(c for c in confirmations if c.answer is None),
        check_ins=tuple(c for c in store.check_ins(viewer, person=stored_name) if c.open),
        next_stage=next_stage,
    )
