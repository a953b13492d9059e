"""Explore, the first screen: the name and purpose, the strip of stages, one stage opened per track, the
cost curve with its numbers, the facts and the comparison with other models."""

from __future__ import annotations

import itertools
import math

import pytest
from streamlit.testing.v1 import AppTest

from planner.framework import Framework
from planner.framework.loading import load_framework
from tests.app_support import charts, frames, go, rate, shown_text, start, unescape
from tests.conftest import FIVE_STAGE

FRAMEWORK = load_framework()


@pytest.fixture(scope="module")
def first_visit() -> AppTest:
    at = start()
    assert not at.exception
    return at


def test_the_first_screen_says_what_stagepath_is_for(first_visit: AppTest) -> None:
    assert first_visit.title[0].value == "Stagepath"
    text = shown_text(first_visit)
    assert "where you stand on the AI maturity curve" in text
    assert "what to work on first" in text
    # The call to action is a primary button at the top (a small link was easy to miss) that opens Assess.
    button = first_visit.button(key="explore.start")
    assert button.label == "Assess yourself: about 10 minutes" and button.proto.type == "primary"
    at = start()  # a visitor of its own: the click moves to another page
    at.button(key="explore.start").click().run()
    assert not at.exception and at.title[0].value == "Assess yourself"


def test_the_strip_shows_every_stage_with_aspirational_ones_marked_in_words(first_visit: AppTest) -> None:
    # One column per stage, each starting with its number and name (columns start at the same height).
    heads = [f"**{s.number} {s.name}**" for s in FRAMEWORK.curve.stages]
    cells = [m.value for m in first_visit.markdown if m.value.split("  \n")[0] in heads]
    assert [c.split("  \n")[0] for c in cells] == heads
    marked = [cell for cell in cells if ":gray-badge[Aspirational]" in cell]
    assert len(marked) == len([s for s in FRAMEWORK.curve.stages if s.aspirational]) == 2
    assert all(s.shift in unescape(c) for s, c in zip(FRAMEWORK.curve.stages, cells, strict=True))


def test_a_first_visit_opens_the_next_stage_with_both_tracks_side_by_side(first_visit: AppTest) -> None:
    assert first_visit.segmented_control(key="explore.stage").value == 2
    subheaders = [s.value for s in first_visit.subheader]
    assert "Stage 2 · Assist" in subheaders
    text = shown_text(first_visit)
    assert "Developer with an assistant" in text and "Tester with a faster draft" in text
    # A skill enters at Practising when its stage first asks it and climbs with the next stage.
    assert "**Coding with an assistant**: expects 2 · Practising, then 3 · Proficient from stage 3" in text
    assert "Inferred: our reading of the source" in text and "Stated in the source" in text


def test_opening_a_stage_shows_what_is_built_and_its_reference_effort() -> None:
    at = start()
    at.segmented_control(key="explore.stage").set_value(4).run()
    text = shown_text(at)
    assert "Stage 4 · Workflow" in [s.value for s in at.subheader]
    # The titles the source's arc only implies are marked as ours.
    assert "Systems architect and governor (inferred title)" in text
    assert "Quality architect (inferred title)" in text
    stage = FRAMEWORK.stage(4)
    assert stage is not None and "protection harness" in stage.builds
    assert f"**What a team builds to reach it:** {stage.builds}" in unescape(text)
    assert '"the better part of a month"' in text  # the source's own words, stated
    assert "20 to 30 calendar days, our conversion" in text
    assert "[source](https://www.devlinliles.com/" in text


def test_stage_3_is_built_by_each_person_not_by_a_team() -> None:
    """The source: stages 1 to 3 are individual skill and stage 3's agents are personal."""
    at = start()
    at.segmented_control(key="explore.stage").set_value(3).run()
    text = unescape(shown_text(at))
    assert "**What each person builds to reach it:** Personal task agents" in text
    assert "What a team builds" not in text


def test_an_aspirational_stage_says_no_one_is_placed_there() -> None:
    at = start()
    at.segmented_control(key="explore.stage").set_value(7).run()
    assert "Stage 7 · Supervise (aspirational)" in [s.value for s in at.subheader]
    assert any("no one is placed here" in i.value for i in at.info)


