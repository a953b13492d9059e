"""Storage: people, teams and frozen snapshots in a real SQLite file and in a real PostgreSQL server: the
one STAGEPATH_TEST_POSTGRES_URL names (.ci/run starts Debian's and sets STAGEPATH_REQUIRE_POSTGRES=1, under
which a missing server fails instead of skipping), else a throwaway one from the pgserver wheel (see
tests/conftest.py). `stagepath import` and `export` run as real processes."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from planner.formats.assessment import Assessment, check_against
from planner.formats.table import team_from_assessments
from planner.framework import Framework
from planner.framework.loading import load_framework
from planner.storage import Store
from planner.storage.database import database_url, default_database_path
from planner.storage.errors import StorageError
from planner.storage.migrate import HEAD
from planner.team.progress import progress
from tests.conftest import FIVE_STAGE

STAGEPATH = str(Path(sys.executable).with_name("stagepath"))


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A fresh schema in the test server for each test, as a URL whose search_path points at it."""
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_server)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(postgres_server).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'data' / 'stagepath.db'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def store(url: str) -> Iterator[Store]:
    with Store(url) as opened:
        yield opened


def person(name: str, track: str = "developer", **fields: object) -> Assessment:
    return Assessment.model_validate({"name": name, "track": track, **fields})


def ratings_of(snapshots: list[object]) -> dict[str, dict[str, int]]:
    return {s.name: s.document["ratings"] for s in snapshots}  # type: ignore[attr-defined]


# --- storing and reading ---------------------------------------------------------------------------------


def test_store_and_read_back_people_teams_and_documents(store: Store, five: Framework) -> None:
    ids = store.store(
        [
            person("ada", ratings={"prompting": 2}, evidence={"prompting": "Paired on 3 PRs"}),
            person("ben", "qa", rater="manager", assessed_on="2025-02-03", ratings={"test-design": 1}),
        ],
        five,
        team="platform",
    )
    assert len(ids) == 2 and ids[0] < ids[1]
    store.store([person("cy", ratings={"rubric": 1})], five)
    assert store.people() == ["ada", "ben", "cy"]
    assert store.teams() == ["platform"]
    assert store.people(team="platform") == ["ada", "ben"]
    ada, ben, cy = store.latest()
    assert (ada.name, ada.team, ada.track, ada.rater, ada.assessed_on) == (
        "ada",
        "platform",
        "developer",
        "self",
        None,
    )
    assert ada.document["evidence"] == {"prompting": "Paired on 3 PRs"}
    assert ada.assessment() == person(
        "ada", ratings={"prompting": 2}, evidence={"prompting": "Paired on 3 PRs"}
    )
    assert (ben.rater, ben.assessed_on, ben.as_of) == ("manager", dt.date(2025, 2, 3), dt.date(2025, 2, 3))
    assert (cy.team, ada.as_of) == (None, dt.datetime.now(dt.UTC).date())
    assert ada.framework_version == "t1" and ada.framework_digest == five.digest
    assert ada.stored_at.tzinfo is not None


def test_latest_is_the_most_recent_date_then_the_last_stored(store: Store, five: Framework) -> None:
    store.store([person("ada", assessed_on="2025-05-01", ratings={"prompting": 3})], five)
    store.store(
        [person("ada", assessed_on="2025-01-01", ratings={"prompting": 1})], five
    )  # an old file, late
    assert ratings_of(store.latest()) == {"ada": {"prompting": 3}}
    store.store([person("ada", assessed_on="2025-05-01", rater="manager", ratings={"prompting": 2})], five)
    [latest] = store.latest()
    assert latest.rater == "manager"  # same date: the one stored last
    store.store([person("ada", ratings={"prompting": 0})], five)  # undated: dated the day it is stored
    assert ratings_of(store.latest()) == {"ada": {"prompting": 0}}
    assert [s.document["ratings"]["prompting"] for s in store.history("ada")] == [1, 3, 2, 0]


