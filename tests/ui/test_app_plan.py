"""My plan: headline figures, warnings, the focus list in the engine's order with reasons and actions,
readiness and each skill against expected with their numbers, exports, and before-and-after."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from planner.formats.assessment import Assessment, load_assessment
from planner.framework.loading import load_framework
from planner.person.placement import assess
from planner.reports.markdown import plan_markdown
from tests.app_support import (
    EXAMPLES,
    HOSTILE,
    INVISIBLE,
    catch_downloads,
    charts,
    content,
    frames,
    go,
    hostile_live,
    live_markup,
    metric,
    name_field,
    named_by,
    plain_text,
    rate,
    shown_text,
    start,
    unescape,
)

FRAMEWORK = load_framework()
DEVELOPER = FRAMEWORK.track("developer")
assert DEVELOPER is not None


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    return catch_downloads(monkeypatch)


def at_expected_through(stage: int) -> dict[str, int | None]:
    """Every developer skill up to `stage` rated exactly at what it expects there."""
    assert DEVELOPER is not None
    return {e.id: e.level for e in FRAMEWORK.expectations(DEVELOPER, stage) if e.stage}


def card_titles(at: AppTest) -> list[str]:
    """The focus cards' first lines, in the order shown."""
    cards = [unescape(m.value) for m in at.markdown if m.value.startswith("**") and ". " in m.value[:6]]
    return [card.split("  \n", 1)[0] for card in cards]


def test_a_first_visit_sees_a_plan_that_explains_itself() -> None:
    at = start(page="plan")
    text = shown_text(at)
    assert "You have not rated anything yet" in text
    assert metric(at, "Placement") == "Stage 1"
    assert metric(at, "Target") == "Stage 2"
    # The words under each headline figure are a caption (wrapped), not the metric's one-line delta.
    assert not any(m.proto.delta for m in at.metric)
    notes = [unescape(c.value) for c in at.caption]
    # The title of ours is marked so; the title the source gives is not.
    assert "Manual: Developer (inferred title)" in notes and "Assist: Developer with an assistant" in notes
    assert metric(at, "Ready for stage 2") == "0%"
    assert metric(at, "Competency floor") == "Not rated yet"  # nothing rated is not a failure
    assert "Read code, Write code, Debug code not rated yet" in notes[3]
    assert card_titles(at) == ["**1. Read code**", "**2. Write code**", "**3. Debug code**"]
    assert any("30 of 30 skills are unrated" in w.value for w in at.warning)


def test_try_an_example_from_the_empty_plan() -> None:
    at = start(page="plan")
    at.button(key="plan.example").click().run()
    assert not at.exception
    assert "You have not rated anything yet" not in shown_text(at)
    assert metric(at, "Placement") == "Stage 3"
    assert "For Sam Example" in plain_text(at)


def test_the_focus_list_puts_a_floor_breach_first_then_the_lowest_unmet_stage() -> None:
    at = start(page="assess")
    ratings = at_expected_through(3)
    ratings.update(
        # Stage 2 asks Coding with an assistant at 2 and stage 3 asks Defining intent at 2: one below each.
        {"read-code": 3, "write-code": 3, "debug-code": 1, "assisted-coding": 1, "intent-definition": 1}
    )
    rate(at, ratings)
    at.selectbox(key="assess.target").set_value(3).run()
    go(at, "plan")
    assert metric(at, "Placement") == "Stage 1"
    assert card_titles(at) == [
        "**1. Debug code**",
        "**2. Coding with an assistant**",
        "**3. Defining intent**",
    ]
    text = shown_text(at)
    assert "Why first:** It is part of the floor (Competency floor)" in text
    assert "A gap at Stage 2 · Assist: until it closes, you cannot be placed at stage 2" in text
    assert "Your target, Stage 3 · Task, expects it." in text
    # Each card offers the skill's first actions, at most three.
    debug = next(s for s in FRAMEWORK.curve.floor.skills if s.id == "debug-code")
    assert f"- {debug.actions[0]}" in text


def test_showing_every_gap_lists_them_all_in_the_engines_order() -> None:
    at = start(page="plan")
    at.button(key="plan.example").click().run()
    at.toggle(key="plan.all_gaps").set_value(True).run()
    saved = load_assessment("x", (EXAMPLES / "developer-2026-09.yaml").read_bytes(), FRAMEWORK)
    plan = assess(FRAMEWORK, saved, top=None)
    assert card_titles(at) == [f"**{i}. {f.name}**" for i, f in enumerate(plan.focus, 1)]


