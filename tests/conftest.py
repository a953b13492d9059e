"""Shared fixtures: the shipped framework, a small framework of our own making, and helpers to break them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from planner.framework import SHIPPED_ROLES, Framework, load_framework

HERE = Path(__file__).resolve().parent
FIVE_STAGE = HERE / "frameworks" / "five-stage"
LADDERED = HERE / "frameworks" / "laddered"


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
