"""What is due, per viewer, on SQLite and PostgreSQL: ratings due for re-rating (their own; a manager's teams'),
check-ins waiting on them, confirmations asked of them and unanswered, and overdue actions they may see; a
manager of another team sees nothing of another team's."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from planner.framework import Framework
from planner.service.due import Due, due, team_actions
from planner.storage import Store
from tests.storage import test_actions, test_storage

postgres_url = test_storage.postgres_url
url = test_storage.url
store = test_storage.store
person = test_storage.person
viewer = test_actions.viewer

TODAY = dt.date.today()
LONG_AGO = TODAY - dt.timedelta(days=300)  # past the shipped curve's 180 days, within the floor's 365
YESTERDAY = TODAY - dt.timedelta(days=1)
OWN = {"read-code": 3, "assisted-coding": 2}


def stale(result: Due) -> set[tuple[str, str]]:
    return {(r.name, r.skill) for r in result.re_rating}


@pytest.fixture
def world(store: Store, shipped: Framework) -> dict[str, Any]:
    """Ada and Grace in platform (Maria's), Linus in mobile (Mo's): Ada's and Linus's team ratings old, Ada's
    own saved today and shared, a draft Maria opened for Grace, a confirmation Ada asked of Grace, and an
    overdue action of Ada's that Grace owns beside one not yet due."""
    old = {"read-code": 2, "assisted-coding": 1}
    store.store(
        [
            person("Ada Lovelace", rater="manager", assessed_on=LONG_AGO, ratings=old),
            person("Grace Hopper", rater="manager", assessed_on=TODAY, ratings=old),
        ],
        shipped,
        team="platform",
        viewer=viewer("maria"),
    )
    store.store(
        [person("Linus Torvalds", rater="manager", assessed_on=LONG_AGO, ratings=old)],
        shipped,
        team="mobile",
        viewer=viewer("mo"),
    )
    saved = store.store(
        [person("Ada Lovelace", assessed_on=TODAY, ratings=OWN)], shipped, viewer=viewer("ada")
    )
    shared = store.share(saved[0], "platform", viewer=viewer("ada"))
    draft = store.open_check_in("Grace Hopper", "platform", viewer=viewer("maria"))
    asked = store.ask(
        "Ada Lovelace", "read-code", 3, "grace@example.com", "Reviewed my PRs", shipped, viewer=viewer("ada")
    )
    late = store.add_action(
        "Ada Lovelace",
        "read-code",
        "Read the parser",
        "grace@example.com",
        YESTERDAY,
        shipped,
        viewer=viewer("maria"),
    )
    store.add_action(
        "Ada Lovelace", "read-code", "Later", "ada@example.com", TODAY, shipped, viewer=viewer("ada")
    )
    return {"shared": shared, "draft": draft, "asked": asked, "late": late}


def test_each_viewer_gets_what_waits_on_them(store: Store, shipped: Framework, world: dict[str, Any]) -> None:
    ada = due(store, shipped, viewer("ada"), TODAY)
    # Her own latest assessment is today's: nothing to re-rate; her shared check-in waits on her manager.
    assert stale(ada) == set() and ada.check_ins == () and ada.confirmations == ()
    assert [(a.id, a.text, a.due) for a in ada.actions] == [(world["late"], "Read the parser", YESTERDAY)]

    grace = due(store, shipped, viewer("grace"), TODAY)
    assert [(c.id, c.person, c.waiting_for) for c in grace.check_ins] == [
        (world["draft"], "Grace Hopper", "share")
    ]
    assert [(c.id, c.person, c.skill, c.level) for c in grace.confirmations] == [
        (world["asked"], "Ada Lovelace", "read-code", 3)
    ]
    assert [a.id for a in grace.actions] == [world["late"]]  # she owns it
    assert stale(grace) == set()

    maria = due(store, shipped, viewer("maria"), TODAY)
    # Ada's rating under platform is 300 days old: the agent-era skill is due, the floor (365 days) is not.
    assert stale(maria) == {("Ada Lovelace", "assisted-coding")}
    assert [(c.id, c.waiting_for, c.state) for c in maria.check_ins] == [
        (world["shared"], "review", "shared")
    ]
    assert maria.confirmations == () and [a.id for a in maria.actions] == [world["late"]]

    mo = due(store, shipped, viewer("mo"), TODAY)
    assert stale(mo) == {("Linus Torvalds", "assisted-coding")}
    assert (mo.check_ins, mo.confirmations, mo.actions) == ((), (), ())

    everything = due(store, shipped, None, TODAY)
    # Everyone's latest: Ada's own of today is her latest, so only Linus is due.
    assert stale(everything) == {("Linus Torvalds", "assisted-coding")}
    assert {c.id for c in everything.check_ins} == {world["shared"], world["draft"]}
    assert [c.id for c in everything.confirmations] == [world["asked"]]
    assert [a.id for a in everything.actions] == [world["late"]]


def test_steps_taken_move_what_is_due(store: Store, shipped: Framework, world: dict[str, Any]) -> None:
    store.review(world["shared"], OWN, OWN, {}, shipped, viewer=viewer("maria"))
    assert [(c.id, c.waiting_for) for c in due(store, shipped, viewer("ada"), TODAY).check_ins] == [
        (world["shared"], "agree")
    ]
    assert due(store, shipped, viewer("maria"), TODAY).check_ins == ()
    store.answer(world["asked"], "confirmed", viewer=viewer("grace"))
    store.tick(world["late"], viewer=viewer("grace"))
    grace = due(store, shipped, viewer("grace"), TODAY)
    assert grace.confirmations == () and grace.actions == ()
    # Tomorrow the action due today is overdue, for its person.
    assert [a.text for a in due(store, shipped, viewer("ada"), TODAY + dt.timedelta(days=1)).actions] == [
        "Later"
    ]


def test_the_json_has_the_four_lists(store: Store, shipped: Framework, world: dict[str, Any]) -> None:
    data = due(store, shipped, viewer("maria"), TODAY).model_dump(mode="json")
    assert set(data) == {"today", "re_rating", "check_ins", "confirmations", "actions"}
    assert data["re_rating"] == [
        {
            "name": "Ada Lovelace",
            "skill": "assisted-coding",
            "assessed_on": LONG_AGO.isoformat(),
            "team": "platform",
        }
    ]
    assert data["actions"][0]["due"] == YESTERDAY.isoformat()


def test_a_teams_open_actions_for_its_manager_and_none_for_another_teams(
    store: Store, shipped: Framework, world: dict[str, Any]
) -> None:
    def listed(who: str | None, team: str, today: dt.date = TODAY) -> list[tuple[str, bool]]:
        return [(a.text, a.overdue) for a in team_actions(store, viewer(who) if who else None, team, today)]

    assert listed("maria", "platform") == [("Read the parser", True), ("Later", False)]
    assert listed("mo", "platform") == [] and listed("mo", "mobile") == []
    assert listed(None, "mobile") == []
    store.tick(world["late"], viewer=viewer("grace"))
    # Ticked off, it is no longer open; tomorrow the one due today is overdue.
    assert listed("maria", "platform", TODAY + dt.timedelta(days=1)) == [("Later", True)]
