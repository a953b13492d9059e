"""What Stagepath writes on the machine is its owner's only: the SQLite database (0600), its write-ahead log
and index (-wal, -shm, 0600), the directory it makes for them (0700), and the framework cache (0700
directory, 0600 entries), under the usual umask of 022 that would otherwise make them readable by every
local user. With PostgreSQL, no database file is written at all. The command line runs as a real
process with its own umask and home."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from planner.framework.loading import SHIPPED_ROLES, load_framework
from planner.storage import Store
from tests.storage import test_storage

postgres_url = test_storage.postgres_url
STAGEPATH = str(Path(sys.executable).with_name("stagepath"))
ROSTER = "name,track,rater,read-code\nAda Lovelace,developer,self,2\n"


def mode(path: Path) -> str:
    return oct(stat.S_IMODE(path.stat().st_mode))


def import_as_a_user(home: Path, database_url: str | None) -> subprocess.CompletedProcess[str]:
    """`stagepath import` with umask 022, its own home (so its default data and cache directories) and,
    when given, a database URL."""
    roster = home / "roster.csv"
    roster.write_text(ROSTER)
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("STAGEPATH_", "XDG_"))}
    environment["HOME"] = str(home)
    if database_url:
        environment["STAGEPATH_DATABASE_URL"] = database_url
    return subprocess.run(
        [STAGEPATH, "import", str(roster)],
        capture_output=True,
        text=True,
        env=environment,
        preexec_fn=lambda: os.umask(0o022),
        timeout=120,
        check=False,
    )


def test_the_default_sqlite_database_its_log_and_its_directory_are_the_owners_only(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    result = import_as_a_user(home, None)
    assert result.returncode == 0, result.stderr
    folder = home / ".local" / "share" / "stagepath"
    database = folder / "stagepath.db"
    assert (mode(folder), mode(database)) == ("0o700", "0o600")
    # The write-ahead log and its index exist while a connection writes: made under umask 022 here too.
    previous = os.umask(0o022)
    try:
        with Store(f"sqlite:///{database}") as store:
            store.store([test_storage.person("Ben Okri")], load_framework(SHIPPED_ROLES))
            logs = [folder / "stagepath.db-wal", folder / "stagepath.db-shm"]
            assert [mode(p) for p in logs] == ["0o600", "0o600"]
    finally:
        os.umask(previous)
    # The framework cache the command wrote, under the same home.
    cache = home / ".cache" / "stagepath"
    entries = list(cache.iterdir())
    assert mode(cache) == "0o700" and entries and {mode(p) for p in entries} == {"0o600"}


def test_a_database_file_given_by_url_is_made_owner_only_in_a_new_directory(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    database = tmp_path / "srv" / "stagepath" / "data.db"
    result = import_as_a_user(home, f"sqlite:///{database}")
    assert result.returncode == 0, result.stderr
    assert [mode(p) for p in (tmp_path / "srv", database.parent, database)] == ["0o700", "0o700", "0o600"]


def test_a_directory_that_exists_is_left_as_it_is(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    home = tmp_path / "home"
    home.mkdir()
    result = import_as_a_user(home, f"sqlite:///{shared / 'stagepath.db'}")
    assert result.returncode == 0, result.stderr
    assert (mode(shared), mode(shared / "stagepath.db")) == ("0o755", "0o600")


@pytest.mark.postgres
def test_with_postgresql_no_database_file_is_written_and_the_cache_is_the_owners_only(
    tmp_path: Path, postgres_url: str
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    result = import_as_a_user(home, postgres_url)
    assert result.returncode == 0, result.stderr
    written = sorted(p.relative_to(home).as_posix() for p in home.rglob("*") if p.name != "roster.csv")
    cache = home / ".cache" / "stagepath"
    assert not (home / ".local").exists()
    assert written and all(w.startswith(".cache") for w in written), written
    assert mode(cache) == "0o700" and {mode(p) for p in cache.iterdir()} == {"0o600"}
    with Store(postgres_url) as store:
        assert store.people() == ["Ada Lovelace"]
