"""CSV rosters: every bad row is reported by row and column and left out while the good rows are kept; a
file that cannot be read as a whole is refused with one clear line; exports neutralise formulas and read
back unchanged."""

from __future__ import annotations

import csv
import datetime as dt
import io
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.common.problems import InputError
from planner.formats import identity
from planner.formats.assessment import Assessment
from planner.formats.cells import neutralise, write_csv
from planner.formats.roster import FORMULA_START, MAX_REPORTED, Roster, read_roster
from planner.formats.roster_writing import roster_csv
from planner.framework import Framework
from planner.framework.loading import load_framework
from tests.conftest import FIVE_STAGE

HEADER = "name,track,rater,read-code,write-code,debug-code,prompting,verifying,rubric,task-agents,gates,test-drafts,test-design"


def read(framework: Framework, tmp_path: Path, text: str | bytes, name: str = "team.csv") -> Roster:
    """Write the roster as a real file, then read it back as the command line does."""
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return read_roster(name, path.read_bytes(), framework)


def refused(framework: Framework, tmp_path: Path, text: str | bytes, **kwargs: int) -> list[str]:
    path = tmp_path / "team.csv"
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    with pytest.raises(InputError) as caught:
        read_roster("team.csv", path.read_bytes(), framework, **kwargs)
    return [str(p) for p in caught.value.problems]


def test_bad_rows_are_named_by_row_and_column_and_the_good_rows_kept(five: Framework, tmp_path: Path) -> None:
    text = "\n".join(
        [
            HEADER,
            "ada,developer,self,3,3,3,3,2,2,3,1,,",  # row 2: good
            "ben,developer,self,2,2,2,2,2,9,1,0,,",  # row 3: rubric 9
            "cy,,self,2,1,2,2,1,0,0,,,",  # row 4: no track
            "dee,developer,self,3,2,2,1,2,1,0,,,",  # row 5: good
            "eve,developer,self,2,2,1,two,2,1,1,0,,",  # row 6: not a number
            "fay,qa,self,3,3,2,,,,,,2,2",  # row 7: good
            "gus,qa,boss,2,2,2,,,,,,1,1",  # row 8: unknown rater
            "hal,qa,self,1,2,2,2,,,,,2,0",  # row 9: a developer skill on the qa track
            ",qa,self,1,2,2,,,,,,2,0",  # row 10: no name
            "ivy,sre,self,1,2,2,,,,,,,",  # row 11: good (sre rates only the floor here)
            "jo,develper,self,1,2,2,,,,,,,",  # row 12: unknown track, with a suggestion
            "kim,developer,self,2.5,2,2,,,,,,,",  # row 13: not a whole number
            "lee,developer,self,-1,2,2,,,,,,,",  # row 14: below the scale
        ]
    )
    roster = read(five, tmp_path, text + "\n")
    assert roster.team.names == ["ada", "dee", "fay", "ivy"]
    assert roster.rows_read == 13 and roster.left_out == (3, 4, 6, 8, 9, 10, 12, 13, 14)
    assert [str(p) for p in roster.problems] == [
        "team.csv: row 3, column rubric: rating 9 is off the scale; expected a whole number from 0 to 3",
        "team.csv: row 4, column track: track is missing; expected one of developer, qa, sre",
        "team.csv: row 6, column prompting: 'two' is not a rating; expected a whole number from 0 to 3",
        "team.csv: row 8, column rater: unknown rater 'boss'; expected one of self, manager, peer, agreed (empty means self)",
        "team.csv: row 9, column prompting: skill 'prompting' is not on track 'qa' (it belongs to another track); leave the cell empty",
        "team.csv: row 10, column name: name is missing; every row needs the person's name",
        "team.csv: row 12, column track: unknown track 'develper' (did you mean 'developer'?); expected one of developer, qa, sre",
        "team.csv: row 13, column read-code: rating 2.5 is off the scale; expected a whole number from 0 to 3",
        "team.csv: row 14, column read-code: rating -1 is off the scale; expected a whole number from 0 to 3",
    ]
    ada = roster.team.assessments()[0]
    assert ada.ratings == {
        "read-code": 3,
        "write-code": 3,
        "debug-code": 3,
        "prompting": 3,
        "verifying": 2,
        "rubric": 2,
        "task-agents": 3,
        "gates": 1,
    }


