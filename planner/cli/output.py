"""What the commands write and how they end: the exit codes, the output format (for people on a terminal, JSON
when piped) and the problems that left something out."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A value out of its range that the parser could not judge alone (a stage of the framework read
    later): exit 2 with one line naming the valid range, as argparse's own refusals do."""


def for_a_terminal(args: argparse.Namespace) -> bool:
    """Whether to write for a person reading a terminal (no --format given, standard output a terminal)."""
    return args.format is None and sys.stdout.isatty()


def write_markdown(args: argparse.Namespace, text: str) -> None:
    """A Markdown report: as written when asked for with --format or piped; on a terminal rendered by rich
    (headings, emphasis, aligned tables wrapped to the terminal's width) instead of raw `**` and `|---|`."""
    if not for_a_terminal(args):
        sys.stdout.write(text)
        return
    from rich.console import Console
    from rich.markdown import Markdown

    Console().print(Markdown(text, hyperlinks=False))


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
    """Plain data as JSON. Through json.dumps, not json.dump: only the one-shot form uses the C encoder
    (json.dump encodes in Python and writes piece by piece), which made a long list, such as `due` with
    200,000 ratings due, cost several times its reading."""
    sys.stdout.write(json.dumps(data, indent=json_indent(), ensure_ascii=False) + "\n")


def print_model_json(model: Any, spread: Mapping[str, int] | None = None) -> None:
    """A report model as JSON, through pydantic's own serialiser: many times faster than json.dump for a
    large team. In a pipe, the fields named in `spread` (long sequences) are written that many elements
    at a time (see `json_pieces`)."""
    indent = json_indent()
    if indent is not None or not spread:
        sys.stdout.write(model.model_dump_json(indent=indent) + "\n")
        return
    for piece in json_pieces(model, spread):
        sys.stdout.write(piece)
    sys.stdout.write("\n")


def json_pieces(model: Any, spread: Mapping[str, int]) -> Iterator[str]:
    """The compact JSON of a model (one with no serialiser of its own), exactly as `model_dump_json()`
    writes it, in pieces: each field in turn, and the sequences named in `spread` so many elements at a
    time. pydantic writes a whole report into one buffer, which at 100,000 people is 45 MB grown and
    copied again and again (writing it took 20 times as long as at 10,000); pieces of a few hundred
    elements keep the time in line with the size and the memory small."""
    yield "{"
    names = [name for name, field in type(model).model_fields.items() if not field.exclude]
    names += list(type(model).model_computed_fields)  # written after the fields, as pydantic writes them
    for i, name in enumerate(names):
        if i:
            yield ","
        if name not in spread:
            yield model.model_dump_json(include={name})[1:-1]  # '"name":value' of '{"name":value}'
            continue
        values = getattr(model, name)
        opening = json.dumps(name) + ":["
        elements = slice(len(opening) + 1, -2)  # of '{"name":[...]}'
        yield opening
        step = spread[name]
        for start in range(0, len(values), step):
            part = model.model_copy(update={name: values[start : start + step]})
            if start:
                yield ","
            yield part.model_dump_json(include={name})[elements]
        yield "]"
    yield "}"


def report_left_out(problems: Sequence[Any]) -> int:
    """The report covers the good rows; bad ones are named here and the exit code says something was left out."""
    for problem in problems:
        print(problem, file=sys.stderr)
    sys.stderr.flush()
    return EXIT_INVALID if problems else EXIT_OK
