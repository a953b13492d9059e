"""`stagepath db upgrade|current|history`: the schema's revisions, for the operator of a database. Every
other command (and the app) upgrades the database on start; these say where it stands and what each
revision does, and upgrade it on purpose, e.g. before starting a new version of the app on every replica."""

from __future__ import annotations

import argparse

from planner.cli.output import EXIT_OK


def cmd_db(args: argparse.Namespace) -> int:
    from planner.storage import migrate
    from planner.storage.database import database_url, shown_url, storage_problem
    from planner.storage.errors import StorageError

    try:
        with migrate.opened() as engine:
            where = shown_url(database_url())
            if args.action == "upgrade":
                before, after = migrate.upgrade(engine)
                if before == after:
                    print(f"{where}: already at revision {after.revision}, the newest")
                else:
                    print(f"{where}: upgraded from {before} to {after}")
            elif args.action == "current":
                with engine.connect() as connection:
                    now = migrate.found(connection)
                newest = "the newest" if now.revision == migrate.HEAD else f"the newest is {migrate.HEAD}"
                print(f"{where}: {now} ({newest})")
            else:
                for revision in migrate.history(engine):
                    mark = "applied" if revision.applied else "pending"
                    print(f"{revision.id} ({mark}): {revision.doc}")
    except StorageError as exc:
        raise storage_problem(exc) from None
    return EXIT_OK
