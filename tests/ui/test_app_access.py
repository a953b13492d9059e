"""The access gate in the app, driven through AppTest: single-user mode exactly as before, and in shared
mode (secrets with [auth]) what a signed-out visitor, a member, a manager, an administrator and a visitor the
deployment refuses see on each page. `at.user` plays the identity provider's answer; the sign-in itself runs
against a real provider in tests/ui/test_browser_auth.py."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from planner.formats.access import parse_access
from planner.formats.assessment import Assessment
from planner.framework.loading import SHIPPED_ROLES, load_framework
from planner.storage import Store
from tests.app_support import (
    APP,
    INVISIBLE,
    catch_downloads,
    charts,
    content,
    frames,
    hostile_live,
    live_markup,
    shown_text,
    unescape,
)

AUTH = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "a-test-secret-that-is-long-enough",
    "client_id": "stagepath-test",
    "client_secret": "not-a-secret",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}
ACCESS = """\
administrators: [boss@example.com]
managers:
  maria@example.com: [platform]
members:
  ada@example.com: Ada Lovelace
allowed_domains: [example.com]
"""
PAGES = ["assess", "plan", "mine", "team", "hiring"]


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A seeded database and an access file, named in the environment the app reads."""
    url = f"sqlite:///{tmp_path / 'stagepath.db'}"
    framework = load_framework(SHIPPED_ROLES)
    with Store(url) as store:
        store.store(
            [
                Assessment(name="Ada Lovelace", track="developer", ratings={"read-code": 2}),
                Assessment(name="Ben Okri", track="developer"),
            ],
            framework,
            team="platform",
        )
        store.store([Assessment(name="Cy Twombly", track="qa")], framework, team="mobile")
    access = tmp_path / "access.yaml"
    access.write_text(ACCESS)
    monkeypatch.setenv("STAGEPATH_DATABASE_URL", url)
    monkeypatch.setenv("STAGEPATH_ACCESS", str(access))
    yield url


