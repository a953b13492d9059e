"""A candidate's fit and several candidates side by side, as the engine ranks them and as the reports write
them; the floor's actions worded per track where the framework gives them; whole days in the cost table."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

from planner.common.problems import InputError
from planner.formats.assessment import Assessment
from planner.framework import Framework
from planner.framework.loading import load_framework
from planner.person.placement import assess
from planner.reports.team import comparison_csv, comparison_markdown, fit_csv, fit_markdown
from planner.team.hiring import build_profile, candidate_fit, compare_candidates
from planner.views.tables import cost_points, cost_rows
from tests.conftest import FIVE_STAGE

FLOOR = {"read-code": 2, "write-code": 2, "debug-code": 2}


def test_candidates_side_by_side_rank_those_who_fit_first(five: Framework) -> None:
    profile = build_profile(five, "developer", 3, ["read-code", "task-agents"], ["rubric"])
    people = [
        ("=near", Assessment(track="developer", ratings={"read-code": 2, "task-agents": 2, "rubric": 3})),
        ("full", Assessment(track="developer", ratings={"read-code": 2, "task-agents": 3})),
        ("none", Assessment(track="developer", ratings={})),
    ]
    compared = compare_candidates(profile, people)
    # full meets both musts (fits) though it lacks the nice-to-have; =near scores less and misses a must.
    assert compared.ranked == ("full", "=near", "none")
    assert [c.fit for c in compared.candidates] == [candidate_fit(profile, a) for _, a in people]
    assert [(s.skill, s.kind, s.expected, s.ratings) for s in compared.skills] == [
        ("read-code", "must", 2, (2, 2, 0)),
        ("task-agents", "must", 3, (2, 3, 0)),
        ("rubric", "nice", 2, (3, 0, 0)),
    ]
    text = comparison_markdown(five, compared)
    assert "1. full: fit " in text and "every must-have met" in text
    assert "| Task agents | Must have | 3 | 2 (below) | 3 | 0 (below) |" in text
    rows = list(csv.reader(io.StringIO(comparison_csv(compared))))
    assert rows[0] == ["skill", "kind", "expected", "'=near", "full", "none"]  # a formula neutralised
    # full: both musts met (2 x 2 points), the nice-to-have not (0 of 1): 4 / 5.
    assert rows[-1][:3] == ["fit", "", ""] and float(rows[-1][4]) == 0.8


def test_one_candidates_fit_names_each_gap(five: Framework) -> None:
    profile = build_profile(five, "developer", 3, ["read-code", "task-agents"], ["rubric"])
    fit = candidate_fit(profile, Assessment(track="developer", ratings={"read-code": 2, "task-agents": 1}))
    text = fit_markdown(five, profile, "Ann", fit)
    assert text.startswith("# Candidate fit: Ann, Developer, stage 3")
    assert "- **Every must-have met:** no" in text
    assert (
        "| Must have | Task agents | 3 | 1 | 2 |" in text and "| Nice to have | Rubric | 2 | 0 | 2 |" in text
    )
    assert fit_csv(fit).splitlines() == [
        "kind,skill,name,expected,rating,gap",
        "must,task-agents,Task agents,3,1,2",
        "nice,rubric,Rubric,2,0,2",
    ]


def test_the_floor_gives_each_track_its_own_actions_where_the_framework_words_them(tmp_path: Path) -> None:
    roles = tmp_path / "roles"
    shutil.copytree(FIVE_STAGE, roles)
    curve = roles / "curve.yaml"
    text = curve.read_text()
    old = "    - {id: debug-code, name: Debug code, description: Debugs it., provenance: stated}"
    assert old in text
    curve.write_text(
        text.replace(
            old,
            "    - {id: debug-code, name: Debug code, description: Debugs it., provenance: stated,\n"
            "       actions: [Step through a failing build.], track_actions: {qa: [Narrow a defect to one input.]}}",
        )
    )
    framework = load_framework(roles)
    for track, action in (
        ("qa", "Narrow a defect to one input."),
        ("developer", "Step through a failing build."),
    ):
        plan = assess(framework, Assessment(track=track, ratings={**FLOOR, "debug-code": 0}), top=None)
        first = plan.focus[0]
        assert (first.skill, first.actions) == ("debug-code", (action,))
    curve.write_text(curve.read_text().replace("track_actions: {qa:", "track_actions: {tester:"))
    try:
        load_framework(roles)
    except InputError as exc:
        assert "no track 'tester' in the framework; expected one of developer, qa, sre" in str(exc)
    else:
        raise AssertionError("a floor's actions for a track the framework lacks must be refused")


def test_the_cost_table_counts_whole_days(shipped: Framework) -> None:
    rows = cost_rows(shipped, cost_points(shipped))
    numbers = [v for row in rows for k, v in row.items() if k in {"Low", "High"} or k.endswith("x rule")]
    assert numbers and all(v is None or isinstance(v, int) for v in numbers)
