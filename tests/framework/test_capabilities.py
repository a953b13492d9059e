"""Stage capabilities in the framework: the shipped groundwork, its signals, and every rule broken once."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from planner.common.problems import InputError
from planner.framework import Framework
from planner.framework.loading import load_framework, load_framework_files
from tests.conftest import FIVE_STAGE


def problems_of(directory: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_framework(directory)
    return [str(p) for p in caught.value.problems]


def with_capability(directory: Path, capability: str, stage: int = 4) -> None:
    """Append one capability (YAML lines, indented as in a stage) to a stage of the curve."""
    path = directory / "curve.yaml"
    text = path.read_text()
    marker = f"  - number: {stage}\n"
    start = text.index(marker)
    end = text.index("    capabilities:\n", start) + len("    capabilities:\n")
    path.write_text(text[:end] + capability + text[end:])


GOOD = """\
      - id: a-new-capability
        name: A new capability
        description: "Something in place."
        provenance: inferred
        source: https://example.org/
"""


def test_shipped_groundwork_starts_at_stage_3_and_names_its_source(shipped: Framework) -> None:
    per_stage = {s.number: [c.id for c in s.capabilities] for s in shipped.curve.stages}
    assert [n for n, ids in per_stage.items() if ids] == [3, 4, 5, 6]
    assert "written-evaluation-rubric" in per_stage[3]
    assert {"workflow-protection-gates", "workflow-output-scoring", "one-workflow-at-a-time"} <= set(
        per_stage[4]
    )
    assert {
        "deterministic-trusted-signals",
        "adversarial-output-validators",
        "human-escalation-rules",
    } <= set(per_stage[5])
    assert {"agent-branch-isolation-setup", "parallel-merge-policy", "cross-stream-status-view"} <= set(
        per_stage[6]
    )
    for stage in shipped.curve.stages:
        for capability in stage.capabilities:
            assert capability.name and capability.description, capability.id
            assert capability.provenance in {"stated", "inferred"}, capability.id
            assert capability.source.startswith("https://www.devlinliles.com/"), capability.id


def test_capabilities_are_found_by_id_with_their_stage(shipped: Framework) -> None:
    stage, capability = shipped.capabilities["adversarial-output-validators"]
    assert stage == 5 and capability.name == "Adversarial validators"
    through_4 = [c.id for _, c in shipped.capabilities_through(4)]
    assert "written-evaluation-rubric" in through_4 and "workflow-protection-gates" in through_4
    assert "adversarial-output-validators" not in through_4
    # capabilities are not skills: nobody is rated on them
    assert not set(shipped.capabilities) & shipped.skill_ids


def test_a_framework_without_capabilities_loads(five: Framework) -> None:
    assert five.capabilities == {}
    assert list(five.capabilities_through(5)) == []


def test_signals_of_each_kind_load(roles_copy: Path) -> None:
    with_capability(
        roles_copy,
        GOOD
        + """\
        signals:
          - files: [".github/workflows/*.yml", "ci/**/gate*.yaml"]
          - file_contains: {glob: "*.toml", text: "fail_under"}
          - commit_trailer: "Reviewed-by:"
          - branch_prefix: "agent/"
