"""The schema's revisions: databases made by the code of every schema version before Alembic are upgraded on
open and keep every row, on SQLite and PostgreSQL; a database newer than the code is refused with one line;
processes opening an old database at once upgrade it once; `stagepath db upgrade|current|history`.

The SQLite files under tests/data/ were made by the old code itself (tests/data/make_legacy_databases.py
checks out each version's last commit and runs its `stagepath import`). For PostgreSQL the test makes the
same database: the tables from the SQL that version's models compile to (tests/data/schema-N.postgresql.sql),
then every row of the SQLite file."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import MetaData, create_engine, func, inspect, select, text
from sqlalchemy.exc import IntegrityError

from planner.formats import identity
from planner.formats.access import parse_access
from planner.framework import Framework
from planner.storage import Store, migrate
from planner.storage.errors import StorageError
from tests.storage import test_storage

postgres_url = test_storage.postgres_url

DATA = Path(__file__).resolve().parent.parent / "data"
STAGEPATH = str(Path(sys.executable).with_name("stagepath"))
LEGACY = [1, 2]
# The tables of each version before Alembic.
TABLES = {
    1: ["people", "teams", "team_members", "snapshots", "stagepath_schema"],
    2: ["people", "teams", "team_members", "snapshots", "groundwork", "stagepath_schema"],
}


def rows(url: str, tables: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Every row of the tables, as plain values (UTC times without their zone, dates, parsed JSON)."""
    engine = create_engine(url)
    metadata = MetaData()
    metadata.reflect(engine, only=tables)
    out: dict[str, list[dict[str, Any]]] = {}
    with engine.connect() as connection:
        for name in tables:
            table = metadata.tables[name]
            found = connection.execute(select(table).order_by(*table.primary_key.columns)).mappings()
            out[name] = [{k: plain(v) for k, v in row.items()} for row in found]
    engine.dispose()
    return out


def plain(value: Any) -> Any:
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def legacy_sqlite(version: int, tmp_path: Path) -> str:
    copy = tmp_path / f"schema-{version}.db"
    shutil.copy(DATA / f"schema-{version}.db", copy)
    return f"sqlite:///{copy}"


