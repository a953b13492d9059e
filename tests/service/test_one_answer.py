"""One answer for the same people, whichever rule asks: a person's placement (planner.person), the team's
placements, distribution and people's stage (planner.team) and the organisation's teams (planner.org.plan) agree
for random rosters on the shipped framework, a five-stage one and a laddered one."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.formats.assessment import Assessment
from planner.formats.table import team_from_assessments
from planner.framework import Framework
from planner.framework.loading import load_framework
from planner.org.plan import organise
from planner.person.placement import placement
from planner.team.operating import people_stage
from planner.team.placements import distribution, placements
from tests.conftest import FIVE_STAGE, LADDERED

FRAMEWORKS = {
    "shipped": load_framework(),
    "five-stage": load_framework(FIVE_STAGE),
    "laddered": load_framework(LADDERED),
}
TEAMS = ("Core", "Platform", "Mobile")


@st.composite
def rosters(draw: st.DrawFn, framework: Framework) -> list[Assessment]:
    """Up to a dozen people over up to three teams, each rated (or left unrated) on their track's skills and
    the floor, mostly near the levels the framework expects so that stages are earned and missed."""
    people = []
    levels = sorted(framework.levels)
    for i in range(draw(st.integers(1, 12))):
        track = draw(st.sampled_from(framework.tracks))
        skills = framework.track_skill_ids(track.id)
        ratings = {
            skill: draw(st.sampled_from(levels))
            for skill in skills
            if draw(st.integers(0, 9)) > 0  # now and then a skill is left unrated
        }
        people.append(
            Assessment(name=f"Person {i}", team=draw(st.sampled_from(TEAMS)), track=track.id, ratings=ratings)
        )
    return people


def counted(by_track: dict[str, dict[int, int]]) -> dict[str, dict[int, int]]:
    """A distribution without its empty stages and tracks."""
    kept = {t: {s: n for s, n in stages.items() if n} for t, stages in by_track.items()}
    return {t: stages for t, stages in kept.items() if stages}


@pytest.mark.parametrize("name", sorted(FRAMEWORKS))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_person_team_and_organisation_place_the_same_people_at_the_same_stage(
    name: str, data: st.DataObject
) -> None:
    framework = FRAMEWORKS[name]
    people = data.draw(rosters(framework))
    team = team_from_assessments(framework, people)
    record = team.of_record()
    by_person = [placement(framework, framework.track(a.track), a.ratings) for a in people]
    assert [int(p) for p in placements(framework, record)] == by_person

    expected: dict[str, Counter[int]] = {}
    for assessment, stage in zip(people, by_person, strict=True):
        expected.setdefault(assessment.track, Counter())[stage] += 1
    assert counted(distribution(framework, record)) == {t: dict(c) for t, c in expected.items()}

    report = organise(framework, team, target=framework.ceiling)
    for org_team in report.teams:
        members = record.take(record.rows["team"].to_numpy() == org_team.team)
        assert org_team.people == len(members)
        assert counted(org_team.distribution) == counted(distribution(framework, members))
        assert org_team.people_stage == people_stage(framework, members), org_team.team


@pytest.mark.parametrize("name", sorted(FRAMEWORKS))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_each_team_of_the_organisation_counts_the_confirmed_ratings_its_team_report_counts(
    name: str, data: st.DataObject
) -> None:
    """Agreed assessments and colleagues' confirmations confirm the same ratings in the organisation's
    report as in each team's own report: one rule (planner.team.trust) for both."""
    import datetime as dt

    from planner.formats.confirmations import Confirmation
    from planner.service.org import org_report
    from planner.service.team import team_report

    framework = FRAMEWORKS[name]
    today = dt.date(2026, 6, 1)
    people = [
        a.model_copy(update={"rater": data.draw(st.sampled_from(["self", "agreed"]))})
        for a in data.draw(rosters(framework))
    ]
    confirmations = [
        Confirmation(
            person=a.name or "",
            skill=skill,
            level=data.draw(st.sampled_from(sorted(framework.levels))),
            asked_of="grace@example.org",
            asked_at=dt.date(2026, 5, 1),
            answer="confirmed",
            answered_at=dt.date(2026, 5, 2),
        )
        for a in people
        for skill in a.ratings
        if data.draw(st.booleans())
    ]
    team = team_from_assessments(framework, people)
    record = team.of_record()
    report = org_report(framework, team, target=framework.ceiling, today=today, confirmations=confirmations)
    for org_team in report.teams:
        members = record.take(record.rows["team"].to_numpy() == org_team.team)
        own = team_report(framework, members, framework.ceiling, today=today, confirmations=confirmations)
        assert own.trusted is not None
        assert (org_team.confirmed, org_team.of) == (own.trusted.confirmed, own.trusted.of), org_team.team
