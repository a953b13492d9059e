"""`stagepath import` and `stagepath export`: assessments, rosters and groundwork records into the database
as new snapshots, and the latest of them out again."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from planner.cli.output import EXIT_OK, EXIT_USAGE, output_format, print_json
from planner.cli.reading import framework_of, read_file
from planner.common.problems import InputError

if TYPE_CHECKING:  # the types only: the command line imports each module when it needs it
    from planner.formats.groundwork import GroundworkRecord
    from planner.framework import Framework
    from planner.service.database import Store


def _groundwork_in(path: str, raw: bytes, framework: Framework) -> GroundworkRecord | None:
    """The groundwork record an input is (a YAML or JSON document of kind groundwork), else None."""
    from planner.common.documents import MAX_BYTES, parse
    from planner.formats.groundwork import KIND, parse_groundwork
    from planner.formats.inputs import is_roster

    if is_roster(path):
        return None
    doc = parse(path, raw, MAX_BYTES)
    return (
        parse_groundwork(doc, framework)
        if isinstance(doc.data, dict) and doc.data.get("kind") == KIND
        else None
    )


def _store_groundwork(
    store: Store, framework: Framework, record: GroundworkRecord, path: str, team: str | None
) -> None:
    """Store a groundwork record under the team it names, which --team, when given, must agree with."""
    if team is not None and team != record.team:
        raise InputError.single(
            path, f"the record is the groundwork of team {record.team!r}, not of --team {team!r}", "team"
        )
    from planner.service.groundwork import save_groundwork

    save_groundwork(framework, store, record, None)
    people = len(record.people)
    # A scan's signals for people are each person's to accept or drop, never part of the team's record.
    left = (
        f"; not stored: the scan's suggestions for {people} {'person' if people == 1 else 'people'}"
        if people
        else ""
    )
    print(f"{path}: stored the groundwork of team {record.team!r}{left}")


def _stored_line(path: str, ids: Any, team: str | None) -> str:
    """What an import stored of one input, and what it did not store again."""
    where = f" in team {team!r}" if team else ""
    if not ids and ids.already:
        return f"{path}: nothing stored: its {ids.already} assessment(s) are stored already (same person, date, rater and ratings)"
    again = (
        f"; {ids.already} already stored (same person, date, rater and ratings), not stored again"
        if ids.already
        else ""
    )
    return f"{path}: stored {len(ids)} assessment(s){where}{again}"


def cmd_import(args: argparse.Namespace) -> int:
    from planner.cli.record_commands import open_store
    from planner.common.problems import Problem
    from planner.formats.access import AccessDenied
    from planner.formats.inputs import input_cap, read_assessments
    from planner.service.database import StorageError, storage_problem
    from planner.service.records import save_assessments

    framework = framework_of(args)
    problems: list[Problem] = []
    try:
        with open_store() as store:
            for path in args.inputs:
                try:
                    raw = read_file(path, input_cap(path))
                    record = _groundwork_in(path, raw, framework)
                    if record is not None:
                        _store_groundwork(store, framework, record, path, args.team)
                        continue
                    assessments = read_assessments(path, raw, framework)
                    ids = save_assessments(store, None, framework, assessments, team=args.team)
                except (
                    ValueError,
                    AccessDenied,
                ) as exc:  # a name or a date refused, or a name that looks like a stored one
                    problems += [
                        Problem(path, str(exc)),
                        Problem(path, "nothing stored from this input; fix it and import it again"),
                    ]
                    continue
                except InputError as exc:
                    problems += [
                        *exc.problems,
                        Problem(path, "nothing stored from this input; fix it and import it again"),
                    ]
                    continue
                print(_stored_line(path, ids, args.team))
    except StorageError as exc:
        raise InputError([*problems, *storage_problem(exc).problems]) from None
    if problems:
        raise InputError(problems)
    return EXIT_OK


def _export_groundwork(args: argparse.Namespace, store: Store) -> int:
    """The latest groundwork record of each stored team (or of --team): a JSON list, or one YAML record."""
    from planner.formats.groundwork import dump_groundwork, groundwork_document

    if args.format == "csv":
        print(
            "stagepath export: --format csv is for assessments; groundwork is json or yaml", file=sys.stderr
        )
        return EXIT_USAGE
    if args.format == "yaml" and args.team is None:
        print("stagepath export: --format yaml writes one record; give --team NAME", file=sys.stderr)
        return EXIT_USAGE
    teams = [args.team] if args.team is not None else store.teams()
    latest = [g for g in (store.latest_groundwork(t) for t in teams) if g is not None]
    if args.format == "yaml":
        if not latest:
            raise InputError.single("--team", f"team {args.team!r} has no stored groundwork record")
        sys.stdout.write(dump_groundwork(latest[0].record(), "yaml"))
    else:
        print_json([groundwork_document(g.record()) for g in latest])
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from planner.formats.identity import key
    from planner.service.database import StorageError, open_store, storage_problem
    from planner.service.stored import team_snapshots

    if args.person is not None:
        from planner.cli.record_commands import export_person

        if args.team is not None or args.groundwork or args.format not in (None, "json"):
            print(
                "stagepath export: --person writes one person's whole record as JSON, alone", file=sys.stderr
            )
            return EXIT_USAGE
        return export_person(args.person)
    try:
        with open_store() as store:
            if args.team is not None and key(args.team) not in {key(t) for t in store.teams()}:
                known = ", ".join(repr(t) for t in store.teams()) or "none yet"
                raise InputError.single("--team", f"no team named {args.team!r}; stored teams: {known}")
            if args.groundwork:
                return _export_groundwork(args, store)
            if args.format == "yaml":
                print(
                    "stagepath export: --format yaml is for groundwork; assessments are csv or json",
                    file=sys.stderr,
                )
                return EXIT_USAGE
            snapshots = team_snapshots(store, None, args.team, with_history=False)
    except StorageError as exc:
        raise storage_problem(exc) from None
    if output_format(args, "csv") == "csv":
        from planner.formats.roster_writing import roster_csv

        sys.stdout.write(roster_csv(framework_of(args), [s.assessment() for s in snapshots]))
    else:
        print_json([s.document for s in snapshots])
    return EXIT_OK
