"""Backups that restore: the whole database as one versioned JSON document, and that document loaded into an
empty database (SQLite or PostgreSQL), every id kept.

    {"stagepath_backup": 1, "written_at": ISO-TIME, "schema": REVISION,
     "people": [{id, name, key, skeleton, created_at}], "teams": [same],
     "memberships": [{team_id, person_id, joined_at}],
     "snapshots": [{id, person_id, team_id, track, rater, assessed_on, as_of, stored_at, stored_by, batch,
                    framework_version, framework_digest, document, retracted: null | {at, by, why}}],
     "groundwork": [{id, team_id, assessed_on, as_of, stored_at, stored_by, framework_version,
                     framework_digest, document}],
     "audit": [{id, at, actor, action, ids}],
     # from revision 0004: check-ins, confirmations, actions and evidence decisions, each table a section
     "check_ins": [{id, person_id, team_id, opened_at, opened_by}],
     "check_in_steps": [{id, check_in_id, state, snapshot_id, at, by, notes}],
     "confirmations": [{id, person_id, skill, level, asked_of, evidence, asked_at, asked_by, stored_at}],
     "confirmation_answers": [{id, confirmation_id, answer, answered_at, answered_by, stored_at}],
     "actions": [{id, person_id, skill, text, owner, due, created_by, created_at}],
     "action_done": [{action_id, done_at, done_by, stored_at}],
     "evidence_decisions": [{id, person_id, skill, evidence, source, decision, decided_at, decided_by}]}

The document is table-driven (`SECTIONS`): each section is one table, every column of it by name, rows in
the order of its primary key; times are ISO 8601 in UTC, dates YYYY-MM-DD. A table a later revision adds
is backed up by listing it there with the revision that added it, and a test checks that every table is
listed. A backup is read in one transaction (a repeatable read on PostgreSQL, a read transaction in
SQLite's write-ahead log), so it is one consistent state of the database even while others write.

Restoring: into an empty database only, in one transaction, then recorded in the audit trail (who, when,
the ids restored). A backup written by an older revision (from 0003, the first with backups) is restored
into a newer database: the sections its revision did not have come in empty. A backup from a revision this
Stagepath does not know (a newer one) is refused.

The round trip: backup, restore, backup gives the same document apart from `written_at`. The restore's
own audit entry is what would differ, so a backup leaves out the audit trail's last entry when it is a
restore: nothing has been written since (every write is audited), so the document is the one restored,
and restoring it records a restore of its own. That entry stays in the database's trail (`stagepath
audit` shows it); a backup taken after anything else was written carries it like any other entry.
docs/deploy.md describes all this for operators."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    Float,
    Integer,
    String,
    Table,
    func,
    insert,
    select,
    text,
)

from planner.common.problems import InputError, Problem, field_path
from planner.storage.base import StoreBase, iso, utc_now
from planner.storage.errors import Refused, storage_errors
from planner.storage.migrate import HEAD, history
from planner.storage.schema import Base

BACKUP_VERSION = 1
# The first revision whose databases have backups: older ones are not documents of this format.
FIRST_REVISION = "0003"
RESTORE = "restore"


@dataclass(frozen=True)
class Section:
    """One table in the document: its key there, the table, and the revision that added it (a backup of an
    older revision has no such section, and it comes in empty)."""

    key: str
    table: str
    since: str = FIRST_REVISION


# Every table of the records, in the order a restore loads them (a row after the rows it refers to). A new
# table goes here; retractions go inside their snapshots (`retracted`), as the format says.
SECTIONS: tuple[Section, ...] = (
    Section("people", "people"),
    Section("teams", "teams"),
    Section("memberships", "team_members"),
    Section("snapshots", "snapshots"),
    Section("groundwork", "groundwork"),
    Section("audit", "audit"),
    Section("check_ins", "check_ins", since="0004"),
    Section("check_in_steps", "check_in_steps", since="0004"),
    Section("confirmations", "confirmations", since="0004"),
    Section("confirmation_answers", "confirmation_answers", since="0004"),
    Section("actions", "actions", since="0004"),
    Section("action_done", "action_done", since="0004"),
    Section("evidence_decisions", "evidence_decisions", since="0004"),
)
# Tables kept out of the sections: the change counter (a restore counts as one write), and the retractions,
# which are each snapshot's `retracted`.
NOT_SECTIONS = frozenset({"stagepath_changes", "retractions"})
RETRACTIONS = "retractions"


def _table(section: Section) -> Table:
    return Base.metadata.tables[section.table]


def _python_type(column: Column[Any]) -> Any:
    """The type a column's value has in a backup document, as pydantic reads it back."""
    kind = column.type
    found: Any
    if isinstance(kind, Integer | BigInteger):
        found = int
    elif isinstance(kind, DateTime):
        found = dt.datetime
    elif isinstance(kind, Date):
        found = dt.date
    elif isinstance(kind, String):
        found = str
    elif isinstance(kind, Boolean):
        found = bool
    elif isinstance(kind, Float):
        found = float
    elif isinstance(kind, JSON):
        found = dict[str, Any] | list[Any]
    else:
        found = Any
    return found | None if column.nullable else found


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=False)


