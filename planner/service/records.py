"""A person's stored records, theirs to keep, correct and take away: assessments stored as new snapshots, a
snapshot retracted (with why), everything stored about one person (to download), a person forgotten, and
the audit trail. The use cases behind My assessments, the Team page's save and `stagepath import`,
`retract`, `forget`, `export --person` and `audit`: the page and the command make the same call, so a
record means the same on both. The store decides, for the viewer handed to it (None: the command line, an
administrator), whether each may happen, and raises AccessDenied or Refused saying why not."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from planner.formats.access import Viewer
from planner.formats.assessment import Assessment
from planner.framework import Framework

if TYPE_CHECKING:  # storage is imported only where the store is used
    from planner.storage import Store
    from planner.storage.records import AuditRow, Forgotten
    from planner.storage.snapshots import StoredIds

__all__ = ["audit", "forget", "person_record", "retract", "save_assessments"]


def save_assessments(
    store: Store,
    viewer: Viewer | None,
    framework: Framework,
    assessments: Sequence[Assessment],
    team: str | None = None,
) -> StoredIds:
    """Store each assessment as a new snapshot, all or none, and each person as a member of `team`; the new
    ids, with how many were stored already (the same person, track, date, rater and ratings) and not again.
    AccessDenied when the viewer may not, ValueError naming a name or a date refused."""
    return store.store(assessments, framework, team=team, viewer=viewer)


def retract(store: Store, viewer: Viewer | None, snapshot: int, why: str) -> None:
    """Hide one snapshot from every view, kept for the audit, with why; Refused or AccessDenied when the
    viewer may not (only its person and an administrator may), or the snapshot is unknown or retracted."""
    store.retract(snapshot, why, viewer=viewer)


def forget(store: Store, viewer: Viewer | None, name: str) -> Forgotten:
    """Erase a person and everything of theirs, everywhere: what was erased. Only the person and an
    administrator may."""
    return store.forget(name, viewer=viewer)


def person_record(store: Store, viewer: Viewer | None, name: str) -> dict[str, Any]:
    """Everything stored about one person, as the JSON document `stagepath export --person` prints and My
    assessments offers to download. Only the person and an administrator may read it."""
    return store.person_record(name, viewer=viewer)


def audit(store: Store, viewer: Viewer | None, person: str | None = None) -> list[AuditRow]:
    """The audit trail, oldest first (or the entries naming one person): who wrote what kind of record, when,
    and its ids, never what was written. An administrator's alone."""
    return store.audit(person, viewer=viewer)
