"""The One person page and the sidebar's Due box, driven through AppTest in a shared deployment: a manager
opens a person of their team from the Team page, makes a focus item an action due a week ahead, the person
ticks it off; a manager of another team sees nothing of them; the Due box lists what is due."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from planner.framework.loading import SHIPPED_ROLES, load_framework
from planner.storage import Store
from tests.app_support import named_by, plain_text, unescape
from tests.ui.test_app_access import ACCESS, app, database, signed_in, text

__all__ = ["database"]  # the fixture, used by name

TODAY = dt.date.today()
ADA = {"person": "Ada Lovelace", "team": "platform"}


@pytest.fixture
def mo(database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Mo manages mobile, in the same deployment."""
    access = tmp_path / "access-mo.yaml"
    access.write_text(
        ACCESS.replace(
            "  maria@example.com: [platform]\n",
            "  maria@example.com: [platform]\n  mo@example.com: [mobile]\n",
        )
    )
    monkeypatch.setenv("STAGEPATH_ACCESS", str(access))
    return database


def person_page(email: str, query: dict[str, str]) -> AppTest:
    at = app(signed_in(email), query=query)
    at.switch_page("planner/ui/pages/person.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def actions(url: str) -> list:
    with Store(url) as store:
        return store.actions()


def test_a_manager_opens_a_person_of_their_team_from_the_team_page(database: str) -> None:
    at = app(signed_in("maria@example.com"), query={"team": "platform"})
    at.switch_page("planner/ui/pages/team.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="team.one_person").options == ["Ada Lovelace", "Ben Okri"]
    at.selectbox(key="team.one_person").set_value("Ada Lovelace").run()
    [link] = [p for p in at.get("page_link") if p.proto.label == "Open their page"]
    assert (link.proto.page, link.proto.query_string) == ("person", "team=platform&person=Ada+Lovelace")


def test_a_manager_makes_a_focus_item_an_action_due_next_week_and_the_person_ticks_it_off(
    database: str,
) -> None:
    at = person_page("maria@example.com", ADA)
    assert at.title[0].value == "One person"
    assert at.selectbox(key="person.pick").value == "Ada Lovelace"
    metrics = {m.label: m.value for m in at.metric}
    # One self rating: stage 1 asks nothing rated, so both placements are 1, and nothing is confirmed.
    assert metrics["Placement"] == metrics["Trusted placement"] == "Stage 1 · Manual"
    assert "0 of 1 ratings confirmed" in text(at)
    # One assessment is no history: the estimate for the next stage names no date, and says why.
    assert metrics["Stage 2 · Assist: an estimate"] == "No date"
    assert "No basis: an estimate needs two dated assessments, some time apart. Never a promise." in text(at)
    history = at.dataframe[1].value  # focus, then history
    assert history["Rater"].tolist() == ["self"] and history["Team"].tolist() == ["platform"]
    focus = at.dataframe[0].value
    first = focus["Skill"].iloc[0]
    # The form offers a week from today and the signed-in manager as owner.
    assert at.date_input(key="person.action.due").value == TODAY + dt.timedelta(days=7)
    assert at.text_input(key="person.action.owner").value == "maria@example.com"
    at.text_input(key="person.action.owner").set_value("ada@example.com")
    at.text_input(key="person.action.text").set_value("Pair on one review a week")
    at.button[[b.label for b in at.button].index("Make this an action")].click().run()
    assert not at.exception, [e.value for e in at.exception]
    [stored] = actions(database)
    assert (stored.person, stored.text, stored.owner, stored.due, stored.created_by) == (
        "Ada Lovelace",
        "Pair on one review a week",
        "ada@example.com",
        TODAY + dt.timedelta(days=7),
        "maria@example.com",
    )
    assert framework_name(stored.skill) == first
    # The action and its owner as plain text, its status beside them.
    assert f"Pair on one review a week ({first}), owner ada@example.com." in plain_text(at)
    assert "Due " in unescape(text(at))

    mine = person_page("ada@example.com", {})
    assert mine.selectbox(key="person.pick").options == ["Ada Lovelace"]  # a member sees only herself
    mine.selectbox(key="person.pick").set_value("Ada Lovelace").run()
    mine.button(key=f"person.tick.{stored.id}").click().run()
    assert not mine.exception, [e.value for e in mine.exception]
    [done] = actions(database)
    assert (done.done_at, done.done_by) == (TODAY, "ada@example.com")
    assert any(t.endswith(f"Done {TODAY.isoformat()} by ada@example.com") for t in plain_text(mine))
    assert not [b for b in mine.button if b.key == f"person.tick.{stored.id}"]


def framework_name(skill: str) -> str:
    return load_framework(SHIPPED_ROLES).skill_names[skill]


def test_a_manager_of_another_team_sees_nothing_of_the_person(mo: str) -> None:
    at = person_page("mo@example.com", ADA)
    assert at.selectbox(key="person.pick").options == ["Cy Twombly"]
    assert at.selectbox(key="person.pick").value is None
    [warning] = [w.value for w in at.warning]
    assert warning == "There is no stored person by the name below that you may see."
    assert named_by(at, warning) == "Ada Lovelace"  # the name asked for, as plain text
    assert not at.metric and not at.dataframe
    assert "Lovelace" not in text(at).replace("Ada Lovelace", "", 1)


def test_the_due_box_lists_an_overdue_action_for_its_person_and_its_manager(database: str) -> None:
    framework = load_framework(SHIPPED_ROLES)
    with Store(database) as store:
        store.add_action(
            "Ada Lovelace",
            "read-code",
            "Read the parser",
            "ada@example.com",
            TODAY - dt.timedelta(days=2),
            framework,
        )
    for email in ("ada@example.com", "maria@example.com"):
        at = app(signed_in(email))
        [box] = [e for e in at.sidebar.expander if e.label.startswith("Due (")]
        assert box.label == "Due (1)"
        shown = "\n".join(str(m.value) for m in box.markdown)
        items = "\n".join(str(t.value) for t in box.text)  # people and actions as plain text
        assert "**Overdue actions (1)**" in shown and "• Ada Lovelace: Read the parser (" in items
    nobody = app(signed_in("ben@example.com"))
    [box] = [e for e in nobody.sidebar.expander if e.label.startswith("Due (")]
    assert box.label == "Due (0)" and "Nothing is due." in [str(c.value) for c in box.caption]


def team_page(email: str, team: str) -> AppTest:
    at = app(signed_in(email), query={"team": team})
    at.switch_page("planner/ui/pages/team.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_team_page_lists_its_open_actions_overdue_first_and_not_to_another_teams_manager(mo: str) -> None:
    framework = load_framework(SHIPPED_ROLES)
    with Store(mo) as store:
        store.add_action(
            "Ada Lovelace",
            "read-code",
            "Pair on a review",
            "maria@example.com",
            TODAY + dt.timedelta(days=7),
            framework,
        )
        store.add_action(
            "Ben Okri",
            "read-code",
            "Read the parser",
            "ada@example.com",
            TODAY - dt.timedelta(days=2),
            framework,
        )
        done = store.add_action(
            "Ada Lovelace",
            "read-code",
            "Already done",
            "ada@example.com",
            TODAY - dt.timedelta(days=9),
            framework,
        )
        store.tick(done, today=TODAY)
    at = team_page("maria@example.com", "platform")
    [table] = [d for d in at.dataframe if "Status" in d.value.columns]
    frame = table.value
    # The ticked-off one is gone; the overdue one is flagged and comes first.
    assert frame[["Status", "Person", "Action", "Owner", "Due"]].values.tolist() == [
        [
            "Overdue",
            "Ben Okri",
            "Read the parser",
            "ada@example.com",
            (TODAY - dt.timedelta(days=2)).isoformat(),
        ],
        [
            "Open",
            "Ada Lovelace",
            "Pair on a review",
            "maria@example.com",
            (TODAY + dt.timedelta(days=7)).isoformat(),
        ],
    ]
    assert frame["Skill"].tolist() == [framework_name("read-code")] * 2
    assert "2 open actions, 1 of them overdue (listed first), then soonest due." in text(at)

    other = team_page("mo@example.com", "mobile")
    assert [s.value for s in other.subheader if s.value == "Open actions"] == ["Open actions"]
    assert "No open action for this team's people" in text(other)
    assert not [d for d in other.dataframe if "Status" in d.value.columns]
    shown = text(other)
    assert "Read the parser" not in shown and "Pair on a review" not in shown
    # Asking for the other team by its address opens nothing of it.
    asked = team_page("mo@example.com", "platform")
    assert not [d for d in asked.dataframe if "Status" in d.value.columns]
    assert "Read the parser" not in text(asked)
