"""The team engine: distribution, floor, coverage, develop-or-hire, hiring profiles, candidate fit,
calibration, progress and support, checked against answers computed by hand from real roster files, and
against the one-person rules of planner.person.placement by property tests. The `stagepath team` command runs as a
real process on real files."""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.formats.assessment import Assessment
from planner.formats.roster import read_roster
from planner.formats.table import Team, team_from_assessments
from planner.framework import Framework
from planner.framework.loading import load_framework
from planner.person import placement
from planner.team.averages import skill_averages
from planner.team.calibration import calibration
from planner.team.coverage import CoverageRow, coverage
from planner.team.floor import TeamFloorBreach, floor_breaches
from planner.team.hiring import build_profile, candidate_fit, hiring_profiles
from planner.team.placements import default_target, distribution, placements, readiness
from planner.team.progress import progress
from planner.team.summary import TeamReport, summarise
from planner.team.support import support_needed
from tests.conftest import FIVE_STAGE, LADDERED

STAGEPATH = str(Path(sys.executable).with_name("stagepath"))

# Eight people on the five-stage test framework (floor minimum 2, gating from stage 3; developer stage 2:
# prompting 2, verifying 2; stage 3: rubric 2, task-agents 3; stage 4: gates 2; qa stage 2: test-drafts 2;
# stage 3: test-design 2). Empty cells are unrated.
EIGHT = """\
name,track,rater,read-code,write-code,debug-code,prompting,verifying,rubric,task-agents,gates,test-drafts,test-design
ada,developer,self,3,3,3,3,2,2,3,1,,
ben,developer,self,2,2,2,2,2,1,1,0,,
cy,developer,self,2,1,2,2,1,0,0,,,
dee,developer,self,3,2,2,1,2,1,0,,,
eve,developer,self,2,2,1,2,2,1,1,0,,
fay,qa,self,3,3,2,,,,,,2,2
gus,qa,self,2,2,2,,,,,,1,1
hal,qa,self,1,2,2,,,,,,2,0
"""


