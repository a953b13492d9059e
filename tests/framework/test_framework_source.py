"""The shipped map against its source: every text of roles/ in the project's own words (no run of eight
words from the source outside a short quotation marked as the source's, with its address); every item
marked `stated` backed by a sentence of the source that says it; the map rising with the stage; the
source's numbers as it gives them, our conversions labelled as ours; and the lessons the source teaches.

The source texts live beside the checkout (`<repo>/../shared/source`); the tests that read them skip, with
that reason, where they are absent. The supporting sentences are kept here, so a new stated item needs its
sentence before it can ship."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from planner.framework import Framework
from planner.framework.loading import SHIPPED_ROLES

SOURCE_DIR = Path(__file__).resolve().parent.parent.parent.parent / "shared" / "source"
RUN = 8  # words: a run this long, found in the source, is a copied passage


def _words(text: str) -> list[str]:
    text = text.lower().replace("\u2019", "'").replace("'", "")
    return re.findall(r"[a-z0-9]+", text)


def _runs(words: list[str]) -> Iterator[tuple[str, ...]]:
    return (tuple(words[i : i + RUN]) for i in range(len(words) - RUN + 1))


def _normal(text: str) -> str:
    """Lower case, straight quotes, one space: how a sentence is looked up in the source."""
    text = text.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.lower().split())


def _source_texts() -> dict[str, str]:
    files = sorted(SOURCE_DIR.glob("*")) if SOURCE_DIR.is_dir() else []
    texts = {p.name: p.read_text(encoding="utf-8") for p in files if p.is_file()}
    if not texts:
        pytest.skip(f"the source texts are not beside this checkout ({SOURCE_DIR} is absent or empty)")
    return texts


def _strings(node: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, (*path, str(key)))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _strings(value, (*path, str(i)))
    elif isinstance(node, str):
        yield path, node


def _roles_texts() -> Iterator[tuple[str, str]]:
    """Every text of roles/ with where it is: each string value and each comment line. A `quote` (the
    source's own words, marked as such) and an address are left out."""
    for path in sorted(SHIPPED_ROLES.glob("*.yaml")):
        raw = path.read_text(encoding="utf-8")
        for where, text in _strings(yaml.safe_load(raw)):
            if where[-1] == "quote" or text.startswith("https://"):
                continue
            yield f"{path.name}:{'.'.join(where)}", text
        for number, line in enumerate(raw.splitlines(), 1):
            if "#" in line:
                yield f"{path.name}:{number} (comment)", line[line.index("#") :]


# --- 1. the project's own words -----------------------------------------------------------------------


def test_no_text_of_roles_repeats_eight_words_of_the_source() -> None:
    source_runs = {run for text in _source_texts().values() for run in _runs(_words(text))}
    copied = [
        f"{where}: {' '.join(run)!r}"
        for where, text in _roles_texts()
        for run in _runs(_words(text))
        if run in source_runs
    ]
    assert not copied, "copied from the source:\n" + "\n".join(copied)


def test_the_check_finds_a_copied_sentence() -> None:
    """The comparison itself: a sentence lifted from the source is caught, our own is not."""
    source = _source_texts()["engineers-evolution-stage-5-and-6.txt"]
    source_runs = set(_runs(_words(source)))
    lifted = "Most teams will operate at Stage 3 and 4 for a good while."
    ours = "Most teams can expect to spend a long time working at stages 3 and 4."
    assert any(run in source_runs for run in _runs(_words(lifted)))
    assert not any(run in source_runs for run in _runs(_words(ours)))


def test_the_sources_own_words_are_short_quotations_with_their_address(shipped: Framework) -> None:
    quoted = [f for f in shipped.curve.facts if f.quote]
    assert quoted
    for fact in quoted:
        assert len(fact.quote.split()) <= 8, fact.id
        assert fact.source.startswith("https://www.devlinliles.com/"), fact.id


def test_each_quotation_is_the_sources_words_as_given(shipped: Framework) -> None:
    texts = _normal(" ".join(_source_texts().values()))
    for fact in shipped.curve.facts:
        if fact.quote:
            assert _normal(fact.quote) in texts, (fact.id, fact.quote)


# --- 3. every stated item has a sentence of the source behind it --------------------------------------

# The source's sentences (or the facts file's), as written; each item below cites one or more and names
# the words it shares with them, which must appear in the item's own text and in one of its sentences.
SEED = {
    "early": "The early stages aim to do today's work faster and better without tearing up the process",
    "stage-2": "Stage 2: the developer with an assistant; the tester with a faster draft.",
    "writes-down": "The developer writes down how they work (opinions, process, standards) and encodes it into"
    " repeatable task agents and skills (a skill is a written job description for a unit of work)",
    "personal": "Agents are personal.",
    "day-shifts": "The developer becomes a director and reviewer; the tester becomes a test designer. The day"
    " shifts from producing code to defining intent and judging output.",
    "rubric": "The Stage 3 exit criterion is a written evaluation rubric.",
    "harness": "offload workflows behind a protection harness, least complex first. The harness is the set of"
    " automated gates; manual checking becomes programmatic and velocity starts to compound.",
    "team-event": "It is a team event: personal Stage 3 agents merge into shared team workflows, early adopters"
    " become technical leaders, and IT is pulled in because the gates, the scoring and the pipelines live"
    " in shared infrastructure.",
    "wall": 'Stage 4 is "the wall" (errors compound per step), needs punch-out points the AI cannot bypass',
    "individual": "Stages 1-3 are individual skill.",
    "industry": "Most of the industry sits at Stage 2.",
    "daily": "About a third of technology workers use AI daily; far fewer use it on work they are held"
    " accountable for.",
    "prize": "The prize for most teams is a clean run from Stage 2 to a mature Stage 4.",
    "foundation": "Everything you build at Stage 4, the gates, the scoring, the discipline of earning trust one"
    " workflow at a time, is the foundation the later stages stand on.",
    "skimp": "Skimp at Stage 4 and the cracks do not show up until you try to delegate, when they show up all"
    " at once and at scale.",
    "most-teams": "Most teams will operate at Stage 3 and 4 for a good while",
    "gap": "The stages are not equal in effort, and the gap is the most important number on the curve.",
    "sevenfold": "more than 250 build samples per stage, each layer costs roughly seven times the effort of the"
    " one below it.",
    "durations": "A team that stands up a task agent in two or three days should expect a full workflow to take"
    " the better part of a month, an autonomous system several months, and a coordinated network the"
    " better part of a year.",
    "stall": "That sevenfold step-up is why the move from Stage 4 to Stage 5 is where most organizations stall,"
    " and it is why you earn the right to delegate by first making each workflow cheap to trust.",
    "delegate": "At Stage 5 they delegate across multiple workflows through an agent that runs on its own,"
    " outside the editor. That agent can spin up environments, kick off builds, remediate issues, and pull"
    " work from the backlog without a human starting each step.",
    "signals": "The defining requirement is trusted signals. The delegated agent decides how to handle an error"
    " and when to pull in a human, and it makes those calls based on deterministic checks and adversarial"
    " validators that confirm an output is good before any handoff completes.",
    "leverage": "Without those signals, delegation is just unattended risk. With them, it is leverage.",
    "non-negotiable": "This is the jump where developer-level skill becomes non-negotiable in a way it was not"
    " at Stage 3, because when a delegated workflow fails it fails further from a human, and unwinding it"
    " takes someone who can read the whole chain.",
    "dev-5": "The developer becomes an orchestration engineer The Stage 5 developer moves trusted,"
    " well-protected workflows out of the IDE and delegates them to an agent that runs on its own. They"
    " design the trusted signals that decide how errors are handled and when a human is pulled in, along"
    " with the adversarial validators that confirm an output before a handoff completes. They delegate only"
    " what is proven and keep a hand on the rest. The job grows to include cost, model selection, and the"
    " DevOps harness that makes delegation safe rather than merely faster. The signature skills are"
    " delegation and DevOps-harness design, cross-workflow validation, cost and model-selection judgment,"
    " and the engineering depth to unwind a compounded failure by hand when one slips through.",
    "qa-5": "The tester becomes an assurance engineer QA at Stage 5 builds the adversarial agents and"
    " cross-workflow protection gates that validate outputs before any delegated handoff completes. The"
    " tester defines the trusted signals that let a delegated workflow proceed or escalate to a human, and"
    " they keep the rejection logs and branch-detection records that prove the gates actually hold. They"
    " own the assurance that makes delegation safe, since a weak gate at this layer compounds downstream"
    " where it is most expensive to catch. The signature skills are adversarial-agent design,"
    " cross-workflow gate enforcement, test-sufficiency and validation rigor, and system-level debugging."
    " This role depends entirely on developer-level skill and close partnership with the team.",
    "stage-6": "At Stage 6, multiple agents work in parallel on shared infrastructure. The engineer's work"
    " becomes branch isolation, merge strategy, conflict arbitration, recovering from blocked states, and"
    " reading status across many streams rather than watching any single one. The human is now closer to"
    " an operator of a system than an author of code. The skill is keeping many concurrent agents from"
    " colliding, and seeing trouble in the aggregate before it cascades.",
    "hundred": "A concurrency agent at this layer can package a hundred commits into a single pull request. If"
    " a gate two layers down was weak, the coordinated layer multiplies the damage before anyone reads a"
    " line.",
    "carry": "That is why the cost curve and the competency floor are the two things to carry away from this"
    " whole series. The later a mistake is caught, the more it costs, and only engineers who can still read"
    " and debug the code can trace a coordinated failure back to its root.",
    "aspirational": "Stages 7 and 8, supervision and orchestration, are aspirational today. No production-grade"
    " patterns or toolchains support them reliably yet. We name them so the map is complete, and we make"
    " no promises about them.",
    "coding": "Engineering does become more judgment-centric. The ability to read, write, and debug code has"
    " arguably never mattered more. The bulk of hands-on production may shift to agents. The floor of"
    " competency cannot, because it is what lets an engineer catch a wrong output before it compounds"
    " across delegated and parallel work.",
    "rises": "The demand for design, architecture, and judgment rises the whole way. The titles change and the"
    " balance of the day shifts. The competency floor stays exactly where it is.",
    "uneven": "Juniors often gain speed quickly. Seniors gain more slowly at first, because they are rightly"
    " critical of agent output, and their breakthrough comes when their standards are encoded into the"
    " team's agents rather than applied by hand. Roughly sixty percent of people make the metacognitive"
    " shift comfortably. The rest need support, a different role, or time.",
    "hire": "They manage agents and design the systems that produce and verify software, and their edge is"
    " judgment built on a floor of real engineering skill they never stop using. That is the role to hire"
    " for, develop toward, and measure.",
}

# Every stated item of the shipped map: (its sentences, the words it shares with them).
SUPPORT: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # the curve's stages
    "stage:2": (("early", "stage-2"), ("assistant", "better", "process")),
    "stage:3": (
        ("writes-down", "personal", "day-shifts"),
        ("writes down", "personal", "intent", "repeatable"),
    ),
    "stage:4": (("harness", "wall"), ("protection harness", "programmatic", "compound", "punch-out")),
    "stage:5": (("delegate", "signals"), ("outside the editor", "trusted signals", "adversarial validators")),
    "stage:6": (("stage-6",), ("parallel", "infrastructure", "operat", "branch isolation", "merge strategy")),
    "stage:7": (("aspirational",), ("supervision", "aspirational", "toolchains")),
    "stage:8": (("aspirational",), ("orchestration", "aspirational", "toolchains")),
    # the groundwork
    "capability:written-evaluation-rubric": (("rubric",), ("rubric",)),
    "capability:encoded-task-agents": (("writes-down", "personal"), ("opinions", "repeatable task agents")),
    "capability:workflow-protection-gates": (("harness",), ("automated gates",)),
    "capability:non-bypassable-stops": (("wall",), ("punch-out",)),
    "capability:workflow-output-scoring": (("team-event", "foundation"), ("scor", "trust")),
    "capability:one-workflow-at-a-time": (("harness", "foundation"), ("least complex", "trust")),
    "capability:shared-team-workflows": (("team-event",), ("shared", "infrastructure")),
    "capability:deterministic-trusted-signals": (("signals",), ("deterministic",)),
    "capability:adversarial-output-validators": (("signals",), ("adversarial", "confirm", "output")),
    "capability:human-escalation-rules": (("signals",), ("error", "deterministic", "adversarial")),
    "capability:delegation-devops-harness": (("dev-5", "delegate"), ("devops", "environments", "safe")),
    "capability:cost-and-model-policy": (("dev-5",), ("cost", "model", "safe")),
    "capability:gate-rejection-records": (("qa-5",), ("rejection logs", "branch-detection", "hold")),
    "capability:agent-branch-isolation-setup": (("stage-6",), ("isolat", "collid")),
    "capability:parallel-merge-policy": (("stage-6",), ("merge strategy",)),
    "capability:conflict-arbitration-process": (("stage-6",), ("arbitrat",)),
    "capability:blocked-stream-recovery": (("stage-6",), ("blocked",)),
    "capability:cross-stream-status-view": (("stage-6",), ("many streams", "aggregate", "cascade")),
    # the floor, its gate and its skills
    "floor": (("coding",), ("delegated and parallel", "catch")),
    "floor-gate": (("non-negotiable", "delegate"), ("stage 5", "starting each step")),
    "floor-skill:read-code": (("coding",), ("read",)),
    "floor-skill:write-code": (("coding",), ("writ",)),
    "floor-skill:debug-code": (("coding",), ("debug",)),
    # the tracks' stages (the title is part of the text only where it is stated)
    "developer:2": (("stage-2", "early"), ("with an assistant", "better")),
    "developer:3": (
        ("day-shifts", "writes-down", "personal"),
        ("director and reviewer", "intent", "personal"),
    ),
    "developer:4": (("harness", "wall"), ("protection harness", "least complex")),
    "developer:5": (("dev-5", "delegate"), ("orchestration engineer", "outside the editor", "safe")),
    "developer:6": (("stage-6",), ("operator", "collid")),
    "developer:7": (("aspirational",), ("aspirational", "toolchains")),
    "developer:8": (("aspirational",), ("aspirational", "toolchains")),
    "qa:2": (("stage-2", "early"), ("faster", "draft", "process")),
    "qa:3": (("day-shifts", "writes-down", "personal"), ("test designer", "personal", "judging")),
    "qa:4": (("harness", "wall"), ("programmatic", "least complex")),
    "qa:5": (("qa-5",), ("assurance engineer", "adversarial", "with the team")),
    "qa:6": (("stage-6", "hundred"), ("parallel", "coordinated layer multipl")),
    "qa:7": (("aspirational",), ("aspirational", "toolchains")),
    "qa:8": (("aspirational",), ("aspirational", "toolchains")),
    # the developer's skills
    "skill:working-standards-writing": (("writes-down",), ("opinions", "standards")),
    "skill:task-agent-building": (("writes-down",), ("repeatable", "job description")),
    "skill:intent-definition": (("day-shifts",), ("intent",)),
    "skill:agent-output-judgment": (("day-shifts",), ("director", "judg")),
    "skill:evaluation-rubric": (("rubric",), ("rubric", "exit criterion")),
    "skill:protection-harness-design": (("harness",), ("automated gates", "programmatic")),
    "skill:punch-out-points": (("wall",), ("punch-out", "compound")),
    "skill:workflow-offload-sequencing": (("harness",), ("least complex",)),
    "skill:team-workflow-consolidation": (("team-event",), ("early adopter", "shared")),
    "skill:workflow-scoring": (("team-event", "foundation"), ("scor",)),
    "skill:shared-pipeline-partnership": (("team-event",), ("shared infrastructure", "pipelines")),
    "skill:delegation-harness-design": (("dev-5", "delegate"), ("devops", "environments", "backlog")),
    "skill:trusted-signals-and-validators": (
        ("dev-5", "signals"),
        ("trusted signals", "adversarial validators"),
    ),
    "skill:cross-workflow-validation": (("dev-5",), ("cross-workflow",)),
    "skill:cost-and-model-selection": (("dev-5",), ("cost", "model")),
    "skill:compounded-failure-unwinding": (("dev-5", "non-negotiable"), ("unwind", "whole chain", "by hand")),
    "skill:proven-only-delegation": (("dev-5",), ("only", "proven")),
    "skill:agent-branch-isolation": (("stage-6",), ("isolat",)),
    "skill:parallel-merge-strategy": (("stage-6", "hundred"), ("merge strategy", "pull request")),
    "skill:conflict-arbitration": (("stage-6",), ("arbitrat",)),
    "skill:blocked-state-recovery": (("stage-6",), ("blocked",)),
    "skill:aggregate-status-reading": (("stage-6",), ("many streams",)),
    "skill:coordinated-failure-tracing": (("carry",), ("coordinated", "root")),
    # the QA engineer's skills
    "skill:test-approach-writing": (("writes-down",), ("opinions", "standards")),
    "skill:test-agent-building": (("writes-down",), ("repeatable",)),
    "skill:test-intent-design": (("day-shifts",), ("intent",)),
    "skill:generated-test-judgment": (("day-shifts",), ("judg",)),
    "skill:test-quality-rubric": (("rubric",), ("rubric", "exit criterion")),
    "skill:quality-gate-design": (("harness",), ("automated", "harness")),
    "skill:quality-scoring": (("team-event", "foundation"), ("scor",)),
    "skill:non-bypassable-checkpoints": (("wall",), ("punch-out", "compound")),
    "skill:programmatic-check-migration": (("harness",), ("programmatic", "least complex")),
    "skill:shared-test-workflows": (("team-event",), ("early adopter", "shared")),
    "skill:quality-pipeline-partnership": (("team-event",), ("shared infrastructure", "pipelines")),
    "skill:adversarial-agent-design": (("qa-5",), ("adversarial", "handoff")),
    "skill:cross-workflow-gate-enforcement": (("qa-5",), ("cross-workflow", "compounds downstream")),
    "skill:test-sufficiency-rigor": (("qa-5",), ("sufficien", "rigor")),
    "skill:system-level-debugging": (("qa-5",), ("system-level debugging",)),
    "skill:proceed-escalate-signals": (("qa-5",), ("trusted signals", "proceed", "escalate")),
    "skill:gate-evidence-records": (("qa-5",), ("rejection logs", "branch-detection")),
    "skill:isolated-branch-verification": (("stage-6",), ("isolat", "collid")),
    "skill:merge-gate-validation": (("stage-6", "hundred"), ("merge", "pull request")),
    "skill:result-conflict-arbitration": (("stage-6",), ("arbitrat",)),
    "skill:blocked-validation-recovery": (("stage-6",), ("blocked",)),
    "skill:aggregate-quality-signals": (("stage-6",), ("streams", "cascade")),
    "skill:coordinated-defect-tracing": (("carry", "hundred"), ("coordinated", "root")),
    # the facts and the lessons
    "fact:sevenfold-cost": (("sevenfold",), ("seven times",)),
    "fact:build-samples": (("sevenfold",), ("250",)),
    "fact:comfortable-shift-share": (("uneven",), ("metacognitive shift", "role", "time")),
    "fact:industry-at-stage-2": (("industry",), ("stage 2",)),
    "fact:most-teams-stage-3-4": (("most-teams",), ("3 and 4",)),
    "fact:stage-4-destination": (("prize",), ("mature stage 4",)),
    "fact:daily-ai-use": (("daily",), ("technology worker", "accountable")),
    "fact:uneven-climb": (("uneven",), ("juniors", "rightly critical", "by hand")),
    "fact:takes-task-agent": (("durations",), ("task agent",)),
    "fact:takes-full-workflow": (("durations",), ("full workflow",)),
    "fact:takes-autonomous-system": (("durations",), ("autonomous system",)),
    "fact:takes-coordinated-network": (("durations",), ("coordinated network",)),
    "fact:stall-at-4-to-5": (("stall",), ("stage 4", "stage 5", "seven")),
    "fact:individual-then-team": (
        ("individual", "team-event"),
        ("individual", "team event", "infrastructure"),
    ),
    "fact:later-costs-more": (("carry", "hundred"), ("mistake", "coordinated layer")),
    "fact:signals-make-leverage": (("leverage",), ("leverage", "risk")),
    "fact:qa-needs-developer-skill": (("qa-5",), ("developer-level skill", "with the team")),
    "fact:judgment-rises": (("rises",), ("design", "architecture", "competency floor")),
    "fact:earn-the-right-to-delegate": (("stall",), ("cheap to trust", "delegat")),
    "fact:stage-4-is-the-foundation": (("foundation", "skimp"), ("stage 4", "cracks", "at scale")),
    "fact:the-gap-is-the-number": (("gap",), ("equal", "effort")),
    "fact:developer-skill-from-stage-5": (
        ("non-negotiable",),
        ("developer-level skill", "stage 3", "whole chain"),
    ),
    "fact:two-things-to-carry": (("carry",), ("cost curve", "competency floor")),
    "fact:coding-matters-more": (("coding",), ("judgment", "hands-on production")),
    "fact:no-promises-above-6": (("aspirational",), ("map is complete", "promises")),
    "fact:the-role-to-hire-for": (("hire",), ("manage", "hire for", "measure")),
}