""",
    )
    framework = load_framework(roles_copy)
    signals = framework.capabilities["a-new-capability"][1].signals
    assert [s.model_dump() for s in signals] == [
        {"files": (".github/workflows/*.yml", "ci/**/gate*.yaml")},
        {"file_contains": {"glob": "*.toml", "text": "fail_under"}},
        {"commit_trailer": "Reviewed-by:"},
        {"branch_prefix": "agent/"},
    ]


def test_framework_json_writes_capabilities_and_signals_in_the_shape_of_the_file(roles_copy: Path) -> None:
    with_capability(roles_copy, GOOD + '        signals:\n          - files: ["gates/*.yml"]\n')
    result = subprocess.run(
        [sys.executable, "-m", "planner.cli", "framework", "--roles", str(roles_copy), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    stage_4 = json.loads(result.stdout)["curve"]["stages"][3]
    written = {c["id"]: c for c in stage_4["capabilities"]}
    assert written["a-new-capability"]["signals"] == [{"files": ["gates/*.yml"]}]
    assert written["workflow-protection-gates"]["provenance"] == "stated"
    assert written["workflow-protection-gates"]["source"].startswith("https://")


# --- every rule, broken once -----------------------------------------------------------------------------


def test_a_capability_id_that_is_a_skill_id_names_both_places(roles_copy: Path) -> None:
    with_capability(roles_copy, GOOD.replace("a-new-capability", "read-code"))
    [problem] = problems_of(roles_copy)
    assert "curve.yaml:" in problem and "stages[3].capabilities[0].id" in problem
    assert "duplicate capability id 'read-code', first defined at" in problem


def test_a_track_skill_cannot_reuse_a_capability_id(roles_copy: Path) -> None:
    path = roles_copy / "developer.yaml"
    path.write_text(path.read_text().replace("id: assisted-coding", "id: workflow-protection-gates", 1))
    [problem] = problems_of(roles_copy)
    assert "developer.yaml:" in problem and "duplicate skill id 'workflow-protection-gates'" in problem
    assert "curve.yaml:" in problem  # where the capability was defined


def test_a_signal_of_an_unknown_kind_names_its_line_and_the_kinds(roles_copy: Path) -> None:
    with_capability(roles_copy, GOOD + "        signals:\n          - regex: '.*gate.*'\n")
    [problem] = problems_of(roles_copy)
    line = next(
        n
        for n, text in enumerate((roles_copy / "curve.yaml").read_text().splitlines(), 1)
        if "regex:" in text
    )
    assert f"curve.yaml:{line}:" in problem and "capabilities[0].signals[0]" in problem
    assert "files, file_contains, commit_trailer, branch_prefix" in problem


def test_a_signal_with_two_kinds_is_refused(roles_copy: Path) -> None:
    with_capability(
        roles_copy, GOOD + "        signals:\n          - {files: [a.yml], branch_prefix: agent/}\n"
    )
    [problem] = problems_of(roles_copy)
    assert "signals[0]" in problem and "exactly one of the keys" in problem


def test_a_glob_that_leaves_the_repository_is_refused(roles_copy: Path) -> None:
    with_capability(roles_copy, GOOD + "        signals:\n          - files: ['../secrets/*']\n")
    [problem] = problems_of(roles_copy)
    assert "signals[0].files[0]" in problem and "relative to the repository" in problem


def test_file_contains_needs_both_glob_and_text(roles_copy: Path) -> None:
    with_capability(roles_copy, GOOD + "        signals:\n          - file_contains: {glob: '*.py'}\n")
    [problem] = problems_of(roles_copy)
    assert "signals[0].file_contains.text: is missing (required)" in problem


def test_a_misspelled_capability_field_is_an_error(roles_copy: Path) -> None:
    with_capability(roles_copy, GOOD.replace("description:", "descripton:"))
    found = problems_of(roles_copy)
    assert any("capabilities[0].descripton: is not a known field" in p for p in found)


def test_capabilities_in_an_uploaded_framework(five: Framework) -> None:
    files = {p.name: p.read_bytes() for p in FIVE_STAGE.glob("*.yaml")}
    files["curve.yaml"] = files["curve.yaml"].replace(
        b"  - {number: 4, name: Govern, shift: Governs flows., provenance: inferred}",
        b"  - {number: 4, name: Govern, shift: Governs flows., provenance: inferred,\n"
        b"     capabilities: [{id: flow-gates, name: Flow gates, description: Gates., provenance: stated}]}",
    )
    framework = load_framework_files(files, label="five")
    assert framework.capabilities["flow-gates"][0] == 4


def test_the_shipped_curve_says_a_stage_is_a_teams_from_stage_4(shipped: Framework, five: Framework) -> None:
    from planner.team.operating import first_team_stage

    assert shipped.curve.team_from_stage == 4 and first_team_stage(shipped) == 4
    assert first_team_stage(five) is None  # no capabilities and no team_from_stage: every stage a person's


def test_team_from_stage_must_be_on_the_curve(roles_copy: Path) -> None:
    path = roles_copy / "curve.yaml"
    path.write_text(path.read_text().replace("team_from_stage: 4", "team_from_stage: 9"))
    [problem] = problems_of(roles_copy)
    assert "curve.yaml:" in problem and "team_from_stage: stage 9 is not on the curve" in problem
