"""The tables, and the schema's versions: created, or upgraded step by step, on start, with the version in
the `stagepath_schema` table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Connection,
    Date,
    DateTime,
    Engine,
    ForeignKey,
    Index,
    String,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from planner.formats.assessment import NAME_LENGTH
from planner.storage.database import WRITE
from planner.storage.errors import StorageError

SCHEMA_VERSION = 2
# Any fixed number: PostgreSQL's advisory lock that serialises schema upgrades from concurrent starts.
_SCHEMA_LOCK = 0x5354_4147


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
    with engine.execution_options(**{WRITE: True}).begin() as connection:
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
