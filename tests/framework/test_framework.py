"""The framework files load into typed, immutable models, and every validation rule names its problem."""

from __future__ import annotations

from pathlib import Path

import pydantic
import pytest

from planner.common.problems import InputError
from planner.framework import Framework
from planner.framework.loading import load_framework, load_framework_files
from tests.conftest import FIVE_STAGE


def problems_of(directory: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_framework(directory)
    return [str(p) for p in caught.value.problems]


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count))


# --- the shipped framework -------------------------------------------------------------------------------


def test_shipped_curve_has_eight_stages_with_7_and_8_aspirational(shipped: Framework) -> None:
    assert [s.number for s in shipped.curve.stages] == list(range(1, 9))
    assert [s.number for s in shipped.curve.stages if s.aspirational] == [7, 8]
    assert shipped.ceiling == 6
    for stage in shipped.curve.stages:
        assert stage.name and stage.shift and stage.provenance in {"stated", "inferred"}
        assert stage.source.startswith("https://")


def test_shipped_tracks_are_developer_and_qa_with_three_to_six_skills_at_stages_2_to_6(
    shipped: Framework,
) -> None:
    assert [t.id for t in shipped.tracks] == ["developer", "qa"]
    for track in shipped.tracks:
        for number in range(2, 7):
            stage = track.stage(number)
            assert stage is not None, (track.id, number)
            assert 3 <= len(stage.skills) <= 6, (track.id, number)
            for skill in stage.skills:
                assert all(skill.level_at(n) in shipped.levels for n in range(number, 9)), skill.id
                assert len(skill.actions) >= 2 and len(skill.interview) >= 1, skill.id
                assert skill.provenance in {"stated", "inferred"} and skill.source.startswith("https://")


def test_shipped_aspirational_stages_expect_nothing(shipped: Framework) -> None:
    for track in shipped.tracks:
        for number in (7, 8):
            stage = track.stage(number)
            assert stage is not None and stage.skills == ()
            assert "aspirational" in stage.summary.lower()


def test_shipped_floor_and_scale(shipped: Framework) -> None:
    floor = shipped.curve.floor
    assert [s.id for s in floor.skills] == ["read-code", "write-code", "debug-code"]
    assert floor.minimum == 3 and floor.gates_from_stage == 5
    assert shipped.levels == (0, 1, 2, 3, 4)
    assert [lv.name for lv in shipped.curve.scale] == [
        "Not yet",
        "Aware",
        "Practising",
        "Proficient",
        "Leading",
    ]


def test_shipped_facts_cover_the_curve(shipped: Framework) -> None:
    facts = {f.id: f for f in shipped.curve.facts}
    assert facts["sevenfold-cost"].value == 7
    # "More than 250" as the source gives it: a floor, not a count, so no number the rules compute with.
    assert facts["build-samples"].figure == "More than 250" and facts["build-samples"].value is None
    assert facts["comfortable-shift-share"].value == pytest.approx(0.6)
    assert facts["industry-at-stage-2"].value == 2
    assert shipped.curve.effort is not None and shipped.curve.effort.multiplier == 7
    assert shipped.curve.effort.reference[5] == (60, 180)


def test_models_are_immutable(shipped: Framework) -> None:
    with pytest.raises(pydantic.ValidationError):
        shipped.curve.floor.minimum = 1  # type: ignore[misc]


# --- any number of stages and tracks ---------------------------------------------------------------------


def test_a_five_stage_framework_with_an_extra_track_loads(five: Framework) -> None:
    assert len(five.curve.stages) == 5
    assert [t.id for t in five.tracks] == ["developer", "qa", "sre"]
    assert five.ceiling == 4
    assert five.track_skill_ids("sre") == (
        "read-code",
        "write-code",
        "debug-code",
        "runbook-prompts",
        "slo-gates",
    )


def test_the_digest_follows_the_content(roles_copy: Path, shipped: Framework) -> None:
    assert load_framework(roles_copy).digest == shipped.digest
    replace_in(roles_copy / "curve.yaml", "version:", "# edited\nversion:")
    assert load_framework(roles_copy).digest != shipped.digest


# --- every rule, broken once -----------------------------------------------------------------------------


def test_duplicate_skill_id_names_both_places(roles_copy: Path) -> None:
    replace_in(roles_copy / "qa.yaml", "id: assisted-test-drafting", "id: assisted-coding")
    [problem] = problems_of(roles_copy)
    assert "qa.yaml" in problem and "duplicate skill id 'assisted-coding'" in problem
    assert "developer.yaml:" in problem  # where it was first defined


def test_track_stage_not_on_the_curve(roles_copy: Path) -> None:
    replace_in(roles_copy / "developer.yaml", "  - number: 6\n", "  - number: 9\n")
    [problem] = problems_of(roles_copy)
    assert "developer.yaml:" in problem and "stages[" in problem and "stage 9 is not on the curve" in problem


