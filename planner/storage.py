"""Storage of people, teams and assessments through SQLAlchemy 2.

By default an SQLite file in the user's data directory (on Linux `~/.local/share/stagepath/stagepath.db`,
see `default_database_path`), created on first use; `STAGEPATH_DATABASE_URL` points elsewhere, e.g.
`postgresql+psycopg://user@host/db` for a shared PostgreSQL (a plain `postgresql://` URL gets the psycopg
driver).

Every stored assessment is a frozen snapshot: the whole document as it was, with the framework version and
digest it was checked against, so a later framework change never rewrites history. Nothing here updates or
deletes a snapshot. Every write is one transaction; the schema is created, or upgraded step by step, on
start, with its version in the `stagepath_schema` table. SQLite runs in WAL mode with a busy timeout and
foreign keys on, and takes its write lock at the start of a write (BEGIN IMMEDIATE) so concurrent writers
queue instead of failing."""

from __future__ import annotations

import datetime as dt
import functools
import os
import sqlite3
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, ClassVar, ParamSpec, TypeVar

import platformdirs
from sqlalchemy import (
    JSON,
    Connection,
    Date,
    DateTime,
    Engine,
    ForeignKey,
    Index,
    String,
    and_,
    create_engine,
    event,
    func,
    insert,
    inspect,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, aliased, mapped_column

from planner.access import AccessDenied, Viewer
from planner.assessment import NAME_LENGTH, Assessment, assessment_document
from planner.framework import Framework
from planner.groundwork import GroundworkRecord, groundwork_document
from planner.problems import InputError

ENV_URL = "STAGEPATH_DATABASE_URL"
SCHEMA_VERSION = 2
BUSY_TIMEOUT_MS = 30_000
_WRITE = "stagepath_write"
# Any fixed number: PostgreSQL's advisory lock that serialises schema upgrades from concurrent starts.
_SCHEMA_LOCK = 0x5354_4147


class StorageError(Exception):
    """The database cannot be used: unreachable, written by a newer Stagepath, or failing a query. The one
    error storage raises for the database (besides AccessDenied and ValueError for a refused write), so
    that no caller needs to know SQLAlchemy's; the message is one line, the driver's own first line."""


P = ParamSpec("P")
R = TypeVar("R")


def _storage_errors(method: Callable[P, R]) -> Callable[P, R]:
    """The method, with any SQLAlchemy error raised as a StorageError (the cause kept for the log)."""

    @functools.wraps(method)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except SQLAlchemyError as exc:
            raise StorageError(f"database error: {_reason(exc)}") from exc

    return guarded


# --- the tables -------------------------------------------------------------------------------------------


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dict[str, Any]: JSON().with_variant(postgresql.JSONB(), "postgresql")
    }


class SchemaVersion(Base):
    __tablename__ = "stagepath_schema"
    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int]


class Person(Base):
    __tablename__ = "people"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class TeamRecord(Base):
    __tablename__ = "teams"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Membership(Base):
    __tablename__ = "team_members"
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True, index=True)
    joined_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Snapshot(Base):
    """One stored assessment, never changed after it is written."""

    __tablename__ = "snapshots"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    track: Mapped[str] = mapped_column(String(64))
    rater: Mapped[str] = mapped_column(String(16))
    assessed_on: Mapped[dt.date | None] = mapped_column(Date)
    # The date that orders a person's history: assessed_on, else the day it was stored.
    as_of: Mapped[dt.date] = mapped_column(Date)
    stored_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    batch: Mapped[str] = mapped_column(String(36))
    framework_version: Mapped[str] = mapped_column(String(2000))
    framework_digest: Mapped[str] = mapped_column(String(64))
    document: Mapped[dict[str, Any]]

    __table_args__ = (Index("ix_snapshots_person_as_of", "person_id", "as_of", "id"),)


class GroundworkSnapshot(Base):
    """One stored groundwork record of a team, never changed after it is written."""

    __tablename__ = "groundwork"
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    assessed_on: Mapped[dt.date | None] = mapped_column(Date)
    # The date that orders a team's records: assessed_on, else the day it was stored.
    as_of: Mapped[dt.date] = mapped_column(Date)
    stored_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    framework_version: Mapped[str] = mapped_column(String(2000))
    framework_digest: Mapped[str] = mapped_column(String(64))
    document: Mapped[dict[str, Any]]

    __table_args__ = (Index("ix_groundwork_team_as_of", "team_id", "as_of", "id"),)


