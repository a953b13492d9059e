"""CSV rosters: a whole team in one spreadsheet, one row per person, read into a Team and written back.

The format: a header `name,track,rater,` then one column per skill id (an `assessed_on` column with dates
as YYYY-MM-DD, and a `team` column naming each person's team, may be added anywhere); one row per assessment; an empty cell is unrated (counts as 0); an
empty rater is `self`; track and rater ignore case. Every bad row is reported by its row number (the header
is row 1, as in a spreadsheet) and column, and left out; the good rows are kept. A problem with the file
as a whole (size, encoding, a missing or repeated column, a header column that names no skill of the
framework, a row with more cells than the header) refuses the file: a misspelt skill column would
otherwise count that skill as 0 for everyone and turn a typo into findings. Cells are separated by commas,
or by semicolons or tabs when the header is (as a spreadsheet writes CSV where the comma is the decimal
mark); lines end in LF, CR LF or a CR alone.

Cells written for a spreadsheet that begin with =, +, -, @, tab or carriage return get a single quote in
front so that no spreadsheet runs them as a formula; reading takes that quote off again."""

from __future__ import annotations

import contextlib
import csv
import io
import re
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner.common.dates import calendar_date, out_of_range, today
from planner.common.documents import decode
from planner.common.problems import InputError, Problem
from planner.formats.assessment import nearest
from planner.formats.identity import NameRefused, person_name, team_name
from planner.formats.table import Team, make_team
from planner.framework import Framework

MAX_ROSTER_BYTES = 64 * 1024 * 1024
MAX_COLUMNS = 1000
MAX_REPORTED = 100
MAX_NAME = 120
REQUIRED = ("name", "track", "rater")
DATE_COLUMN = "assessed_on"
TEAM_COLUMN = "team"
TEXT_COLUMNS = (*REQUIRED, DATE_COLUMN, TEAM_COLUMN)
RATERS = ("self", "manager", "peer", "agreed")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A cell that starts with quotes and then a formula character: writing adds one quote, reading takes one
# off, so every cell reads back exactly as it was written (a name that really starts with "'=" included).
_QUOTED_FORMULA = re.compile(r"^'(?='*[=+\-@\t\r])")
_LINE_END = re.compile(r"\r\n|\r|\n")
# The delimiters a roster may use, tried in order on its header: a spreadsheet writes semicolons where the
# comma is the decimal mark, and tabs when asked to.
DELIMITERS = (",", ";", "\t")
_PANDAS_RAGGED = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


@dataclass(frozen=True, eq=False)
class Roster:
    """What was read: the team of good rows, and one problem per bad cell (capped at MAX_REPORTED, then
    one line that counts the rest). `left_out` lists the row numbers that were not kept."""

    team: Team
    problems: tuple[Problem, ...]
    rows_read: int
    left_out: tuple[int, ...]


def _where(row: int, column: str) -> str:
    return f"row {row}, column {column}"


def _lines(text: str) -> Iterator[str]:
    """The lines of a text, each with its line ending (CR LF, LF or a CR alone, as a spreadsheet on an old
    Mac writes), one at a time, so that reading the header does not copy the whole file."""
    start = 0
    for ending in _LINE_END.finditer(text):
        yield text[start : ending.end()]
        start = ending.end()
    if start < len(text):
        yield text[start:]


def _delimiter(first: str) -> str:
    """The delimiter of a roster, from its header line: a comma, unless the header holds the required
    columns only when split at semicolons (as a spreadsheet writes CSV where the comma is the decimal mark)
    or at tabs."""
    for delimiter in DELIMITERS:
        with contextlib.suppress(csv.Error):
            cells = {cell.strip() for cell in next(csv.reader([first], delimiter=delimiter), [])}
            if all(c in cells for c in REQUIRED):
                return delimiter
    return ","