def roster_file(tmp_path: Path, text: str, name: str = "team.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load_team(framework: Framework, path: Path) -> Team:
    roster = read_roster(str(path), path.read_bytes(), framework)
    assert roster.problems == ()
    return roster.team


@pytest.fixture
def eight(tmp_path: Path, five: Framework) -> Team:
    return load_team(five, roster_file(tmp_path, EIGHT))


# The same team without ada: no one holds rubric (ben, dee, eve are one below) nor task-agents (nobody at 2).
SEVEN = "".join(line for line in EIGHT.splitlines(keepends=True) if not line.startswith("ada,"))


@pytest.fixture
def seven(tmp_path: Path, five: Framework) -> Team:
    return load_team(five, roster_file(tmp_path, SEVEN, "seven.csv"))


def by_skill(rows: tuple[CoverageRow, ...], track: str) -> dict[str, CoverageRow]:
    return {r.skill: r for r in rows if r.track == track}


# --- eight people, computed by hand -----------------------------------------------------------------------


def test_placements_of_the_eight(five: Framework, eight: Team) -> None:
    # ada meets everything to stage 3, gates 1 < 2 stops stage 4; ben: rubric 1 < 2 at stage 3;
    # cy: verifying 1 < 2 at stage 2; dee: prompting 1 < 2; eve: task-agents 1 < 3 at stage 3;
    # fay: qa has nothing at stage 4, floor met, so the ceiling 4; gus: test-drafts 1; hal: test-design 0
    # at stage 3 (its floor breach only gates from stage 3 on).
    assert dict(zip(eight.names, placements(five, eight).tolist(), strict=True)) == {
        "ada": 3,
        "ben": 2,
        "cy": 1,
        "dee": 1,
        "eve": 2,
        "fay": 4,
        "gus": 1,
        "hal": 2,
    }


def test_distribution_counts_people_per_stage_per_track(five: Framework, eight: Team) -> None:
    assert distribution(five, eight) == {
        "developer": {0: 0, 1: 2, 2: 2, 3: 1, 4: 0},
        "qa": {0: 0, 1: 1, 2: 1, 3: 0, 4: 1},
    }


def test_floor_breaches_name_person_skill_rating_and_minimum(five: Framework, eight: Team) -> None:
    assert [(b.name, b.skill, b.rating, b.minimum) for b in floor_breaches(five, eight)] == [
        ("cy", "write-code", 1, 2),
        ("eve", "debug-code", 1, 2),
        ("hal", "read-code", 1, 2),
    ]


def test_the_report_writes_breaches_the_same_however_it_was_built(five: Framework, eight: Team) -> None:
    report = summarise(five, eight, target=3)
    breaches = floor_breaches(five, eight)
    assert json.loads(report.model_dump_json())["floor_breaches"] == [
        {"name": "cy", "skill": "write-code", "rating": 1, "minimum": 2},
        {"name": "eve", "skill": "debug-code", "rating": 1, "minimum": 2},
        {"name": "hal", "skill": "read-code", "rating": 1, "minimum": 2},
    ]
    # From the breaches as a tuple, validated or not (the app builds its report with model_construct).
    fields = {**dict(report), "floor_breaches": breaches}
    for rebuilt in (TeamReport(**fields), TeamReport.model_construct(**fields)):
        assert rebuilt.model_dump_json(indent=2) == report.model_dump_json(indent=2)
        assert rebuilt == report
    assert report.floor_breaches[0] == TeamFloorBreach("cy", "write-code", 1, 2)
    assert report.floor_breaches[1:] == breaches[1:] and list(report.floor_breaches) == list(breaches)


def test_coverage_at_stage_3_developer(five: Framework, eight: Team) -> None:
    rows = by_skill(coverage(five, eight, target=3), "developer")
    # The floor first, then stages 2 and 3; gates (stage 4) is above the target.
    assert list(rows) == [
        "read-code",
        "write-code",
        "debug-code",
        "prompting",
        "verifying",
        "rubric",
        "task-agents",
    ]
    assert rows["read-code"].covered_by == ("ada", "ben", "cy", "dee", "eve")
    assert rows["write-code"].covered_by == ("ada", "ben", "dee", "eve")
    assert rows["debug-code"].covered_by == ("ada", "ben", "cy", "dee")
    assert rows["prompting"].covered_by == ("ada", "ben", "cy", "eve")
    assert rows["verifying"].covered_by == ("ada", "ben", "dee", "eve")
    for skill in ("read-code", "write-code", "debug-code", "prompting", "verifying"):
        assert rows[skill].covered and rows[skill].verdict == "covered" and rows[skill].develop == ()
        assert rows[skill].held and rows[skill].goal == 2
    # rubric (expects 2): only ada holds it, one holder of the two the goal asks: thin; ben, dee and eve
    # are at 1, one below: the next holders to develop.
    rubric = rows["rubric"]
    assert (rubric.stage, rubric.expected, rubric.covered_by) == (3, 2, ("ada",))
    assert (rubric.held, rubric.covered, rubric.verdict) == (True, False, "thin")
    assert rubric.develop == ("ben", "dee", "eve") and rubric.rests_on_one
    # task-agents (expects 3): only ada; nobody at 2: thin, and no one to develop (a second must be hired).
    agents = rows["task-agents"]
    assert (agents.covered_by, agents.held, agents.covered, agents.verdict, agents.develop) == (
        ("ada",),
        True,
        False,
        "thin",
        (),
    )


def test_a_skill_no_one_holds_is_to_develop_or_to_hire(five: Framework, seven: Team) -> None:
    rows = by_skill(coverage(five, seven, target=3), "developer")
    rubric, agents = rows["rubric"], rows["task-agents"]
    assert (rubric.covered_by, rubric.held, rubric.verdict, rubric.develop) == (
        (),
        False,
        "develop",
        ("ben", "dee", "eve"),
    )
    assert (agents.covered_by, agents.held, agents.verdict, agents.develop) == ((), False, "hire", ())
    # Held skills are never to develop or hire, whatever the goal.
    assert all(r.verdict in {"covered", "thin"} for r in rows.values() if r.covered_by)


def test_a_track_of_one_is_never_asked_for_a_second_holder(five: Framework, tmp_path: Path) -> None:
    # One QA engineer who holds every QA skill to stage 3: the goal of two is capped at one person.
    line = "solo,qa,self,3,3,3,,,,,,2,2\n"
    solo = load_team(five, roster_file(tmp_path, EIGHT.splitlines(keepends=True)[0] + line))
    rows = coverage(five, solo, target=3, min_coverage=3)
    assert rows and all((r.goal, r.verdict, r.covered) == (1, "covered", True) for r in rows)
    assert hiring_profiles(five, rows, target=3) == ()
    # Rated one level short of test-design: not held, solo is one below: develop, never hire a second.
    short = load_team(
        five, roster_file(tmp_path, EIGHT.splitlines(keepends=True)[0] + line.replace(",2,2\n", ",2,1\n"))
    )
    design = by_skill(coverage(five, short, target=3), "qa")["test-design"]
    assert (design.held, design.verdict, design.develop, design.goal) == (False, "develop", ("solo",), 1)


def test_coverage_at_stage_3_qa(five: Framework, eight: Team) -> None:
    rows = by_skill(coverage(five, eight, target=3), "qa")
    assert list(rows) == ["read-code", "write-code", "debug-code", "test-drafts", "test-design"]
    assert rows["read-code"].covered_by == ("fay", "gus") and rows["read-code"].covered  # hal is at 1
    assert rows["test-drafts"].covered_by == ("fay", "hal") and rows["test-drafts"].covered
    design = rows["test-design"]
    # fay alone holds it: thin, and gus (one below) is the next holder to develop.
    assert (design.covered_by, design.verdict, design.develop) == (("fay",), "thin", ("gus",))


def test_min_coverage_changes_the_verdicts(five: Framework, eight: Team) -> None:
    rows = by_skill(coverage(five, eight, target=3, min_coverage=1), "developer")
    assert all(r.verdict == "covered" for r in rows.values())
    rows = by_skill(coverage(five, eight, target=3, min_coverage=5), "developer")
    assert rows["read-code"].verdict == "covered"  # all five
    # write-code: four of the goal of five hold it; cy (1) is one below the 2 expected: thin, develop cy.
    assert (rows["write-code"].verdict, rows["write-code"].develop) == ("thin", ("cy",))
    # A goal above the five developers is capped at five.
    assert {r.goal for r in coverage(five, eight, target=3, min_coverage=9) if r.track == "developer"} == {5}


def test_hiring_profiles_from_the_gaps(five: Framework, seven: Team) -> None:
    rows = coverage(five, seven, target=3)
    # QA's test-design rests on fay alone (thin): held, so no QA profile; only hire rows make one.
    [developer] = hiring_profiles(five, rows, target=3)
    assert (developer.track, developer.stage) == ("developer", 3)
    # The floor is always a must-have; task-agents is to hire; rubric the team can develop: nice to have.
    assert [(s.skill, s.stage, s.expected) for s in developer.must_have] == [
        ("read-code", 0, 2),
        ("write-code", 0, 2),
        ("debug-code", 0, 2),
        ("task-agents", 3, 3),
    ]
    assert [(s.skill, s.stage, s.expected) for s in developer.nice_to_have] == [("rubric", 3, 2)]


def test_thin_rows_make_no_profile(five: Framework, eight: Team) -> None:
    rows = coverage(five, eight, target=3)
    assert {r.verdict for r in rows} == {"covered", "thin"}
    assert hiring_profiles(five, rows, target=3) == ()


def test_a_profile_as_markdown(five: Framework, seven: Team) -> None:
    from planner.reports.team import profile_markdown

    [developer] = hiring_profiles(five, coverage(five, seven, target=3), target=3)
    assert profile_markdown(five, developer).splitlines() == [
        "# Hiring profile: Developer, stage 3 (Direct)",
        "",
        "Must have:",
        "",
        "- Read code at level 2 or above",
        "- Write code at level 2 or above",
        "- Debug code at level 2 or above",
        "- Task agents at level 3 or above",
        "",
        "Nice to have:",
        "",
        "- Rubric at level 2 or above",
    ]


def test_no_profile_for_a_track_that_covers_everything(five: Framework, eight: Team) -> None:
    rows = coverage(five, eight, target=2)
    # At stage 2 every developer skill has at least two people; qa's read-code has fay and gus.
    assert all(r.covered for r in rows)
    assert hiring_profiles(five, rows, target=2) == ()


def test_the_default_target_is_the_stage_after_the_lower_median(five: Framework, eight: Team) -> None:
    # Placements 3, 2, 1, 1, 2, 4, 1, 2: sorted 1 1 1 2 2 2 3 4, lower median 2, so stage 3.
    assert default_target(five, eight) == 3
    report = summarise(five, eight)
    assert report.target == 3 and report.people == 8


def test_the_default_target_never_passes_the_ceiling(five: Framework, tmp_path: Path) -> None:
    line = "top,qa,self,3,3,3,,,,,,3,3\n"
    strong = load_team(five, roster_file(tmp_path, EIGHT.splitlines(keepends=True)[0] + line))
    assert placements(five, strong).tolist() == [4]
    assert default_target(five, strong) == five.ceiling == 4


# --- the shipped framework --------------------------------------------------------------------------------

SHIPPED_THREE = """\
name,track,rater,read-code,write-code,debug-code,assisted-coding,assistant-output-verification,assistant-context-setting,assistant-use-judgment
pia,developer,self,3,3,3,3,3,1,2
raj,developer,self,4,3,2,3,2,1,1
sol,developer,self,3,3,3,2,3,0,2
"""


def test_shipped_framework_coverage_and_profile_with_interview_prompts(
    shipped: Framework, tmp_path: Path
) -> None:
    three = load_team(shipped, roster_file(tmp_path, SHIPPED_THREE))
    # Stage 2 asks each of its four skills at 2 (Practising); the floor 3. Only assistant-context-setting
    # is short: nobody at 2, pia and raj at 1 (one below).
    rows = by_skill(coverage(shipped, three, target=2), "developer")
    assert rows["debug-code"].covered_by == ("pia", "sol")
    assert rows["assisted-coding"].covered_by == ("pia", "raj", "sol")
    assert rows["assistant-use-judgment"].covered_by == ("pia", "sol")
    setting = rows["assistant-context-setting"]
    assert (setting.covered_by, setting.verdict, setting.develop) == ((), "develop", ("pia", "raj"))
    assert [r.skill for r in rows.values() if not r.covered] == ["assistant-context-setting"]
    # A skill to develop is no reason to hire: no profile.
    assert hiring_profiles(shipped, tuple(rows.values()), target=2) == ()

    # With everyone two below on it, nobody is within one level: hire, and the profile asks for it.
    two_below = SHIPPED_THREE.replace(",3,3,3,3,3,1,2", ",3,3,3,3,3,0,2").replace(
        ",4,3,2,3,2,1,1", ",4,3,2,3,2,0,1"
    )
    assert two_below != SHIPPED_THREE
    rows = by_skill(
        coverage(shipped, load_team(shipped, roster_file(tmp_path, two_below, "b.csv")), 2), "developer"
    )
    assert rows["assistant-context-setting"].verdict == "hire"
    [profile] = hiring_profiles(shipped, tuple(rows.values()), target=2)
    assert [s.skill for s in profile.must_have] == [
        "read-code",
        "write-code",
        "debug-code",
        "assistant-context-setting",
    ]
    assert [s.skill for s in profile.nice_to_have] == []
    skills = {s.id: s for s in shipped.curve.floor.skills}
    track = shipped.track("developer")
    assert track is not None
    skills.update({k.id: k for _, k in track.skills_through(2)})
    expected = [
        (sid, p)
        for sid in ("read-code", "write-code", "debug-code", "assistant-context-setting")
        for p in skills[sid].interview
    ]
    assert [(p.skill, p.prompt) for p in profile.interview] == expected and len(expected) >= 4

    report = summarise(shipped, three, target=2)
    assert [(b.name, b.skill, b.rating) for b in report.floor_breaches] == [("raj", "debug-code", 2)]
    assert report.distribution == {"developer": {0: 0, 1: 3, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0}}


def test_candidate_fit_scores_musts_twice_and_names_the_missing(shipped: Framework) -> None:
    profile = build_profile(
        shipped, "developer", 2, ["read-code", "write-code", "debug-code"], ["assistant-context-setting"]
    )
    solid = Assessment(
        track="developer",
        ratings={"read-code": 3, "write-code": 4, "debug-code": 3, "assistant-context-setting": 1},
    )
    fit = candidate_fit(profile, solid)
    # Musts all met (3 x 2 points), the nice-to-have 1 of the 2 stage 2 asks: (6 + 1/2) / 7.
    assert fit.fits and fit.missing_must == ()
    assert fit.score == pytest.approx(round((6 + 1 / 2) / 7, 4))
    assert [(g.skill, g.rating, g.expected) for g in fit.missing_nice] == [
        ("assistant-context-setting", 1, 2)
    ]

    weak = Assessment(track="developer", ratings={"read-code": 3, "write-code": 3, "debug-code": 2})
    fit = candidate_fit(profile, weak)
    # debug-code 2 of 3 expected: (2 x (1 + 1 + 2/3) + 0) / 7; unrated counts as 0.
    assert not fit.fits and [(g.skill, g.rating, g.expected) for g in fit.missing_must] == [
        ("debug-code", 2, 3)
    ]
    assert fit.score == pytest.approx(round(2 * (2 + 2 / 3) / 7, 4))


def test_a_profile_by_hand_refuses_an_unknown_skill(shipped: Framework) -> None:
    from planner.common.problems import InputError

    with pytest.raises(InputError, match="unknown skill id 'assisted-test-drafting' for track 'developer'"):
        build_profile(shipped, "developer", 2, ["assisted-test-drafting"])


# --- calibration ----------------------------------------------------------------------------------------

CALIBRATION = """\
name,track,rater,prompting,verifying,rubric
ada,developer,self,3,3,2
ada,developer,manager,2,2,2
ada,developer,peer,0,0,0
ben,developer,self,1,1,
ben,developer,manager,2,2,1
cy,developer,self,2,2,2
cy,developer,manager,2,2,3
dee,developer,self,2,2,2
"""


def test_calibration_compares_self_and_manager_where_both_rated(five: Framework, tmp_path: Path) -> None:
    rated = load_team(five, roster_file(tmp_path, CALIBRATION))
    result = calibration(five, rated)
    people = {p.name: p for p in result.people}
    assert list(people) == ["ada", "ben", "cy"]  # dee has no manager rating; the peer row is ignored
    # ada: 2-3, 2-3, 2-2 = -1, -1, 0: mean -2/3, rates herself higher on two skills.
    assert (people["ada"].skills_compared, people["ada"].over, people["ada"].under) == (3, 2, 0)
    assert people["ada"].mean_difference == pytest.approx(round(-2 / 3, 4))
    assert people["ada"].verdict == "over-rates"
    # ben: rubric has no self rating, so only +1, +1.
    assert (people["ben"].skills_compared, people["ben"].mean_difference, people["ben"].verdict) == (
        2,
        1.0,
        "under-rates",
    )
    # cy: 0, 0, +1: mean 1/3, under the 0.5 threshold.
    assert people["cy"].verdict == "calibrated"
    assert [
        (r.skill, r.self_rating, r.manager_rating, r.difference) for r in result.rows if r.name == "ada"
    ] == [
        ("prompting", 3, 2, -1),
        ("verifying", 3, 2, -1),
        ("rubric", 2, 2, 0),
    ]
    # The team's mean over all eight compared skills: (-2 + 2 + 1) / 8.
    assert result.people_compared == 3 and result.mean_difference == pytest.approx(0.125)


def test_calibration_withholds_the_team_average_below_the_minimum_group(
    five: Framework, tmp_path: Path
) -> None:
    rated = load_team(five, roster_file(tmp_path, CALIBRATION))
    assert calibration(five, rated, min_group=4).mean_difference is None
    two = rated.take((rated.rows["name"] != "cy").to_numpy())
    result = calibration(five, two)
    assert result.people_compared == 2 and result.mean_difference is None
    assert len(result.people) == 2  # each person's own comparison is still shown


def test_the_managers_rating_is_the_rating_of_record(five: Framework, tmp_path: Path) -> None:
    rated = load_team(five, roster_file(tmp_path, CALIBRATION))
    record = rated.of_record()
    assert record.names == ["ada", "ben", "cy", "dee"]
    assert record.rows["rater"].tolist() == ["manager", "manager", "manager", "self"]
    prompting = by_skill(coverage(five, rated, target=2), "developer")["prompting"]
    assert prompting.covered_by == ("ada", "ben", "cy", "dee")  # ada's manager says 2 (the peer says 0)


def test_skill_averages_are_withheld_for_small_groups(five: Framework, eight: Team) -> None:
    averages = {(a.track, a.skill): a for a in skill_averages(five, eight)}
    # Five developers rate prompting 3, 2, 2, 1, 2: mean 2.0; three qa people, test-design 2, 1, 0: 1.0.
    assert averages["developer", "prompting"].average == pytest.approx(2.0)
    assert averages["qa", "test-design"].average == pytest.approx(1.0)
    strict = {(a.track, a.skill): a for a in skill_averages(five, eight, min_group=4)}
    assert strict["qa", "test-design"].average is None and strict["qa", "test-design"].people == 3
    assert strict["developer", "prompting"].average == pytest.approx(2.0)


# --- progress and support -------------------------------------------------------------------------------

DATED = """\
name,track,rater,assessed_on,read-code,write-code,debug-code,prompting,verifying,rubric,task-agents,gates
ada,developer,self,2025-06-01,3,3,3,3,2,2,3,1
ada,developer,self,2025-01-15,2,2,2,1,1,0,0,0
ben,developer,self,2025-03-01,2,2,2,2,2,1,1,0
cy,developer,self,,2,2,2,2,2,2,3,2
"""


def test_progress_follows_each_person_across_dated_snapshots(five: Framework, tmp_path: Path) -> None:
    dated = load_team(five, roster_file(tmp_path, DATED))
    ada, ben = progress(five, dated, target=3)  # cy has no dated assessment
    assert ada.name == "ada"
    assert [(p.assessed_on, p.placement) for p in ada.points] == [
        (dt.date(2025, 1, 15), 1),
        (dt.date(2025, 6, 1), 3),
    ]
    # Readiness for stage 3 (prompting, verifying, rubric, task-agents + the floor, 2+2+2+3+6 = 15 expected):
    # in January 1+1+0+0+6 = 8 of 15; in June all 15.
    assert [p.readiness for p in ada.points] == [pytest.approx(round(8 / 15, 4)), 1.0]
    assert ada.change == 2
    assert (ben.name, len(ben.points), ben.change) == ("ben", 1, 0)
    # The latest dated snapshot is the one of record.
    assert placements(five, dated.of_record()).tolist() == [3, 2, 4]


@pytest.mark.parametrize(("people", "plan_for"), [(8, 4), (10, 4), (5, 2), (1, 1), (0, 0), (100, 40)])
def test_support_from_the_comfortable_shift_share(shipped: Framework, people: int, plan_for: int) -> None:
    support = support_needed(shipped, people)
    assert support is not None and support.share == pytest.approx(0.6)
    assert support.plan_for == plan_for


def test_no_support_figure_without_the_fact(five: Framework) -> None:
    assert support_needed(five, 8) is None


# --- properties -----------------------------------------------------------------------------------------


@st.composite
def teams(draw: st.DrawFn, framework: Framework, min_size: int = 0) -> list[Assessment]:
    size = draw(st.integers(min_size, 12))
    people = []
    for i in range(size):
        track = draw(st.sampled_from([t.id for t in framework.tracks]))
        skills = framework.track_skill_ids(track)
        rated = draw(st.lists(st.sampled_from(skills), unique=True))
        ratings = {s: draw(st.sampled_from(framework.levels)) for s in rated}
        rater = draw(st.sampled_from(["self", "manager", "peer"]))
        people.append(Assessment(name=f"p{i}", track=track, rater=rater, ratings=ratings))
    return people


FRAMEWORKS = {
    "five": load_framework(FIVE_STAGE),
    "shipped": load_framework(),
    "laddered": load_framework(LADDERED),
}


@settings(max_examples=60, deadline=None)
@given(data=st.data(), which=st.sampled_from(sorted(FRAMEWORKS)))
def test_vectorised_placement_and_readiness_match_the_one_person_rules(
    data: st.DataObject, which: str
) -> None:
    framework = FRAMEWORKS[which]
    people = data.draw(teams(framework))
    built = team_from_assessments(framework, people)
    placed = placements(framework, built)
    for stage in framework.curve.stages:
        ready = readiness(framework, built, stage.number)
        for i, person in enumerate(people):
            track = framework.track(person.track)
            assert track is not None
            assert ready[i] == pytest.approx(
                placement.readiness(framework, track, person.ratings)[stage.number]
            )
    for i, person in enumerate(people):
        track = framework.track(person.track)
        assert track is not None
        assert placed[i] == placement.placement(framework, track, person.ratings)


@settings(max_examples=60, deadline=None)
@given(data=st.data(), which=st.sampled_from(sorted(FRAMEWORKS)), min_coverage=st.integers(1, 4))
def test_coverage_is_consistent_with_itself(data: st.DataObject, which: str, min_coverage: int) -> None:
    framework = FRAMEWORKS[which]
    built = team_from_assessments(framework, data.draw(teams(framework)))
    target = data.draw(st.sampled_from([s.number for s in framework.curve.stages]))
    on_track = built.rows.groupby("track")["name"].apply(set).to_dict()
    for row in coverage(framework, built, target, min_coverage):
        people = on_track[row.track]
        assert len(row.covered_by) <= len(people) and set(row.covered_by) <= people
        goal = min(min_coverage, len(people))
        assert row.goal == goal and row.held == bool(row.covered_by)
        assert row.covered == (len(row.covered_by) >= goal)
        assert set(row.develop) <= people and not set(row.develop) & set(row.covered_by)
        if row.covered:
            assert row.verdict == "covered" and row.develop == ()
        elif row.held:
            assert row.verdict == "thin"
        else:
            assert row.verdict == ("develop" if row.develop else "hire")
        assert row.stage <= target


@settings(max_examples=60, deadline=None)
@given(data=st.data(), which=st.sampled_from(sorted(FRAMEWORKS)))
def test_adding_a_person_never_loses_a_held_skill(data: st.DataObject, which: str) -> None:
    framework = FRAMEWORKS[which]
    people = data.draw(teams(framework))
    newcomer = data.draw(teams(framework, min_size=1))[0].model_copy(update={"name": "newcomer"})
    target = data.draw(st.sampled_from([s.number for s in framework.curve.stages]))
    before = {
        (r.track, r.skill): r for r in coverage(framework, team_from_assessments(framework, people), target)
    }
    after = {
        (r.track, r.skill): r
        for r in coverage(framework, team_from_assessments(framework, [*people, newcomer]), target)
    }
    for key, row in before.items():
        assert set(row.covered_by) <= set(after[key].covered_by)
        assert after[key].held or not row.held


@given(people=st.integers(0, 1_000_000))
def test_support_is_the_exact_ceiling(people: int) -> None:
    support = support_needed(FRAMEWORKS["shipped"], people)
    assert support is not None
    exact = math.ceil(people * (1 - Fraction(str(support.share))))
    assert support.plan_for == exact and 0 <= support.plan_for <= people


@settings(max_examples=40, deadline=None)
@given(data=st.data(), which=st.sampled_from(sorted(FRAMEWORKS)))
def test_the_default_target_is_a_reachable_stage(data: st.DataObject, which: str) -> None:
    framework = FRAMEWORKS[which]
    built = team_from_assessments(framework, data.draw(teams(framework)))
    assert 1 <= default_target(framework, built) <= framework.ceiling


def test_a_team_from_assessments_round_trips_through_rows(five: Framework) -> None:
    people = [
        Assessment(
            name="ada",
            track="developer",
            rater="manager",
            assessed_on=dt.date(2025, 2, 3),
            ratings={"rubric": 2},
        ),
        Assessment(name="ben", track="qa", ratings={"test-design": 1, "read-code": 0}),
    ]
    built = team_from_assessments(five, people)
    assert built.assessments() == people
    assert np.isnan(built.ratings_frame().loc["ada", "prompting"])


# --- the command line -----------------------------------------------------------------------------------


def run(*args: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "STAGEPATH_ROLES"}
    return subprocess.run(
        [STAGEPATH, *args], capture_output=True, text=True, timeout=120, env=environment, check=False
    )


def test_cli_team_json_has_the_documented_keys_and_hand_computed_answers(tmp_path: Path) -> None:
    path = roster_file(tmp_path, EIGHT)
    result = run("team", str(path), "--roles", str(FIVE_STAGE), "--target", "3")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == [
        "target",
        "people",
        "distribution",
        "floor_breaches",
        "coverage",
        "hiring_profiles",
        "stale",
        "people_stage",
        "capability_stage",
        "operating_stage",
        "blocked_by",
        "build",
        "warnings",
        "met",
        "min_coverage",
        "left_out",
        "trusted",
        "rests_on_one",
    ]
    assert data["target"] == 3 and data["people"] == 8 and data["left_out"] == []
    # Self-ratings only: none confirmed, so on confirmed ratings everyone stands at stage 1 (which asks
    # nothing of its own here and is not gated by the floor).
    assert data["trusted"]["confirmed"] == 0 and data["trusted"]["of"] == 53
    assert data["trusted"]["distribution"]["qa"] == {"0": 0, "1": 3, "2": 0, "3": 0, "4": 0}
    assert data["distribution"]["qa"] == {"0": 0, "1": 1, "2": 1, "3": 0, "4": 1}
    assert data["floor_breaches"][0] == {"name": "cy", "skill": "write-code", "rating": 1, "minimum": 2}
    rubric = next(r for r in data["coverage"] if r["track"] == "developer" and r["skill"] == "rubric")
    assert rubric == {
        "track": "developer",
        "skill": "rubric",
        "stage": 3,
        "expected": 2,
        "covered_by": ["ada"],
        "confirmed_by": [],
        "covered": False,
        "verdict": "thin",
        "develop": ["ben", "dee", "eve"],
        "mentors": [],  # ada is at the level, not above it
        "held": True,
        "goal": 2,
    }
    # Everything up to stage 3 is held (rubric, task agents and test design by one person each): people's
    # stage 3, no hiring profile, and the three thin rows in the list of what rests on one person.
    assert data["people_stage"] == 3 and data["hiring_profiles"] == []
    assert [(r["skill"], r["held_by"], r["develop"], r["hire_second"]) for r in data["rests_on_one"]] == [
        ("rubric", ["ada"], ["ben", "dee", "eve"], False),
        ("task-agents", ["ada"], [], True),
        ("test-design", ["fay"], ["gus"], False),
    ]
    # Skills held per track and stage: at stage 3 the floor joins (it gates from 3 here): 3 + 2 + 2.
    assert data["met"]["developer"]["3"] == {"met": 7, "of": 7}
    assert data["met"]["qa"]["3"] == {"met": 5, "of": 5}
    seven = run(
        "team", str(roster_file(tmp_path, SEVEN, "seven.csv")), "--roles", str(FIVE_STAGE), "--target", "3"
    )
    data = json.loads(seven.stdout)
    assert data["people_stage"] == 2 and data["met"]["developer"]["3"] == {"met": 5, "of": 7}
    profile = data["hiring_profiles"][0]
    assert list(profile) == ["track", "stage", "must_have", "nice_to_have", "interview"]
    assert [s["skill"] for s in profile["must_have"]] == [
        "read-code",
        "write-code",
        "debug-code",
        "task-agents",
    ]


def test_cli_team_counts_colleagues_confirmations_towards_confirmed_coverage_and_trusted_stages(
    tmp_path: Path,
) -> None:
    asked = "asked_of: grace@example.com, asked_at: 2026-05-01, answered_at: 2026-05-02"
    confirmations = tmp_path / "confirmations.yaml"
    confirmations.write_text(
        "stagepath: 1\nconfirmations:\n"
        + "".join(
            f"  - {{person: fay, skill: {skill}, level: {level}, answer: confirmed, {asked}}}\n"
            for skill, level in (("read-code", 3), ("write-code", 3), ("debug-code", 2), ("test-drafts", 2))
        )
        # Fay's test design vouched for at the level seen, above the one asked: confirmed.
        + f"  - {{person: fay, skill: test-design, level: 1, answer: 2, {asked}}}\n"
        # Ada's rubric (rated 2) seen at 1, and Ben's declined: neither confirms.
        + f"  - {{person: ada, skill: rubric, level: 2, answer: 1, {asked}}}\n"
        + f"  - {{person: ben, skill: read-code, level: 2, answer: declined, {asked}}}\n"
    )
    path = roster_file(tmp_path, EIGHT)
    result = run(
        "team",
        str(path),
        "--roles",
        str(FIVE_STAGE),
        "--target",
        "3",
        "--today",
        "2026-06-01",
        "--confirmations",
        str(confirmations),
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    rows = {(r["track"], r["skill"]): r for r in data["coverage"]}
    design = rows["qa", "test-design"]
    assert design["covered_by"] == ["fay"] and design["confirmed_by"] == ["fay"]
    # Gus holds read code too, on his own word only.
    assert rows["qa", "read-code"]["covered_by"] == ["fay", "gus"]
    assert rows["qa", "read-code"]["confirmed_by"] == ["fay"]
    assert rows["developer", "rubric"]["confirmed_by"] == []
    # Fay keeps her stage on confirmed ratings alone; everyone else stands at stage 1 on them.
    assert data["distribution"]["qa"]["4"] == 1
    assert data["trusted"] == {
        "distribution": {
            "developer": {"0": 0, "1": 5, "2": 0, "3": 0, "4": 0},
            "qa": {"0": 0, "1": 2, "2": 0, "3": 0, "4": 1},
        },
        "confirmed": 5,
        "of": 53,
    }
    markdown = run(
        "team",
        str(path),
        "--roles",
        str(FIVE_STAGE),
        "--target",
        "3",
        "--today",
        "2026-06-01",
        "--confirmations",
        str(confirmations),
        "--format",
        "markdown",
    ).stdout
    assert "5 of 53 ratings are confirmed (9%)" in markdown


def test_cli_team_mixes_rosters_and_assessment_files(tmp_path: Path) -> None:
    roster = roster_file(tmp_path, EIGHT)
    extra = tmp_path / "ivy.yaml"  # no name: the file's name stands in
    extra.write_text("stagepath: 1\ntrack: developer\nratings: {task-agents: 3, read-code: 2}\n")
    result = run("team", str(roster), str(extra), "--roles", str(FIVE_STAGE), "--target", "3")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    agents = next(r for r in data["coverage"] if r["skill"] == "task-agents")
    assert data["people"] == 9 and agents["covered_by"] == ["ada", "ivy"] and agents["verdict"] == "covered"


def test_cli_team_without_a_target_uses_the_stage_after_the_median(tmp_path: Path) -> None:
    result = run("team", str(roster_file(tmp_path, EIGHT)), "--roles", str(FIVE_STAGE))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["target"] == 3


def test_cli_team_reports_bad_rows_and_plans_with_the_good_ones(tmp_path: Path) -> None:
    bad = EIGHT + "zed,developer,self,9,2,2,2,2,2,2,2,,\nyan,,self,2,2,2,,,,,,2,2\n"
    result = run("team", str(roster_file(tmp_path, bad)), "--roles", str(FIVE_STAGE), "--target", "3")
    assert result.returncode == 1
    assert json.loads(result.stdout)["people"] == 8
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"{tmp_path / 'team.csv'}: row 10, column read-code: rating 9 is off the scale; expected a whole number from 0 to 3",
        f"{tmp_path / 'team.csv'}: row 11, column track: track is missing; expected one of developer, qa, sre",
    ]


def test_cli_team_markdown_and_csv(tmp_path: Path) -> None:
    hostile = EIGHT.replace("ada,", "=HYPERLINK(1),", 1)
    path = roster_file(tmp_path, hostile)
    markdown = run("team", str(path), "--roles", str(FIVE_STAGE), "--target", "3", "--format", "markdown")
    assert markdown.returncode == 0, markdown.stderr
    assert "# Team plan" in markdown.stdout and "- **People:** 8" in markdown.stdout
    assert "| Developer | Task agents | 3 | 3 | =HYPERLINK(1) | none | thin |" in markdown.stdout
    lines = markdown.stdout.splitlines()
    thin = lines[lines.index("## Rests on one person") + 2 :][:3]
    assert thin == [
        "- Developer: Rubric (stage 3), held by =HYPERLINK(1) only (goal 2); develop ben, dee, eve as the next "
        "holder",
        "- Developer: Task agents (stage 3), held by =HYPERLINK(1) only (goal 2); nobody is within one level: "
        "a second holder must be hired",
        "- QA: Test design (stage 3), held by fay only (goal 2); develop gus as the next holder",
    ]
    # Skills held per stage: gates (stage 4) is held by no one; stage 1 judges nothing.
    assert "| Developer | — | 2 of 2 | 7 of 7 | 7 of 8 | 7 of 8 |" in lines
    table = run("team", str(path), "--roles", str(FIVE_STAGE), "--target", "3", "--format", "csv")
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0] == (
        "track,skill,stage,expected,covered,verdict,covered_count,covered_by,confirmed_by,develop,mentors,held,goal"
    )
    # At the top of this framework's scale (3), the one who holds task agents can mentor it.
    assert "developer,task-agents,3,3,no,thin,1,'=HYPERLINK(1),,,'=HYPERLINK(1),yes,2" in lines


