"""A team's input files, read one way by the command line and the app: a roster by its .csv name, else one
assessment; an unnamed assessment is named after its file, cut to the longest name a person may have."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from planner.common.problems import InputError
from planner.formats.assessment import NAME_LENGTH
from planner.formats.inputs import UNNAMED, input_cap, is_roster, read_assessments, read_team_input
from planner.framework import Framework
from tests.conftest import FIVE_STAGE

STAGEPATH = str(Path(sys.executable).with_name("stagepath"))
UNNAMED_ASSESSMENT = b"stagepath: 1\ntrack: developer\nratings: {read-code: 3, write-code: 2}\n"
ROSTER = b"name,track,rater,read-code\nada,developer,self,3\nben,developer,self,9\n"


def test_a_csv_name_is_a_roster_in_any_case_and_has_the_roster_cap() -> None:
    assert is_roster("team.CSV") and is_roster("a/b/team.csv")
    assert not is_roster("team.csv.yaml") and not is_roster("ada.json")
    assert input_cap("team.csv") > input_cap("ada.yaml")


def test_an_unnamed_assessment_takes_its_file_name(five: Framework) -> None:
    read = read_team_input("people/Ada Lovelace.yaml", UNNAMED_ASSESSMENT, five)
    assert read.team is not None and read.team.names == ["Ada Lovelace"]
    assert read.problems == () and read.rows_left_out == 0


def test_a_long_file_name_is_cut_to_the_longest_name_a_person_may_have(five: Framework) -> None:
    name = "x" * (NAME_LENGTH + 80) + ".yaml"
    [assessment] = read_assessments(name, UNNAMED_ASSESSMENT, five)
    assert assessment.name == "x" * NAME_LENGTH


def test_a_file_name_that_gives_no_name_gives_unnamed(five: Framework) -> None:
    [assessment] = read_assessments("   .yaml", UNNAMED_ASSESSMENT, five)
    assert assessment.name == UNNAMED


def test_a_named_assessment_keeps_its_own_name(five: Framework) -> None:
    raw = b"stagepath: 1\nname: Grace\ntrack: developer\n"
    [assessment] = read_assessments("ada.yaml", raw, five)
    assert assessment.name == "Grace"


def test_a_roster_gives_its_good_rows_and_names_its_bad_ones(five: Framework) -> None:
    read = read_team_input("team.csv", ROSTER, five)
    assert read.team is not None and read.team.names == ["ada"]
    assert read.rows_left_out == 1
    assert [str(p) for p in read.problems] == [
        "team.csv: row 3, column read-code: rating 9 is off the scale; expected a whole number from 0 to 3"
    ]


def test_a_roster_with_a_bad_row_is_refused_whole_for_storing(five: Framework) -> None:
    with pytest.raises(InputError) as refused:
        read_assessments("team.csv", ROSTER, five)
    assert [p.field for p in refused.value.problems] == ["row 3, column read-code"]


def test_a_file_that_cannot_be_read_gives_no_team_and_its_problem(five: Framework) -> None:
    read = read_team_input("ada.yaml", b"\xff\xfe not text", five)
    assert read.team is None
    assert [str(p) for p in read.problems] == ["ada.yaml: not UTF-8 text (byte 0 cannot be decoded)"]


def test_the_command_line_names_people_as_the_reader_does(tmp_path: Path) -> None:
    long = tmp_path / ("y" * (NAME_LENGTH + 5) + ".yaml")
    long.write_bytes(UNNAMED_ASSESSMENT)
    result = subprocess.run(
        [STAGEPATH, "team", str(long), "--roles", str(FIVE_STAGE), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    covered = {name for row in report["coverage"] for name in row["covered_by"]}
    assert covered == {"y" * NAME_LENGTH}