def test_the_track_toggle_shows_one_track_or_both() -> None:
    at = start()
    at.segmented_control(key="explore.track").set_value("qa").run()
    text = shown_text(at)
    assert "Tester with a faster draft" in text and "Developer with an assistant" not in text
    at.segmented_control(key="explore.track").set_value("*side-by-side*").run()
    text = shown_text(at)
    assert "Tester with a faster draft" in text and "Developer with an assistant" in text


def test_the_cost_curve_is_on_a_log_scale_with_the_quoted_ranges_and_the_rule_of_thumb(
    first_visit: AppTest,
) -> None:
    (figure,) = charts(first_visit)
    assert figure["layout"]["yaxis"]["type"] == "log"
    reference, rule = figure["data"]
    assert reference["name"] == "Reference: our conversion of the source's words"
    assert rule["name"] == "Rule of thumb: about 7x per stage"
    effort = FRAMEWORK.curve.effort
    assert effort is not None
    for i, (lo, hi) in enumerate(effort.reference[n] for n in sorted(effort.reference)):
        mid = reference["y"][i]
        assert math.isclose(mid - reference["error_y"]["arrayminus"][i], lo)
        assert math.isclose(mid + reference["error_y"]["array"][i], hi)
    # Each step of the rule of thumb is about the multiplier.
    days = rule["y"]
    assert all(6 <= b / a <= 8 for a, b in itertools.pairwise(days))
    # Each range is written beside its marker, above and to the right, never over the marker itself.
    assert reference["mode"] == "markers+text" and reference["textposition"] == "top right"
    assert (
        reference["text"][0]
        == f"{effort.reference[min(effort.reference)][0]:g}-{effort.reference[min(effort.reference)][1]:g}"
    )


def test_the_cost_curve_numbers_are_also_a_table(first_visit: AppTest) -> None:
    table = next(f for f in frames(first_visit) if "Low" in f.columns)
    effort = FRAMEWORK.curve.effort
    assert effort is not None
    assert list(table["Stage"]) == sorted(effort.reference)
    assert [(r["Low"], r["High"]) for _, r in table.iterrows()] == [
        effort.reference[n] for n in sorted(effort.reference)
    ]
    assert list(table["The source's words"]) == [
        "two or three days",
        "the better part of a month",
        "several months",
        "the better part of a year",
    ]
    text = shown_text(first_visit)
    assert "in calendar days: our conversion of the source's words" in text
    # The rule of thumb's gap at the top, in numbers.
    # From 2 to 3 days at stage 3, 7x a stage gives 686 to 1,029 at stage 6, against "the better part of a
    # year" read as 240 to 360 days: 686 / 360 = 1.9 and 1,029 / 240 = 4.3 times.
    assert "the 7x rule gives 686 to 1,029 at stage 6: 1.9 to 4.3 times the reference there, 240 to 360" in (
        unescape(text)
    )


def test_explore_shows_how_each_skills_expectation_rises(first_visit: AppTest) -> None:
    developer = first_visit.tabs[0].dataframe[0].value
    row = developer[developer["Skill"] == "Defining intent"].iloc[0]
    assert [row[f"Stage {n}"] for n in range(1, 7)] == ["", "", "2", "3", "4", "4"]
    assert (row["Rises"], row["Levels"]) == ("yes", "inferred")
    flat = developer[developer["Skill"] == "Written evaluation rubric"].iloc[0]
    assert flat["Rises"] == "no" and flat["Stage 6"] == "3"
    # The climb in one row: the mean level asked rises at every stage from 2 to 6.
    mean = developer[developer["Skill"] == "Mean level asked"].iloc[0]
    means = [float(mean[f"Stage {n}"]) for n in range(2, 7)]
    assert means == sorted(set(means)), means
    assert means[-1] == pytest.approx(FRAMEWORK.mean_level("developer", 6), abs=0.005)


def test_the_sources_facts_and_lessons_are_shown_with_their_provenance(first_visit: AppTest) -> None:
    text = unescape(shown_text(first_visit))
    subheaders = [h.value for h in first_visit.subheader]
    assert "What the source says" in subheaders and "What the source teaches" in subheaders
    for fact in FRAMEWORK.curve.facts:
        assert f":gray[{fact.label}]" in text and fact.text in text, fact.id
    lessons = {f.id for f in FRAMEWORK.curve.facts if f.lesson}
    assert {"stage-4-is-the-foundation", "coding-matters-more", "the-role-to-hire-for"} <= lessons


