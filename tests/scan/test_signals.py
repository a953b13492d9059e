"""Signals in the framework: the shipped ones each say where they come from; an organisation's own are
checked when the framework loads (plain globs and text, never regular expressions), each problem naming its
line."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.common.problems import InputError
from planner.framework import Framework
from planner.framework.loading import load_framework
from tests.scan_support import add_signals


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
