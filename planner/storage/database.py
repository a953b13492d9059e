"""Where the database is and how it is opened: the URL (STAGEPATH_DATABASE_URL, else an SQLite file in the
user's data directory) and an engine for it, SQLite in WAL mode with a busy timeout and foreign keys on,
taking its write lock at the start of a write (BEGIN IMMEDIATE) so that concurrent writers queue."""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import time
from pathlib import Path
from typing import Any
from urllib.parse import unquote_plus

import platformdirs
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from planner.common.problems import InputError
from planner.storage.errors import StorageError

ENV_URL = "STAGEPATH_DATABASE_URL"
BUSY_TIMEOUT_MS = 30_000
# The execution option of a connection that writes (SQLite begins it with the write lock).
WRITE = "stagepath_write"


def default_database_path() -> Path:
    """The SQLite file used when STAGEPATH_DATABASE_URL is not set, in the user's data directory."""
    return platformdirs.user_data_path("stagepath", appauthor=False) / "stagepath.db"


def database_url() -> str:
    """STAGEPATH_DATABASE_URL when set (postgresql:// gets the psycopg driver), else the default file."""
    url = os.environ.get(ENV_URL, "").strip()
    if not url:
        return f"sqlite:///{default_database_path()}"
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url[len(plain) :]
    return url


# Query parameters that carry a secret, or name where one is: their values are never shown.
_SECRET_PARAMETERS = re.compile(r"pass|secret|token|key", re.IGNORECASE)
_USERINFO = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?P<user>[^/?#:@]*):(?P<password>[^/?#]*)@")
_PARAMETER = re.compile(r"(?P<lead>[?&;])(?P<name>[^=&#;]*)=(?P<value>[^&#;]*)")
HIDDEN = "***"


def shown_url(url: str) -> str:
    """The database URL as every message, page and log line shows it: the password of its user part and
    the value of every query parameter that carries a secret or names where one is (password,
    sslpassword, passfile, sslkey, ...) replaced by ***. It works on the text as given, so that a URL too
    broken to parse is shown masked too."""
    shown = _USERINFO.sub(lambda m: f"{m['scheme']}{m['user']}:{HIDDEN}@", url, count=1)

    def parameter(match: re.Match[str]) -> str:
        secret = _SECRET_PARAMETERS.search(unquote_plus(match["name"]))
        return f"{match['lead']}{match['name']}={HIDDEN if secret else match['value']}"

    return _PARAMETER.sub(parameter, shown)


def without_secrets(message: str, url: str) -> str:
    """A message (a driver's own words) with any secret of the URL in it replaced by ***."""
    secrets = []
    userinfo = _USERINFO.match(url)
    if userinfo and userinfo["password"]:
        secrets.append(userinfo["password"])
    secrets += [
        m["value"] for m in _PARAMETER.finditer(url) if _SECRET_PARAMETERS.search(unquote_plus(m["name"]))
    ]
    for secret in sorted({v for s in secrets for v in (s, unquote_plus(s)) if v}, key=len, reverse=True):
        message = message.replace(secret, HIDDEN)
    return message


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Take over BEGIN from the sqlite3 module (see _sqlite_begin), then make every connection wait for
    # locks, enforce foreign keys and use the write-ahead log, which lets readers run beside a writer.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    _use_wal(cursor)
    cursor.close()


def _use_wal(cursor: Any) -> None:
    # The mode is stored in the file, so only the first connection to a new database has to switch it. The
    # switch needs an exclusive lock and SQLite fails it at once with "database is locked" when another
    # connection holds the file, without waiting for the busy timeout; so wait here, within that timeout.
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    pause = 0.001
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                cursor.execute("PRAGMA journal_mode = WAL").fetchall()
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.1)


def _sqlite_begin(connection: Connection) -> None:
    # A write takes the write lock up front: a reader that later tries to write would fail at once with
    # "database is locked" when another writer got there first, however long the busy timeout.
    write = connection.get_execution_options().get(WRITE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _owner_only(path: Path) -> None:
    """Make a new SQLite file readable by its owner only (0600), in a directory of its owner only (0700)
    when Stagepath makes that too: it holds people's ratings. SQLite gives the write-ahead log and its
    index (-wal, -shm) the database file's mode. A file or directory that exists is left as it is."""
    missing = [p for p in [path.parent, *path.parent.parents] if not p.exists()]
    for directory in reversed(missing):
        with contextlib.suppress(FileExistsError):  # another process made it first
            directory.mkdir(mode=0o700)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def make_engine(url: str) -> Engine:
    """An engine for the URL, SQLite configured as the module docstring says."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise StorageError(
            f"{shown_url(url)[:80]!r} is not a database URL; expected e.g. sqlite:////path/to/stagepath.db "
            "or postgresql://user@host/database"
        ) from None
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            _owner_only(Path(database).expanduser())
        engine = create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    try:
        return create_engine(parsed, pool_pre_ping=True)
    except ImportError as exc:  # the driver is not installed
        extra = ' (pip install "stagepath[postgres]")' if parsed.get_backend_name() == "postgresql" else ""
        raise StorageError(
            f"the database driver for {parsed.drivername} ({exc.name or exc}) is not installed{extra}"
        ) from None


def storage_problem(exc: StorageError) -> InputError:
    """A storage failure as the one-line problem the command line prints."""
    return InputError.single(ENV_URL if os.environ.get(ENV_URL) else "database", str(exc))
