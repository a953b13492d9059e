"""The organisation's plan: every team the viewer may see, from files or from the store, through the one
organisation report (`planner.org.plan`) that `stagepath org` and the Organisation page show."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from planner.formats.access import Viewer
from planner.formats.confirmations import Confirmation
from planner.formats.groundwork import GroundworkRecord
from planner.formats.table import Team
from planner.framework import Framework
from planner.org.plan import OrgReport, OrgTeam, organise
from planner.person.trust import vouched_levels
from planner.service.person import stored_confirmations
from planner.service.stored import stored_org, visible_groundwork, visible_snapshots
from planner.team.coverage import DEFAULT_MIN_COVERAGE

if TYPE_CHECKING:  # storage is imported only where the store is used: reading files needs none of it
    from planner.storage import Store

__all__ = ["OrgReport", "OrgTeam", "StoredOrg", "org_of_store", "org_report"]


@dataclass(frozen=True, eq=False)
class StoredOrg:
    """Everyone stored whom the viewer may see, each in their team; the latest groundwork record of each team
    the viewer may see; and notes of what was left out."""

    people: Team
    groundwork: dict[str, GroundworkRecord]
    notes: tuple[str, ...]
    confirmations: tuple[Confirmation, ...] = ()


def org_of_store(framework: Framework, store: Store, viewer: Viewer | None) -> StoredOrg:
    """The organisation as stored, as the viewer may see it now."""
    people, note = stored_org(framework, visible_snapshots(store, viewer))
    confirmations = stored_confirmations(store, viewer)
    return StoredOrg(
        people, visible_groundwork(framework, store, viewer), (note,) if note else (), confirmations
    )


def org_report(
    framework: Framework,
    people: Team,
    target: int | None = None,
    min_coverage: int = DEFAULT_MIN_COVERAGE,
    today: dt.date | None = None,
    groundwork: Mapping[str, GroundworkRecord] | None = None,
    left_out: Sequence[object] = (),
    confirmations: Iterable[Confirmation] = (),
) -> OrgReport:
    """The organisation report for these people (grouped by their team) and the teams' groundwork; what was
    left out of the inputs is said at its top. Ratings are confirmed by agreed assessments and by
    `confirmations` still within their period as of `today`, as in the team report."""
    return organise(
        framework,
        people,
        target,
        min_coverage,
        today=today,
        groundwork=groundwork,
        left_out=left_out,
        vouched=vouched_levels(framework, confirmations, today),
    )