def legacy_postgres(version: int, url: str) -> str:
    """The database version `version` made on PostgreSQL: its recorded tables, then every row of its SQLite
    file, with the id sequences where that version's own inserts would have left them."""
    source = f"sqlite:///{DATA / f'schema-{version}.db'}"
    stored = rows(source, TABLES[version])
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql((DATA / f"schema-{version}.postgresql.sql").read_text())
        metadata = MetaData()
        metadata.reflect(connection, only=TABLES[version])
        for name in metadata.sorted_tables:
            if stored[name.name]:
                connection.execute(name.insert(), stored[name.name])
            if "id" in name.columns:
                connection.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{name.name}', 'id'), (SELECT max(id) FROM {name.name}))"
                    )
                )
    engine.dispose()
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def legacy(version: int, backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if backend == "sqlite":
        return legacy_sqlite(version, tmp_path)
    return legacy_postgres(version, request.getfixturevalue("postgres_url"))


@pytest.mark.parametrize("version", LEGACY)
def test_a_database_made_by_every_earlier_version_is_upgraded_keeping_every_row(
    version: int, backend: str, tmp_path: Path, request: pytest.FixtureRequest, shipped: Framework
) -> None:
    url = legacy(version, backend, tmp_path, request)
    kept = [t for t in TABLES[version] if t != "stagepath_schema"]
    before = rows(url, kept)
    assert len(before["snapshots"]) >= 19 and len(before["people"]) >= 12  # the fixture is what it says
    with Store(url) as store:
        # read through today's code: every stored snapshot, by the names the old code stored
        assert sorted(s.id for s in store.snapshots()) == [r["id"] for r in before["snapshots"]]
        assert store.people() == sorted(r["name"] for r in before["people"])
        if version >= 2:
            assert [g.team for g in store.groundwork()] == ["Platform"]
        # and it takes new writes beside them, counted as changes
        assert store.changes() == 0
        [new] = store.store(
            [test_storage.person("Newcomer", ratings={"read-code": 2})], shipped, team="Platform"
        )
        assert new > max(r["id"] for r in before["snapshots"]) and store.changes() == 1
    after = rows(url, [*kept, "groundwork", "stagepath_schema", "alembic_version"])
    added = survived(before, after, kept)
    assert [r["name"] for r in added["people"]] == ["Newcomer"]
    assert [len(added[t]) for t in ("teams", "team_members", "snapshots")] == [0, 1, 1]
    assert after["alembic_version"] == [{"version_num": migrate.HEAD}]
    # the old version table now holds a version no Stagepath from before Alembic knows, so it refuses
    assert [r["version"] for r in after["stagepath_schema"]] == [3]


def survived(
    before: dict[str, list[dict[str, Any]]], after: dict[str, list[dict[str, Any]]], tables: list[str]
) -> dict[str, list[dict[str, Any]]]:
    """Check that every row of `before` is in `after` unchanged, in the columns it had (later revisions
    add columns), and that the columns added say what they should of rows stored before them; return the
    rows added, by table."""
    added = {}
    for table in tables:
        columns = list(before[table][0]) if before[table] else []
        old = [{c: r[c] for c in columns} for r in after[table]]
        assert [r for r in before[table] if r not in old] == [], table  # every row, unchanged
        added[table] = [r for r, o in zip(after[table], old, strict=True) if o not in before[table]]
        kept_rows = [r for r, o in zip(after[table], old, strict=True) if o in before[table]]
        if table in ("snapshots", "groundwork"):  # stored before authorship was recorded: it says so
            assert {r["stored_by"] for r in kept_rows} == {"unrecorded"}, table
        if table in ("people", "teams"):  # each name gets its identity, and no two share one
            assert [r["key"] for r in kept_rows] == [identity.key(r["name"]) for r in kept_rows], table
            assert [r["skeleton"] for r in kept_rows] == [identity.skeleton(r["name"]) for r in kept_rows]
    return added


def test_a_database_made_at_the_revision_before_records_is_upgraded_keeping_every_row(
    tmp_path: Path, shipped: Framework
) -> None:
    """tests/data/revision-0002.db was made by the code of revision 0002 (its `stagepath import` of the
    examples); today's code upgrades it across the records revision and keeps every row."""
    copy = tmp_path / "revision-0002.db"
    shutil.copy(DATA / "revision-0002.db", copy)
    url = f"sqlite:///{copy}"
    tables = ["people", "teams", "team_members", "snapshots", "groundwork", "stagepath_changes"]
    before = rows(url, [*tables, "alembic_version"])
    assert before["alembic_version"] == [{"version_num": "0002"}] and len(before["snapshots"]) == 43
    with Store(url) as store:
        assert len(store.snapshots()) == 43 and len(store.groundwork()) == 1
        assert {s.stored_by for s in store.snapshots()} == {"unrecorded"}
        [new] = store.store(
            [test_storage.person(before["people"][0]["name"].upper(), ratings={"read-code": 1})], shipped
        )
    after = rows(url, [*tables, "alembic_version", "audit"])
    added = survived(before, after, [t for t in tables if t != "stagepath_changes"])
    assert added["people"] == [] and [r["id"] for r in added["snapshots"]] == [new]  # the same person
    assert after["alembic_version"] == [{"version_num": migrate.HEAD}]
    assert [(a["action"], a["ids"]) for a in after["audit"]] == [("store", {"snapshots": [new]})]


def test_a_new_database_is_made_by_the_revisions_and_matches_the_models(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    from planner.storage.schema import Base

    url = (
        f"sqlite:///{tmp_path / 'new.db'}" if backend == "sqlite" else request.getfixturevalue("postgres_url")
    )
    Store(url).close()
    engine = create_engine(url)
    made = MetaData()
    made.reflect(engine)
    engine.dispose()
    for table in Base.metadata.sorted_tables:
        assert table.name in made.tables, table.name
        columns = made.tables[table.name].columns
        assert sorted(c.name for c in columns) == sorted(c.name for c in table.columns), table.name
        assert {c.name: c.nullable for c in columns} == {c.name: c.nullable for c in table.columns}, (
            table.name
        )
        assert {i.name for i in made.tables[table.name].indexes} >= {i.name for i in table.indexes}


def test_the_head_the_code_knows_is_the_newest_revision_and_the_revisions_form_one_line() -> None:
    directory = migrate.scripts()
    assert directory.get_heads() == [migrate.HEAD]
    history = migrate.history()
    assert [r.id for r in history] == [f"{n:04d}" for n in range(1, len(history) + 1)]
    assert [r.down for r in history] == [None, *(r.id for r in history[:-1])]
    assert all(r.doc for r in history)


def test_a_database_newer_than_the_code_is_refused_with_one_line(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = f"sqlite:///{tmp_path / 'n.db'}" if backend == "sqlite" else request.getfixturevalue("postgres_url")
    Store(url).close()
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0999'"))
    engine.dispose()
    with pytest.raises(StorageError, match=r"at revision 0999, newer than this Stagepath knows \(revision"):
        Store(url)
    for command in (["export"], ["db", "upgrade"]):
        result = cli(*command, url=url)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        [line] = result.stderr.strip().splitlines()
        assert "the database is at revision 0999, newer than this Stagepath knows" in line
        assert line.endswith("upgrade Stagepath to use it")


def test_a_legacy_database_of_an_unknown_version_is_refused(tmp_path: Path) -> None:
    url = legacy_sqlite(2, tmp_path)
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE stagepath_schema SET version = 7"))
    engine.dispose()
    with pytest.raises(
        StorageError, match=r"schema version 7 \(before migrations\), newer than this Stagepath"
    ):
        Store(url)


def test_processes_opening_an_old_database_at_once_upgrade_it_once(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = legacy(1, backend, tmp_path, request)
    code = "import sys; from planner.storage import Store; s = Store(sys.argv[1]); print(len(s.snapshots())); s.close()"
    openers = [
        subprocess.Popen(
            [sys.executable, "-c", code, url], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(4)
    ]
    outcomes = [o.communicate(timeout=300) for o in openers]
    assert [(o.returncode, out.strip(), err) for o, (out, err) in zip(openers, outcomes, strict=True)] == [
        (0, "19", "")
    ] * 4
    assert rows(url, ["alembic_version"])["alembic_version"] == [{"version_num": migrate.HEAD}]


def cli(*args: str, url: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("STAGEPATH_")}
    environment["STAGEPATH_DATABASE_URL"] = url
    return subprocess.run(
        [STAGEPATH, *args], capture_output=True, text=True, env=environment, timeout=120, check=False
    )


def test_db_current_history_and_upgrade_for_operators(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = legacy(2, backend, tmp_path, request)
    current = cli("db", "current", url=url)
    assert current.returncode == 0, current.stderr
    assert current.stdout.strip().endswith(
        f": schema version 2 (before migrations) (the newest is {migrate.HEAD})"
    )
    assert "alembic_version" not in rows_tables(url)  # looking does not upgrade
    history = cli("db", "history", url=url)
    lines = history.stdout.strip().splitlines()
    assert lines[0].startswith("0001 (pending): Baseline: the tables as they were before Alembic")
    assert len(lines) == len(migrate.history()) and all("(pending)" in line for line in lines)
    upgraded = cli("db", "upgrade", url=url)
    assert upgraded.returncode == 0, upgraded.stderr
    assert upgraded.stdout.strip().endswith(
        f": upgraded from schema version 2 (before migrations) to revision {migrate.HEAD}"
    )
    again = cli("db", "upgrade", url=url)
    assert again.stdout.strip().endswith(f": already at revision {migrate.HEAD}, the newest")
    assert cli("db", "current", url=url).stdout.strip().endswith(f": revision {migrate.HEAD} (the newest)")
    assert all("(applied)" in line for line in cli("db", "history", url=url).stdout.strip().splitlines())


def rows_tables(url: str) -> set[str]:
    engine = create_engine(url)
    metadata = MetaData()
    metadata.reflect(engine)
    engine.dispose()
    return set(metadata.tables)


def test_every_write_counts_as_a_change_seen_by_another_store(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest, shipped: Framework
) -> None:
    url = f"sqlite:///{tmp_path / 'c.db'}" if backend == "sqlite" else request.getfixturevalue("postgres_url")
    with Store(url) as one, Store(url) as other:
        assert (one.changes(), other.changes()) == (0, 0)
        one.store([test_storage.person("Ada")], shipped)
        assert other.changes() == 1
        result = cli("import", str(DATA.parent.parent / "examples" / "groundwork-sample.yaml"), url=url)
        assert result.returncode == 0, result.stderr
        assert (one.changes(), other.changes()) == (2, 2)
        # reading counts nothing
        assert [s.name for s in one.latest()] == ["Ada"] and other.groundwork() != []
        assert other.changes() == 2
    engine = create_engine(url)
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(text("snapshots"))) == 1
    engine.dispose()


def at_revision(url: str, revision: str) -> None:
    """A new database brought to an older revision, as the code of that revision would have left it."""
    from alembic import command
    from alembic.config import Config

    engine = create_engine(url)
    with engine.begin() as connection:
        config = Config()
        config.set_main_option("script_location", str(migrate.MIGRATIONS))
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()


def test_a_database_at_revision_0004_keeps_its_rows_and_references_and_then_lets_people_share_a_name(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest, five: Framework
) -> None:
    """Revision 0005 drops the UNIQUE on people's names (on SQLite by copying the table others refer to)
    and computes every skeleton again: every row and every reference survive, and foreign keys are
    enforced again afterwards."""
    url = (
        f"sqlite:///{tmp_path / 'r4.db'}" if backend == "sqlite" else request.getfixturevalue("postgres_url")
    )
    at_revision(url, "0004")
    now = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    engine = create_engine(url)
    metadata = MetaData()
    metadata.reflect(engine)
    t = metadata.tables
    with engine.begin() as connection:
        connection.execute(
            t["people"].insert(),
            [  # Ilse's skeleton as an older rule computed it
                {"id": 1, "name": "Ilse", "key": "ilse", "skeleton": "ilse", "created_at": now},
                {
                    "id": 2,
                    "name": "Ada Lovelace",
                    "key": "ada@example.com",
                    "skeleton": "",
                    "created_at": now,
                },
            ],
        )
        connection.execute(
            t["teams"].insert(),
            [{"id": 1, "name": "Platform", "key": "platform", "skeleton": "", "created_at": now}],
        )
        connection.execute(
            t["team_members"].insert(),
            [
                {"team_id": 1, "person_id": 1, "joined_at": now},
                {"team_id": 1, "person_id": 2, "joined_at": now},
            ],
        )
        connection.execute(
            t["actions"].insert(),
            [
                {
                    "id": 1,
                    "person_id": 2,
                    "skill": "prompting",
                    "text": "Pair on prompts",
                    "owner": "mo@example.com",
                    "due": dt.date(2026, 2, 1),
                    "created_by": "mo@example.com",
                    "created_at": now,
                }
            ],
        )
        if backend == "postgresql":
            for name in ("people", "teams", "actions"):
                connection.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT max(id) FROM {name}))"
                    )
                )
    engine.dispose()
    tables = ["people", "teams", "team_members", "actions"]
    before = rows(url, tables)
    with Store(url) as store:
        after = rows(url, tables)
        for table in ("team_members", "actions"):
            assert after[table] == before[table], table
        for table in ("people", "teams"):  # names, keys and ids as they were; skeletons by today's rule
            assert [{**r, "skeleton": None} for r in after[table]] == [
                {**r, "skeleton": None} for r in before[table]
            ]
            assert [r["skeleton"] for r in after[table]] == [
                identity.skeleton(r["name"]) for r in after[table]
            ]
        assert rows(url, ["alembic_version"])["alembic_version"] == [{"version_num": "0005"}]
        # the name is no longer unique, the key still is, and the indexes are there
        inspected = create_engine(url)
        found = inspect(inspected)
        assert [c["column_names"] for c in found.get_unique_constraints("people")] == []
        assert {i["name"]: i["unique"] for i in found.get_indexes("people")} == {
            "uq_people_key": True,
            "ix_people_skeleton": False,
        }
        inspected.dispose()
        # a reference to nobody is refused, as before the upgrade (foreign keys are on again)
        with pytest.raises(IntegrityError), store.engine.begin() as connection:
            connection.execute(t["team_members"].insert(), {"team_id": 1, "person_id": 99, "joined_at": now})
        # and a second Ada, of another e-mail, is a person of her own
        twins = parse_access(
            "access.yaml",
            b"members:\n  ada@example.com: Ada Lovelace\n  ada.l@example.com: Ada Lovelace\n",
        ).viewer("ada.l@example.com")
        store.store([test_storage.person("Ada Lovelace")], five, viewer=twins)
        assert len(store.people()) == 3