def test_a_floor_breach_below_a_gating_target_is_warned_about() -> None:
    at = start(page="assess")
    rate(at, {**at_expected_through(4), "read-code": 3, "write-code": 3, "debug-code": 2})
    go(at, "plan")
    assert metric(at, "Placement") == "Stage 4"
    assert metric(at, "Target") == "Stage 5"
    assert metric(at, "Competency floor") == "Not met"
    warning = "\n".join(unescape(w.value) for w in at.warning)
    assert "keeps you below stage 5 whatever else you rate" in warning
    assert card_titles(at)[0] == "**1. Debug code**"


def test_reaching_the_target_says_there_is_nothing_left_to_develop() -> None:
    at = start(page="assess")
    rate(at, {**at_expected_through(2), "read-code": 3, "write-code": 3, "debug-code": 3})
    at.selectbox(key="assess.target").set_value(2).run()
    go(at, "plan")
    assert metric(at, "Ready for stage 2") == "100%"
    assert metric(at, "Competency floor") == "Met"
    assert any("Nothing to develop up to Stage 2" in unescape(s.value) for s in at.success)


def test_readiness_chart_and_table_show_the_engines_numbers() -> None:
    at = start(page="assess")
    rate(at, {"assisted-coding": 3, "assistant-output-verification": 1})
    go(at, "plan")
    plan = assess(
        FRAMEWORK,
        Assessment(track="developer", ratings={"assisted-coding": 3, "assistant-output-verification": 1}),
    )
    readiness = next(
        f
        for f in charts(at)
        if f["layout"]["xaxis"]["title"]["text"] == "Stage" and f["data"][0]["type"] == "bar"
    )
    shown = {x: y for trace in readiness["data"] for x, y in zip(trace["x"], trace["y"], strict=True)}
    own = {1: False, 7: False, 8: False}  # stages that ask nothing of their own show no bar
    for stage in FRAMEWORK.curve.stages:
        expected = plan.readiness[stage.number] * 100 if own.get(stage.number, True) else 0.0
        assert shown[f"{stage.number} {stage.name}"] == pytest.approx(expected)
    legend = [t["name"] for t in readiness["data"]]
    assert legend[:2] == ["Reached (at or below your placement)", "Your target"]
    assert any(t["marker"]["pattern"]["shape"] == "/" for t in readiness["data"])  # not colour alone
    table = next(f for f in frames(at) if "Readiness" in f.columns)
    assert list(table["Readiness"]) == [
        f"{round(plan.readiness[s.number] * 100)}%" if own.get(s.number, True) else "—"
        for s in FRAMEWORK.curve.stages
    ]
    assert table.loc[table["Stage"] == 2, "Status"].item() == "target"


def test_the_skills_chart_compares_rating_with_expected_one_row_per_skill_floor_first() -> None:
    at = start(page="assess")
    at.selectbox(key="assess.target").set_value(3).run()
    rate(at, {"read-code": 4, "evaluation-rubric": 2})
    go(at, "plan")
    chart = next(f for f in charts(at) if [t["name"] for t in f["data"]][1:] == ["Expected", "Your rating"])
    gaps, expected, rating = chart["data"]
    assert DEVELOPER is not None
    skills = [s.name for s in FRAMEWORK.curve.floor.skills] + [k.name for _, k in DEVELOPER.skills_through(3)]
    assert [t.replace("<br>", " ") for t in rating["y"]] == skills  # one row each, in the table's order
    assert rating["x"][0] == 4 and rating["x"][len(skills) - 1] == 2 and rating["x"][1] == 0
    assert expected["x"][:3] == [3, 3, 3]
    # Expected and rating differ by more than colour: an open diamond and a filled circle.
    assert expected["marker"]["symbol"] == "diamond-open" and rating["marker"]["symbol"] == "circle"
    # A line runs from each rating short of expected to the level expected, and only there.
    short = sum(r < e for r, e in zip(rating["x"], expected["x"], strict=True))
    assert gaps["name"] == f"Short of expected ({short})" and len(gaps["x"]) == 3 * short
    # Rows keep their height: the chart grows with the skills, and each group is named once.
    rows = chart["layout"]["yaxis"]["categoryarray"]
    assert chart["layout"]["height"] >= 30 * len(rows)
    assert [r for r in rows if r.startswith("<b>")] == [
        "<b>Competency floor</b>",
        "<b>Stage 2</b>",
        "<b>Stage 3</b>",
    ]
    table = next(f for f in frames(at) if "Gap" in f.columns)
    assert list(table["Skill"]) == skills
    assert table.iloc[0]["Rating"] == "4 · Leading" and table.iloc[1]["Rating"] == "Unrated"
    assert table.iloc[-1]["Gap"] == 1


