"""Storage of people, teams and assessments through SQLAlchemy 2.

By default an SQLite file in the user's data directory (on Linux `~/.local/share/stagepath/stagepath.db`,
see `default_database_path`), created on first use; `STAGEPATH_DATABASE_URL` points elsewhere, e.g.
`postgresql+psycopg://user@host/db` for a shared PostgreSQL (a plain `postgresql://` URL gets the psycopg
driver).

Every stored assessment is a frozen snapshot: the whole document as it was, with the framework version and
digest it was checked against, so a later framework change never rewrites history. Nothing here updates or
deletes a snapshot (but see below). Every write is one transaction, and counts itself in a change counter that every process
can read (`Store.changes`). The schema is created, or upgraded through its Alembic revisions, on start
(`migrate`, `migrations`). SQLite runs in WAL mode with a busy timeout and
foreign keys on, and takes its write lock at the start of a write (BEGIN IMMEDIATE) so concurrent writers
queue instead of failing.

The rooms: `database` (where the database is, the engine), `schema` (the tables), `migrate` and
`migrations` (the schema's revisions and how they run),
`errors` (StorageError, the one error raised for the database), `visibility` (what a viewer may see and
store), `base` (the open database, the ids of names as identities, the audit trail's writer), `snapshots`
(people, teams and their assessments), `checkins` (check-ins and confirmations, on the snapshots they
carry), `evidence` (people's decisions on evidence a scan suggested), `actions` (actions with owners and
due dates, ticked off), `groundwork` (teams' groundwork records), `records` (retractions,
erasure, one person's whole record, the audit trail), `backup` (the whole database out and into an empty
one); `Store` here is all of them in one.

Nothing updates or deletes a snapshot but erasure (`Store.forget`), which the right to erasure requires;
a retraction is a row of its own."""

from __future__ import annotations

from planner.storage.actions import Actions
from planner.storage.backup import Backups
from planner.storage.checkins import CheckIns
from planner.storage.evidence import EvidenceDecisions
from planner.storage.groundwork import GroundworkRecords
from planner.storage.records import Records


class Store(CheckIns, Actions, EvidenceDecisions, GroundworkRecords, Records, Backups):
    """People, teams, their assessments and their groundwork in one database. Use as a context manager,
    or call close()."""
