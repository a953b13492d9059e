"""A team's groundwork records as stored snapshots: written by its managers, read for the teams the viewer
may see."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from planner.formats.access import Viewer
from planner.formats.groundwork import GroundworkRecord, groundwork_document
from planner.formats.identity import key
from planner.framework import Framework
from planner.storage.base import StoreBase, Stored, author, refuse_date, stored_fields, utc_now
from planner.storage.errors import storage_errors
from planner.storage.schema import GroundworkSnapshot, TeamRecord
from planner.storage.visibility import check_team_write, only_visible_teams


@dataclass(frozen=True)
class StoredGroundwork(Stored):
    """A stored groundwork record with when it was stored and the framework it was checked against."""

    team: str

    def record(self) -> GroundworkRecord:
        """The stored document as a record (checked against the format, not against any framework)."""
        return GroundworkRecord.model_validate(self.document)


class GroundworkRecords(StoreBase):
    """Teams' groundwork records, and the teams themselves."""

    @storage_errors
    def store_groundwork(
        self, record: GroundworkRecord, framework: Framework, viewer: Viewer | None = None
    ) -> int:
        """Store a team's groundwork record as a new snapshot under the team it names (by identity); returns
        its id. It records who stored it and when, and goes into the audit trail. Raises AccessDenied,
        storing nothing, unless the viewer may write that team's records; NameRefused for a team name that
        looks like a stored one without being it; ValueError when its date is before the earliest or after
        today."""
        check_team_write(viewer, record.team)
        refuse_date(f"the groundwork of team {record.team!r}", record.assessed_on)
        now = utc_now()
        by = author(viewer)
        with self._write() as connection:
            team_id = self._ids(connection, TeamRecord, [record.team])[record.team]
            inserted = connection.execute(
                insert(GroundworkSnapshot).returning(GroundworkSnapshot.id),
                {
                    "team_id": team_id,
                    "assessed_on": record.assessed_on,
                    "as_of": record.assessed_on or now.date(),
                    "stored_at": now,
                    "stored_by": by,
                    "framework_version": framework.curve.version,
                    "framework_digest": framework.digest,
                    "document": groundwork_document(record),
                },
            )
            new = int(inserted.scalar_one())
            self._audit(connection, by, "store", {"groundwork": [new]})
            return new

    @storage_errors
    def groundwork(self, team: str | None = None, viewer: Viewer | None = None) -> list[StoredGroundwork]:
        """Every groundwork record of the teams the viewer may see (or of one team), by team, oldest first:
        the same teams `teams` lists for the viewer."""
        query = only_visible_teams(
            select(GroundworkSnapshot, TeamRecord.name).join(
                TeamRecord, TeamRecord.id == GroundworkSnapshot.team_id
            ),
            viewer,
        )
        if team is not None:
            query = query.where(TeamRecord.key == key(team))
        with Session(self.engine) as session:
            found = [(g, name) for g, name in session.execute(query)]
        found.sort(key=lambda row: (row[1], row[0].as_of, row[0].id))
        return [StoredGroundwork(**stored_fields(g), team=name) for g, name in found]

    def latest_groundwork(self, team: str, viewer: Viewer | None = None) -> StoredGroundwork | None:
        """The team's latest groundwork record (most recent date, then the last stored), or None when it has
        none or the viewer may not see it."""
        records = self.groundwork(team, viewer)
        return records[-1] if records else None
