"""`stagepath team --database --team NAME`, run as a real process on SQLite and PostgreSQL: a stored team
and its stored groundwork record give the plan the same files give; a team the viewer may not see reads
like one nobody stored; and the refusals name the option and what was expected."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.storage.test_storage import STAGEPATH, postgres_url, url  # noqa: F401  (fixtures)

ROOT = Path(__file__).resolve().parent.parent.parent
ROSTER = str(ROOT / "examples" / "team-roster.csv")
RECORD = str(ROOT / "examples" / "groundwork-sample.yaml")  # the record of team Platform


def run(*args: str, database: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {"STAGEPATH_DATABASE_URL": database, "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    return subprocess.run(
        [STAGEPATH, *args], capture_output=True, text=True, env={**environment, **(env or {})}, check=False
    )


def stored(database: str) -> None:
    for args in (("import", ROSTER, "--team", "Platform"), ("import", RECORD)):
        result = run(*args, database=database)
        assert result.returncode == 0, result.stderr


def plan(*args: str, database: str, env: dict[str, str] | None = None) -> dict[str, object]:
    result = run("team", *args, "--target", "4", "--format", "json", database=database, env=env)
    assert result.returncode == 0, result.stderr
    report: dict[str, object] = json.loads(result.stdout)
    return report


def same_people(value: object) -> object:
    """The report with every list of names sorted: the database gives people by name, files in file order."""
    if isinstance(value, dict):
        return {k: same_people(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [same_people(v) for v in value]
        return sorted(items) if all(isinstance(v, str) for v in items) else sorted(items, key=json.dumps)
    return value


def test_a_stored_team_gives_the_plan_its_files_give(url: str) -> None:  # noqa: F811
    stored(url)
    from_files = plan(ROSTER, "--groundwork", RECORD, database=url)
    from_database = plan("--database", "--team", "Platform", database=url)
    for field in ("people", "distribution", "coverage", "floor_breaches", "people_stage", "capability_stage"):
        assert same_people(from_database[field]) == same_people(from_files[field]), field
    # The stored groundwork record sets the operating stage, as the file does.
    assert (from_database["capability_stage"], from_database["operating_stage"]) == (3, 3)
    assert same_people(from_database["build"]) == same_people(from_files["build"]) and from_database["build"]
    # Ratings age from the day they were made, and the hiring profiles are the same.
    for field in ("stale", "hiring_profiles", "blocked_by"):
        assert same_people(from_database[field]) == same_people(from_files[field]), field


def test_a_team_nobody_stored_and_the_wrong_options_are_refused_by_name(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'stagepath.db'}"
    stored(database)
    missing = run("team", "--database", "--team", "Nobody", database=database)
    assert missing.returncode == 1 and not missing.stdout
    assert (
        missing.stderr.strip()
        == "--team: no one stored in team 'Nobody' that you may see; import a roster first"
    )
    alone = run("team", "--database", database=database)
    assert (
        alone.returncode == 1
        and "--team: --database reads one stored team; expected --team NAME" in alone.stderr
    )
    both = run("team", ROSTER, "--database", "--team", "Platform", database=database)
    assert (
        both.returncode == 1
        and "expected input files or --database --team NAME, one of the two" in both.stderr
    )
    assert "Traceback" not in missing.stderr + alone.stderr + both.stderr


@pytest.mark.parametrize("viewer", ["maria@example.com", "boss@example.com"])
def test_in_a_shared_deployment_a_manager_reads_only_their_team(tmp_path: Path, viewer: str) -> None:
    database = f"sqlite:///{tmp_path / 'stagepath.db'}"
    stored(database)
    access = tmp_path / "access.yaml"
    access.write_text("administrators: [boss@example.com]\nmanagers:\n  maria@example.com: [Search]\n")
    env = {"STAGEPATH_ACCESS": str(access)}
    result = run("team", "--database", "--team", "Platform", "--as", viewer, database=database, env=env)
    if viewer == "boss@example.com":  # an administrator sees every team
        assert result.returncode == 0 and json.loads(result.stdout)["people"] == 10, result.stderr
        return
    # Platform is not Maria's: she is told what she would be told of a team nobody stored.
    assert result.returncode == 1 and not result.stdout
    assert (
        result.stderr.strip()
        == "--team: no one stored in team 'Platform' that you may see; import a roster first"
    )
    unnamed = run("team", "--database", "--team", "Platform", database=database, env=env)
    assert (
        unnamed.returncode == 1 and "--as: this is a shared deployment; expected --as EMAIL" in unnamed.stderr
    )
    member = run(
        "team", "--database", "--team", "Platform", "--as", "ada@example.com", database=database, env=env
    )
    assert member.returncode == 1 and "reading a stored team is for managers" in member.stderr
