"""A scan's record on the Team page, end to end: a repository made with git, scanned by `stagepath scan` as a
manager would on their machine, its output loaded in the Groundwork section, each suggestion shown with the
file, commit or branch it came from, and one of them confirmed in a click."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app_support import named_by, plain_text, shown_text
from tests.scan_support import commit, git, new_repo
from tests.team_support import ok, use_database, with_sample

WORKFLOW = "on:\n  pull_request:\n  merge_group:\njobs:\n  test:\n    runs-on: ubuntu-latest\n"


@pytest.fixture(autouse=True)
def database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    return use_database(monkeypatch, tmp_path)


def scanned(tmp_path: Path) -> bytes:
    """The YAML `stagepath scan` prints for a repository with an instruction file, a gated workflow with a
    merge queue, an agent's commit and an agent's branch."""
    repo = new_repo(tmp_path / "payments")
    commit(repo, {"AGENTS.md": "# How we work\n", ".github/workflows/ci.yml": WORKFLOW}, "Start")
    commit(repo, {"a.txt": "1"}, "Fix rounding\n\nCo-Authored-By: Claude <noreply@anthropic.com>")
    git(repo, "branch", "copilot/fix-rounding")
    done = subprocess.run(
        [sys.executable, "-m", "planner.cli", "scan", str(repo), "--team", "Payments"],
        capture_output=True,
        check=True,
    )
    return done.stdout


def loaded(tmp_path: Path) -> AppTest:
    """The sample team's page with the scan's record loaded in the Groundwork section."""
    at = with_sample()
    at.file_uploader(key="team.gw.upload").set_value(
        [("payments.yaml", scanned(tmp_path), "text/yaml")]
    ).run()
    return ok(at)


def test_a_scans_record_loads_with_its_evidence_and_a_suggestion_is_confirmed(tmp_path: Path) -> None:
    at = loaded(tmp_path)
    words = "Loaded the groundwork of the team named below, with 4 suggestions from a scan to confirm."
    assert named_by(at, words) == "Payments"
    for evidence in [
        "payments: file AGENTS.md; commit ",
        'payments: .github/workflows/ci.yml contains "pull_request"',
        'payments: .github/workflows/ci.yml contains "merge_group"',
        "payments: branch copilot/fix-rounding",
    ]:
        assert any(t.startswith(f"Found in {evidence}") for t in plain_text(at))  # as the scan wrote it
    # a suggestion is not in place until it is confirmed
    assert at.checkbox(key="team.gw.in.encoded-task-agents").value is False
    at.button(key="team.gw.confirm.encoded-task-agents").click().run()
    ok(at)
    assert at.checkbox(key="team.gw.in.encoded-task-agents").value is True
    assert at.text_input(key="team.gw.note.encoded-task-agents").value.startswith("payments: file AGENTS.md")
    assert not [b for b in at.button if b.key == "team.gw.confirm.encoded-task-agents"]
    # the others are still suggestions
    assert at.checkbox(key="team.gw.in.parallel-merge-policy").value is False
    assert any(b.key == "team.gw.confirm.parallel-merge-policy" for b in at.button)


def test_a_scans_people_show_a_section_each(tmp_path: Path) -> None:
    at = loaded(tmp_path)
    text = shown_text(at)
    [label] = [e.label for e in at.expander if e.label.startswith("Evidence for people")]
    assert label == "Evidence for people from the scan: 1 person"
    assert "ada@example.com" in plain_text(at)  # the commit author, as plain text
    agent = git(tmp_path / "payments", "log", "-1", "--format=%h", "--abbrev=12").strip()
    added = git(tmp_path / "payments", "rev-list", "--max-parents=0", "HEAD").strip()[:12]
    # the skills in the framework's order, each named, with the commits and paths the scan credited
    shown = [line for t in plain_text(at) for line in t.splitlines() if line.startswith("• ")]
    assert shown[:3] == [
        f"• Coding with an assistant: payments: commit {agent} (Co-Authored-By: Claude <noreply@anthropic.com>)",
        f"• Writing down how you work: payments: file AGENTS.md (added in commit {added})",
        f'• Protection harness design: payments: .github/workflows/ci.yml contains "pull_request" (added in commit {added})',
    ]
    assert "nothing here sets a rating, and they are not saved with the team's groundwork" in text
