"""What is due, for one viewer: one list behind `stagepath due` and the app's Due box.

- `re_rating`: the ratings due for re-rating (planner.person.staleness's rule, over the Team page's reading of
  stored snapshots) in the latest assessment of each person the viewer may see: their own, and for a manager
  the people of their teams as stored under those teams;
- `check_ins`: open check-ins waiting on the viewer: shared ones on a manager of their team (to review),
  reviewed ones on the person (to agree), and drafts a manager opened on the person (to share an assessment);
- `confirmations`: requests asked of the viewer and not answered;
- `actions`: overdue actions (planner.person.actions's rule) the viewer may see: their own, those they own,
  and for a manager those of their teams' people.

`team_actions` is the Team page's list of one team's open actions, overdue ones flagged and first, through the
same grants.

The viewer None is the command line, which acts as an administrator and sees what waits on anyone. A signed-in
administrator manages every team, so every shared check-in waits on them too."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from planner.common.result import Result
from planner.formats.access import Viewer
from planner.framework import Framework
from planner.person.staleness import stale_before
from planner.team.staleness import StaleRating, StaleRatings, stale_ratings

if TYPE_CHECKING:  # storage is imported only where the store is used
    from planner.storage import Store
    from planner.storage.actions import StoredAction
    from planner.storage.checkins import StoredCheckIn

REVIEW, AGREE, SHARE = "review", "agree", "share"


class DueCheckIn(Result):
    """An open check-in and what it waits for: `review` (a manager), `agree` or `share` (the person)."""

    id: int
    person: str
    team: str
    state: str
    since: dt.date
    waiting_for: str


class DueConfirmation(Result):
    id: int
    person: str
    skill: str
    level: int
    evidence: str
    asked_at: dt.date


class DueAction(Result):
    id: int
    person: str
    skill: str
    text: str
    owner: str
    due: dt.date


class OpenAction(DueAction):
    """An action not ticked off yet, and whether it is overdue as of the day it was read for."""

    overdue: bool


def _due_action(a: StoredAction) -> DueAction:
    return DueAction(id=a.id, person=a.person, skill=a.skill, text=a.text, owner=a.owner, due=a.due)


def team_actions(store: Store, viewer: Viewer | None, team: str, today: dt.date) -> tuple[OpenAction, ...]:
    """The open actions (not ticked off) of one team's members that the viewer may see (the store's rule:
    their own, those they own, and for a manager their teams' people), soonest due first, so the overdue ones
    come first: the Team page's list. A manager of another team gets none of them."""
    return tuple(
        OpenAction(**_due_action(a).model_dump(), overdue=a.overdue(today))
        for a in store.actions(viewer, team=team)
        if a.done_at is None
    )


class Due(Result):
    """Everything due for one viewer, as of `today`; the JSON of `stagepath due`."""

    today: dt.date
    re_rating: StaleRatings
    check_ins: tuple[DueCheckIn, ...]
    confirmations: tuple[DueConfirmation, ...]
    actions: tuple[DueAction, ...]

    @property
    def count(self) -> int:
        return len(self.re_rating) + len(self.check_ins) + len(self.confirmations) + len(self.actions)


def _waiting_for(check_in: StoredCheckIn, viewer: Viewer | None) -> str | None:
    """What an open check-in waits for from this viewer, if anything."""
    theirs = viewer is None or viewer.owns(check_in.person)
    if check_in.state == "shared" and (viewer is None or (viewer.manages(check_in.team) and not theirs)):
        return REVIEW
    if check_in.state == "reviewed" and theirs:
        return AGREE
    if check_in.state == "draft" and theirs:
        return SHARE
    return None


def due(store: Store, framework: Framework, viewer: Viewer | None, today: dt.date) -> Due:
    """What is due for the viewer as of `today` (see the module's docstring)."""
    known = {t.id for t in framework.tracks}
    # Only an assessment dated before the shortest review period can hold a rating due: the others are never
    # read, so the list costs what is due rather than everyone the viewer may see.
    before = stale_before(framework, today)
    read = store.latest(viewer=viewer, dated_before=before) if before is not None else []
    latest = [s for s in read if s.track in known]
    re_rating: tuple[StaleRating, ...] = ()
    if latest:
        from planner.formats.table import team_from_assessments  # pandas, only when there is a table to make

        people = team_from_assessments(
            framework,
            [s.assessment(dated=True).model_copy(update={"name": s.name, "team": s.team}) for s in latest],
        )
        re_rating = stale_ratings(framework, people, today)
    check_ins = []
    for c in store.check_ins(viewer):
        waiting = _waiting_for(c, viewer)
        if waiting is not None:
            since = c.steps[-1].at.date() if c.steps else c.opened_at.date()
            check_ins.append(
                DueCheckIn(
                    id=c.id, person=c.person, team=c.team, state=c.state, since=since, waiting_for=waiting
                )
            )
    confirmations = [
        DueConfirmation(
            id=c.id, person=c.person, skill=c.skill, level=c.level, evidence=c.evidence, asked_at=c.asked_at
        )
        for c in store.confirmations(viewer)
        if c.answer is None and (viewer is None or c.asked_of == viewer.email)
    ]
    actions = [_due_action(a) for a in store.actions(viewer) if a.overdue(today)]
    return Due(
        today=today,
        re_rating=re_rating,
        check_ins=tuple(sorted(check_ins, key=lambda c: (c.since, c.id))),
        confirmations=tuple(confirmations),
        actions=tuple(actions),
    )
