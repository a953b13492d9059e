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
    assert "**Coding with an assistant**: expects 3 · Proficient" in text
    assert "Inferred: our reading of the source" in text and "Stated in the source" in text


def test_opening_a_stage_shows_what_is_built_and_its_reference_effort() -> None:
    at = start()
    at.segmented_control(key="explore.stage").set_value(4).run()
    text = shown_text(at)
    assert "Stage 4 · Workflow" in [s.value for s in at.subheader]
    assert "Systems architect and governor" in text and "Quality architect" in text
    assert "A full team workflow running behind a protection harness" in text
    assert '"the better part of a month"' in text  # the source's own words, stated
    assert "20 to 30 calendar days, our conversion" in text
    assert "[source](https://www.devlinliles.com/" in text


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
    assert "the 7x rule gives 686 to 1,029 at stage 6: 2.1 to 5.7 times the reference there, 180 to 330" in (
        unescape(text)
    )


def test_explore_shows_how_each_skills_expectation_rises(first_visit: AppTest) -> None:
    developer = first_visit.tabs[0].dataframe[0].value
    row = developer[developer["Skill"] == "Defining intent"].iloc[0]
    assert [row[f"Stage {n}"] for n in range(1, 7)] == ["", "", "3", "3", "4", "4"]
    assert (row["Rises"], row["Levels"]) == ("yes", "inferred")
    flat = developer[developer["Skill"] == "Writing down how you work"].iloc[0]
    assert flat["Rises"] == "no" and flat["Stage 6"] == "3"


def test_the_missing_facts_are_shown_with_their_provenance(first_visit: AppTest) -> None:
    text = unescape(shown_text(first_visit))
    for words in (
        "the move from stage 4 to stage 5 is where most organisations stall",
        "stage 4 is a team event",
        "The later a mistake is caught, the more it costs",
        "Delegation without trusted signals is unattended risk; with them, it is leverage.",
        "the QA role depends entirely on developer-level skill",
        "rightly critical of agent output",
    ):
        assert words in text, words


def test_the_facts_and_other_models_are_shown(first_visit: AppTest) -> None:
    text = unescape(shown_text(first_visit))
    # A figure says what it counts (the fact's `figure`); a share without one reads as a percentage.
    assert ":gray[Ratings age]\n\n### 180 days\n\n" in text
    assert ":gray[Where the industry is]\n\n### Stage 2\n\n" in text
    assert ":gray[Seven times per stage]\n\n### 7\u00d7\n\n" in text  # the multiplication sign
    assert ":gray[Comfortable with the shift]\n\n### 60%\n\n" in text
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
    assert any("No production-ready patterns or tools support this stage yet" in n for n in notes)
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