def _header(source: str, text: str) -> tuple[list[str], str]:
    """The header's column names and the delimiter that gives them."""
    delimiter = _delimiter(next(_lines(text), ""))
    try:
        first = next(csv.reader(_lines(text), delimiter=delimiter), None)
    except csv.Error as exc:
        raise InputError.single(source, f"not a valid CSV header: {exc}", field="row 1") from None
    header = [cell.strip() for cell in first or []]
    if not any(header):
        raise InputError.single(
            source, "the file is empty; expected a header row: name,track,rater, then one column per skill id"
        )
    problems: list[str] = []
    if len(header) > MAX_COLUMNS:
        problems.append(f"{len(header)} columns; expected at most {MAX_COLUMNS}")
    blank = [i + 1 for i, cell in enumerate(header) if not cell]
    if blank:
        problems.append(f"column(s) {', '.join(map(str, blank))} have no name; every column needs one")
    repeated = sorted({c for c in header if c and header.count(c) > 1})
    if repeated:
        problems.append(f"column(s) {', '.join(map(repr, repeated))} appear more than once")
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        separated = next((d for d in DELIMITERS[1:] if len(header) == 1 and d in header[0]), None)
        problems.append(
            f"missing column(s) {', '.join(map(repr, missing))}; expected name,track,rater, "
            "then one column per skill id"
            + (f" (the header is separated by {separated!r}, not commas)" if separated else "")
        )
    if problems:
        raise InputError(Problem(source, p, field="row 1") for p in problems)
    return header, delimiter


def _parse(source: str, text: str, header: list[str], delimiter: str) -> pd.DataFrame:
    """The cells as a frame: the text columns as written, the skill columns as numbers where every cell
    is one (else as text), empty skill cells as NaN."""
    data = text.encode()  # pandas reads bytes faster than text
    frame = _read_csv(source, data, header, delimiter)
    # Text columns are left to pandas to type, which is much faster than asking for text; the rare one
    # that looked like numbers or booleans throughout (names such as 007) is read again as written. A
    # column with every cell empty reads as NaN throughout and means empty text: nothing to read again.
    again = [
        c
        for c in header
        if c in TEXT_COLUMNS and not isinstance(frame[c].dtype, pd.StringDtype) and not frame[c].isna().all()
    ]
    if again:
        frame[again] = _read_csv(source, data, header, delimiter, as_text=again)
    return frame


def _read_csv(
    source: str, data: bytes, header: list[str], delimiter: str, as_text: list[str] | None = None
) -> pd.DataFrame:
    """Every column, or only the columns `as_text`, read as text."""
    try:
        with warnings.catch_warnings():
            # pandas only warns when the first row has more cells than the header, and drops the extra.
            warnings.simplefilter("error", pd.errors.ParserWarning)
            return _read(data, header, delimiter, as_text)
    except pd.errors.ParserWarning:
        raise _ragged(source, data, header, delimiter) from None
    except pd.errors.ParserError as exc:
        found = _PANDAS_RAGGED.search(str(exc))
        if found:
            expected, line, saw = found.groups()
            raise InputError.single(
                source,
                f"{saw} cells; expected at most {expected}, one per header column",
                field=f"row {line}",
            ) from None
        raise InputError.single(source, f"not valid CSV: {exc}") from None


def _ragged(source: str, data: bytes, header: list[str], delimiter: str) -> InputError:
    """The first row with more cells than the header, named."""
    with contextlib.suppress(csv.Error, UnicodeDecodeError):
        rows = csv.reader(_lines(data.decode()), delimiter=delimiter)
        for number, row in enumerate(rows, start=1):
            if len(row) > len(header):
                return InputError.single(
                    source,
                    f"{len(row)} cells; expected at most {len(header)}, one per header column",
                    field=f"row {number}",
                )
    return InputError.single(source, f"a row has more cells than the {len(header)} header columns")


def _read(data: bytes, header: list[str], delimiter: str, as_text: list[str] | None) -> pd.DataFrame:
    return pd.read_csv(
        io.BytesIO(data),
        sep=delimiter,
        header=0,
        names=header,
        index_col=False,
        # Only an empty cell is missing (a person may be called NA), in every column: one rule for all
        # columns costs pandas less than a rule per column, and `_text` reads a missing cell as "".
        keep_default_na=False,
        na_values=[""],
        skip_blank_lines=False,
        engine="c",
        usecols=as_text,
        dtype=dict.fromkeys(as_text or (), str),
    )