def test_latest_of_a_team_is_its_members_latest(store: Store, five: Framework) -> None:
    store.store([person("ada"), person("ben")], five, team="platform")
    store.store([person("ben", ratings={"prompting": 2}), person("cy")], five, team="mobile")
    assert [s.name for s in store.latest(team="platform")] == ["ada", "ben"]
    assert ratings_of(store.latest(team="platform"))["ben"] == {"prompting": 2}  # ben's latest, from "mobile"
    assert store.people(team="mobile") == ["ben", "cy"]
    assert store.latest(team="nobody") == []


def test_a_failed_write_stores_nothing(store: Store, five: Framework, url: str) -> None:
    store.store([person("ada")], five, team="platform")
    # A real fault inside the transaction: the database itself refuses the second snapshot.
    engine = create_engine(url)
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            connection.execute(
                text(
                    "CREATE TRIGGER refuse_qa BEFORE INSERT ON snapshots WHEN NEW.track = 'qa' "
                    "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
                )
            )
        else:
            connection.execute(
                text(
                    "CREATE FUNCTION refuse_qa() RETURNS trigger AS $$ BEGIN "
                    "IF NEW.track = 'qa' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; "
                    "END $$ LANGUAGE plpgsql"
                )
            )
            connection.execute(
                text(
                    "CREATE TRIGGER refuse_qa BEFORE INSERT ON snapshots FOR EACH ROW EXECUTE FUNCTION refuse_qa()"
                )
            )
    engine.dispose()
    with pytest.raises(StorageError) as refused:  # storage's own error, the driver's first line only
        store.store(
            [person("ben"), person("cy", "qa"), person("ada", ratings={"prompting": 3})], five, team="mobile"
        )
    assert str(refused.value) == "database error: refused by the test"
    assert store.people() == ["ada"]
    assert store.teams() == ["platform"]
    assert ratings_of(store.latest()) == {"ada": {}}
    assert len(store.history("ada")) == 1


def test_history_is_never_rewritten_by_a_framework_change(url: str, roles_copy: Path) -> None:
    old = load_framework(roles_copy)
    with Store(url) as store:
        store.store([person("ada", ratings={"assisted-coding": 2, "read-code": 3})], old, team="platform")
    # The organisation renames a skill and bumps the version.
    curve = roles_copy / "curve.yaml"
    curve.write_text(curve.read_text().replace(f'version: "{old.curve.version}"', 'version: "2099.01"', 1))
    developer = roles_copy / "developer.yaml"
    developer.write_text(developer.read_text().replace("id: assisted-coding", "id: ai-assisted-coding"))
    new = load_framework(roles_copy)
    assert new.curve.version == "2099.01" and new.digest != old.digest
    with Store(url) as store:  # a new process, a new framework
        store.store([person("ada", ratings={"ai-assisted-coding": 3, "read-code": 3})], new)
        first, second = store.history("ada")
    assert (first.framework_version, first.framework_digest) == (old.curve.version, old.digest)
    assert first.document["ratings"] == {"assisted-coding": 2, "read-code": 3}
    assert (second.framework_version, second.framework_digest) == ("2099.01", new.digest)
    assert second.document["ratings"] == {"ai-assisted-coding": 3, "read-code": 3}
    # The old document is kept as it was, even though the new framework no longer knows its skill.
    assert [p.field for p in check_against(new, first.assessment())] == ["ratings.assisted-coding"]
    # Progress over the stored history reads it with today's framework: the retired skill counts no more.
    history = team_from_assessments(new, [s.assessment(dated=True) for s in (first, second)])
    [ada] = progress(new, history, target=2)
    assert [p.assessed_on for p in ada.points] == [first.as_of, second.as_of]
    assert [p.placement for p in ada.points] == [1, 1]
    assert ada.points[0].readiness < ada.points[1].readiness


def test_reopening_keeps_everything_and_the_schema_version(url: str, five: Framework) -> None:
    with Store(url) as store:
        store.store([person("ada")], five)
    with Store(url) as store:
        assert store.people() == ["ada"]
        with store.engine.connect() as connection:
            revisions = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    assert [tuple(v) for v in revisions] == [(HEAD,)]


WRITERS = 8


