"""My plan's Compare tab through planner.service.person: two assessments planned for one target (the later
one's), whether they name different people, and the ratings due again by the rule the plan uses."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from planner.formats.assessment import load_assessment
from planner.framework.loading import load_framework
from planner.service.person import person_plan, plan_change, ratings_due

FRAMEWORK = load_framework()
EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"
MARCH = load_assessment("march.yaml", (EXAMPLES / "developer-2026-03.yaml").read_bytes(), FRAMEWORK)
SEPTEMBER = load_assessment("sept.yaml", (EXAMPLES / "developer-2026-09.yaml").read_bytes(), FRAMEWORK)


def test_both_plans_are_made_for_the_later_assessments_target() -> None:
    change = plan_change(FRAMEWORK, MARCH, SEPTEMBER)
    after = person_plan(FRAMEWORK, SEPTEMBER, top=None)
    assert change.after == after
    assert change.before == person_plan(FRAMEWORK, MARCH, target=after.target, top=None)
    assert change.before.target == change.after.target
    assert change.before.placement <= change.after.placement
    assert change.different_people is False  # the same person, Sam Example, twice


def test_different_people_are_told_apart_by_name_and_an_unnamed_file_could_be_anyone() -> None:
    other = SEPTEMBER.model_copy(update={"name": "Ana  March"})
    assert plan_change(FRAMEWORK, MARCH, other).different_people is True
    same = SEPTEMBER.model_copy(update={"name": "  sam   EXAMPLE "})
    assert plan_change(FRAMEWORK, MARCH, same).different_people is False
    unnamed = SEPTEMBER.model_copy(update={"name": None})
    assert plan_change(FRAMEWORK, MARCH, unnamed).different_people is False


def test_the_ratings_due_are_the_plans_stale_list() -> None:
    later = (SEPTEMBER.assessed_on or dt.date.today()) + dt.timedelta(days=3650)
    due = ratings_due(FRAMEWORK, SEPTEMBER, later)
    assert due and set(due) <= set(SEPTEMBER.ratings)
    assert due == person_plan(FRAMEWORK, SEPTEMBER, today=later).stale
    assert ratings_due(FRAMEWORK, SEPTEMBER, SEPTEMBER.assessed_on or dt.date.today()) == ()