def test_a_misspelt_header_column_refuses_the_roster_naming_the_nearest_skill(
    five: Framework, tmp_path: Path
) -> None:
    rows = "".join(f"p{i},developer,self,2,{i % 3}\n" for i in range(16))
    with pytest.raises(InputError) as refused:
        read(five, tmp_path, "name,track,rater,prompting,verifyng,bogus-skil\n" + rows)
    assert [str(p) for p in refused.value.problems] == [
        f"team.csv: row 1, column {column}: unknown skill id {column!r}{hint}; the roster is refused whole, "
        "since a misspelt column would count its skill as 0 for everyone (fix the header; `stagepath team "
        "--template` writes one with every skill id)"
        for column, hint in (("verifyng", " (did you mean 'verifying'?)"), ("bogus-skil", ""))
    ]
    # An empty column of an unknown id is refused too: the header is what is wrong.
    with pytest.raises(InputError, match="unknown skill id 'verifyng'"):
        read(five, tmp_path, "name,track,rater,prompting,verifyng\nada,developer,self,2,\n")


def test_the_template_is_a_header_with_every_skill_id_that_reads_back_empty(
    five: Framework, tmp_path: Path
) -> None:
    from planner.formats.roster_writing import template_csv

    text = template_csv(five)
    header = text.splitlines()[0].split(",")
    assert text.count("\n") == 1 and header[:5] == ["name", "track", "rater", "assessed_on", "team"]
    assert header[5:] == list(five.skill_names)
    roster = read(five, tmp_path, text)
    assert roster.problems == () and len(roster.team) == 0


def test_empty_cells_are_unrated_and_track_and_rater_ignore_case(five: Framework, tmp_path: Path) -> None:
    roster = read(
        five, tmp_path, "name,track,rater,prompting,verifying\n Ada ,Developer,MANAGER,2,\nBen,qa,,,\n"
    )
    assert roster.problems == ()
    ada, ben = roster.team.assessments()
    assert (ada.name, ada.track, ada.rater, ada.ratings) == ("Ada", "developer", "manager", {"prompting": 2})
    assert (ben.track, ben.rater, ben.ratings) == ("qa", "self", {})


def test_blank_lines_are_skipped_and_row_numbers_still_match_the_file(
    five: Framework, tmp_path: Path
) -> None:
    roster = read(
        five, tmp_path, "name,track,rater,prompting\n\nada,developer,self,2\n,,,\nben,developer,self,7\n"
    )
    assert roster.team.names == ["ada"]
    assert [str(p) for p in roster.problems] == [
        "team.csv: row 5, column prompting: rating 7 is off the scale; expected a whole number from 0 to 3"
    ]


def test_an_assessed_on_column_gives_dates(five: Framework, tmp_path: Path) -> None:
    text = "name,track,rater,assessed_on,prompting\nada,developer,self,2025-03-04,2\nben,developer,self,March,1\ncy,developer,self,,1\n"
    roster = read(five, tmp_path, text)
    assert [str(p) for p in roster.problems] == [
        "team.csv: row 3, column assessed_on: 'March' is not a date; expected YYYY-MM-DD, from 2000-01-01 "
        "to today"
    ]
    ada, cy = roster.team.assessments()
    assert ada.assessed_on == dt.date(2025, 3, 4) and cy.assessed_on is None


def test_only_an_empty_cell_is_missing_and_an_empty_column_is_empty_text(
    five: Framework, tmp_path: Path
) -> None:
    text = "name,track,rater,team,prompting\nNA,developer,,,2\nnull,qa,,,\nN/A,developer,,,1\n"
    roster = read(five, tmp_path, text)
    assert roster.problems == ()
    assert roster.team.names == ["NA", "null", "N/A"]
    assert [a.rater for a in roster.team.assessments()] == ["self", "self", "self"]


