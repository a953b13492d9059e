"""Check-ins and confirmations: a person's ratings travelling to a manager of their team and back agreed, and a
colleague vouching for one skill at a level.

A check-in belongs to one person and one of their teams; its state is its last step:
- `draft`: the person's own saved assessment, private to them (a check-in a manager opens starts as a draft
  with no assessment, waiting for the person's);
- `shared`: that assessment is now visible to the managers of the team;
- `reviewed`: a manager rated each skill beside it (stored as a `manager` snapshot under the team) and
  proposed the level the two agree on, with a note wherever the two ratings differ;
- `agreed`: the person accepted the proposal; stored as a snapshot of rater `agreed` under the team, naming
  both as `agreed_by`.
Every step is a row of its own, dated and authored; nothing is updated. A check-in is seen by its person, the
managers of its team and administrators; nobody else learns that it exists.

A confirmation request names the person, a skill, a level, the colleague asked (by e-mail) and a line of
evidence; the colleague's answer (`confirmed`, `declined`, or the level they saw) is a row of its own, once.
A request is seen by its person, the colleague asked, the managers of the person's teams and
administrators. What a confirmation means for a rating is planner.person.trust's rule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, or_, select
from sqlalchemy.orm import Session

from planner.common.dates import out_of_range
from planner.formats.access import AccessDenied, Viewer, normal_email
from planner.formats.assessment import Assessment, plain_text
from planner.formats.confirmations import Confirmation
from planner.formats.identity import key
from planner.framework import Framework
from planner.storage.base import author, aware, shown_name, utc_now
from planner.storage.errors import Refused, storage_errors
from planner.storage.schema import (
    TEXT_LENGTH,
    CheckIn,
    CheckInStep,
    ConfirmationAnswer,
    ConfirmationRecord,
    Membership,
    Person,
    Retraction,
    Snapshot,
    TeamRecord,
)
from planner.storage.snapshots import Snapshots
from planner.storage.visibility import managed_people, own_person

DRAFT, SHARED, REVIEWED, AGREED = "draft", "shared", "reviewed", "agreed"
STATES = (DRAFT, SHARED, REVIEWED, AGREED)


@dataclass(frozen=True)
class Step:
    """One step of a check-in: its state, when and by whom, the assessment it carries (None for a draft a
    manager opened, or for one retracted since) and its notes."""

    id: int
    state: str
    at: dt.datetime
    by: str
    assessment: Assessment | None
    snapshot_id: int | None
    notes: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class StoredCheckIn:
    """A check-in with every step, oldest first."""

    id: int
    person: str
    team: str
    opened_at: dt.datetime
    opened_by: str
    steps: tuple[Step, ...]

    @property
    def state(self) -> str:
        return self.steps[-1].state if self.steps else DRAFT

    def last(self, state: str) -> Step | None:
        """The latest step in this state, if any."""
        found = [s for s in self.steps if s.state == state]
        return found[-1] if found else None

    @property
    def open(self) -> bool:
        return self.state != AGREED


@dataclass(frozen=True)
class StoredConfirmation:
    """A stored request with its answer (None while pending) and who stored each."""

    id: int
    person: str
    skill: str
    level: int
    asked_of: str
    evidence: str
    asked_at: dt.date
    asked_by: str
    answer: str | None = None
    answered_at: dt.date | None = None
    answered_by: str | None = None

    def confirmation(self) -> Confirmation:
        """As the trust rules read it (planner.person.trust)."""
        answer: str | int | None = self.answer
        if answer is not None and answer not in ("confirmed", "declined"):
            answer = int(answer)
        return Confirmation(
            id=self.id,
            person=self.person,
            skill=self.skill,
            level=self.level,
            asked_of=self.asked_of,
            evidence=self.evidence,
            asked_at=self.asked_at,
            answer=answer,
            answered_at=self.answered_at,
        )


def _may_review(viewer: Viewer | None, team: str) -> bool:
    return viewer is None or viewer.manages(team)


def _text(what: str, text: str, limit: int = TEXT_LENGTH) -> str:
    """A note or a line of evidence as given, or refused naming what it is."""
    if len(text) > limit:
        raise Refused(f"{what} is {len(text)} characters long; expected at most {limit}")
    try:
        return plain_text(text)
    except ValueError as exc:
        raise Refused(f"{what}: {exc}") from None


def _levels(framework: Framework, track: str, what: str, levels: Mapping[str, int]) -> dict[str, int]:
    """Levels of skills of the track, or refused naming the first that is not one."""
    skills = set(framework.track_skill_ids(track))
    for skill, level in levels.items():
        if skill not in skills:
            raise Refused(f"{what}: {skill!r} is not a skill of track {track!r}")
        if level not in framework.levels:
            raise Refused(
                f"{what}: {skill}: {level!r} is not a level; expected one of {sorted(framework.levels)}"
            )
    return dict(levels)


class CheckIns(Snapshots):
    """Check-ins and confirmations, on top of the snapshots they carry."""

    # ----- check-ins -------------------------------------------------------------------------------------

    def _visible_check_ins(self, query: Any, viewer: Viewer | None) -> Any:
        """Check-ins of the viewer's own person or of a team they manage (every one for an administrator)."""
        if viewer is None or viewer.administrator:
            return query
        return query.where(
            or_(own_person(viewer), TeamRecord.key.in_(sorted({key(t) for t in viewer.teams})))
        )

    def _check_in(self, connection: Connection, check_in_id: int, viewer: Viewer | None) -> StoredCheckIn:
        found = self._read_check_ins(connection, viewer, CheckIn.id == check_in_id)
        if not found:
            raise Refused(f"there is no check-in {check_in_id} that {author(viewer)} may see")
        return found[0]

    def _read_check_ins(
        self, connection: Connection, viewer: Viewer | None, *where: Any
    ) -> list[StoredCheckIn]:
        query = self._visible_check_ins(
            select(CheckIn, shown_name(self._directory(viewer)), TeamRecord.name)
            .join(Person, Person.id == CheckIn.person_id)
            .join(TeamRecord, TeamRecord.id == CheckIn.team_id)
            .where(*where)
            .order_by(CheckIn.id),
            viewer,
        )
        session = Session(bind=connection)
        heads = session.execute(query).all()
        if not heads:
            return []
        ids = [c.id for c, _, _ in heads]
        steps = session.execute(
            select(CheckInStep, Snapshot.document, Retraction.snapshot_id)
            .outerjoin(Snapshot, Snapshot.id == CheckInStep.snapshot_id)
            .outerjoin(Retraction, Retraction.snapshot_id == CheckInStep.snapshot_id)
            .where(CheckInStep.check_in_id.in_(ids))
            .order_by(CheckInStep.id)
        ).all()
        by_check_in: dict[int, list[Step]] = {i: [] for i in ids}
        for step, document, retracted in steps:
            shown = document is not None and retracted is None
            by_check_in[step.check_in_id].append(
                Step(
                    id=step.id,
                    state=step.state,
                    at=aware(step.at),
                    by=step.by,
                    assessment=Assessment.model_validate(document) if shown else None,
                    snapshot_id=step.snapshot_id,
                    notes=dict(step.notes),
                )
            )
        return [
            StoredCheckIn(c.id, person, team, aware(c.opened_at), c.opened_by, tuple(by_check_in[c.id]))
            for c, person, team in heads
        ]

    @storage_errors
    def check_ins(self, viewer: Viewer | None = None, person: str | None = None) -> list[StoredCheckIn]:
        """The check-ins the viewer may see (of one person, by identity, when `person` is given), oldest
        first, each with all its steps."""
        where = [Person.key.in_(self.person_keys(person, viewer))] if person is not None else []
        with self.engine.connect() as connection:
            return self._read_check_ins(connection, viewer, *where)

    def _member(self, connection: Connection, person_id: int, team: str) -> int:
        """The id of the team, when the person is a member of it; refused otherwise."""
        team_id = connection.scalar(
            select(TeamRecord.id)
            .join(Membership, Membership.team_id == TeamRecord.id)
            .where(TeamRecord.key == key(team), Membership.person_id == person_id)
        )
        if team_id is None:
            raise Refused(f"they are not a member of team {team!r}")
        return int(team_id)

    def _step(
        self,
        connection: Connection,
        check_in_id: int,
        state: str,
        by: str,
        at: dt.datetime,
        snapshot_id: int | None = None,
        notes: dict[str, Any] | None = None,
    ) -> int:
        return self._new_row(
            connection,
            CheckInStep,
            check_in_id=check_in_id,
            state=state,
            snapshot_id=snapshot_id,
            at=at,
            by=by,
            notes=notes or {},
        )

    @storage_errors
    def open_check_in(self, person: str, team: str, viewer: Viewer | None = None) -> int:
        """A manager of `team` opens a check-in for one of its members: a draft waiting for the person's own
        assessment. Its id. Refused for a team the viewer does not manage or a person not in it."""
        if not _may_review(viewer, team):
            raise AccessDenied(
                f"{author(viewer)} does not manage team {team!r}, so cannot open a check-in in it"
            )
        by = author(viewer)
        with self._write() as connection:
            person_id = self._stored_person_id(connection, person, viewer)
            if person_id is None:
                raise Refused(f"{person!r} is not a member of team {team!r}")
            team_id = self._member(connection, int(person_id), team)
            now = utc_now()
            check_in_id = self._new_row(
                connection, CheckIn, person_id=person_id, team_id=team_id, opened_at=now, opened_by=by
            )
            step = self._step(connection, check_in_id, DRAFT, by, now)
            self._audit(connection, by, "store", {"check_ins": [check_in_id], "check_in_steps": [step]})
            return check_in_id

    @storage_errors
    def share(self, snapshot_id: int, team: str, viewer: Viewer | None = None) -> int:
        """The person shares one of their own saved self-assessments with the managers of `team` (one of
        their teams): into their open check-in with that team (one a manager opened, or one shared before,
        which then carries the newer assessment), else a new check-in whose draft is that assessment. The
        check-in's id. Refused for a snapshot not theirs, not a self rating, retracted, or a team they are
        not a member of."""
        by = author(viewer)
        with self._write() as connection:
            row = connection.execute(
                select(
                    Snapshot.person_id,
                    Snapshot.rater,
                    Snapshot.stored_at,
                    Snapshot.stored_by,
                    shown_name(self._directory(viewer)),
                )
                .join(Person, Person.id == Snapshot.person_id)
                .where(Snapshot.id == snapshot_id, Snapshot.id.not_in(select(Retraction.snapshot_id)))
            ).first()
            if row is None or (viewer is not None and not viewer.administrator and not viewer.owns(row.name)):
                raise Refused(f"there is no saved assessment {snapshot_id} of {author(viewer)}'s to share")
            if row.rater != "self":
                raise Refused(f"assessment {snapshot_id} is a {row.rater} rating; only your own is shared")
            team_id = self._member(connection, int(row.person_id), team)
            now = utc_now()
            open_ids = [
                c.id
                for c in self._read_check_ins(
                    connection, None, CheckIn.person_id == row.person_id, CheckIn.team_id == team_id
                )
                if c.open
            ]
            steps = []
            if open_ids:
                check_in_id = open_ids[-1]
            else:
                check_in_id = self._new_row(
                    connection, CheckIn, person_id=row.person_id, team_id=team_id, opened_at=now, opened_by=by
                )
                # The draft is the saved assessment, dated when it was saved.
                steps.append(
                    self._step(
                        connection, check_in_id, DRAFT, row.stored_by, aware(row.stored_at), snapshot_id
                    )
                )
            steps.append(self._step(connection, check_in_id, SHARED, by, now, snapshot_id))
            self._audit(
                connection,
                by,
                "share",
                {"check_ins": [check_in_id], "check_in_steps": steps, "snapshots": [snapshot_id]},
            )
            return check_in_id

    @storage_errors
    def review(
        self,
        check_in_id: int,
        ratings: Mapping[str, int],
        proposed: Mapping[str, int],
        notes: Mapping[str, str],
        framework: Framework,
        viewer: Viewer | None = None,
        today: dt.date | None = None,
    ) -> int:
        """A manager of the check-in's team rates the shared assessment's skills beside the person's own
        (`ratings`, stored as a `manager` snapshot under the team, dated `today`) and proposes the level the
        two agree on for each skill (`proposed`), with a note for every skill whose two ratings differ. The
        step's id. Refused for a check-in not shared, a viewer who does not manage its team or is its person,
        a skill or level the track does not have, or a missing note."""
        by = author(viewer)
        day = today or dt.date.today()
        with self._write() as connection:
            check_in = self._check_in(connection, check_in_id, viewer)
            if not _may_review(viewer, check_in.team) or (
                viewer is not None and viewer.owns(check_in.person) and not viewer.administrator
            ):
                raise AccessDenied(
                    f"{by} may not review check-in {check_in_id}: a manager of its team reviews it"
                )
            shared = check_in.last(SHARED)
            if check_in.state not in (SHARED, REVIEWED) or shared is None or shared.assessment is None:
                raise Refused(
                    f"check-in {check_in_id} is {check_in.state}; a check-in is reviewed once it is shared"
                )
            own = shared.assessment
            rated = _levels(framework, own.track, "your rating", ratings)
            agreed = _levels(framework, own.track, "the level proposed", proposed)
            written = {s: _text(f"the note on {s}", t.strip()) for s, t in notes.items() if t.strip()}
            missing = [
                s
                for s in framework.track_skill_ids(own.track)
                if own.rating(s) != rated.get(s, 0) and s not in written
            ]
            if missing:
                raise Refused(
                    f"your rating of {missing[0]!r} differs from {check_in.person}'s: add a note saying why"
                )
            person_id, team_id = self._ids_of(connection, check_in_id)
            snapshot = Assessment(
                name=check_in.person,
                team=check_in.team,
                track=own.track,
                rater="manager",
                assessed_on=day,
                ratings=rated,
            )
            now = utc_now()
            ids = self._insert_snapshots(connection, [(person_id, snapshot)], team_id, framework, by, now)
            step = self._step(
                connection, check_in_id, REVIEWED, by, now, ids[0], {"proposed": agreed, "notes": written}
            )
            self._audit(connection, by, "store", {"snapshots": ids, "check_in_steps": [step]})
            return step

    def _ids_of(self, connection: Connection, check_in_id: int) -> tuple[int, int]:
        row = connection.execute(
            select(CheckIn.person_id, CheckIn.team_id).where(CheckIn.id == check_in_id)
        ).one()
        return int(row.person_id), int(row.team_id)

    @storage_errors
    def agree(
        self,
        check_in_id: int,
        framework: Framework,
        viewer: Viewer | None = None,
        today: dt.date | None = None,
    ) -> int:
        """The person accepts the latest review: its proposed levels are stored as an `agreed` snapshot under
        the team, dated `today`, naming the person and the reviewing manager as `agreed_by`, with the
        person's evidence for those skills. The snapshot's id. Refused for anyone but the person (or the
        command line) and for a check-in not reviewed."""
        by = author(viewer)
        day = today or dt.date.today()
        with self._write() as connection:
            check_in = self._check_in(connection, check_in_id, viewer)
            if viewer is not None and not viewer.owns(check_in.person):
                raise AccessDenied(f"only {check_in.person} agrees their check-in {check_in_id}")
            review, shared = check_in.last(REVIEWED), check_in.last(SHARED)
            if check_in.state != REVIEWED or review is None or shared is None or shared.assessment is None:
                raise Refused(
                    f"check-in {check_in_id} is {check_in.state}; it is agreed once a manager reviewed it"
                )
            own = shared.assessment
            proposed = {str(s): int(v) for s, v in dict(review.notes.get("proposed", {})).items()}
            person_id, team_id = self._ids_of(connection, check_in_id)
            snapshot = Assessment(
                name=check_in.person,
                team=check_in.team,
                track=own.track,
                rater="agreed",
                agreed_by=(by, review.by),
                assessed_on=day,
                ratings=proposed,
                evidence={s: t for s, t in own.evidence.items() if s in proposed},
            )
            now = utc_now()
            ids = self._insert_snapshots(connection, [(person_id, snapshot)], team_id, framework, by, now)
            step = self._step(
                connection, check_in_id, AGREED, by, now, ids[0], {"notes": review.notes.get("notes", {})}
            )
            self._audit(connection, by, "agree", {"snapshots": ids, "check_in_steps": [step]})
            return ids[0]

    # ----- confirmations ---------------------------------------------------------------------------------

    @storage_errors
    def ask(
        self,
        person: str,
        skill: str,
        level: int,
        asked_of: str,
        evidence: str,
        framework: Framework,
        viewer: Viewer | None = None,
        today: dt.date | None = None,
    ) -> int:
        """A person asks a colleague (by e-mail) to confirm one of their skills at a level, with a line of
        evidence, dated `today`. The request's id. Refused for anyone but the person (or the command line),
        a skill or level the framework does not have, or asking oneself."""
        by = author(viewer)
        day = today or dt.date.today()
        if viewer is not None and not viewer.owns(person):
            raise AccessDenied(f"{by} may ask for confirmations of their own skills only, not {person!r}'s")
        colleague = normal_email(asked_of)
        if "@" not in colleague or " " in colleague:
            raise Refused(
                f"{asked_of!r} is not an e-mail address; expected the colleague's, e.g. grace@example.com"
            )
        if viewer is not None and colleague == viewer.email:
            raise Refused("a confirmation is asked of someone else: you cannot confirm your own skill")
        if skill not in framework.skill_ids:
            raise Refused(f"{skill!r} is not a skill of this framework")
        if level not in framework.levels or level < 1:
            raise Refused(
                f"{level!r} is not a level to confirm; expected one of {sorted(framework.levels)[1:]}"
            )
        line = _text("the evidence", evidence.strip())
        with self._write() as connection:
            person_id = self._stored_person_id(connection, person, viewer)
            if person_id is None:
                raise Refused(f"there is no stored person named {person!r}: save an assessment first")
            id_ = self._new_row(
                connection,
                ConfirmationRecord,
                person_id=person_id,
                skill=skill,
                level=level,
                asked_of=colleague,
                evidence=line,
                asked_at=day,
                asked_by=by,
                stored_at=utc_now(),
            )
            self._audit(connection, by, "store", {"confirmations": [id_]})
            return id_

    @storage_errors
    def answer(
        self,
        confirmation_id: int,
        answer: str | int,
        viewer: Viewer | None = None,
        today: dt.date | None = None,
    ) -> None:
        """The colleague asked answers: `confirmed`, `declined`, or the level they saw, dated `today`; once.
        Refused for anyone but the colleague asked (the command line may answer for them), an answer that
        is none of those, or a request answered already."""
        by = author(viewer)
        day = today or dt.date.today()
        why = out_of_range(day)
        if why:
            raise Refused(f"the answer's date: {why}")
        with self._write() as connection:
            row = (
                Session(bind=connection)
                .execute(select(ConfirmationRecord).where(ConfirmationRecord.id == confirmation_id))
                .scalar_one_or_none()
            )
            if row is None or (viewer is not None and row.asked_of != viewer.email):
                raise Refused(f"there is no confirmation {confirmation_id} asked of {by}")
            if isinstance(answer, str) and answer not in ("confirmed", "declined"):
                raise Refused(f"{answer!r} is not an answer; expected confirmed, declined or a level")
            answered = connection.scalar(
                select(ConfirmationAnswer.answered_at).where(
                    ConfirmationAnswer.confirmation_id == confirmation_id
                )
            )
            if answered is not None:
                raise Refused(f"confirmation {confirmation_id} was answered on {answered.isoformat()}")
            id_ = self._new_row(
                connection,
                ConfirmationAnswer,
                confirmation_id=confirmation_id,
                answer=str(answer),
                answered_at=day,
                answered_by=by,
                stored_at=utc_now(),
            )
            self._audit(connection, by, "confirm", {"confirmations": [confirmation_id], "answers": [id_]})

    @storage_errors
    def confirmations(
        self, viewer: Viewer | None = None, person: str | None = None, team: str | None = None
    ) -> list[StoredConfirmation]:
        """The requests the viewer may see (of one person by identity, or of one team's members), oldest
        first, each with its answer."""
        query = (
            select(ConfirmationRecord, shown_name(self._directory(viewer)), ConfirmationAnswer)
            .join(Person, Person.id == ConfirmationRecord.person_id)
            .outerjoin(ConfirmationAnswer, ConfirmationAnswer.confirmation_id == ConfirmationRecord.id)
            .order_by(ConfirmationRecord.id)
        )
        if person is not None:
            query = query.where(Person.key.in_(self.person_keys(person, viewer)))
        if team is not None:
            query = query.where(
                ConfirmationRecord.person_id.in_(
                    select(Membership.person_id)
                    .join(TeamRecord, TeamRecord.id == Membership.team_id)
                    .where(TeamRecord.key == key(team))
                )
            )
        if viewer is not None and not viewer.administrator:
            managed = managed_people(viewer)
            query = query.where(
                or_(
                    own_person(viewer),
                    ConfirmationRecord.asked_of == viewer.email,
                    ConfirmationRecord.person_id.in_(managed),
                )
            )
        with Session(self.engine) as session:
            rows = session.execute(query).all()
        return [
            StoredConfirmation(
                id=c.id,
                person=name,
                skill=c.skill,
                level=c.level,
                asked_of=c.asked_of,
                evidence=c.evidence,
                asked_at=c.asked_at,
                asked_by=c.asked_by,
                answer=a.answer if a is not None else None,
                answered_at=a.answered_at if a is not None else None,
                answered_by=a.answered_by if a is not None else None,
            )
            for c, name, a in rows
        ]
