"""Actions as stored, on SQLite and PostgreSQL: who may add one, who may tick it off (once, a row of its own),
who sees it, when it is overdue, and a forgotten person's actions gone with them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from planner.formats.access import parse_access
from planner.framework import Framework
from planner.storage import Store
from planner.storage.errors import Refused
from planner.storage.schema import Action, ActionDone
from tests.storage import test_checkins, test_storage

postgres_url = test_storage.postgres_url
url = test_storage.url
store = test_storage.store
person = test_storage.person
count = test_checkins.count

ACCESS = b"""\
administrators: [boss@example.com]
managers:
  maria@example.com: [platform]
  mo@example.com: [mobile]
members:
  ada@example.com: Ada Lovelace
  grace@example.com: Grace Hopper
  linus@example.com: Linus Torvalds
"""
CONFIG = parse_access("access.yaml", ACCESS)
TODAY = dt.date.today()
NEXT_WEEK = TODAY + dt.timedelta(days=7)


def viewer(name: str) -> Any:
    return CONFIG.viewer(f"{name}@example.com")


@pytest.fixture
def stored(store: Store, five: Framework) -> Store:
    """Ada and Grace in platform (Maria's team), Linus in mobile (Mo's)."""
    store.store(
        [person("Ada Lovelace", ratings={"read-code": 2}), person("Grace Hopper", ratings={"read-code": 3})],
        five,
        team="platform",
    )
    store.store([person("Linus Torvalds", ratings={"read-code": 1})], five, team="mobile")
    return store


def test_the_person_and_a_manager_of_their_team_add_actions_and_everyone_entitled_sees_them(
    stored: Store, five: Framework
) -> None:
    own = stored.add_action(
        "ada lovelace",
        "prompting",
        "Pair on the prompt library",
        "ada@example.com",
        NEXT_WEEK,
        five,
        viewer=viewer("ada"),
    )
    by_manager = stored.add_action(
        "Ada Lovelace",
        "read-code",
        "Review two pull requests",
        "GRACE@example.com ",
        NEXT_WEEK,
        five,
        viewer=viewer("maria"),
    )
    seen = {a.id: a for a in stored.actions(viewer("ada"))}
    assert set(seen) == {own, by_manager}
    assert (
        seen[by_manager].owner == "grace@example.com" and seen[by_manager].created_by == "maria@example.com"
    )
    assert seen[own].person == "Ada Lovelace" and seen[own].due == NEXT_WEEK and seen[own].done_at is None
    assert {a.id for a in stored.actions(viewer("maria"))} == {own, by_manager}
    assert {a.id for a in stored.actions(viewer("boss"))} == {own, by_manager}
    # The owner sees the action they own, and not the person's other one.
    assert [a.id for a in stored.actions(viewer("grace"))] == [by_manager]
    # A manager of another team, and another member, see none.
    assert stored.actions(viewer("mo")) == [] and stored.actions(viewer("linus")) == []
    assert stored.actions(viewer("mo"), person="Ada Lovelace") == []
    assert [a.id for a in stored.actions(team="platform")] == [own, by_manager]
    assert stored.actions(team="mobile") == []
    audited = [e for e in stored.audit() if e.ids.get("actions")]
    assert [(e.actor, e.ids["actions"]) for e in audited] == [
        ("ada@example.com", [own]),
        ("maria@example.com", [by_manager]),
    ]


def test_who_may_not_add_an_action_is_refused_without_learning_who_is_stored(
    stored: Store, five: Framework, url: str
) -> None:
    # A colleague, a manager of another team: refused alike for a stored person and for nobody.
    for name in ("grace", "mo"):
        with pytest.raises(Refused, match="there is no stored person named 'Ada Lovelace' that"):
            stored.add_action(
                "Ada Lovelace", "prompting", "x", "a@example.com", NEXT_WEEK, five, viewer=viewer(name)
            )
    with pytest.raises(Refused, match="there is no stored person named 'Nobody' that"):
        stored.add_action("Nobody", "prompting", "x", "a@example.com", NEXT_WEEK, five, viewer=viewer("mo"))
    assert count(url, Action) == 0


@pytest.mark.parametrize(
    ("skill", "text", "owner", "due", "message"),
    [
        ("juggling", "x", "a@example.com", NEXT_WEEK, "'juggling' is not a skill of this framework"),
        ("prompting", "  ", "a@example.com", NEXT_WEEK, "the action is empty"),
        (
            "prompting",
            "x" * 2001,
            "a@example.com",
            NEXT_WEEK,
            "is 2001 characters long; expected at most 2000",
        ),
        ("prompting", "x", "ada", NEXT_WEEK, "'ada' is not an e-mail address"),
        (
            "prompting",
            "x",
            "a@example.com",
            dt.date(1999, 12, 31),
            "the due date: 1999-12-31 is before 2000-01-01",
        ),
        ("prompting", "x", "a@example.com", "2026-02-30", "the due date '2026-02-30' is not a date"),
    ],
)
def test_a_bad_action_is_refused_naming_the_field(
    stored: Store, five: Framework, skill: str, text: str, owner: str, due: Any, message: str
) -> None:
    with pytest.raises(Refused, match=message):
        stored.add_action("Ada Lovelace", skill, text, owner, due, five, viewer=viewer("ada"))
    assert stored.actions() == []


def test_a_due_date_far_ahead_is_stored_and_read_back_unchanged(stored: Store, five: Framework) -> None:
    far = dt.date(2099, 12, 31)
    stored.add_action("Ada Lovelace", "prompting", "Line one\nline two", "ada@example.com", far, five)
    [action] = stored.actions()
    assert (action.due, action.text, action.created_by.startswith("cli:")) == (
        far,
        "Line one\nline two",
        True,
    )


def test_an_action_is_ticked_off_once_by_the_person_the_owner_or_a_manager(
    stored: Store, five: Framework, url: str
) -> None:
    def add(owner: str = "grace@example.com") -> int:
        return stored.add_action(
            "Ada Lovelace", "prompting", "x", owner, NEXT_WEEK, five, viewer=viewer("maria")
        )

    by_person, by_owner, by_manager = add(), add(), add()
    # Not another member, nor a manager of another team: they learn nothing of it.
    for name in ("linus", "mo"):
        with pytest.raises(Refused, match=f"there is no action {by_person} that {name}@example.com may see"):
            stored.tick(by_person, viewer=viewer(name))
    stored.tick(by_person, viewer=viewer("ada"), today=TODAY)
    stored.tick(by_owner, viewer=viewer("grace"), today=TODAY)
    stored.tick(by_manager, viewer=viewer("maria"), today=TODAY)
    done = {a.id: (a.done_at, a.done_by) for a in stored.actions()}
    assert done == {
        by_person: (TODAY, "ada@example.com"),
        by_owner: (TODAY, "grace@example.com"),
        by_manager: (TODAY, "maria@example.com"),
    }
    with pytest.raises(
        Refused, match=f"action {by_person} was ticked off on {TODAY.isoformat()} by ada@example.com"
    ):
        stored.tick(by_person, viewer=viewer("boss"))
    # Each tick a row of its own, the action rows untouched; each audited.
    assert count(url, ActionDone) == 3 and count(url, Action) == 3
    assert [e.ids["action_done"] for e in stored.audit() if "action_done" in e.ids] == [
        [by_person],
        [by_owner],
        [by_manager],
    ]


def test_a_colleague_who_owns_nothing_may_not_tick_and_a_tick_in_the_future_is_refused(
    stored: Store, five: Framework
) -> None:
    mine = stored.add_action("Ada Lovelace", "prompting", "x", "ada@example.com", NEXT_WEEK, five)
    with pytest.raises(Refused, match=f"there is no action {mine} that grace@example.com may see"):
        stored.tick(mine, viewer=viewer("grace"))
    with pytest.raises(Refused, match=r"the day it is done: .* is after today"):
        stored.tick(mine, viewer=viewer("ada"), today=TODAY + dt.timedelta(days=1))
    with pytest.raises(Refused, match="there is no action 999"):
        stored.tick(999)
    assert stored.actions()[0].done_at is None


def test_overdue_is_due_before_today_and_not_done(stored: Store, five: Framework) -> None:
    yesterday = TODAY - dt.timedelta(days=1)
    late = stored.add_action("Ada Lovelace", "prompting", "late", "ada@example.com", yesterday, five)
    today = stored.add_action("Ada Lovelace", "prompting", "today", "ada@example.com", TODAY, five)
    late_done = stored.add_action("Ada Lovelace", "prompting", "done", "ada@example.com", yesterday, five)
    stored.tick(late_done)
    overdue = {a.id for a in stored.actions() if a.overdue(TODAY)}
    assert overdue == {late}
    assert {a.id for a in stored.actions() if a.overdue(TODAY + dt.timedelta(days=1))} == {late, today}


def test_a_manager_who_did_not_manage_them_cannot_be_kept_by_an_old_grant(
    stored: Store, five: Framework
) -> None:
    """Access is read from the viewer's grants now: a manager whose team is taken away sees none of it."""
    stored.add_action(
        "Ada Lovelace", "prompting", "x", "ada@example.com", NEXT_WEEK, five, viewer=viewer("maria")
    )
    demoted = parse_access("access.yaml", b"managers:\n  maria@example.com: [mobile]\n").viewer(
        "maria@example.com"
    )
    assert stored.actions(demoted) == []
    with pytest.raises(Refused):
        stored.tick(stored.actions()[0].id, viewer=demoted)


def test_forgetting_a_person_erases_their_actions_and_ticks_and_their_record_listed_them(
    stored: Store, five: Framework, url: str
) -> None:
    ada = stored.add_action("Ada Lovelace", "prompting", "x", "grace@example.com", NEXT_WEEK, five)
    grace = stored.add_action("Grace Hopper", "prompting", "y", "grace@example.com", NEXT_WEEK, five)
    stored.tick(ada, viewer=viewer("grace"))
    record = stored.person_record("Ada Lovelace", viewer=viewer("ada"))
    assert [(a["id"], a["owner"], a["done_by"]) for a in record["actions"]] == [
        (ada, "grace@example.com", "grace@example.com")
    ]
    stored.forget("Ada Lovelace")
    assert [a.id for a in stored.actions()] == [grace]
    assert count(url, Action) == 1 and count(url, ActionDone) == 0
    assert stored.audit()[-1].ids["actions"] == [ada]
    with pytest.raises(Refused, match=f"there is no action {ada} "):
        stored.tick(ada)
