"""A person's assessments as stored snapshots: written all or none, never changed, read through the
viewer's filter."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, insert, select
from sqlalchemy.orm import Session, aliased

from planner.formats.access import Viewer
from planner.formats.assessment import Assessment, assessment_document
from planner.formats.identity import person_name, team_name
from planner.framework import Framework
from planner.storage.base import (
    StoreBase,
    Stored,
    _chunks,
    author,
    refuse_date,
    shown_name,
    stored_fields,
    utc_now,
)
from planner.storage.errors import storage_errors
from planner.storage.schema import Membership, Person, Retraction, Snapshot, TeamRecord
from planner.storage.visibility import check_write, live, of_team, only_visible, only_visible_teams


class StoredIds(list[int]):
    """The ids of the snapshots a store wrote, in order, and how many of the assessments given were stored
    already (the same person, track, date, rater and ratings) and so were not stored again."""

    def __init__(self, ids: Sequence[int] = (), already: int = 0) -> None:
        super().__init__(ids)
        self.already = already


def _same(a: Assessment) -> tuple[Any, ...]:
    """What makes two assessments of one person the same record: track, date, rater and ratings."""
    return (a.track, a.assessed_on, a.rater, tuple(sorted(a.ratings.items())))


@dataclass(frozen=True)
class StoredSnapshot(Stored):
    """A stored assessment with where and when it was stored and the framework it was checked against."""

    name: str
    team: str | None
    track: str
    rater: str

    def assessment(self, dated: bool = False) -> Assessment:
        """The stored document as an assessment (checked against the format, not against any framework).
        `dated` gives an undated one the day it was stored, e.g. to follow progress over stored history."""
        assessment = Assessment.model_validate(self.document)
        if dated and assessment.assessed_on is None:
            return assessment.model_copy(update={"assessed_on": self.as_of})
        return assessment


class Snapshots(StoreBase):
    """People, teams and their assessments' snapshots."""

    @storage_errors
    def store(
        self,
        assessments: Sequence[Assessment],
        framework: Framework,
        team: str | None = None,
        viewer: Viewer | None = None,
    ) -> StoredIds:
        """Store each assessment as a new snapshot, all or none, and make each person a member of `team`.

        Every assessment needs a name. An assessment already stored (the same person, track, date, rater and
        ratings, not retracted), or given twice, is not stored again. Returns the new snapshot ids, in order,
        with how many were stored already. Each snapshot records who stored it (the viewer's e-mail, else the
        command line's user) and when; the write goes into the audit trail. Raises AccessDenied, storing
        nothing, when the viewer may not make this write (see `check_write`), and NameRefused for a name
        that breaks the naming rules or looks like a stored one (planner.formats.identity), and ValueError
        naming a date before the earliest or after today, storing nothing."""
        if any(not a.name for a in assessments):
            raise ValueError("every assessment to store needs a name")
        names = [person_name(a.name or "") for a in assessments]
        team = team_name(team) if team is not None else None
        for a in assessments:
            refuse_date(f"the assessment of {a.name!r}", a.assessed_on)
        if not assessments:
            return StoredIds()
        now = utc_now()
        batch = str(uuid.uuid4())
        written = list(zip(names, [a.rater for a in assessments], strict=True))
        check_write(viewer, written, team, lambda people: self._teams_of(people, viewer))
        by = author(viewer)
        with self._write() as connection:
            people = self._ids(connection, Person, names, viewer)
            fresh = self._not_stored(
                connection, [(people[n], a) for n, a in zip(names, assessments, strict=True)]
            )
            if not fresh:
                return StoredIds(already=len(assessments))
            team_id = self._ids(connection, TeamRecord, [team])[team] if team else None
            if team_id is not None:
                connection.execute(
                    self._insert(connection, Membership),
                    [
                        {"team_id": team_id, "person_id": person_id, "joined_at": now}
                        for person_id in sorted({p for p, _ in fresh})
                    ],
                )
            ids = self._insert_snapshots(connection, fresh, team_id, framework, by, now, batch)
            self._audit(connection, by, "store", {"snapshots": ids})
            return StoredIds(ids, already=len(assessments) - len(ids))

    def _insert_snapshots(
        self,
        connection: Connection,
        fresh: Sequence[tuple[int, Assessment]],
        team_id: int | None,
        framework: Framework,
        by: str,
        now: dt.datetime,
        batch: str | None = None,
    ) -> list[int]:
        """Insert each (person id, assessment) as a snapshot under `team_id`, stored by `by` at `now`; their
        ids, in order. The one place a snapshot row is made."""
        batch = batch or str(uuid.uuid4())
        rows = [
            {
                "person_id": person_id,
                "team_id": team_id,
                "track": a.track,
                "rater": a.rater,
                "assessed_on": a.assessed_on,
                "as_of": a.assessed_on or now.date(),
                "stored_at": now,
                "stored_by": by,
                "batch": batch,
                "framework_version": framework.curve.version,
                "framework_digest": framework.digest,
                "document": assessment_document(a),
            }
            for person_id, a in fresh
        ]
        inserted = connection.execute(
            insert(Snapshot).returning(Snapshot.id, sort_by_parameter_order=True), rows
        )
        return list(inserted.scalars())

    def _not_stored(
        self, connection: Connection, given: list[tuple[int, Assessment]]
    ) -> list[tuple[int, Assessment]]:
        """The (person id, assessment) pairs not stored already and not given before in the same list."""
        seen: set[tuple[Any, ...]] = set()
        for chunk in _chunks(sorted({p for p, _ in given})):
            stored = connection.execute(
                live(select(Snapshot.person_id, Snapshot.document).where(Snapshot.person_id.in_(chunk)))
            )
            for person_id, document in stored:
                try:
                    seen.add((person_id, *_same(Assessment.model_validate(document))))
                except ValueError:  # a document today's rules refuse is never the same as a new one
                    continue
        fresh = []
        for person_id, a in given:
            same = (person_id, *_same(a))
            if same not in seen:
                seen.add(same)
                fresh.append((person_id, a))
        return fresh

    @storage_errors
    def teams_of(self, name: str, viewer: Viewer | None = None) -> list[str]:
        """The teams one person (by identity, for the viewer) is a member of, sorted: where they may share a
        check-in."""
        return sorted(self._teams_of([name], viewer)[name])

    def _teams_of(self, names: Sequence[str], viewer: Viewer | None = None) -> dict[str, set[str]]:
        """The names of the teams each person (by identity, for the viewer) is a member of."""
        keys = {n: self.person_keys(n, viewer) for n in names}
        query = (
            select(Person.key, TeamRecord.name)
            .join(Membership, Membership.person_id == Person.id)
            .join(TeamRecord, TeamRecord.id == Membership.team_id)
            .where(Person.key.in_(sorted({k for ks in keys.values() for k in ks})))
        )
        with self.engine.connect() as connection:
            found = connection.execute(query).all()
        return {name: {t for k, t in found if k in keys[name]} for name in names}

    def _snapshots(self, query: Any, viewer: Viewer | None = None) -> list[StoredSnapshot]:
        """The snapshots whose ids the query selects, of the people the viewer may see."""
        imported_under = aliased(TeamRecord)
        full = only_visible(
            select(Snapshot, shown_name(self._directory(viewer)), imported_under.name)
            .join(Person, Person.id == Snapshot.person_id)
            .outerjoin(imported_under, imported_under.id == Snapshot.team_id)
            .where(Snapshot.id.in_(query))
            .where(Snapshot.id.not_in(select(Retraction.snapshot_id))),
            viewer,
            Snapshot.person_id,
            Snapshot.team_id,
        )
        with Session(self.engine) as session:
            found = [(snapshot, name, team) for snapshot, name, team in session.execute(full)]
        # Sorted here rather than in SQL: databases collate names differently, and the order must not.
        found.sort(key=lambda row: (row[1], row[0].as_of, row[0].id))
        return [
            StoredSnapshot(**stored_fields(s), name=name, team=team, track=s.track, rater=s.rater)
            for s, name, team in found
        ]

    @storage_errors
    def latest(
        self, team: str | None = None, viewer: Viewer | None = None, dated_before: dt.date | None = None
    ) -> list[StoredSnapshot]:
        """The latest snapshot of each person the viewer may see (of the team's members when `team` is given),
        by name. Latest means the most recent date (assessed_on, else the day it was stored), then the last
        stored. With `dated_before`, only those latest snapshots whose date is before that day."""
        rank = (
            func.row_number()
            .over(partition_by=Snapshot.person_id, order_by=(Snapshot.as_of.desc(), Snapshot.id.desc()))
            .label("rank")
        )
        ranked = only_visible(
            of_team(live(select(Snapshot.id, Snapshot.as_of, rank)), Snapshot.person_id, team),
            viewer,
            Snapshot.person_id,
            Snapshot.team_id,
            team,
        )
        inner = ranked.subquery()
        chosen = select(inner.c.id).where(inner.c.rank == 1)
        if dated_before is not None:
            chosen = chosen.where(inner.c.as_of < dated_before)
        return self._snapshots(chosen, viewer)

    @storage_errors
    def snapshots(self, team: str | None = None, viewer: Viewer | None = None) -> list[StoredSnapshot]:
        """Every snapshot of the people the viewer may see (of the team's members when `team` is given), in
        one query: by name, oldest first."""
        return self._snapshots(
            only_visible(
                of_team(select(Snapshot.id), Snapshot.person_id, team), viewer, Snapshot.person_id, team=team
            ),
            viewer,
        )

    @storage_errors
    def history(self, name: str, viewer: Viewer | None = None) -> list[StoredSnapshot]:
        """Every snapshot of one person (by identity: their stable key, planner.formats.identity), oldest
        first, without those retracted; none when the viewer may not see them."""
        return self._snapshots(
            select(Snapshot.id)
            .join(Person, Person.id == Snapshot.person_id)
            .where(Person.key.in_(self.person_keys(name, viewer))),
            viewer,
        )

    @storage_errors
    def teams(self, viewer: Viewer | None = None) -> list[str]:
        """The name of every team the viewer may see, sorted."""
        with Session(self.engine) as session:
            return sorted(session.scalars(only_visible_teams(select(TeamRecord.name), viewer)))

    @storage_errors
    def people(self, team: str | None = None, viewer: Viewer | None = None) -> list[str]:
        """Everyone the viewer may see, or those of them in one team, by name."""
        query = only_visible(
            of_team(select(shown_name(self._directory(viewer))), Person.id, team),
            viewer,
            Person.id,
            team=team,
        )
        with Session(self.engine) as session:
            return sorted(session.scalars(query))