def _stated(framework: Framework) -> dict[str, str]:
    """Every item of the map marked `stated`, by key, with the text that states it."""
    curve = framework.curve
    out: dict[str, str] = {}
    for stage in curve.stages:
        if stage.provenance == "stated":
            named = stage.name if (stage.name_provenance or stage.provenance) == "stated" else ""
            out[f"stage:{stage.number}"] = " ".join((named, stage.shift, stage.builds))
        for cap in stage.capabilities:
            if cap.provenance == "stated":
                out[f"capability:{cap.id}"] = f"{cap.name} {cap.description}"
    floor = curve.floor
    if floor.provenance == "stated":
        out["floor"] = f"{floor.name} {floor.summary}"
    if floor.gate_provenance == "stated":
        out["floor-gate"] = floor.summary
    out |= {
        f"floor-skill:{s.id}": f"{s.name} {s.description}" for s in floor.skills if s.provenance == "stated"
    }
    for track in framework.tracks:
        for ts in track.stages:
            if ts.provenance == "stated":
                out[f"{track.id}:{ts.number}"] = ("" if ts.title_inferred else ts.title + " ") + ts.summary
            out |= {
                f"skill:{k.id}": f"{k.name} {k.description}" for k in ts.skills if k.provenance == "stated"
            }
    out |= {f"fact:{f.id}": f"{f.label} {f.text} {f.quote}" for f in curve.facts if f.provenance == "stated"}
    return out


