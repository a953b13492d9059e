"""The `stagepath` command line, run as a real process on real files, as scripts and CI would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from planner.framework import SHIPPED_ROLES
from tests.conftest import FIVE_STAGE

STAGEPATH = str(Path(sys.executable).with_name("stagepath"))


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "STAGEPATH_ROLES"}
    environment.update(env or {})
    return subprocess.run(
        [STAGEPATH, *args], capture_output=True, text=True, timeout=60, env=environment, check=False
    )


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout


def test_validate_the_shipped_framework() -> None:
    result = run("validate", str(SHIPPED_ROLES))
    assert result.returncode == 0, result.stderr
    assert "valid" in result.stdout and "8 stages, 2 tracks" in result.stdout


def test_framework_json_lists_eight_stages_both_tracks_and_the_floor_with_provenance() -> None:
    result = run("framework", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    stages = data["curve"]["stages"]
    assert [s["number"] for s in stages] == list(range(1, 9))
    assert [t["id"] for t in data["tracks"]] == ["developer", "qa"]
    assert [s["id"] for s in data["curve"]["floor"]["skills"]] == ["read-code", "write-code", "debug-code"]
    assert all(s["provenance"] in {"stated", "inferred"} for s in stages)
    for track in data["tracks"]:
        for stage in track["stages"]:
            assert stage["title"] and stage["provenance"] in {"stated", "inferred"}
            assert all(k["provenance"] in {"stated", "inferred"} for k in stage["skills"])
    assert data["curve"]["effort"]["reference"]["5"] == [60.0, 180.0]


def test_stagepath_roles_selects_another_framework() -> None:
    result = run("framework", env={"STAGEPATH_ROLES": str(FIVE_STAGE)})
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert len(data["curve"]["stages"]) == 5 and [t["id"] for t in data["tracks"]] == [
        "developer",
        "qa",
        "sre",
    ]
    assert run("validate", env={"STAGEPATH_ROLES": str(FIVE_STAGE)}).returncode == 0


def test_an_invalid_framework_exits_1_with_one_line_per_problem(tmp_path: Path) -> None:
    for f in FIVE_STAGE.glob("*.yaml"):
        (tmp_path / f.name).write_bytes(f.read_bytes())
    (tmp_path / "qa.yaml").write_text(
        (tmp_path / "qa.yaml").read_text().replace("expected: 2", "expected: 9")
    )
    (tmp_path / "sre.yaml").write_text("id: sre\nstages: [\n")
    result = run("validate", str(tmp_path))
    no_traceback(result)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 3
    assert any(line.startswith(f"{tmp_path}/sre.yaml:") and "not valid YAML" in line for line in lines)
    assert sum("qa.yaml:" in line and "9 is not on the scale" in line for line in lines) == 2


def test_a_missing_directory_exits_1() -> None:
    result = run("validate", "/nonexistent/roles")
    assert result.returncode == 1 and "not a directory" in result.stderr
    no_traceback(result)


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_assess_prints_the_json_keys_of_the_product(tmp_path: Path) -> None:
    path = write(
        tmp_path, "me.yaml", "stagepath: 1\nname: Ada\ntrack: qa\nratings: {read-code: 3, debug-code: 1}\n"
    )
    result = run("assess", path, "--top", "0")
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    assert set(plan) == {
        "track",
        "placement",
        "target",
        "readiness",
        "floor",
        "focus",
        "unrated",
        "warnings",
        "stale",
    }
    assert plan["track"] == "qa" and plan["placement"] == 1 and plan["target"] == 2
    assert set(plan["readiness"]) == {str(n) for n in range(1, 9)}
    assert plan["floor"]["ok"] is False
    assert [b["skill"] for b in plan["floor"]["breaches"]] == ["write-code", "debug-code"]
    first = plan["focus"][0]
    assert (first["skill"], first["stage"], first["reason"], first["gap"]) == ("write-code", 0, "floor", 3)
    assert first["actions"]
    assert "read-code" not in plan["unrated"] and "write-code" in plan["unrated"]


def test_assess_with_target_and_top(tmp_path: Path) -> None:
    path = write(tmp_path, "me.json", json.dumps({"stagepath": 1, "track": "developer", "ratings": {}}))
    plan = json.loads(run("assess", path, "--target", "4", "--top", "5").stdout)
    assert plan["target"] == 4 and len(plan["focus"]) == 5


def test_assess_markdown_is_a_readable_plan(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "me.yaml",
        "stagepath: 1\nname: '<b>Ada</b> [x](http://e.vil)'\ntrack: developer\n"
        "ratings: {read-code: 3, write-code: 3, debug-code: 3, assisted-coding: 3}\n"
        "evidence: {read-code: 'Reviewed *all* the PRs'}\n",
    )
    result = run("assess", path, "--format", "markdown")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith("# Growth plan for ")
    assert "<b>" not in text and "](http" not in text  # the name is escaped, not markup
    assert "**Placement:** stage 1" in text and "**Target:** stage 2" in text
    assert "## Focus, in order" in text and "1. **Verifying assistant output**" in text
    assert "Reviewed \\*all\\* the PRs" in text


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("stagepath: 1\ntrack: developer\nratings: {read-code: three}\n", "ratings.read-code"),
        ("stagepath: 1\ntrack: developer\nratings: {raed-code: 3}\n", "did you mean 'read-code'"),
        ("stagepath: 1\ntrack: developer\nratings: {read-code: 7}\n", "rating 7 is off the scale"),
        ("stagepath: 1\ntrack: developer\nratings: {read-code: -1}\n", "rating -1 is off the scale"),
        ("%PDF-1.4 \x00\x01 not yaml: [at all\n", "not valid YAML"),
        ("", "the file is empty"),
        ("[1, 2, 3]\n", "expected a mapping"),
    ],
)
def test_bad_assessment_files_exit_1_naming_the_problem(tmp_path: Path, content: str, expected: str) -> None:
    result = run("assess", write(tmp_path, "bad.yaml", content))
    no_traceback(result)
    assert result.returncode == 1
    assert result.stderr.startswith(f"{tmp_path}/bad.yaml") and expected in result.stderr
    assert result.stdout == ""


def test_a_missing_assessment_file_exits_1() -> None:
    result = run("assess", "/nonexistent/me.yaml")
    assert result.returncode == 1 and "cannot read" in result.stderr
    no_traceback(result)


def test_usage_errors_exit_2() -> None:
    assert run().returncode == 2
    assert run("assess").returncode == 2
    assert run("effort", "--stage", "three", "--days", "2").returncode == 2
    assert run("assess", "x.yaml", "--top", "-1").returncode == 2


def test_effort_projects_later_stages_beside_the_reference() -> None:
    result = run("effort", "--stage", "3", "--days", "2")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["from"] == {"stage": 3, "days": 2.0} and data["multiplier"] == 7
    assert [(p["stage"], p["days"], p["reference"]) for p in data["projection"]] == [
        (4, 14, [20.0, 30.0]),
        (5, 98, [60.0, 180.0]),
        (6, 686, [180.0, 330.0]),
    ]
    assert "rule of thumb" in data["basis"]


def test_effort_markdown_and_bad_stage() -> None:
    text = run("effort", "--stage", "4", "--days", "25", "--format", "markdown").stdout
    assert "| 5 | 175 | 60 to 180 |" in text and "rule of thumb" in text
    bad = run("effort", "--stage", "12", "--days", "3")
    assert bad.returncode == 1 and "stage 12 is not on the curve" in bad.stderr
    bad = run("effort", "--stage", "3", "--days", "-3")
    assert bad.returncode == 1 and "expected a positive number" in bad.stderr
