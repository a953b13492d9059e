"""Backups across schema revisions and round trips, on SQLite and PostgreSQL: every table is in the
document, a backup restored and backed up again is the same document apart from when it was written (the
restore's own audit entry stays in the database), a backup of an older revision restores into a newer
database and one of a newer revision is refused in one line. Through the store and `stagepath` as real
processes."""

from __future__ import annotations

import json
from pathlib import Path

from planner.framework import Framework
from planner.storage import Store
from planner.storage.backup import FIRST_REVISION, NOT_SECTIONS, SECTIONS
from planner.storage.migrate import HEAD, history
from planner.storage.schema import Base
from tests.storage import test_records, test_storage

postgres_url = test_storage.postgres_url
url = test_storage.url
run = test_storage.run
write = test_storage.write
fill = test_records.fill


def test_every_table_of_the_records_is_a_section_of_the_backup() -> None:
    listed = {s.table for s in SECTIONS}
    assert set(Base.metadata.tables) - NOT_SECTIONS == listed, "list the new table in backup.SECTIONS"
    revisions = [r.id for r in history()]
    assert all(s.since in revisions for s in SECTIONS)


def test_restored_twice_the_document_is_still_the_same(url: str, tmp_path: Path, five: Framework) -> None:
    with Store(url) as source:
        fill(source, five)
    documents = []
    for i, target in enumerate([url, f"sqlite:///{tmp_path / 'b.db'}", f"sqlite:///{tmp_path / 'c.db'}"]):
        if i:
            restored = run("restore", str(tmp_path / f"{i - 1}.json"), url=target)
            assert restored.returncode == 0, restored.stderr
        made = run("backup", str(tmp_path / f"{i}.json"), url=target)
        assert made.returncode == 0, made.stderr
        documents.append(json.loads((tmp_path / f"{i}.json").read_text()))
    assert len({json.dumps({**d, "written_at": None}, sort_keys=True) for d in documents}) == 1
    assert len({d["written_at"] for d in documents}) == 3
    # each restore is in its own database's trail, by whom and which ids
    audit = run("audit", "--format", "json", url=f"sqlite:///{tmp_path / 'c.db'}")
    assert audit.returncode == 0, audit.stderr
    last = json.loads(audit.stdout)[-1]
    assert last["action"] == "restore" and last["actor"].startswith("cli:")
    assert last["ids"]["snapshots"] == [s["id"] for s in documents[0]["snapshots"]]


def test_a_backup_of_an_older_revision_restores_with_the_tables_it_lacks_empty(
    url: str, tmp_path: Path, five: Framework
) -> None:
    with Store(f"sqlite:///{tmp_path / 'source.db'}") as source:
        fill(source, five)
        document = source.backup()
    revisions = [r.id for r in history()]
    lacking = [s.key for s in SECTIONS if revisions.index(s.since) > revisions.index(FIRST_REVISION)]
    older = {k: v for k, v in document.items() if k not in lacking} | {"schema": FIRST_REVISION}
    path = write(tmp_path, "older.json", json.dumps(older))
    restored = run("restore", path, url=url)
    assert restored.returncode == 0, restored.stderr
    with Store(url) as target:
        again = target.backup()
    assert again["schema"] == HEAD
    assert all(again[k] == [] for k in lacking)
    assert {**again, "written_at": None, "schema": None} == {
        **document,
        "written_at": None,
        "schema": None,
    }


def test_a_backup_of_a_newer_or_unknown_revision_is_refused_in_one_line(url: str, tmp_path: Path) -> None:
    for schema, why in [
        ("9999", "is a backup of schema revision '9999', which this Stagepath (revision"),
        ("0001", "is of schema revision 0001; backups begin at revision 0003"),
    ]:
        path = write(
            tmp_path,
            f"{schema}.json",
            json.dumps({"stagepath_backup": 1, "schema": schema, "written_at": "2025-01-01T00:00:00Z"}),
        )
        refused = run("restore", path, url=url)
        assert refused.returncode == 1 and "Traceback" not in refused.stderr
        assert refused.stderr.splitlines() == [f"{path}: {refused.stderr.split(': ', 1)[1].strip()}"]
        assert why in refused.stderr
    with Store(url) as target:
        assert target.people() == [] and target.audit() == []  # nothing restored


def test_a_backup_missing_a_section_of_its_revision_names_it(url: str, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "partial.json",
        json.dumps(
            {"stagepath_backup": 1, "schema": HEAD, "written_at": "2025-01-01T00:00:00Z", "people": []}
        ),
    )
    refused = run("restore", path, url=url)
    assert refused.returncode == 1 and f"{path}: audit: Field required" in refused.stderr
