"""Stored groundwork: dated records per team in a real SQLite file, and in a real PostgreSQL server when
STAGEPATH_TEST_POSTGRES_URL names one; the same access rules as assessments; `stagepath import` and
`export` of records as real processes (older databases are upgraded in test_storage_migrations)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from planner.formats.access import AccessDenied, Viewer
from planner.formats.groundwork import GroundworkRecord
from planner.framework import Framework
from planner.storage import Store
from tests.storage import test_storage

# The storage tests' fixtures: a fresh SQLite file, and a fresh schema in the test PostgreSQL server.
postgres_url, url, store, person = (
    test_storage.postgres_url,
    test_storage.url,
    test_storage.store,
    test_storage.person,
)

STAGEPATH = str(Path(sys.executable).with_name("stagepath"))
ROOT = Path(__file__).resolve().parent.parent.parent
SAMPLE = ROOT / "examples" / "groundwork-sample.yaml"

MARIA = Viewer("maria@example.com", "Maria", frozenset({"platform"}))
OMAR = Viewer("omar@example.com", "Omar", frozenset({"payments"}))
ADA = Viewer("ada@example.com", "Ada")
BOSS = Viewer("boss@example.com", "Boss", administrator=True)


def record(team: str, on: str | None = None, **states: bool) -> GroundworkRecord:
    return GroundworkRecord.model_validate(
        {
            "team": team,
            "assessed_on": on,
            "capabilities": {k.replace("_", "-"): v for k, v in states.items()},
        }
    )


def test_records_are_dated_snapshots_per_team_and_the_latest_wins(store: Store, shipped: Framework) -> None:
    store.store_groundwork(record("platform", "2026-11-01", workflow_protection_gates=False), shipped)
    store.store_groundwork(record("platform", "2026-11-20", workflow_protection_gates=True), shipped)
    store.store_groundwork(record("platform", "2026-10-01", workflow_protection_gates=False), shipped)
    store.store_groundwork(record("payments", None, workflow_output_scoring=True), shipped)

    history = store.groundwork("platform")
    assert [g.assessed_on for g in history] == [
        dt.date(2026, 10, 1),
        dt.date(2026, 11, 1),
        dt.date(2026, 11, 20),
    ]
    latest = store.latest_groundwork("platform")
    assert latest is not None and latest.record().in_place("workflow-protection-gates")
    assert latest.framework_digest == shipped.digest and latest.team == "platform"
    undated = store.latest_groundwork("payments")
    assert undated is not None and undated.assessed_on is None and undated.as_of == dt.date.today()
    assert store.latest_groundwork("nobody") is None
    assert store.teams() == ["payments", "platform"]


def test_a_stored_record_reads_back_equal_with_its_evidence(store: Store, shipped: Framework) -> None:
    written = GroundworkRecord.model_validate(
        {
            "team": "platform",
            "assessed_on": "2026-11-20",
            "capabilities": {
                "workflow-protection-gates": {"in_place": True, "evidence": "gates run on every merge ✓"},
                "workflow-output-scoring": {"in_place": False, "evidence": "ci/score.yml", "suggested": True},
            },
        }
    )
    store.store_groundwork(written, shipped)
    latest = store.latest_groundwork("platform")
    assert latest is not None and latest.record() == written


def test_a_manager_reads_and_writes_only_their_own_teams_records(store: Store, shipped: Framework) -> None:
    store.store_groundwork(record("platform", "2026-11-01", workflow_protection_gates=True), shipped, MARIA)
    store.store_groundwork(record("payments", "2026-11-02", workflow_output_scoring=True), shipped, OMAR)

    assert [g.team for g in store.groundwork(viewer=MARIA)] == ["platform"]
    assert store.latest_groundwork("payments", MARIA) is None
    assert [g.team for g in store.groundwork(viewer=OMAR)] == ["payments"]
    assert store.groundwork(viewer=ADA) == []  # a member who manages no team reads no team's record
    assert [g.team for g in store.groundwork(viewer=BOSS)] == ["payments", "platform"]

    with pytest.raises(AccessDenied, match="does not manage team 'payments'"):
        store.store_groundwork(
            record("payments", "2026-12-01", workflow_output_scoring=False), shipped, MARIA
        )
    with pytest.raises(AccessDenied, match="does not manage team 'platform'"):
        store.store_groundwork(record("platform", "2026-12-01"), shipped, ADA)
    # nothing of the refused writes was stored: each team still has only its own one record
    assert [(g.team, g.assessed_on) for g in store.groundwork()] == [
        ("payments", dt.date(2026, 11, 2)),
        ("platform", dt.date(2026, 11, 1)),
    ]
    # an administrator writes any team's
    store.store_groundwork(record("payments", "2026-12-01"), shipped, BOSS)
    assert len(store.groundwork("payments")) == 2


# --- the command line -------------------------------------------------------------------------------------


def run(*args: str, database: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [STAGEPATH, *args],
        capture_output=True,
        text=True,
        env={"STAGEPATH_DATABASE_URL": database, "PATH": "/usr/bin:/bin"},
        cwd=cwd,
        check=False,
    )


def test_import_stores_a_groundwork_record_and_export_gives_it_back(url: str) -> None:
    imported = run("import", str(SAMPLE), database=url)
    assert imported.returncode == 0, imported.stderr
    assert "stored the groundwork of team 'Platform'" in imported.stdout
    exported = run("export", "--groundwork", database=url)
    assert exported.returncode == 0, exported.stderr
    [document] = json.loads(exported.stdout)
    sample = SAMPLE.read_text()
    assert document["kind"] == "groundwork" and document["team"] == "Platform"
    assert document["capabilities"]["workflow-protection-gates"]["in_place"] is True
    assert "workflow-protection-gates" in sample
    again = run("export", "--groundwork", "--team", "Platform", "--format", "yaml", database=url)
    assert again.returncode == 0 and again.stdout.startswith(
        "stagepath: 1\nkind: groundwork\nteam: Platform\n"
    )


def test_a_bad_record_stores_nothing_and_names_file_and_line(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'db.sqlite'}"
    bad = tmp_path / "bad.yaml"
    bad.write_text(SAMPLE.read_text().replace("workflow-output-scoring:", "workflow-output-scorng:", 1))
    result = run("import", str(bad), database=database)
    assert result.returncode == 1
    line = next(n for n, t in enumerate(bad.read_text().splitlines(), 1) if "workflow-output-scorng" in t)
    assert f"{bad}:{line}: capabilities.workflow-output-scorng: unknown capability id" in result.stderr
    assert "(did you mean 'workflow-output-scoring'?)" in result.stderr
    assert "nothing stored from this input" in result.stderr
    assert json.loads(run("export", "--groundwork", database=database).stdout) == []


def test_import_with_a_team_that_is_not_the_records_is_refused(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'db.sqlite'}"
    result = run("import", str(SAMPLE), "--team", "Payments", database=database)
    assert result.returncode == 1
    assert "team: the record is the groundwork of team 'Platform', not of --team 'Payments'" in result.stderr
