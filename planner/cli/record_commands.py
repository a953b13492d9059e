"""`stagepath retract`, `forget`, `export --person`, `audit`, `backup` and `restore`: corrections, erasure,
one person's record, the audit trail and backups of the database at STAGEPATH_DATABASE_URL. The command line
acts as an administrator (the viewer None) and signs its writes `cli:USER`; retract, forget, export --person
and audit run the use cases My assessments runs (planner.service.records)."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from planner.cli.output import EXIT_OK, EXIT_USAGE, output_format, print_json
from planner.common.problems import InputError


def open_store() -> Any:
    """The store at STAGEPATH_DATABASE_URL. In a shared deployment (STAGEPATH_ACCESS names the access file)
    a person the file names is found by their e-mail's key, as the app finds them
    (planner.formats.identity.Directory); a file that cannot be read is an InputError naming it."""
    from planner.formats.access import access_from_env
    from planner.service.database import open_store as opened

    return opened(directory=access_from_env().directory())


@contextlib.contextmanager
def _store() -> Iterator[Any]:
    """The store, with a storage failure or a refused write as the one line the command prints."""
    from planner.service.database import Refused, StorageError, storage_problem

    try:
        with open_store() as store:
            yield store
    except Refused as exc:
        raise InputError.single("stagepath", str(exc)) from None
    except StorageError as exc:
        raise storage_problem(exc) from None


def cmd_retract(args: argparse.Namespace) -> int:
    from planner.service.records import retract

    with _store() as store:
        retract(store, None, args.snapshot, args.why)
    print(f"snapshot {args.snapshot} retracted: hidden from every view, kept for the audit")
    return EXIT_OK


def cmd_forget(args: argparse.Namespace) -> int:
    from planner.service.records import forget

    if not args.yes:
        print(
            f"stagepath forget: erasing {args.name!r} and everything of theirs cannot be undone; "
            "add --yes to do it",
            file=sys.stderr,
        )
        return EXIT_USAGE
    with _store() as store:
        gone = forget(store, None, args.name)
    print(
        f"forgot {args.name!r}: {len(gone.snapshots)} snapshot(s), {gone.memberships} membership(s), "
        f"their name in {len(gone.groundwork)} groundwork record(s)"
    )
    return EXIT_OK


def export_person(name: str) -> int:
    """`stagepath export --person NAME`: everything stored about one person, as JSON."""
    from planner.service.records import person_record

    with _store() as store:
        record = person_record(store, None, name)
    print_json(record)
    return EXIT_OK


def write_owner_only(path: Path, content: str) -> None:
    """Write a file readable by its owner only (0600), whole or not at all (a temporary file renamed)."""
    folder = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def cmd_backup(args: argparse.Namespace) -> int:
    from planner.storage.backup import counts_line

    path = Path(args.file)
    if path.is_dir():
        raise InputError.single(args.file, "is a directory; expected the path of the backup file to write")
    with _store() as store:
        document = store.backup()
    try:
        write_owner_only(path, json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    except OSError as exc:
        raise InputError.single(args.file, f"cannot be written ({exc.strerror or exc})") from None
    print(f"{args.file}: backed up {counts_line(document)} (schema revision {document['schema']})")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from planner.storage.backup import parse_backup
    from planner.storage.base import local_author

    try:
        raw = Path(args.file).read_bytes()
    except OSError as exc:
        raise InputError.single(args.file, f"cannot be read ({exc.strerror or exc})") from None
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise InputError.single(
            args.file, f"is not JSON ({str(exc)[:120]}); expected a Stagepath backup"
        ) from None
    backup = parse_backup(args.file, data)
    with _store() as store:
        counts = store.restore(backup, local_author())
    shown = ", ".join(f"{v} {k}" for k, v in counts.items())
    print(f"{args.file}: restored {shown}")
    return EXIT_OK


def cmd_audit(args: argparse.Namespace) -> int:
    """`stagepath audit`: the audit trail (the command line acts as administrator), or one person's part."""
    from planner.service.records import audit
    from planner.views.audit import audit_json, audit_table

    with _store() as store:
        entries = audit(store, None, args.person)
    if output_format(args, "table") == "json":
        print_json(audit_json(entries))
        return EXIT_OK
    rows = audit_table(entries)
    if not rows:
        print("the audit trail is empty" if args.person is None else f"no entry names {args.person!r}")
        return EXIT_OK
    columns = list(rows[0])
    widths = {c: max(len(c), *(len(r[c]) for r in rows)) for c in columns}
    for line in [dict(zip(columns, columns, strict=True)), *rows]:
        print("  ".join(line[c].ljust(widths[c]) for c in columns).rstrip())
    return EXIT_OK
