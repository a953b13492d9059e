"""The team's groundwork: records loaded and checked, and the operating stage read from the people and
the capabilities together, on the shipped framework and on small frameworks of our own making."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.common.problems import InputError
from planner.formats import table as team
from planner.formats.assessment import Assessment
from planner.formats.groundwork import GroundworkRecord, dump_groundwork, load_groundwork
from planner.framework import Framework
from planner.framework.loading import load_framework
from planner.team.coverage import coverage
from planner.team.operating import capability_stage, operating_stage, people_stage
from tests.conftest import FIVE_STAGE


def person(framework: Framework, name: str, track: str, level: int, **overrides: int) -> Assessment:
    """Someone rated `level` on every skill of their track, except the ratings given by id (with _ for -)."""
    ratings = dict.fromkeys(framework.track_skill_ids(track), level)
    ratings.update({k.replace("_", "-"): v for k, v in overrides.items()})
    return Assessment(name=name, track=track, ratings=ratings)


def a_team(framework: Framework, *people: Assessment) -> team.Team:
    return team.team_from_assessments(framework, list(people))


def record(
    framework: Framework, missing: frozenset[str] | set[str] = frozenset(), **states: bool
) -> GroundworkRecord:
    """A record with every capability in place except `missing` (left out) and those given (with _ for -)."""
    capabilities: dict[str, object] = {c: True for c in framework.capabilities if c not in missing}
    capabilities.update({k.replace("_", "-"): v for k, v in states.items()})
    return GroundworkRecord.model_validate({"team": "Platform", "capabilities": capabilities})


def load(text: str, framework: Framework, name: str = "platform.yaml") -> GroundworkRecord:
    return load_groundwork(name, text.encode(), framework)


def problems(text: str, framework: Framework, name: str = "platform.yaml") -> list[str]:
    with pytest.raises(InputError) as caught:
        load(text, framework, name)
    return [str(p) for p in caught.value.problems]


@pytest.fixture(scope="module")
def strong(shipped: Framework) -> team.Team:
    """Two developers rated at the top of the scale on everything: their people cover every stage."""
    return a_team(shipped, person(shipped, "ada", "developer", 4), person(shipped, "ben", "developer", 4))


@pytest.fixture
def five_with_groundwork(tmp_path: Path) -> Framework:
    """The five-stage framework with a capability at stage 1 (which has no skills) and two at stage 3."""
    target = tmp_path / "five"
    shutil.copytree(FIVE_STAGE, target)
    curve = target / "curve.yaml"
    text = curve.read_text()
    text = text.replace(
        "  - {number: 1, name: Start, shift: Begins., provenance: stated}",
        "  - {number: 1, name: Start, shift: Begins., provenance: stated,\n"
        "     capabilities: [{id: charter, name: Charter, description: Agreed., provenance: stated}]}",
    )
    text = text.replace(
        "  - {number: 3, name: Direct, shift: Directs help., provenance: stated}",
        "  - {number: 3, name: Direct, shift: Directs help., provenance: stated,\n"
        "     capabilities: [{id: flow-gates, name: Flow gates, description: Gates., provenance: stated},\n"
        "                    {id: scoring, name: Scoring, description: Scores., provenance: inferred}]}",
    )
    curve.write_text(text)
    return load_framework(target)


# --- the rules --------------------------------------------------------------------------------------------


def test_a_missing_stage_4_capability_keeps_a_team_of_strong_people_at_3(
    shipped: Framework, strong: team.Team
) -> None:
    assert people_stage(shipped, strong) == 6
    gates = record(shipped, missing={"workflow-protection-gates"})
    result = operating_stage(shipped, strong, gates, target=5)
    assert (result.people_stage, result.capability_stage, result.operating_stage) == (6, 3, 3)
    assert result.blocked_by is not None and result.blocked_by.stage == 4
    assert [b.capability for b in result.blocked_by.capabilities] == ["workflow-protection-gates"]
    assert result.blocked_by.skills == ()
    assert result.warnings == ()


def test_the_operating_stage_is_the_lower_of_people_and_groundwork(
    shipped: Framework, strong: team.Team
) -> None:
    everything = record(shipped)
    assert capability_stage(shipped, everything) == 6
    # groundwork lower: stops at the stage before the first capability not in place
    assert (
        operating_stage(shipped, strong, record(shipped, {"parallel-merge-policy"}), 6).operating_stage == 5
    )
    # people lower: the same full groundwork, people who cover only stage 2
    weaker = a_team(
        shipped,
        *(
            person(shipped, n, "developer", 4, **{s.id.replace("-", "_"): 0 for _, s in stage_3(shipped)})
            for n in ("cy", "dee")
        ),
    )
    result = operating_stage(shipped, weaker, everything, target=4)
    assert (result.people_stage, result.capability_stage, result.operating_stage) == (2, 6, 2)
    assert result.blocked_by is not None and result.blocked_by.capabilities == ()
    assert {r.skill for r in result.blocked_by.skills} == {s.id for _, s in stage_3(shipped)}


def stage_3(framework: Framework) -> list[tuple[int, object]]:
    track = framework.track("developer")
    assert track is not None
    return [(n, s) for n, s in track.skills_through(3) if n == 3]


def test_capabilities_at_a_stage_with_no_skills_still_count(five_with_groundwork: Framework) -> None:
    five = five_with_groundwork
    people = a_team(five, person(five, "ada", "developer", 3), person(five, "ben", "developer", 3))
    assert people_stage(five, people) == 4
    without_charter = record(five, {"charter"})
    assert capability_stage(five, without_charter) == 0
    result = operating_stage(five, people, without_charter, target=4)
    assert result.operating_stage == 0
    assert result.blocked_by is not None and result.blocked_by.stage == 1
    assert [b.capability for b in result.blocked_by.capabilities] == ["charter"]


def test_blocked_by_lists_exactly_the_capabilities_and_skills_missing_for_the_next_stage(
    shipped: Framework,
) -> None:
    # Two strong developers, neither holding output judgment at stage 3 (asked at 2 there), nor within one
    # level of it.
    people = a_team(
        shipped,
        person(shipped, "ada", "developer", 4, agent_output_judgment=0),
        person(shipped, "ben", "developer", 4, agent_output_judgment=0),
    )
    missing = {"written-evaluation-rubric", "adversarial-output-validators"}
    result = operating_stage(shipped, people, record(shipped, missing, encoded_task_agents=False), target=4)
    assert (result.people_stage, result.capability_stage, result.operating_stage) == (2, 2, 2)
    assert result.blocked_by is not None and result.blocked_by.stage == 3
    assert [b.capability for b in result.blocked_by.capabilities] == [
        "written-evaluation-rubric",
        "encoded-task-agents",
    ]
    assert [(r.skill, r.verdict) for r in result.blocked_by.skills] == [("agent-output-judgment", "hire")]
    # build: every capability up to the target that is not in place, with its stage's reference effort
    assert [(b.capability, b.stage, b.effort) for b in result.build] == [
        ("written-evaluation-rubric", 3, (2, 3)),
        ("encoded-task-agents", 3, (2, 3)),
    ]
    assert all(b.verdict == "build" for b in result.build)


def test_the_floor_blocks_a_team_from_the_stage_it_gates(shipped: Framework) -> None:
    people = a_team(
        shipped,
        person(shipped, "ada", "developer", 4, debug_code=2),
        person(shipped, "ben", "developer", 4, debug_code=2),
    )
    result = operating_stage(shipped, people, record(shipped), target=5)
    assert result.operating_stage == 4 == shipped.curve.floor.gates_from_stage - 1
    assert result.blocked_by is not None
    assert [(r.skill, r.stage) for r in result.blocked_by.skills] == [("debug-code", 0)]


def test_without_a_record_the_operating_stage_is_the_peoples_with_a_warning(
    shipped: Framework, strong: team.Team
) -> None:
    result = operating_stage(shipped, strong, None, target=6)
    assert (result.people_stage, result.capability_stage, result.operating_stage) == (6, None, 6)
    assert result.blocked_by is None  # at the highest stage that is not aspirational, nothing is next
    assert result.build == ()
    assert result.warnings == (
        "The team's groundwork is not recorded, so the operating stage counts its people only.",
    )


def test_a_framework_without_capabilities_behaves_as_today_with_the_warning(five: Framework) -> None:
    people = a_team(
        five,
        person(five, "ada", "developer", 3, task_agents=2),
        person(five, "ben", "developer", 3, task_agents=2),
    )
    # task-agents (stage 3, expected 3) is held by no one: the people's stage is 2
    result = operating_stage(five, people, None, target=3)
    assert (result.people_stage, result.capability_stage, result.operating_stage) == (2, None, 2)
    assert result.blocked_by is not None and result.blocked_by.capabilities == ()
    assert [r.skill for r in result.blocked_by.skills] == ["task-agents"]
    assert len(result.warnings) == 1 and "no capabilities" in result.warnings[0]
    empty = GroundworkRecord(team="Platform")
    assert operating_stage(five, people, empty, target=3).operating_stage == 2


def test_every_track_of_the_team_must_cover_the_stage(shipped: Framework, strong: team.Team) -> None:
    # One tester who holds every test skill: a track of one holds what its one person holds.
    mixed = team.concat(shipped, [strong, a_team(shipped, person(shipped, "fay", "qa", 4))])
    assert people_stage(shipped, mixed) == people_stage(shipped, strong) == 6
    # A tester who holds none of them keeps the team at stage 1 (which lists no skills), whatever the
    # developers hold.
    weak = team.concat(shipped, [strong, a_team(shipped, person(shipped, "fay", "qa", 1))])
    assert people_stage(shipped, weak) == 1
    assert people_stage(shipped, team.empty_team(shipped)) == 0


@settings(max_examples=40, deadline=None)
@given(st.sets(st.sampled_from(sorted(load_framework().capabilities))), st.data())
def test_putting_one_more_capability_in_place_never_lowers_the_operating_stage(
    missing: set[str], data: st.DataObject
) -> None:
    shipped = load_framework()
    people = a_team(shipped, person(shipped, "ada", "developer", 4), person(shipped, "ben", "developer", 4))
    before = operating_stage(shipped, people, record(shipped, missing), target=6)
    if missing:
        fixed = data.draw(st.sampled_from(sorted(missing)))
        after = operating_stage(shipped, people, record(shipped, missing - {fixed}), target=6)
        assert after.operating_stage >= before.operating_stage
    assert before.operating_stage <= min(before.people_stage, before.capability_stage or 0, shipped.ceiling)
    nxt = before.blocked_by
    assert nxt is None or all(b.stage <= nxt.stage for b in nxt.capabilities)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 3), min_size=7, max_size=7), min_size=0, max_size=6),
    st.integers(0, 3),
)
def test_the_peoples_stage_is_the_last_stage_in_order_whose_coverage_rows_show_no_gap(
    laddered: Framework, grid: list[list[int]], min_coverage: int
) -> None:
    skills = laddered.track_skill_ids("grower")
    people = a_team(
        laddered,
        *(
            Assessment(name=f"p{i}", track="grower", ratings=dict(zip(skills, row, strict=True)))
            for i, row in enumerate(grid)
        ),
    )
    # Read from the coverage table a manager sees at each stage in turn (a ladder's level at that stage).
    expected = 0
    for stage in range(1, laddered.ceiling + 1):
        gated = stage >= laddered.curve.floor.gates_from_stage
        rows = coverage(laddered, people, stage, min_coverage)
        if any(not r.held and (r.stage > 0 or gated) for r in rows):
            break
        expected = stage
    assert people_stage(laddered, people) == (expected if grid else 0)


# --- records ----------------------------------------------------------------------------------------------

SAMPLE = """\
stagepath: 1
kind: groundwork
team: Platform
assessed_on: 2026-11-20
capabilities:
  written-evaluation-rubric: true
  encoded-task-agents: {in_place: true, evidence: "agents/ in the team repository"}
  workflow-protection-gates:
    in_place: false
    evidence: ".github/workflows/gates.yml"
    suggested: true
  workflow-output-scoring: false
