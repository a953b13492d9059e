"""When could a person reach stage N: a dated estimate at their own pace, with its basis; no date when the
history cannot tell; and the properties: more open levels never give an earlier date, no history no date."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from planner.framework import Framework
from planner.person.estimate import estimate, open_gap, pace

TODAY = dt.date(2026, 6, 1)
MARCH = dt.date(2026, 3, 1)


def test_the_gap_counts_every_level_short_of_what_the_stage_judges(five: Framework) -> None:
    # Stage 3 of five-stage judges the floor (2 each) and prompting 2, verifying 2, rubric 2, task-agents 3.
    ratings = {"read-code": 2, "write-code": 1, "debug-code": 2, "prompting": 2, "verifying": 1}
    assert open_gap(five, "developer", ratings, 3) == 1 + 1 + 2 + 3
    # Stage 2 does not judge the floor yet (it gates from 3).
    assert open_gap(five, "developer", ratings, 2) == 1


def test_a_dated_estimate_at_the_persons_own_pace_says_its_basis(five: Framework) -> None:
    then = {"read-code": 1, "write-code": 1, "debug-code": 2, "prompting": 1, "verifying": 0}
    now = {"read-code": 2, "write-code": 2, "debug-code": 2, "prompting": 2, "verifying": 1}
    # 4 levels gained in 92 days; 1 + 2 + 3 = 6 levels open to stage 3 (verifying, rubric, task-agents).
    result = estimate(five, "developer", now, 3, [(MARCH, then), (TODAY, now)], TODAY)
    assert result.gap == 6
    assert result.pace is not None and (result.pace.levels, result.pace.days) == (4, 92)
    assert result.on == TODAY + dt.timedelta(days=138)  # 6 * 92 / 4
    assert result.basis == (
        "an estimate, not a promise: at your pace since 2026-03-01 (4 levels in 92 days), 6 levels open"
    )


def test_no_date_when_the_history_cannot_tell(five: Framework) -> None:
    now = {"prompting": 2}
    alone = estimate(five, "developer", now, 3, [(TODAY, now)], TODAY)
    assert alone.on is None and alone.basis.startswith("no basis: an estimate needs two dated assessments")
    same_day = estimate(five, "developer", now, 3, [(TODAY, {}), (TODAY, now)], TODAY)
    assert same_day.on is None and "every assessment is dated 2026-06-01" in same_day.basis
    flat = estimate(five, "developer", now, 3, [(MARCH, now), (TODAY, {"prompting": 1})], TODAY)
    assert flat.on is None
    assert (
        flat.basis
        == "no basis: no level gained between 2026-03-01 and 2026-06-01, so the history cannot tell when"
    )


def test_a_stage_reached_has_no_date_and_says_so(five: Framework) -> None:
    met = {"read-code": 2, "write-code": 2, "debug-code": 2, "prompting": 2, "verifying": 2}
    result = estimate(five, "developer", met, 2, [(MARCH, {}), (TODAY, met)], TODAY)
    assert result.reached and result.on is None and result.basis.startswith("reached")


def test_a_pace_too_slow_to_plan_with_gives_no_date(five: Framework) -> None:
    result = estimate(five, "developer", {}, 4, [(dt.date(2000, 1, 1), {}), (TODAY, {"prompting": 1})], TODAY)
    assert result.gap > 0 and result.on is None and result.basis.endswith("more than 50 years away")


SKILLS = ("read-code", "write-code", "debug-code", "prompting", "verifying", "rubric", "task-agents")
ratings_of = st.fixed_dictionaries({s: st.integers(0, 3) for s in SKILLS})
days_of = st.integers(0, 3000).map(lambda n: TODAY - dt.timedelta(days=n))
histories = st.lists(st.tuples(days_of, ratings_of), max_size=5)


@settings(max_examples=80, deadline=None)
@given(ratings=ratings_of, history=histories, stage=st.integers(1, 4), skill=st.sampled_from(SKILLS))
def test_a_wider_gap_never_gives_an_earlier_date(
    five: Framework, ratings: dict[str, int], history: list, stage: int, skill: str
) -> None:
    lower = {**ratings, skill: max(0, ratings[skill] - 1)}
    nearer = estimate(five, "developer", ratings, stage, history, TODAY)
    further = estimate(five, "developer", lower, stage, history, TODAY)
    assert further.gap >= nearer.gap
    if nearer.on is None and not nearer.reached:
        assert further.on is None  # no basis (or beyond the calendar) for the nearer: none for the further
    if nearer.on is not None and further.on is not None:
        assert further.on >= nearer.on
    if further.on is not None and not nearer.reached:
        assert nearer.on is not None


@settings(max_examples=60, deadline=None)
@given(ratings=ratings_of, stage=st.integers(1, 4), point=st.tuples(days_of, ratings_of))
def test_no_history_no_date(five: Framework, ratings: dict[str, int], stage: int, point: tuple) -> None:
    for history in ([], [point]):
        result = estimate(five, "developer", ratings, stage, history, TODAY)
        assert result.on is None and result.pace is None and pace(history) is None
        assert result.basis.startswith("reached" if result.gap == 0 else "no basis")
