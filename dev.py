#!/usr/bin/env python3
"""Set up Stagepath in a local virtual environment, then start the app or run every check.

    python3 dev.py start   # install into .venv (first time only) and start the app
    python3 dev.py test    # install into .venv (first time only) and run ruff, mypy, import-linter and pytest
    python3 dev.py bench   # install into .venv (first time only) and run the benchmarks [--quick]

Only the Python standard library is used here, so this works on a machine with nothing but Python 3.11+.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".stagepath-installed"


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def setup() -> Path:
    """Create .venv and install the project with its dev extras, again only when pyproject.toml changes."""
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    python = venv_python()
    if not python.exists():
        print("dev.py: creating .venv", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    if not STAMP.exists() or STAMP.read_text() != wanted:
        print("dev.py: installing Stagepath and its dependencies into .venv", flush=True)
        subprocess.run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-e",
                f"{ROOT}[dev]",
            ],
            check=True,
        )
        STAMP.write_text(wanted)
    return python


def run(*args: str) -> int:
    print("dev.py:", " ".join(args), flush=True)
    return subprocess.run(args, cwd=ROOT).returncode


def start(python: Path, extra: list[str]) -> int:
    return run(str(python), "-m", "streamlit", "run", "app.py", "--browser.gatherUsageStats", "false", *extra)


def test(python: Path, extra: list[str]) -> int:
    failures = 0
    failures += run(str(python), "-m", "ruff", "check", ".") != 0
    failures += run(str(python), "-m", "ruff", "format", "--check", ".") != 0
    failures += run(str(python), "-m", "mypy") != 0
    # The layers written down in pyproject.toml ([tool.importlinter]); lint-imports sits beside python.
    failures += run(str(python.with_name(python.name.replace("python", "lint-imports"))), "--no-cache") != 0
    failures += run(str(python), "-m", "pytest", *extra) != 0
    if failures:
        print(f"dev.py: {failures} check(s) failed", flush=True)
    return 1 if failures else 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"start", "test", "bench", "setup"}:
        print(__doc__)
        return 2
    python = setup()
    command, extra = argv[0], argv[1:]
    if command == "start":
        return start(python, extra)
    if command == "test":
        return test(python, extra)
    if command == "bench":
        return run(str(python), "-m", "bench.run", *extra)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