def test_expected_level_off_the_scale(roles_copy: Path) -> None:
    replace_in(roles_copy / "qa.yaml", "expected: 3", "expected: 7")
    [problem] = problems_of(roles_copy)
    assert ".expected: 7 is not on the scale; expected a level on the scale, 0 to 4" in problem


def test_floor_minimum_off_the_scale(roles_copy: Path) -> None:
    replace_in(roles_copy / "curve.yaml", "minimum: 3", "minimum: 5")
    [problem] = problems_of(roles_copy)
    assert "curve.yaml:" in problem and "floor.minimum: 5 is not on the scale" in problem


def test_bad_yaml_syntax_names_the_line(roles_copy: Path) -> None:
    (roles_copy / "qa.yaml").write_text("id: qa\nname: QA\nstages: [\n  - number: 2\n")
    [problem] = problems_of(roles_copy)
    assert problem.startswith(f"{roles_copy}/qa.yaml:") and "not valid YAML" in problem


def test_a_document_that_is_not_a_mapping(roles_copy: Path) -> None:
    (roles_copy / "qa.yaml").write_text("- just\n- a list\n")
    [problem] = problems_of(roles_copy)
    assert "qa.yaml:1: expected a mapping at the top level, found list" in problem


def test_a_file_over_the_size_cap(roles_copy: Path) -> None:
    (roles_copy / "qa.yaml").write_text("id: qa\n" + "# padding\n" * 40_000)
    [problem] = problems_of(roles_copy)
    assert "qa.yaml: file is over the size limit of 262,144 bytes" in problem


def test_a_yaml_alias_bomb_is_refused(roles_copy: Path) -> None:
    bomb = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, 10):
        bomb.append(f"{chr(97 + i)}: &{chr(97 + i)} [{', '.join(['*' + chr(96 + i)] * 9)}]")
    (roles_copy / "qa.yaml").write_text("\n".join(bomb) + "\n")
    [problem] = problems_of(roles_copy)
    assert "qa.yaml:1: not valid YAML: anchors and aliases (& and *) are not allowed" in problem


def test_a_python_object_tag_is_refused_not_run(roles_copy: Path, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    (roles_copy / "qa.yaml").write_text(f"!!python/object/apply:os.system ['touch {marker}']\n")
    [problem] = problems_of(roles_copy)
    assert "not valid YAML" in problem and not marker.exists()


def test_a_misspelled_field_is_an_error(roles_copy: Path) -> None:
    replace_in(roles_copy / "developer.yaml", "expected: 3", "expectd: 3")
    found = problems_of(roles_copy)
    assert any("expectd: is not a known field" in p for p in found)
    assert any(".expected: is missing (required)" in p for p in found)


def test_a_wrong_type_names_the_field_and_value(roles_copy: Path) -> None:
    replace_in(roles_copy / "curve.yaml", "gates_from_stage: 5", "gates_from_stage: soon")
    [problem] = problems_of(roles_copy)
    assert "floor.gates_from_stage: Input should be a valid integer" in problem and "'soon'" in problem


def test_every_problem_is_reported_not_only_the_first(roles_copy: Path) -> None:
    replace_in(roles_copy / "qa.yaml", "expected: 3", "expected: 9")
    replace_in(roles_copy / "developer.yaml", "expected: 3", "expected: -1")
    assert len(problems_of(roles_copy)) == 2


def test_missing_curve_file_and_missing_tracks() -> None:
    with pytest.raises(InputError, match=r"no curve\.yaml"):
        load_framework_files({"developer.yaml": b"id: developer\n"})
    with pytest.raises(InputError, match="no track files"):
        load_framework_files({"curve.yaml": (FIVE_STAGE / "curve.yaml").read_bytes()})


def test_stage_numbers_must_run_in_order(tmp_path: Path) -> None:
    files = {p.name: p.read_bytes() for p in FIVE_STAGE.glob("*.yaml")}
    files["curve.yaml"] = files["curve.yaml"].replace(b"number: 4,", b"number: 7,")
    with pytest.raises(InputError) as caught:
        load_framework_files(files, label="five")
    assert any("stage numbers are [1, 2, 3, 7, 5]" in str(p) for p in caught.value.problems)


def test_an_aspirational_stage_below_a_working_one_is_refused_naming_it(tmp_path: Path) -> None:
    """Stages are reached in order, so a working stage above an aspirational one could never be placed: the
    placement, the team and the organisation would each have to guess what it means."""
    files = {p.name: p.read_bytes() for p in FIVE_STAGE.glob("*.yaml")}
    files["curve.yaml"] = files["curve.yaml"].replace(
        b"{number: 3, name: Direct, shift: Directs help., provenance: stated}",
        b"{number: 3, name: Direct, shift: Directs help., aspirational: true, provenance: stated}",
    )
    with pytest.raises(InputError) as caught:
        load_framework_files(files, label="five")
    problems = [str(p) for p in caught.value.problems]
    assert any(
        "stages[2].aspirational" in p and "stage 3 is aspirational but stage 4 above it is not" in p
        for p in problems
    ), problems
