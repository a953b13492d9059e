"""Stagepath's benchmarks: every row a ratio of two medians measured side by side in one run, since the
machines are shared and noisy. Run from the project's root:

    python3 dev.py bench            # the full set; writes bench/results/latest.json
    python3 dev.py bench --quick    # a smoke run with few repetitions (CI runs this)

Rows: page reruns (AppTest) against a one-line script; the command line against bare Python importing the
same libraries; the team engine on generated rosters against reading the same CSV with pandas; the
browser round trip and first render against bare apps; the app's peak memory with a large roster; `stagepath
scan` on a generated repository against `git log` over the same history.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import logging
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bench.browser import (
    FIRST_RENDER_SCRIPT,
    QUIET_MS,
    SETTLE_SCRIPT,
    SWITCH_SCRIPT,
    menu_pages,
    write_bare_multipage,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page
    from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
EXAMPLE = ROOT / "examples" / "developer-2026-09.yaml"
PYTHON = sys.executable
STAGEPATH = str(Path(PYTHON).with_name("stagepath"))


@dataclass
class Row:
    """One measurement: ours against a baseline measured in the same run."""

    name: str
    ours: float
    base: float
    unit: str
    goal: float | None
    runs: int
    detail: str = ""
    ratio: float = field(init=False)

    def __post_init__(self) -> None:
        self.ratio = self.ours / self.base if self.base else float("inf")

    @property
    def verdict(self) -> str:
        if self.goal is None:
            return "info"
        return "met" if self.ratio <= self.goal else f"missed by {self.ratio / self.goal - 1:.0%}"


def side_by_side(
    ours: Callable[[], None], base: Callable[[], None], runs: int, warmup: int = 2
) -> tuple[float, float]:
    """Medians of `runs` timings of each, interleaved so that both see the same machine."""
    for _ in range(warmup):
        ours()
        base()
    a: list[float] = []
    b: list[float] = []
    for _ in range(runs):
        start = time.perf_counter()
        ours()
        a.append(time.perf_counter() - start)
        start = time.perf_counter()
        base()
        b.append(time.perf_counter() - start)
    return statistics.median(a), statistics.median(b)


# --- command line ---------------------------------------------------------------------------------------


def bench_cli(runs: int) -> list[Row]:
    def ours() -> None:
        subprocess.run(
            [STAGEPATH, "assess", str(EXAMPLE), "--format", "json"], check=True, capture_output=True
        )

    def base() -> None:
        subprocess.run([PYTHON, "-c", "import pydantic, yaml"], check=True, capture_output=True)

    a, b = side_by_side(ours, base, runs)
    return [
        Row(
            "cli: stagepath assess FILE --format json",
            a,
            b,
            "s",
            1.5,
            runs,
            "vs python -c 'import pydantic, yaml'",
        )
    ]


# --- team scale -----------------------------------------------------------------------------------------


MANAGER_TEAMS, MANAGER_PEOPLE = 100, 1_000  # the organisation a manager's pages are measured with


def write_roster(path: Path, people: int, seed: int = 7, teams: int = 0, dated: bool = False) -> None:
    """A roster of `people` with plausible ratings: each person strong up to a random stage, weaker above;
    with `teams`, a team column spreading them over that many teams at random; `dated`, an assessed_on
    column spread evenly over the last two years (so that about half the ratings are due for re-rating)."""
    import numpy as np
    import pandas as pd

    from planner.framework.loading import load_framework

    framework = load_framework()
    rng = np.random.default_rng(seed)
    columns: dict[str, object] = {
        "name": [f"Person {i:06d}" for i in range(people)],
        "rater": rng.choice(["self", "manager"], size=people, p=[0.7, 0.3]),
    }
    tracks = rng.choice([t.id for t in framework.tracks], size=people)
    columns["track"] = tracks
    reach = rng.integers(1, framework.ceiling + 1, size=people)
    for skill_id in framework.curve.floor.skills:
        columns[skill_id.id] = rng.integers(1, 5, size=people)
    for track in framework.tracks:
        for stage in track.stages:
            for skill in stage.skills:
                strong = reach >= stage.number
                value = np.where(
                    strong,
                    rng.integers(skill.level_at(framework.last_stage), 5, size=people),
                    rng.integers(0, 3, size=people),
                )
                columns[skill.id] = np.where(tracks == track.id, value, -1)
    frame = pd.DataFrame(columns)
    # A person is rated only on their own track: other tracks' cells stay empty.
    skill_columns = [c for c in frame.columns if c not in {"name", "track", "rater", "team"}]
    frame[skill_columns] = frame[skill_columns].astype("Int64").mask(frame[skill_columns] < 0)
    text_columns = ["name", "track", "rater"]
    if teams:
        frame["team"] = [f"Team {t:04d}" for t in rng.integers(0, teams, size=people)]
        text_columns.append("team")
    if dated:
        today = dt.date.today()
        frame["assessed_on"] = [
            (today - dt.timedelta(days=int(d))).isoformat() for d in rng.integers(0, 730, size=people)
        ]
        text_columns.append("assessed_on")
    frame[[*text_columns, *skill_columns]].to_csv(path, index=False)


def settle_allocator() -> None:
    """Allocate and free one block just under glibc's largest mmap threshold (32 MB), which raises the
    threshold to it for the rest of the process. Until then the threshold moves with whatever large block
    was freed last, so the baseline's times in process hung on what the run before it had left behind (the
    same pandas.read_csv took 15 ms after one build of the team engine and 27 ms after another). Settled
    first, both sides run with the allocator in the same state every time."""
    block = bytearray(30 * 1024 * 1024)
    del block


def bench_team(sizes: list[int], runs: int, workdir: Path) -> list[Row]:
    import pandas as pd

    from planner.cli import main

    settle_allocator()
    rows: list[Row] = []
    medians: dict[int, float] = {}
    # The report goes where `> /dev/null` sends it: a command's output is written, not kept in memory.
    sink = io.TextIOWrapper(open(os.devnull, "wb"))  # noqa: SIM115 (open for the whole bench)
    for people in sizes:
        path = workdir / f"roster-{people}.csv"
        write_roster(path, people)

        def ours(path: Path = path) -> None:
            with contextlib.redirect_stdout(sink):
                code = main(["team", str(path), "--target", "5", "--format", "json"])
            if code != 0:
                raise RuntimeError(f"stagepath team exited {code}")

        def base(path: Path = path) -> None:
            pd.read_csv(path)

        # Fewer runs of the largest roster, whose runs take seconds each and vary least.
        repeats = runs if people < 100_000 else max(2, runs // 3)
        a, b = side_by_side(ours, base, repeats, warmup=1)
        medians[people] = a
        goal = 5.0 if people == 10_000 else None
        rows.append(
            Row(
                f"team: {people:,} people, --target 5 --format json",
                a,
                b,
                "s",
                goal,
                repeats,
                "vs pandas.read_csv of the same file",
            )
        )
    if 10_000 in medians and 100_000 in medians:
        growth = Row(
            "team: time(100,000) / time(10,000)",
            medians[100_000],
            medians[10_000],
            "s",
            11.0,
            max(2, runs // 3),
            "linear growth is 10",
        )
        rows.append(growth)
    return rows


ORG_TEAMS = 1_000


def bench_org(sizes: list[int], runs: int, workdir: Path) -> list[Row]:
    """`stagepath org` over a roster of people in 1,000 teams, as a whole process, against a process that
    reads the same roster with pandas.read_csv; and how the time grows from 10,000 to 100,000 people."""
    rows: list[Row] = []
    medians: dict[int, float] = {}
    for people in sizes:
        path = workdir / f"org-{people}.csv"
        write_roster(path, people, teams=ORG_TEAMS)

        def ours(path: Path = path) -> None:
            subprocess.run(
                [STAGEPATH, "org", str(path), "--target", "5", "--format", "json"],
                check=True,
                stdout=subprocess.DEVNULL,
            )

        def base(path: Path = path) -> None:
            subprocess.run(
                [PYTHON, "-c", f"import pandas; pandas.read_csv({str(path)!r})"],
                check=True,
                capture_output=True,
            )

        # Fewer runs of the largest roster, whose runs take seconds each and vary least.
        repeats = runs if people < 100_000 else max(2, runs // 3)
        a, b = side_by_side(ours, base, repeats, warmup=1)
        medians[people] = a
        rows.append(
            Row(
                f"org: {people:,} people in {ORG_TEAMS:,} teams, --target 5 --format json",
                a,
                b,
                "s",
                None,
                runs,
                "whole process, vs a process running pandas.read_csv of the same file",
            )
        )
    if 10_000 in medians and 100_000 in medians:
        rows.append(
            Row(
                "org: time(100,000) / time(10,000)",
                medians[100_000],
                medians[10_000],
                "s",
                None,
                runs,
                "whole process; linear growth of the work is 10, the start-up is paid once",
            )
        )
    return rows


def bench_org_page(runs: int, people: int = 100_000) -> Row:
    """The Organisation page's rerun with a generated roster of `people` in 1,000 teams uploaded."""
    from streamlit.testing.v1 import AppTest

    from planner.ui import main as shell

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"org-{people}.csv"
        write_roster(path, people, teams=ORG_TEAMS)
        raw = path.read_bytes()
    bare = AppTest.from_string("import streamlit as st\nst.write('bare')\n", default_timeout=30)
    bare.run()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.run()
    at.switch_page(shell.page_path("org.py"))
    at.run()
    at.file_uploader(key="org.upload").set_value([(path.name, raw, "text/csv")]).run()
    if at.exception or not any(m.label == "People" and m.value == f"{people:,}" for m in at.metric):
        raise RuntimeError(f"the Organisation page did not take the roster: {at.exception}")
    a, b = side_by_side(at.run, bare.run, runs, warmup=3)
    return Row(
        f"page rerun: Organisation with {people:,} people in {ORG_TEAMS:,} teams loaded",
        a,
        b,
        "s",
        None,
        runs,
        "a rerun with the roster uploaded and the report shown, vs a one-line script",
    )


