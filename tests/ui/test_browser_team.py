"""The Team and Hiring pages in a real browser: a manager uploads the sample roster through the real file
input, reads the headline figures, the coverage table and the heatmap, finds nothing to hire for at its
target, then with one skill nobody holds turns the gaps into a hiring profile and rates a candidate; a roster with a hostile name shows it as plain text and runs no script.
Screenshots land in test-artifacts/team.png and test-artifacts/hiring.png (git-ignored)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser_support import (
    VIEWPORT,
    app_with_database,
    metric,
    open_page,
    open_team,
    settle,
    shot,
    table_cells,
    upload_roster,
)
from tests.team_support import HIRE_ROSTER, HOSTILE_NAME, SAMPLE, roster

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with app_with_database(tmp_path_factory, "team") as url:
        yield url


def heatmap_columns(page: Any) -> list[str]:
    """The heatmap's columns as drawn: what the target expects, then each person."""
    columns: list[str] = page.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot')].find(p => p.data[0].type === 'heatmap')"
        ".data[0].x"
    )
    return columns


def test_a_manager_uploads_the_roster_and_reads_coverage_then_builds_a_hiring_profile(
    page: Any, base_url: str
) -> None:
    open_team(page, base_url)
    page.get_by_text("No team yet").wait_for()
    upload_roster(page, str(SAMPLE), "Showing 10 people (16 assessments) from 1 uploaded file.")
    assert metric(page, "People") == "10"
    assert metric(page, "Below the floor") == "3 of 10"
    assert metric(page, "Support to plan for, by the source's figure") == "4 of 10 people"
    cells = table_cells(page, "Verdict")
    # At stage 4 someone is within one level of every gap (see test_app_team): develop, nothing to hire.
    assert "+ Hire" not in cells and "↑ Develop" in cells and "✓ Covered" in cells
    assert "Merging personal agents into team workflows" in cells
    assert "Jonas Weber, Mateo Silva, Sofia Lindqvist" in cells
    assert heatmap_columns(page)[:3] == ["Expected at the target", "Amara Okafor", "Jonas Weber"]
    page.set_viewport_size({"width": VIEWPORT["width"], "height": 4600})  # the whole page, heatmap included
    settle(page)
    shot(page, "team")
    page.set_viewport_size(VIEWPORT)

    # Nothing to hire for at stage 4: no link to build a profile, and the Hiring page says why.
    assert page.get_by_role("link", name="Build a hiring profile from these gaps").count() == 0
    open_page(page, "Hiring", "Hiring")
    page.get_by_text("Nothing to hire for: from the Team page: 10 people").wait_for()
    page.get_by_text("QA engineer: every gap can be developed (1 thin, 2 to develop)").wait_for()
    assert page.get_by_role("button", name="Use the Software developer gaps").count() == 0

    # The same team with no developer rated in one stage-4 skill: a skill to hire for.
    open_team(page, base_url)
    upload_roster(
        page,
        {"name": "team-roster.csv", "mimeType": "text/csv", "buffer": HIRE_ROSTER},
        "Showing 10 people (16 assessments) from 1 uploaded file.",
    )
    assert "+ Hire" in table_cells(page, "Verdict")
    page.get_by_role("link", name="Build a hiring profile from these gaps (1 track)").click()
    page.locator('[data-testid="stMain"] h1', has_text="Hiring").wait_for()
    settle(page)
    page.get_by_role("button", name="Use the Software developer gaps").click()
    page.get_by_text("Ask in the interview").wait_for()
    settle(page)
    page.get_by_text("How would you get five developers with their own agents to agree").wait_for()
    for skill, level in (("Read code", "3 · Proficient"), ("Write code", "3 · Proficient")):
        group = page.get_by_role("radiogroup", name=f"{skill} (at least 3)")
        group.get_by_role("radio", name=level).click()
        settle(page)
    # Two of the four must-haves (the floor's three and the skill to hire for) are now met.
    page.locator('[data-testid="stMetric"]', has_text="Must-haves met").filter(has_text="2 of 4").wait_for()
    settle(page)
    assert metric(page, "Must-haves met") == "2 of 4"
    shot(page, "hiring")


def test_a_hostile_name_in_a_roster_shows_as_text_and_runs_nothing(
    page: Any, base_url: str, tmp_path: Path
) -> None:
    rows = [
        {
            "name": name,
            "track": "developer",
            "rater": "self",
            "read-code": 3,
            "write-code": 3,
            "debug-code": 2,
        }
        for name in (HOSTILE_NAME, "Ann", "Bob")
    ]
    open_team(page, base_url)
    upload_roster(
        page,
        {"name": "hostile.csv", "mimeType": "text/csv", "buffer": roster(rows)},
        "Showing 3 people (3 assessments) from 1 uploaded file.",
    )
    assert HOSTILE_NAME in heatmap_columns(page) or any("&lt;script&gt;" in r for r in heatmap_columns(page))
    ticks = page.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot .xtick text')].map(t => t.textContent)"
    )
    assert HOSTILE_NAME in ticks  # drawn as the literal text
    assert page.locator('a[href*="e.vil"]').count() == 0
    assert (
        page.evaluate("() => [...document.scripts].filter(s => s.textContent.includes('alert(1)')).length")
        == 0
    )
    assert HOSTILE_NAME in table_cells(page, "Floor minimum")