class RetractionRow(_Row):
    at: dt.datetime
    by: str
    why: str


@cache
def _row_model(section: Section) -> type[_Row]:
    """The model of one row of a section: a field per column, of the column's type."""
    fields: dict[str, Any] = {c.name: (_python_type(c), ...) for c in _table(section).columns}
    if section.table == "snapshots":
        fields["retracted"] = (RetractionRow | None, ...)
    model: type[_Row] = create_model(f"{section.key.title()}Row", __base__=_Row, **fields)
    return model


@dataclass(frozen=True)
class Backup:
    """A parsed backup: the revision that wrote it and each section's rows (empty for a section its
    revision did not have)."""

    schema: str
    written_at: dt.datetime
    rows: dict[str, list[_Row]]


def _revisions() -> list[str]:
    """Every revision this Stagepath knows, oldest first."""
    return [r.id for r in history()]


def parse_backup(source: str, data: Any) -> Backup:
    """A parsed JSON document as a backup; raises InputError naming the file and each field that is wrong,
    or in one line the revision when it is newer than this Stagepath knows (or older than backups)."""
    if not isinstance(data, dict) or data.get("stagepath_backup") != BACKUP_VERSION:
        raise InputError.single(
            source,
            f'is not a Stagepath backup; expected a JSON object with "stagepath_backup": {BACKUP_VERSION}',
        )
    revisions = _revisions()
    schema = data.get("schema")
    if not isinstance(schema, str):  # named with the other fields that are wrong
        schema = HEAD
    elif schema not in revisions:
        raise InputError.single(
            source,
            f"is a backup of schema revision {str(schema)[:40]!r}, which this Stagepath (revision {HEAD}) does "
            "not know: a newer Stagepath wrote it; restore it with that one or a newer",
        )
    if revisions.index(schema) < revisions.index(FIRST_REVISION):
        raise InputError.single(
            source, f"is of schema revision {schema}; backups begin at revision {FIRST_REVISION}"
        )
    had = {s.key for s in SECTIONS if revisions.index(s.since) <= revisions.index(schema)}
    fields: dict[str, Any] = {
        "stagepath_backup": (Literal[1], ...),
        "written_at": (dt.datetime, ...),
        # named apart from pydantic's own BaseModel.schema, read from the document's "schema"
        "schema_revision": (str, Field(alias="schema")),
    }
    for section in SECTIONS:
        rows: Any = list[_row_model(section)]  # type: ignore[misc]
        fields[section.key] = (rows, ... if section.key in had else [])
    model: type[_Row] = create_model("Backup", __base__=_Row, **fields)
    try:
        parsed = model.model_validate(data)
    except ValidationError as exc:
        raise InputError(
            Problem(source, f"{e['msg']}", field_path(tuple(e["loc"])))
            for e in exc.errors(include_url=False)[:20]
        ) from None
    values = dict(parsed)
    return Backup(schema, values["written_at"], {s.key: list(values[s.key]) for s in SECTIONS})


