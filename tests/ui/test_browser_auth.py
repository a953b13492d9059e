"""Sign-in end to end: the real app (`streamlit run`) in a real chromium, signing in through Streamlit's own
OpenID Connect flow against a real OpenID Connect provider on loopback (oidc-provider-mock, started here as
its own process), with the secrets' [auth] section, an access configuration and an SQLite database written
for the test. Skips without chromium, and fails instead under STAGEPATH_REQUIRE_BROWSER=1 (CI).

Who is who: ada@example.com is a member stored as "Ada Lovelace"; maria@example.com manages platform (Ada
and Ben); mo@example.com manages mobile (Ben, Cy), whose manager's assessment of Ben is mobile's record and
not maria's. Screenshots go to test-artifacts/auth-*.png."""

from __future__ import annotations

import re
import secrets
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from planner.formats.access import parse_access
from planner.formats.assessment import Assessment
from planner.framework.loading import SHIPPED_ROLES, load_framework
from planner.storage import Store
from planner.views.escape import WORD_JOINER
from tests.browser_support import (
    answering,
    free_port,
    launched_chromium,
    require_browser,
    running_app,
    settle,
    shot,
)

pytestmark = pytest.mark.browser

ACCESS = """\
administrators: [boss@example.com]
managers:
  maria@example.com: [platform]
  mo@example.com: [mobile]
members:
  ada@example.com: Ada Lovelace
"""
# Every page but Explore, by its address; each must show the sign-in page to a visitor who is signed out.
CLOSED = ["assess", "plan", "mine", "team", "hiring", "team?team=platform"]


def person(name: str, day: str, rater: str = "self", ratings: dict[str, int] | None = None) -> Assessment:
    return Assessment(name=name, track="developer", rater=rater, assessed_on=day, ratings=ratings or {})  # type: ignore[arg-type]


def seed(url: str) -> None:
    framework = load_framework(SHIPPED_ROLES)
    ada = parse_access("access.yaml", ACCESS.encode()).viewer("ada@example.com")
    with Store(url) as store:
        store.store(
            [
                person("Ada Lovelace", "2025-01-10", ratings={"read-code": 2}),
                person("Ben Okri", "2025-01-10"),
            ],
            framework,
            team="platform",
        )
        store.store(
            [
                person("Ben Okri", "2025-03-01", rater="manager", ratings={"read-code": 1}),
                person("Cy Twombly", "2025-01-10"),
            ],
            framework,
            team="mobile",
        )
        # Ada stores her own, as the My assessments page does: three skills rated.
        store.store(
            [
                person(
                    "Ada Lovelace", "2025-02-01", ratings={"read-code": 3, "write-code": 3, "debug-code": 2}
                )
            ],
            framework,
            viewer=ada,
        )


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    """oidc-provider-mock on a free loopback port, as its own process, stopped (only it) at the end."""
    require_browser()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port", str(port)]
    with answering(command, f"{base}/.well-known/openid-configuration", f"oidc-provider-{port}"):
        yield base