def test_many_writers_at_once_lose_nothing(url: str) -> None:
    # Eight processes, each storing 200 assessments one transaction at a time, into one database.
    code = (
        "import sys; from planner.framework.loading import load_framework; from planner.storage import Store; "
        "from planner.formats.assessment import Assessment; f = load_framework(sys.argv[2]); s = Store(sys.argv[1]); "
        "[s.store([Assessment(name=f'w{sys.argv[3]}-{i}', track='developer', ratings={'prompting': i % 4})], f, "
        "team='shared') for i in range(200)]; s.close()"
    )
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", code, url, str(FIVE_STAGE), str(n)], stderr=subprocess.PIPE, text=True
        )
        for n in range(WRITERS)
    ]
    errors = [w.communicate(timeout=600)[1] for w in writers]
    assert {n: e for n, e in enumerate(errors) if e or writers[n].returncode} == {}
    with Store(url) as store:
        assert len(store.people(team="shared")) == WRITERS * 200
        assert len(store.latest()) == WRITERS * 200


def test_a_new_database_being_written_elsewhere_is_waited_for_not_refused(tmp_path: Path) -> None:
    # The first connections to a new database switch it to WAL mode, which needs the file to themselves.
    # While another connection is about to write (as when two Stagepath processes start at once), SQLite
    # refuses the switch at once ("database is locked"), whatever the busy timeout, to avoid a deadlock.
    # The other writer holds its lock for half a second: Stagepath waits for it and goes on.
    path = tmp_path / "stagepath.db"
    with sqlite3.connect(path) as setup:
        setup.execute("CREATE TABLE other_tool (n INTEGER)")
    writer = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO other_tool VALUES (1)")
    release = threading.Timer(0.5, writer.execute, ["COMMIT"])
    release.start()
    try:
        with Store(f"sqlite:///{path}") as store:
            store.store([person("ada")], load_framework(FIVE_STAGE))
            assert store.people() == ["ada"]
    finally:
        release.join()
        writer.close()
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_a_writer_killed_mid_import_leaves_every_input_whole_or_absent(url: str, tmp_path: Path) -> None:
    # Twenty rosters of 150 people each; the import is killed (SIGKILL) as soon as it reports the first.
    inputs = []
    for n in range(20):
        rows = "".join(f"p{n}-{i},developer,self,{i % 4},2,2,{i % 3}\n" for i in range(150))
        inputs.append(
            write(
                tmp_path,
                f"part{n:02d}.csv",
                "name,track,rater,read-code,write-code,debug-code,prompting\n" + rows,
            )
        )
    environment = {k: v for k, v in os.environ.items() if not k.startswith("STAGEPATH_")}
    environment.update({"STAGEPATH_DATABASE_URL": url, "PYTHONUNBUFFERED": "1"})
    writer = subprocess.Popen(
        [STAGEPATH, "import", *inputs, "--roles", str(FIVE_STAGE)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
    )
    assert writer.stdout is not None
    first = writer.stdout.readline()
    writer.kill()
    writer.wait(timeout=60)
    assert first.startswith(f"{inputs[0]}: stored 150 assessment(s)"), (
        writer.stderr.read() if writer.stderr else ""
    )
    engine = create_engine(url)
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        batches = connection.execute(text("SELECT batch, count(*) FROM snapshots GROUP BY batch")).all()
        people = connection.execute(text("SELECT count(*) FROM people")).scalar()
    engine.dispose()
    assert 1 <= len(batches) < 20  # killed before the end
    assert all(count == 150 for _, count in batches)  # no input stored in part
    assert people == 150 * len(batches)


# --- SQLite specifics ------------------------------------------------------------------------------------


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout_and_foreign_keys(
    tmp_path: Path, five: Framework
) -> None:
    path = tmp_path / "new" / "folder" / "stagepath.db"
    with Store(f"sqlite:///{path}") as store:
        store.store([person("ada")], five)
        with store.engine.connect() as connection:
            pragma = {
                p: connection.exec_driver_sql(f"PRAGMA {p}").scalar()
                for p in ("journal_mode", "busy_timeout", "foreign_keys")
            }
            assert pragma == {"journal_mode": "wal", "busy_timeout": 30000, "foreign_keys": 1}
            with pytest.raises(SQLAlchemyError, match="FOREIGN KEY"):
                connection.exec_driver_sql(
                    "INSERT INTO team_members (team_id, person_id, joined_at) VALUES (42, 42, '2025-01-01')"
                )
    assert path.exists()  # created on first use, folders included
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_the_default_database_lives_in_the_users_data_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("STAGEPATH_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_database_path() == tmp_path / "data" / "stagepath" / "stagepath.db"
    assert database_url() == f"sqlite:///{tmp_path / 'data' / 'stagepath' / 'stagepath.db'}"
    monkeypatch.setenv("STAGEPATH_DATABASE_URL", "postgresql://me@db.example/stagepath")
    assert database_url() == "postgresql+psycopg://me@db.example/stagepath"


# --- the command line ------------------------------------------------------------------------------------

ROSTER = """\
name,track,rater,read-code,write-code,debug-code,prompting,verifying,test-design
ada,developer,self,3,3,3,2,2,
=HYPERLINK(\"http://evil\"),qa,manager,2,2,2,,,1
"""


def run(
    *args: str, url: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("STAGEPATH_")}
    if url is not None:
        environment["STAGEPATH_DATABASE_URL"] = url
    environment.update(env or {})
    return subprocess.run(
        [STAGEPATH, *args], capture_output=True, text=True, timeout=120, env=environment, check=False
    )


def write(tmp_path: Path, name: str, content: str) -> str:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return str(path)


def test_cli_import_then_export_as_json_and_csv(url: str, tmp_path: Path) -> None:
    roster = write(tmp_path, "team.csv", ROSTER)
    ben = write(
        tmp_path,
        "ben.yaml",
        "stagepath: 1\ntrack: developer\nassessed_on: 2025-04-01\nratings: {rubric: 2}\n",
    )
    result = run("import", roster, ben, "--team", "platform", "--roles", str(FIVE_STAGE), url=url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"{roster}: stored 2 assessment(s) in team 'platform'",
        f"{ben}: stored 1 assessment(s) in team 'platform'",
    ]
    exported = run("export", "--team", "platform", url=url)
    assert exported.returncode == 0, exported.stderr
    documents = json.loads(exported.stdout)
    assert [d["name"] for d in documents] == ['=HYPERLINK("http://evil")', "ada", "ben"]
    assert documents[2] == {
        "stagepath": 1,
        "name": "ben",
        "track": "developer",
        "rater": "self",
        "assessed_on": "2025-04-01",
        "ratings": {"rubric": 2},
        "evidence": {},
    }
    table = run("export", "--format", "csv", "--roles", str(FIVE_STAGE), url=url)
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    # One of them is dated, so the export keeps an assessed_on column (empty for the undated).
    assert lines[0].startswith(
        "name,track,rater,assessed_on,read-code,write-code,debug-code,prompting,verifying,rubric,"
    )
    assert lines[1].startswith('"\'=HYPERLINK(""http://evil"")",qa,manager,,2,2,2,')
    assert any(",2025-04-01," in line for line in lines[1:])
    # The export is a roster: it imports again, unchanged.
    again = run(
        "team", write(tmp_path, "again.csv", table.stdout), "--roles", str(FIVE_STAGE), "--target", "2"
    )
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["people"] == 3


def test_cli_an_invalid_input_stores_nothing_of_itself_and_the_valid_ones_are_stored(
    url: str, tmp_path: Path
) -> None:
    first = run("import", write(tmp_path, "first.csv", ROSTER), "--roles", str(FIVE_STAGE), url=url)
    assert first.returncode == 0, first.stderr
    before = run("export", url=url).stdout
    bad = write(tmp_path, "bad.csv", ROSTER + "cy,developer,self,9,2,2,2,2,\nada,developer,self,0,0,0,0,0,\n")
    good = write(tmp_path, "dee.json", '{"stagepath": 1, "name": "dee", "track": "qa"}')
    result = run("import", bad, good, "--roles", str(FIVE_STAGE), url=url)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{bad}: row 4, column read-code: rating 9 is off the scale; expected a whole number from 0 to 3",
        f"{bad}: nothing stored from this input; fix it and import it again",
    ]
    assert result.stdout.splitlines() == [f"{good}: stored 1 assessment(s)"]
    after = json.loads(run("export", url=url).stdout)
    # ada's good row in the bad file (all zeros) was not stored: her latest is still the first import.
    assert [d for d in after if d["name"] != "dee"] == json.loads(before)
    assert [d["name"] for d in after] == ['=HYPERLINK("http://evil")', "ada", "dee"]


def test_cli_export_of_an_unknown_team_says_which_exist(url: str, tmp_path: Path) -> None:
    run("import", write(tmp_path, "t.csv", ROSTER), "--team", "platform", "--roles", str(FIVE_STAGE), url=url)
    result = run("export", "--team", "mobile", url=url)
    assert result.returncode == 1
    assert result.stderr.strip() == "--team: no team named 'mobile'; stored teams: 'platform'"


def test_cli_uses_the_default_sqlite_file_when_no_url_is_set(tmp_path: Path) -> None:
    data = tmp_path / "xdg"
    result = run(
        "import",
        write(tmp_path, "t.csv", ROSTER),
        "--roles",
        str(FIVE_STAGE),
        env={"XDG_DATA_HOME": str(data)},
    )
    assert result.returncode == 0, result.stderr
    path = data / "stagepath" / "stagepath.db"
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT count(*) FROM snapshots").fetchone() == (2,)


def test_cli_a_database_failing_a_query_is_one_line(url: str, tmp_path: Path) -> None:
    run("import", write(tmp_path, "t.csv", ROSTER), "--roles", str(FIVE_STAGE), url=url)
    engine = create_engine(url)
    with engine.begin() as connection:
        # A column the store reads, gone: nothing on opening notices, the first query fails.
        connection.execute(text("ALTER TABLE snapshots RENAME COLUMN document TO gone"))
    engine.dispose()
    result = run("export", url=url)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("STAGEPATH_DATABASE_URL: database error: ") and "document" in line, line


def test_cli_an_unreachable_database_is_one_line_without_the_password(tmp_path: Path) -> None:
    result = run("export", url="postgresql://someone:s3cret@127.0.0.1:9/nowhere")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(
        "STAGEPATH_DATABASE_URL: cannot open the database at postgresql+psycopg://someone:***@127.0.0.1:9/nowhere: "
    )
    assert "s3cret" not in result.stderr
    result = run("export", url="not a url")
    assert result.returncode == 1 and result.stderr.strip() == (
        "STAGEPATH_DATABASE_URL: 'not a url' is not a database URL; expected e.g. "
        "sqlite:////path/to/stagepath.db or postgresql://user@host/database"
    )


# --- the PostgreSQL requirement itself --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("variables", "outcome"),
    [
        # Nothing set, as on a fresh clone: a throwaway server from the pgserver wheel runs the test.
        ({}, "2 passed"),
        ({"STAGEPATH_TEST_POSTGRES_THROWAWAY": "0"}, "1 passed, 1 skipped"),
        ({"STAGEPATH_TEST_POSTGRES_THROWAWAY": "0", "STAGEPATH_REQUIRE_POSTGRES": "1"}, "1 passed, 1 error"),
    ],
)
def test_postgres_tests_run_on_a_throwaway_server_unless_told_not_to(
    variables: dict[str, str], outcome: str
) -> None:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("STAGEPATH_")}
    environment.update(variables)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-rsf",
            "-p",
            "no:cacheprovider",
            f"{__file__}::test_reopening_keeps_everything_and_the_schema_version",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=environment,
        cwd=Path(__file__).resolve().parent.parent.parent,
        check=False,
    )
    summary = result.stdout.strip().splitlines()[-1]
    assert summary.startswith((f"{outcome} in", f"{outcome},")), result.stdout[-2000:]
    if "skipped" in outcome or "error" in outcome:
        assert (
            "STAGEPATH_TEST_POSTGRES_URL is not set and STAGEPATH_TEST_POSTGRES_THROWAWAY=0" in result.stdout
        )
