"""The page-against-command-line tests' fixtures: a database of the test's own (the pages never open the
user's), and the downloads a page offers, caught by file name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.app_support import catch_downloads
from tests.team_support import use_database


@pytest.fixture(autouse=True)
def database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    return use_database(monkeypatch, tmp_path)


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    return catch_downloads(monkeypatch)
