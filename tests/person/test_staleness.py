"""Ratings that age: stale on the day after the review period, not on its last day; undated never stale;
the shipped framework ages AI-era skills faster than the floor; assess and team list them with --today."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from planner.formats.assessment import Assessment
from planner.formats.table import team_from_assessments
from planner.framework import Framework
from planner.framework.loading import load_framework
from planner.person.placement import assess
from planner.person.staleness import AGE_UNKNOWN, review_after, stale_before, stale_skills
from planner.team.staleness import StaleRating, stale_ratings
from tests.cli.test_cli import no_traceback, run

DATED = dt.date(2026, 1, 1)


def aged(roles_copy: Path, curve_days: int | None, skill_days: dict[str, int]) -> Framework:
    """The shipped framework with these review periods instead of its own."""
    curve_file = roles_copy / "curve.yaml"
    curve = yaml.safe_load(curve_file.read_text())
    curve.pop("review_after_days", None)
    if curve_days is not None:
        curve["review_after_days"] = curve_days
    curve["floor"].pop("review_after_days", None)  # the floor's own period, for all its skills
    for skill in curve["floor"]["skills"]:
        skill.pop("review_after_days", None)
        if skill["id"] in skill_days:
            skill["review_after_days"] = skill_days[skill["id"]]
    curve_file.write_text(yaml.safe_dump(curve, sort_keys=False))
    return load_framework(roles_copy)


def person(**ratings: int) -> Assessment:
    return Assessment(name="Ada", track="developer", assessed_on=DATED, ratings=ratings)


def test_the_shipped_framework_ages_ai_era_skills_faster_than_the_floor(shipped: Framework) -> None:
    limits = review_after(shipped)
    floor = [s.id for s in shipped.curve.floor.skills]
    others = [s for s in shipped.skill_names if s not in floor]
    assert others and all(limits[s] is not None for s in shipped.skill_names)
    assert max(limits[s] or 0 for s in others) < min(limits[s] or 0 for s in floor)
    fact = next(f for f in shipped.curve.facts if f.id == "ratings-age")
    assert fact.provenance == "inferred"


def test_a_rating_is_stale_the_day_after_its_period_and_not_on_its_last_day(roles_copy: Path) -> None:
    framework = aged(roles_copy, 100, {"read-code": 300})
    assessment = person(**{"read-code": 3, "assisted-coding": 2})
    last_day = DATED + dt.timedelta(days=100)
    assert stale_skills(framework, assessment, last_day) == ()
    assert stale_skills(framework, assessment, last_day + dt.timedelta(days=1)) == ("assisted-coding",)
    assert stale_skills(framework, assessment, DATED + dt.timedelta(days=301)) == (
        "read-code",
        "assisted-coding",
    )


def test_only_an_assessment_dated_before_the_shortest_period_can_hold_a_stale_rating(
    roles_copy: Path,
) -> None:
    framework = aged(roles_copy, 100, {"read-code": 30})
    today = DATED + dt.timedelta(days=30)
    # Read-code's 30 days are the shortest: dated on the day they allow, nothing is stale yet; a day earlier
    # the rating is, and `stale_before` draws the line between the two.
    assert stale_before(framework, today) == DATED
    assert stale_skills(framework, person(**{"read-code": 3}), today) == ()
    assert stale_skills(framework, person(**{"read-code": 3}), today + dt.timedelta(days=1)) == ("read-code",)
    assert stale_before(aged(roles_copy, None, {}), today) is None


def test_unrated_skills_and_frameworks_without_a_period_are_never_stale(roles_copy: Path) -> None:
    framework = aged(roles_copy, None, {})
    assert stale_skills(framework, person(**{"read-code": 3}), DATED + dt.timedelta(days=5000)) == ()
    framework = aged(roles_copy, 10, {})
    assert stale_skills(framework, person(**{"read-code": 3}), DATED + dt.timedelta(days=50)) == (
        "read-code",
    )


def test_an_undated_plan_is_never_stale_and_says_its_age_is_unknown(shipped: Framework) -> None:
    undated = person(**{"read-code": 3}).model_copy(update={"assessed_on": None})
    plan = assess(shipped, undated, today=dt.date(2040, 1, 1))
    assert plan.stale == () and AGE_UNKNOWN in plan.warnings
    dated = assess(shipped, person(**{"read-code": 3}), today=dt.date(2040, 1, 1))
    assert dated.stale == ("read-code",) and AGE_UNKNOWN not in dated.warnings


def test_a_team_lists_each_stale_rating_with_its_date(roles_copy: Path) -> None:
    framework = aged(roles_copy, 30, {})
    team = team_from_assessments(
        framework,
        [
            person(**{"read-code": 3, "assisted-coding": 2}),
            Assessment(
                name="Ben", track="developer", assessed_on=dt.date(2026, 2, 1), ratings={"read-code": 2}
            ),
            Assessment(name="Cy", track="developer", ratings={"read-code": 1}),
        ],
    )
    today = dt.date(2026, 2, 15)  # Ada's ratings are 45 days old, Ben's 14, Cy's undated
    assert stale_ratings(framework, team, today) == (
        StaleRating("Ada", "read-code", DATED),
        StaleRating("Ada", "assisted-coding", DATED),
    )
    assert stale_ratings(framework, team, dt.date(2026, 1, 31)) == ()


@pytest.fixture
def dated_file(tmp_path: Path) -> Path:
    path = tmp_path / "ada.yaml"
    path.write_text(
        "stagepath: 1\nname: Ada\ntrack: developer\nassessed_on: 2026-01-01\n"
        "ratings: {read-code: 3, assisted-coding: 2}\n"
    )
    return path


def test_assess_lists_stale_skills_on_either_side_of_the_boundary(dated_file: Path) -> None:
    # The shipped map: 180 days for AI-era skills, 365 for the floor.
    before = run("assess", str(dated_file), "--today", "2026-06-30", "--format", "json")
    after = run("assess", str(dated_file), "--today", "2026-07-01", "--format", "json")
    assert json.loads(before.stdout)["stale"] == []
    assert json.loads(after.stdout)["stale"] == ["assisted-coding"]
    much_later = run("assess", str(dated_file), "--today", "2027-01-02", "--format", "json")
    assert json.loads(much_later.stdout)["stale"] == ["read-code", "assisted-coding"]


def test_team_lists_stale_ratings_and_an_undated_person_never(tmp_path: Path, dated_file: Path) -> None:
    roster = tmp_path / "team.csv"
    roster.write_text("name,track,rater,read-code,assisted-coding\nBen,developer,self,3,3\n")
    result = run("team", str(dated_file), str(roster), "--today", "2026-07-01", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["stale"] == [
        {"name": "Ada", "skill": "assisted-coding", "assessed_on": "2026-01-01"}
    ]
    earlier = run("team", str(dated_file), str(roster), "--today", "2026-06-30", "--format", "json")
    assert json.loads(earlier.stdout)["stale"] == []


def test_a_bad_today_is_a_usage_error_naming_the_format(dated_file: Path) -> None:
    result = run("assess", str(dated_file), "--today", "2026-13-01")
    assert result.returncode == 2 and "expected YYYY-MM-DD" in result.stderr
    no_traceback(result)
