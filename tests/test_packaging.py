"""An installed Stagepath, built as a wheel and used away from the checkout, carries its framework."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = {"planner/roles/curve.yaml", "planner/roles/developer.yaml", "planner/roles/qa.yaml"}


def pip(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", *args, "-q", "--no-deps"], check=True, capture_output=True)


def test_the_wheel_carries_the_framework_and_its_command_line_uses_it(tmp_path: Path) -> None:
    # Build from a copy, so the checkout gets no build/ folder, with the setuptools of the test setup.
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, source / name)
    for folder in ("planner", "roles"):
        shutil.copytree(ROOT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__"))
    pip("wheel", str(source), "--no-build-isolation", "-w", str(tmp_path / "wheel"))
    (wheel,) = (tmp_path / "wheel").glob("stagepath-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        carried = set(archive.namelist())
    assert carried >= SHIPPED
    # Every module of the checkout, so that a new package left out of pyproject's list fails here.
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "planner").rglob("*.py")}
    assert modules - carried == set()

    installed = tmp_path / "installed"
    pip("install", str(wheel), "--target", str(installed))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("STAGEPATH_")}
    environment["PYTHONPATH"] = str(installed)
    script = "import sys, planner; from planner.cli import main; print(planner.__file__); sys.exit(main(['validate']))"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=elsewhere, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    where, verdict = result.stdout.splitlines()
    assert Path(where).is_relative_to(installed)
    assert verdict == "framework: valid: AI maturity curve, 8 stages, 2 tracks, 57 skills"
