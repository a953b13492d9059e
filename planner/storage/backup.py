"""Backups that restore: the whole database as one versioned JSON document, and that document loaded into an
empty database (SQLite or PostgreSQL), every id kept.

    {"stagepath_backup": 1, "written_at": ISO-TIME, "schema": REVISION,
     "people": [{id, name, key, skeleton, created_at}], "teams": [same],
     "memberships": [{team_id, person_id, joined_at}],
     "snapshots": [{id, person_id, team_id, track, rater, assessed_on, as_of, stored_at, stored_by, batch,
                    framework_version, framework_digest, document, retracted: null | {at, by, why}}],
     "groundwork": [{id, team_id, assessed_on, as_of, stored_at, stored_by, framework_version,
                     framework_digest, document}],
     "audit": [{id, at, actor, action, ids}]}

Times are ISO 8601 in UTC, dates YYYY-MM-DD; rows are in id order (memberships by team, then person), keys
sorted. A backup is read in one transaction (a repeatable read on PostgreSQL, a read transaction in SQLite's
write-ahead log), so it is one consistent state of the database even while others write. docs/deploy.md
describes it for operators."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import Connection, func, insert, select, text

from planner.common.problems import InputError, Problem, field_path
from planner.storage.base import StoreBase, iso, utc_now
from planner.storage.errors import Refused, storage_errors
from planner.storage.migrate import HEAD
from planner.storage.schema import (
    AuditEntry,
    GroundworkSnapshot,
    Membership,
    Person,
    Retraction,
    Snapshot,
    TeamRecord,
)

BACKUP_VERSION = 1


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=False)


class NamedRow(_Row):
    id: int
    name: str
    key: str
    skeleton: str
    created_at: dt.datetime


class MembershipRow(_Row):
    team_id: int
    person_id: int
    joined_at: dt.datetime


class RetractionRow(_Row):
    at: dt.datetime
    by: str
    why: str


class SnapshotRow(_Row):
    id: int
    person_id: int
    team_id: int | None
    track: str
    rater: str
    assessed_on: dt.date | None
    as_of: dt.date
    stored_at: dt.datetime
    stored_by: str
    batch: str
    framework_version: str
    framework_digest: str
    document: dict[str, Any]
    retracted: RetractionRow | None


class GroundworkRow(_Row):
    id: int
    team_id: int
    assessed_on: dt.date | None
    as_of: dt.date
    stored_at: dt.datetime
    stored_by: str
    framework_version: str
    framework_digest: str
    document: dict[str, Any]


class AuditRowModel(_Row):
    id: int
    at: dt.datetime
    actor: str
    action: str
    ids: dict[str, list[int]]


class Backup(_Row):
    stagepath_backup: Literal[1]
    written_at: dt.datetime
    schema_: Annotated[str, Field(alias="schema")]
    people: list[NamedRow]
    teams: list[NamedRow]
    memberships: list[MembershipRow]
    snapshots: list[SnapshotRow]
    groundwork: list[GroundworkRow]
    audit: list[AuditRowModel]


def _day(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def parse_backup(source: str, data: Any) -> Backup:
    """A parsed JSON document as a backup; raises InputError naming the file and each field that is wrong."""
    if not isinstance(data, dict) or data.get("stagepath_backup") != BACKUP_VERSION:
        raise InputError.single(
            source,
            f'is not a Stagepath backup; expected a JSON object with "stagepath_backup": {BACKUP_VERSION}',
        )
    try:
        return Backup.model_validate(data)
    except ValidationError as exc:
        raise InputError(
            Problem(source, f"{e['msg']}", field_path(tuple(e["loc"])))
            for e in exc.errors(include_url=False)[:20]
        ) from None


class Backups(StoreBase):
    """The whole database out as one document, and into an empty database again."""

    @storage_errors
    def backup(self) -> dict[str, Any]:
        """The whole database as one backup document (see the module's docstring), read as one consistent
        state."""
        engine = self.engine
        if engine.dialect.name == "postgresql":
            engine = engine.execution_options(isolation_level="REPEATABLE READ")
        with engine.connect() as connection, connection.begin():
            return self._document(connection)

    def _document(self, connection: Connection) -> dict[str, Any]:
        def named(model: type[Person] | type[TeamRecord]) -> list[dict[str, Any]]:
            return [
                {
                    "id": r.id,
                    "name": r.name,
                    "key": r.key,
                    "skeleton": r.skeleton,
                    "created_at": iso(r.created_at),
                }
                for r in connection.execute(select(model).order_by(model.id))
            ]

        retractions = {
            r.snapshot_id: {"at": iso(r.retracted_at), "by": r.retracted_by, "why": r.why}
            for r in connection.execute(select(Retraction))
        }
        snapshots = [
            {
                "id": s.id,
                "person_id": s.person_id,
                "team_id": s.team_id,
                "track": s.track,
                "rater": s.rater,
                "assessed_on": _day(s.assessed_on),
                "as_of": _day(s.as_of),
                "stored_at": iso(s.stored_at),
                "stored_by": s.stored_by,
                "batch": s.batch,
                "framework_version": s.framework_version,
                "framework_digest": s.framework_digest,
                "document": dict(s.document),
                "retracted": retractions.get(s.id),
            }
            for s in connection.execute(select(Snapshot).order_by(Snapshot.id))
        ]
        groundwork = [
            {
                "id": g.id,
                "team_id": g.team_id,
                "assessed_on": _day(g.assessed_on),
                "as_of": _day(g.as_of),
                "stored_at": iso(g.stored_at),
                "stored_by": g.stored_by,
                "framework_version": g.framework_version,
                "framework_digest": g.framework_digest,
                "document": dict(g.document),
            }
            for g in connection.execute(select(GroundworkSnapshot).order_by(GroundworkSnapshot.id))
        ]
        return {
            "stagepath_backup": BACKUP_VERSION,
            "written_at": iso(utc_now()),
            "schema": HEAD,
            "people": named(Person),
            "teams": named(TeamRecord),
            "memberships": [
                {"team_id": m.team_id, "person_id": m.person_id, "joined_at": iso(m.joined_at)}
                for m in connection.execute(
                    select(Membership).order_by(Membership.team_id, Membership.person_id)
                )
            ],
            "snapshots": snapshots,
            "groundwork": groundwork,
            "audit": [
                {"id": a.id, "at": iso(a.at), "actor": a.actor, "action": a.action, "ids": dict(a.ids)}
                for a in connection.execute(select(AuditEntry).order_by(AuditEntry.id))
            ],
        }

    def _counts(self, connection: Connection) -> dict[str, int]:
        models: dict[str, Any] = {
            "people": Person,
            "teams": TeamRecord,
            "snapshots": Snapshot,
            "groundwork": GroundworkSnapshot,
            "audit entries": AuditEntry,
        }
        return {
            what: int(connection.scalar(select(func.count()).select_from(model)) or 0)
            for what, model in models.items()
        }

    @storage_errors
    def restore(self, backup: Backup, actor: str) -> dict[str, int]:
        """Load a backup into this database, which must be empty (no people, teams, snapshots, groundwork
        or audit entries), every id kept, in one transaction; then record the restore in the audit trail.
        Returns how many rows of each kind were restored. Raises Refused for a database that is not
        empty or a backup of another schema revision."""
        if backup.schema_ != HEAD:
            raise Refused(
                f"the backup is of schema revision {backup.schema_}, this Stagepath writes {HEAD}; restore it "
                "with the Stagepath that wrote it, then upgrade"
            )
        with self._write() as connection:
            held = {k: v for k, v in self._counts(connection).items() if v}
            if held:
                what = ", ".join(f"{v} {k}" for k, v in held.items())
                raise Refused(f"the database is not empty ({what}); restore only into an empty database")
            self._load(connection, backup)
            ids = {
                "people": [p.id for p in backup.people],
                "teams": [t.id for t in backup.teams],
                "snapshots": [s.id for s in backup.snapshots],
                "groundwork": [g.id for g in backup.groundwork],
            }
            self._audit(connection, actor, "restore", ids)
        return {k: len(v) for k, v in ids.items()} | {"audit entries": len(backup.audit)}

    def _load(self, connection: Connection, backup: Backup) -> None:
        def rows(items: list[Any], **exclude: Any) -> list[dict[str, Any]]:
            return [item.model_dump(by_alias=False, exclude=set(exclude)) for item in items]

        for model, items in ((Person, backup.people), (TeamRecord, backup.teams)):
            if items:
                connection.execute(insert(model), rows(items))
        if backup.memberships:
            connection.execute(insert(Membership), rows(backup.memberships))
        if backup.snapshots:
            connection.execute(insert(Snapshot), rows(backup.snapshots, retracted=True))
            retracted = [
                {
                    "snapshot_id": s.id,
                    "retracted_at": s.retracted.at,
                    "retracted_by": s.retracted.by,
                    "why": s.retracted.why,
                }
                for s in backup.snapshots
                if s.retracted is not None
            ]
            if retracted:
                connection.execute(insert(Retraction), retracted)
        if backup.groundwork:
            connection.execute(insert(GroundworkSnapshot), rows(backup.groundwork))
        if backup.audit:
            connection.execute(insert(AuditEntry), rows(backup.audit))
        if connection.dialect.name == "postgresql":  # the next ids follow the restored ones
            for table in ("people", "teams", "snapshots", "groundwork", "audit"):
                connection.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"coalesce((SELECT max(id) FROM {table}), 1), (SELECT max(id) FROM {table}) IS NOT NULL)"
                    )
                )
