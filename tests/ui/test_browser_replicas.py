"""Two replicas on one PostgreSQL: two real app servers (`streamlit run`, two ports) with the same database,
secrets and access file, as behind a load balancer, signed in through the real OpenID Connect flow against
oidc-provider-mock, each driven by its own browser. What one stores, a session of the other sees on its
next run; what the command line stores too; a change of roles in the access file applies in both.

Skips without chromium (fails under STAGEPATH_REQUIRE_BROWSER=1) or PostgreSQL (fails under
STAGEPATH_REQUIRE_POSTGRES=1)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from planner.formats.assessment import Assessment
from planner.framework.loading import SHIPPED_ROLES, load_framework
from planner.storage import Store
from tests.browser_support import launched_chromium, running_app, settle, visitor
from tests.ui.test_browser_auth import ACCESS, open_page, provider, select_options, shows, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.postgres]
provider = provider  # the module-scoped OpenID Connect provider of the sign-in tests
STAGEPATH = str(Path(sys.executable).with_name("stagepath"))
ROSTER = "name,track,rater,assessed_on,read-code\nDora Maar,developer,manager,2026-11-02,3\n"


@pytest.fixture(scope="module")
def database(postgres_server: str) -> Iterator[str]:
    """A schema of this module's own in the test PostgreSQL, seeded with two teams."""
    schema = f"replicas_{uuid.uuid4().hex[:10]}"
    admin = create_engine(postgres_server)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(postgres_server).update_query_dict({"options": f"-csearch_path={schema}"})
    shown = url.render_as_string(hide_password=False)
    framework = load_framework(SHIPPED_ROLES)
    with Store(shown) as store:
        names = ["Ada Lovelace", "Ben Okri"]
        store.store([Assessment(name=n, track="developer") for n in names], framework, team="platform")
        store.store([Assessment(name="Cy Twombly", track="qa")], framework, team="mobile")
    try:
        yield shown
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@dataclass(frozen=True)
class Replicas:
    """The two servers' addresses and the access file both read."""

    bases: list[str]
    access: Path


@pytest.fixture(scope="module")
def replicas(provider: str, database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Replicas]:
    here = tmp_path_factory.mktemp("replicas")
    (here / "secrets.toml").write_text(
        "[auth]\n"
        'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_urlsafe(32)}"\n'  # the same on every replica
        'client_id = "stagepath-test"\n'
        'client_secret = "not-a-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
    )
    (here / "access.yaml").write_text(ACCESS)
    env = {
        "STREAMLIT_SECRETS_FILES": str(here / "secrets.toml"),
        "STAGEPATH_ACCESS": str(here / "access.yaml"),
        "STAGEPATH_DATABASE_URL": database,
    }
    with ExitStack() as servers:
        bases = [servers.enter_context(running_app(env=env, timeout=60)) for _ in range(2)]
        yield Replicas(bases, here / "access.yaml")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched_chromium() as chromium:
        yield chromium


def test_what_one_replica_or_the_command_line_stores_the_other_shows_on_its_next_run(
    browser: Any, replicas: Replicas, provider: str, database: str, request: pytest.FixtureRequest
) -> None:
    one, other = replicas.bases
    with visitor(browser, request) as first, visitor(browser, request) as second:
        sign_in(first, one, provider, "maria@example.com")
        sign_in(second, other, provider, "maria@example.com")
        for page, base in ((first, one), (second, other)):
            assert open_page(page, base, "team?team=platform") == "Team"
            shows(page, "Showing 2 people (2 assessments) from team platform in the database, with history.")

        # Maria saves a roster into platform through the first replica.
        first.locator('[data-testid="stFileUploader"] input[type="file"]').first.set_input_files(
            {"name": "dora.csv", "mimeType": "text/csv", "buffer": ROSTER.encode()}
        )
        shows(first, "Showing 1 person (1 assessments) from 1 uploaded file")
        first.get_by_text("Save this roster to the database").click()
        first.get_by_label("Team name").fill("platform")
        first.get_by_label("Team name").press("Enter")
        settle(first)
        first.get_by_role("button", name="Save 1 assessments").click()
        shows(first, "Saved 1 assessments as the team named below. Load them any time from the database.")

        # The second replica's session, on its next run (any change on the page), reads it.
        rerun(second)
        shows(second, "Showing 3 people (3 assessments) from team platform in the database, with history.")

        # The command line stores another; the second replica's next run shows it too.
        roster = Path(request.config.rootpath) / "test-artifacts" / "replica-roster.csv"
        roster.parent.mkdir(exist_ok=True)
        roster.write_text(ROSTER.replace("Dora Maar", "Eve Arnold"))
        environment = {**os.environ, "STAGEPATH_DATABASE_URL": database}
        environment.pop("STAGEPATH_ACCESS", None)
        imported = subprocess.run(
            [STAGEPATH, "import", str(roster), "--team", "platform"],
            capture_output=True,
            text=True,
            env=environment,
            check=False,
        )
        assert imported.returncode == 0, imported.stderr
        rerun(second)
        shows(second, "Showing 4 people (4 assessments) from team platform in the database, with history.")
        # A new session on the first replica sees it as well.
        assert open_page(first, one, "team?team=platform") == "Team"
        shows(first, "Showing 4 people (4 assessments) from team platform in the database, with history.")


def test_roles_changed_in_the_access_file_apply_on_both_replicas(
    browser: Any, replicas: Replicas, provider: str, request: pytest.FixtureRequest
) -> None:
    with visitor(browser, request) as first, visitor(browser, request) as second:
        pages = list(zip((first, second), replicas.bases, strict=True))
        for page, base in pages:
            sign_in(page, base, provider, "maria@example.com")
            assert open_page(page, base, "team") == "Team"
            assert select_options(page, "Team") == ["Everyone you may see", "platform"]
        replicas.access.write_text(
            ACCESS.replace("maria@example.com: [platform]", "maria@example.com: [platform, mobile]")
        )
        try:
            for page, _ in pages:
                rerun(page)
                assert offered(page) == ["Everyone you may see", "mobile", "platform"]
        finally:
            replicas.access.write_text(ACCESS)
        for page, _ in pages:
            rerun(page)
            assert offered(page, ["Everyone you may see", "platform"]) == ["Everyone you may see", "platform"]


def offered(page: Any, expected: list[str] | None = None) -> list[str]:
    """The teams the page offers once the run the change caused has drawn them: a click's run may not have
    begun when the page first looks settled, so the options are read again (a few times, with a settle
    between) until they are the ones expected or the tries run out."""
    expected = expected or ["Everyone you may see", "mobile", "platform"]
    found: list[str] = []
    for _ in range(10):
        found = select_options(page, "Team")
        if found == expected:
            break
        page.wait_for_timeout(500)
        settle(page)
    return found


def rerun(page: Any) -> None:
    """A run of the page's session, as any change on it makes: the database box's history box ticked or
    unticked (it changes nothing until a team is loaded again)."""
    page.get_by_text("With history (for progress and calibration)").click()
    settle(page)