def _refused_names(values: pd.Series, rule: Callable[[str], str]) -> pd.Series:
    """Why each name is refused by planner.formats.identity's rule ('' for a good, blank or too long one:
    those are problems of their own)."""

    def why(text: str) -> str:
        if not text or len(text) > MAX_NAME:
            return ""
        try:
            rule(text)
        except NameRefused as exc:
            return str(exc)
        return ""

    # Printable ASCII with something besides spaces holds nothing the rule refuses: only the other names
    # (a few in most rosters) go through it, each different one once.
    plain = values.str.fullmatch(r"[ -~]*", na=False) & values.str.contains(r"[!-~]", na=False)
    reasons = np.full(len(values), "", dtype=object)
    rest = ~plain.to_numpy()
    if rest.any():
        codes, written = pd.factorize(values[rest])
        found = np.array([why(str(text)) for text in written], dtype=object)
        reasons[rest] = found[codes]
    return pd.Series(reasons, index=values.index, dtype="str")


def _text(column: pd.Series) -> pd.Series:
    """A text column stripped, with the quote that guards a formula-like cell taken off again."""
    if not isinstance(column.dtype, pd.StringDtype):  # every cell empty, so read as missing numbers
        return pd.Series("", index=column.index, dtype="str")
    text = column.fillna("").str.strip()
    quoted = text.str.startswith("'")
    if quoted.any():  # rare: only then pay for the regular expression
        text = text.mask(quoted, text[quoted].str.replace(_QUOTED_FORMULA, "", regex=True))
    return text


class _Problems:
    """Problems found in a roster, by row and column, and the rows they make bad. `rows` holds the row
    number (header = 1) of each position in the frame, blank rows having been skipped."""

    def __init__(self, source: str, rows: np.ndarray) -> None:
        self.source = source
        self.rows = rows
        self.found: list[tuple[int, int, str, str]] = []
        self.bad = np.zeros(len(rows), dtype=bool)

    def add(self, mask: np.ndarray, column_at: int, column: str, message: str | Callable[[int], str]) -> None:
        """Report every row where `mask` is true; `message` is the text, or makes it from the position."""
        positions = np.flatnonzero(mask).tolist()
        if not positions:
            return
        self.bad[positions] = True
        for p in positions:
            text = message if isinstance(message, str) else message(p)
            self.found.append((int(self.rows[p]), column_at, column, text))

    def listed(self) -> tuple[Problem, ...]:
        self.found.sort(key=lambda f: (f[0], f[1]))
        shown = [Problem(self.source, text, field=_where(row, column)) for row, _, column, text in self.found]
        if len(shown) > MAX_REPORTED:
            rest = len(shown) - MAX_REPORTED
            shown = [
                *shown[:MAX_REPORTED],
                Problem(
                    self.source,
                    f"... and {rest} more problem(s); {int(self.bad.sum())} row(s) left out in all",
                ),
            ]
        return tuple(shown)


