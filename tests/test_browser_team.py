"""The Team and Hiring pages in a real browser: a manager uploads the sample roster through the real file
input, reads the headline figures, the coverage table and the heatmap, turns the gaps into a hiring
profile and rates a candidate; a roster with a hostile name shows it as plain text and runs no script.
Screenshots land in test-artifacts/team.png and test-artifacts/hiring.png (git-ignored)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser_support import (
    VIEWPORT,
    launched_chromium,
    require_browser,
    running_app,
    settle,
    shot,
    visitor,
)
from tests.team_support import HOSTILE_NAME, SAMPLE, roster

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_browser()
    database = tmp_path_factory.mktemp("team-db") / "t.db"
    with running_app(env={"STAGEPATH_DATABASE_URL": f"sqlite:///{database}"}) as url:
        yield url


@pytest.fixture(scope="module")
def browser(base_url: str) -> Iterator[Any]:
    with launched_chromium() as chromium:
        yield chromium


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh manager: their own browser context and session."""
    with visitor(browser, request, 30_000) as page:
        yield page


def open_team(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/team")
    page.locator('[data-testid="stMain"] h1', has_text="Team").wait_for()
    settle(page)


def upload(page: Any, files: Any, shown: str) -> None:
    """Upload through the page's real file input, then wait for the roster line and the drawn page."""
    page.locator('[data-testid="stFileUploader"] input[type="file"]').first.set_input_files(files)
    page.get_by_text(shown).wait_for()
    settle(page)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.js-plotly-plot')].some(p => p.data && p.data[0].type === 'heatmap')"
    )


def metric(page: Any, label: str) -> str:
    box = page.locator(
        '[data-testid="stMetric"]', has=page.locator('[data-testid="stMetricLabel"]', has_text=label)
    )
    return str(box.first.locator('[data-testid="stMetricValue"]').inner_text()).strip()


def table_cells(page: Any, header: str) -> list[str]:
    """The cells of the first dataframe with this column header, as the grid's accessible table has them."""
    page.wait_for_function(
        "(header) => [...document.querySelectorAll('[data-testid=stDataFrame] [role=columnheader]')]"
        ".some(h => h.textContent.trim() === header)",
        arg=header,
    )
    result: list[str] = page.evaluate(
        """(header) => {
            const frame = [...document.querySelectorAll('[data-testid=stDataFrame]')].find(f =>
                [...f.querySelectorAll('[role=columnheader]')].some(h => h.textContent.trim() === header));
            return frame ? [...frame.querySelectorAll('[role=gridcell]')].map(c => c.textContent.trim()) : [];
        }""",
        header,
    )
    return result


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
    upload(page, str(SAMPLE), "Showing 10 people (16 assessments) from 1 uploaded file.")
    assert metric(page, "People") == "10"
    assert metric(page, "Below the floor") == "3 of 10"
    assert metric(page, "Support to plan for, by the source's figure") == "4 of 10 people"
    cells = table_cells(page, "Verdict")
    assert "+ Hire" in cells and "↑ Develop" in cells and "✓ Covered" in cells
    assert "Merging personal agents into team workflows" in cells and "Priya Raman" in cells
    assert heatmap_columns(page)[:3] == ["Expected at the target", "Amara Okafor", "Jonas Weber"]
    page.set_viewport_size({"width": VIEWPORT["width"], "height": 4600})  # the whole page, heatmap included
    settle(page)
    shot(page, "team")
    page.set_viewport_size(VIEWPORT)

    page.get_by_role("link", name="Build a hiring profile from these gaps").click()
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
    # Two of the four must-haves (the floor's three and one to hire) are now met.
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
    upload(
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