def store_organisation(
    url: str, teams: int = MANAGER_TEAMS, people: int = MANAGER_PEOPLE, dated: bool = False
) -> None:
    """A realistic organisation stored through the command line: `people` people spread over `teams` teams,
    imported team by team as a manager would (`dated`: assessed over the last two years, see write_roster)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "org.csv"
        write_roster(path, people, seed=11, teams=teams, dated=dated)
        lines = path.read_text().splitlines()
        header, rows = lines[0], lines[1:]
        column = header.split(",").index("team")
        by_team: dict[str, list[str]] = {}
        for row in rows:
            by_team.setdefault(row.split(",")[column], []).append(row)
        files = []
        for i, (team, members) in enumerate(sorted(by_team.items())):
            one = Path(tmp) / f"team-{i:04d}.csv"
            one.write_text("\n".join([header, *members]) + "\n")
            files.append((team, one))
        env = {**os.environ, "STAGEPATH_DATABASE_URL": url}
        for team, one in files:
            subprocess.run(
                [STAGEPATH, "import", str(one), "--team", team], check=True, capture_output=True, env=env
            )


def bench_manager_pages(runs: int, workdir: Path) -> list[Row]:
    """The Team page with one stored team loaded and the Organisation page reading the database, each on a
    database of its own holding a realistic organisation (100 teams, 1,000 people), against a one-line
    script: where a manager lives."""
    from streamlit.testing.v1 import AppTest

    from planner.ui import main as shell

    _quiet_streamlit()
    url = f"sqlite:///{workdir / 'manager.db'}"
    store_organisation(url)
    before = os.environ.get("STAGEPATH_DATABASE_URL")
    os.environ["STAGEPATH_DATABASE_URL"] = url
    try:
        bare = AppTest.from_string("import streamlit as st\nst.write('bare')\n", default_timeout=30)
        bare.run()
        rows: list[Row] = []
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
        at.run()
        at.switch_page(shell.page_path("org.py"))
        at.run()
        if at.exception or not any(
            m.label == "People" and m.value == f"{MANAGER_PEOPLE:,}" for m in at.metric
        ):
            raise RuntimeError(f"the Organisation page did not read the stored organisation: {at.exception}")
        a, b = side_by_side(at.run, bare.run, runs, warmup=3)
        rows.append(
            Row(
                f"page rerun: Organisation, {MANAGER_TEAMS} teams and {MANAGER_PEOPLE:,} people stored",
                a,
                b,
                "s",
                None,
                runs,
                "a rerun reading the database as a manager's session does, vs a one-line script",
            )
        )
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
        at.run()
        at.switch_page(shell.page_path("team.py"))
        at.run()
        at.button(key="team.load_stored").click().run()
        if at.exception or not any(m.label.startswith("Support to plan for") for m in at.metric):
            raise RuntimeError(f"the Team page did not load a stored team: {at.exception}")
        a, b = side_by_side(at.run, bare.run, runs, warmup=3)
        rows.append(
            Row(
                f"page rerun: Team, one stored team loaded of {MANAGER_TEAMS} stored",
                a,
                b,
                "s",
                None,
                runs,
                "a rerun with a stored team loaded and its plan shown, vs a one-line script",
            )
        )
        return rows
    finally:
        if before is None:
            os.environ.pop("STAGEPATH_DATABASE_URL", None)
        else:
            os.environ["STAGEPATH_DATABASE_URL"] = before


FOLLOW_TEAMS, FOLLOW_PEOPLE, FOLLOW_ACTIONS = (
    100,
    10_000,
    1_000,
)  # the store `due` and One person are timed on


def bench_follow_through(runs: int, workdir: Path, people: int = FOLLOW_PEOPLE) -> list[Row]:
    """`stagepath due` and the One person page's rerun on a database of their own holding `people` people in
    100 teams (stored through the command line, assessed over the last two years, so that about half their
    ratings are due for re-rating) and 1,000 actions, half of them overdue. `due` as the command
    line (an administrator: every team's re-ratings and overdue actions) against `stagepath db current` on
    the same database (the same start and the same open); the page against a one-line script."""

    from streamlit.testing.v1 import AppTest

    from planner.framework.loading import SHIPPED_ROLES, load_framework
    from planner.storage import Store
    from planner.ui import main as shell

    _quiet_streamlit()
    url = f"sqlite:///{workdir / 'follow.db'}"
    store_organisation(url, FOLLOW_TEAMS, people, dated=True)
    framework = load_framework(SHIPPED_ROLES)
    today = dt.date.today()
    with Store(url) as store:
        names = store.people()
        for i, name in enumerate(names[:FOLLOW_ACTIONS]):
            due = today + dt.timedelta(days=7 if i % 2 else -7)
            store.add_action(name, "read-code", "Pair on a review", "lead@example.com", due, framework)
    env = {**os.environ, "STAGEPATH_DATABASE_URL": url}

    def ours() -> None:
        subprocess.run([STAGEPATH, "due", "--format", "json"], check=True, capture_output=True, env=env)

    def base() -> None:
        subprocess.run([STAGEPATH, "db", "current"], check=True, capture_output=True, env=env)

    a, b = side_by_side(ours, base, runs)
    rows = [
        Row(
            f"due: stagepath due --format json, {people:,} people and {FOLLOW_ACTIONS:,} actions stored",
            a,
            b,
            "s",
            None,
            runs,
            "as the command line (every team), vs stagepath db current on the same database",
        )
    ]
    before = os.environ.get("STAGEPATH_DATABASE_URL")
    os.environ["STAGEPATH_DATABASE_URL"] = url
    try:
        bare = AppTest.from_string("import streamlit as st\nst.write('bare')\n", default_timeout=30)
        bare.run()
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
        at.query_params["person"] = names[0]
        at.run()
        at.switch_page(shell.page_path("person.py"))
        at.run()
        if at.exception or not any(m.label == "Placement" for m in at.metric):
            raise RuntimeError(f"the One person page did not open {names[0]!r}: {at.exception}")
        a, b = side_by_side(at.run, bare.run, runs, warmup=3)
        rows.append(
            Row(
                f"page rerun: One person, {people:,} people stored",
                a,
                b,
                "s",
                None,
                runs,
                "a rerun with one person's plan, actions and history shown, vs a one-line script",
            )
        )
    finally:
        if before is None:
            os.environ.pop("STAGEPATH_DATABASE_URL", None)
        else:
            os.environ["STAGEPATH_DATABASE_URL"] = before
    return rows


# --- scanning a repository ------------------------------------------------------------------------------


def history_stream(commits: int, files: int) -> bytes:
    """A `git fast-import` stream: a first commit of `files` files (among them an agent instruction file, a
    workflow with a merge queue trigger and a pyproject.toml with checks), then one commit changing one file
    each, every 25th with an agent co-author trailer, and five agent branches along the way."""
    out: list[bytes] = []
    when = 1_760_000_000
    signs = {
        "AGENTS.md": "# How we work\n",
        ".github/workflows/ci.yml": "on:\n  pull_request:\n  merge_group:\njobs: {}\n",
        "pyproject.toml": "[tool.mypy]\nstrict = true\n",
    }

    def data(text: str) -> bytes:
        raw = text.encode()
        return b"data %d\n%s\n" % (len(raw), raw)

    def header(mark: int, message: str) -> None:
        out.append(b"commit refs/heads/main\nmark :%d\n" % mark)
        out.append(f"author Dev <dev@example.com> {when + mark} +0000\n".encode())
        out.append(f"committer Dev <dev@example.com> {when + mark} +0000\n".encode())
        out.append(data(message))

    header(1, "Start")
    for name, text in signs.items():
        out.append(f"M 100644 inline {name}\n".encode() + data(text))
    for i in range(files - len(signs)):
        out.append(f"M 100644 inline src/pkg{i // 200:03d}/mod{i:05d}.py\n".encode() + data(f"value = {i}\n"))
    for c in range(2, commits + 1):
        trailer = "\n\nCo-authored-by: Claude <noreply@anthropic.com>" if c % 25 == 0 else ""
        header(c, f"Change {c}\n\nWhy it changed.{trailer}")
        i = c % (files - len(signs))
        out.append(f"M 100644 inline src/pkg{i // 200:03d}/mod{i:05d}.py\n".encode() + data(f"value = {c}\n"))
    for b in range(5):
        out.append(b"reset refs/heads/copilot/task-%d\nfrom :%d\n\n" % (b, max(1, commits * (b + 1) // 6)))
    return b"".join(out)


def history_repo(commits: int, files: int) -> Path:
    """The generated repository, made once with `git fast-import` and kept under bench/results/."""
    path = RESULTS / f"scan-repo-{commits}-{files}"
    if (path / "done").exists():
        return path
    subprocess.run(["rm", "-rf", str(path)], check=True)
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    git = ["git", "-c", "core.hooksPath=/dev/null", "-C", str(path)]
    path.mkdir(parents=True)
    subprocess.run([*git, "init", "-q", "--bare"], check=True, env=env)
    subprocess.run(
        [*git, "fast-import", "--quiet"], input=history_stream(commits, files), check=True, env=env
    )
    subprocess.run([*git, "symbolic-ref", "HEAD", "refs/heads/main"], check=True, env=env)
    (path / "done").write_text("")
    return path


def bench_scan(runs: int, commits: int, files: int) -> list[Row]:
    repo = str(history_repo(commits, files))

    def ours() -> None:
        subprocess.run([STAGEPATH, "scan", repo, "--format", "json"], check=True, capture_output=True)

    def base() -> None:
        subprocess.run(
            ["git", "-C", repo, "log", "--branches", "--format=%H%n%B"], check=True, capture_output=True
        )

    a, b = side_by_side(ours, base, runs, warmup=1)
    return [
        Row(
            f"scan: a repository of {commits:,} commits and {files:,} files",
            a,
            b,
            "s",
            10.0 if commits == 10_000 else None,  # the goal is for the full size; --quick is a smoke run
            runs,
            "stagepath scan (whole process) vs git log of every branch's messages",
        )
    ]


# --- page reruns ----------------------------------------------------------------------------------------


def _quiet_streamlit() -> None:
    # AppTest drives the script from this thread, and Streamlit logs a warning on every rerun that no
    # `streamlit run` session is attached ("missing ScriptRunContext"), hundreds of lines that hide the table.
    # Streamlit resets its loggers' levels when a run starts, so a filter it leaves alone drops them.
    for name in (
        "streamlit.runtime.scriptrunner_utils.script_run_context",
        "streamlit.runtime.state.session_state_proxy",
    ):
        logging.getLogger(name).addFilter(lambda record: record.levelno >= logging.ERROR)


def bench_pages(runs: int, large_team: bool = True) -> list[Row]:
    from streamlit.testing.v1 import AppTest

    _quiet_streamlit()

    from planner.formats.assessment import load_assessment
    from planner.framework.loading import load_framework
    from planner.ui import main as shell
    from planner.ui import session

    framework = load_framework()
    example = load_assessment(EXAMPLE.name, EXAMPLE.read_bytes(), framework)
    skills = framework.track_skill_ids(example.track)
    bare = AppTest.from_string("import streamlit as st\nst.write('Hello')", default_timeout=60)
    bare.run()

    rows: list[Row] = []
    for spec in shell.PAGES:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.run()
        at.switch_page(shell.page_path(spec.file))
        at.session_state[session.TRACK] = example.track
        at.session_state[session.RATINGS] = dict(example.ratings)
        at.run()
        if at.exception:
            raise RuntimeError(f"{spec.file} raised: {at.exception}")
        counter = iter(range(10**9))

        def ours(at: AppTest = at, counter: Iterator[int] = counter) -> None:
            i = next(counter)
            skill = skills[i % len(skills)]
            ratings = dict(at.session_state[session.RATINGS])
            ratings[skill] = (ratings.get(skill, 0) + 1) % 5
            at.session_state[session.RATINGS] = ratings
            at.run()

        a, b = side_by_side(ours, bare.run, runs, warmup=5)
        rows.append(
            Row(
                f"page rerun: {spec.title}",
                a,
                b,
                "s",
                5.0,
                runs,
                "one rating changed per rerun, vs a one-line script",
            )
        )
    if large_team:  # left out of the quick smoke run: the roster takes seconds to generate and load
        rows.append(bench_team_page(runs, bare))
    return rows


def bench_team_page(runs: int, bare: AppTest) -> Row:
    """The Team page's rerun with the generated 10,000-person roster uploaded and its plan shown."""
    from streamlit.testing.v1 import AppTest

    from planner.ui import main as shell

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "roster-10000.csv"
        write_roster(path, 10_000)
        raw = path.read_bytes()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()
    at.switch_page(shell.page_path("team.py"))
    at.run()
    at.file_uploader(key="team.upload").set_value([(path.name, raw, "text/csv")]).run()
    if at.exception or not any(m.label.startswith("Support to plan for") for m in at.metric):
        raise RuntimeError(f"the Team page did not take the roster: {at.exception}")
    a, b = side_by_side(at.run, bare.run, runs, warmup=3)
    return Row(
        "page rerun: Team with the 10,000-person roster loaded",
        a,
        b,
        "s",
        None,
        runs,
        "a rerun with the roster uploaded and its plan shown, vs a one-line script",
    )


# --- the browser ----------------------------------------------------------------------------------------

BARE_SLIDER = "import streamlit as st\nlevel = st.slider('Level', 0, 100, 0)\nst.write(f'Value {level}')\n"
BARE_CHART = (
    "import plotly.graph_objects as go\nimport streamlit as st\nst.title('Chart')\n"
    "st.plotly_chart(go.Figure(go.Bar(x=[1, 2, 3], y=[3, 1, 2])))\n"
)
DONE = "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
# The Assess page's live line (placement, target, floor), looked up afresh: a rerun may replace the node.
LIVE_CHANGED = """(before) => {
  const line = [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stMarkdownContainer"]')]
    .find((e) => e.innerText.includes('Placement:'));
  return line !== undefined && line.innerText !== before;
}"""


def peak_memory_mb(process: subprocess.Popen[bytes]) -> float:
    """The process's peak resident memory (VmHWM), in MB."""
    for line in Path(f"/proc/{process.pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def bench_browser(runs: int, switches: int, workdir: Path, memory: bool) -> list[Row]:
    from playwright.sync_api import sync_playwright

    from tests.browser_support import LAUNCH_ARGS, serving

    chromium = "/usr/bin/chromium"
    if not os.access(chromium, os.X_OK):
        print("browser rows skipped: no /usr/bin/chromium (apt-get install chromium)")
        return []
    (workdir / "slider.py").write_text(BARE_SLIDER)
    (workdir / "chart.py").write_text(BARE_CHART)
    multipage = write_bare_multipage(workdir)
    rows: list[Row] = []
    with (
        serving("app.py", ROOT) as (ours, app),
        serving(workdir / "slider.py", workdir) as (slider, _),
        serving(workdir / "chart.py", workdir) as (chart, bare_chart),
        serving(multipage, workdir) as (bare_pages, _),
        sync_playwright() as p,
    ):
        browser = p.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)
        rows.append(round_trip(browser, ours, slider, runs))
        rows += page_switches(browser, ours, bare_pages, switches)
        # Nine renders a page: each takes about 2 s, and five left a row a few percent either side of its goal.
        rows += first_renders(browser, ours, chart, max(3, (runs * 9) // 20))
        if memory:
            rows.append(memory_with_roster(browser, ours, app, bare_chart, workdir))
        browser.close()
    return rows


def fresh_context(browser: Browser) -> BrowserContext:
    """A context of its own (empty cache, no cookies) that times pages the way bench.browser says."""
    context = browser.new_context(viewport={"width": 1400, "height": 1800})
    context.add_init_script(SETTLE_SCRIPT)
    return context


def round_trip(browser: Browser, ours: str, slider: str, runs: int) -> Row:
    """A rating clicked on Assess until the live line has changed and the run has finished, against a bare
    app's slider moved until its value is shown."""
    page = browser.new_page(viewport={"width": 1400, "height": 1800})
    bare = browser.new_page(viewport={"width": 1400, "height": 1800})
    page.goto(f"{ours}/assess")
    page.get_by_role("button", name="Try an example").click()
    page.wait_for_function(DONE)
    group = page.get_by_role("radiogroup", name="Rating for Read code")
    # The floor's section shows by itself while the example leaves the floor unmet; else it is picked (a
    # click on a shown section would hide it).
    if not group.is_visible():
        page.locator('[data-testid="stMain"] button', has_text="Competency floor").click()
    group.wait_for()
    page.wait_for_function(DONE)
    live = page.locator(
        '[data-testid="stMain"] [data-testid="stMarkdownContainer"]', has_text="Placement:"
    ).first
    # Read code between 2 and 3: the floor is met, then not, so the live line changes every time.
    bare.goto(slider)
    knob = bare.get_by_role("slider", name="Level")
    bare.wait_for_function(DONE)
    levels = iter(range(10**9))

    def rate() -> None:
        page.bring_to_front()  # a tab in the background may be throttled
        before = live.inner_text()
        group.get_by_role("radio").nth(2 + next(levels) % 2).click()
        page.wait_for_function(LIVE_CHANGED, arg=before)
        page.wait_for_function(DONE)

    slid = iter(range(1, 10**9))

    def slide() -> None:
        bare.bring_to_front()
        knob.focus()
        bare.keyboard.press("ArrowRight")
        bare.get_by_text(f"Value {next(slid)}", exact=True).wait_for()
        bare.wait_for_function(DONE)

    a, b = side_by_side(rate, slide, runs)
    page.close()
    bare.close()
    return Row(
        "browser: a rating changed on Assess until the run has finished",
        a,
        b,
        "s",
        1.3,
        runs,
        "vs a bare one-slider app",
    )


def page_switches(browser: Browser, ours: str, bare: str, runs: int) -> list[Row]:
    """Each page of the menu reached by its link (from the page before it in the menu), with the example
    loaded, against the same page of a bare app with the same menu: `runs` rounds of the whole menu after
    one round that warms both up (the browser fetches each page's widgets' code the first time)."""
    context = fresh_context(browser)
    mine, theirs = context.new_page(), context.new_page()
    for tab, base in ((mine, ours), (theirs, bare)):
        tab.bring_to_front()
        tab.goto(f"{base}/assess")  # both start on the second page, so the first switch leaves it
        tab.evaluate(FIRST_RENDER_SCRIPT, QUIET_MS)
    runs_ended = mine.evaluate("() => window.__bench.finished")
    mine.get_by_role("button", name="Try an example").click()
    mine.evaluate("async ([since, quiet]) => await window.__settled(since, quiet)", [runs_ended, QUIET_MS])

    def switch(tab: Page, path: str, section: str) -> float:
        tab.bring_to_front()  # a tab in the background may be throttled
        link = tab.locator(f'a[data-testid="stTopNavDropdownLink"][href$="{path}"]')
        if section and not link.is_visible():  # a section's pages are in its dropdown: open it (not timed)
            tab.get_by_test_id("stTopNavSection").filter(has_text=section).click()
            link.wait_for()
        return float(tab.evaluate(SWITCH_SCRIPT, [path, QUIET_MS])) / 1000

    pages = menu_pages()
    times: dict[str, tuple[list[float], list[float]]] = {path: ([], []) for _, path, _ in pages}
    for round_number in range(runs + 1):
        for _, path, section in pages:
            a, b = switch(mine, path, section), switch(theirs, path, section)
            if round_number:
                times[path][0].append(a)
                times[path][1].append(b)
    context.close()
    return [
        Row(
            f"browser: switch to {title} from the menu",
            statistics.median(times[path][0]),
            statistics.median(times[path][1]),
            "s",
            1.5,
            runs,
            "until settled, vs the same page of a bare app with the same menu",
        )
        for title, path, _ in pages
    ]


def first_renders(browser: Browser, ours: str, chart: str, runs: int) -> list[Row]:
    """Each page of the menu opened in a new browser context until settled, against a bare page with a
    heading and one plotly chart."""

    def opened(address: str) -> Callable[[], float]:
        def open_once() -> float:
            context = fresh_context(browser)
            tab = context.new_page()
            tab.goto(address)
            took = float(tab.evaluate(FIRST_RENDER_SCRIPT, QUIET_MS)) / 1000
            context.close()
            return took

        return open_once

    rows: list[Row] = []
    for title, path, _ in menu_pages():
        ours_times: list[float] = []
        bare_times: list[float] = []
        ours_once, bare_once = opened(f"{ours}{path}"), opened(chart)
        ours_once(), bare_once()  # warm-up: the servers' caches, as after the first visitor
        for _ in range(runs):
            ours_times.append(ours_once())
            bare_times.append(bare_once())
        rows.append(
            Row(
                f"browser: first render of {title}",
                statistics.median(ours_times),
                statistics.median(bare_times),
                "s",
                1.3,
                runs,
                "from navigation until settled, vs a bare page with one plotly chart",
            )
        )
    return rows


def memory_with_roster(
    browser: Browser, ours: str, app: subprocess.Popen[bytes], bare: subprocess.Popen[bytes], workdir: Path
) -> Row:
    """The app process's peak memory after the 10,000-person roster is uploaded on Team and its plan shown,
    against the bare chart app's process (which has drawn its page several times by then)."""
    roster = workdir / "roster-10000.csv"
    if not roster.exists():
        write_roster(roster, 10_000)
    team = browser.new_page(viewport={"width": 1400, "height": 1800})
    team.goto(f"{ours}/team")
    team.wait_for_function(DONE)
    team.locator('input[type="file"]').first.set_input_files(str(roster))
    team.get_by_text("Support to plan for").first.wait_for(timeout=180_000)
    team.wait_for_function(DONE, timeout=180_000)
    team.close()
    return Row(
        "memory: app process peak after the 10,000-person roster on Team",
        peak_memory_mb(app),
        peak_memory_mb(bare),
        "MB",
        2.0,
        1,
        "vs the bare chart app's process",
    )


# --- report ---------------------------------------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def table(rows: list[Row]) -> str:
    def fmt(value: float, unit: str) -> str:
        if unit != "s":
            return f"{value:,.0f} {unit}"
        return f"{value * 1000:,.1f} ms" if value < 10 else f"{value:,.1f} s"

    lines = [
        "| measurement | ours (median) | baseline (median) | ratio | goal | verdict | runs |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        goal = f"<= {r.goal:g}x" if r.goal else ""
        lines.append(
            f"| {r.name} | {fmt(r.ours, r.unit)} | {fmt(r.base, r.unit)} | {r.ratio:.2f}x | {goal} | {r.verdict} | {r.runs} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="few repetitions and small rosters: a smoke run")
    parser.add_argument(
        "--only",
        choices=["cli", "team", "org", "scan", "pages", "manager", "follow", "browser", "memory"],
        action="append",
    )
    args = parser.parse_args(argv)
    only = set(args.only or ["cli", "team", "org", "scan", "pages", "follow", "browser", "memory"])
    quick = args.quick
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        # Every row runs on a database of its own, never the user's: what a machine holds must not move them.
        os.environ["STAGEPATH_DATABASE_URL"] = f"sqlite:///{work / 'bench.db'}"
        if "cli" in only:
            rows += bench_cli(3 if quick else 10)
        if "team" in only:
            rows += bench_team(
                [1_000, 10_000] if quick else [1_000, 10_000, 100_000], 2 if quick else 15, work
            )
        if "org" in only:
            rows += bench_org([1_000, 10_000] if quick else [10_000, 100_000], 2 if quick else 5, work)
            if not quick:
                rows.append(bench_org_page(20))
        if "scan" in only:
            rows += bench_scan(3, 1_000, 2_000) if quick else bench_scan(10, 10_000, 20_000)
        if "pages" in only:
            rows += bench_pages(10 if quick else 100, large_team=not quick)
            if not quick:
                rows += bench_manager_pages(50, work)
        if "manager" in only and "pages" not in only:
            rows += bench_manager_pages(10 if quick else 50, work)
        if "follow" in only:
            rows += bench_follow_through(3 if quick else 10, work, 1_000 if quick else FOLLOW_PEOPLE)
        if "browser" in only or "memory" in only:
            rows += bench_browser(5 if quick else 20, 3 if quick else 15, work, memory="memory" in only)
    report = {
        "machine": machine(),
        "quick": quick,
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "rows": [asdict(r) | {"ratio": r.ratio, "verdict": r.verdict} for r in rows],
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / ("quick.json" if quick else "latest.json")
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"Machine: {report['machine']}")
    print(table(rows))
    print(f"\nWritten to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
