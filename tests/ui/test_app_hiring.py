"""The Hiring page as a manager uses it: a profile from the team's gaps or by hand, the interview prompts
of its skills, a candidate's fit from an uploaded assessment or from ratings given on the page, and the
profile as Markdown."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from planner.formats.assessment import Assessment, load_assessment
from planner.formats.roster import read_roster
from planner.framework.loading import load_framework
from planner.reports.team import profile_markdown
from planner.team.coverage import coverage
from planner.team.hiring import build_profile, candidate_fit, hiring_profiles
from tests.app_support import (
    INVISIBLE,
    catch_downloads,
    go,
    live_markup,
    plain_text,
    shown_text,
    start,
    unescape,
)
from tests.team_support import (
    HIRE_ROSTER,
    HIRE_SKILL,
    HOSTILE_NAME,
    download,
    metric,
    ok,
    table,
    use_database,
    with_hires,
    with_sample,
)

FRAMEWORK = load_framework()
NAMES = FRAMEWORK.skill_names
EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"
FLOOR = ["read-code", "write-code", "debug-code"]
# The sample team at its default target, stage 4, has no hire row (test_app_team): every gap is thin or
# one level away. HIRE_ROSTER rates every developer 0 in merging personal agents into team workflows, so
# that skill is a hire: by hand, the developer profile must have the floor and it, and nice to have the one
# skill the developers can develop (judging when to use an assistant: asked at 3, five of them at 2). The
# QA track's gaps are unchanged: one thin, two to develop, nothing to hire.
HIRE_TEAM = read_roster("team-roster.csv", HIRE_ROSTER, FRAMEWORK).team
HIRE_PROFILES = hiring_profiles(FRAMEWORK, coverage(FRAMEWORK, HIRE_TEAM, 4), 4)
DEVELOPER_GAPS = build_profile(FRAMEWORK, "developer", 4, [*FLOOR, HIRE_SKILL], ["assistant-use-judgment"])


@pytest.fixture(autouse=True)
def database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    return use_database(monkeypatch, tmp_path)


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    return catch_downloads(monkeypatch)


def hiring_page() -> Any:
    return ok(go(start(), "hiring"))


def developer_gaps() -> Any:
    """The team with a hire on the Team page, then its developer gaps used on the Hiring page."""
    at = ok(go(with_hires(), "hiring"))
    at.button(key="hiring.use.developer").click().run()
    return ok(at)


def test_a_first_visit_explains_both_ways_to_build_a_profile() -> None:
    at = hiring_page()
    text = shown_text(at)
    assert "No profile yet" in text
    assert "Load a team on the Team page" in text
    assert not at.metric
    assert at.multiselect(key="hiring.must").value == []


def test_the_team_gaps_become_a_profile_with_interview_prompts(downloads: dict[str, Any]) -> None:
    # The engine on the same roster agrees with the hand count: one profile, the developers'.
    assert HIRE_PROFILES == (DEVELOPER_GAPS,)
    at = ok(go(with_hires(), "hiring"))
    labels = {b.key: unescape(b.label) for b in at.button if b.key.startswith("hiring.use.")}
    assert labels == {"hiring.use.developer": "Use the Software developer gaps"}
    captions = [unescape(c.value) for c in at.caption]
    assert "1 to hire, 1 to develop" in captions
    # The QA track has gaps but nothing to hire: no button, and the page says why.
    assert (
        "QA engineer: nothing to hire, every gap can be developed (1 thin, 2 to develop): someone holds it "
        "or is one level below." in captions
    )
    at.button(key="hiring.use.developer").click().run()
    ok(at)
    # Must have: the floor and the one skill nobody is within one level of; nice to have: the one the team
    # can develop.
    assert at.multiselect(key="hiring.must").value == [*FLOOR, HIRE_SKILL]
    assert at.multiselect(key="hiring.nice").value == ["assistant-use-judgment"]
    assert at.selectbox(key="hiring.stage").value == 4
    profile = table(at, "At least")
    assert list(profile["Kind"]) == ["Must have"] * 4 + ["Nice to have"]
    assert list(profile["Skill"]) == [NAMES[s] for s in [*FLOOR, HIRE_SKILL, "assistant-use-judgment"]]
    text = shown_text(at)
    assert "How would you get five developers with their own agents to agree on one shared workflow?" in text
    assert "Built from the Software developer gaps on the Team page: 10 people" in text
    name, markdown = download(downloads, "stagepath-hiring-profile-developer-")
    assert name.endswith(".md")
    assert markdown == profile_markdown(FRAMEWORK, DEVELOPER_GAPS)


def test_a_team_with_no_gaps_says_there_is_nothing_to_hire_for() -> None:
    at = with_sample()
    at.selectbox(key="team.target").set_value(3).run()
    at = ok(go(ok(at), "hiring"))
    assert "No gaps to hire for" in shown_text(at)
    assert not [b for b in at.button if b.key.startswith("hiring.use.")]


def test_a_team_whose_gaps_can_all_be_developed_says_why_there_is_nothing_to_hire() -> None:
    # The sample team at stage 4: two thin skills and three to develop, every one with someone within one
    # level (test_app_team), so no profile; the page says so, track by track, and points to the Team page.
    at = ok(go(with_sample(), "hiring"))
    assert not [b for b in at.button if b.key.startswith("hiring.use.")]
    text = shown_text(at)
    assert "No gaps to hire for" not in text and "every skill is covered" not in text
    assert "Nothing to hire for: from the Team page: 10 people" in text
    assert "a profile takes only the skills nobody is within one level of" in text
    captions = [unescape(c.value) for c in at.caption]
    assert (
        "Software developer: every gap can be developed (1 thin, 1 to develop): someone holds it or is one "
        "level below." in captions
    )
    assert (
        "QA engineer: every gap can be developed (1 thin, 2 to develop): someone holds it or is one level "
        "below." in captions
    )
    links = [(link.proto.label, link.proto.page) for link in at.get("page_link")]
    assert links == [("Whom to develop, on the Team page", "team")]


def test_a_profile_by_hand_up_to_a_stage_and_edited() -> None:
    at = hiring_page()
    at.selectbox(key="hiring.track").set_value("qa").run()
    at.selectbox(key="hiring.stage").set_value(3).run()
    at.button(key="hiring.fill").click().run()
    ok(at)
    qa = FRAMEWORK.track("qa")
    assert qa is not None
    through_3 = [*FLOOR, *(k.id for _, k in qa.skills_through(3))]
    assert at.multiselect(key="hiring.must").value == through_3
    # Many chips stay on one row that scrolls sideways (wrapped, the widget cut its last row in half); the
    # profile table below lists every one of them.
    assert at.multiselect(key="hiring.must").proto.wrap is False
    assert list(table(at, "At least")["Skill"]) == [NAMES[s] for s in through_3]
    at.multiselect(key="hiring.nice").set_value(["quality-gate-design"]).run()
    ok(at)
    assert list(table(at, "At least")["Skill"])[-1] == NAMES["quality-gate-design"]
    # Changing the track keeps the floor (every track has it) and drops the other track's skills.
    at.selectbox(key="hiring.track").set_value("developer").run()
    ok(at)
    assert at.multiselect(key="hiring.must").value == FLOOR
    assert at.multiselect(key="hiring.nice").value == []


def test_a_candidate_rated_on_the_page_gets_the_engines_fit() -> None:
    at = developer_gaps()
    assert "Rate at least one skill to see the fit" in shown_text(at)
    for skill, level in {
        "read-code": 3,
        "write-code": 3,
        "debug-code": 2,
        "team-workflow-consolidation": 3,
    }.items():
        at.segmented_control(key=f"hiring.rate.{skill}").set_value(level).run()
        ok(at)
    fit = candidate_fit(
        DEVELOPER_GAPS,
        Assessment(
            track="developer",
            ratings={"read-code": 3, "write-code": 3, "debug-code": 2, "team-workflow-consolidation": 3},
        ),
    )
    # The verdict is the headline; the weighted match is a note under it, not a figure beside it.
    assert [m.label for m in at.metric][:2] == ["Verdict", "Must-haves met"]
    assert metric(at, "Verdict") == "Does not fit yet"
    assert f"Weighted match {round(fit.score * 100)}%" in shown_text(at)
    # Three of the four must-haves: the skill to hire for at 3 of the 2 asked, debugging at 2 of 3.
    assert fit.fits is False and [g.skill for g in fit.missing_must] == ["debug-code"]
    assert metric(at, "Must-haves met") == "3 of 4"
    assert "Does not fit yet: below the level asked in Debug code." in shown_text(at)
    # Debug code 2 of 3; judging when to use an assistant unrated, of the 3 stage 4 asks.
    gaps = table(at, "Profile asks")
    assert list(gaps["Skill"]) == ["Debug code", NAMES["assistant-use-judgment"]]
    assert list(gaps["Gap"]) == [1, 3]


def test_an_uploaded_candidate_is_fitted_and_a_hostile_name_shown_literally() -> None:
    at = developer_gaps()
    at.segmented_control(key="hiring.fit_mode").set_value("upload").run()
    raw = (
        (EXAMPLES / "developer-2026-09.yaml")
        .read_bytes()
        .replace(b"Sam Example", f"'{HOSTILE_NAME}'".encode())
    )
    at.file_uploader(key="hiring.candidate").upload("candidate.yaml", raw, "application/x-yaml").run()
    ok(at)
    candidate = load_assessment("candidate.yaml", raw, FRAMEWORK)
    fit = candidate_fit(DEVELOPER_GAPS, candidate)
    assert metric(at, "Verdict") == "Does not fit yet"
    assert f"Weighted match {round(fit.score * 100)}%" in shown_text(at)
    # Sam Example: debugging at 2 of 3 and merging agents into team workflows at 1 of 2; the rest met.
    assert [g.skill for g in fit.missing_must] == ["debug-code", HIRE_SKILL]
    assert fit.fits is False and metric(at, "Must-haves met") == "2 of 4"
    assert f"below the level asked in Debug code, {NAMES[HIRE_SKILL]}." in shown_text(at)
    # The name as given: plain text, nothing invisible inserted, so copied it is the name.
    assert f"Candidate: {HOSTILE_NAME} (developer track)" in plain_text(at)
    assert not any(INVISIBLE.search(t) for t in plain_text(at))
    assert live_markup(at) == []


def test_a_candidate_on_another_track_or_a_broken_file_is_explained() -> None:
    at = developer_gaps()
    at.segmented_control(key="hiring.fit_mode").set_value("upload").run()
    at.file_uploader(key="hiring.candidate").upload(
        "qa.yaml", (EXAMPLES / "qa-2026-09.yaml").read_bytes(), "application/x-yaml"
    ).run()
    ok(at)
    assert "This assessment is on the qa track and the profile is for developer" in shown_text(at)
    at.file_uploader(key="hiring.candidate").upload(
        "bad.yaml", b"stagepath: 1\ntrack: developer\nratings:\n  read-code: 9\n"
    ).run()
    ok(at)
    assert "That file cannot be used" in shown_text(at)
    assert "rating 9 is off the scale" in shown_text(at)


def test_the_profile_survives_a_visit_to_the_team_page() -> None:
    at = developer_gaps()
    at = ok(go(at, "team"))
    at = ok(go(at, "hiring"))
    assert at.multiselect(key="hiring.must").value == [*FLOOR, HIRE_SKILL]
    assert at.multiselect(key="hiring.nice").value == ["assistant-use-judgment"]


def test_a_candidates_fit_and_several_candidates_side_by_side_are_taken_away(
    downloads: dict[str, Any],
) -> None:
    """What a manager keeps with the hiring notes: one candidate's fit, and several candidates compared, each
    the report a script would write from the same files (planner.reports.team)."""
    from planner.reports.team import comparison_markdown, fit_markdown
    from planner.team.hiring import compare_candidates

    at = developer_gaps()
    at.segmented_control(key="hiring.fit_mode").set_value("upload").run()
    march = (EXAMPLES / "developer-2026-03.yaml").read_bytes().replace(b"Sam Example", b"Ana March")
    september = (EXAMPLES / "developer-2026-09.yaml").read_bytes().replace(b"Sam Example", b"Ben September")
    at.file_uploader(key="hiring.candidate").upload("ben.yaml", september, "application/x-yaml").run()
    ok(at)
    ben = load_assessment("ben.yaml", september, FRAMEWORK)
    _, text = download(downloads, f"stagepath-ben-september-fit-{dt.date.today().isoformat()}.md")
    assert text == fit_markdown(
        FRAMEWORK, DEVELOPER_GAPS, "Ben September", candidate_fit(DEVELOPER_GAPS, ben)
    )

    at.file_uploader(key="hiring.compare_upload").set_value(
        [("ana.yaml", march, "application/x-yaml"), ("ben.yaml", september, "application/x-yaml")]
    ).run()
    ok(at)
    ana = load_assessment("ana.yaml", march, FRAMEWORK)
    compared = compare_candidates(DEVELOPER_GAPS, [("Ana March", ana), ("Ben September", ben)])
    shown = table(at, "Must-haves missing")
    assert list(shown["Candidate"]) == [c.name for c in compared.candidates]
    assert list(shown["Must-haves missing"]) == [len(c.fit.missing_must) for c in compared.candidates]
    _, text = download(downloads, f"stagepath-candidates-developer-{dt.date.today().isoformat()}.md")
    assert text.startswith("# ") and "Ana March" in text and "Ben September" in text
    assert text == comparison_markdown(FRAMEWORK, compared)