def test_every_stated_item_has_a_sentence_of_the_source_that_says_it(shipped: Framework) -> None:
    stated = _stated(shipped)
    missing = sorted(set(stated) - set(SUPPORT))
    assert not missing, f"stated without a supporting sentence in this test: {missing}"
    # And the list holds nothing the map no longer states: an item made inferred loses its sentence.
    assert not sorted(set(SUPPORT) - set(stated)), sorted(set(SUPPORT) - set(stated))
    for key, (sentences, terms) in SUPPORT.items():
        said = _normal(" ".join(SEED[s] for s in sentences))
        text = _normal(stated[key])
        for term in terms:
            assert term in text, f"{key} does not speak of {term!r}: {stated[key]}"
            assert term in said, f"{key}: its sentences do not speak of {term!r}"


def test_the_supporting_sentences_are_the_sources_own() -> None:
    texts = _normal(" ".join(_source_texts().values()))
    for name, sentence in SEED.items():
        for part in re.split(r"(?<=[.;])\s+", sentence):
            assert _normal(part).rstrip(".;") in texts, f"{name}: {part!r} is not in the source"


def test_what_the_source_does_not_state_is_inferred(shipped: Framework) -> None:
    curve = shipped.curve
    # Stage names of ours (1, 2, 7, 8) and the titles the arc only implies are marked, item by item.
    assert [s.number for s in curve.stages if (s.name_provenance or s.provenance) == "inferred"] == [
        1,
        2,
        7,
        8,
    ]
    for track in shipped.tracks:
        assert [s.number for s in track.stages if s.title_inferred] == [1, 4, 6, 7, 8], track.id
        # Stage 2's skills go beyond the one line the source gives that stage.
        stage_2 = track.stage(2)
        assert stage_2 is not None and {k.provenance for k in stage_2.skills} == {"inferred"}
        # The levels and every rung are ours: the source names skills, never the level each expects.
        assert {k.expected_provenance for _, k in track.skills_through(8)} == {"inferred"}
    # The stage-6 work the source gives to the engineer, not to developers only, is stated on both tracks.
    qa_6 = shipped.track("qa").stage(6)  # type: ignore[union-attr]
    assert qa_6 is not None and {k.provenance for k in qa_6.skills} == {"stated"}
    assert curve.floor.rule_provenance == "inferred" and curve.floor.gate_provenance == "stated"
    assert curve.effort is not None and curve.effort.provenance == "inferred"
    signals = [sig for s in curve.stages for c in s.capabilities for sig in c.signals]
    assert signals and {sig.provenance for sig in signals} == {"inferred"}


