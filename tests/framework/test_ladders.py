"""Expectation ladders: a skill's expected level rising with the stage, in the loader, the validator and
the engine, on a framework of our own making (tests/frameworks/laddered) and on the shipped one."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from planner.formats.assessment import Assessment
from planner.formats.table import Team, team_from_assessments
from planner.framework import Framework
from planner.framework.loading import SHIPPED_ROLES, load_framework
from planner.person.placement import assess, placement, readiness
from planner.team.coverage import coverage
from planner.team.hiring import build_profile, candidate_fit
from planner.team.summary import summarise
from tests.app_support import start, unescape
from tests.conftest import LADDERED

FLOOR = {"tend-soil": 2, "sow-seed": 2, "mend-fence": 2}


def grower(ratings: dict[str, int], target: int | None = None) -> Assessment:
    return Assessment(track="grower", ratings=ratings, target=target)


def test_a_ladder_gives_the_level_at_each_stage_until_the_next_rung(laddered: Framework) -> None:
    track = laddered.track("grower")
    assert track is not None
    watering = next(k for _, k in track.skills_through(1) if k.id == "watering")
    assert [watering.level_at(n) for n in (1, 2, 3, 4, 5)] == [1, 2, 2, 3, 3]


def test_expectations_list_the_floor_then_every_skill_at_its_level_for_the_stage(
    laddered: Framework,
) -> None:
    at_3 = [(e.stage, e.id, e.level) for e in laddered.expectations("grower", 3)]
    assert at_3 == [
        (0, "tend-soil", 2),
        (0, "sow-seed", 2),
        (0, "mend-fence", 2),
        (1, "watering", 2),
        (2, "pruning", 2),
        (2, "planning", 2),
    ]
    everything = [(e.id, e.level) for e in laddered.expectations("grower")]
    assert everything[-3:] == [("pruning", 2), ("planning", 3), ("grafting", 2)]


def test_placement_at_a_stage_needs_every_earlier_skill_at_its_level_there(laddered: Framework) -> None:
    track = laddered.track("grower")
    assert track is not None
    # Everything met at the level where each skill starts, floor met: stage 2 asks watering 2, not 1.
    first_rungs = {**FLOOR, "watering": 1, "pruning": 2, "planning": 1, "grafting": 2}
    assert placement(laddered, track, first_rungs) == 1
    assert placement(laddered, track, {**first_rungs, "watering": 2}) == 2
    assert placement(laddered, track, {**first_rungs, "watering": 2, "planning": 2}) == 3
    # Stage 4 raises watering and planning to 3: met at 3, not at 4.
    assert placement(laddered, track, {**first_rungs, "watering": 3, "planning": 3}) == 4


def test_readiness_at_a_stage_uses_the_levels_for_that_stage(laddered: Framework) -> None:
    track = laddered.track("grower")
    assert track is not None
    ready = readiness(laddered, track, {**FLOOR, "watering": 2, "pruning": 2, "planning": 2})
    assert ready[2] == 1.0
    # At 4: floor 6 of 6, watering 2 of 3, pruning 2 of 2, planning 2 of 3, grafting 0 of 2.
    assert ready[4] == pytest.approx((6 + 2 + 2 + 2 + 0) / (6 + 3 + 2 + 3 + 2))


def test_focus_lists_a_skill_once_at_its_lowest_short_stage_with_its_level_there(
    laddered: Framework,
) -> None:
    plan = assess(laddered, grower({**FLOOR, "watering": 1, "pruning": 2, "planning": 2}, 4), top=None)
    assert [(f.skill, f.stage, f.expected, f.gap, f.reason) for f in plan.focus] == [
        ("watering", 2, 2, 1, "blocks-stage-2"),
        ("grafting", 4, 2, 2, "target"),
        ("planning", 4, 3, 1, "target"),
    ]
    assert any("expect more by stage 4" in w and "Planning the beds" in w for w in plan.warnings)


def test_the_shipped_map_rises_towards_leading_and_keeps_the_floor_flat(shipped: Framework) -> None:
    levels = {lv for t in shipped.tracks for s in range(1, 9) for lv in _levels(shipped, t.id, s)}
    assert len(levels) >= 3 and 4 in levels
    for track in shipped.tracks:
        risen = [e for e in shipped.expectations(track, 6) if e.stage and e.level == 4]
        assert risen, track.id  # design and judgment skills reach Leading by stage 6
        assert {e.level for e in shipped.expectations(track, 6) if not e.stage} == {
            shipped.curve.floor.minimum
        }
        # At least one skill of an early stage asks more at stage 6 than at its own stage.
        assert any(
            e.stage < 6 and e.level > k.level_at(e.stage)
            for e in shipped.expectations(track, 6)
            for n, k in track.skills_through(6)
            if k.id == e.id
        ), track.id


def _levels(framework: Framework, track: str, stage: int) -> set[int]:
    return {e.level for e in framework.expectations(track, stage) if e.stage}


def test_framework_json_writes_expected_as_the_file_gave_it() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "planner.cli", "framework", "--roles", str(LADDERED), "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    track = json.loads(out.stdout)["tracks"][0]
    skills = {k["id"]: k for st in track["stages"] for k in st["skills"]}
    assert skills["watering"]["expected"] == {"1": 1, "2": 2, "4": 3}
    assert skills["pruning"]["expected"] == 2
    assert skills["planning"]["expected_provenance"] == "stated"
    assert skills["grafting"]["expected_provenance"] == "inferred"


# --- broken rungs: each named by its file, line and rung -------------------------------------------------

WATERING = "        expected: {1: 1, 2: 2, 4: 3}\n"
BROKEN = {
    "falling": ("{1: 1, 2: 3, 4: 2}", "rung 4: level 2 falls below 3 at stage 2"),
    "first-rung": ("{2: 1, 4: 3}", "the first rung is stage 2; expected the skill's own stage, 1"),
    "off-curve": ("{1: 1, 9: 3}", "rung 9: stage 9 is not on the curve"),
    "aspirational": ("{1: 1, 5: 3}", "rung 5: stage 5 is aspirational"),
    "off-scale": ("{1: 1, 2: 7}", "rung 2: 7 is not on the scale; expected a level on the scale, 0 to 3"),
    "out-of-order": ("{1: 1, 4: 3, 2: 3}", "rung 2 comes after rung 4"),
    "not-a-level": ("{1: 1, 2: high}", "rung 2: 'high'; expected a stage number and a whole level"),
}


def _broken_copy(tmp_path: Path, ladder: str) -> Path:
    roles = tmp_path / "laddered"
    shutil.copytree(LADDERED, roles)
    track = roles / "grower.yaml"
    text = track.read_text()
    assert WATERING in text
    track.write_text(text.replace(WATERING, f"        expected: {ladder}\n"))
    return roles


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_a_broken_rung_is_one_problem_naming_file_line_and_rung(tmp_path: Path, kind: str) -> None:
    ladder, message = BROKEN[kind]
    roles = _broken_copy(tmp_path, ladder)
    out = subprocess.run(
        [sys.executable, "-m", "planner.cli", "validate", str(roles)], capture_output=True, text=True
    )
    assert out.returncode == 1
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{roles}/grower.yaml:12: stages[0].skills[0].expected"), lines[0]
    assert message in lines[0]


@pytest.mark.parametrize(
    "roles", [SHIPPED_ROLES, *sorted(LADDERED.parent.iterdir())], ids=lambda p: Path(p).name
)
def test_stagepath_validate_passes_on_the_shipped_and_the_test_frameworks(roles: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "planner.cli", "validate", str(roles)], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert "valid:" in out.stdout


# --- forgiving where a person expects it -----------------------------------------------------------------


def test_an_optional_field_left_blank_is_absent(tmp_path: Path) -> None:
    roles = tmp_path / "laddered"
    shutil.copytree(LADDERED, roles)
    curve = roles / "curve.yaml"
    text = curve.read_text().replace(
        "  - {number: 2, name: Leaf, shift: Uses help., provenance: stated}\n",
        "  - number: 2\n    name: Leaf\n    shift: Uses help.\n    builds:\n    source:\n    provenance: stated\n",
    )
    curve.write_text(text.replace('version: "t1"\n', "version:\nsummary:\n"))
    framework = load_framework(roles)
    stage = framework.stage(2)
    assert stage is not None and (stage.builds, stage.source) == ("", "")


def test_a_required_field_left_blank_is_one_problem_not_a_cascade(tmp_path: Path) -> None:
    roles = tmp_path / "laddered"
    shutil.copytree(LADDERED, roles)
    curve = roles / "curve.yaml"
    curve.write_text(
        curve.read_text().replace(
            "  - {number: 2, name: Leaf, shift: Uses help., provenance: stated}\n",
            "  - number: 2\n    name: Leaf\n    shift:\n    provenance: stated\n",
        )
    )
    out = subprocess.run(
        [sys.executable, "-m", "planner.cli", "validate", str(roles)], capture_output=True, text=True
    )
    lines = out.stderr.strip().splitlines()
    assert out.returncode == 1 and len(lines) == 1, lines
    assert "curve.yaml" in lines[0] and "stages[1].shift" in lines[0]


# --- the team rules read the level at the target ---------------------------------------------------------


def _team(laddered: Framework, ratings: dict[str, dict[str, int]]) -> Team:
    people = [Assessment(name=n, track="grower", ratings={**FLOOR, **r}) for n, r in ratings.items()]
    return team_from_assessments(laddered, people)


def test_coverage_develop_and_hire_use_the_level_the_target_expects(laddered: Framework) -> None:
    team = _team(
        laddered,
        {"Ann": {"watering": 2, "planning": 2}, "Bo": {"watering": 2, "planning": 3}, "Cy": {"watering": 1}},
    )
    rows = {r.skill: r for r in coverage(laddered, team, 2, min_coverage=2)}
    assert (rows["watering"].expected, rows["watering"].covered_by) == (2, ("Ann", "Bo"))
    assert rows["planning"].expected == 1 and rows["planning"].covered
    at_4 = {r.skill: r for r in coverage(laddered, team, 4, min_coverage=2)}
    # At 4 watering asks 3: nobody has it, Ann, Bo are one below (develop); planning 3: only Bo holds it
    # (thin), Ann one below is the next holder.
    assert (at_4["watering"].expected, at_4["watering"].verdict, at_4["watering"].develop) == (
        3,
        "develop",
        ("Ann", "Bo"),
    )
    assert (at_4["planning"].expected, at_4["planning"].covered_by, at_4["planning"].verdict) == (
        3,
        ("Bo",),
        "thin",
    )
    assert at_4["planning"].develop == ("Ann",)


def test_a_hiring_profile_asks_each_skill_at_its_level_for_the_profiles_stage(laddered: Framework) -> None:
    profile = build_profile(laddered, "grower", 4, ["watering", "planning"], ["grafting"])
    assert [(s.skill, s.stage, s.expected) for s in profile.must_have] == [
        ("watering", 1, 3),
        ("planning", 2, 3),
    ]
    at_2 = build_profile(laddered, "grower", 2, ["watering", "planning"])
    assert [s.expected for s in at_2.must_have] == [2, 1]
    candidate = Assessment(track="grower", ratings={"watering": 2, "planning": 3, "grafting": 2})
    assert candidate_fit(at_2, candidate).fits
    fit = candidate_fit(profile, candidate)
    assert not fit.fits and [(g.skill, g.expected) for g in fit.missing_must] == [("watering", 3)]


def test_the_team_report_places_people_by_the_levels_of_each_stage(laddered: Framework) -> None:
    team = _team(laddered, {"Ann": {"watering": 1, "pruning": 2, "planning": 1}})
    report = summarise(laddered, team, target=3)
    assert report.distribution["grower"][1] == 1  # watering 1 earns stage 1 but not stage 2, which asks 2


# --- the shipped map: provenance and effort in the source's terms ----------------------------------------


def test_the_effort_is_kept_in_the_sources_words_and_converted_to_calendar_days(shipped: Framework) -> None:
    effort = shipped.curve.effort
    assert effort is not None and effort.unit == "calendar days"
    facts = {f.id: f for f in shipped.curve.facts}
    words = {n: facts[fact_id] for n, fact_id in effort.quoted.items()}
    assert sorted(words) == sorted(effort.reference) == [3, 4, 5, 6]
    assert [words[n].quote for n in (3, 4, 5, 6)] == [
        "two or three days",
        "the better part of a month",
        "several months",
        "the better part of a year",
    ]
    assert all(f.provenance == "stated" and f.source.startswith("https://") for f in words.values())
    # As calendar days every range fits its phrase: "the better part of" is two thirds or more of it, so the
    # better part of a month is 20 to 30 days and of a year 240 to 360, never half a year.
    assert effort.reference[6] == (240, 360) and effort.reference[4] == (20, 30)


def test_the_effort_command_quotes_the_source_and_quantifies_the_rules_gap() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "planner.cli", "effort", "--stage", "3", "--days", "3", "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(out.stdout)
    assert data["unit"] == "calendar days" and "our conversion" in data["basis"]
    assert [(r["stage"], r["days"], r["quoted"]) for r in data["projection"]] == [
        (4, 21, "the better part of a month"),
        (5, 147, "several months"),
        (6, 1029, "the better part of a year"),
    ]
    gap = data["gap"]
    assert (gap["stage"], gap["rule"], gap["reference"], gap["times"]) == (
        6,
        [686, 1029],
        [240, 360],
        [1.9, 4.3],  # 686 / 360 and 1,029 / 240
    )
    markdown = subprocess.run(
        [
            sys.executable,
            "-m",
            "planner.cli",
            "effort",
            "--stage",
            "3",
            "--days",
            "3",
            "--format",
            "markdown",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    read = unescape(markdown)
    assert '"the better part of a year"' in read and "1.9 to 4.3 times the reference" in read


def test_the_facts_the_map_was_missing_are_stated_with_their_source(shipped: Framework) -> None:
    facts = {f.id: f for f in shipped.curve.facts}
    for fact_id in (
        "stall-at-4-to-5",
        "individual-then-team",
        "later-costs-more",
        "signals-make-leverage",
        "qa-needs-developer-skill",
        "judgment-rises",
    ):
        assert facts[fact_id].provenance == "stated" and facts[fact_id].source.startswith("https://"), fact_id
    assert "rightly critical" in facts["uneven-climb"].text and "distrust" not in facts["uneven-climb"].text


def test_assess_says_how_a_skills_expectation_rises() -> None:
    at = start(page="assess")
    at.segmented_control(key="assess.sections").set_value([3]).run()
    text = unescape("\n".join(m.value for m in at.markdown))
    # Defining intent enters at Practising and climbs to Leading by stage 5.
    assert (
        "Expected from stage 3: 2 · Practising, then 3 · Proficient from stage 4, 4 · Leading from stage 5."
        in text
    )
    assert "Expected from stage 3: 3 · Proficient." in text  # a skill that does not rise
