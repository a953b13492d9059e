"""Every page, as one visitor goes through four states (nothing entered, the example assessment loaded,
the sample team loaded, a hiring profile built from a team with a skill to hire for), checked by axe-core against WCAG 2.2 AA, while every
request the browser makes is recorded: none may go to a host other than the app's own. Screenshots of
each page in each state land in test-artifacts/pages-STATE-PAGE.png."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser_support import (
    app_with_database,
    load_sample_team,
    open_page,
    settle,
    shot,
    upload_roster,
    visitor,
)
from tests.team_support import HIRE_ROSTER

pytestmark = pytest.mark.browser

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
# The pages in the menu, by their heading; Team, Hiring and Organisation sit under MANAGERS.
PAGES = (
    ("Explore the curve", "Stagepath"),
    ("Assess yourself", "Assess yourself"),
    ("My plan", "My plan"),
    ("Team", "Team"),
    ("Hiring", "Hiring"),
    ("Organisation", "Organisation"),
)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with app_with_database(tmp_path_factory, "pages") as url:
        yield url


def violations(page: Any) -> list[str]:
    """Every WCAG 2.2 A/AA rule axe-core finds broken on the page, one line each with where."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    found = results.response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + "; ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        + (f" and {len(v['nodes']) - 5} more" if len(v["nodes"]) > 5 else "")
        + f" ({' '.join(v['nodes'][0]['failureSummary'].split())})"
        for v in found
    ]


def check_every_page(page: Any, state: str, problems: list[str]) -> None:
    for link, heading in PAGES:
        open_page(page, link, heading)
        shot(page, f"pages-{state}-{link.split()[0].lower()}")
        problems.extend(f"{state}, {link}: {line}" for line in violations(page))


def test_every_page_in_four_states_is_accessible_and_asks_no_other_host(
    browser: Any, base_url: str, request: pytest.FixtureRequest
) -> None:
    own = urlsplit(base_url).netloc
    asked: list[str] = []
    problems: list[str] = []
    with visitor(browser, request) as page:
        page.context.on("request", lambda r: asked.append(r.url))
        page.goto(base_url)
        settle(page)
        check_every_page(page, "empty", problems)

        open_page(page, "Assess yourself", "Assess yourself")
        page.get_by_role("button", name="Try an example").click()
        page.get_by_text("Loaded 24 ratings from:").wait_for()
        settle(page)
        check_every_page(page, "example", problems)

        open_page(page, "Team", "Team")
        load_sample_team(page)
        check_every_page(page, "sample-team", problems)

        # The sample team has nothing to hire for at its target; with one skill nobody holds, it has.
        open_page(page, "Team", "Team")
        upload_roster(
            page,
            {"name": "team-roster.csv", "mimeType": "text/csv", "buffer": HIRE_ROSTER},
            "Showing 10 people (16 assessments) from 1 uploaded file.",
        )
        open_page(page, "Hiring", "Hiring")
        page.get_by_role("button", name="Use the Software developer gaps").click()
        page.get_by_text("Ask in the interview").wait_for()
        settle(page)
        check_every_page(page, "hiring-profile", problems)

        for path, name in (("mine", "My assessments"), ("checkins", "Check-ins")):
            page.goto(f"{base_url}/{path}")  # a shared deployment's page: in single-user mode it says so
            settle(page)
            problems.extend(f"empty, {name}: {line}" for line in violations(page))

    assert problems == [], "\n".join(problems)
    elsewhere = sorted(
        {
            url
            for url in asked
            if urlsplit(url).scheme in {"http", "https", "ws", "wss"} and urlsplit(url).netloc != own
        }
    )
    assert len(asked) > 50 and elsewhere == []
