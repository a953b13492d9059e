"""`stagepath due` as a real process over a real database: one list per viewer from the access file, the
command line acting as administrator without --as, as JSON and as a table, and bad input named."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from planner.framework import Framework
from planner.storage import Store
from tests.cli.test_cli import no_traceback, run, write
from tests.storage import test_actions
from tests.storage.test_storage import person

TODAY = dt.date(2026, 6, 1)
ACCESS = test_actions.ACCESS.decode() + "allowed_domains: [example.com]\n"


@pytest.fixture
def env(tmp_path: Path, shipped: Framework) -> dict[str, str]:
    url = f"sqlite:///{tmp_path / 'stagepath.db'}"
    with Store(url) as store:
        store.store(
            [
                person(
                    "Ada Lovelace",
                    rater="manager",
                    assessed_on=dt.date(2025, 6, 1),
                    ratings={"assisted-coding": 1},
                )
            ],
            shipped,
            team="platform",
        )
        store.add_action(
            "Ada Lovelace",
            "assisted-coding",
            "Pair on a prompt",
            "maria@example.com",
            dt.date(2026, 5, 25),
            shipped,
        )
    return {"STAGEPATH_DATABASE_URL": url, "STAGEPATH_ACCESS": write(tmp_path, "access.yaml", ACCESS)}


def due_json(env: dict[str, str], *args: str) -> dict:
    result = run("due", "--today", TODAY.isoformat(), "--format", "json", *args, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_due_lists_per_viewer_from_the_access_file(env: dict[str, str]) -> None:
    ada = due_json(env, "--as", "ADA@example.com")
    assert set(ada) == {"today", "re_rating", "check_ins", "confirmations", "actions"}
    # Her manager's rating is hers to see, and 365 days old: the agent-era skill (180 days) is due.
    assert ada["re_rating"] == [
        {"name": "Ada Lovelace", "skill": "assisted-coding", "assessed_on": "2025-06-01", "team": "platform"}
    ]
    assert [(a["text"], a["due"], a["owner"]) for a in ada["actions"]] == [
        ("Pair on a prompt", "2026-05-25", "maria@example.com")
    ]
    maria = due_json(env, "--as", "maria@example.com")
    assert [r["name"] for r in maria["re_rating"]] == ["Ada Lovelace"] and len(maria["actions"]) == 1
    mo = due_json(env, "--as", "mo@example.com")
    assert mo["re_rating"] == [] and mo["actions"] == [] and mo["check_ins"] == []
    # Without --as the command line acts as administrator.
    assert due_json(env)["actions"] == maria["actions"]
    # A week before the action was due, nothing is overdue.
    assert due_json(env, "--as", "ada@example.com", "--today", "2026-05-18")["actions"] == []


def test_due_as_a_table(env: dict[str, str]) -> None:
    result = run("due", "--as", "maria@example.com", "--today", "2026-06-01", "--format", "table", env=env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Due as of 2026-06-01"
    assert "Ratings due for re-rating (1)" in lines
    assert any(
        line.startswith("  Ada Lovelace: ") and "rated 2025-06-01 (platform)" in line for line in lines
    )
    assert "Check-ins waiting on you (0)" in lines
    assert (
        "  Ada Lovelace: Pair on a prompt (" in result.stdout
        and "due 2026-05-25, owner maria@example.com" in result.stdout
    )


def test_due_refuses_bad_input_with_a_line_naming_it(env: dict[str, str]) -> None:
    outsider = run("due", "--as", "eve@elsewhere.org", env=env)
    assert outsider.returncode == 1
    assert outsider.stderr.strip() == "--as: eve@elsewhere.org is not in a domain this deployment admits"
    bad_day = run("due", "--today", "2026-02-30", env=env)
    assert bad_day.returncode == 2 and "'2026-02-30' is not a date; expected YYYY-MM-DD" in bad_day.stderr
    for result in (outsider, bad_day):
        no_traceback(result)
