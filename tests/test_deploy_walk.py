"""docs/deploy.md followed from a fresh clone to a signed-in page on PostgreSQL: the repository cloned, the
guide's install (`pip install ".[postgres]"`) into a new virtual environment, its secrets file with an
[auth] section (the identity provider is oidc-provider-mock on loopback), its access file, a PostgreSQL
database named by a plain `postgresql://` URL, `stagepath db upgrade`, a roster stored with `stagepath
import`, and the guide's own `streamlit run` command; then the guide's "Checking a deployment": a manager
signs in and opens her team, a member is refused it. Uses what is committed (a clone sees nothing else).
The install takes a minute or two: pip reads the package index as configured on the machine.

Skips without chromium (fails under STAGEPATH_REQUIRE_BROWSER=1) or PostgreSQL (fails under
STAGEPATH_REQUIRE_POSTGRES=1)."""

from __future__ import annotations

import os
import re
import secrets
import shlex
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.browser_support import answering, free_port, launched_chromium, visitor
from tests.ui.test_browser_auth import open_page, provider, refusal_drawn, shows, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.postgres]
provider = provider  # the OpenID Connect provider of the sign-in tests, on loopback
ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "deploy.md"
ACCESS = """\
administrators: [boss@example.com]
managers:
  maria@example.com: [platform]
members:
  ada@example.com: Amara Okafor
"""


def guide() -> str:
    return GUIDE.read_text()


def guide_start_command() -> list[str]:
    """The `streamlit run` command of the guide's step 5, as written there."""
    block = guide().split("## 5. Start it behind a TLS proxy", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    command = block[block.index("streamlit run") :].replace("\\\n", " ")
    return shlex.split(command)


def run(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, capture_output=True, text=True, check=False, **kwargs)
    assert result.returncode == 0, (command, result.stdout[-2000:], result.stderr[-2000:])
    return result


@pytest.fixture(scope="module")
def database(postgres_server: str) -> Iterator[str]:
    """A database of its own in the test server, as the plain `postgresql://` URL the guide exports."""
    name = f"walk_{uuid.uuid4().hex[:10]}"
    admin = create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(postgres_server).set(drivername="postgresql", database=name)
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="module")
def deployment(provider: str, database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    here = tmp_path_factory.mktemp("deploy")
    clone = here / "stagepath"
    run(["git", "clone", "-q", "--no-hardlinks", str(ROOT), str(clone)])
    # What you need: Python 3.11+ and the guide's install, into an environment of its own.
    assert 'pip install ".[postgres]"' in guide()
    run([sys.executable, "-m", "venv", str(here / "venv")])
    bin_dir = here / "venv" / "bin"
    run(
        [str(bin_dir / "pip"), "install", "-q", "--disable-pip-version-check", ".[postgres]"],
        cwd=clone,
        timeout=900,
    )
    # 2. The secrets, owner-only, outside the checkout.
    etc = here / "etc"
    etc.mkdir(mode=0o700)
    secrets_file = etc / "secrets.toml"
    secrets_file.write_text(
        "[auth]\n"
        'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'  # loopback, for trying it out (the guide)
        f'cookie_secret = "{secrets.token_urlsafe(48)}"\n'
        'client_id = "stagepath"\n'
        'client_secret = "from-the-provider"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
    )
    secrets_file.chmod(0o600)
    # 3. The database, and its tables made on purpose; 4. who is who.
    (etc / "access.yaml").write_text(ACCESS)
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("STAGEPATH_", "STREAMLIT_"))}
    environment.update(
        STAGEPATH_DATABASE_URL=database,
        STAGEPATH_ACCESS=str(etc / "access.yaml"),
        PATH=f"{bin_dir}{os.pathsep}{environment.get('PATH', '')}",
    )
    environment.pop("PYTHONPATH", None)
    upgraded = run(["stagepath", "db", "upgrade"], env=environment, cwd=here)
    assert re.search(r": upgraded from empty to revision \d{4}$", upgraded.stdout.strip()), upgraded.stdout
    imported = run(
        ["stagepath", "import", "examples/team-roster.csv", "--team", "platform"], env=environment, cwd=clone
    )
    assert "stored 16 assessment(s) in team 'platform'" in imported.stdout
    # 5. Start it, with the guide's own command, on a free port instead of 8501.
    command = guide_start_command()
    assert command[:3] == ["streamlit", "run", "app.py"], command
    port = free_port()
    command = [str(bin_dir / "streamlit"), *command[1:]]
    command[command.index("--secrets.files") + 1] = str(secrets_file)
    command[command.index("--server.port") + 1] = str(port)
    base = f"http://127.0.0.1:{port}"
    with answering(command, f"{base}/_stcore/health", f"deploy-walk-{port}", clone, environment, timeout=120):
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched_chromium() as chromium:
        yield chromium


def test_the_deployment_guide_from_a_fresh_clone_to_a_signed_in_page_on_postgresql(
    browser: Any, deployment: str, provider: str, request: pytest.FixtureRequest
) -> None:
    with visitor(browser, request) as page:
        assert open_page(page, deployment, "team?team=platform") == "Sign in to continue"
        sign_in(page, deployment, provider, "maria@example.com")
        assert open_page(page, deployment, "team?team=platform") == "Team"
        shows(page, "Signed in as maria@example.com. You see the teams you manage: platform.")
        shows(page, "from team platform in the database, with history.")
        assert "postgresql" in page.locator('[data-testid="stMain"]').inner_text()  # the database caption
    with visitor(browser, request) as page:
        sign_in(page, deployment, provider, "ada@example.com")
        assert open_page(page, deployment, "team?team=platform") == "No access"
        assert "Amara Okafor" not in refusal_drawn(page)