def app(user: dict[str, Any] | None, shared: bool = True, query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    if shared:
        at.secrets["auth"] = AUTH
    at.user = user if user is not None else {"is_logged_in": False}
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def signed_in(email: str, **claims: Any) -> dict[str, Any]:
    return {"is_logged_in": True, "email": email, **claims}


def on(at: AppTest, page: str) -> str:
    """The heading of a page after moving to it."""
    at.switch_page(f"planner/ui/pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return str(at.title[0].value)


def text(at: AppTest) -> str:
    return "\n".join(str(e.value) for e in [*at.markdown, *at.caption, *at.text])


def test_single_user_mode_opens_every_page_and_the_team_page_says_so(database: str) -> None:
    at = app(None, shared=False)
    assert [on(at, p) for p in ("assess", "plan", "team", "hiring")] == [
        "Assess yourself",
        "My plan",
        "Team",
        "Hiring",
    ]
    on(at, "team")
    assert any(str(c.value).startswith("Single-user mode: no sign-in") for c in at.caption)
    assert not [b for b in at.sidebar.button if b.label in ("Sign in", "Sign out")]
    assert any(e.label.startswith("Framework:") for e in at.sidebar.expander)  # anyone picks the framework
    options = at.selectbox(key="team.stored_team").options
    assert options == ["Everyone stored", "mobile", "platform"]
    # My assessments is not in the menu here; opened anyway, it says why it holds nothing.
    assert on(at, "mine") == "My assessments"
    assert at.info[0].value.startswith("Single-user mode: nothing is kept per person")


def test_signed_out_only_explore_opens(database: str) -> None:
    at = app(None)
    assert at.title[0].value == "Stagepath"
    for page in PAGES:
        assert on(at, page) == "Sign in to continue", page
        assert "Ada Lovelace" not in text(at) and "platform" not in text(at)
    assert [b.label for b in at.sidebar.button] == ["Sign in"]


@pytest.mark.parametrize(
    ("user", "reason"),
    [
        ({"is_logged_in": True, "name": "No Mail"}, "did not give Stagepath your e-mail address"),
        (signed_in("ada@example.com", email_verified=False), "has not verified ada@example.com"),
        (
            signed_in("mallory@elsewhere.test"),
            "mallory@elsewhere.test is not in a domain this deployment admits",
        ),
    ],
    ids=["no-email", "unverified", "other-domain"],
)
def test_a_visitor_the_deployment_cannot_trust_gets_nothing_but_explore(
    database: str, user: dict[str, Any], reason: str
) -> None:
    at = app(user)
    for page in PAGES:
        assert on(at, page) == "No access", page
        assert reason in unescape(text(at))


def test_an_unreadable_access_file_lets_nobody_in_and_shows_nothing_of_it(
    database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("managers:\n  maria@example.com: platform\nsecret-field: maria@example.com\n")
    monkeypatch.setenv("STAGEPATH_ACCESS", str(broken))
    at = app(signed_in("maria@example.com"))
    for page in PAGES:
        assert on(at, page) == "No access", page
        shown = unescape(text(at))
        assert "access configuration cannot be read (the server log says why)" in shown
        assert "broken.yaml" not in shown and "secret-field" not in shown


def test_the_log_says_where_the_access_file_is_wrong_without_the_people_it_names(
    database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    broken = tmp_path / "broken.yaml"
    # A comment of this test's own: the file's content is the cache key, so this run reads it afresh.
    broken.write_text(
        f"# {tmp_path.name}\nmanagers:\n  maria@example.com: platform\nmembers:\n  ada@example.com: ''\n"
        "administrators: [Ada Lovelace]\n"
    )
    monkeypatch.setenv("STAGEPATH_ACCESS", str(broken))
    with caplog.at_level("ERROR", logger="stagepath.access"):
        app(signed_in("maria@example.com"))
    [record] = [r for r in caplog.records if r.name == "stagepath.access"]
    logged = record.getMessage()
    assert logged.startswith("the access configuration cannot be read: 3 problem(s): ")
    for where in ("line 3, under managers", "line 5, under members", "line 6, under administrators"):
        assert f"{broken}, {where}" in logged
    for person in ("maria", "ada", "Ada Lovelace", "example.com"):
        assert person not in logged


def test_an_access_file_changed_to_the_same_size_and_time_applies_on_the_next_run(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    access = Path(os.environ["STAGEPATH_ACCESS"])
    at = app(signed_in("maria@example.com"))
    assert on(at, "team") == "Team"
    assert at.selectbox(key="team.stored_team").options == ["Everyone you may see", "platform"]
    before = access.stat()
    edited = ACCESS.replace("[platform]", "[mobile]  ")  # the same number of bytes
    assert len(edited) == len(ACCESS)
    access.write_text(edited)
    os.utime(access, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (access.stat().st_size, access.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert on(at, "team") == "Team"
    assert at.selectbox(key="team.stored_team").options == ["Everyone you may see", "mobile"]


def test_a_member_gets_their_own_pages_and_not_the_managers(database: str) -> None:
    at = app(signed_in("ADA@example.com"))
    assert on(at, "assess") == "Assess yourself"
    assert on(at, "plan") == "My plan"
    assert on(at, "mine") == "My assessments"
    assert "Stored: 1" in [s.value for s in at.subheader]
    assert on(at, "team") == "No access"
    assert on(at, "hiring") == "No access"
    assert not any(e.label.startswith("Framework:") for e in at.sidebar.expander)  # administrators only
    assert [b.label for b in at.sidebar.button] == ["Sign out"]


def test_a_member_saves_their_assessment_as_their_own(database: str) -> None:
    at = app(signed_in("ada@example.com"))
    at.session_state["sp.ratings"] = {"read-code": 3, "write-code": 3}
    on(at, "mine")
    at.button(key="mine.save").click().run()
    assert [s.value for s in at.success] and "Stored: 2" in [s.value for s in at.subheader]
    with Store(database) as store:
        ada = parse_access("a.yaml", ACCESS.encode()).viewer("ada@example.com")
        assert [s.document["ratings"] for s in store.history("Ada Lovelace", viewer=ada)][-1] == {
            "read-code": 3,
            "write-code": 3,
        }
        assert store.history("Ben Okri")[-1].document["ratings"] == {}  # nobody else was touched


def test_a_manager_sees_only_their_team_and_is_refused_another_by_address(database: str) -> None:
    at = app(signed_in("maria@example.com"), query={"team": "platform"})
    assert on(at, "team") == "Team"
    assert at.selectbox(key="team.stored_team").options == ["Everyone you may see", "platform"]
    assert at.selectbox(key="team.stored_team").value == "platform"  # the team the address opened
    assert any("Showing 2 people (2 assessments) from team platform" in str(t.value) for t in at.text)
    assert not any(e.label.startswith("Framework:") for e in at.sidebar.expander)
    refused = app(signed_in("maria@example.com"), query={"team": "mobile"})
    assert on(refused, "team") == "No access"
    assert "does not manage a team called 'mobile'" in unescape(text(refused))
    assert on(refused, "hiring") == "Hiring"  # the Hiring page holds no stored data: every manager has it


def test_an_administrator_sees_every_team_and_picks_the_framework(database: str) -> None:
    at = app(signed_in("boss@example.com"), query={"team": "mobile"})
    assert on(at, "team") == "Team"
    assert at.selectbox(key="team.stored_team").options == ["Everyone you may see", "mobile", "platform"]
    assert any(e.label.startswith("Framework:") for e in at.sidebar.expander)


TWO_TEAMS = ACCESS.replace("maria@example.com: [platform]", "maria@example.com: [platform, mobile]")


def test_a_team_taken_away_is_gone_on_the_next_page_and_a_team_given_appears(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Roles are read in every run: what maria opened while she managed mobile is not shown once mobile is
    taken from her, on the Team page or the Hiring page, in its text, tables, charts or downloads."""
    access = Path(os.environ["STAGEPATH_ACCESS"])
    access.write_text(TWO_TEAMS)
    downloads = catch_downloads(monkeypatch)
    at = app(signed_in("maria@example.com"), query={"team": "mobile"})
    assert on(at, "team") == "Team"
    assert "Showing 1 person (1 assessments) from team mobile" in shown_text(at)
    assert "Cy Twombly" in everything(at, downloads)  # what a leak would look like
    assert on(at, "hiring") == "Hiring" and "the Team page: 1 people" in shown_text(at)

    access.write_text(ACCESS)  # mobile is taken from her; the address still asks for it
    assert on(at, "hiring") == "Hiring"
    assert "Load a team on the Team page" in shown_text(at)  # the gaps built from mobile are gone
    assert "the Team page: 1 people" not in shown_text(at)
    at.query_params.clear()
    downloads.clear()
    assert on(at, "team") == "Team"
    assert "You see the teams you manage: platform." in shown_text(at)
    assert "mobile" not in everything(at, downloads) and "Cy Twombly" not in everything(at, downloads)
    assert at.selectbox(key="team.stored_team").options == ["Everyone you may see", "platform"]
    at.query_params["team"] = "mobile"
    assert on(at, "team") == "No access"

    access.write_text(TWO_TEAMS)  # and given back
    assert on(at, "team") == "Team"
    assert at.selectbox(key="team.stored_team").options == ["Everyone you may see", "mobile", "platform"]
    assert "Cy Twombly" in everything(at, downloads)


def everything(at: AppTest, downloads: dict[str, Any]) -> str:
    """All a visitor can read of the page: its text, its tables, its charts and its downloads' contents."""
    tables = "\n".join(frame.to_csv() for frame in frames(at))
    figures = json.dumps(charts(at))
    files = "\n".join(content(download).decode(errors="replace") for download in downloads.values())
    return "\n".join([shown_text(at), tables, figures, files])


HOSTILE_PERSON = "<img src=x> **bold** [x](https://evil.example) www.evil.example/login eve@evil.example"


def test_hostile_names_and_addresses_show_as_text_on_my_assessments_and_in_the_sidebar(
    database: str,
) -> None:
    access = Path(os.environ["STAGEPATH_ACCESS"])
    access.write_text(ACCESS + f"  eve@evil.example: '{HOSTILE_PERSON}'\n")
    access.write_text(access.read_text().replace("allowed_domains: [example.com]\n", ""))
    at = app(signed_in("eve@evil.example"))
    assert on(at, "mine") == "My assessments"
    shown = shown_text(at)
    assert f"Signed in as eve@evil.example. Stored under the name '{HOSTILE_PERSON}'" in shown
    # The address and the roles are plain text in the sidebar: copied, they are the address and the name
    # as stored, with nothing invisible inserted.
    sidebar = [t.value for t in at.sidebar.text]
    assert "Signed in as eve@evil.example" in sidebar
    assert f"your stored assessments are under '{HOSTILE_PERSON}'" in sidebar
    assert not any(INVISIBLE.search(t) for t in sidebar)
    assert live_markup(at) == []
    # What the check looks for is there, escaped: unescaped, it would be seen.
    assert hostile_live(f"Signed in as eve@evil.example. {HOSTILE_PERSON}") != []
