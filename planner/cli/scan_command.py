"""`stagepath scan`: read local git repositories for the framework's groundwork signals, and for the signals
that bear on each commit author's skills."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from planner.cli.output import EXIT_INVALID, EXIT_OK
from planner.cli.reading import framework_of
from planner.common.problems import InputError


def cmd_scan(args: argparse.Namespace) -> int:

    from planner.common.problems import Problem
    from planner.formats.groundwork import dump_groundwork
    from planner.scan.repository import Limits, scan_repository, suggestions, summary_lines

    framework = framework_of(args)
    limits = Limits(
        entries=args.max_files,
        files_read=args.max_files_read,
        file_bytes=args.max_file_bytes,
        commits=args.max_commits,
        seconds=args.max_seconds,
    )
    problems: list[Problem] = []
    scans = []
    for path in args.paths:  # a path that cannot be read is named, and the others are still scanned
        try:
            scans.append(scan_repository(path, framework, limits))
        except InputError as exc:
            problems.extend(exc.problems)
    if not scans:
        raise InputError(problems)
    record = suggestions(framework, scans, args.team or scans[0].label, dt.date.today())
    summary = summary_lines(scans)
    # The problems first, then the record; the summary once: in the YAML's comments, or (JSON has none)
    # on stderr.
    for problem in problems:
        print(problem, file=sys.stderr)
    if args.format == "yaml":
        sys.stdout.write(
            "# Suggested by stagepath scan: nothing here is in place until a person confirms it.\n"
            + "".join(f"# {line}\n" for line in summary)
        )
    else:
        for line in summary:
            print(line, file=sys.stderr)
    sys.stderr.flush()
    # The people's signals are the scan's own: written here, left out of the team's record when stored.
    sys.stdout.write(dump_groundwork(record, "json" if args.format == "json" else "yaml", people=True))
    return EXIT_INVALID if problems else EXIT_OK
