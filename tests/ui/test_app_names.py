"""Names and addresses shown as they are (AppTest, shared deployment): a team, people and files whose names
hold what Markdown renderers make links of (an e-mail address, `www.`, a `:`) are drawn on every page they
appear on as plain text, so that text copied from the app is the stored text: no element the app sends
holds an invisible word joiner, each name is in a plain-text element exactly as stored, and none is in an
element whose text is read as Markdown (where it could become a link)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from planner.formats.access import parse_access
from planner.formats.assessment import Assessment
from planner.framework.loading import SHIPPED_ROLES, load_framework
from planner.storage import Store
from planner.views.escape import WORD_JOINER
from tests.app_support import APP, plain_text, resolved
from tests.ui.test_app_access import AUTH

TEAM = "ops@example.org"
ADA = "www.ada.dev"  # the member ada@example.com: stored under her e-mail, named this
BEN = "ben@example.org"  # a person whose name is an e-mail address
GRACE = "grace:hopper"
ACTION = "Pair with ben@example.org on www.review.dev"
BROKEN = "a:b@www.files.example.yaml"  # a file that cannot be used, named in an error
ACCESS = f"""\
administrators: [boss@example.com]
managers:
  maria@example.com: ["{TEAM}"]
members:
  ada@example.com: "{ADA}"
allowed_domains: [example.com]
"""
RATINGS = {"read-code": 3, "write-code": 2, "debug-code": 3, "assisted-coding": 2}


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The team with three people rated over a year ago (so ratings are due again), Ada's own assessment, a
    check-in opened for her and an action of hers."""
    url = f"sqlite:///{tmp_path / 'stagepath.db'}"
    framework = load_framework(SHIPPED_ROLES)
    access = parse_access("access.yaml", ACCESS.encode())
    ada, maria = access.viewer("ada@example.com"), access.viewer("maria@example.com")
    old = dt.date.today() - dt.timedelta(days=500)
    with Store(url) as store:
        store.store(
            [
                Assessment(name=n, track="developer", rater="manager", assessed_on=old, ratings=RATINGS)
                for n in (ADA, BEN, GRACE)
            ],
            framework,
            team=TEAM,
            viewer=maria,
        )
        store.store([Assessment(name=ADA, track="developer", ratings=RATINGS)], framework, viewer=ada)
        store.open_check_in(ADA, TEAM, viewer=maria)
        due = dt.date.today() + dt.timedelta(days=7)
        store.add_action(ADA, "read-code", ACTION, "maria@example.com", due, framework, viewer=maria)
    (tmp_path / "access.yaml").write_text(ACCESS)
    monkeypatch.setenv("STAGEPATH_DATABASE_URL", url)
    monkeypatch.setenv("STAGEPATH_ACCESS", str(tmp_path / "access.yaml"))
    yield url


def app(email: str, query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": True, "email": email}
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    return ok(at)


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def visit(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"planner/ui/pages/{page}.py").run()
    return ok(at)


def protos(node: Any) -> Iterator[Any]:
    """Every element and block the page sends, sidebar included, as its protobuf message."""
    proto = getattr(node, "proto", None)
    if proto is not None:
        yield proto
    for child in getattr(node, "children", {}).values():
        yield from protos(child)


def markdown_texts(at: AppTest) -> list[str]:
    """The texts the browser reads as Markdown, escapes resolved: bodies, alerts, headings, and the labels
    of buttons, expanders, tabs, checkboxes and links."""
    bodies = [*at.markdown, *at.caption, *at.title, *at.header, *at.subheader]
    bodies += [*at.error, *at.warning, *at.info, *at.success]
    labels = [
        e.label for kind in ("button", "expander", "tabs", "checkbox", "toggle") for e in getattr(at, kind)
    ]
    labels += [p.proto.label for p in at.get("page_link")]
    return [resolved(str(t)) for t in [*(e.value for e in bodies), *labels]]


def names_shown_as_they_are(at: AppTest, names: list[str]) -> None:
    """No element of the page holds a word joiner; each name is in a plain-text element as stored, and in
    no text read as Markdown."""
    joined = WORD_JOINER.encode()
    assert not [p for p in protos(at.main) if joined in p.SerializeToString()]
    assert not [p for p in protos(at.sidebar) if joined in p.SerializeToString()]
    texts = plain_text(at)
    for name in names:
        assert any(name in t for t in texts), (name, texts)
        assert not [t for t in markdown_texts(at) if name in t], name


def test_a_managers_pages_show_the_team_people_and_files_as_stored(database: str) -> None:
    at = app("maria@example.com", query={"team": TEAM})
    # The sidebar: the roles (the team managed) and what is due (ratings of the team's people).
    names_shown_as_they_are(at, [TEAM])
    assert any(f"• {person}: " in t for person in (ADA, BEN, GRACE) for t in plain_text(at))
    at = visit(at, "team")
    assert TEAM in at.session_state["sp.team.source"].team
    names_shown_as_they_are(at, [TEAM])  # "Showing 3 people ... from team ...", the groundwork's team
    assert at.button(key="team.gw.save").label == "Save to the database as this team"
    assert f"Team: {TEAM}" in plain_text(at)

    # Hiring: a candidate's file that cannot be used is named in the error, as plain text.
    at = visit(at, "hiring")
    at.button(key="hiring.fill").click().run()
    at.segmented_control(key="hiring.fit_mode").set_value("upload").run()
    at.file_uploader(key="hiring.candidate").upload(BROKEN, b"track: [", "application/x-yaml").run()
    ok(at)
    assert at.error, "the file's problems are said in an error"
    names_shown_as_they_are(at, [BROKEN])

    at = visit(at, "org")
    names_shown_as_they_are(at, [])
    assert any(TEAM in str(frame.value.to_csv()) for frame in at.dataframe)  # the teams' table

    at = app("maria@example.com", query={"team": TEAM, "person": ADA})
    at = visit(at, "person")
    names_shown_as_they_are(at, [TEAM, ACTION])  # "stored under" the team; the action and its owner
    assert any(ACTION in t and "maria@example.com" in t for t in plain_text(at))

    at = visit(at, "checkins")
    names_shown_as_they_are(at, [f"{ADA}, {TEAM}"])  # whose check-in, above it


def test_a_members_pages_show_her_address_name_and_team_as_stored(database: str) -> None:
    at = app("ada@example.com")
    names_shown_as_they_are(at, ["ada@example.com", ADA])  # the sidebar: the address and the name
    at = visit(at, "mine")
    names_shown_as_they_are(at, ["ada@example.com", ADA])
    at = visit(at, "checkins")
    names_shown_as_they_are(at, [f"With {TEAM}"])


def test_an_error_naming_a_file_on_the_team_page_names_it_as_plain_text(database: str) -> None:
    at = visit(app("maria@example.com"), "team")
    at.file_uploader(key="team.upload").set_value(
        [("www.x.dev:1@team.csv", b"name,track\n", "text/csv")]
    ).run()
    ok(at)
    texts = [t for f in at.dataframe for t in f.value.astype(str).to_numpy().ravel()]
    assert "www.x.dev:1@team.csv" in texts  # the problems' table names the file, cell by cell
    names_shown_as_they_are(at, [])
