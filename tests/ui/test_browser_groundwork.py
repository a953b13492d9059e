"""The Team page's Groundwork section in a real browser: a manager tries the sample team, loads its
groundwork record through the real file input, confirms a scan's suggestion in one click, ticks what is in
place and sees the operating stage and what blocks the next stage change; the section has its own address.
Screenshot in test-artifacts/groundwork.png (git-ignored)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser_support import app_with_database, load_sample_team, metric, open_team, settle, shot

pytestmark = pytest.mark.browser

SAMPLE_RECORD = Path(__file__).resolve().parent.parent.parent / "examples" / "groundwork-sample.yaml"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with app_with_database(tmp_path_factory, "groundwork", timeout=120) as url:
        yield url


def blocks(page: Any) -> str:
    return str(page.get_by_text("What blocks Stage 4").first.inner_text())


def test_a_manager_loads_the_record_confirms_a_suggestion_and_ticks_a_capability(
    page: Any, base_url: str
) -> None:
    open_team(page, base_url)
    load_sample_team(page)
    assert metric(page, "Groundwork stage") == "Stage 3 · Task"  # the sample team comes with its record
    assert page.locator("#groundwork").count() == 1  # the section's own address: /team#groundwork

    uploader = page.locator('[data-testid="stFileUploader"]', has_text="Load a groundwork record")
    uploader.locator('input[type="file"]').set_input_files(str(SAMPLE_RECORD))
    page.get_by_text(
        "Loaded the groundwork of the team named below, with 1 suggestion from a scan to confirm."
    ).wait_for()
    page.get_by_text("Platform", exact=True).first.wait_for()  # the team, as plain text under it
    settle(page)
    assert metric(page, "Groundwork stage") == "Stage 3 · Task"
    assert metric(page, "Operating stage") == "Stage 3 · Task"
    assert "build Scoring of workflow output" in blocks(page)
    page.get_by_text("Found in ci/score-agent-output.yml").wait_for()

    page.get_by_role("button", name="Confirm it is in place").click()
    page.wait_for_function("() => !document.body.innerText.includes('Confirm it is in place')")
    settle(page)
    assert page.get_by_role("checkbox", name="Scoring of workflow output").is_checked()
    assert "build Scoring of workflow output" not in blocks(page)

    stops = page.get_by_role("checkbox", name="Stops the AI cannot skip")
    stops.locator("xpath=ancestor::label[1]").click()  # the label takes the click, not the hidden input
    page.wait_for_function("() => !document.body.innerText.includes('build Stops the AI cannot skip')")
    settle(page)
    assert stops.is_checked()
    assert "build Shared team workflows" in blocks(page)
    page.locator("#groundwork").scroll_into_view_if_needed()
    settle(page)
    shot(page, "groundwork")

    # A tick in a closed section's checkbox keeps that section open (its label's count changes with it).
    page.get_by_text("Stage 6 · Coordinate: 0 of 5 in place").click()
    merge = page.get_by_role("checkbox", name="Merge strategy")
    merge.locator("xpath=ancestor::label[1]").click()
    page.get_by_text("Stage 6 · Coordinate: 1 of 5 in place").wait_for()
    settle(page)
    assert merge.is_checked() and merge.locator("xpath=ancestor::label[1]").is_visible()
