"""The audit trail, readable: `stagepath audit` (table or JSON, everyone's or one person's) on SQLite and
PostgreSQL as a real process, and the administrator's read-only view on My assessments (AppTest); never
the erased content, and never for anyone but an administrator."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from planner.formats.access import AccessDenied
from planner.framework import Framework
from planner.storage import Store
from tests.storage import test_records, test_storage

postgres_url = test_storage.postgres_url
url = test_storage.url
shared = test_records.shared
mine = test_records.mine
run = test_storage.run
person = test_storage.person
viewer = test_records.viewer


def test_cli_audit_shows_every_write_and_one_persons_part_never_what_was_erased(
    url: str, five: Framework
) -> None:
    with Store(url) as store:
        ada = store.store(
            [person("Ada", ratings={"prompting": 2}, evidence={"prompting": "secret-evidence"})],
            five,
            team="platform",
        )
        [ben] = store.store([person("Ben")], five, team="platform")
        store.retract(ada[0], "rated the wrong track")
        store.forget("Ben")
        with pytest.raises(AccessDenied, match="is not an administrator"):
            store.audit(viewer=viewer("maria"))
    everything = run("audit", "--format", "json", url=url)
    assert everything.returncode == 0, everything.stderr
    entries = json.loads(everything.stdout)
    assert [(e["action"], e["ids"]) for e in entries] == [
        ("store", {"snapshots": list(ada)}),
        ("store", {"snapshots": [ben]}),
        ("retract", {"snapshots": list(ada)}),
        ("forget", {"people": [2], "snapshots": [ben], "groundwork": []}),
    ]
    assert all(e["actor"].startswith("cli:") and e["at"].endswith("+00:00") for e in entries)
    assert "Ben" not in everything.stdout and "secret" not in everything.stdout
    table = run("audit", "--format", "table", url=url)
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["Entry", "When", "(UTC)", "Who", "What", "Ids"]
    assert lines[3].split()[3:] == ["retract", "snapshots", str(ada[0])]
    assert lines[4].split()[3:] == ["forget", "people", "2;", "snapshots", f"{ben}"]
    theirs = json.loads(run("audit", "--person", "ada", "--format", "json", url=url).stdout)
    assert [e["action"] for e in theirs] == ["store", "retract"]
    gone = run("audit", "--person", "Ben", url=url)
    assert gone.returncode == 1 and gone.stderr.strip() == "stagepath: there is no stored person named 'Ben'"


def audit_tables(at: AppTest) -> list[Any]:
    """The audit trail's tables on the page: the tables with a column of what kind each write was."""
    return [d.value for d in at.dataframe if "What" in d.value.columns]


def test_an_administrator_reads_the_audit_trail_on_my_assessments_and_a_member_does_not(
    shared: str, tmp_path: Path
) -> None:
    with Store(shared) as store:
        [ben] = [s.id for s in store.snapshots() if s.name == "Ben Okri"]
        store.retract(ben, "wrong person")
    at = mine("boss@example.com")
    [table] = audit_tables(at)
    assert list(table["What"]) == ["retract", "store"]  # newest first
    assert table["Ids"].iloc[0] == f"snapshots {ben}" and "wrong person" not in table.to_string()
    at.selectbox(key="mine.audit.person").select("Ada Lovelace").run()
    assert [list(t["What"]) for t in audit_tables(at)] == [["store"]]
    member = mine("ada@example.com")
    assert member.dataframe and audit_tables(member) == []  # her own table, and no audit trail
    assert "Audit trail (administrator)" not in [e.label for e in member.expander]
