"""Dates read from any input: a real calendar day written YYYY-MM-DD, from EARLIEST to today (the server's
own day). One rule for every file, row and field that carries a date; a date outside it is refused with
the value named, never moved into range or converted through a type that cannot hold it."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

# The earliest date an assessment or a groundwork record may carry (the README states it).
EARLIEST = dt.date(2000, 1, 1)
EXPECTED = f"expected YYYY-MM-DD, from {EARLIEST.isoformat()} to today"
_WRITTEN = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def today() -> dt.date:
    """Today in the server's own time zone: the latest date an input may carry."""
    return dt.date.today()


def calendar_date(value: Any) -> dt.date:
    """A date as written in a file: a date (YAML reads one itself) or text YYYY-MM-DD naming a real day.
    Raises ValueError naming the value for anything else (a time of day, a number, 2026-02-30, 2026W01)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _WRITTEN.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a calendar date; {EXPECTED}") from None
    written = repr(value.isoformat() if isinstance(value, dt.datetime) else value)  # YAML reads a time
    shown = written if len(written) <= 40 else written[:37] + "..."
    raise ValueError(f"{shown} is not a date; {EXPECTED}")


def too_early(day: dt.date) -> str | None:
    """Why a date that may lie ahead of today (an action's due date) cannot be taken: before EARLIEST, naming
    it; None when it can."""
    if day < EARLIEST:
        return f"{day.isoformat()} is before {EARLIEST.isoformat()}; expected YYYY-MM-DD, from {EARLIEST.isoformat()} on"
    return None


def out_of_range(day: dt.date, on: dt.date | None = None) -> str | None:
    """Why a date cannot be taken (before EARLIEST or after today, or `on` when given), naming it; None
    when it can."""
    latest = on or today()
    if day < EARLIEST:
        return f"{day.isoformat()} is before {EARLIEST.isoformat()}; {EXPECTED}"
    if day > latest:
        return f"{day.isoformat()} is after today ({latest.isoformat()}); {EXPECTED}"
    return None