def test_the_markdown_export_is_the_plan_shown(downloads: dict[str, Any]) -> None:
    at = start(page="plan")
    downloads.clear()
    at.button(key="plan.example").click().run()
    name = next(n for n in downloads if n.endswith(".md"))
    assert name.startswith("stagepath-plan-sam-example-developer-")
    text = content(downloads[name]).decode()
    saved = load_assessment("x", (EXAMPLES / "developer-2026-09.yaml").read_bytes(), FRAMEWORK)
    plan = assess(FRAMEWORK, saved, top=3)
    assert (
        text.split("- **Framework:**")[0]
        == plan_markdown(FRAMEWORK, saved, plan).split("- **Framework:**")[0]
    )
    assert "**Placement:** Stage 3 · Task, Director and reviewer" in text
    assert "1. **Debug code** (Competency floor)" in text


def test_markdown_pdf_and_the_app_give_the_same_why_first_and_name_unrated_skills(tmp_path: Path) -> None:
    """One plan outline: the app's focus card, the Markdown and the PDF say why an item is first in the
    same words, and list unrated skills by name, never by id."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed; the PDF's text was not checked")
    from planner.reports.pdf import plan_pdf
    from planner.views.words import reason_words

    saved = load_assessment("x", (EXAMPLES / "developer-2026-09.yaml").read_bytes(), FRAMEWORK)
    plan = assess(FRAMEWORK, saved, top=3)
    why = reason_words(plan.focus[0], FRAMEWORK)
    at = start(page="plan")
    at.button(key="plan.example").click().run()
    assert any(why in unescape(m.value) for m in at.markdown)  # the app's card
    text = unescape(plan_markdown(FRAMEWORK, saved, plan))
    (tmp_path / "plan.pdf").write_bytes(plan_pdf(FRAMEWORK, saved, plan))
    flat = " ".join(
        subprocess.run(
            ["pdftotext", str(tmp_path / "plan.pdf"), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert f"Why first: {why}" in " ".join(text.split()) and f"Why first: {why}" in flat
    unrated = [FRAMEWORK.skill_names[s] for s in plan.unrated]
    for exported in (text, flat):
        assert f"Unrated (counted as 0): {', '.join(unrated)}" in " ".join(exported.split())
        assert not any(
            skill in exported for skill in plan.unrated
        )  # no raw ids such as agent-branch-isolation


def test_the_pdf_export_holds_the_plan_and_its_charts(downloads: dict[str, Any], tmp_path: Path) -> None:
    at = start(page="plan")
    downloads.clear()
    at.button(key="plan.example").click().run()
    name = next(n for n in downloads if n.endswith(".pdf"))
    pdf = content(downloads[name])
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed; the PDF's text was not checked")
    (tmp_path / "plan.pdf").write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "plan.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    for expected in (
        "Growth plan for Sam Example",
        "Placement: Stage 3 · Task, Director and reviewer",
        "Target: Stage 4 · Workflow",
        "1. Debug code",
        "Readiness by stage",
        "Solid blue, filled: your rating. Dashed orange: expected.",
        "Evidence noted",
    ):
        assert expected in text, expected


def test_a_hostile_name_shows_literally_everywhere(downloads: dict[str, Any], tmp_path: Path) -> None:
    at = start(page="assess")
    name_field(at).set_value(HOSTILE).run()
    rate(at, {"read-code": 3})
    for page in ("plan", "explore", "assess", "plan"):
        go(at, page)
        assert not at.exception
        assert live_markup(at) == []
    # The name is plain text, exactly as typed: nothing invisible added, no Markdown read in it.
    assert f"For {HOSTILE}" in plain_text(at)
    assert not any(INVISIBLE.search(t) for t in plain_text(at))
    md_name = next(n for n in downloads if n.endswith(".md"))
    assert "<script>" not in md_name and "/" not in md_name
    exported = content(downloads[md_name]).decode()
    assert hostile_live(exported) == []
    assert unescape(exported.splitlines()[0]) == f"# Growth plan for {HOSTILE}"


# --- compare ---------------------------------------------------------------------------------------------


def upload(at: AppTest, which: str, name: str, raw: bytes) -> None:
    at.file_uploader(key=f"plan.compare.{which}").upload(name, raw, "application/x-yaml").run()
    assert not at.exception


def compare_view() -> AppTest:
    at = start(page="plan")
    at.segmented_control(key="plan.view").set_value("compare").run()
    return at


def test_compare_shows_placement_readiness_and_skill_changes() -> None:
    at = compare_view()
    before = (EXAMPLES / "developer-2026-03.yaml").read_bytes()
    after = (EXAMPLES / "developer-2026-09.yaml").read_bytes()
    upload(at, "before", "march.yaml", before)
    assert any("Two assessments are needed" in i.value for i in at.info)
    upload(at, "after", "september.yaml", after)
    placement = next(m for m in at.metric if m.label == "Placement" and m.proto.delta)
    assert placement.value == "Stage 3" and placement.proto.delta.startswith("+1 stage (was 2)")
    ready = next(m for m in at.metric if m.label == "Ready for stage 4" and m.proto.delta)
    assert ready.proto.delta.startswith("+")
    changes = next(f for f in frames(at) if "Change" in f.columns)
    rows = {r["Skill"]: (r["Before"], r["After"], r["Change"]) for _, r in changes.iterrows()}
    assert rows["Building task agents and skills"] == ("1 · Aware", "3 · Proficient", "+2")
    assert (
        rows[
            "Writing an evaluation rubric"
            if "Writing an evaluation rubric" in rows
            else next(k for k in rows if "rubric" in k.lower())
        ][2]
        == "+3"
    )
    assert "Read code" not in rows  # unchanged skills are hidden by default
    compare = next(f for f in charts(at) if [t["name"] for t in f["data"]] == ["Before", "After"])
    assert compare["layout"]["barmode"] == "group"


def test_compare_example_pair_and_mismatched_tracks() -> None:
    at = compare_view()
    at.button(key="plan.compare.example").click().run()
    assert not at.exception
    assert any(m.label == "Placement" and m.proto.delta for m in at.metric)
    upload(at, "after", "qa.yaml", (EXAMPLES / "qa-2026-09.yaml").read_bytes())
    assert any(
        "different tracks (Software developer before, QA engineer after)" in w.value for w in at.warning
    )
    assert not any(m.label == "Placement" and m.proto.delta for m in at.metric)


def test_compare_follows_my_plans_rules_for_stages_with_nothing_of_their_own() -> None:
    at = compare_view()
    at.button(key="plan.compare.example").click().run()
    readiness = next(f for f in frames(at) if "Change (points)" in f.columns).set_index("Stage")
    # The framework's stage 1 and the aspirational stages ask nothing of their own: "—" as on My plan.
    assert tuple(readiness.loc["Stage 1 · Manual"]) == ("—", "—", "—")
    aspirational = [i for i in readiness.index if i.endswith("(aspirational)")]
    assert aspirational and all(tuple(readiness.loc[i]) == ("—", "—", "—") for i in aspirational)
    assert readiness.loc["Stage 3 · Task", "After"].endswith("%")
    compare = next(f for f in charts(at) if [t["name"] for t in f["data"]] == ["Before", "After"])
    shown = compare["data"][0]["x"]
    assert len(shown) == len(readiness) - 1 - len(aspirational) and not any("Manual" in x for x in shown)
    assert not any("different people" in w.value for w in at.warning)


def test_compare_warns_when_the_two_files_are_two_people() -> None:
    at = compare_view()
    before = (EXAMPLES / "developer-2026-03.yaml").read_text().replace("Sam Example", "Alex Other")
    upload(at, "before", "alex.yaml", before.encode())
    upload(at, "after", "sam.yaml", (EXAMPLES / "developer-2026-09.yaml").read_bytes())
    assert any("These are two different people" in w.value for w in at.warning)
    assert "Before: Alex Other. After: Sam Example." in plain_text(at)


def test_compare_lists_the_problems_of_a_bad_file() -> None:
    at = compare_view()
    upload(at, "before", "broken.yaml", b"stagepath: 2\ntrack: developer\n")
    [error] = [e.value for e in at.error]
    problems = named_by(at, error)  # the file's problems as plain text, naming it
    assert "broken.yaml" in problems and "format version 2" in problems


def test_readiness_for_the_target_shows_skills_met_beside_the_share_of_levels() -> None:
    """A high share of levels with few skills fully there must read as what it is."""
    ratings = {"assisted-coding": 3, "assistant-output-verification": 1}
    at = start(page="assess")
    rate(at, ratings)
    go(at, "plan")
    plan = assess(FRAMEWORK, Assessment(track="developer", ratings=ratings))
    counted = plan.met[plan.target]
    assert 0 < counted.met < counted.of
    assert f"{counted.met} of {counted.of} skills met" in shown_text(at)
