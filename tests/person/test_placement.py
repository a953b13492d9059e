"""The engine's rules, as the docstrings of planner/person/placement.py state them, for both shipped tracks and a framework of our own."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.formats.assessment import Assessment
from planner.framework import Framework
from planner.framework.loading import load_framework_files
from planner.person.placement import assess
from tests.conftest import FIVE_STAGE

TRACKS = ["developer", "qa"]


def person(track: str, ratings: dict[str, int], target: int | None = None) -> Assessment:
    return Assessment(track=track, ratings=ratings, target=target)


def rated(framework: Framework, track: str, level: Callable[[int, int], int]) -> dict[str, int]:
    """Ratings for every skill of the track: level(stage, expected) for track skills, floor at its minimum."""
    floor = framework.curve.floor
    ratings = {s.id: floor.minimum for s in floor.skills}
    t = framework.track(track)
    assert t is not None
    for e in framework.expectations(t):
        if e.stage:
            ratings[e.id] = level(e.stage, e.level)
    return ratings


def exactly_met(framework: Framework, track: str) -> dict[str, int]:
    return rated(framework, track, lambda _stage, expected: expected)


def skills_at(framework: Framework, track: str, number: int) -> list[str]:
    t = framework.track(track)
    assert t is not None
    stage = t.stage(number)
    return [s.id for s in stage.skills] if stage else []


@pytest.mark.parametrize("track", TRACKS)
def test_a_perfect_rating_places_at_the_highest_stage_that_is_not_aspirational(
    shipped: Framework, track: str
) -> None:
    perfect = {sid: 4 for sid in shipped.track_skill_ids(track)}
    plan = assess(shipped, person(track, perfect))
    assert plan.placement == 6 == shipped.ceiling
    assert plan.target == 6 and plan.focus == ()
    assert any("highest stage that is not aspirational" in w for w in plan.warnings)


def test_perfect_on_a_five_stage_framework_places_at_its_ceiling(five: Framework) -> None:
    perfect = {sid: 3 for sid in five.track_skill_ids("sre")}
    assert assess(five, person("sre", perfect)).placement == 4


@pytest.mark.parametrize("track", TRACKS)
def test_a_floor_breach_caps_placement_below_the_gating_stage_and_comes_first(
    shipped: Framework, track: str
) -> None:
    ratings = {sid: 4 for sid in shipped.track_skill_ids(track)}
    ratings["debug-code"] = 1
    ratings["read-code"] = 2
    plan = assess(shipped, person(track, ratings), top=None)
    assert plan.placement == shipped.curve.floor.gates_from_stage - 1 == 4
    assert not plan.floor.ok
    assert [(f.skill, f.reason, f.gap) for f in plan.focus[:2]] == [
        ("debug-code", "floor", 2),
        ("read-code", "floor", 1),
    ]
    assert any("keeps you below stage 5" in w for w in plan.warnings)


@pytest.mark.parametrize("track", TRACKS)
def test_a_floor_breach_below_the_gate_is_still_reported_first(shipped: Framework, track: str) -> None:
    ratings = {"write-code": 1}
    plan = assess(shipped, person(track, ratings))
    assert plan.placement == 1  # stage 1 expects nothing; stage 2 is not met
    assert plan.floor.breaches[0].skill in {"read-code", "debug-code"}  # rated 0: the largest gaps
    assert [f.reason for f in plan.focus] == ["floor", "floor", "floor"]
    assert [f.skill for f in plan.focus][-1] == "write-code"  # gap 2 after the two gaps of 3


@pytest.mark.parametrize("track", TRACKS)
def test_strength_at_stage_5_does_not_place_someone_with_gaps_at_stage_3(
    shipped: Framework, track: str
) -> None:
    ratings = {sid: 4 for sid in shipped.track_skill_ids(track)}
    for sid in skills_at(shipped, track, 3):
        ratings[sid] = 0
    plan = assess(shipped, person(track, ratings), top=None)
    assert plan.placement == 2
    assert plan.target == 3
    assert {f.skill for f in plan.focus} == set(skills_at(shipped, track, 3))
    assert all(f.reason == "target" and f.stage == 3 for f in plan.focus)


@pytest.mark.parametrize("track", TRACKS)
def test_gaps_below_the_target_come_first_by_stage_and_say_what_they_block(
    shipped: Framework, track: str
) -> None:
    ratings = exactly_met(shipped, track)
    three, five_ = skills_at(shipped, track, 3), skills_at(shipped, track, 5)
    ratings[five_[0]] = 0
    # One level below what stage 3 itself asks of a stage-3 skill (its ladder may ask more later).
    t = shipped.track(track)
    assert t is not None
    ratings[three[1]] = next(k for k in t.skills_through(3) if k[1].id == three[1])[1].level_at(3) - 1
    plan = assess(shipped, person(track, ratings, target=5), top=None)
    assert plan.placement == 2
    assert [(f.skill, f.reason) for f in plan.focus] == [(three[1], "blocks-stage-3"), (five_[0], "target")]


def test_within_a_stage_the_largest_gap_comes_first_then_framework_order(five: Framework) -> None:
    # stage 2 of the five-stage developer: prompting (expects 2), verifying (expects 2)
    floor = {"read-code": 2, "write-code": 2, "debug-code": 2}
    plan = assess(five, person("developer", {**floor, "prompting": 1, "verifying": 0}))
    assert [(f.skill, f.gap) for f in plan.focus] == [("verifying", 2), ("prompting", 1)]
    plan = assess(five, person("developer", {**floor, "prompting": 1, "verifying": 1}))
    assert [f.skill for f in plan.focus] == ["prompting", "verifying"]


@pytest.mark.parametrize("track", TRACKS)
def test_an_aspirational_target_warns(shipped: Framework, track: str) -> None:
    plan = assess(shipped, person(track, exactly_met(shipped, track), target=7))
    assert plan.target == 7
    assert any("aspirational" in w and "Stage 7" in w for w in plan.warnings)


@pytest.mark.parametrize("track", TRACKS)
def test_a_target_at_or_below_the_placement_warns(shipped: Framework, track: str) -> None:
    ratings = {sid: 0 for sid in shipped.track_skill_ids(track)}
    for number in (2, 3):
        for sid in skills_at(shipped, track, number):
            ratings[sid] = 4
    plan = assess(shipped, person(track, ratings), target=3)
    assert plan.placement == 3
    assert any("at or below your placement" in w for w in plan.warnings)


def test_the_default_target_is_the_next_stage(shipped: Framework) -> None:
    ratings = {sid: 4 for n in (2, 3) for sid in skills_at(shipped, "qa", n)}
    plan = assess(shipped, person("qa", ratings))
    assert (plan.placement, plan.target) == (3, 4)
    assert all(f.stage == 4 and f.reason == "target" for f in plan.focus if f.reason != "floor")


@pytest.mark.parametrize("track", TRACKS)
def test_readiness_is_one_exactly_when_a_stages_skills_are_all_met(shipped: Framework, track: str) -> None:
    ratings = exactly_met(shipped, track)
    plan = assess(shipped, person(track, ratings))
    assert all(value == 1.0 for value in plan.readiness.values())
    first = skills_at(shipped, track, 4)[0]
    ratings[first] = next(e.level for e in shipped.expectations(track, 4) if e.id == first) - 1
    readiness = assess(shipped, person(track, ratings)).readiness
    assert [readiness[n] == 1.0 for n in range(1, 9)] == [True, True, True, False, False, False, False, False]


def test_readiness_counts_each_skill_up_to_its_expected_level(five: Framework) -> None:
    # stage 2 expects prompting 2 + verifying 2; a 4 cannot make up for a 0
    readiness = assess(five, person("developer", {"prompting": 3, "verifying": 1})).readiness
    assert readiness[2] == pytest.approx(3 / 4)
    # from stage 3 the floor joins: 3 floor skills x minimum 2 = 6, plus rubric 2, task-agents 3
    assert readiness[3] == pytest.approx((2 + 1 + 0) / (4 + 5 + 6))


def test_nothing_rated_is_placed_at_stage_1_and_every_skill_is_listed_unrated(shipped: Framework) -> None:
    plan = assess(shipped, person("developer", {}))
    assert (plan.placement, plan.target) == (1, 2)
    assert plan.unrated == shipped.track_skill_ids("developer")
    assert any(f"{len(plan.unrated)} of {len(plan.unrated)} skills are unrated" in w for w in plan.warnings)
    assert len(plan.focus) == 3  # the default


def test_no_stage_earned_places_at_0() -> None:
    files = {p.name: p.read_bytes() for p in FIVE_STAGE.glob("*.yaml")}
    files["curve.yaml"] = files["curve.yaml"].replace(b"gates_from_stage: 3", b"gates_from_stage: 1")
    gated = load_framework_files(files)
    plan = assess(gated, person("developer", {}))
    assert (plan.placement, plan.target) == (0, 1)


# --- properties over random valid assessments ------------------------------------------------------------


@st.composite
def assessments(draw: st.DrawFn, framework: Framework) -> Assessment:
    track = draw(st.sampled_from([t.id for t in framework.tracks]))
    ids = framework.track_skill_ids(track)
    ratings = draw(st.dictionaries(st.sampled_from(ids), st.sampled_from(framework.levels)))
    target = draw(st.none() | st.sampled_from([s.number for s in framework.curve.stages]))
    return person(track, ratings, target)


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_raising_one_rating_never_lowers_placement_or_any_readiness(
    shipped: Framework, laddered: Framework, data: st.DataObject
) -> None:
    framework = data.draw(st.sampled_from([shipped, laddered]))
    before = data.draw(assessments(framework))
    skill = data.draw(st.sampled_from(framework.track_skill_ids(before.track)))
    current = before.rating(skill)
    higher = data.draw(st.integers(current, max(framework.levels)))
    after = person(before.track, {**before.ratings, skill: higher}, before.target)
    a, b = assess(framework, before), assess(framework, after)
    assert b.placement >= a.placement
    assert all(b.readiness[n] >= a.readiness[n] for n in a.readiness)


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_focus_never_lists_a_met_skill_and_floor_breaches_come_first(
    shipped: Framework, laddered: Framework, data: st.DataObject
) -> None:
    framework = data.draw(st.sampled_from([shipped, laddered]))
    assessment = data.draw(assessments(framework))
    plan = assess(framework, assessment, top=None)
    for item in plan.focus:
        assert assessment.rating(item.skill) < item.expected
        assert item.gap == item.expected - item.rating > 0
    reasons = [f.reason for f in plan.focus]
    assert reasons == sorted(reasons, key=lambda r: r != "floor")
    assert [f.stage for f in plan.focus if f.reason != "floor"] == sorted(
        f.stage for f in plan.focus if f.reason != "floor"
    )
    assert len({f.skill for f in plan.focus}) == len(plan.focus)  # a skill appears once


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_stages_are_earned_in_order_at_their_own_levels(
    shipped: Framework, laddered: Framework, data: st.DataObject
) -> None:
    framework = data.draw(st.sampled_from([shipped, laddered]))
    assessment = data.draw(assessments(framework))
    placed = assess(framework, assessment).placement
    for stage in range(1, placed + 1):
        for e in framework.expectations(assessment.track, stage):
            if e.stage or stage >= framework.curve.floor.gates_from_stage:
                assert assessment.rating(e.id) >= e.level, (stage, e.id)


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_the_engine_never_raises_on_a_valid_assessment(
    shipped: Framework, five: Framework, laddered: Framework, data: st.DataObject
) -> None:
    for framework in (shipped, five, laddered):
        assessment = data.draw(assessments(framework))
        top = data.draw(st.none() | st.integers(1, 10))
        plan = assess(framework, assessment, top=top)
        assert 0 <= plan.placement <= framework.ceiling
        assert all(0.0 <= v <= 1.0 for v in plan.readiness.values())
        assert top is None or len(plan.focus) <= top
