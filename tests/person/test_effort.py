"""Effort projection: each later stage costs the measured days times the multiplier per stage, in whole
days, up to the highest stage that is not aspirational, beside the source's own reference range."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.common.problems import InputError
from planner.framework import Framework
from planner.person.effort import project

# The five-stage test framework: multiplier 5, reference ranges for stages 2 and 3, stage 5 aspirational.


def test_each_later_stage_costs_the_multiplier_more_beside_the_reference(five: Framework) -> None:
    projection = project(five, 2, 3)
    assert projection.from_.stage == 2 and projection.from_.days == 3
    assert [(p.stage, p.days, p.reference) for p in projection.projection] == [
        (3, 15, (5, 10)),
        (4, 75, None),
    ]
    assert projection.multiplier == 5 and "rule of thumb" in projection.basis


def test_an_aspirational_stage_is_never_projected(five: Framework) -> None:
    assert [p.stage for p in project(five, 1, 1).projection] == [2, 3, 4]
    assert project(five, 4, 10).projection == ()


def test_days_are_rounded_to_whole_days(five: Framework) -> None:
    assert [p.days for p in project(five, 3, 0.3).projection] == [2]  # 1.5 rounds to the even 2


@given(stage=st.integers(1, 4), days=st.floats(0.5, 1000))
def test_the_projection_grows_by_the_multiplier_stage_by_stage(
    five: Framework, stage: int, days: float
) -> None:
    rows = project(five, stage, days).projection
    assert [p.stage for p in rows] == list(range(stage + 1, 5))
    assert [p.days for p in rows] == [round(days * 5**k) for k in range(1, len(rows) + 1)]
    assert all(a.days <= b.days for a, b in itertools.pairwise(rows))


def test_the_json_form_names_the_start_from(five: Framework) -> None:
    assert project(five, 3, 2).model_dump(mode="json", by_alias=True)["from"] == {"stage": 3, "days": 2.0}


@pytest.mark.parametrize(
    ("stage", "days", "where", "message"),
    [
        (9, 2, "--stage", "stage 9 is not on the curve; the stages are 1 to 5, 5 aspirational"),
        (2, 0, "--days", "0 days; expected a number of days above 0 and at most 1000000"),
        (2, -3, "--days", "-3 days; expected a number of days above 0 and at most 1000000"),
        (2, 2_000_000, "--days", "2000000 days; expected a number of days above 0 and at most 1000000"),
        (2, float("nan"), "--days", "nan days; expected a number of days above 0 and at most 1000000"),
    ],
)
def test_a_stage_off_the_curve_or_days_out_of_range_are_refused(
    five: Framework, stage: int, days: float, where: str, message: str
) -> None:
    with pytest.raises(InputError) as refused:
        project(five, stage, days)
    [problem] = refused.value.problems
    assert problem.source == where and problem.message == message


def test_a_framework_without_effort_figures_says_so(five: Framework) -> None:
    bare = five.model_copy(update={"curve": five.curve.model_copy(update={"effort": None})})
    with pytest.raises(InputError) as refused:
        project(bare, 2, 3)
    [problem] = refused.value.problems
    assert problem.field == "effort" and problem.message == "this framework gives no effort data"
