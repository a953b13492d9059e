"""Shared fixtures: the shipped framework, a small framework of our own making, helpers to break them, and
the PostgreSQL server the storage tests run against."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest

from planner.framework import Framework
from planner.framework.cache import ENV_CACHE_DIR
from planner.framework.loading import SHIPPED_ROLES, load_framework
from tests.browser_support import browser, page  # noqa: F401 (fixtures of every browser test module)

HERE = Path(__file__).resolve().parent
FIVE_STAGE = HERE / "frameworks" / "five-stage"
LADDERED = HERE / "frameworks" / "laddered"

POSTGRES_URL = "STAGEPATH_TEST_POSTGRES_URL"
REQUIRE_POSTGRES = "STAGEPATH_REQUIRE_POSTGRES"
THROWAWAY_POSTGRES = "STAGEPATH_TEST_POSTGRES_THROWAWAY"

# The framework cache of every test, and of every process a test starts, is a directory of this run's own,
# never the user's: a test sees only the entries tests wrote.
os.environ[ENV_CACHE_DIR] = tempfile.mkdtemp(prefix="stagepath-test-cache-")


@pytest.fixture(scope="session")
def shipped() -> Framework:
    return load_framework(SHIPPED_ROLES)


@pytest.fixture(scope="session")
def five() -> Framework:
    return load_framework(FIVE_STAGE)


@pytest.fixture(scope="session")
def laddered() -> Framework:
    return load_framework(LADDERED)


@pytest.fixture
def roles_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped framework, to break one rule at a time."""
    target = tmp_path / "roles"
    shutil.copytree(SHIPPED_ROLES, target)
    return target


def _no_postgres(reason: str) -> NoReturn:
    """Skip a PostgreSQL test, or fail it when STAGEPATH_REQUIRE_POSTGRES=1 (as .ci/run sets)."""
    message = (
        f"no PostgreSQL to test against: {reason}; set {POSTGRES_URL}=postgresql+psycopg://USER@HOST:PORT/DB "
        "or install the dev extras (pgserver starts a throwaway server)"
    )
    if os.environ.get(REQUIRE_POSTGRES) == "1":
        pytest.fail(f"{REQUIRE_POSTGRES}=1 but {message}")
    pytest.skip(message)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The PostgreSQL server of this test session, as a SQLAlchemy URL: the one STAGEPATH_TEST_POSTGRES_URL
    names (.ci/run starts Debian's), else a throwaway one started from the pgserver wheel on a Unix socket
    and stopped when the session ends. Started only when a test asks for it. While it runs, its URL is in
    the environment, so that processes a test starts (the command line, concurrent writers) can reach it.
    STAGEPATH_TEST_POSTGRES_THROWAWAY=0 starts none (the tests then skip, or fail when required)."""
    given = os.environ.get(POSTGRES_URL, "").strip()
    if given:
        yield given
        return
    if os.environ.get(THROWAWAY_POSTGRES) == "0":
        _no_postgres(f"{POSTGRES_URL} is not set and {THROWAWAY_POSTGRES}=0")
    try:
        import pgserver
    except ImportError:
        _no_postgres(f"{POSTGRES_URL} is not set and pgserver is not installed")
    # A short folder of our own: the server's socket lives in it, and socket paths are limited to ~100 bytes.
    folder = tempfile.mkdtemp(prefix="stagepath-pg-")
    try:
        server = pgserver.get_server(folder, cleanup_mode="stop")
    except Exception as exc:  # whatever stops it starting, the tests say so rather than erroring one by one
        shutil.rmtree(folder, ignore_errors=True)
        _no_postgres(f"the throwaway PostgreSQL did not start ({type(exc).__name__}: {exc})")
    url = server.get_uri().replace("postgresql://", "postgresql+psycopg://", 1)
    os.environ[POSTGRES_URL] = url
    try:
        yield url
    finally:
        os.environ.pop(POSTGRES_URL, None)
        server.cleanup()
        shutil.rmtree(folder, ignore_errors=True)