"""


def test_a_record_loads_with_bare_true_and_false(shipped: Framework) -> None:
    loaded = load(SAMPLE, shipped)
    assert loaded.team == "Platform" and loaded.assessed_on == dt.date(2026, 11, 20)
    assert loaded.in_place("written-evaluation-rubric") and loaded.in_place("encoded-task-agents")
    assert not loaded.in_place("workflow-output-scoring")
    assert not loaded.in_place("human-escalation-rules")  # left out: not in place
    gates = loaded.capabilities["workflow-protection-gates"]
    assert (gates.in_place, gates.suggested, gates.evidence) == (False, True, ".github/workflows/gates.yml")


def test_a_record_written_and_read_again_is_the_same(shipped: Framework) -> None:
    loaded = load(SAMPLE, shipped)
    assert load(dump_groundwork(loaded, "yaml"), shipped, "again.yaml") == loaded
    assert load(dump_groundwork(loaded, "json"), shipped, "again.json") == loaded


def test_an_unknown_capability_names_its_line_and_the_nearest_id(shipped: Framework) -> None:
    [problem] = problems(
        SAMPLE.replace("workflow-output-scoring: false", "workflow-output-scorin: false"), shipped
    )
    assert problem == (
        "platform.yaml:12: capabilities.workflow-output-scorin: unknown capability id "
        "'workflow-output-scorin' (did you mean 'workflow-output-scoring'?)"
    )


def test_a_skill_id_is_not_a_capability(shipped: Framework) -> None:
    [problem] = problems(SAMPLE.replace("workflow-output-scoring: false", "read-code: true"), shipped)
    assert "unknown capability id 'read-code' (it is a skill" in problem


def test_bad_values_are_named_by_file_and_line(shipped: Framework) -> None:
    bad = SAMPLE.replace("written-evaluation-rubric: true", "written-evaluation-rubric: maybe").replace(
        "suggested: true", "suggested: often"
    )
    found = problems(bad, shipped)
    assert found == [
        "platform.yaml:6: capabilities.written-evaluation-rubric: 'maybe' is not true or false; "
        "expected in_place: true or false",
        "platform.yaml:11: capabilities.workflow-protection-gates.suggested: Input should be a valid boolean; "
        "found 'often'",
    ]


def test_the_kind_version_and_fields_of_a_record_are_checked(shipped: Framework) -> None:
    found = problems(
        SAMPLE.replace("kind: groundwork", "kind: assessment")
        .replace("stagepath: 1", "stagepath: 2")
        .replace('evidence: "agents/', 'evidense: "agents/'),
        shipped,
    )
    assert "platform.yaml:1: stagepath: format version 2 is not supported; expected 1" in found
    assert (
        "platform.yaml:2: kind: 'assessment' is not a groundwork record; expected kind: groundwork" in found
    )
    assert any(
        p.startswith(
            "platform.yaml:7: capabilities.encoded-task-agents.evidense: is not a known field; expected"
        )
        for p in found
    )


def test_a_record_without_a_team_and_a_record_that_is_not_a_mapping(shipped: Framework) -> None:
    assert problems(SAMPLE.replace("team: Platform\n", ""), shipped) == [
        "platform.yaml:1: team: is missing (required)"
    ]
    assert problems("- a\n- list\n", shipped) == [
        "platform.yaml:1: expected a mapping at the top level, found list"
    ]


def test_a_record_over_the_size_cap_or_with_aliases_is_refused(shipped: Framework) -> None:
    [big] = problems(SAMPLE + "# padding\n" * 60_000, shipped)
    assert "file is over the size limit" in big
    [alias] = problems(SAMPLE + "other: &a [1]\nmore: *a\n", shipped)
    assert "anchors and aliases" in alias


def test_a_json_record_loads(shipped: Framework) -> None:
    text = '{"stagepath": 1, "kind": "groundwork", "team": "Platform", "capabilities": {"parallel-merge-policy": true}}'
    assert load(text, shipped, "platform.json").in_place("parallel-merge-policy")


def test_the_shipped_sample_record_loads_for_the_shipped_framework(shipped: Framework) -> None:
    path = Path(__file__).resolve().parent.parent.parent / "examples" / "groundwork-sample.yaml"
    sample = load_groundwork(path.name, path.read_bytes(), shipped)
    assert sample.team == "Platform" and sample.in_place("workflow-protection-gates")
    assert sample.capabilities["workflow-output-scoring"].suggested