def test_names_and_raters_that_look_like_numbers_or_booleans_are_read_as_written(
    five: Framework, tmp_path: Path
) -> None:
    roster = read(five, tmp_path, "name,track,rater,prompting\n007,developer,self,2\n1.50,qa,,\n")
    assert roster.problems == () and roster.team.names == ["007", "1.50"]
    roster = read(five, tmp_path, "name,track,rater,prompting\nTrue,developer,1,2\nFalse,qa,0,\n")
    assert roster.team.names == []
    assert [str(p) for p in roster.problems] == [
        "team.csv: row 2, column rater: unknown rater '1'; expected one of self, manager, peer, agreed (empty means self)",
        "team.csv: row 3, column rater: unknown rater '0'; expected one of self, manager, peer, agreed (empty means self)",
    ]


def test_a_rating_off_the_scale_on_another_tracks_skill_is_named_for_both(
    five: Framework, tmp_path: Path
) -> None:
    roster = read(
        five, tmp_path, "name,track,rater,prompting,test-design\nada,qa,self,9,two\nben,qa,self,,2\n"
    )
    assert roster.team.names == ["ben"]
    assert [str(p) for p in roster.problems] == [
        "team.csv: row 2, column prompting: rating 9 is off the scale; expected a whole number from 0 to 3",
        "team.csv: row 2, column prompting: skill 'prompting' is not on track 'qa' (it belongs to another track); leave the cell empty",
        "team.csv: row 2, column test-design: 'two' is not a rating; expected a whole number from 0 to 3",
    ]


def test_a_utf8_byte_order_mark_and_crlf_lines_are_fine(five: Framework, tmp_path: Path) -> None:
    roster = read(five, tmp_path, "\ufeffname,track,rater,prompting\r\nZoë,developer,self,2\r\n".encode())
    assert roster.problems == () and roster.team.names == ["Zoë"]


def test_problems_are_capped_with_a_count_of_the_rest(five: Framework, tmp_path: Path) -> None:
    rows = [f"p{i},developer,self,9" for i in range(MAX_REPORTED + 50)]
    roster = read(
        five, tmp_path, "name,track,rater,prompting\n" + "\n".join(rows) + "\nok,developer,self,1\n"
    )
    assert len(roster.problems) == MAX_REPORTED + 1
    assert str(roster.problems[-1]) == "team.csv: ... and 50 more problem(s); 150 row(s) left out in all"
    assert roster.team.names == ["ok"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "",
            "team.csv: the file is empty; expected a header row: name,track,rater, then one column per skill id",
        ),
        (
            "name,rater,prompting\nada,self,2\n",
            "team.csv: row 1: missing column(s) 'track'; expected name,track,rater, then one column per skill id",
        ),
        (
            "name,track,rater,prompting,prompting\n",
            "team.csv: row 1: column(s) 'prompting' appear more than once",
        ),
        ("name,track,,rater\n", "team.csv: row 1: column(s) 3 have no name; every column needs one"),
        (
            "name,track,rater,prompting\nada,developer,self,2\nben,developer,self,2,3\n",
            "team.csv: row 3: 5 cells; expected at most 4, one per header column",
        ),
        (  # pandas itself only warns about the first row, and would drop its extra cell
            "name,track,rater,prompting\nada,developer,self,2,3\nben,developer,self,2\n",
            "team.csv: row 2: 5 cells; expected at most 4, one per header column",
        ),
    ],
)
def test_a_file_that_cannot_be_read_as_a_whole_is_refused(
    five: Framework, tmp_path: Path, text: str, expected: str
) -> None:
    assert refused(five, tmp_path, text) == [expected]


