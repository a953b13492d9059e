"""The tables, as the code reads and writes them. They are made and changed only by the revisions in
planner/storage/migrations (run by planner.storage.migrate): a change here goes with a new revision."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import JSON, BigInteger, Date, DateTime, ForeignKey, Index, String
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from planner.formats.identity import NAME_LENGTH

# Room for a name's key and skeleton, which case folding and decomposition can make longer than the name.
KEY_LENGTH = 4 * NAME_LENGTH
# An e-mail address (254) or the command line's `cli:USER`.
AUTHOR_LENGTH = 320


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
    """A person: the name first stored for them, their identity key (their e-mail's where the access file
    names them, else their name's, planner.formats.identity: two names with one key are one person) and
    the name's confusable skeleton (to refuse a name that looks like theirs). Two people may share a name
    (two e-mails the access file names alike); they are shown with their keys (`shown_name`)."""

    __tablename__ = "people"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    key: Mapped[str] = mapped_column(String(KEY_LENGTH))
    skeleton: Mapped[str] = mapped_column(String(KEY_LENGTH), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("uq_people_key", "key", unique=True),)


class TeamRecord(Base):
    """A team, keyed as a person is."""

    __tablename__ = "teams"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH), unique=True)
    key: Mapped[str] = mapped_column(String(KEY_LENGTH))
    skeleton: Mapped[str] = mapped_column(String(KEY_LENGTH), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("uq_teams_key", "key", unique=True),)


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
    # Who stored it: the signed-in e-mail, or `cli:USER` for the command line.
    stored_by: Mapped[str] = mapped_column(String(AUTHOR_LENGTH))
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
    stored_by: Mapped[str] = mapped_column(String(AUTHOR_LENGTH))
    framework_version: Mapped[str] = mapped_column(String(2000))
    framework_digest: Mapped[str] = mapped_column(String(64))
    document: Mapped[dict[str, Any]]

    __table_args__ = (Index("ix_groundwork_team_as_of", "team_id", "as_of", "id"),)


class Retraction(Base):
    """A snapshot taken back: hidden from every view, kept (with who, when and why) for the audit. The
    snapshot itself is never changed."""

    __tablename__ = "retractions"
    snapshot_id: Mapped[int] = mapped_column(
        ForeignKey("snapshots.id"), primary_key=True, autoincrement=False
    )
    retracted_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    retracted_by: Mapped[str] = mapped_column(String(AUTHOR_LENGTH))
    why: Mapped[str] = mapped_column(String(2000))


class AuditEntry(Base):
    """One write: when, who, what kind (store, retract, forget, restore, ...) and which ids, by kind of
    record (`{"snapshots": [...], "people": [...]}`); never what was written or erased."""

    __tablename__ = "audit"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(AUTHOR_LENGTH))
    action: Mapped[str] = mapped_column(String(16))
    ids: Mapped[dict[str, Any]]


TEXT_LENGTH = 2000


class CheckIn(Base):
    """A check-in of one person with the managers of one of their teams; its states are its steps."""

    __tablename__ = "check_ins"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    opened_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    opened_by: Mapped[str] = mapped_column(String(AUTHOR_LENGTH))


class CheckInStep(Base):
    """One step of a check-in (draft, shared, reviewed, agreed), never changed: the snapshot it carries (the
    person's own, the manager's, the agreed one; none for a check-in a manager opened) and its notes
    (`{"proposed": {skill: level}, "notes": {skill: text}}` for a review, the notes of the agreement)."""

    __tablename__ = "check_in_steps"
    id: Mapped[int] = mapped_column(primary_key=True)
    check_in_id: Mapped[int] = mapped_column(ForeignKey("check_ins.id"), index=True)
    state: Mapped[str] = mapped_column(String(16))
    snapshot_id: Mapped[int | None] = mapped_column(ForeignKey("snapshots.id"))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    by: Mapped[str] = mapped_column(String(AUTHOR_LENGTH))
    notes: Mapped[dict[str, Any]]


class ConfirmationRecord(Base):
    """A person's request that a colleague (by e-mail) confirm one skill at a level, with a line of
    evidence; its answer is a row of ConfirmationAnswer."""

    __tablename__ = "confirmations"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    skill: Mapped[str] = mapped_column(String(64))
    level: Mapped[int]
    asked_of: Mapped[str] = mapped_column(String(AUTHOR_LENGTH), index=True)
    evidence: Mapped[str] = mapped_column(String(TEXT_LENGTH))
    asked_at: Mapped[dt.date] = mapped_column(Date)
    asked_by: Mapped[str] = mapped_column(String(AUTHOR_LENGTH))
    stored_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ConfirmationAnswer(Base):
    """The colleague's answer to a request: `confirmed`, `declined` or the level they saw (as text)."""

    __tablename__ = "confirmation_answers"
    id: Mapped[int] = mapped_column(primary_key=True)
    confirmation_id: Mapped[int] = mapped_column(ForeignKey("confirmations.id"), index=True)
    answer: Mapped[str] = mapped_column(String(16))
    answered_at: Mapped[dt.date] = mapped_column(Date)
    answered_by: Mapped[str] = mapped_column(String(AUTHOR_LENGTH))
    stored_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Action(Base):
    """A focus item made an action: whose, on which skill, what, who owns it and when it is due."""

    __tablename__ = "actions"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    skill: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(String(TEXT_LENGTH))
    owner: Mapped[str] = mapped_column(String(AUTHOR_LENGTH))
    due: Mapped[dt.date] = mapped_column(Date)
    created_by: Mapped[str] = mapped_column(String(AUTHOR_LENGTH))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ActionDone(Base):
    """An action ticked off: when, by whom."""

    __tablename__ = "action_done"
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id"), primary_key=True, autoincrement=False)
    done_at: Mapped[dt.date] = mapped_column(Date)
    done_by: Mapped[str] = mapped_column(String(AUTHOR_LENGTH))
    stored_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class EvidenceDecision(Base):
    """A person's decision on a piece of evidence a scan suggested for one of their skills: `accepted` or
    `dropped`; the latest decision on the same skill, evidence and source counts."""

    __tablename__ = "evidence_decisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    skill: Mapped[str] = mapped_column(String(64))
    evidence: Mapped[str] = mapped_column(String(TEXT_LENGTH))
    source: Mapped[str] = mapped_column(String(TEXT_LENGTH))
    decision: Mapped[str] = mapped_column(String(16))
    decided_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    decided_by: Mapped[str] = mapped_column(String(AUTHOR_LENGTH))