# --- what reads return ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StoredSnapshot:
    """A stored assessment with where and when it was stored and the framework it was checked against."""

    id: int
    name: str
    team: str | None
    track: str
    rater: str
    assessed_on: dt.date | None
    as_of: dt.date
    stored_at: dt.datetime
    framework_version: str
    framework_digest: str
    document: dict[str, Any]

    def assessment(self, dated: bool = False) -> Assessment:
        """The stored document as an assessment (checked against the format, not against any framework).
        `dated` gives an undated one the day it was stored, e.g. to follow progress over stored history."""
        assessment = Assessment.model_validate(self.document)
        if dated and assessment.assessed_on is None:
            return assessment.model_copy(update={"assessed_on": self.as_of})
        return assessment


@dataclass(frozen=True)
class StoredGroundwork:
    """A stored groundwork record with when it was stored and the framework it was checked against."""

    id: int
    team: str
    assessed_on: dt.date | None
    as_of: dt.date
    stored_at: dt.datetime
    framework_version: str
    framework_digest: str
    document: dict[str, Any]

    def record(self) -> GroundworkRecord:
        """The stored document as a record (checked against the format, not against any framework)."""
        return GroundworkRecord.model_validate(self.document)


# --- where the database is --------------------------------------------------------------------------------


def default_database_path() -> Path:
    """The SQLite file used when STAGEPATH_DATABASE_URL is not set, in the user's data directory."""
    return platformdirs.user_data_path("stagepath", appauthor=False) / "stagepath.db"


def database_url() -> str:
    """STAGEPATH_DATABASE_URL when set (postgresql:// gets the psycopg driver), else the default file."""
    url = os.environ.get(ENV_URL, "").strip()
    if not url:
        return f"sqlite:///{default_database_path()}"
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url[len(plain) :]
    return url


def shown_url(url: str) -> str:
    """The URL with any password hidden, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(an unreadable database URL)"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Take over BEGIN from the sqlite3 module (see _sqlite_begin), then make every connection wait for
    # locks, enforce foreign keys and use the write-ahead log, which lets readers run beside a writer.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    _use_wal(cursor)
    cursor.close()


def _use_wal(cursor: Any) -> None:
    # The mode is stored in the file, so only the first connection to a new database has to switch it. The
    # switch needs an exclusive lock and SQLite fails it at once with "database is locked" when another
    # connection holds the file, without waiting for the busy timeout; so wait here, within that timeout.
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    pause = 0.001
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                cursor.execute("PRAGMA journal_mode = WAL").fetchall()
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.1)


def _sqlite_begin(connection: Connection) -> None:
    # A write takes the write lock up front: a reader that later tries to write would fail at once with
    # "database is locked" when another writer got there first, however long the busy timeout.
    write = connection.get_execution_options().get(_WRITE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def make_engine(url: str) -> Engine:
    """An engine for the URL, SQLite configured as the module docstring says."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StorageError(
            f"{url[:60]!r} is not a database URL; expected e.g. sqlite:////path/to/stagepath.db "
            "or postgresql://user@host/database"
        ) from None
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(parsed, pool_pre_ping=True)


# --- schema versions --------------------------------------------------------------------------------------


def _create_version_1(connection: Connection) -> None:
    Base.metadata.create_all(
        connection,
        tables=[t.__table__ for t in (Person, TeamRecord, Membership, Snapshot)],  # type: ignore[misc]
    )


def _create_version_2(connection: Connection) -> None:
    Base.metadata.create_all(connection, tables=[GroundworkSnapshot.__table__])  # type: ignore[list-item]


# Step n brings a database at version n - 1 to version n. Each step creates only its own version's tables
# (pinned here rather than read from the current models), so that upgrading step by step ends the same.
UPGRADES: dict[int, Callable[[Connection], None]] = {1: _create_version_1, 2: _create_version_2}


