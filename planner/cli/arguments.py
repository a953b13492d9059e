"""The command line's argument types and shared options: each bad value a usage error saying what was expected."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from typing import Any


def person_name(text: str) -> str:
    from planner.formats.identity import NameRefused
    from planner.formats.identity import person_name as normal_person_name

    try:
        return normal_person_name(text)
    except NameRefused as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def team_name(text: str) -> str:
    from planner.formats.identity import NameRefused
    from planner.formats.identity import team_name as normal_team_name

    try:
        return normal_team_name(text)
    except NameRefused as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def whole(text: str, expected: str) -> int:
    """A whole number, or a usage error that says what was expected."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number; expected {expected}") from None


def stage(text: str) -> int:
    # The framework is read later, which checks the number against its stages and names them.
    return whole(text, "a stage number")


def days(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number; expected a number of days above 0"
        ) from None
    return value


def format_option(parser: argparse.ArgumentParser, *choices: str, for_people: str = "markdown") -> None:
    """The --format option: without it, `for_people` on a terminal and JSON when piped."""
    parser.add_argument(
        "--format",
        choices=choices,
        default=None,
        help=f"one of {', '.join(choices)} (default: {for_people} on a terminal, json when piped)",
    )


def at_least_one(text: str) -> int:
    value = whole(text, "1 or more")
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is below 1; expected 1 or more")
    return value


def date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; expected YYYY-MM-DD") from None


def today_option(
    p: argparse.ArgumentParser,
    what: str = "the day ratings are aged against, to list those due for re-rating",
) -> None:
    p.add_argument(
        "--today", type=date, default=dt.date.today(), metavar="YYYY-MM-DD", help=f"{what} (default: today)"
    )


def positive(text: str) -> int:
    value = whole(text, "0 or more")
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text} is negative; expected 0 or more")
    return value


def viewer_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--as",
        dest="viewer",
        default=None,
        metavar="EMAIL",
        help="in a shared deployment: whose teams to show (an administrator sees every team, a manager theirs)",
    )


def coverage_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--target",
        type=stage,
        default=None,
        metavar="N",
        help="target stage (default: the stage after the median placement)",
    )
    p.add_argument(
        "--min-coverage",
        type=at_least_one,
        default=2,
        metavar="K",
        help="people needed at or above expected for a skill to be covered (default 2)",
    )


def seconds(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"{text}; expected a number of seconds above 0")
    return value


# Each bound of one repository's scan: flag, default, type, what it bounds. The defaults are Limits' own (a
# test holds them together), written here so that building the parser imports nothing heavy.
SCAN_BOUNDS: tuple[tuple[str, float, Callable[[str], Any], str], ...] = (
    ("max-files", 200_000, at_least_one, "files listed per repository"),
    ("max-files-read", 2_000, at_least_one, "files whose text is searched, per repository"),
    ("max-file-bytes", 1024 * 1024, at_least_one, "a larger file is skipped"),
    ("max-commits", 20_000, at_least_one, "newest commits read, per repository"),
    ("max-seconds", 60, seconds, "seconds per repository"),
)
