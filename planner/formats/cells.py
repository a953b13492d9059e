"""CSV for spreadsheets: every cell written so that no spreadsheet runs it as a formula, and the one writer
of CSV text that every export uses (rosters, the team's coverage, the organisation's report)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

# A cell a spreadsheet would take for a formula, after any quotes a writer put in front before.
_FORMULA = re.compile(r"^'*[=+\-@\t\r]")


def neutralise(cell: object) -> str:
    """A cell as text that no spreadsheet will run: a single quote before a leading =, +, -, @, tab or CR
    (and before a cell that already starts with quotes and then one of those, so that reading it back,
    which takes one quote off, gives the cell exactly)."""
    text = "" if cell is None else str(cell)
    return "'" + text if _FORMULA.match(text) else text


def write_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """CSV text with every cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([neutralise(h) for h in header])
    writer.writerows([neutralise(c) for c in row] for row in rows)
    return out.getvalue()