def test_an_extra_cell_in_the_first_row_is_refused_without_a_python_warning(
    five: Framework, tmp_path: Path
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        problems = refused(five, tmp_path, "name,track,rater,prompting\nada,developer,self,2,3\n")
    assert problems == ["team.csv: row 2: 5 cells; expected at most 4, one per header column"]


def test_not_utf8_and_over_the_cap_are_refused(five: Framework, tmp_path: Path) -> None:
    [problem] = refused(five, tmp_path, b"name,track,rater\n\xff\xfe,developer,self\n")
    assert problem.startswith("team.csv: not UTF-8 text")
    text = "name,track,rater,prompting\n" + "ada,developer,self,2\n" * 100
    [problem] = refused(five, tmp_path, text, max_bytes=1000)
    assert problem == "team.csv: file is over the size limit of 1,000 bytes"


# --- writing --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_cells_that_a_spreadsheet_would_run_get_a_quote(start: str) -> None:
    assert neutralise(start + "cmd|' /C calc'!A0") == "'" + start + "cmd|' /C calc'!A0"


@pytest.mark.parametrize("cell", ["Ada", "3", "", " =not first", "O'Brien", "'quoted"])
def test_other_cells_are_left_alone(cell: str) -> None:
    assert neutralise(cell) == cell


def test_a_cell_that_already_looks_neutralised_gets_one_more_quote(five: Framework, tmp_path: Path) -> None:
    assert neutralise("'=x") == "''=x"
    person = Assessment(name="'=x", track="qa")
    roster = read(five, tmp_path, roster_csv(five, [person]))
    assert roster.team.names == ["'=x"]


def test_write_csv_neutralises_every_cell() -> None:
    text = write_csv(["name", "=h"], [["=1+1", "@SUM(A1)"], ["-2", 3]])
    assert text.splitlines() == ["name,'=h", "'=1+1,'@SUM(A1)", "'-2,3"]


def test_a_roster_export_reads_back_with_the_same_ratings(five: Framework, tmp_path: Path) -> None:
    people = [
        Assessment(
            name='=HYPERLINK("http://x")', track="developer", rater="manager", ratings={"prompting": 2}
        ),
        Assessment(name="+ben", track="qa", ratings={"test-design": 0, "read-code": 3}),
    ]
    text = roster_csv(five, people)
    assert text.splitlines()[0] == HEADER.replace("test-design", "test-design,runbook-prompts,slo-gates")
    assert text.splitlines()[1].startswith('"\'=HYPERLINK(""http://x"")",developer,manager,,,,2,')
    roster = read(five, tmp_path, text)
    assert roster.problems == () and roster.team.assessments() == people


def test_an_export_keeps_ratings_of_skills_the_framework_no_longer_has(five: Framework) -> None:
    old = Assessment(name="ada", track="developer", ratings={"prompting": 2, "retired-skill": 3})
    header, row = roster_csv(five, [old]).splitlines()
    assert header.endswith(",retired-skill") and row.endswith(",3")


def named(text: str) -> bool:
    """Whether the naming rules (planner.formats.identity) accept the text as it is."""
    try:
        return identity.person_name(text) == text
    except identity.NameRefused:
        return False


NAMES = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=30
)


@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_any_export_reads_back_unchanged(
    data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    framework = load_framework(FIVE_STAGE)
    people = []
    for i in range(data.draw(st.integers(1, 5))):
        track = data.draw(st.sampled_from([t.id for t in framework.tracks]))
        skills = data.draw(st.lists(st.sampled_from(framework.track_skill_ids(track)), unique=True))
        name = data.draw(NAMES.filter(lambda n: n.strip() == n and n.strip() != "" and named(n)))
        people.append(
            Assessment(
                name=f"{name}{i}",
                track=track,
                rater=data.draw(st.sampled_from(["self", "manager", "peer"])),
                ratings={s: data.draw(st.sampled_from(framework.levels)) for s in skills},
            )
        )
    text = roster_csv(framework, people)
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert not any(cell.startswith(FORMULA_START) for cell in cells)
    path = tmp_path_factory.mktemp("roundtrip") / "team.csv"
    path.write_text(text, encoding="utf-8", newline="")
    roster = read_roster("team.csv", path.read_bytes(), framework)
    assert roster.problems == ()
    assert roster.team.assessments() == people


def test_an_export_keeps_the_dates(five: Framework) -> None:
    people = [
        Assessment(name="Ada", track="developer", assessed_on=dt.date(2026, 3, 1), ratings={"prompting": 2}),
        Assessment(name="Bo", track="qa", ratings={"test-drafts": 1}),
    ]
    text = roster_csv(five, people)
    assert text.splitlines()[0].startswith("name,track,rater,assessed_on,")
    assert read_roster("team.csv", text.encode(), five).team.assessments() == people
