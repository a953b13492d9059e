"""A person's assessments as stored snapshots: written all or none, never changed, read through the
viewer's filter."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session, aliased

from planner.formats.access import Viewer
from planner.formats.assessment import Assessment, assessment_document
from planner.framework import Framework
from planner.storage.base import StoreBase, Stored, refuse_date, stored_fields, utc_now
from planner.storage.errors import storage_errors
from planner.storage.schema import Membership, Person, Snapshot, TeamRecord
from planner.storage.visibility import check_write, of_team, only_visible, only_visible_teams


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
    ) -> list[int]:
        """Store each assessment as a new snapshot, all or none, and make each person a member of `team`.

        Every assessment needs a name, and a date, when it has one, from the earliest to today (else
        ValueError naming it, storing nothing). Returns the new snapshot ids, in order. Raises AccessDenied, storing
        nothing, when the viewer may not make this write (see `check_write`)."""
        if any(not a.name for a in assessments):
            raise ValueError("every assessment to store needs a name")
        if team is not None and not team.strip():
            raise ValueError("a team name cannot be empty")
        for a in assessments:
            refuse_date(f"the assessment of {a.name!r}", a.assessed_on)
        if not assessments:
            return []
        now = utc_now()
        batch = str(uuid.uuid4())
        check_write(viewer, [a.name or "" for a in assessments], team)
        with self._write() as connection:
            people = self._ids(connection, Person, [a.name or "" for a in assessments])
            team_id = self._ids(connection, TeamRecord, [team])[team] if team else None
            if team_id is not None:
                connection.execute(
                    self._insert(connection, Membership),
                    [
                        {"team_id": team_id, "person_id": people[n], "joined_at": now}
                        for n in sorted(set(people))
                    ],
                )
            rows = [
                {
                    "person_id": people[a.name or ""],
                    "team_id": team_id,
                    "track": a.track,
                    "rater": a.rater,
                    "assessed_on": a.assessed_on,
                    "as_of": a.assessed_on or now.date(),
                    "stored_at": now,
                    "batch": batch,
                    "framework_version": framework.curve.version,
                    "framework_digest": framework.digest,
                    "document": assessment_document(a),
                }
                for a in assessments
            ]
            inserted = connection.execute(
                insert(Snapshot).returning(Snapshot.id, sort_by_parameter_order=True), rows
            )
            return list(inserted.scalars())

    def _snapshots(self, query: Any, viewer: Viewer | None = None) -> list[StoredSnapshot]:
        """The snapshots whose ids the query selects, of the people the viewer may see."""
        imported_under = aliased(TeamRecord)
        full = only_visible(
            select(Snapshot, Person.name, imported_under.name)
            .join(Person, Person.id == Snapshot.person_id)
            .outerjoin(imported_under, imported_under.id == Snapshot.team_id)
            .where(Snapshot.id.in_(query)),
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
    def latest(self, team: str | None = None, viewer: Viewer | None = None) -> list[StoredSnapshot]:
        """The latest snapshot of each person the viewer may see (of the team's members when `team` is given),
        by name. Latest means the most recent date (assessed_on, else the day it was stored), then the last
        stored."""
        rank = (
            func.row_number()
            .over(partition_by=Snapshot.person_id, order_by=(Snapshot.as_of.desc(), Snapshot.id.desc()))
            .label("rank")
        )
        ranked = only_visible(
            of_team(select(Snapshot.id, rank), Snapshot.person_id, team),
            viewer,
            Snapshot.person_id,
            Snapshot.team_id,
            team,
        )
        inner = ranked.subquery()
        return self._snapshots(select(inner.c.id).where(inner.c.rank == 1), viewer)

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
        """Every snapshot of one person, oldest first; none when the viewer may not see them."""
        return self._snapshots(
            select(Snapshot.id).join(Person, Person.id == Snapshot.person_id).where(Person.name == name),
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
        query = only_visible(of_team(select(Person.name), Person.id, team), viewer, Person.id, team=team)
        with Session(self.engine) as session:
            return sorted(session.scalars(query))
