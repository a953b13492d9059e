"""A team's groundwork: which of the framework's stage capabilities it has in place, read from the store as the
viewer may see it or saved there, and the operating stage it gives with the team's people (the same rule
the team report uses). The Team page, My plan and `stagepath team --database` read records through these."""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner.formats.access import Viewer
from planner.formats.groundwork import GroundworkRecord, known_only
from planner.formats.table import Team
from planner.framework import Framework
from planner.team.coverage import DEFAULT_MIN_COVERAGE
from planner.team.operating import OperatingStage, operating_stage
from planner.team.operating import first_team_stage as first_of_team

if TYPE_CHECKING:  # storage is imported only where the store is used: reading files needs none of it
    from planner.storage import Store

__all__ = ["OperatingStage", "first_team_stage", "save_groundwork", "stored_groundwork", "team_operating"]


def first_team_stage(framework: Framework) -> int | None:
    """The first stage that is a team's rather than each person's (None when the framework names none)."""
    return first_of_team(framework)


def stored_groundwork(
    framework: Framework, store: Store, team: str, viewer: Viewer | None
) -> GroundworkRecord | None:
    """The team's latest stored record, read now with the viewer's grants (None when there is none or the
    viewer may not see it), without capability ids this framework does not know."""
    found = store.latest_groundwork(team, viewer=viewer)
    return known_only(framework, found.record()) if found is not None else None


def save_groundwork(
    framework: Framework, store: Store, record: GroundworkRecord, viewer: Viewer | None
) -> None:
    """Store the record as a new dated snapshot of the team it names (earlier ones are kept); raises
    AccessDenied unless the viewer may write that team's records, StorageError when the store fails."""
    store.store_groundwork(record, framework, viewer)


def team_operating(
    framework: Framework,
    team: Team,
    groundwork: GroundworkRecord | None,
    target: int,
    min_coverage: int = DEFAULT_MIN_COVERAGE,
) -> OperatingStage:
    """The team's operating stage with this groundwork record (None: not recorded, the people's stage),
    what blocks the next stage and the capabilities to build up to the target."""
    return operating_stage(framework, team, groundwork, target, min_coverage)