# --- 2. a map that rises --------------------------------------------------------------------------------


def test_the_mean_level_asked_rises_at_every_stage_from_3_to_6_on_both_tracks(shipped: Framework) -> None:
    for track in shipped.tracks:
        means = [shipped.mean_level(track, n) for n in range(2, 7)]
        assert all(a < b for a, b in itertools.pairwise(means)), (track.id, means)


def test_skills_enter_at_practising_and_climb(shipped: Framework) -> None:
    for track in shipped.tracks:
        skills = [(n, k) for n, k in track.skills_through(6)]
        entering_at_2 = [k.id for n, k in skills if k.level_at(n) == 2]
        assert len(entering_at_2) > len(skills) / 2, track.id
        # Each stage from 3 on raises some skill of an earlier stage.
        for number in range(3, 7):
            assert any(n < number and k.level_at(number) > k.level_at(number - 1) for n, k in skills), (
                track.id,
                number,
            )


def test_judgment_and_design_of_earlier_stages_reach_leading_by_stage_5_or_6(shipped: Framework) -> None:
    for track in shipped.tracks:
        leading = {k.id: n for n, k in track.skills_through(4) if k.level_at(6) == 4}
        assert {n for n in leading.values()} == {3, 4}, (track.id, leading)
        for n, k in track.skills_through(4):
            if k.id in leading:
                assert k.level_at(n) < 4 and k.level_at(4) < 4, k.id  # reached by stage 5-6, not before