class _Ratings:
    """Checks the skill cells of a roster against the framework and collects the good ones."""

    def __init__(self, framework: Framework, tracks: pd.Series, problems: _Problems) -> None:
        self.framework = framework
        self.tracks = tracks
        self.problems = problems
        levels = framework.levels
        self.scale = f"expected a whole number from {min(levels)} to {max(levels)}"
        ids = [t.id for t in framework.tracks]
        # Each row's track as a position in the framework's tracks (-1 when unknown), and which skills
        # each track holds (the last row, for an unknown track, holds them all: that row is reported for
        # its track), so that checking every cell against its row's track is one array lookup.
        self.track_at = np.full(len(tracks), -1)
        for i, track in enumerate(ids):
            self.track_at[(tracks == track).to_numpy()] = i
        skills = list(framework.skill_names)
        self.holds = np.ones((len(ids) + 1, len(skills)), dtype=bool)
        for i, track in enumerate(ids):
            own = set(framework.track_skill_ids(track))
            self.holds[i] = [skill in own for skill in skills]

    def read(self, frame: pd.DataFrame, header: list[str]) -> np.ndarray:
        """The skill cells as numbers (NaN where empty or wrong), one column per framework skill."""
        skills = list(self.framework.skill_names)
        position = {skill: i for i, skill in enumerate(skills)}
        values = np.full((len(frame), len(skills)), np.nan)
        places: dict[int, tuple[int, str]] = {}  # a framework column read: its place in the header and id
        numeric: list[str] = []  # skill columns pandas read as numbers throughout: taken in one block below
        dtypes = dict(zip(header, frame.dtypes, strict=True))
        for at, column in enumerate(header):
            if column in TEXT_COLUMNS:
                continue
            if column not in position:  # refused with the header (see unknown_columns)
                continue
            places[position[column]] = (at, column)
            if pd.api.types.is_numeric_dtype(dtypes[column]):
                numeric.append(column)
            else:
                values[:, position[column]] = self._numbers(at, column, frame[column])
        if numeric:
            # One conversion of the numeric columns, written into their places, instead of one Series per
            # column (pandas' cost per column is most of the work at 10,000 people).
            values[:, [position[c] for c in numeric]] = frame[numeric].to_numpy(dtype=float)
        if places:
            self._checked(values, places)
        return values

    def _numbers(self, at: int, column: str, cells: pd.Series) -> np.ndarray:
        """A column's cells that pandas read as text, as numbers; every cell that is not a number is
        reported and left as NaN."""
        text = cells.fillna("").astype(str).str.strip()
        numbers = pd.to_numeric(text.where(text != ""), errors="coerce").to_numpy(dtype=float)
        not_number = (text != "").to_numpy() & np.isnan(numbers)
        self.problems.add(
            not_number, at, column, lambda p: f"{text.iloc[p][:20]!r} is not a rating; {self.scale}"
        )
        return numbers

    def _checked(self, values: np.ndarray, places: dict[int, tuple[int, str]]) -> None:
        """The ratings, one column per framework skill (the columns in `places` read from the file, the
        others empty), checked all at once; every rating off the scale or of a skill not on its row's track
        is reported (only the cells that fail cost a message) and set to NaN in place."""
        present = ~np.isnan(values)
        off_scale = present & ~np.isin(values, np.array(self.framework.levels, dtype=float))
        elsewhere = present & ~self.holds[self.track_at]
        for j in np.flatnonzero(off_scale.any(axis=0)).tolist():
            self._off_scale(off_scale[:, j], places[j], values[:, j])
        for j in np.flatnonzero(elsewhere.any(axis=0)).tolist():
            self._elsewhere(elsewhere[:, j], places[j])
        values[off_scale | elsewhere] = np.nan

    def _off_scale(self, mask: np.ndarray, place: tuple[int, str], numbers: np.ndarray) -> None:
        at, column = place
        self.problems.add(mask, at, column, lambda p: f"rating {numbers[p]:g} is off the scale; {self.scale}")

    def _elsewhere(self, mask: np.ndarray, place: tuple[int, str]) -> None:
        at, column = place
        self.problems.add(
            mask,
            at,
            column,
            lambda p: (
                f"skill {column!r} is not on track {self.tracks.iloc[p]!r} (it belongs to another "
                "track); leave the cell empty"
            ),
        )


def _dates(cells: pd.Series, problems: _Problems, column_at: int) -> np.ndarray:
    """The date cells as days (NaT where empty or refused): each different cell is read once, by the one
    rule for dates (planner.common.dates), and every cell that is not a date from the earliest to today
    is reported naming its value."""
    codes, written = pd.factorize(cells)
    days = np.full(len(written), np.datetime64("NaT"), dtype="datetime64[D]")
    why: list[str | None] = [None] * len(written)
    latest = today()
    for i, text in enumerate(written.tolist()):
        if not text:
            continue
        try:
            day = calendar_date(text)
        except ValueError as exc:
            why[i] = str(exc)
            continue
        why[i] = out_of_range(day, latest)
        if why[i] is None:
            days[i] = day
    refused = np.array([w is not None for w in why], dtype=bool)
    if refused.any():
        problems.add(refused[codes], column_at, DATE_COLUMN, lambda p: str(why[codes[p]]))
    return days[codes]


def unknown_columns(source: str, header: Sequence[str], framework: Framework) -> list[Problem]:
    """One problem of row 1 per header column that is neither a roster column nor a skill id of the
    framework, with the nearest known id."""
    known = list(framework.skill_names)
    ids = set(known)
    return [
        Problem(
            source,
            f"unknown skill id {column[:60]!r}{nearest(column, known)}; the roster is refused whole, since a "
            "misspelt column would count its skill as 0 for everyone (fix the header; `stagepath team "
            "--template` writes one with every skill id)",
            field=_where(1, column[:60]),
        )
        for column in header
        if column not in TEXT_COLUMNS and column not in ids
    ]