def _schema_version(connection: Connection) -> int:
    if not inspect(connection).has_table(SchemaVersion.__tablename__):
        return 0
    return connection.scalar(select(SchemaVersion.version).where(SchemaVersion.id == 1)) or 0


def upgrade(engine: Engine) -> int:
    """Create or upgrade the schema to SCHEMA_VERSION, in one transaction; return the version found."""
    with engine.connect() as connection:
        found = _schema_version(connection)
    if found == SCHEMA_VERSION:
        return found
    if found > SCHEMA_VERSION:
        raise StorageError(
            f"the database has schema version {found}, newer than this Stagepath knows ({SCHEMA_VERSION}); "
            "upgrade Stagepath to use it"
        )
    with engine.execution_options(**{_WRITE: True}).begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SCHEMA_LOCK})
        found = _schema_version(connection)  # another process may have upgraded while we waited
        for version in range(found + 1, SCHEMA_VERSION + 1):
            UPGRADES[version](connection)
        if found == 0:
            Base.metadata.create_all(connection, tables=[SchemaVersion.__table__])  # type: ignore[list-item]
            connection.execute(insert(SchemaVersion).values(id=1, version=SCHEMA_VERSION))
        elif found < SCHEMA_VERSION:
            connection.execute(
                update(SchemaVersion).where(SchemaVersion.id == 1).values(version=SCHEMA_VERSION)
            )
    return found


# --- access: what a viewer may see and store (planner.access says who the viewer is) ----------------------


def _only_visible(
    query: Any, viewer: Viewer | None, person_id: Any, imported_under: Any = None, team: str | None = None
) -> Any:
    """The query restricted to what the viewer may see: the one place every read is filtered.

    `person_id` is the query's person column; for a query of snapshots, `imported_under` is the column of the
    team a snapshot was stored under; `team` is the team the query asks about, if any. Nothing is filtered in
    single-user mode (no viewer) or for an administrator. Anyone else sees their own person and every
    snapshot of it; a manager also sees the members of the teams they manage and the snapshots stored under
    those teams: a team's record is what was stored under it. Never a snapshot stored under another team, nor
    one a member stored for herself without a team (hers alone): so whoever a manager names in their team,
    they see only what they stored there, and storing a name tells them nothing of anyone else's records.
    Asked about a team they do not manage, they see only themselves in it."""
    if viewer is None or viewer.administrator:
        return query
    own = person_id.in_(select(Person.id).where(Person.name == viewer.person))
    if not viewer.teams or (team is not None and not viewer.manages(team)):
        return query.where(own)
    managed = select(TeamRecord.id).where(TeamRecord.name.in_(sorted(viewer.teams)))
    in_their_teams = person_id.in_(select(Membership.person_id).where(Membership.team_id.in_(managed)))
    if imported_under is not None:
        in_their_teams = and_(in_their_teams, imported_under.in_(managed))
    return query.where(or_(own, in_their_teams))


def _only_visible_teams(query: Any, viewer: Viewer | None) -> Any:
    """A query of teams restricted to those the viewer manages (every team for None or an administrator)."""
    if viewer is None or viewer.administrator:
        return query
    return query.where(TeamRecord.name.in_(sorted(viewer.teams)))


def _check_team_write(viewer: Viewer | None, team: str) -> None:
    """Refuse storing a team's groundwork for anyone but an administrator or a manager of that team."""
    if viewer is not None and not viewer.administrator and not viewer.manages(team):
        raise AccessDenied(f"{viewer.email} does not manage team {team!r}, so cannot store its groundwork")


def _check_write(viewer: Viewer | None, names: Sequence[str], team: str | None) -> None:
    """Refuse a write the viewer may not make, before anything is written: into a team they do not manage,
    or of someone else when no team they manage is given. Who is stored already plays no part: a manager who
    puts a person into their team sees only what is stored under it (see `_only_visible`), so any name may go
    in, and the answer is the same whether the name exists elsewhere or not."""
    if viewer is None or viewer.administrator:
        return
    if team is not None and not viewer.manages(team):
        raise AccessDenied(f"{viewer.email} does not manage team {team!r}, so cannot store into it")
    others = sorted({n for n in names if not viewer.owns(n)})
    if others and team is None:
        raise AccessDenied(
            f"{viewer.email} may store only their own assessments ({viewer.person!r}) without a team they manage; "
            f"not {others[0]!r}"
        )


