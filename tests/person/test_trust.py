"""Trusted ratings: which ratings count as confirmed (an agreed assessment, a colleague's confirmation at or
above the rating within the skill's review period, accepted scan evidence), the trusted placement on them
alone, and the two properties: it never exceeds the placement, and confirming never lowers either."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from planner.formats.assessment import Assessment
from planner.formats.confirmations import Confirmation
from planner.formats.roster import read_roster
from planner.formats.table import team_from_assessments
from planner.framework import Framework
from planner.person.placement import Plan, assess, placement
from planner.person.staleness import review_after
from planner.person.trust import confirmed_skills
from planner.team.coverage import coverage
from tests.cli.test_cli import no_traceback, run, write

TODAY = dt.date(2026, 6, 1)


def exactly_met(framework: Framework, track: str) -> dict[str, int]:
    """Every skill of the track rated exactly the highest level it is ever expected at."""
    out: dict[str, int] = {}
    for stage in sorted(s.number for s in framework.curve.stages if not s.aspirational):
        for e in framework.expectations(track, stage):
            out[e.id] = max(out.get(e.id, 0), e.level)
    return out


def ada(ratings: dict[str, int], rater: str = "self") -> Assessment:
    return Assessment.model_validate(
        {"name": "Ada", "track": "developer", "rater": rater, "ratings": ratings}
    )


def asked(
    skill: str,
    level: int,
    answer: str | int | None = "confirmed",
    answered: dt.date | None = TODAY,
    person: str = "Ada",
) -> Confirmation:
    return Confirmation(
        person=person,
        skill=skill,
        level=level,
        asked_of="grace@example.org",
        evidence="paired on the release",
        asked_at=dt.date(2020, 1, 1),
        answer=answer,
        answered_at=answered if answer is not None else None,
    )


# --- each rule, by example --------------------------------------------------------------------------------


def test_an_agreed_assessment_is_confirmed_whole(shipped: Framework) -> None:
    ratings = exactly_met(shipped, "developer")
    plan = assess(shipped, ada(ratings, rater="agreed"), today=TODAY)
    assert plan.trusted.placement == plan.placement == shipped.ceiling
    assert plan.trusted.confirmed == plan.trusted.of == len(ratings)
    assert plan.trusted.unconfirmed == ()


def test_a_self_assessment_without_confirmations_confirms_nothing(shipped: Framework) -> None:
    ratings = exactly_met(shipped, "developer")
    plan = assess(shipped, ada(ratings), today=TODAY)
    assert plan.placement == shipped.ceiling
    assert (plan.trusted.confirmed, plan.trusted.of) == (0, len(ratings))
    # Nothing confirmed places like nothing rated: on the shipped curve its first stage asks nothing.
    track = shipped.track("developer")
    assert track is not None
    assert plan.trusted.placement == placement(shipped, track, {}) == 1
    assert set(plan.trusted.unconfirmed) == set(ratings)  # every rating meets its first level here


def test_a_manager_or_peer_assessment_alone_is_not_confirmed(shipped: Framework) -> None:
    for rater in ("manager", "peer"):
        assert confirmed_skills(shipped, ada({"read-code": 3}, rater=rater), today=TODAY) == frozenset()


def test_a_confirmation_within_the_review_period_confirms(shipped: Framework) -> None:
    days = review_after(shipped)["read-code"]
    assert days is not None
    on_the_last_day = TODAY - dt.timedelta(days=days)
    confirmed = confirmed_skills(
        shipped, ada({"read-code": 3}), [asked("read-code", 3, answered=on_the_last_day)], today=TODAY
    )
    assert confirmed == {"read-code"}


def test_a_confirmation_longer_ago_than_the_review_period_does_not(shipped: Framework) -> None:
    days = review_after(shipped)["read-code"]
    assert days is not None
    a_day_too_old = TODAY - dt.timedelta(days=days + 1)
    confirmed = confirmed_skills(
        shipped, ada({"read-code": 3}), [asked("read-code", 3, answered=a_day_too_old)], today=TODAY
    )
    assert confirmed == frozenset()


def test_the_period_is_the_skills_own(shipped: Framework) -> None:
    # The shipped floor ages in a year, the agent-era skills in half of one: one answer, two verdicts.
    limits = review_after(shipped)
    skill = next(s for s in shipped.track_skill_ids("developer") if limits[s] != limits["read-code"])
    shorter, longer = sorted([("read-code", limits["read-code"]), (skill, limits[skill])], key=lambda p: p[1])
    assert shorter[1] is not None and longer[1] is not None
    when = TODAY - dt.timedelta(days=shorter[1] + 1)
    ratings = {shorter[0]: 2, longer[0]: 2}
    confirmations = [asked(shorter[0], 2, answered=when), asked(longer[0], 2, answered=when)]
    assert confirmed_skills(shipped, ada(ratings), confirmations, today=TODAY) == {longer[0]}


def test_a_confirmation_at_a_lower_level_does_not_confirm_a_higher_rating(shipped: Framework) -> None:
    confirmed = confirmed_skills(shipped, ada({"read-code": 3}), [asked("read-code", 2)], today=TODAY)
    assert confirmed == frozenset()


def test_a_confirmation_above_the_rating_confirms_it(shipped: Framework) -> None:
    confirmed = confirmed_skills(shipped, ada({"read-code": 2}), [asked("read-code", 3)], today=TODAY)
    assert confirmed == {"read-code"}


def test_a_declined_or_pending_request_does_not_confirm(shipped: Framework) -> None:
    for answer in ("declined", None):
        confirmed = confirmed_skills(
            shipped, ada({"read-code": 3}), [asked("read-code", 3, answer=answer)], today=TODAY
        )
        assert confirmed == frozenset(), answer


def test_a_level_answered_below_the_rating_does_not_confirm_and_at_it_does(shipped: Framework) -> None:
    below = confirmed_skills(shipped, ada({"read-code": 3}), [asked("read-code", 3, answer=2)], today=TODAY)
    assert below == frozenset()
    # Asked at 4, the colleague saw 3: that vouches for a rating of 3.
    at = confirmed_skills(shipped, ada({"read-code": 3}), [asked("read-code", 4, answer=3)], today=TODAY)
    assert at == {"read-code"}


def test_only_the_named_persons_confirmations_count(shipped: Framework) -> None:
    ratings = {"read-code": 3}
    others = [asked("read-code", 3, person="Grace")]
    assert confirmed_skills(shipped, ada(ratings), others, today=TODAY) == frozenset()
    same = [asked("read-code", 3, person="  ada ")]
    composed = Assessment(name="Zoë", track="developer", ratings=ratings)
    decomposed = [asked("read-code", 3, person="zoe\u0308")]
    assert confirmed_skills(shipped, composed, decomposed, today=TODAY) == {"read-code"}
    assert confirmed_skills(shipped, ada(ratings), same, today=TODAY) == {"read-code"}
    unnamed = Assessment(track="developer", ratings=ratings)
    assert confirmed_skills(shipped, unnamed, same, today=TODAY) == frozenset()


def test_without_today_no_confirmation_can_be_dated_within_its_period(shipped: Framework) -> None:
    assert confirmed_skills(shipped, ada({"read-code": 3}), [asked("read-code", 3)]) == frozenset()


def test_accepted_scan_evidence_confirms_the_rating_it_rests_on(shipped: Framework) -> None:
    confirmed = confirmed_skills(shipped, ada({"read-code": 3, "write-code": 3}), accepted={"read-code"})
    assert confirmed == {"read-code"}


def test_confirmed_and_of_count_the_rated_skills_of_the_track(shipped: Framework) -> None:
    plan = assess(
        shipped,
        ada({"read-code": 3, "write-code": 0, "debug-code": 2}),
        today=TODAY,
        confirmations=[asked("read-code", 3), asked("debug-code", 3)],
    )
    assert (plan.trusted.confirmed, plan.trusted.of) == (2, 3)
    # write-code at 0 is unconfirmed but not high; read-code and debug-code are confirmed.
    assert plan.trusted.unconfirmed == ()


def test_the_json_of_trusted_is_placement_confirmed_and_of(shipped: Framework) -> None:
    plan = assess(shipped, ada({"read-code": 3}), today=TODAY, confirmations=[asked("read-code", 3)])
    assert plan.model_dump(mode="json")["trusted"] == {"placement": 1, "confirmed": 1, "of": 1}


# --- properties ---------------------------------------------------------------------------------------------


Situation = tuple[Assessment, list[Confirmation], frozenset[str]]


@st.composite
def situations(draw: st.DrawFn, framework: Framework) -> Situation:
    """A named assessment, some confirmations of its skills (answered or not, recent or old) and some
    accepted evidence."""
    track = draw(st.sampled_from([t.id for t in framework.tracks]))
    ids = framework.track_skill_ids(track)
    levels = framework.levels
    ratings = draw(st.dictionaries(st.sampled_from(ids), st.sampled_from(levels)))
    rater = draw(st.sampled_from(["self", "manager", "peer", "agreed"]))
    assessment = Assessment.model_validate(
        {"name": "Ada", "track": track, "rater": rater, "ratings": ratings}
    )
    confirmation = st.builds(
        asked,
        skill=st.sampled_from(ids),
        level=st.sampled_from(levels),
        answer=st.none() | st.sampled_from(["confirmed", "declined", *levels]),
        answered=st.integers(0, 800).map(lambda days: TODAY - dt.timedelta(days=days)),
    )
    confirmations = draw(st.lists(confirmation, max_size=8))
    accepted = frozenset(draw(st.lists(st.sampled_from(ids), max_size=3)))
    return assessment, confirmations, accepted


def plan_of(framework: Framework, situation: Situation) -> Plan:
    assessment, confirmations, accepted = situation
    return assess(framework, assessment, today=TODAY, confirmations=confirmations, accepted=accepted)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_trusted_placement_never_exceeds_placement(
    data: st.DataObject, shipped: Framework, laddered: Framework, five: Framework
) -> None:
    framework = data.draw(st.sampled_from([shipped, laddered, five]))
    situation = data.draw(situations(framework))
    plan = plan_of(framework, situation)
    assert plan.trusted.placement <= plan.placement
    assert 0 <= plan.trusted.confirmed <= plan.trusted.of == len(situation[0].ratings)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_confirming_a_rating_never_lowers_either_placement(
    data: st.DataObject, shipped: Framework, laddered: Framework, five: Framework
) -> None:
    framework = data.draw(st.sampled_from([shipped, laddered, five]))
    assessment, confirmations, accepted = situation = data.draw(situations(framework))
    before = plan_of(framework, situation)
    ids = framework.track_skill_ids(assessment.track)
    how = data.draw(st.sampled_from(["confirmation", "agreed", "evidence"]))
    if how == "agreed":
        after: Situation = (assessment.model_copy(update={"rater": "agreed"}), confirmations, accepted)
    elif how == "evidence":
        after = (assessment, confirmations, accepted | {data.draw(st.sampled_from(ids))})
    else:
        skill = data.draw(st.sampled_from(ids))
        level = data.draw(st.sampled_from(framework.levels))
        answer = data.draw(st.sampled_from(["confirmed", level]))
        days = data.draw(st.integers(0, 30))
        more = asked(skill, level, answer=answer, answered=TODAY - dt.timedelta(days=days))
        after = (assessment, [*confirmations, more], accepted)
    later = plan_of(framework, after)
    assert later.placement >= before.placement
    assert later.trusted.placement >= before.trusted.placement
    assert later.trusted.confirmed >= before.trusted.confirmed


# --- the team: who holds a skill by a confirmed rating ----------------------------------------------------


def test_coverage_names_the_holders_whose_rating_was_agreed(shipped: Framework, tmp_path: Path) -> None:
    # Ada and Ben hold read-code; only Ada's rating of record was agreed. Cy's agreed rating is too low to
    # hold it, and Dee's agreed assessment is older than her own later one, which is her rating of record.
    roster = tmp_path / "team.csv"
    roster.write_text(
        "name,track,rater,assessed_on,read-code\n"
        "Ada,developer,agreed,2026-01-02,3\n"
        "Ben,developer,self,2026-01-02,4\n"
        "Cy,developer,agreed,2026-01-02,1\n"
        "Dee,developer,agreed,2026-01-02,3\n"
        "Dee,developer,self,2026-02-02,4\n"
    )
    team = read_roster(str(roster), roster.read_bytes(), shipped).team
    row = next(r for r in coverage(shipped, team, target=2) if r.skill == "read-code")
    assert row.covered_by == ("Ada", "Ben", "Dee")
    assert row.confirmed_by == ("Ada",)


def test_an_agreed_rating_outranks_a_managers_on_the_same_day(shipped: Framework) -> None:
    day = dt.date(2026, 1, 2)
    team = team_from_assessments(
        shipped,
        [
            Assessment(
                name="Ada", track="developer", rater="agreed", assessed_on=day, ratings={"read-code": 3}
            ),
            Assessment(
                name="Ada", track="developer", rater="manager", assessed_on=day, ratings={"read-code": 1}
            ),
        ],
    )
    assert team.of_record().rows["rater"].tolist() == ["agreed"]


# --- the command line -----------------------------------------------------------------------------------


SELF = "stagepath: 1\nname: Ada\ntrack: developer\nratings: {read-code: 3, write-code: 3, debug-code: 3}\n"


def test_assess_json_has_trusted_and_counts_confirmations(tmp_path: Path) -> None:
    me = write(tmp_path, "me.yaml", SELF)
    plain = json.loads(run("assess", me, "--today", "2026-06-01").stdout)
    assert plain["trusted"]["confirmed"] == 0 and plain["trusted"]["of"] == 3
    asked_file = write(
        tmp_path,
        "asked.yaml",
        "confirmations:\n"
        "  - {person: ada, skill: read-code, level: 3, asked_of: Grace, asked_at: 2026-05-01,"
        " answer: confirmed, answered_at: 2026-05-02}\n"
        "  - {person: Ada, skill: write-code, level: 3, asked_of: Grace, asked_at: 2026-05-01,"
        " answer: 2, answered_at: 2026-05-02}\n"
        "  - {person: Ben, skill: debug-code, level: 3, asked_of: Grace, asked_at: 2026-05-01,"
        " answer: confirmed, answered_at: 2026-05-02}\n",
    )
    result = run("assess", me, "--confirmations", asked_file, "--today", "2026-06-01")
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    assert plan["trusted"] == {"placement": plain["trusted"]["placement"], "confirmed": 1, "of": 3}
    agreed = write(tmp_path, "agreed.yaml", SELF.replace("track:", "rater: agreed\ntrack:"))
    whole = json.loads(run("assess", agreed).stdout)
    assert whole["trusted"] == {"placement": whole["placement"], "confirmed": 3, "of": 3}


def test_assess_refuses_a_bad_confirmations_file_naming_it(tmp_path: Path) -> None:
    me = write(tmp_path, "me.yaml", SELF)
    bad = write(tmp_path, "asked.yaml", "confirmations:\n  - {person: Ada, skill: read-code}\n")
    result = run("assess", me, "--confirmations", bad)
    no_traceback(result)
    assert result.returncode == 1
    assert "asked.yaml:2: confirmations[0].level: is missing (required)" in result.stderr
    unnamed = write(tmp_path, "anon.yaml", SELF.replace("name: Ada\n", ""))
    refused = run("assess", unnamed, "--confirmations", bad)
    assert (
        refused.returncode == 1
        and "anon.yaml: name: a name is needed to match confirmations" in refused.stderr
    )


def test_the_markdown_plan_shows_the_trusted_placement_and_marks_unconfirmed_ratings(tmp_path: Path) -> None:
    me = write(tmp_path, "me.yaml", SELF.replace("read-code: 3", "read-code: 1"))
    result = run("assess", me, "--format", "markdown")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "**Placement:** Stage 1 · Manual" in text
    assert "**Trusted placement:** Stage 1 · Manual (0 of 3 ratings confirmed)" in text
    marked = text.split("Not yet confirmed")[1].split("\n\n")[1].splitlines()
    # Read code at 1 is unconfirmed too, but not a high rating.
    assert [line.split(":")[0] for line in marked] == ["- Write code", "- Debug code"]
    assert all(line.endswith(", unconfirmed") and ": rated 3 · " in line for line in marked)


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_the_teams_trusted_placements_are_each_persons_by_the_person_rule(
    data: st.DataObject, shipped: Framework, laddered: Framework, five: Framework
) -> None:
    """The team's vectorised trust (planner.team.trust) gives every person the placement, trusted placement
    and confirmed count the person rule gives them, for random people and confirmations."""
    from planner.service.team import people_trust, team_report

    framework = data.draw(st.sampled_from([shipped, laddered, five]))
    people: list[Assessment] = []
    confirmations: list[Confirmation] = []
    for i in range(data.draw(st.integers(1, 5))):
        assessment, asked_for, _ = data.draw(situations(framework))
        name = f"P{i}"
        people.append(assessment.model_copy(update={"name": name}))
        confirmations += [c.model_copy(update={"person": name}) for c in asked_for]
    team = team_from_assessments(framework, people)
    rows = people_trust(framework, team, confirmations, TODAY)
    for person, row in zip(people, rows, strict=True):
        plan = assess(framework, person, today=TODAY, confirmations=confirmations)
        assert (row.name, row.placement, row.trusted) == (person.name, plan.placement, plan.trusted.placement)
        assert (row.confirmed, row.of) == (plan.trusted.confirmed, plan.trusted.of)
        assert row.trusted <= row.placement
    report = team_report(framework, team, today=TODAY, confirmations=confirmations)
    assert report.trusted is not None
    assert report.trusted.confirmed == sum(r.confirmed for r in rows)
    assert sum(sum(c.values()) for c in report.trusted.distribution.values()) == len(rows)