def read_roster(source: str, raw: bytes, framework: Framework, max_bytes: int = MAX_ROSTER_BYTES) -> Roster:
    """Read a CSV roster: the good rows as a Team, and every problem by row and column.

    Raises InputError when the file as a whole cannot be read (size, encoding, header, a column that names
    no skill, ragged rows)."""
    text = decode(source, raw, max_bytes)
    header, delimiter = _header(source, text)
    refused = unknown_columns(source, header, framework)
    if refused:
        raise InputError(refused)
    frame = _parse(source, text, header, delimiter)
    names, tracks = _text(frame["name"]), _text(frame["track"]).str.lower()
    raters = _text(frame["rater"]).str.lower()
    dated = DATE_COLUMN in frame
    nothing = pd.Series("", index=frame.index, dtype="str")
    dates = _text(frame[DATE_COLUMN]) if dated else nothing
    teams = _text(frame[TEAM_COLUMN]) if TEAM_COLUMN in frame else nothing
    # Empty lines and rows of empty cells carry nothing: skip them quietly, keeping every row's number.
    # Only a row without a name can be one, so the other columns are looked at only when a name is missing.
    blank = (names == "").to_numpy(copy=True)
    if blank.any():
        blank &= ((tracks == "") & (raters == "") & (dates == "") & (teams == "")).to_numpy()
    if blank.any():
        skill_cells = frame.loc[blank, [c for c in header if c not in TEXT_COLUMNS]]
        blank[blank] = skill_cells.isna().all(axis=1).to_numpy()
    keep = ~blank
    rows = np.flatnonzero(keep) + 2
    if not keep.all():
        frame = frame[keep].reset_index(drop=True)
        names, tracks, raters, dates, teams = (
            x[keep].reset_index(drop=True) for x in (names, tracks, raters, dates, teams)
        )
    problems = _Problems(source, rows)
    at = {c: i for i, c in enumerate(header)}

    problems.add(
        (names == "").to_numpy(), at["name"], "name", "name is missing; every row needs the person's name"
    )
    problems.add(
        (names.str.len() > MAX_NAME).to_numpy(),
        at["name"],
        "name",
        f"name is longer than {MAX_NAME} characters",
    )
    if TEAM_COLUMN in frame:
        problems.add(
            (teams.str.len() > MAX_NAME).to_numpy(),
            at[TEAM_COLUMN],
            TEAM_COLUMN,
            f"team is longer than {MAX_NAME} characters",
        )
    for column, values, rule in (("name", names, person_name), (TEAM_COLUMN, teams, team_name)):
        if column in frame:
            why_refused = _refused_names(values, rule)
            problems.add((why_refused != "").to_numpy(), at[column], column, why_refused.iloc.__getitem__)
    track_ids = [t.id for t in framework.tracks]
    expected_tracks = f"expected one of {', '.join(track_ids)}"
    problems.add((tracks == "").to_numpy(), at["track"], "track", f"track is missing; {expected_tracks}")
    unknown = (tracks != "") & ~tracks.isin(track_ids)
    problems.add(
        unknown.to_numpy(),
        at["track"],
        "track",
        lambda p: (
            f"unknown track {tracks.iloc[p][:40]!r}{nearest(tracks.iloc[p], track_ids)}; {expected_tracks}"
        ),
    )
    raters = raters.mask(raters == "", "self")
    problems.add(
        (~raters.isin(RATERS)).to_numpy(),
        at["rater"],
        "rater",
        lambda p: (
            f"unknown rater {raters.iloc[p][:40]!r}; expected one of {', '.join(RATERS)} (empty means self)"
        ),
    )
    when = np.full(len(dates), np.datetime64("NaT"), dtype="datetime64[D]")
    if dated:
        when = _dates(dates, problems, at[DATE_COLUMN])
    ratings = _Ratings(framework, tracks, problems).read(frame, header)

    good = ~problems.bad
    if good.all():
        team = make_team(framework, names, tracks, raters, when, ratings, teams)
    else:
        team = make_team(
            framework, names[good], tracks[good], raters[good], when[good], ratings[good], teams[good]
        )
    return Roster(
        team=team, problems=problems.listed(), rows_read=len(frame), left_out=tuple(rows[~good].tolist())
    )
