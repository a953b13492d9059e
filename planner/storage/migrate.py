"""The schema's revisions, applied through Alembic (planner/storage/migrations): on every start
(`upgrade`), and for operators through `stagepath db upgrade|current|history`.

An upgrade is one transaction; on PostgreSQL it holds an advisory lock, and on SQLite the write lock
(BEGIN IMMEDIATE), so processes starting at once upgrade one after the other and the later ones find it
done. A database at a revision this Stagepath does not know (made by a newer one) is refused, as is a
database from before Alembic whose version (in `stagepath_schema`) is newer than the last one before it.
Alembic is imported only when there is something to do: opening an up-to-date database reads one row."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import SQLAlchemyError

from planner.storage.database import WRITE, database_url, make_engine, shown_url, without_secrets
from planner.storage.errors import StorageError, reason

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The newest revision in planner/storage/migrations/versions (a test checks that the two agree), so that
# opening an up-to-date database needs no Alembic.
HEAD = "0005"
VERSION_TABLE = "alembic_version"
# Before Alembic, the version was a number in this table; 2 was the last (the baseline revision).
LEGACY_TABLE = "stagepath_schema"
LEGACY_LAST = 2
# Any fixed number: PostgreSQL's advisory lock that serialises schema upgrades from concurrent starts.
_SCHEMA_LOCK = 0x5354_4147


@dataclass(frozen=True)
class Found:
    """Where a database stands: its Alembic revision, or else the version it kept before Alembic (0 for a
    database with no Stagepath tables)."""

    revision: str | None
    legacy: int = 0

    def __str__(self) -> str:
        if self.revision:
            return f"revision {self.revision}"
        return f"schema version {self.legacy} (before migrations)" if self.legacy else "empty"


@contextlib.contextmanager
def opened(url: str | None = None) -> Iterator[Engine]:
    """An engine for the database (STAGEPATH_DATABASE_URL by default), without upgrading it; any database
    error inside is a StorageError naming the database (its secrets masked)."""
    url = url or database_url()
    engine = make_engine(url)
    try:
        yield engine
    except SQLAlchemyError as exc:
        why = without_secrets(reason(exc), url)
        raise StorageError(f"cannot use the database at {shown_url(url)}: {why}") from None
    finally:
        engine.dispose()


def found(connection: Connection) -> Found:
    """The revision of the database on the connection (none for a new one or one from before Alembic)."""
    tables = set(inspect(connection).get_table_names())
    if VERSION_TABLE in tables:
        revision = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
        if revision:
            return Found(str(revision))
    if LEGACY_TABLE in tables:
        legacy = connection.execute(text(f"SELECT version FROM {LEGACY_TABLE} WHERE id = 1")).scalar()
        return Found(None, int(legacy or 0))
    return Found(None)


def _config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def scripts() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config())


def _refuse_newer(where: Found) -> None:
    newer = (where.revision is not None and where.revision not in known()) or (
        where.revision is None and where.legacy > LEGACY_LAST
    )
    if newer:
        raise StorageError(
            f"the database is at {where}, newer than this Stagepath knows (revision {HEAD}); "
            "upgrade Stagepath to use it"
        )


def known() -> set[str]:
    """Every revision this Stagepath has."""
    return {script.revision for script in scripts().walk_revisions()}


def upgrade(engine: Engine) -> tuple[Found, Found]:
    """Bring the database to the newest revision, in one transaction; return where it was and where it is.
    Raises StorageError for a database newer than this Stagepath."""
    with engine.connect() as connection:
        before = found(connection)
    if before.revision == HEAD:
        return before, before
    _refuse_newer(before)
    from alembic import command

    with (
        engine.connect() as connection,
        _foreign_keys_checked_at_the_end(connection),
        connection.execution_options(**{WRITE: True}).begin(),
    ):
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SCHEMA_LOCK})
        before = found(connection)  # another process may have upgraded while this one waited
        _refuse_newer(before)
        if before.revision != HEAD:
            command.upgrade(_config(connection), "head")
            _check_foreign_keys(connection)
        after = found(connection)
    return before, after


@contextlib.contextmanager
def _foreign_keys_checked_at_the_end(connection: Connection) -> Iterator[None]:
    """On SQLite, the revisions run with foreign keys off: a revision that changes a table others refer to
    copies it (SQLite's way to alter most things), and with them on, dropping the old copy would delete
    every row referring to it or fail. SQLite takes the switch only outside a transaction, so it is set on
    the connection before the upgrade's transaction begins, and set back after it ends; the references are
    checked before it commits (`_check_foreign_keys`). Elsewhere, nothing to do."""
    if connection.dialect.name != "sqlite":
        yield
        return
    raw = connection.connection.driver_connection
    assert raw is not None
    raw.execute("PRAGMA foreign_keys = OFF")
    try:
        yield
    finally:
        raw.execute("PRAGMA foreign_keys = ON")


def _check_foreign_keys(connection: Connection) -> None:
    """Refuse (rolling the upgrade back) when a revision left a row referring to one that is not there."""
    if connection.dialect.name != "sqlite":
        return
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        table, rowid, parent, _ = broken[0]
        raise StorageError(
            f"upgrading the database would leave {len(broken)} row(s) referring to nothing "
            f"(first: {table} row {rowid} refers to a missing {parent} row); nothing was changed"
        )


@dataclass(frozen=True)
class Revision:
    """One revision, for `stagepath db history`: its id, the one before it, and what it does."""

    id: str
    down: str | None
    doc: str
    applied: bool


def history(engine: Engine | None = None) -> list[Revision]:
    """Every revision, oldest first, each marked applied when the database (if given) has it."""
    where = None
    if engine is not None:
        with engine.connect() as connection:
            where = found(connection)
    applied: set[str] = set()
    directory = scripts()
    if where is not None and where.revision is not None and where.revision in known():
        applied = {s.revision for s in directory.iterate_revisions(where.revision, "base")}
    revisions = []
    for script in reversed(list(directory.walk_revisions())):
        down: Any = script.down_revision
        doc = (script.module.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
        revisions.append(Revision(script.revision, down, doc, script.revision in applied))
    return revisions