# --- 4. the source's numbers as it gives them -------------------------------------------------------------


def test_the_numbers_read_as_the_source_gives_them(shipped: Framework) -> None:
    facts = {f.id: f for f in shipped.curve.facts}
    assert facts["build-samples"].figure == "More than 250" and facts["build-samples"].value is None
    assert facts["daily-ai-use"].figure == "About a third" and facts["daily-ai-use"].value is None
    share = facts["comfortable-shift-share"]
    assert share.figure.startswith("Roughly") and share.quote == "roughly sixty percent"
    assert "metacognitive shift" in share.text  # the one shift the source names
    # Where a value is ours, it says how it was worked out, and that it is ours or the source's as given.
    for fact in facts.values():
        if fact.value is not None and fact.figure and not fact.figure.startswith("Stage"):
            assert fact.value_note, fact.id
    effort = shipped.curve.effort
    assert effort is not None and effort.samples_per_stage == "more than 250"
    # "The better part of a year" is most of a year, never half of one.
    low, high = effort.reference[6]
    assert 365 / 2 < low <= high <= 366


# --- 5. the lessons ---------------------------------------------------------------------------------------


def test_the_lessons_are_facts_with_provenance_and_address(shipped: Framework) -> None:
    lessons = {f.id: f for f in shipped.curve.facts if f.lesson}
    assert set(lessons) >= {
        "earn-the-right-to-delegate",
        "stage-4-is-the-foundation",
        "the-gap-is-the-number",
        "developer-skill-from-stage-5",
        "two-things-to-carry",
        "coding-matters-more",
        "no-promises-above-6",
        "the-role-to-hire-for",
    }
    for lesson in lessons.values():
        assert lesson.provenance == "stated" and lesson.source.startswith("https://"), lesson.id
    assert [f.id for f in shipped.lessons_for([0])] == ["developer-skill-from-stage-5", "coding-matters-more"]
    assert "stage-4-is-the-foundation" in {f.id for f in shipped.lessons_for([5])}
    assert "stage-4-is-the-foundation" in {f.id for f in shipped.lessons_for([4])}
    assert not shipped.lessons_for([2, 3])
