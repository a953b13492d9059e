"""The tables, as the code reads and writes them. They are made and changed only by the revisions in
planner/storage/migrations (run by planner.storage.migrate): a change here goes with a new revision."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import JSON, BigInteger, Date, DateTime, ForeignKey, Index, String
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from planner.formats.assessment import NAME_LENGTH


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dict[str, Any]: JSON().with_variant(postgresql.JSONB(), "postgresql")
    }


class Changes(Base):
    """One row (id 1) whose counter every write adds one to, in the write's own transaction: a process
    reads it to tell whether what it cached is still what is stored."""

    __tablename__ = "stagepath_changes"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    counter: Mapped[int] = mapped_column(BigInteger)


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
