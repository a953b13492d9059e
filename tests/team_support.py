"""Helpers for the Team and Hiring page tests: a throwaway database, rosters written as CSV, and reading
the page's tables, charts and downloads the way a manager would."""

from __future__ import annotations

import base64
import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.app_support import charts, go, start

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "team-roster.csv"
# A name with markup, a written link, and the links GFM finds by itself (an address, an e-mail address).
HOSTILE_NAME = "<script>alert(1)</script> **x** [y](http://e.vil) www.e.vil/login eve@e.vil"


def use_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    """Point the app at a fresh SQLite file for this test only: the user's real database is never touched."""
    url = f"sqlite:///{tmp_path}/t.db"
    monkeypatch.setenv("STAGEPATH_DATABASE_URL", url)
    monkeypatch.delenv("STAGEPATH_MIN_GROUP", raising=False)
    return url


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def team_page() -> AppTest:
    at = start()
    return ok(go(at, "team"))


def with_sample() -> AppTest:
    at = team_page()
    at.button(key="team.sample").click().run()
    return ok(at)


def with_hires() -> AppTest:
    """The Team page with the sample team lowered to have something to hire for (HIRE_ROSTER) uploaded."""
    return upload(team_page(), [("team-roster.csv", HIRE_ROSTER)])


def roster(rows: Sequence[dict[str, object]], columns: Sequence[str] | None = None) -> bytes:
    """A CSV roster: name, track, rater, then the skill columns the rows use (or `columns`)."""
    skills = list(columns or dict.fromkeys(k for r in rows for k in r if k not in {"name", "track", "rater"}))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["name", "track", "rater", *skills])
    for r in rows:
        writer.writerow(
            [r.get("name", ""), r.get("track", ""), r.get("rater", ""), *(r.get(s, "") for s in skills)]
        )
    return out.getvalue().encode()


def sample_lowered(track: str, skill: str, level: int) -> bytes:
    """The sample roster with one skill rated `level` in every row of one track (the rest as shipped)."""
    rows = list(csv.DictReader(io.StringIO(SAMPLE.read_text(encoding="utf-8"))))
    assert rows and skill in rows[0], f"the sample roster has no column {skill!r}"
    for row in rows:
        if row["track"] == track:
            row[skill] = str(level)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


# The sample team with something to hire for: every developer rated 0 in merging personal agents into team
# workflows (stage 4 asks 2 of it), so nobody holds it and nobody is within one level: a hire row.
HIRE_SKILL = "team-workflow-consolidation"
HIRE_ROSTER = sample_lowered("developer", HIRE_SKILL, 0)


def upload(at: AppTest, files: Sequence[tuple[str, bytes]]) -> AppTest:
    at.file_uploader(key="team.upload").set_value(
        [(name, raw, "text/csv" if name.endswith(".csv") else "application/x-yaml") for name, raw in files]
    ).run()
    return ok(at)


def table(at: AppTest, column: str) -> pd.DataFrame:
    """The first dataframe on the page with this column."""
    found = [d.value for d in at.dataframe if column in d.value.columns]
    assert found, (
        f"no table with a {column!r} column; tables: {[list(d.value.columns) for d in at.dataframe]}"
    )
    frame: pd.DataFrame = found[0]
    return frame


def metric(at: AppTest, label: str) -> str:
    found = [str(m.value) for m in at.metric if m.label == label]
    assert found, f"no metric {label!r}; metrics: {[m.label for m in at.metric]}"
    return found[0]


def figure(at: AppTest, first_trace: str) -> dict[str, Any]:
    """The first plotly figure whose first trace is of this type ('bar', 'heatmap', 'scatter')."""
    found = [f for f in charts(at) if f["data"] and f["data"][0]["type"] == first_trace]
    assert found, f"no {first_trace} chart; charts: {[f['data'][0]['type'] for f in charts(at) if f['data']]}"
    return found[0]


def download(downloads: dict[str, Any], prefix: str) -> tuple[str, str]:
    """The one download whose file name starts with `prefix`: its name and its text."""
    names = [n for n in downloads if n.startswith(prefix)]
    assert len(names) == 1, f"downloads: {sorted(downloads)}"
    data = downloads[names[0]]()
    return names[0], data.decode() if isinstance(data, bytes) else str(data)


def row_labels(figure: dict[str, Any]) -> list[str]:
    """A heatmap's row labels as a reader sees them, top to bottom (wrapped lines joined)."""
    return [t.replace("<br>", " ") for t in figure["layout"]["yaxis"]["ticktext"]]


def values(data: Any) -> np.ndarray:
    """A plotly figure's array as numpy: plotly writes numpy arrays as typed base64 ('bdata')."""
    if isinstance(data, dict) and "bdata" in data:
        flat = np.frombuffer(base64.b64decode(data["bdata"]), dtype=np.dtype(data["dtype"]))
        shape = data.get("shape")
        return flat.reshape([int(n) for n in str(shape).split(",")]) if shape else flat
    return np.asarray(data)


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))
