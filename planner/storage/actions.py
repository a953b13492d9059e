"""Actions: a focus item made something to do, with an owner (an e-mail) and a due date, and ticked off once.

An action belongs to one person. It is added by that person, by a manager of one of their teams, or by an
administrator (the command line acts as one); it is ticked off by the person, its owner, or such a manager,
once, dated the day it is ticked. Ticking off is a row of its own; nothing is updated. An action is seen by its
person, its owner, the managers of the person's teams and administrators; a manager of another team learns
nothing of it. When an action is overdue is planner.person.actions's rule."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, or_, select
from sqlalchemy.orm import Session

from planner.common.dates import out_of_range, too_early
from planner.formats.access import Viewer, normal_email
from planner.formats.assessment import plain_text
from planner.formats.identity import key
from planner.framework import Framework
from planner.person.actions import overdue
from planner.storage.base import StoreBase, author, aware, shown_name, utc_now
from planner.storage.errors import Refused, storage_errors
from planner.storage.schema import TEXT_LENGTH, Action, ActionDone, Membership, Person, TeamRecord
from planner.storage.visibility import managed_people, own_person


@dataclass(frozen=True)
class StoredAction:
    """A stored action with who made it and, once ticked off, when and by whom."""

    id: int
    person: str
    skill: str
    text: str
    owner: str
    due: dt.date
    created_by: str
    created_at: dt.datetime
    done_at: dt.date | None = None
    done_by: str | None = None

    def overdue(self, today: dt.date) -> bool:
        return overdue(self.due, self.done_at, today)


def _manages_any(viewer: Viewer, teams: set[str]) -> bool:
    return any(viewer.manages(t) for t in teams)


def _may_change(viewer: Viewer | None, person: str, teams: set[str], owner: str | None = None) -> bool:
    """Whether the viewer may add (`owner` None) or tick off an action of this person (in these teams): the
    person, a manager of one of their teams, an administrator or the command line, and for a tick the
    action's owner. The same rule `_read_actions` applies in the database to what the viewer sees."""
    if viewer is None or viewer.administrator or viewer.owns(person) or _manages_any(viewer, teams):
        return True
    return owner is not None and viewer.email == owner


