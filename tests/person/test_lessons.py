"""The lessons of the source beside a person's gaps: a floor breach brings the floor's lessons, a gap at
stage 4 or 5 brings the lesson that stage 4 is the foundation; the plan's JSON, its Markdown and PDF
exports and My plan carry the same lessons, and a person without such gaps gets none of them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from planner.formats.assessment import Assessment
from planner.framework import Framework
from planner.person.placement import assess
from planner.reports.markdown import plan_markdown
from planner.reports.pdf import plan_pdf
from tests.app_support import go, rate, shown_text, start, unescape

FLOOR = {"read-code": 3, "write-code": 3, "debug-code": 3}


def _everything_at(framework: Framework, track: str, stage: int) -> dict[str, int]:
    """Ratings that meet every skill of `track` up to `stage` at its level there, and the floor."""
    return {**FLOOR, **{e.id: e.level for e in framework.expectations(track, stage) if e.stage}}


def _ids(framework: Framework, ratings: dict[str, int], target: int | None = None) -> list[str]:
    plan = assess(framework, Assessment(track="developer", ratings=ratings, target=target))
    return [lesson.id for lesson in plan.lessons]


def test_a_floor_breach_brings_the_floors_lessons(shipped: Framework) -> None:
    # Every skill met up to stage 5 but one floor skill short: placed at 4, the floor is the only gap.
    ratings = {**_everything_at(shipped, "developer", 5), "debug-code": 2}
    assert _ids(shipped, ratings, target=5) == ["developer-skill-from-stage-5", "coding-matters-more"]


def test_a_gap_at_stage_4_or_5_brings_the_stage_4_lesson(shipped: Framework) -> None:
    at_3 = _everything_at(shipped, "developer", 3)
    # Placed at 3, aiming at 4: the gaps are stage 4's, and stage 4 is the foundation.
    assert _ids(shipped, at_3) == ["stage-4-is-the-foundation"]
    # Placed at 4, aiming at 5: stage 5's gaps bring it too, with stage 5's own lessons (earning the right
    # to delegate; developer-level skill no longer optional).
    at_4 = _everything_at(shipped, "developer", 4)
    assert _ids(shipped, at_4) == [
        "earn-the-right-to-delegate",
        "stage-4-is-the-foundation",
        "developer-skill-from-stage-5",
    ]
    # Placed at 5, aiming at 6, the floor met: no gap at the floor, 4 or 5, so none of them.
    assert _ids(shipped, _everything_at(shipped, "developer", 5)) == []


def test_no_gap_no_lesson(shipped: Framework) -> None:
    at_2 = _everything_at(shipped, "developer", 2)
    assert _ids(shipped, at_2) == []  # a gap at stage 3 only: no lesson bears on it


def test_the_exports_and_assess_carry_the_same_lessons(shipped: Framework, tmp_path: Path) -> None:
    ratings = {**_everything_at(shipped, "developer", 3), "write-code": 1}
    person = Assessment(name="Ann", track="developer", ratings=ratings)
    plan = assess(shipped, person)
    labels = [lesson.label for lesson in plan.lessons]
    assert labels == [
        "Stage 4 is the foundation",
        "Developer-level skill from stage 5",
        "Coding matters more, not less",
    ]
    markdown = unescape(plan_markdown(shipped, person, plan))
    assert "## What the source teaches about these gaps" in markdown
    for lesson in plan.lessons:
        assert f"**{lesson.label}:** {lesson.text}" in markdown
    assert "Stated in the source" in markdown and "bears on the floor" in markdown

    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(plan_pdf(shipped, person, plan))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert "What the source teaches about these gaps" in flat
    assert all(lesson.label in flat for lesson in plan.lessons)

    path = tmp_path / "ann.yaml"
    path.write_text(
        "stagepath: 1\nname: Ann\ntrack: developer\nratings:\n"
        + "".join(f"  {k}: {v}\n" for k, v in ratings.items())
    )
    out = subprocess.run(
        [sys.executable, "-m", "planner.cli", "assess", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    lessons = json.loads(out.stdout)["lessons"]
    assert [item["id"] for item in lessons] == [lesson.id for lesson in plan.lessons]
    assert all(item["provenance"] == "stated" and item["source"].startswith("https://") for item in lessons)


def test_my_plan_shows_the_lessons_beside_the_gaps(shipped: Framework) -> None:
    at = start(page="assess")
    rate(at, {**_everything_at(shipped, "developer", 3), "debug-code": 2})
    go(at, "plan")
    assert not at.exception
    assert "What the source teaches about these gaps" in [s.value for s in at.subheader]
    text = unescape(shown_text(at))
    for fact in shipped.lessons_for([0, 4]):
        assert fact.label in text and fact.text in text, fact.id
    assert "bears on the floor" in text
