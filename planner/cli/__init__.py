"""The `stagepath` command line. Exit codes: 0 success, 1 invalid input (one line per problem on stderr),
2 usage error. Heavy libraries (pandas, SQLAlchemy) are imported only by the commands that need them.

The rooms: `parser` (every command and its arguments), `arguments` (argument types and shared options),
one module per group of commands (`framework_commands`, `person_commands`, `team_commands`,
`store_commands`, `scan_command`, `db_command`), `reading` (the framework and input files), `output` (exit codes, the
format for a terminal or a pipe)."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence

from planner.cli.output import EXIT_INVALID, EXIT_OK, EXIT_USAGE, UsageError


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; bad input is one line per problem on stderr, never a traceback.

    A command runs once and its process ends: what it makes lives until then, so the cyclic garbage
    collector's passes over it (over pydantic's and the framework's objects as they are imported, then
    every few thousand new lists and tuples of names) free almost nothing. It is paused for the command,
    imports included (docs/performance.md: `team` at 100,000 people 1.9-2.2 s instead of 2.4 s with the
    same peak memory), and given back to a program that calls `main` as it was. Reference counting still
    frees everything else as it goes."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _run(argv)
    finally:
        if was_enabled:
            gc.enable()


def _run(argv: Sequence[str] | None) -> int:
    from planner.cli.parser import build_parser
    from planner.common.problems import InputError

    given = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(given).parse_args(given)
    try:
        code: int = args.handler(args)
        return code
    except InputError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_INVALID
    except UsageError as exc:  # as argparse writes its own: the command's name, then what was wrong
        print(f"stagepath {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug, not bad input: one line, the traceback only on request
        if os.environ.get("STAGEPATH_DEBUG"):
            raise
        print(
            f"stagepath: internal error: {type(exc).__name__}: {exc} (set STAGEPATH_DEBUG=1 for details)",
            file=sys.stderr,
        )
        return EXIT_INVALID