def _shown(value: Any) -> Any:
    """A stored value as the document holds it: times in UTC, dates as YYYY-MM-DD, JSON copied."""
    if isinstance(value, dt.datetime):
        return iso(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, list):
        return list(value)
    return value


def _has_id(table: Table) -> bool:
    """Whether the table's key is one integer id of its own (its next value follows the restored ones)."""
    keys = list(table.primary_key.columns)
    return len(keys) == 1 and keys[0].name == "id" and keys[0].autoincrement is not False


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
        retractions = Base.metadata.tables[RETRACTIONS]
        retracted = {
            r.snapshot_id: {"at": iso(r.retracted_at), "by": r.retracted_by, "why": r.why}
            for r in connection.execute(select(retractions))
        }
        document: dict[str, Any] = {
            "stagepath_backup": BACKUP_VERSION,
            "written_at": iso(utc_now()),
            "schema": HEAD,
        }
        for section in SECTIONS:
            table = _table(section)
            rows = [
                {name: _shown(value) for name, value in row._mapping.items()}
                for row in connection.execute(select(table).order_by(*table.primary_key.columns))
            ]
            if section.table == "snapshots":
                for row in rows:
                    row["retracted"] = retracted.get(row["id"])
            document[section.key] = rows
        audit = document["audit"]
        if (
            audit and audit[-1]["action"] == RESTORE
        ):  # the restore that made this database, and no write since
            audit.pop()
        return document

    def _counts(self, connection: Connection) -> dict[str, int]:
        return {
            section.key: int(connection.scalar(select(func.count()).select_from(_table(section))) or 0)
            for section in SECTIONS
        }

    @storage_errors
    def restore(self, backup: Backup, actor: str) -> dict[str, int]:
        """Load a backup into this database, which must be empty (no row in any section's table), every id
        kept, in one transaction; then record the restore in the audit trail. Returns how many rows of each
        section were restored. Raises Refused for a database that is not empty."""
        with self._write() as connection:
            held = {k: v for k, v in self._counts(connection).items() if v}
            if held:
                what = ", ".join(f"{v} {k}" for k, v in held.items())
                raise Refused(f"the database is not empty ({what}); restore only into an empty database")
            self._load(connection, backup)
            ids = {
                section.key: [int(dict(row)["id"]) for row in backup.rows[section.key]]
                for section in SECTIONS
                if section.key != "audit" and _has_id(_table(section))
            }
            self._audit(connection, actor, RESTORE, ids)
        return {section.key: len(backup.rows[section.key]) for section in SECTIONS}

    def _load(self, connection: Connection, backup: Backup) -> None:
        retracted: list[dict[str, Any]] = []
        for section in SECTIONS:
            items = backup.rows[section.key]
            if not items:
                continue
            exclude = {"retracted"} if section.table == "snapshots" else set()
            connection.execute(insert(_table(section)), [i.model_dump(exclude=exclude) for i in items])
            if section.table == "snapshots":
                retracted = [
                    {"snapshot_id": i.id, "retracted_at": r.at, "retracted_by": r.by, "why": r.why}  # type: ignore[attr-defined]
                    for i in items
                    if (r := getattr(i, "retracted", None)) is not None
                ]
                if retracted:
                    connection.execute(insert(Base.metadata.tables[RETRACTIONS]), retracted)
        if connection.dialect.name == "postgresql":  # the next ids follow the restored ones
            for section in SECTIONS:
                table = _table(section)
                if _has_id(table):
                    connection.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                            f"coalesce((SELECT max(id) FROM {table.name}), 1), "
                            f"(SELECT max(id) FROM {table.name}) IS NOT NULL)"
                        )
                    )


def counts_line(document: dict[str, Any]) -> str:
    """How many rows of each section a backup document holds, for the command line."""
    return ", ".join(f"{len(document[s.key])} {s.key}" for s in SECTIONS)
