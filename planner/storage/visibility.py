"""What a viewer may see and store (planner.formats.access says who the viewer is): the one filter every read goes
through and the checks every write passes before its transaction begins."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import and_, or_, select

from planner.formats.access import AccessDenied, Viewer
from planner.formats.identity import Directory, key
from planner.storage.schema import Membership, Person, Retraction, Snapshot, TeamRecord


def live(query: Any) -> Any:
    """A query of snapshots without those retracted: the one place a retraction hides a snapshot."""
    return query.where(Snapshot.id.not_in(select(Retraction.snapshot_id)))


def person_keys(person_key: str, directory: Directory) -> list[str]:
    """The keys a person's stored row may have: their stable key, and for a person the access file names,
    the key of their name when they were stored under it before (until a write takes that row over, see
    planner.storage.base)."""
    former = directory.former(person_key)
    return [person_key] if former is None else [person_key, former]


def _team_keys(viewer: Viewer) -> list[str]:
    return sorted({key(t) for t in viewer.teams})


def own_person(viewer: Viewer) -> Any:
    """The condition that a row of people is the viewer's own person."""
    return Person.key.in_(person_keys(viewer.key, viewer.directory))


def managed_people(viewer: Viewer) -> Any:
    """The ids of the people in the teams the viewer manages, as a subquery."""
    return (
        select(Membership.person_id)
        .join(TeamRecord, TeamRecord.id == Membership.team_id)
        .where(TeamRecord.key.in_(_team_keys(viewer)))
    )


def only_visible(
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
    own = person_id.in_(select(Person.id).where(Person.key.in_(person_keys(viewer.key, viewer.directory))))
    if not viewer.teams or (team is not None and not viewer.manages(team)):
        return query.where(own)
    managed = select(TeamRecord.id).where(TeamRecord.key.in_(_team_keys(viewer)))
    in_their_teams = person_id.in_(select(Membership.person_id).where(Membership.team_id.in_(managed)))
    if imported_under is not None:
        in_their_teams = and_(in_their_teams, imported_under.in_(managed))
    return query.where(or_(own, in_their_teams))


def only_visible_teams(query: Any, viewer: Viewer | None) -> Any:
    """A query of teams restricted to those the viewer manages (every team for None or an administrator)."""
    if viewer is None or viewer.administrator:
        return query
    return query.where(TeamRecord.key.in_(_team_keys(viewer)))


def check_team_write(viewer: Viewer | None, team: str) -> None:
    """Refuse storing a team's groundwork for anyone but an administrator or a manager of that team."""
    if viewer is not None and not viewer.administrator and not viewer.manages(team):
        raise AccessDenied(f"{viewer.email} does not manage team {team!r}, so cannot store its groundwork")


def check_write(
    viewer: Viewer | None,
    written: Sequence[tuple[str, str]],
    team: str | None,
    teams_of: Callable[[Sequence[str]], dict[str, set[str]]],
) -> None:
    """Refuse a write the viewer may not make, before anything is written. `written` is each assessment's
    (person's name, rater); `teams_of` gives the stored teams of people by name. Refused: a write into a team
    they do not manage; someone else's assessment without a team they manage; a `self` rating of anyone
    but their own person; a `manager` rating of a person none of whose teams (nor the team it goes into)
    they manage. An administrator (and the command line, `None`) may write anything. Who is stored already
    plays no part but for a manager rating stored without a team: a manager who puts a person into their
    team sees only what is stored under it (see `only_visible`), so any name may go in."""
    if viewer is None or viewer.administrator:
        return
    if team is not None and not viewer.manages(team):
        raise AccessDenied(f"{viewer.email} does not manage team {team!r}, so cannot store into it")
    others = sorted({n for n, _ in written if not viewer.owns(n)})
    if others and team is None:
        raise AccessDenied(
            f"{viewer.email} may store only their own assessments ({viewer.person!r}) without a team they manage; "
            f"not {others[0]!r}"
        )
    for name, rater in written:
        if rater == "self" and not viewer.owns(name):
            raise AccessDenied(
                f"{viewer.email} cannot store a self rating of {name!r}: a self rating is stored only by that "
                "person or an administrator"
            )
    managed_here = team is not None and viewer.manages(team)
    rated = sorted({n for n, r in written if r == "manager"})
    if rated and not managed_here:
        teams = teams_of(rated)
        for name in rated:
            if not any(viewer.manages(t) for t in teams.get(name, ())):
                raise AccessDenied(
                    f"{viewer.email} manages none of {name!r}'s teams, so cannot store a manager rating of "
                    "them: a manager rating is stored only by a manager of one of the person's teams or an "
                    "administrator"
                )


def of_team(query: Any, person_id: Any, team: str | None) -> Any:
    """The query restricted to the members of one team; unchanged when `team` is None."""
    if team is None:
        return query
    return (
        query.join(Membership, Membership.person_id == person_id)
        .join(TeamRecord, TeamRecord.id == Membership.team_id)
        .where(TeamRecord.key == key(team))
    )
