"""The store's hold on its database, shared by the snapshot and groundwork records: opening (and upgrading)
it, closing it, and the id of each name."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Self

from sqlalchemy import Connection, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from planner.common.dates import out_of_range
from planner.storage.database import WRITE, database_url, make_engine, shown_url, without_secrets
from planner.storage.errors import StorageError, reason, storage_errors
from planner.storage.migrate import upgrade
from planner.storage.schema import Changes, Person, TeamRecord


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)  # SQLite gives back naive UTC


def refuse_date(what: str, day: dt.date | None) -> None:
    """Raise ValueError naming `what` and the date when it may not be stored (before the earliest date or
    after today), so that no record dated in the future can stay the latest."""
    why = out_of_range(day) if day is not None else None
    if why:
        raise ValueError(f"{what}: assessed_on: {why}")


@dataclass(frozen=True)
class Stored:
    """What every stored record carries: its id, its date, when it was stored and the framework it was
    checked against, and the whole document as it was."""

    id: int
    assessed_on: dt.date | None
    # The date that orders the records: assessed_on, else the day it was stored.
    as_of: dt.date
    stored_at: dt.datetime
    framework_version: str
    framework_digest: str
    document: dict[str, Any]


def stored_fields(row: Any) -> dict[str, Any]:
    """The fields of `Stored` as a row of a snapshot table holds them."""
    return {
        "id": row.id,
        "assessed_on": row.assessed_on,
        "as_of": row.as_of,
        "stored_at": aware(row.stored_at),
        "framework_version": row.framework_version,
        "framework_digest": row.framework_digest,
        "document": dict(row.document),
    }


def _chunks(items: Sequence[str], size: int = 500) -> list[Sequence[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


class StoreBase:
    """An open database, its schema up to date. Use as a context manager, or call close()."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or database_url()
        try:
            self.engine = make_engine(self.url)
            self._writer = self.engine.execution_options(**{WRITE: True})
            upgrade(self.engine)
        except SQLAlchemyError as exc:
            why = without_secrets(reason(exc), self.url)
            raise StorageError(f"cannot open the database at {shown_url(self.url)}: {why}") from None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    @storage_errors
    def changes(self) -> int:
        """How many writes the database has had, from any process: one cheap read, for a cache key that
        changes whenever what is stored does."""
        with self.engine.connect() as connection:
            return int(connection.scalar(select(Changes.counter).where(Changes.id == 1)) or 0)

    @contextlib.contextmanager
    def _write(self) -> Iterator[Connection]:
        """A write transaction that first counts itself in `changes` (taking, on PostgreSQL, the counter's
        row lock first, so that writers queue in one order and never deadlock)."""
        with self._writer.begin() as connection:
            connection.execute(update(Changes).where(Changes.id == 1).values(counter=Changes.counter + 1))
            yield connection

    def _insert(self, connection: Connection, table: Any) -> Any:
        """INSERT ... ON CONFLICT DO NOTHING, so that two writers adding the same name both succeed."""
        dialect = sqlite if connection.dialect.name == "sqlite" else postgresql
        return dialect.insert(table).on_conflict_do_nothing()

    def _ids(
        self, connection: Connection, model: type[Person] | type[TeamRecord], names: Sequence[str]
    ) -> dict[str, int]:
        """The id of each name, adding the names that are new. Names go in sorted order so that
        concurrent writers lock rows in the same order and never deadlock."""
        ordered = sorted(set(names))
        now = utc_now()
        if ordered:
            connection.execute(
                self._insert(connection, model), [{"name": n, "created_at": now} for n in ordered]
            )
        ids: dict[str, int] = {}
        for chunk in _chunks(ordered):
            found = connection.execute(select(model.name, model.id).where(model.name.in_(chunk)))
            ids.update((name, id_) for name, id_ in found)
        return ids
