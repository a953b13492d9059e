"""A check-in and a confirmation end to end, with people signed in at once in a real chromium (each in their
own browser context) through a real OpenID Connect provider (oidc-provider-mock): Ada shares her saved
assessment, her manager Maria reviews it, Ada agrees, Ada asks Grace to confirm a skill and Grace answers;
at every step each sees what their role allows, and Mo, who manages another team, sees none of it. Skips
without chromium, and fails instead under STAGEPATH_REQUIRE_BROWSER=1 (CI). Screenshots go to
test-artifacts/checkins-*.png."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from planner.formats.access import parse_access
from planner.formats.assessment import Assessment
from planner.framework.loading import SHIPPED_ROLES, load_framework
from planner.storage import Store
from tests.browser_support import running_app, settle, shot, visitor
from tests.ui.test_browser_auth import main_text, open_page, provider, shows, sign_in
from tests.ui.test_browser_pages import violations

pytestmark = pytest.mark.browser
__all__ = ["provider"]  # the module's fixture, from the sign-in tests

ACCESS = """\
administrators: [boss@example.com]
managers:
  maria@example.com: [platform]
  mo@example.com: [mobile]
members:
  ada@example.com: Ada Lovelace
  grace@example.com: Grace Hopper
"""
OWN = {"read-code": 3, "write-code": 3, "debug-code": 2, "prompting": 2}


def seed(url: str) -> None:
    framework = load_framework(SHIPPED_ROLES)
    access = parse_access("access.yaml", ACCESS.encode())
    with Store(url) as store:
        store.store(
            [
                Assessment(name="Ada Lovelace", track="developer", rater="manager", ratings={"read-code": 2}),
                Assessment(name="Grace Hopper", track="developer", rater="manager", ratings={"read-code": 3}),
            ],
            framework,
            team="platform",
            viewer=access.viewer("maria@example.com"),
        )
        store.store(
            [Assessment(name="Cy Twombly", track="qa", rater="manager")],
            framework,
            team="mobile",
            viewer=access.viewer("mo@example.com"),
        )
        # Ada's own, saved as My assessments saves it: private to her until she shares it.
        store.store(
            [Assessment(name="Ada Lovelace", track="developer", ratings=OWN)],
            framework,
            viewer=access.viewer("ada@example.com"),
        )


@pytest.fixture(scope="module")
def app(provider: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    here = tmp_path_factory.mktemp("checkins")
    (here / "secrets.toml").write_text(
        "[auth]\n"
        'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_urlsafe(32)}"\n'
        'client_id = "stagepath-test"\n'
        'client_secret = "not-a-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
    )
    (here / "access.yaml").write_text(ACCESS)
    url = f"sqlite:///{here / 'stagepath.db'}"
    seed(url)
    env = {
        "STREAMLIT_SECRETS_FILES": str(here / "secrets.toml"),
        "STAGEPATH_ACCESS": str(here / "access.yaml"),
        "STAGEPATH_DATABASE_URL": url,
    }
    with running_app(env=env) as base:
        yield base


@pytest.fixture(scope="module")
def base_url(app: str) -> str:
    return app


def check_ins(page: Any, app: str) -> str:
    """Open the Check-ins page afresh (as a person coming back to it) and return its text."""
    assert open_page(page, app, "checkins") == "Check-ins"
    return main_text(page)


def click(page: Any, name: str) -> None:
    page.locator('[data-testid="stMain"]').get_by_role("button", name=name, exact=True).first.click()
    settle(page)


def test_a_check_in_from_draft_to_agreed_and_a_confirmation_asked_and_answered(
    browser: Any, request: pytest.FixtureRequest, app: str, provider: str
) -> None:
    with visitor(browser, request) as ada, visitor(browser, request) as maria:
        sign_in(ada, app, provider, "ada@example.com")
        sign_in(maria, app, provider, "maria@example.com")

        # Draft: hers alone. Her manager sees no check-in and none of her own ratings.
        assert "Nobody in your teams has shared a check-in yet." in check_ins(maria, app)
        text = check_ins(ada, app)
        assert "Share a saved assessment with a manager of your team" in text
        click(ada, "Share it")
        shows(ada, "Check-in: shared: waiting for a manager's review")
        assert "With platform" in main_text(ada)  # the team as plain text above the check-in
        shot(ada, "checkins-ada-shared")

        # Shared: Maria sees it, with Ada's ratings beside hers, and records her review.
        text = check_ins(maria, app)
        assert "Ada Lovelace, platform" in text and "Check-in: shared: waiting for a manager's review" in text
        maria.locator('[data-testid="stDataFrame"]').nth(1).wait_for()  # the steps, then the review table
        shot(maria, "checkins-maria-review")
        problems = [f"a manager reviewing: {line}" for line in violations(maria)]
        maria.set_viewport_size({"width": 390, "height": 2400})  # as on a phone
        shot(maria, "checkins-maria-review-390")
        maria.set_viewport_size({"width": 1400, "height": 2400})
        click(maria, "Record the review")
        shows(maria, "Check-in: reviewed: waiting for the person to agree")

        # Reviewed: Ada agrees; both see it agreed, dated, with every step.
        text = check_ins(ada, app)
        assert "With platform" in text and "Check-in: reviewed: waiting for the person to agree" in text
        click(ada, "Agree")
        shows(ada, "Check-in: agreed")
        text = check_ins(maria, app)
        assert "Ada Lovelace, platform" in text and "Check-in: agreed" in text
        shot(maria, "checkins-maria-agreed")
        problems += [f"a check-in agreed: {line}" for line in violations(ada)]

        # A confirmation: Ada asks Grace; Grace, signed in beside them, answers; Ada sees the answer.
        check_ins(ada, app)
        ada.get_by_label("Colleague's e-mail").fill("grace@example.com")
        ada.get_by_label("A line of evidence they can check").fill("Reviewed my parser rewrite")
        click(ada, "Ask")
        shows(ada, "Asked of")
        with visitor(browser, request) as grace:
            sign_in(grace, app, provider, "grace@example.com")
            text = check_ins(grace, app)
            assert "Asked of you: 1" in text
            assert "Ada Lovelace asks grace@example.com to confirm" in text
            assert "Reviewed my parser rewrite" in text
            shot(grace, "checkins-grace-asked")
            problems += [f"a colleague asked: {line}" for line in violations(grace)]
            click(grace, "Answer")
            shows(grace, "Asked of you: 0")
        assert "confirmed on" in check_ins(ada, app)
        assert problems == [], "\n".join(problems)  # WCAG 2.2 AA, by axe-core, at each step
        # Her manager sees the request of her team's member, answered.
        assert "Ada Lovelace" in check_ins(maria, app)

    # A manager of another team sees none of it.
    with visitor(browser, request) as mo:
        sign_in(mo, app, provider, "mo@example.com")
        text = check_ins(mo, app)
        assert "Nobody in your teams has shared a check-in yet." in text
        assert "Ada Lovelace" not in text and "grace@example.com" not in text
        shot(mo, "checkins-mo-sees-nothing")


def test_the_page_says_what_it_is_for_in_single_user_mode(tmp_path: Path) -> None:
    from streamlit.testing.v1 import AppTest

    from tests.app_support import APP

    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    at.switch_page("planner/ui/pages/checkins.py").run()
    assert not at.exception
    assert at.title[0].value == "Check-ins"
    assert at.info[0].value.startswith("Single-user mode: check-ins need people signed in")
