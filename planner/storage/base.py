"""The store's hold on its database, shared by the snapshot and groundwork records: opening (and upgrading)
it, closing it, and the id of each name."""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Self, TypeVar

from sqlalchemy import Connection, case, func, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import aliased

from planner.common.dates import out_of_range
from planner.formats.access import Viewer
from planner.formats.identity import (
    LABEL_CLOSE,
    LABEL_OPEN,
    Directory,
    NameRefused,
    confusion,
    key,
    person_name,
    skeleton,
    team_name,
)
from planner.storage.database import WRITE, database_url, make_engine, shown_url, without_secrets
from planner.storage.errors import StorageError, reason, storage_errors
from planner.storage.migrate import upgrade
from planner.storage.schema import AuditEntry, Changes, Person, TeamRecord
from planner.storage.visibility import person_keys

T = TypeVar("T")


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


def iso(moment: dt.datetime | None) -> str | None:
    """A stored time as ISO 8601 in UTC (None stays None)."""
    return None if moment is None else aware(moment).astimezone(dt.UTC).isoformat()


def local_author() -> str:
    """Who writes when nobody is signed in (the command line, single-user mode): `cli:` and the user this
    process runs as."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no name for this process's user id
        user = "unknown"
    return f"cli:{user}"


def author(viewer: Viewer | None) -> str:
    """Who is writing: the signed-in e-mail, else the local user (see `local_author`)."""
    return viewer.email if viewer is not None else local_author()


@dataclass(frozen=True)
class Stored:
    """What every stored record carries: its id, its date, when and by whom it was stored, the framework it
    was checked against, and the whole document as it was."""

    id: int
    assessed_on: dt.date | None
    # The date that orders the records: assessed_on, else the day it was stored.
    as_of: dt.date
    stored_at: dt.datetime
    stored_by: str
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
        "stored_by": row.stored_by,
        "framework_version": row.framework_version,
        "framework_digest": row.framework_digest,
        "document": dict(row.document),
    }


def shown_name(directory: Directory) -> Any:
    """A person's name as every read gives it (a column expression of `people`): the name stored for them,
    or their name with their key (planner.formats.identity.labelled), which tells them apart and finds them
    again, when a name alone would not say who: another stored person's name looks the same (one skeleton:
    two e-mails the access file names alike, or two names stored before identities), or the access file
    gives the name to several people."""
    other = aliased(Person)
    shared: Any = Person.skeleton.in_(
        select(other.skeleton).group_by(other.skeleton).having(func.count() > 1)
    )
    given_to_several = sorted({skeleton(name) for name in directory.shared_names()})
    if given_to_several:
        shared = or_(shared, Person.skeleton.in_(given_to_several))
    return case((shared, Person.name + LABEL_OPEN + Person.key + LABEL_CLOSE), else_=Person.name).label(
        "name"
    )


def _told_apart(new_key: str, new_name: str, other_name: str) -> bool:
    """Whether a new person may share a stored (or another new) person's name: when the access file names
    them (their key is their e-mail's, not their name's), so that they are found by it and the two are
    shown with their keys (`shown_name`). A new person known only by a name another already has is not."""
    return key(new_name) == key(other_name) and new_key != key(new_name)


def _chunks(items: Sequence[T], size: int = 500) -> list[Sequence[T]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


class StoreBase:
    """An open database, its schema up to date. Use as a context manager, or call close().

    `directory`: whom the access file names, for the person keys of a write or read made without a viewer
    (the command line in a shared deployment); a viewer brings their own."""

    def __init__(self, url: str | None = None, directory: Directory | None = None) -> None:
        self.url = url or database_url()
        self.directory = directory or Directory()
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

    def _new_row(self, connection: Connection, model: Any, **values: Any) -> int:
        """Insert one row of `model` and give its id."""
        return int(connection.execute(insert(model).values(**values).returning(model.id)).scalar_one())

    def _stored_person_id(self, connection: Connection, person: str, viewer: Viewer | None) -> int | None:
        """The id of the stored person a name denotes for the viewer (by their keys), None when none is."""
        found = connection.scalar(select(Person.id).where(Person.key.in_(self.person_keys(person, viewer))))
        return None if found is None else int(found)

    def _audit(self, connection: Connection, actor: str, action: str, ids: dict[str, list[int]]) -> None:
        """Record a write in the audit trail: who, when, what kind and which ids (never what was written)."""
        connection.execute(
            insert(AuditEntry), {"at": utc_now(), "actor": actor, "action": action, "ids": ids}
        )

    def person_key(self, name: str, viewer: Viewer | None = None) -> str:
        """The stable key of the person a name denotes, for the viewer (planner.formats.access.Viewer
        .person_key) or, without one, by this store's directory. Raises NameRefused as they do."""
        return viewer.person_key(name) if viewer is not None else self.directory.person_key(name)

    def person_keys(self, name: str, viewer: Viewer | None = None) -> list[str]:
        """The keys the stored row of the person a name denotes may have (see visibility.person_keys)."""
        return person_keys(self.person_key(name, viewer), self._directory(viewer))

    def _directory(self, viewer: Viewer | None) -> Directory:
        return viewer.directory if viewer is not None else self.directory

    def _take_over(self, connection: Connection, keys: Sequence[str], directory: Directory) -> dict[str, int]:
        """People the access file names, stored under their name before it did: their rows now carry their
        stable key (the one change made to a stored person), so that renaming them there keeps their
        records. Returns the id of each key taken over."""
        taken: dict[str, int] = {}
        for person_key in keys:
            former = directory.former(person_key)
            if former is None:
                continue
            found = connection.execute(select(Person.id).where(Person.key == former)).scalar()
            if found is not None:
                connection.execute(update(Person).where(Person.id == found).values(key=person_key))
                taken[person_key] = int(found)
        return taken

    def _ids(
        self,
        connection: Connection,
        model: type[Person] | type[TeamRecord],
        names: Sequence[str],
        viewer: Viewer | None = None,
    ) -> dict[str, int]:
        """The id of each name, adding the people (or teams) that are new. A name is found by its identity:
        a team's by planner.formats.identity.key (`platform` is `Platform`), a person's by their stable key
        (`person_key`); a new team is stored as the first spelling given, a new person as the name the
        access file gives them, else the first spelling given. Raises NameRefused, before adding anything,
        for a name that breaks the naming rules or that looks like a stored name, or like another new one,
        without being the same (confusable skeletons), or that is another person's name. Keys go in sorted
        order so that concurrent writers lock rows in the same order."""
        what = "name" if model is Person else "team name"
        rule = person_name if model is Person else team_name
        directory = self._directory(viewer)

        def identity(name: str) -> str:
            return self.person_key(name, viewer) if model is Person else key(name)

        spelled: dict[str, str] = {}
        for name in names:
            normal = rule(name)
            person_key = identity(normal)
            spelled.setdefault(
                person_key, (directory.named(person_key) if model is Person else None) or normal
            )
        keys = sorted(spelled)
        ids: dict[str, int] = {}
        for chunk in _chunks(keys):
            ids.update(connection.execute(select(model.key, model.id).where(model.key.in_(chunk))).all())
        new = [k for k in keys if k not in ids]
        if new and model is Person:
            ids.update(self._take_over(connection, new, directory))
            new = [k for k in new if k not in ids]
        if new:
            by_skeleton: dict[str, list[str]] = {}
            for k in new:
                by_skeleton.setdefault(skeleton(spelled[k]), []).append(k)
            for group in by_skeleton.values():
                first = group[0]
                for k in group[1:]:
                    told_apart = _told_apart(k, spelled[k], spelled[first]) and _told_apart(
                        first, spelled[first], spelled[k]
                    )
                    if not (model is Person and told_apart):
                        raise NameRefused(
                            confusion(what, spelled[k], spelled[first]).replace("the stored", "the other")
                        )
            for chunk in _chunks(sorted(by_skeleton)):
                stored = connection.execute(
                    select(model.name, model.skeleton).where(model.skeleton.in_(chunk)).order_by(model.id)
                )
                for found_name, found_skeleton in stored:
                    for k in by_skeleton[found_skeleton]:
                        given = spelled[k]
                        if model is Person and _told_apart(k, given, found_name):
                            continue
                        if key(given) == key(found_name):
                            raise NameRefused(
                                f"the {what} {given!r} is stored already for another person; two people may "
                                "share a name only when the access file names both, so give the e-mail of the "
                                "one meant, or another name"
                            )
                        raise NameRefused(confusion(what, given, found_name))
            now = utc_now()
            connection.execute(
                self._insert(connection, model),
                [
                    {"name": spelled[k], "key": k, "skeleton": skeleton(spelled[k]), "created_at": now}
                    for k in new
                ],
            )
            for chunk in _chunks(new):
                ids.update(connection.execute(select(model.key, model.id).where(model.key.in_(chunk))).all())
        return {name: ids[identity(rule(name))] for name in names}
