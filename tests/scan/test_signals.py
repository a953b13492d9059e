"""Signals in the framework: the shipped ones each say where they come from; an organisation's own are
checked when the framework loads (plain globs and text, never regular expressions), each problem naming its
line."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.common.problems import InputError
from planner.framework import Framework
from planner.framework.capabilities import CommitTrailerSignal, FileContainsSignal, FilesSignal
from planner.framework.loading import load_framework
from tests.scan_support import add_signals, add_skill_signals


@pytest.mark.parametrize(
    ("signal", "expected"),
    [
        ("- commit_trailer: '^Co-authored-by: .*bot$'", "looks like a regular expression"),
        (
            "- file_contains: {glob: '*.yml', text: 'merge_(group|queue)\\\\s'}",
            "looks like a regular expression",
        ),
        ("- files: ['!docs/**']", "a leading '!' negates a pattern"),
        ("- files: ['ci/[ab.yml']", "an unclosed '['"),
        ("- branch_prefix: '   '", "expected text, found only white space"),
        ("- branch_prefix: ''", "at least 1 character"),
    ],
)
def test_a_bad_signal_is_refused_naming_its_line(roles_copy: Path, signal: str, expected: str) -> None:
    add_signals(roles_copy, f"          {signal}\n")
    with pytest.raises(InputError) as caught:
        load_framework(roles_copy)
    [problem] = caught.value.problems
    line = next(
        n for n, t in enumerate((roles_copy / "curve.yaml").read_text().splitlines(), 1) if signal in t
    )
    assert str(problem).startswith(f"{roles_copy}/curve.yaml:{line}: stages[3].capabilities[0].signals[0]")
    assert expected in str(problem)


def test_every_shipped_signal_says_where_it_comes_from(shipped: Framework) -> None:
    signals = [s for _, c in shipped.capabilities.values() for s in c.signals]
    kinds = {type(s).__name__ for s in signals}
    assert kinds == {"FilesSignal", "FileContainsSignal", "CommitTrailerSignal", "BranchPrefixSignal"}
    assert all(s.provenance == "inferred" and len(s.source) > 20 for s in signals)
    with_signals = {n for n, c in shipped.capabilities.values() if c.signals}
    assert with_signals == {3, 4, 5, 6}


def test_framework_json_writes_a_signals_provenance_where_the_file_gave_it(shipped: Framework) -> None:
    stage_6 = shipped.as_files()["curve"]["stages"][5]
    branches = next(c for c in stage_6["capabilities"] if c["id"] == "agent-branch-isolation-setup")
    first = branches["signals"][0]
    assert list(first) == ["branch_prefix", "provenance", "source"]
    assert first["branch_prefix"] == "copilot/" and first["provenance"] == "inferred"


# --- a track's skills list signals as capabilities do ---------------------------------------------------


@pytest.mark.parametrize(
    ("signal", "field", "below", "expected"),
    [
        (
            "- commit_message: 'Co-authored-by: Claude'",
            "signals[0]",
            0,
            "expected a mapping with exactly one of",
        ),
        ("- files: [AGENTS.md]\n            branch_prefix: x/", "signals[0]", 0, "exactly one of the keys"),
        (
            "- commit_trailer: 'Assisted-by: .*'",
            "signals[0].commit_trailer",
            0,
            "looks like a regular expression",
        ),
        ("- files: ['../outside/AGENTS.md']", "signals[0].files[0]", 0, "relative to the repository"),
        (
            "- files: [AGENTS.md]\n            provenance: guessed",
            "signals[0].provenance",
            1,
            "'stated' or 'inferred'",
        ),
    ],
)
def test_a_bad_skill_signal_is_refused_naming_its_file_line_and_field(
    roles_copy: Path, signal: str, field: str, below: int, expected: str
) -> None:
    line = add_skill_signals(roles_copy, "intent-definition", f"          {signal}\n") + below
    with pytest.raises(InputError) as caught:
        load_framework(roles_copy)
    [problem] = caught.value.problems
    # intent-definition is the third skill of the developer track's stage 3
    assert str(problem).startswith(f"{roles_copy}/developer.yaml:{line}: stages[2].skills[2].{field}: ")
    assert expected in str(problem)


def test_a_skill_without_signals_has_none_and_one_with_them_is_read(roles_copy: Path) -> None:
    add_skill_signals(
        roles_copy,
        "intent-definition",
        "          - commit_trailer: 'Intent-by:'\n            provenance: stated\n"
        "            source: Our own trailer for a commit whose intent was written first\n",
    )
    framework = load_framework(roles_copy)
    [signal] = framework.skill_signals["intent-definition"]
    assert isinstance(signal, CommitTrailerSignal)
    assert (signal.commit_trailer, signal.provenance) == ("Intent-by:", "stated")
    assert "agent-output-judgment" not in framework.skill_signals  # listed no signals


def test_the_shipped_skill_signals_are_inferred_and_say_where_they_come_from(shipped: Framework) -> None:
    by_skill = shipped.skill_signals
    signals = [s for listed in by_skill.values() for s in listed]
    assert all(s.provenance == "inferred" and len(s.source) > 20 for s in signals)
    # the agent co-author and Assisted-by trailers, the instruction files and the gate workflows a person
    # added, on both tracks
    trailers = {s.commit_trailer for s in by_skill["assisted-coding"] if isinstance(s, CommitTrailerSignal)}
    assert {"Co-authored-by: Claude", "Co-authored-by: Copilot <", "Assisted-by:"} <= trailers
    assert by_skill["assisted-coding"] and by_skill["assisted-test-drafting"]
    for skill in ("working-standards-writing", "test-approach-writing"):
        [files] = by_skill[skill]
        assert isinstance(files, FilesSignal)
        assert {"AGENTS.md", "CLAUDE.md", ".github/copilot-instructions.md"} <= set(files.files)
    for skill in ("protection-harness-design", "quality-gate-design"):
        gate = by_skill[skill][0]
        assert isinstance(gate, FileContainsSignal)
        assert (gate.file_contains.glob, gate.file_contains.text) == (".github/workflows/*", "pull_request")
    # in the order of the framework's skills: the developer track before the QA track, by stage
    order = list(shipped.skill_names)
    assert list(by_skill) == sorted(by_skill, key=order.index)


def test_framework_json_writes_a_skills_signals_as_the_file_gave_them(shipped: Framework) -> None:
    developer = next(t for t in shipped.as_files()["tracks"] if t["id"] == "developer")
    skill = next(k for st in developer["stages"] for k in st["skills"] if k["id"] == "assisted-coding")
    assert skill["signals"][0] == {
        "commit_trailer": "Co-authored-by: Claude",
        "provenance": "inferred",
        "source": skill["signals"][0]["source"],
    }