def test_what_the_source_says_holds_only_what_it_states(first_visit: AppTest) -> None:
    """The inferred ratings-age card sits under our own heading, never among the source's."""
    subheaders = [h.value for h in first_visit.subheader]
    assert subheaders.index("Our own figures") > subheaders.index("What the source says")
    cards = [m.value for m in first_visit.markdown if ":gray[Ratings age]" in m.value]
    assert cards and all("Stated in the source" not in c for c in cards)
    stated = [m.value for m in first_visit.markdown if ":gray[Seven times per stage]" in m.value]
    assert stated and all("Inferred" not in c for c in stated)


def test_the_numbers_read_as_the_source_gives_them(first_visit: AppTest) -> None:
    text = unescape(shown_text(first_visit))
    assert ":gray[Build samples per stage]\n\n### More than 250\n\n" in text
    assert ":gray[Daily AI use]\n\n### About a third\n\n" in text
    assert ":gray[Comfortable with the shift]\n\n### Roughly 60%\n\n" in text
    assert '_"roughly sixty percent"_' in text
    # Where a rule computes with a number of ours, the card says so.
    assert "our number for the source's 'roughly sixty percent'" in text


def test_the_facts_and_other_models_are_shown(first_visit: AppTest) -> None:
    text = unescape(shown_text(first_visit))
    # A figure says what it counts (the fact's `figure`), with the source's own hedge where it gives one.
    assert ":gray[Ratings age]\n\n### 180 days\n\n" in text
    assert ":gray[Where the industry is]\n\n### Stage 2\n\n" in text
    assert ":gray[Seven times per stage]\n\n### Roughly 7\u00d7\n\n" in text  # the multiplication sign
    assert "Most of the software industry works at stage 2 today." in text
    table = next(f for f in frames(first_visit) if "Stage" in f.columns and len(f.columns) == 3)
    assert list(table["Stage"])[:2] == ["Stage 1 · Manual", "Stage 2 · Assist"]
    yegge = next(c for c in table.columns if "Yegge" in c)
    assert table[yegge].iloc[4] == "5 one command-line agent"


def test_after_rating_the_strip_marks_where_you_are() -> None:
    at = start(page="assess")
    rate(at, {k: 3 for k in FRAMEWORK.track_skill_ids("developer")[:7]})
    go(at, "explore")
    badges = [m.value for m in at.markdown if "badge" in m.value]
    assert any("You are here" in b for b in badges) and any("Your target" in b for b in badges)
    assert at.segmented_control(key="explore.stage").value == 3  # the target opens first


def test_the_curve_follows_the_framework_set_by_stagepath_roles(
    five: Framework, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STAGEPATH_ROLES", str(FIVE_STAGE))
    at = start()
    assert not at.exception
    text = shown_text(at)
    assert "**5 Dream**" in text and "Supervise" not in text
    assert at.segmented_control(key="explore.track").options == [
        "Side by side",
        *(t.name for t in five.tracks),
    ]


def test_an_aspirational_stage_says_so_once_in_its_detail() -> None:
    at = start()
    (stage,) = [s for s in FRAMEWORK.curve.stages if s.aspirational][:1]
    at.segmented_control(key="explore.stage").set_value(stage.number).run()
    assert not at.exception
    assert f"Stage {stage.number} · {stage.name} (aspirational)" in [s.value for s in at.subheader]
    notes = [i.value for i in at.info]
    assert any("no one is placed here" in n for n in notes)
    # What is built there, as the source has it: nothing yet, no toolchain, no promises.
    assert "no production-grade patterns or toolchains" in unescape(shown_text(at))
    assert "Nothing new to build" not in shown_text(at)
    assert not any(n.startswith("Aspirational") for n in notes)  # the title already said it
    assert "Aspirational:" not in shown_text(at)  # nor the stage's or the tracks' own words after the badge


def test_the_cost_table_gives_whole_days() -> None:
    at = start()
    table = next(f for f in frames(at) if "7x rule" in f.columns)
    for column in ("Low", "High", "7x rule"):
        values = [v for v in table[column].tolist() if v == v and v is not None]
        assert values and all(float(v).is_integer() for v in values), (column, values)
        assert str(table[column].dtype).startswith(("int", "Int")), table[column].dtype
    assert table.set_index("Stage").loc[3, "7x rule"] == 3  # 2.5 days, halves up
