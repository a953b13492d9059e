"""The database as the pages and the command line reach it: the store opened once per address, how many
writes it has had (the key of every cache of stored data), and what storage hands back and raises, named
here so that neither the pages nor the command line import planner.storage (an import contract holds the
pages to it).

Nothing here decides who may read or write what: the store does that for the viewer each use case hands it
(planner.storage.visibility). The use cases taking a store are in `records` (a person's records, corrections
and erasure), `stored` (what is stored, for a viewer), `checkins`, `actions`, `evidence`, `groundwork`,
`one_person`, `team`, `org` and `due`."""

from __future__ import annotations

from planner.formats.identity import Directory
from planner.storage import Store
from planner.storage.actions import StoredAction
from planner.storage.checkins import AGREED, DRAFT, REVIEWED, SHARED, StoredCheckIn, StoredConfirmation
from planner.storage.database import database_url, shown_url, storage_problem
from planner.storage.errors import Refused, StorageError
from planner.storage.records import AuditRow, Forgotten
from planner.storage.snapshots import StoredIds, StoredSnapshot

__all__ = [
    "AGREED",
    "DRAFT",
    "REVIEWED",
    "SHARED",
    "AuditRow",
    "Forgotten",
    "Refused",
    "StorageError",
    "Store",
    "StoredAction",
    "StoredCheckIn",
    "StoredConfirmation",
    "StoredIds",
    "StoredSnapshot",
    "changes",
    "database_url",
    "open_store",
    "shown_url",
    "storage_problem",
]


def open_store(url: str | None = None, directory: Directory | None = None) -> Store:
    """The store at `url` (STAGEPATH_DATABASE_URL when None, else the default file), its schema created or
    upgraded; `directory` finds a person the access file names by their e-mail's key. A StorageError, with
    no secret in it, when the database cannot be opened."""
    return Store(url, directory=directory)


def changes(store: Store) -> int:
    """How many writes the database has had, from any process: part of the key of every cache of stored
    data, so that what another process stored shows on the next read."""
    return store.changes()
