"""What the commands write and how they end: the exit codes, the output format (for people on a terminal, JSON
when piped) and the problems that left something out."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def output_format(args: argparse.Namespace, for_people: str) -> str:
    """The format to write: `--format` when given; else `for_people` (a readable summary) when standard
    output is a terminal, JSON when it is a pipe or a file, so that scripts get JSON without asking."""
    chosen: str | None = args.format
    if chosen:
        return chosen
    return for_people if sys.stdout.isatty() else "json"


def json_indent() -> int | None:
    """JSON is indented for a person at a terminal and compact for a pipe or a file (as `gh` does): a
    script has no use for the indentation, and on a large team report pydantic writes it at two to three
    times the cost of the compact form."""
    return 2 if sys.stdout.isatty() else None


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=json_indent(), ensure_ascii=False)
    sys.stdout.write("\n")


def print_model_json(model: Any) -> None:
    """A report model as JSON, through pydantic's own serialiser: many times faster than json.dump for a
    large team."""
    sys.stdout.write(model.model_dump_json(indent=json_indent()) + "\n")


def report_left_out(problems: Sequence[Any]) -> int:
    """The report covers the good rows; bad ones are named here and the exit code says something was left out."""
    for problem in problems:
        print(problem, file=sys.stderr)
    return EXIT_INVALID if problems else EXIT_OK
