"""A database URL's secrets are never shown: the password of its user part and the query parameters that
carry one (password, sslpassword) or name where one is (passfile, sslkey) are masked by one function,
planner.storage.database.shown_url, on every path a URL reaches a person: every command line error (as
real processes), `stagepath db`, the Team page's caption, and the pages' errors when the database cannot be
opened; a driver that is not installed is one line naming the extra to install."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from planner.storage.database import shown_url
from tests.app_support import APP, named_by
from tests.storage import test_storage

postgres_url = test_storage.postgres_url
STAGEPATH = str(Path(sys.executable).with_name("stagepath"))
ROOT = Path(__file__).resolve().parent.parent.parent
SECRETS = ["s3cret-user-pw", "qpass-1", "sslpass-2", "hidden-passfile-3", "hidden-key-4"]
QUERY = (
    "password=qpass-1&sslpassword=sslpass-2&passfile=%2Fhome%2Fx%2Fhidden-passfile-3"
    "&sslkey=/etc/hidden-key-4&application_name=stagepath"
)
UNREACHABLE = f"postgresql://someone:s3cret-user-pw@127.0.0.1:9/nowhere?{QUERY}"


def no_secrets(shown: str) -> None:
    for secret in SECRETS:
        assert secret not in shown, (secret, shown)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (
            UNREACHABLE,
            "postgresql://someone:***@127.0.0.1:9/nowhere?password=***&sslpassword=***&passfile=***"
            "&sslkey=***&application_name=stagepath",
        ),
        (
            "postgresql+psycopg://ada@db/stagepath?sslmode=require",
            "postgresql+psycopg://ada@db/stagepath?sslmode=require",
        ),
        ("postgresql://ada:@db/x?PassWord=qpass-1", "postgresql://ada:***@db/x?PassWord=***"),
        ("postgresql://ada:s3cret-user-pw@db:notaport/x", "postgresql://ada:***@db:notaport/x"),
        ("sqlite:////srv/stagepath/stagepath.db", "sqlite:////srv/stagepath/stagepath.db"),
    ],
)
def test_the_one_masking_function(url: str, shown: str) -> None:
    assert shown_url(url) == shown
    no_secrets(shown_url(url))


def cli(*args: str, url: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("STAGEPATH_")}
    environment["STAGEPATH_DATABASE_URL"] = url
    return subprocess.run(
        [STAGEPATH, *args], capture_output=True, text=True, env=environment, cwd=cwd, timeout=120, check=False
    )


COMMANDS = [
    ["export"],
    ["export", "--groundwork"],
    ["import", str(ROOT / "examples" / "team-roster.csv")],
    ["team", "--database", "--team", "platform"],
    ["org", "--database"],
    ["db", "current"],
    ["db", "upgrade"],
    ["db", "history"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_every_command_that_opens_the_database_masks_its_url(command: list[str]) -> None:
    result = cli(*command, url=UNREACHABLE)
    assert (
        result.returncode == 1 and "Traceback" not in result.stderr and "internal error" not in result.stderr
    )
    [line] = result.stderr.strip().splitlines()
    assert (
        line.startswith("STAGEPATH_DATABASE_URL: cannot ")
        and "postgresql+psycopg://someone:***@127.0.0.1:9" in line
    )
    assert "application_name=stagepath" in line  # what is not secret is shown as given
    no_secrets(result.stdout + result.stderr)


def test_a_url_too_broken_to_use_is_shown_masked() -> None:
    result = cli("export", url="postgresql://someone:s3cret-user-pw@db:notaport/x?password=qpass-1")
    [line] = result.stderr.strip().splitlines()
    assert result.returncode == 1 and "is not a database URL" in line and "someone:***@db" in line
    no_secrets(result.stderr)


@pytest.mark.postgres
def test_a_working_url_is_shown_masked_by_db_current_and_on_the_team_page(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The test server trusts local connections, so it ignores the password parameters, as a server
    # configured for passwords would use them.
    url = f"{postgres_url}&password=qpass-1&sslpassword=sslpass-2&passfile=/nonexistent/hidden-passfile-3"
    result = cli("db", "current", url=url)
    assert result.returncode == 0, result.stderr
    assert "password=***&sslpassword=***&passfile=***" in result.stdout
    no_secrets(result.stdout + result.stderr)
    monkeypatch.setenv("STAGEPATH_DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    at.switch_page("planner/ui/pages/team.py").run()
    # The address as plain text under its caption: shown and copied as it is, never a link.
    [shown] = [t.value for t in at.text if str(t.value).startswith("postgresql")]
    assert "password=***&sslpassword=***&passfile=***" in shown
    no_secrets(everything(at))


def everything(at: AppTest) -> str:
    kinds = (
        "title",
        "markdown",
        "caption",
        "error",
        "warning",
        "info",
        "success",
        "text",
        "code",
        "exception",
    )
    return "\n".join(str(getattr(e, "value", e)) for kind in kinds for e in getattr(at, kind))


@pytest.mark.parametrize(
    ("page", "said"), [("team", "The database cannot be opened"), ("org", "The database cannot be read")]
)
def test_the_pages_say_the_database_cannot_be_opened_without_its_secrets(
    page: str, said: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STAGEPATH_DATABASE_URL", UNREACHABLE)
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    at.switch_page(f"planner/ui/pages/{page}.py").run()
    assert not at.exception
    errors = [str(e.value) for e in at.error]
    assert f"{said}:" in errors, errors
    assert "someone:" in named_by(at, f"{said}:")  # the reason, naming the user, as plain text under it
    no_secrets(everything(at))


def test_a_missing_driver_is_one_line_naming_the_extra_to_install(tmp_path: Path) -> None:
    """A Python whose packages are this one's but the PostgreSQL driver's, as after `pip install .`
    without the extra: every installed package but psycopg is linked into a folder of its own."""
    import sysconfig

    site = Path(sysconfig.get_paths()["purelib"])
    packages = tmp_path / "site"
    packages.mkdir()
    for entry in site.iterdir():
        if not entry.name.lower().startswith("psycopg") and not entry.name.endswith(".pth"):
            (packages / entry.name).symlink_to(entry)
    environment = {k: v for k, v in os.environ.items() if not k.startswith("STAGEPATH_")}
    environment.update(
        PYTHONPATH=f"{ROOT}{os.pathsep}{packages}", STAGEPATH_DATABASE_URL="postgresql://ada@db/stagepath"
    )
    code = "import sys; from planner.cli import main; sys.exit(main(sys.argv[1:]))"
    for command in (["export"], ["db", "current"]):
        result = subprocess.run(
            [sys.executable, "-S", "-c", code, *command],
            capture_output=True,
            text=True,
            env=environment,
            timeout=120,
            check=False,
        )
        assert result.returncode == 1, result.stderr
        assert result.stderr.strip() == (
            "STAGEPATH_DATABASE_URL: the database driver for postgresql+psycopg (psycopg) is not installed "
            '(pip install "stagepath[postgres]")'
        )
