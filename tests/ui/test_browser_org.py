"""The Organisation page in a real browser: three stored teams side by side, sorted by a column header
click, the heatmap drawn with its numbers beside it, the hiring plan's link opening the team on the Team
page, and the mentor pairs downloaded as CSV. Screenshots land in test-artifacts/org-*.png (git-ignored)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from planner.framework.loading import load_framework
from planner.storage import Store
from tests.browser_support import heading, heatmap_drawn, require_browser, running_app, shot, table_cells
from tests.conftest import FIVE_STAGE
from tests.ui.test_app_org import assessments

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_browser()
    database = tmp_path_factory.mktemp("org-db") / "t.db"
    url = f"sqlite:///{database}"
    framework = load_framework(FIVE_STAGE)
    with Store(url) as store:
        for team in ("alpha", "beta", "gamma"):
            store.store(assessments(team), framework, team=team)
    # Teams of two: a threshold of two shows their mean readiness (withholding is tested in test_app_org.py).
    env = {"STAGEPATH_DATABASE_URL": url, "STAGEPATH_ROLES": str(FIVE_STAGE), "STAGEPATH_MIN_GROUP": "2"}
    with running_app(env=env) as address:
        yield address


def open_org(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/org")
    heading(page, "Organisation")
    heatmap_drawn(page)


def test_the_teams_are_side_by_side_with_the_heatmap_and_its_numbers(page: Any, base_url: str) -> None:
    open_org(page, base_url)
    shot(page, "org-teams")
    cells = table_cells(page, "Operating stage")
    assert "alpha" in cells and "beta" in cells and "gamma" in cells
    rows = page.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot')].find(p => p.data[0].type === 'heatmap').data[0].y"
    )
    assert sorted(rows) == ["alpha", "beta", "gamma"]
    z = page.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot')].find(p => p.data[0].type === 'heatmap').data[0].z"
    )
    assert all(0 <= v <= 100 for row in z for v in row)


def test_a_hiring_plan_link_opens_the_team_on_the_team_page(page: Any, base_url: str) -> None:
    open_org(page, base_url)
    page.get_by_role("tab", name="Hiring plan").click()
    page.get_by_text("1. Developer: Task agents").wait_for()
    shot(page, "org-plan")
    # Each team's name as plain text, its link to the Team page beside it in the same column.
    column = page.locator('[data-testid="stColumn"]').filter(has=page.get_by_text("gamma", exact=True))
    column.get_by_role("link", name="Open on the Team page").first.click()
    heading(page, "Team")
    assert "team=gamma" in page.url
    page.get_by_text("from team gamma").first.wait_for()
    shot(page, "org-team-opened")


def test_the_mentor_pairs_download_as_csv(page: Any, base_url: str, tmp_path: Path) -> None:
    open_org(page, base_url)
    page.get_by_role("tab", name="Mentors").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the pairs (CSV)").click()
    saved = tmp_path / "pairs.csv"
    download.value.save_as(saved)
    lines = saved.read_text().splitlines()
    assert lines[0] == "team,track,skill,person,mentor,mentor_team"
    assert "beta,developer,rubric,b1,b2,beta" in lines
    shot(page, "org-mentors")
