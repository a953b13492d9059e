"""One answer: what the Team page hands a manager to take away is the report `stagepath team` writes for the
same people, target, redundancy goal and day (both come from planner.service.team), for the sample team and
for rosters generated here with ratings due for re-rating and people able to mentor."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import pytest

from planner.framework.loading import load_framework
from tests.app_support import go, start
from tests.storage.test_storage import run
from tests.team_support import SAMPLE, download, ok, team_page, upload, with_sample

FRAMEWORK = load_framework()


def page_target(at: Any) -> int:
    return int(at.selectbox(key="team.target").value)


def command_line(paths: list[str], target: int, fmt: str, *extra: str) -> str:
    done = run(
        "team",
        *paths,
        "--target",
        str(target),
        "--today",
        dt.date.today().isoformat(),
        "--format",
        fmt,
        *extra,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def generated_roster(seed: int, people: int = 9) -> str:
    """A roster of both tracks, dated up to two years back (so some ratings are due again), with ratings
    spread over the whole scale (so some people can mentor and some skills must be hired for)."""
    rng = random.Random(seed)
    tracks = {
        t.id: [s.id for s in FRAMEWORK.curve.floor.skills] + [s.id for st in t.stages for s in st.skills]
        for t in FRAMEWORK.tracks
    }
    skills = list(dict.fromkeys(s for ids in tracks.values() for s in ids))
    lines = [",".join(["name", "track", "rater", "assessed_on", *skills])]
    for i in range(people):
        track = rng.choice(sorted(tracks))
        day = dt.date.today() - dt.timedelta(days=rng.randrange(0, 730))
        cells = [str(rng.choice([0, 1, 2, 3, 3, 4, 4])) if s in tracks[track] else "" for s in skills]
        lines.append(",".join([f"Person {seed}-{i}", track, "self", day.isoformat(), *cells]))
    return "\n".join(lines) + "\n"


def test_the_sample_teams_exports_are_the_command_lines_reports(downloads: dict[str, Any]) -> None:
    at = with_sample()
    target = page_target(at)
    # The sample team comes with its groundwork record, as the page loads it.
    extra = ["--groundwork", str(SAMPLE.parent / "groundwork-sample.yaml")]
    _, markdown = download(downloads, "stagepath-team-plan-")
    assert markdown == command_line([str(SAMPLE)], target, "markdown", *extra)
    _, coverage = download(downloads, "stagepath-team-coverage-")
    assert coverage == command_line([str(SAMPLE)], target, "csv", *extra)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_generated_rosters_exports_are_the_command_lines_reports(
    seed: int, tmp_path: Path, downloads: dict[str, Any]
) -> None:
    text = generated_roster(seed)
    path = tmp_path / f"roster-{seed}.csv"
    path.write_text(text, encoding="utf-8")
    at = upload(team_page(), [(path.name, text.encode())])
    ok(at)
    target = page_target(at)
    _, markdown = download(downloads, "stagepath-team-plan-")
    assert markdown == command_line([str(path)], target, "markdown")
    assert "## Due for re-rating" in markdown  # ratings dated more than the review period back
    assert "| Mentors |" in markdown  # the coverage table, with whom each gap could learn from
    _, coverage = download(downloads, "stagepath-team-coverage-")
    assert coverage == command_line([str(path)], target, "csv")


def test_the_sample_organisations_exports_are_the_command_lines_reports(downloads: dict[str, Any]) -> None:
    at = ok(go(start(), "org"))
    at.button(key="org.sample").click().run()
    ok(at)
    roster = str(SAMPLE.parent / "org-roster.csv")
    today = dt.date.today()
    for fmt, suffix in (("markdown", ".md"), ("csv", ".csv")):
        _, text = download(downloads, f"stagepath-organisation-report-{today.isoformat()}{suffix}")
        done = run("org", roster, "--today", today.isoformat(), "--format", fmt)
        assert done.returncode == 0, done.stderr
        assert text == done.stdout
        assert "Mentor" in text or "mentor" in text  # the mentor pairs travel with the report
