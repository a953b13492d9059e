"""The reports' JSON written in pieces is the JSON of the whole report, byte for byte, wherever the pieces
break a list."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from planner.cli.output import json_pieces
from planner.cli.team_commands import ORG_REPORT_SPREAD, TEAM_REPORT_SPREAD
from planner.formats.inputs import read_team_input
from planner.formats.table import Team
from planner.framework import Framework
from planner.org.plan import organise
from planner.team.summary import summarise

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"


def people(framework: Framework, name: str) -> Team:
    path = EXAMPLES / name
    read = read_team_input(str(path), path.read_bytes(), framework)
    assert read.team is not None and not read.problems
    return read.team


@pytest.mark.parametrize("step", [1, 2, 3, 7, 1_000])
def test_a_team_report_in_pieces_is_the_whole_report(shipped: Framework, step: int) -> None:
    report = summarise(shipped, people(shipped, "org-roster.csv"), 4, today=None)
    assert len(report.coverage) > 7 and len(report.floor_breaches) >= 2  # pieces break both lists
    pieces = list(json_pieces(report, {"coverage": step, "floor_breaches": step}))
    assert "".join(pieces) == report.model_dump_json()
    assert len(pieces) > len(type(report).model_fields)


@pytest.mark.parametrize("step", [1, 2, 5])
def test_an_organisation_report_in_pieces_is_the_whole_report(shipped: Framework, step: int) -> None:
    # At stage 5 the sample organisation has skills to hire for in several teams: every list breaks.
    report = organise(shipped, people(shipped, "org-roster.csv"), 5)
    assert len(report.teams) > 2 and len(report.hiring_plan) > 2 and len(report.mentoring) > 2
    spread = dict.fromkeys(ORG_REPORT_SPREAD, step)
    assert "".join(json_pieces(report, spread)) == report.model_dump_json()


def test_empty_lists_in_pieces_are_empty_lists(shipped: Framework) -> None:
    report = summarise(shipped, people(shipped, "org-roster.csv"), 4)
    emptied = report.model_copy(update={"coverage": (), "floor_breaches": ()})
    assert "".join(json_pieces(emptied, TEAM_REPORT_SPREAD)) == emptied.model_dump_json()
    assert json.loads("".join(json_pieces(emptied, TEAM_REPORT_SPREAD)))["coverage"] == []


def test_the_command_writes_the_report_as_one_json_document(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "planner.cli", "team", str(EXAMPLES / "org-roster.csv"), "--target", "4"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.endswith("}\n") and out.count("\n") == 1  # compact in a pipe
    report = json.loads(out)
    assert report["target"] == 4 and report["people"] == 24 and report["coverage"]
