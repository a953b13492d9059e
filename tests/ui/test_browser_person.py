"""Follow-through end to end, in the real app and a real chromium signed in through a real OpenID Connect
provider (the deployment of tests/ui/test_browser_auth.py): a manager goes from her team's table to one
person, makes a focus item an action due next week; the person ticks it off; `stagepath due` as a process
reads, for both, the action overdue the day after it was due, and nothing once it is ticked off."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.browser_support import settle, shot, visitor
from tests.cli.test_cli import run
from tests.ui.test_browser_auth import app, browser, here, open_page, provider, shows, sign_in

__all__ = ["app", "browser", "here", "provider"]  # the fixtures, used by name

pytestmark = pytest.mark.browser
NEXT_WEEK = dt.date.today() + dt.timedelta(days=7)


def due_actions(here: Path, email: str, today: dt.date) -> list[dict[str, Any]]:
    env = {
        "STAGEPATH_ACCESS": str(here / "access.yaml"),
        "STAGEPATH_DATABASE_URL": f"sqlite:///{here / 'stagepath.db'}",
    }
    result = run("due", "--as", email, "--today", today.isoformat(), "--format", "json", env=env)
    assert result.returncode == 0, result.stderr
    return list(json.loads(result.stdout)["actions"])


def test_a_manager_makes_an_action_the_person_ticks_it_off_and_due_reads_it_for_both(
    browser: Any, app: str, provider: str, here: Path, request: pytest.FixtureRequest
) -> None:
    with visitor(browser, request) as page:
        sign_in(page, app, provider, "maria@example.com")
        assert open_page(page, app, "team?team=platform") == "Team"
        main = page.locator('[data-testid="stMain"]')
        main.get_by_role("combobox", name="Open one person").click()
        page.get_by_role("option", name="Ada Lovelace").click()
        settle(page)
        main.get_by_role("link", name="Open their page").click()
        page.wait_for_url(re.compile(r".*/person\?.*person=Ada.*"))
        settle(page)
        shows(page, "Make this an action")
        main.get_by_label("What to do").fill("Pair on one review a week")
        main.get_by_label("Owner (e-mail)").fill("ada@example.com")
        main.get_by_role("button", name="Make this an action").click()
        settle(page)
        shows(page, "Pair on one review a week (")
        shows(page, "owner ada@example.com.")  # plain text, the status beside it
        shows(page, f"Due {NEXT_WEEK.isoformat()}")
        shot(page, "follow-manager-action")

    after_due = NEXT_WEEK + dt.timedelta(days=1)
    for email in ("maria@example.com", "ada@example.com"):
        assert [(a["text"], a["due"]) for a in due_actions(here, email, after_due)] == [
            ("Pair on one review a week", NEXT_WEEK.isoformat())
        ], email
    assert due_actions(here, "mo@example.com", after_due) == []

    with visitor(browser, request) as page:
        sign_in(page, app, provider, "ada@example.com")
        assert open_page(page, app, "person?person=Ada+Lovelace") == "One person"
        shows(page, "Pair on one review a week (")
        page.locator('[data-testid="stMain"]').get_by_role("button", name="Tick off").click()
        settle(page)
        shows(page, f"Done {dt.date.today().isoformat()} by ada@example.com")
        shot(page, "follow-person-ticked")

    for email in ("maria@example.com", "ada@example.com"):
        assert due_actions(here, email, after_due) == [], email