def test_cli_team_plan_for_support_in_markdown(tmp_path: Path) -> None:
    result = run("team", str(roster_file(tmp_path, SHIPPED_THREE)), "--format", "markdown")
    assert result.returncode == 0, result.stderr
    assert (
        "- **Support to plan for, by the source's figure:** 2 of 3 people (the source says \"roughly sixty "
        'percent", which we read as 0.6; an estimate from it, not a measurement of this team)'
    ) in result.stdout


def test_cli_team_refuses_a_target_off_the_curve_and_empty_input(tmp_path: Path) -> None:
    result = run("team", str(roster_file(tmp_path, EIGHT)), "--roles", str(FIVE_STAGE), "--target", "9")
    assert (
        result.returncode == 2  # a usage error, as argparse's own
        and "--target: stage 9 is not on the curve; the stages are 1 to 5, 5 aspirational" in result.stderr
    )
    header_only = roster_file(tmp_path, EIGHT.splitlines()[0] + "\n", "empty.csv")
    result = run("team", str(header_only), "--roles", str(FIVE_STAGE))
    assert result.returncode == 1 and "no one to plan for" in result.stderr and not result.stdout
    assert "Traceback" not in result.stderr


def test_importing_the_command_line_loads_neither_pandas_nor_sqlalchemy() -> None:
    code = "import sys, planner.cli; print(sorted(m for m in ('pandas', 'sqlalchemy', 'streamlit', 'plotly') if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
