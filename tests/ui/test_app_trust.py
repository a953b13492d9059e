"""Trusted ratings on the pages (AppTest, shared deployment): a colleague's confirmation and an agreed
check-in show on My plan as the placement on confirmed ratings, and on the Team page as confirmed coverage
and the people placed higher than their confirmed ratings place them; the figures are the team report's
(`stagepath team --database` for the same viewer), and a manager of another team is shown none of it."""

from __future__ import annotations

import datetime as dt
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
from tests.app_support import APP, frames, shown_text
from tests.storage.test_storage import run

AUTH = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "a-test-secret-that-is-long-enough",
    "client_id": "stagepath-test",
    "client_secret": "not-a-secret",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}
ACCESS = """\
managers:
  maria@example.com: [platform]
  mo@example.com: [mobile]
members:
  ada@example.com: Ada Lovelace
  grace@example.com: Grace Hopper
"""
FLOOR = {"read-code": 3, "write-code": 3, "debug-code": 3}
ADA = {
    **FLOOR,
    "assisted-coding": 3,
    "assistant-output-verification": 3,
    "assistant-context-setting": 3,
    "assistant-use-judgment": 2,
}


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Ada and Grace in platform; Ada's own rating stored by her, her floor confirmed by Grace."""
    url = f"sqlite:///{tmp_path / 'stagepath.db'}"
    framework = load_framework(SHIPPED_ROLES)
    access = parse_access("access.yaml", ACCESS.encode())
    ada, grace, maria = (access.viewer(f"{n}@example.com") for n in ("ada", "grace", "maria"))
    today = dt.date.today()
    with Store(url) as store:
        store.store(
            [
                Assessment(name="Ada Lovelace", track="developer", rater="manager", ratings=ADA),
                Assessment(name="Grace Hopper", track="developer", rater="manager", ratings=FLOOR),
            ],
            framework,
            team="platform",
            viewer=maria,
        )
        store.store([Assessment(name="Ada Lovelace", track="developer", ratings=ADA)], framework, viewer=ada)
        for skill in FLOOR:
            asked = store.ask(
                "Ada Lovelace", skill, 3, "grace@example.com", "Paired for a month", framework, ada
            )
            store.answer(asked, "confirmed", viewer=grace, today=today)
    (tmp_path / "access.yaml").write_text(ACCESS)
    monkeypatch.setenv("STAGEPATH_DATABASE_URL", url)
    monkeypatch.setenv("STAGEPATH_ACCESS", str(tmp_path / "access.yaml"))
    yield url


def app(email: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": True, "email": email}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def go(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"planner/ui/pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_my_plan_shows_the_placement_on_confirmed_ratings_beside_the_placement(database: str) -> None:
    at = go(app("ada@example.com"), "mine")
    at.button(key="mine.open").click().run()  # her own saved assessment, opened on Assess
    go(at, "plan")
    text = shown_text(at)
    # Three floor ratings confirmed by Grace, of seven rated: stage 2's four rest on her word only, so
    # she is placed at stage 2 and at stage 1 on confirmed ratings.
    assert "On confirmed ratings only: Stage 1" in text and "with 3 of 7 ratings confirmed" in text, text
    assert "Not yet confirmed, yet lifting your placement" in text


def test_the_team_page_shows_confirmed_coverage_as_the_team_report_counts_it(database: str) -> None:
    at = go(app("maria@example.com"), "team")
    at.selectbox(key="team.stored_team").set_value("platform").run()
    at.button(key="team.load_stored").click().run()
    assert not at.exception, [e.value for e in at.exception]
    text = shown_text(at)
    # The team report for the same viewer, from the command line, counts the same ratings confirmed.
    env = {"STAGEPATH_ACCESS": os.environ["STAGEPATH_ACCESS"]}
    result = run(
        "team", "--database", "--team", "platform", "--as", "maria@example.com", url=database, env=env
    )
    assert result.returncode == 0, result.stderr
    trusted: dict[str, Any] = json.loads(result.stdout)["trusted"]
    # Ada's seven ratings (her manager's, the team's record of her) and Grace's three; Ada's floor confirmed.
    assert trusted["confirmed"] == 3 and trusted["of"] == 10
    assert f"{trusted['confirmed']} of {trusted['of']} ratings are confirmed" in text
    coverage = next(f for f in frames(at) if "Confirmed" in f.columns)
    read = coverage[coverage["Skill"] == "Read code"].iloc[0]
    assert read["Confirmed"] == "1 of 2"  # Ada's confirmed by Grace; Grace's own on her manager's word


def test_a_manager_of_another_team_sees_no_confirmation(database: str) -> None:
    at = go(app("mo@example.com"), "checkins")
    text = shown_text(at)
    assert "Ada Lovelace" not in text and "Paired for a month" not in text


SCAN = b"""stagepath: 1
kind: groundwork
team: platform
assessed_on: 2026-11-30
capabilities: {}
people:
  - author: ada@example.com
    signals:
      - {skill: assisted-coding, evidence: "shop: commit 3333333333aa (Co-authored-by: Cursor <c@x>)"}
  - author: bo@example.com
    signals:
      - {skill: assistant-output-verification, evidence: "shop: commit 4444444444aa (Assisted-by: Claude)"}
"""


def test_evidence_from_the_work_accepted_on_check_ins_counts_on_my_plan(database: str) -> None:
    at = go(app("ada@example.com"), "checkins")
    at.file_uploader(key="checkins.scan_upload").set_value(("platform-scan.yaml", SCAN, "text/yaml")).run()
    assert not at.exception, [e.value for e in at.exception]
    text = shown_text(at)
    # Hers only (bo's commits suggest nothing for her), as found, never a rating.
    assert "Coding with an assistant: shop: commit 3333333333aa (Co-authored-by: Cursor <c@x>)" in text
    assert "4444444444aa" not in text
    at.button(key="checkins.evidence.accepted.0").click().run()
    assert "Accepted as your evidence: 1" in shown_text(at)
    go(at, "mine")
    at.button(key="mine.open").click().run()
    go(at, "plan")
    text = shown_text(at)
    # Her floor (confirmed by Grace) and now assisted coding: 4 of 7.
    assert "with 4 of 7 ratings confirmed" in text, text
    assert "Evidence from your work you accepted: 1" in [e.label for e in at.expander]