@pytest.fixture(scope="module")
def here(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The deployment's files: secrets, the access file (a test may change it), the database."""
    return tmp_path_factory.mktemp("shared")


@pytest.fixture(scope="module")
def app(provider: str, here: Path) -> Iterator[str]:
    """The app in shared mode: [auth] pointing at the provider, the access file, a seeded database."""
    (here / "secrets.toml").write_text(
        "[auth]\n"
        'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'  # Streamlit fills in its port
        f'cookie_secret = "{secrets.token_urlsafe(32)}"\n'
        'client_id = "stagepath-test"\n'
        'client_secret = "not-a-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
    )
    (here / "access.yaml").write_text(ACCESS)
    url = f"sqlite:///{here / 'stagepath.db'}"
    seed(url)
    env = {
        "STREAMLIT_SECRETS_FILES": str(here / "secrets.toml"),  # the --secrets.files option
        "STAGEPATH_ACCESS": str(here / "access.yaml"),
        "STAGEPATH_DATABASE_URL": url,
    }
    with running_app(env=env) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched_chromium() as chromium:
        yield chromium


def heading(page: Any) -> str:
    text: str = page.locator('[data-testid="stMain"] h1').first.inner_text()
    return text.strip()


def main_text(page: Any) -> str:
    text: str = page.locator('[data-testid="stMain"]').inner_text()
    return text.replace(
        WORD_JOINER, ""
    )  # as read: the joiners that keep names from becoming links are invisible


def shows(page: Any, text: str) -> None:
    """Wait until the page shows the text (a run draws its elements one after another)."""
    page.wait_for_function(
        "([text, joiner]) => document.querySelector('[data-testid=\"stMain\"]')?.innerText"
        ".replaceAll(joiner, '').includes(text)",
        arg=[text, WORD_JOINER],
    )


def refusal_drawn(page: Any) -> str:
    """The whole sign-in or No access page, once its last element (the way back to Explore) is drawn."""
    page.locator('[data-testid="stMain"]').get_by_role("link", name="Explore the curve").wait_for()
    return main_text(page)


def open_page(page: Any, base: str, path: str) -> str:
    """Go to a page by its address in a new session, wait for its run to end, return its heading."""
    page.goto(f"{base}/{path}")
    settle(page)
    return heading(page)


def sign_in(page: Any, base: str, provider: str, email: str) -> None:
    """Sign in as a person would: the sign-in page, the provider's form, and back to the app."""
    assert open_page(page, base, "mine") == "Sign in to continue"
    page.locator('[data-testid="stMain"]').get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(re.escape(provider) + r"/oauth2/authorize.*"))
    page.get_by_placeholder("sub").fill(email)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(re.compile(re.escape(base) + r"/(\?.*)?$"))
    settle(page)


def select_options(page: Any, label: str) -> list[str]:
    """The options a select box offers, read by opening it."""
    page.get_by_role("combobox", name=label).click()
    options = [o.strip() for o in page.get_by_role("option").all_inner_texts()]
    page.keyboard.press("Escape")
    return options


def test_signed_out_nothing_but_explore_opens(page: Any, app: str) -> None:
    assert open_page(page, app, "") == "Stagepath"
    page.locator('[data-testid="stMain"]').get_by_text("Assess yourself").first.wait_for()  # Explore itself
    refused = 0
    for path in CLOSED:
        assert open_page(page, app, path) == "Sign in to continue", path
        text = refusal_drawn(page)
        for private in ("Ada Lovelace", "Ben Okri", "Cy Twombly", "platform", "Showing"):
            assert private not in text, (path, private)
        refused += 1
    shot(page, "auth-signed-out-team")
    assert refused == len(CLOSED) == 6


def test_a_member_sees_only_their_own_assessments(page: Any, app: str, provider: str) -> None:
    sign_in(page, app, provider, "ada@example.com")
    assert open_page(page, app, "mine") == "My assessments"
    shows(page, "Signed in as ada@example.com. Stored under the name 'Ada Lovelace'")
    shows(page, "Stored: 2")  # hers: the one under platform and her own; Ben's and Cy's are not hers
    assert select_options(page, "Open one on the Assess page") == [
        "2025-02-01 · developer · rated by self",
        "2025-01-10 · developer · rated by self",
    ]
    for other in ("Ben Okri", "Cy Twombly", "2025-03-01"):
        assert other not in main_text(page)
    shot(page, "auth-member-mine")
    # Her latest opens on the Assess page with its ratings: three skills rated.
    page.get_by_role("button", name="Open it").click()
    page.wait_for_url(re.compile(r".*/assess$"))
    settle(page)
    assert heading(page) == "Assess yourself"
    page.locator('[data-testid="stExpandSidebarButton"]').click()
    sidebar = page.locator('[data-testid="stSidebar"]')
    # Shown as it is: the address copied from the sidebar is the address, and it is not a link.
    line = sidebar.get_by_text("Signed in as ada@example.com")
    line.wait_for()
    assert line.evaluate("(e) => e.closest('a') === null && e.querySelector('a') === null")
    assert line.inner_text().strip() == "Signed in as ada@example.com"
    assert re.search(r"\b3 of \d+ skills rated", main_text(page))  # the page's own live line
    # The pages for managers are not hers, by page and by address.
    assert open_page(page, app, "team") == "No access"
    assert "the Team page is for managers, and ada@example.com manages no team" in refusal_drawn(page)
    shot(page, "auth-member-team-refused")
    assert open_page(page, app, "hiring") == "No access"
    assert open_page(page, app, "team?team=platform") == "No access"
    text = refusal_drawn(page)
    assert "Showing" not in text and "Ben Okri" not in text


