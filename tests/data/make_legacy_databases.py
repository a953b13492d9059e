"""Make the databases of earlier schema versions that tests/test_storage_migrations.py upgrades.

For each schema version Stagepath had before its migrations (see `git log -- planner/storage/schema.py`),
the last commit of that version is checked out into a temporary git worktree and its own `stagepath
import` stores the example files of that checkout into a new SQLite file, tests/data/schema-N.db. The same
code's tables are written down for PostgreSQL as SQL (tests/data/schema-N.postgresql.sql), compiled by
that version's SQLAlchemy models, so that the PostgreSQL test can make the same database from it.

Run from the top of a checkout with its venv: `.venv/bin/python tests/data/make_legacy_databases.py`.
The files are kept in the repository: run this again only to add a version."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent

# Schema version -> (the last commit with that version, the inputs its `stagepath import` stores, by team).
VERSIONS: dict[int, tuple[str, list[tuple[str | None, list[str]]]]] = {
    1: (
        "bf6229e",
        [
            ("Platform", ["examples/team-roster.csv"]),
            (None, ["examples/developer-2026-03.yaml", "examples/developer-2026-09.yaml"]),
            ("Quality", ["examples/qa-2026-09.yaml"]),
        ],
    ),
    2: (
        "fee96a6",
        [
            ("Platform", ["examples/team-roster.csv", "examples/groundwork-sample.yaml"]),
            (None, ["examples/developer-2026-03.yaml", "examples/developer-2026-09.yaml"]),
            ("Quality", ["examples/qa-2026-09.yaml"]),
            (None, ["examples/org-roster.csv"]),
        ],
    ),
}

# Run inside the old checkout: its own planner package comes first on the path.
DDL = """
import sys
from sqlalchemy.dialects import postgresql
from sqlalchemy.schema import CreateIndex, CreateTable
try:
    from planner.storage.schema import Base
except ImportError:
    from planner.storage import Base
dialect = postgresql.dialect()
for table in Base.metadata.sorted_tables:
    print(str(CreateTable(table).compile(dialect=dialect)).strip() + ";")
    for index in sorted(table.indexes, key=lambda i: i.name or ""):
        print(str(CreateIndex(index).compile(dialect=dialect)).strip() + ";")
"""

CLI = "import sys; from planner.cli import main; sys.exit(main(sys.argv[1:]))"


def make(version: int, commit: str, imports: list[tuple[str | None, list[str]]]) -> None:
    target = HERE / f"schema-{version}.db"
    target.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        old = Path(folder) / "old"
        subprocess.run(["git", "worktree", "add", "--detach", str(old), commit], cwd=ROOT, check=True)
        try:
            environment = {**os.environ, "STAGEPATH_DATABASE_URL": f"sqlite:///{target}"}
            environment.pop("PYTHONPATH", None)
            for team, inputs in imports:
                arguments = ["import", *inputs, *(["--team", team] if team else [])]
                subprocess.run([sys.executable, "-c", CLI, *arguments], cwd=old, env=environment, check=True)
            ddl = subprocess.run(
                [sys.executable, "-c", DDL], cwd=old, check=True, capture_output=True, text=True
            ).stdout
            (HERE / f"schema-{version}.postgresql.sql").write_text(
                f"-- The tables of schema version {version} (commit {commit}), as its models made them on "
                "PostgreSQL.\n" + ddl
            )
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(old)], cwd=ROOT, check=True)


def main() -> None:
    for version, (commit, imports) in VERSIONS.items():
        make(version, commit, imports)
        print(f"schema {version}: {HERE / f'schema-{version}.db'} from {commit}")


if __name__ == "__main__":
    main()