# --- the store --------------------------------------------------------------------------------------------


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)  # SQLite gives back naive UTC


def _chunks(items: Sequence[str], size: int = 500) -> list[Sequence[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


class Store:
    """People, teams and snapshots in one database. Use as a context manager, or call close()."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or database_url()
        try:
            self.engine = make_engine(self.url)
            self._writer = self.engine.execution_options(**{_WRITE: True})
            upgrade(self.engine)
        except SQLAlchemyError as exc:
            raise StorageError(f"cannot open the database at {shown_url(self.url)}: {_reason(exc)}") from None

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    def _insert(self, connection: Connection, table: Any) -> Any:
        """INSERT ... ON CONFLICT DO NOTHING, so that two writers adding the same name both succeed."""
        dialect = sqlite if connection.dialect.name == "sqlite" else postgresql
        return dialect.insert(table).on_conflict_do_nothing()

    def _ids(
        self, connection: Connection, model: type[Person] | type[TeamRecord], names: Sequence[str]
    ) -> dict[str, int]:
        """The id of each name, adding the names that are new. Names go in sorted order so that
        concurrent writers lock rows in the same order and never deadlock."""
        ordered = sorted(set(names))
        now = _now()
        if ordered:
            connection.execute(
                self._insert(connection, model), [{"name": n, "created_at": now} for n in ordered]
            )
        ids: dict[str, int] = {}
        for chunk in _chunks(ordered):
            found = connection.execute(select(model.name, model.id).where(model.name.in_(chunk)))
            ids.update((name, id_) for name, id_ in found)
        return ids

    @_storage_errors
    def store(
        self,
        assessments: Sequence[Assessment],
        framework: Framework,
        team: str | None = None,
        viewer: Viewer | None = None,
    ) -> list[int]:
        """Store each assessment as a new snapshot, all or none, and make each person a member of `team`.

        Every assessment needs a name. Returns the new snapshot ids, in order. Raises AccessDenied, storing
        nothing, when the viewer may not make this write (see `_check_write`)."""
        if any(not a.name for a in assessments):
            raise ValueError("every assessment to store needs a name")
        if team is not None and not team.strip():
            raise ValueError("a team name cannot be empty")
        if not assessments:
            return []
        now = _now()
        batch = str(uuid.uuid4())
        _check_write(viewer, [a.name or "" for a in assessments], team)
        with self._writer.begin() as connection:
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
        full = _only_visible(
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
            StoredSnapshot(
                id=s.id,
                name=name,
                team=team,
                track=s.track,
                rater=s.rater,
                assessed_on=s.assessed_on,
                as_of=s.as_of,
                stored_at=_aware(s.stored_at),
                framework_version=s.framework_version,
                framework_digest=s.framework_digest,
                document=dict(s.document),
            )
            for s, name, team in found
        ]

    @_storage_errors
    def latest(self, team: str | None = None, viewer: Viewer | None = None) -> list[StoredSnapshot]:
        """The latest snapshot of each person the viewer may see (of the team's members when `team` is given),
        by name. Latest means the most recent date (assessed_on, else the day it was stored), then the last
        stored."""
        rank = (
            func.row_number()
            .over(partition_by=Snapshot.person_id, order_by=(Snapshot.as_of.desc(), Snapshot.id.desc()))
            .label("rank")
        )
        ranked = _only_visible(
            _of_team(select(Snapshot.id, rank), Snapshot.person_id, team),
            viewer,
            Snapshot.person_id,
            Snapshot.team_id,
            team,
        )
        inner = ranked.subquery()
        return self._snapshots(select(inner.c.id).where(inner.c.rank == 1), viewer)

    @_storage_errors
    def snapshots(self, team: str | None = None, viewer: Viewer | None = None) -> list[StoredSnapshot]:
        """Every snapshot of the people the viewer may see (of the team's members when `team` is given), in
        one query: by name, oldest first."""
        return self._snapshots(
            _only_visible(
                _of_team(select(Snapshot.id), Snapshot.person_id, team), viewer, Snapshot.person_id, team=team
            ),
            viewer,
        )

    @_storage_errors
    def history(self, name: str, viewer: Viewer | None = None) -> list[StoredSnapshot]:
        """Every snapshot of one person, oldest first; none when the viewer may not see them."""
        return self._snapshots(
            select(Snapshot.id).join(Person, Person.id == Snapshot.person_id).where(Person.name == name),
            viewer,
        )

    @_storage_errors
    def store_groundwork(
        self, record: GroundworkRecord, framework: Framework, viewer: Viewer | None = None
    ) -> int:
        """Store a team's groundwork record as a new snapshot under the team it names; returns its id.
        Raises AccessDenied, storing nothing, unless the viewer may write that team's records."""
        _check_team_write(viewer, record.team)
        now = _now()
        with self._writer.begin() as connection:
            team_id = self._ids(connection, TeamRecord, [record.team])[record.team]
            inserted = connection.execute(
                insert(GroundworkSnapshot).returning(GroundworkSnapshot.id),
                {
                    "team_id": team_id,
                    "assessed_on": record.assessed_on,
                    "as_of": record.assessed_on or now.date(),
                    "stored_at": now,
                    "framework_version": framework.curve.version,
                    "framework_digest": framework.digest,
                    "document": groundwork_document(record),
                },
            )
            return int(inserted.scalar_one())

    @_storage_errors
    def groundwork(self, team: str | None = None, viewer: Viewer | None = None) -> list[StoredGroundwork]:
        """Every groundwork record of the teams the viewer may see (or of one team), by team, oldest first:
        the same teams `teams` lists for the viewer."""
        query = _only_visible_teams(
            select(GroundworkSnapshot, TeamRecord.name).join(
                TeamRecord, TeamRecord.id == GroundworkSnapshot.team_id
            ),
            viewer,
        )
        if team is not None:
            query = query.where(TeamRecord.name == team)
        with Session(self.engine) as session:
            found = [(g, name) for g, name in session.execute(query)]
        found.sort(key=lambda row: (row[1], row[0].as_of, row[0].id))
        return [
            StoredGroundwork(
                id=g.id,
                team=name,
                assessed_on=g.assessed_on,
                as_of=g.as_of,
                stored_at=_aware(g.stored_at),
                framework_version=g.framework_version,
                framework_digest=g.framework_digest,
                document=dict(g.document),
            )
            for g, name in found
        ]

    def latest_groundwork(self, team: str, viewer: Viewer | None = None) -> StoredGroundwork | None:
        """The team's latest groundwork record (most recent date, then the last stored), or None when it has
        none or the viewer may not see it."""
        records = self.groundwork(team, viewer)
        return records[-1] if records else None

    @_storage_errors
    def teams(self, viewer: Viewer | None = None) -> list[str]:
        """The name of every team the viewer may see, sorted."""
        with Session(self.engine) as session:
            return sorted(session.scalars(_only_visible_teams(select(TeamRecord.name), viewer)))

    @_storage_errors
    def people(self, team: str | None = None, viewer: Viewer | None = None) -> list[str]:
        """Everyone the viewer may see, or those of them in one team, by name."""
        query = _only_visible(_of_team(select(Person.name), Person.id, team), viewer, Person.id, team=team)
        with Session(self.engine) as session:
            return sorted(session.scalars(query))


def _of_team(query: Any, person_id: Any, team: str | None) -> Any:
    """The query restricted to the members of one team; unchanged when `team` is None."""
    if team is None:
        return query
    return (
        query.join(Membership, Membership.person_id == person_id)
        .join(TeamRecord, TeamRecord.id == Membership.team_id)
        .where(TeamRecord.name == team)
    )


def _reason(exc: SQLAlchemyError) -> str:
    """The driver's own first line, without SQLAlchemy's SQL and background links."""
    original = getattr(exc, "orig", None)
    message = str(original if original is not None else exc).strip().splitlines()
    return message[0] if message else type(exc).__name__


def storage_problem(exc: StorageError) -> InputError:
    """A storage failure as the one-line problem the command line prints."""
    return InputError.single(ENV_URL if os.environ.get(ENV_URL) else "database", str(exc))
