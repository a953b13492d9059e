"""Corrections and erasure: retracting a snapshot (hidden from every view, kept and marked for the audit),
forgetting a person (erased everywhere: their snapshots, evidence, memberships, and mentions of them in
groundwork evidence), everything stored about one person, and the audit trail that records each write.

Who may: an administrator (and the command line) anyone's; a signed-in person their own. A viewer asking
about what is not theirs is answered as if it did not exist."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update
from sqlalchemy.orm import Session

from planner.formats.access import AccessDenied, Viewer
from planner.formats.assessment import plain_text
from planner.formats.identity import PERSON_EXPORT, NameRefused
from planner.storage.base import StoreBase, author, aware, iso, utc_now
from planner.storage.errors import Refused, storage_errors
from planner.storage.schema import (
    Action,
    ActionDone,
    AuditEntry,
    CheckIn,
    CheckInStep,
    ConfirmationAnswer,
    ConfirmationRecord,
    EvidenceDecision,
    GroundworkSnapshot,
    Membership,
    Person,
    Retraction,
    Snapshot,
    TeamRecord,
)
from planner.storage.visibility import person_keys

WHY_LENGTH = 2000
# What replaces a forgotten person's name in groundwork evidence.
ERASED = "[erased]"


@dataclass(frozen=True)
class AuditRow:
    """One entry of the audit trail: when, who, what kind of write, and which ids by kind of record."""

    id: int
    at: dt.datetime
    actor: str
    action: str
    ids: dict[str, list[int]]


@dataclass(frozen=True)
class Forgotten:
    """What forgetting a person erased: their id, their snapshots' ids, how many memberships, and the ids of
    the groundwork records whose evidence named them (now reading [erased] there)."""

    person: int
    snapshots: list[int]
    memberships: int
    groundwork: list[int]


# Every column that names who did something (an e-mail, or the command line's `cli:USER`), with its row's id.
AUTHORED: tuple[tuple[Any, Any], ...] = (
    (Snapshot.stored_by, Snapshot.id),
    (GroundworkSnapshot.stored_by, GroundworkSnapshot.id),
    (Retraction.retracted_by, Retraction.snapshot_id),
    (AuditEntry.actor, AuditEntry.id),
    (CheckIn.opened_by, CheckIn.id),
    (CheckInStep.by, CheckInStep.id),
    (ConfirmationRecord.asked_of, ConfirmationRecord.id),
    (ConfirmationRecord.asked_by, ConfirmationRecord.id),
    (ConfirmationAnswer.answered_by, ConfirmationAnswer.id),
    (Action.owner, Action.id),
    (Action.created_by, Action.id),
    (ActionDone.done_by, ActionDone.action_id),
    (EvidenceDecision.decided_by, EvidenceDecision.id),
)


def _may(viewer: Viewer | None, person_key: str) -> bool:
    """Whether the viewer may correct, erase and take away the records of the person of this stored key."""
    return viewer is None or viewer.administrator or person_key in person_keys(viewer.key, viewer.directory)


class Records(StoreBase):
    """Retractions, erasure, one person's whole record, and the audit trail."""

    @storage_errors
    def retract(self, snapshot_id: int, why: str, viewer: Viewer | None = None) -> None:
        """Hide a snapshot from every view, keeping it, with who retracted it, when and why, for the audit.
        Raises Refused for a blank reason, a snapshot the viewer has no such record of, or one retracted
        already."""
        reason = " ".join(plain_text(why).split())
        if not reason:
            raise Refused("say why the snapshot is retracted (--why TEXT)")
        if len(reason) > WHY_LENGTH:
            raise Refused(f"the reason is longer than {WHY_LENGTH} characters")
        by = author(viewer)
        with self._write() as connection:
            found = connection.execute(
                select(Person.key, Retraction.snapshot_id)
                .select_from(Snapshot)
                .join(Person, Person.id == Snapshot.person_id)
                .outerjoin(Retraction, Retraction.snapshot_id == Snapshot.id)
                .where(Snapshot.id == snapshot_id)
            ).first()
            if found is None or not _may(viewer, found[0]):
                whose = "" if viewer is None or viewer.administrator else f" of {viewer.person!r}"
                raise Refused(f"there is no stored snapshot {snapshot_id}{whose}")
            if found[1] is not None:
                raise Refused(f"snapshot {snapshot_id} is retracted already")
            connection.execute(
                insert(Retraction),
                {"snapshot_id": snapshot_id, "retracted_at": utc_now(), "retracted_by": by, "why": reason},
            )
            self._audit(connection, by, "retract", {"snapshots": [snapshot_id]})

    def _person(self, connection: Connection, name: str, viewer: Viewer | None) -> tuple[int, str, str]:
        try:
            keys = self.person_keys(name, viewer)
        except NameRefused as exc:
            raise Refused(str(exc)) from None
        found = connection.execute(
            select(Person.id, Person.name, Person.key).where(Person.key.in_(keys)).order_by(Person.id)
        ).first()
        if found is None or not _may(viewer, found[2]):
            raise Refused(f"there is no stored person named {name!r}")
        return int(found[0]), str(found[1]), str(found[2])

    @storage_errors
    def forget(self, name: str, viewer: Viewer | None = None) -> Forgotten:
        """Erase a person (by identity) and everything of theirs: their snapshots with their evidence and any
        retraction of them, their memberships, their check-ins, the confirmations asked for them, their
        actions and evidence decisions, their name in groundwork evidence (replaced by [erased]), and their e-mail
        where it says who did something in anyone else's records (`_scrub_authorship`). The audit trail records
        the erasure and the ids, never what was erased. Raises Refused
        for a person the viewer has no record of."""
        by = author(viewer)
        with self._write() as connection:
            person_id, stored_name, person_key = self._person(connection, name, viewer)
            snapshots = list(
                connection.scalars(
                    select(Snapshot.id).where(Snapshot.person_id == person_id).order_by(Snapshot.id)
                )
            )
            erased = self._erase_follow_through(connection, person_id)
            connection.execute(delete(Retraction).where(Retraction.snapshot_id.in_(snapshots)))
            connection.execute(delete(Snapshot).where(Snapshot.person_id == person_id))
            memberships = connection.execute(delete(Membership).where(Membership.person_id == person_id))
            scrubbed = self._scrub(connection, {stored_name, name})
            connection.execute(delete(Person).where(Person.id == person_id))
            email = person_key if "@" in person_key else None
            authored = self._scrub_authorship(connection, email) if email else {}
            self._audit(
                connection,
                ERASED if by == email else by,
                "forget",
                {"people": [person_id], "snapshots": snapshots, "groundwork": scrubbed, **erased, **authored},
            )
            return Forgotten(person_id, snapshots, memberships.rowcount or 0, scrubbed)

    def _erase_follow_through(self, connection: Connection, person_id: int) -> dict[str, list[int]]:
        """Delete the person's check-ins with their steps, the confirmations asked for them with their
        answers, their actions and their decisions on evidence; the ids erased, by kind."""

        def ids(query: Any) -> list[int]:
            return sorted(int(i) for i in connection.scalars(query))

        check_ins = ids(select(CheckIn.id).where(CheckIn.person_id == person_id))
        confirmations = ids(select(ConfirmationRecord.id).where(ConfirmationRecord.person_id == person_id))
        actions = ids(select(Action.id).where(Action.person_id == person_id))
        decisions = ids(select(EvidenceDecision.id).where(EvidenceDecision.person_id == person_id))
        connection.execute(delete(CheckInStep).where(CheckInStep.check_in_id.in_(check_ins)))
        connection.execute(delete(CheckIn).where(CheckIn.id.in_(check_ins)))
        connection.execute(
            delete(ConfirmationAnswer).where(ConfirmationAnswer.confirmation_id.in_(confirmations))
        )
        connection.execute(delete(ConfirmationRecord).where(ConfirmationRecord.id.in_(confirmations)))
        connection.execute(delete(ActionDone).where(ActionDone.action_id.in_(actions)))
        connection.execute(delete(Action).where(Action.id.in_(actions)))
        connection.execute(delete(EvidenceDecision).where(EvidenceDecision.id.in_(decisions)))
        found = {
            "check_ins": check_ins,
            "confirmations": confirmations,
            "actions": actions,
            "evidence_decisions": decisions,
        }
        return {kind: found_ids for kind, found_ids in found.items() if found_ids}

    def _scrub_authorship(self, connection: Connection, email: str) -> dict[str, list[int]]:
        """Replace the forgotten person's e-mail by [erased] wherever it stands in other people's records
        (who stored, retracted, asked, answered, owns or ticked off; who a confirmation is asked of; who did
        a write in the audit trail): the records stay, the person is gone from them. The ids changed, by
        table (`<table>.<column>`)."""
        changed: dict[str, list[int]] = {}
        for column, id_column in AUTHORED:
            table = column.class_.__tablename__
            ids = sorted(
                int(i)
                for i in connection.scalars(
                    update(column.class_)
                    .where(func.lower(column) == email)
                    .values({column.key: ERASED})
                    .returning(id_column)
                )
            )
            if ids:
                changed[f"{table}.{column.key}"] = ids
        return changed

    def _scrub(self, connection: Connection, names: set[str]) -> list[int]:
        """Replace the names in every groundwork record's evidence; the ids of the records changed."""
        pattern = re.compile(
            "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)), re.IGNORECASE
        )
        changed = []
        for id_, document in connection.execute(
            select(GroundworkSnapshot.id, GroundworkSnapshot.document).order_by(GroundworkSnapshot.id)
        ):
            scrubbed = _scrubbed(document, pattern)
            if scrubbed != document:
                connection.execute(
                    update(GroundworkSnapshot).where(GroundworkSnapshot.id == id_).values(document=scrubbed)
                )
                changed.append(int(id_))
        return changed

    @storage_errors
    def person_record(self, name: str, viewer: Viewer | None = None) -> dict[str, Any]:
        """Everything stored about one person (by identity), for them to take away: their name, teams, every
        snapshot (retracted ones too, marked) with who stored it and when, and the groundwork evidence that
        names them. Raises Refused for a person the viewer has no record of."""
        with Session(self.engine) as session:
            person_id, stored_name, _ = self._person(session.connection(), name, viewer)
            teams = sorted(
                session.scalars(
                    select(TeamRecord.name)
                    .join(Membership, Membership.team_id == TeamRecord.id)
                    .where(Membership.person_id == person_id)
                )
            )
            rows = session.execute(
                select(Snapshot, TeamRecord.name, Retraction)
                .outerjoin(TeamRecord, TeamRecord.id == Snapshot.team_id)
                .outerjoin(Retraction, Retraction.snapshot_id == Snapshot.id)
                .where(Snapshot.person_id == person_id)
                .order_by(Snapshot.as_of, Snapshot.id)
            ).all()
            pattern = re.compile(re.escape(stored_name), re.IGNORECASE)
            mentions = [
                {"groundwork": int(g.id), "team": team, "capability": capability}
                for g, team in session.execute(
                    select(GroundworkSnapshot, TeamRecord.name)
                    .join(TeamRecord, TeamRecord.id == GroundworkSnapshot.team_id)
                    .order_by(GroundworkSnapshot.id)
                ).all()
                for capability, entry in sorted(dict(g.document.get("capabilities", {})).items())
                if isinstance(entry, dict) and pattern.search(str(entry.get("evidence", "")))
            ]
        snapshots = []
        for snapshot, team, retraction in rows:
            snapshots.append(
                {
                    "id": snapshot.id,
                    "team": team,
                    "track": snapshot.track,
                    "rater": snapshot.rater,
                    "assessed_on": snapshot.assessed_on.isoformat() if snapshot.assessed_on else None,
                    "stored_at": iso(snapshot.stored_at),
                    "stored_by": snapshot.stored_by,
                    "framework_version": snapshot.framework_version,
                    "framework_digest": snapshot.framework_digest,
                    "retracted": None
                    if retraction is None
                    else {
                        "at": iso(retraction.retracted_at),
                        "by": retraction.retracted_by,
                        "why": retraction.why,
                    },
                    "document": dict(snapshot.document),
                }
            )
        return {
            PERSON_EXPORT: 1,
            "name": stored_name,
            "teams": teams,
            "snapshots": snapshots,
            "groundwork_mentions": mentions,
            **self._follow_through(person_id),
        }

    def _follow_through(self, person_id: int) -> dict[str, list[dict[str, Any]]]:
        """The person's check-ins (each step with its state, date, author, snapshot and notes), the
        confirmations asked for them with their answers, and their actions with their ticks, for the person's
        own record."""
        with Session(self.engine) as session:
            steps = session.execute(
                select(CheckIn, CheckInStep, TeamRecord.name)
                .join(CheckInStep, CheckInStep.check_in_id == CheckIn.id)
                .join(TeamRecord, TeamRecord.id == CheckIn.team_id)
                .where(CheckIn.person_id == person_id)
                .order_by(CheckIn.id, CheckInStep.id)
            ).all()
            asked = session.execute(
                select(ConfirmationRecord, ConfirmationAnswer)
                .outerjoin(ConfirmationAnswer, ConfirmationAnswer.confirmation_id == ConfirmationRecord.id)
                .where(ConfirmationRecord.person_id == person_id)
                .order_by(ConfirmationRecord.id)
            ).all()
            to_do = session.execute(
                select(Action, ActionDone)
                .outerjoin(ActionDone, ActionDone.action_id == Action.id)
                .where(Action.person_id == person_id)
                .order_by(Action.id)
            ).all()
        check_ins: dict[int, dict[str, Any]] = {}
        for check_in, step, team in steps:
            entry = check_ins.setdefault(
                check_in.id,
                {
                    "id": check_in.id,
                    "team": team,
                    "opened_at": iso(check_in.opened_at),
                    "opened_by": check_in.opened_by,
                    "steps": [],
                },
            )
            entry["steps"].append(
                {
                    "state": step.state,
                    "at": iso(step.at),
                    "by": step.by,
                    "snapshot": step.snapshot_id,
                    "notes": dict(step.notes),
                }
            )
        confirmations = [
            {
                "id": c.id,
                "skill": c.skill,
                "level": c.level,
                "asked_of": c.asked_of,
                "evidence": c.evidence,
                "asked_at": c.asked_at.isoformat(),
                "asked_by": c.asked_by,
                "answer": None if a is None else a.answer,
                "answered_at": None if a is None else a.answered_at.isoformat(),
                "answered_by": None if a is None else a.answered_by,
            }
            for c, a in asked
        ]
        actions = [
            {
                "id": a.id,
                "skill": a.skill,
                "text": a.text,
                "owner": a.owner,
                "due": a.due.isoformat(),
                "created_by": a.created_by,
                "created_at": iso(a.created_at),
                "done_at": None if d is None else d.done_at.isoformat(),
                "done_by": None if d is None else d.done_by,
            }
            for a, d in to_do
        ]
        return {"check_ins": list(check_ins.values()), "confirmations": confirmations, "actions": actions}

    @storage_errors
    def audit(self, person: str | None = None, viewer: Viewer | None = None) -> list[AuditRow]:
        """The audit trail, oldest first, or the entries naming one person (by identity): their id, or the
        id of a snapshot of theirs. For administrators and the command line only: raises AccessDenied for
        anyone else, and Refused for a person not stored. It holds who, when, what kind and which ids:
        never what was written or erased."""
        if viewer is not None and not viewer.administrator:
            raise AccessDenied(f"{viewer.email} is not an administrator, so cannot read the audit trail")
        with Session(self.engine) as session:
            entries = [
                AuditRow(e.id, aware(e.at), e.actor, e.action, dict(e.ids))
                for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id))
            ]
            if person is None:
                return entries
            person_id, _, _ = self._person(session.connection(), person, viewer)
            theirs = set(session.scalars(select(Snapshot.id).where(Snapshot.person_id == person_id)))
        return [
            e
            for e in entries
            if person_id in e.ids.get("people", ()) or theirs.intersection(e.ids.get("snapshots", ()))
        ]


def _scrubbed(document: dict[str, Any], pattern: re.Pattern[str]) -> dict[str, Any]:
    """The groundwork document with the pattern replaced in every capability's evidence."""
    capabilities = document.get("capabilities")
    if not isinstance(capabilities, dict):
        return document
    out = {}
    for capability, entry in capabilities.items():
        if isinstance(entry, dict) and isinstance(entry.get("evidence"), str):
            entry = {**entry, "evidence": pattern.sub(ERASED, entry["evidence"])}
        out[capability] = entry
    return {**document, "capabilities": out}