def test_a_manager_sees_their_team_and_no_other(page: Any, app: str, provider: str) -> None:
    sign_in(page, app, provider, "maria@example.com")
    assert open_page(page, app, "team?team=platform") == "Team"
    shows(page, "Showing 2 people")
    shows(page, "Signed in as maria@example.com")
    text = main_text(page)
    # Ada and Ben, with what was stored under platform: 2 assessments; not mobile's manager assessment of
    # Ben, nor what Ada stored for herself (the database holds 4 for them).
    assert "Showing 2 people (2 assessments) from team platform in the database, with history." in text
    assert "Signed in as maria@example.com. You see the teams you manage: platform." in text
    page.locator('[data-testid="stMetricValue"]').first.wait_for()
    shot(page, "auth-manager-team")
    assert select_options(page, "Team") == ["Everyone you may see", "platform"]
    # Another team, by address: the No access page, and nothing of that team.
    assert open_page(page, app, "team?team=mobile") == "No access"
    text = refusal_drawn(page)
    assert "maria@example.com does not manage a team called 'mobile'" in text
    assert "Cy Twombly" not in text and "Showing" not in text
    shot(page, "auth-manager-other-team-refused")
    # A team that does not exist is refused in the same words: the page does not tell which teams exist.
    assert open_page(page, app, "team?team=no-such-team") == "No access"
    assert "does not manage a team called 'no-such-team'" in refusal_drawn(page)
    # Her own pages still open.
    assert open_page(page, app, "hiring") == "Hiring"
    assert open_page(page, app, "mine") == "My assessments"
    shows(page, "Nothing stored yet")


def test_signing_out_closes_everything_but_explore_again(page: Any, app: str, provider: str) -> None:
    sign_in(page, app, provider, "mo@example.com")
    assert open_page(page, app, "team?team=mobile") == "Team"
    shows(page, "Showing 2 people")
    assert open_page(page, app, "mine") == "My assessments"
    shows(page, "Nothing stored yet")
    page.locator('[data-testid="stExpandSidebarButton"]').click()
    page.locator('[data-testid="stSidebar"]').get_by_role("button", name="Sign out").click()
    # Streamlit clears its cookie, then asks the provider to end its session too.
    page.wait_for_url(re.compile(re.escape(provider) + r"/oauth2/end_session.*"))
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(re.compile(re.escape(app) + r"/.*"))
    for path in ("team?team=mobile", "mine", "assess"):
        assert open_page(page, app, path) == "Sign in to continue", path
    assert open_page(page, app, "") == "Stagepath"
    shot(page, "auth-signed-out-again")


def go(page: Any, nav_label: str, title: str) -> None:
    """Move to another page through the top navigation, in the same session, as a person does: the pages
    for managers are in the menu's "For managers" section."""
    page.locator("header").get_by_text("For managers").first.click()
    page.locator("a", has_text=nav_label).filter(visible=True).first.click()
    page.wait_for_function(
        "(title) => document.querySelector('[data-testid=\"stMain\"] h1')?.innerText.trim() === title",
        arg=title,
    )
    settle(page)


def load_stored(page: Any, team: str) -> None:
    """Pick a team in the database box and load it."""
    page.get_by_role("combobox", name="Team").click()
    page.get_by_role("option", name=team, exact=True).click()
    page.get_by_role("button", name="Load from the database").click()
    settle(page)


