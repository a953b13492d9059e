"""Storage of people, teams and assessments through SQLAlchemy 2.

By default an SQLite file in the user's data directory (on Linux `~/.local/share/stagepath/stagepath.db`,
see `default_database_path`), created on first use; `STAGEPATH_DATABASE_URL` points elsewhere, e.g.
`postgresql+psycopg://user@host/db` for a shared PostgreSQL (a plain `postgresql://` URL gets the psycopg
driver).

Every stored assessment is a frozen snapshot: the whole document as it was, with the framework version and
digest it was checked against, so a later framework change never rewrites history. Nothing here updates or
deletes a snapshot. Every write is one transaction, and counts itself in a change counter that every process
can read (`Store.changes`). The schema is created, or upgraded through its Alembic revisions, on start
(`migrate`, `migrations`). SQLite runs in WAL mode with a busy timeout and
foreign keys on, and takes its write lock at the start of a write (BEGIN IMMEDIATE) so concurrent writers
queue instead of failing.

The rooms: `database` (where the database is, the engine), `schema` (the tables), `migrate` and
`migrations` (the schema's revisions and how they run),
`errors` (StorageError, the one error raised for the database), `visibility` (what a viewer may see and
store), `base` (the open database and the ids of names), `snapshots` (people, teams and their assessments),
`groundwork` (teams' groundwork records); `Store` here is all of them in one."""

from __future__ import annotations

from planner.storage.groundwork import GroundworkRecords
from planner.storage.snapshots import Snapshots


class Store(Snapshots, GroundworkRecords):
    """People, teams, their assessments and their groundwork in one database. Use as a context manager,
    or call close()."""