class Actions(StoreBase):
    """Actions added, ticked off and listed, through the viewer's grants."""

    def _teams_of_person(self, connection: Connection, person_id: int) -> set[str]:
        return set(
            connection.scalars(
                select(TeamRecord.name)
                .join(Membership, Membership.team_id == TeamRecord.id)
                .where(Membership.person_id == person_id)
            )
        )

    @storage_errors
    def add_action(
        self,
        person: str,
        skill: str,
        text: str,
        owner: str,
        due: dt.date,
        framework: Framework,
        viewer: Viewer | None = None,
    ) -> int:
        """Store an action of a person on one skill: what to do, whose it is (an e-mail) and when it is due
        (a real date from 2000-01-01 on; it may lie ahead). The action's id. Refused for anyone but the
        person, a manager of one of their teams or an administrator, a skill the framework does not have, an
        empty or over-long text, an owner that is not an e-mail, or a due date before 2000-01-01."""
        by = author(viewer)
        if skill not in framework.skill_ids:
            raise Refused(f"{skill!r} is not a skill of this framework")
        line = plain_text(text.strip())
        if not line:
            raise Refused("the action is empty; expected what is to be done")
        if len(line) > TEXT_LENGTH:
            raise Refused(f"the action is {len(line)} characters long; expected at most {TEXT_LENGTH}")
        owned_by = normal_email(owner)
        if "@" not in owned_by or any(c.isspace() for c in owned_by):
            raise Refused(f"{owner!r} is not an e-mail address; expected the owner's, e.g. ada@example.com")
        if not isinstance(due, dt.date) or isinstance(due, dt.datetime):
            raise Refused(f"the due date {due!r} is not a date; expected YYYY-MM-DD")
        why = too_early(due)
        if why:
            raise Refused(f"the due date: {why}")
        with self._write() as connection:
            row = connection.execute(
                select(Person.id, shown_name(self._directory(viewer))).where(
                    Person.key.in_(self.person_keys(person, viewer))
                )
            ).first()
            teams = self._teams_of_person(connection, int(row.id)) if row is not None else set()
            if row is None or not _may_change(viewer, row.name, teams):
                # Said alike whether or not the person is stored: a refusal tells nobody who is.
                raise Refused(f"there is no stored person named {person!r} that {by} may add an action for")
            id_ = self._new_row(
                connection,
                Action,
                person_id=row.id,
                skill=skill,
                text=line,
                owner=owned_by,
                due=due,
                created_by=by,
                created_at=utc_now(),
            )
            self._audit(connection, by, "store", {"actions": [id_]})
            return id_

    @storage_errors
    def tick(self, action_id: int, viewer: Viewer | None = None, today: dt.date | None = None) -> None:
        """Tick an action off, dated `today`, once. Refused for anyone but its person, its owner, a manager
        of one of the person's teams or an administrator, and for an action ticked off already."""
        by = author(viewer)
        day = today or dt.date.today()
        why = out_of_range(day)
        if why:
            raise Refused(f"the day it is done: {why}")
        with self._write() as connection:
            found = self._read_actions(connection, None, Action.id == action_id)
            action = found[0] if found else None
            teams = (
                self._teams_of_person(connection, self._person_id(connection, action_id))
                if action is not None
                else set()
            )
            # Whoever may see an action may tick it off; to anyone else it does not exist.
            if action is None or not _may_change(viewer, action.person, teams, action.owner):
                raise Refused(f"there is no action {action_id} that {by} may see")
            if action.done_at is not None:
                raise Refused(
                    f"action {action_id} was ticked off on {action.done_at.isoformat()} by {action.done_by}"
                )
            connection.execute(
                insert(ActionDone).values(action_id=action_id, done_at=day, done_by=by, stored_at=utc_now())
            )
            self._audit(connection, by, "store", {"action_done": [action_id]})

    def _person_id(self, connection: Connection, action_id: int) -> int:
        return int(connection.scalar(select(Action.person_id).where(Action.id == action_id)) or 0)

    def _read_actions(self, connection: Connection, viewer: Viewer | None, *where: Any) -> list[StoredAction]:
        query = (
            select(Action, shown_name(self._directory(viewer)), ActionDone)
            .join(Person, Person.id == Action.person_id)
            .outerjoin(ActionDone, ActionDone.action_id == Action.id)
            .where(*where)
            .order_by(Action.due, Action.id)
        )
        if viewer is not None and not viewer.administrator:
            managed = managed_people(viewer)
            query = query.where(
                or_(
                    own_person(viewer),
                    Action.owner == viewer.email,
                    Action.person_id.in_(managed),
                )
            )
        return [
            StoredAction(
                id=a.id,
                person=name,
                skill=a.skill,
                text=a.text,
                owner=a.owner,
                due=a.due,
                created_by=a.created_by,
                created_at=aware(a.created_at),
                done_at=d.done_at if d is not None else None,
                done_by=d.done_by if d is not None else None,
            )
            for a, name, d in Session(bind=connection).execute(query).all()
        ]

    @storage_errors
    def actions(
        self, viewer: Viewer | None = None, person: str | None = None, team: str | None = None
    ) -> list[StoredAction]:
        """The actions the viewer may see (of one person by identity, or of one team's members), soonest due
        first, each with its tick."""
        where: list[Any] = []
        if person is not None:
            where.append(Person.key.in_(self.person_keys(person, viewer)))
        if team is not None:
            where.append(
                Action.person_id.in_(
                    select(Membership.person_id)
                    .join(TeamRecord, TeamRecord.id == Membership.team_id)
                    .where(TeamRecord.key == key(team))
                )
            )
        with self.engine.connect() as connection:
            return self._read_actions(connection, viewer, *where)