def team_report(page: Any) -> str:
    """The Team report the page offers, downloaded."""
    with page.expect_download() as caught:
        page.get_by_role("button", name="Team report (Markdown)").click()
    return Path(caught.value.path()).read_text()


def received(frames: list[bytes | str], since: int = 0) -> bytes:
    """What the browser received over the app's websocket since frame `since`, as one byte string. Chromium
    reports to Playwright only the smaller messages (the page's text, widgets and their options: the team's
    name is among them); the large ones (tables, charts) are not seen here, so those are checked on the page."""
    return b"".join(f if isinstance(f, bytes) else f.encode() for f in frames[since:])


def test_a_team_taken_away_is_gone_on_her_next_page_and_a_team_given_appears(
    page: Any, app: str, provider: str, here: Path
) -> None:
    """Maria manages platform and, for a while, mobile (Ben and Cy). Mobile is taken from her while she has
    it open: what she does next (a change inside the page, another page, the Team page again) shows nothing
    of mobile, in the page, the downloads or the frames the server sends; given back, it appears."""
    access = here / "access.yaml"
    both = ACCESS.replace("maria@example.com: [platform]", "maria@example.com: [platform, mobile]")
    frames: list[bytes | str] = []
    page.on("websocket", lambda socket: socket.on("framereceived", lambda payload: frames.append(payload)))
    try:
        access.write_text(both)
        sign_in(page, app, provider, "maria@example.com")
        assert open_page(page, app, "team?team=mobile") == "Team"
        # Ben and Cy, with what was stored under either of her teams: Ben's platform and mobile assessments.
        shows(page, "Showing 2 people (3 assessments) from team mobile in the database, with history.")
        # What a leak would look like: the team's name in the frames, Cy (only in mobile) in the report.
        assert b"team mobile" in received(frames) and "Cy Twombly" in team_report(page)
        go(page, "Hiring", "Hiring")
        shows(page, "From the Team page: 2 people")
        go(page, "Team", "Team")
        shows(page, "from team mobile")

        access.write_text(ACCESS)  # mobile is taken from her
        taken = len(frames)
        # A change inside the page (the target stage reruns only its section): the whole page follows.
        page.get_by_role("combobox", name="Target stage").click()
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        settle(page)
        shows(page, "You see the teams you manage: platform.")
        shows(page, "No team yet.")  # the last thing the run draws: what the run before drew is gone
        settle(page)
        text = main_text(page)
        assert "Cy Twombly" not in text and "from team mobile" not in text and "Showing" not in text
        assert page.get_by_role("button", name="Team report (Markdown)").count() == 0
        shot(page, "auth-team-taken-away")
        go(page, "Hiring", "Hiring")
        shows(page, "Load a team on the Team page")  # the gaps built from mobile are gone too
        assert "the Team page: 2 people" not in main_text(page)
        go(page, "Team", "Team")
        assert select_options(page, "Team") == ["Everyone you may see", "platform"]
        load_stored(page, "Everyone you may see")
        shows(page, "Showing 2 people (2 assessments) from everyone stored in the database")
        report = team_report(page)
        assert "Ada Lovelace" in report and "Cy Twombly" not in report
        assert "Cy Twombly" not in main_text(page)
        assert b"mobile" not in received(frames, taken) and b"Cy Twombly" not in received(frames, taken)
        assert len(frames) > taken  # the frames looked at are there

        access.write_text(both)  # and given back
        given = len(frames)
        go(page, "Hiring", "Hiring")
        go(page, "Team", "Team")
        assert select_options(page, "Team") == ["Everyone you may see", "mobile", "platform"]
        load_stored(page, "mobile")
        shows(page, "Showing 2 people (3 assessments) from team mobile in the database, with history.")
        assert b"team mobile" in received(frames, given)
        shot(page, "auth-team-given")
    finally:
        access.write_text(ACCESS)
