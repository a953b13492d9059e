"""Scanning repositories for groundwork: each kind of signal found and not found, on repositories made
here with git; the bounds, each reported when reached; nothing outside a repository read, nothing from it
run; the command line's record of suggestions, in the format of a groundwork record."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from planner.common.problems import InputError
from planner.framework import Framework
from planner.framework.loading import load_framework
from planner.scan.repository import Limits, RepositoryScan, scan_repository, suggestions, trailers
from tests.scan_support import add_signals, commit, git, new_repo, repo_with

ROOT = Path(__file__).resolve().parent.parent.parent
MERGE_QUEUE = "on:\n  pull_request:\n  merge_group:\njobs:\n  test:\n    runs-on: ubuntu-latest\n"
PLAIN_CI = "on:\n  push:\njobs:\n  test:\n    runs-on: ubuntu-latest\n"


def scan(path: Path, framework: Framework, **limits: float) -> RepositoryScan:
    return scan_repository(str(path), framework, Limits(**limits))  # type: ignore[arg-type]


def stagepath(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "planner.cli", *args], capture_output=True, text=True, check=False
    )


# --- each kind of signal, found and not found ------------------------------------------------------------


def test_an_agent_instruction_file_is_found_at_any_depth(tmp_path: Path, shipped: Framework) -> None:
    repo = repo_with(tmp_path / "r", {"services/api/AGENTS.md": "# How we work\n", "README.md": "hi\n"})
    result = scan(repo, shipped)
    assert result.evidence["encoded-task-agents"] == ["file services/api/AGENTS.md"]


def test_no_instruction_file_suggests_nothing_for_it(tmp_path: Path, shipped: Framework) -> None:
    repo = repo_with(
        tmp_path / "r", {"README.md": "AGENTS.md is mentioned here only\n", "docs/agents.txt": "x"}
    )
    assert "encoded-task-agents" not in scan(repo, shipped).evidence


def test_a_merge_queue_trigger_is_found_in_the_workflow_that_has_it(
    tmp_path: Path, shipped: Framework
) -> None:
    repo = repo_with(
        tmp_path / "r", {".github/workflows/ci.yml": MERGE_QUEUE, ".github/workflows/nightly.yml": PLAIN_CI}
    )
    evidence = scan(repo, shipped).evidence
    assert evidence["parallel-merge-policy"] == ['.github/workflows/ci.yml contains "merge_group"']
    assert evidence["workflow-protection-gates"] == ['.github/workflows/ci.yml contains "pull_request"']


def test_a_workflow_without_the_text_is_not_evidence(tmp_path: Path, shipped: Framework) -> None:
    repo = repo_with(
        tmp_path / "r", {".github/workflows/ci.yml": PLAIN_CI, "docs/merge_group.md": "merge_group"}
    )
    evidence = scan(repo, shipped).evidence
    assert "parallel-merge-policy" not in evidence and "workflow-protection-gates" not in evidence


def test_an_agent_co_author_trailer_names_the_commit(tmp_path: Path, shipped: Framework) -> None:
    repo = new_repo(tmp_path / "r")
    commit(repo, {"a.txt": "1"}, "Plain change")
    # git's trailer keys are case-insensitive: Claude Code writes Co-Authored-By
    with_agent = commit(
        repo, {"a.txt": "2"}, "Fix the parser\n\nBody.\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n"
    )
    [evidence] = scan(repo, shipped).evidence["encoded-task-agents"]
    assert evidence == f"commit {with_agent[:12]} (Co-Authored-By: Claude <noreply@anthropic.com>)"


def test_a_trailer_in_the_subject_or_the_body_is_not_a_trailer(tmp_path: Path, shipped: Framework) -> None:
    repo = new_repo(tmp_path / "r")
    commit(repo, message="Co-authored-by: Claude <noreply@anthropic.com>")
    commit(repo, message="Docs\n\nCo-authored-by: Claude is how we mark it.\n\nSigned-off-by: Ada <a@x>")
    assert "encoded-task-agents" not in scan(repo, shipped).evidence
    assert trailers("Docs\r\n\r\nBody\n\nSigned-off-by: Ada <a@x>\r\nCo-authored-by:  Bo  <b@x>") == [
        "Signed-off-by: Ada <a@x>",
        "Co-authored-by: Bo <b@x>",
    ]


def test_agent_branches_are_found_local_and_remote(tmp_path: Path, shipped: Framework) -> None:
    origin = new_repo(tmp_path / "origin")
    commit(origin, {"a.txt": "1"})
    git(origin, "branch", "codex/add-export")
    git(origin, "branch", "feature/copilot-notes")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(origin), str(clone))
    git(clone, "branch", "copilot/fix-login")
    result = scan(clone, shipped)
    assert result.evidence["agent-branch-isolation-setup"] == [
        "branch copilot/fix-login",
        "branch codex/add-export",  # origin/codex/add-export, named without its remote
    ]


def test_a_branch_that_only_mentions_an_agent_is_not_evidence(tmp_path: Path, shipped: Framework) -> None:
    repo = new_repo(tmp_path / "r")
    commit(repo, {"a.txt": "1"})
    git(repo, "branch", "feature/copilot-notes")
    git(repo, "branch", "Claude/upper-case")  # branch names are case-sensitive
    assert "agent-branch-isolation-setup" not in scan(repo, shipped).evidence


def test_a_bare_repository_is_read_like_its_checkout(tmp_path: Path, shipped: Framework) -> None:
    repo = repo_with(tmp_path / "r", {"AGENTS.md": "x", ".github/workflows/ci.yml": MERGE_QUEUE})
    git(tmp_path, "clone", "-q", "--bare", str(repo), str(tmp_path / "bare.git"))
    assert scan(tmp_path / "bare.git", shipped).evidence == scan(repo, shipped).evidence


def test_an_empty_repository_suggests_nothing(tmp_path: Path, shipped: Framework) -> None:
    repo = new_repo(tmp_path / "empty")
    result = scan(repo, shipped)
    assert (result.evidence, result.entries, result.commits, result.notes) == ({}, 0, 0, [])
    record = suggestions(shipped, [result], "Payments", dt.date(2026, 12, 1))
    assert record.capabilities == {}


# --- an organisation's own signals -------------------------------------------------------------------


def test_an_organisations_own_signal_is_scanned(tmp_path: Path, roles_copy: Path) -> None:
    add_signals(
        roles_copy,
        "          - file_contains: {glob: 'deploy/*.toml', text: 'require_approval = true'}\n"
        "            provenance: stated\n"
        "            source: Our platform team's deploy gate\n",
    )
    framework = load_framework(roles_copy)
    repo = repo_with(tmp_path / "r", {"deploy/prod.toml": "require_approval = true\n"})
    assert scan(repo, framework).evidence["workflow-protection-gates"] == [
        'deploy/prod.toml contains "require_approval = true"'
    ]


# --- safe: nothing outside read, nothing inside run ---------------------------------------------------


def test_a_symlink_to_a_file_outside_is_not_read(tmp_path: Path, shipped: Framework) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "AGENTS.md").write_text("# secrets of another project\n")
    (outside / "ci.yml").write_text(MERGE_QUEUE)
    repo = new_repo(tmp_path / "r")
    (repo / ".github" / "workflows").mkdir(parents=True)
    (repo / "AGENTS.md").symlink_to(outside / "AGENTS.md")
    (repo / ".github" / "workflows" / "ci.yml").symlink_to("../../../outside/ci.yml")
    commit(repo)
    result = scan(repo, shipped)
    assert "encoded-task-agents" not in result.evidence
    assert (
        "parallel-merge-policy" not in result.evidence and "workflow-protection-gates" not in result.evidence
    )
    assert result.files_read == 0
    assert any(n.startswith("AGENTS.md: a symbolic link that leads outside") for n in result.notes)
    assert any(n.startswith(".github/workflows/ci.yml: a symbolic link") for n in result.notes)


def test_a_symlink_inside_the_repository_is_followed(tmp_path: Path, shipped: Framework) -> None:
    repo = new_repo(tmp_path / "r")
    (repo / "ci").mkdir()
    (repo / "ci" / "main.yml").write_text(MERGE_QUEUE)
    (repo / ".github" / "workflows").mkdir(parents=True)
    (repo / ".github" / "workflows" / "ci.yml").symlink_to("../../ci/main.yml")
    commit(repo)
    result = scan(repo, shipped)
    assert result.evidence["parallel-merge-policy"] == ['.github/workflows/ci.yml contains "merge_group"']
    assert result.notes == []


def test_nothing_the_repository_configures_is_run(tmp_path: Path, shipped: Framework) -> None:
    marker = tmp_path / "ran"
    script = tmp_path / "evil.sh"
    script.write_text(f"#!/bin/sh\ntouch {marker}\ncat\n")
    script.chmod(0o755)
    repo = repo_with(tmp_path / "r", {"AGENTS.md": "x", ".gitattributes": "*.md filter=evil diff=evil\n"})
    hook = repo / ".git" / "hooks" / "post-checkout"
    hook.write_text(script.read_text())
    hook.chmod(0o755)
    for key, value in [
        ("core.fsmonitor", str(script)),
        ("filter.evil.smudge", str(script)),
        ("filter.evil.clean", str(script)),
        ("diff.evil.textconv", str(script)),
        ("core.hooksPath", str(repo / ".git" / "hooks")),
        ("gpg.program", str(script)),
        ("log.showSignature", "true"),
    ]:
        git(repo, "config", key, value)
    result = scan(repo, shipped)
    assert result.evidence["encoded-task-agents"] == ["file AGENTS.md"]
    assert not marker.exists()


def test_a_huge_file_and_a_binary_file_are_skipped(tmp_path: Path, shipped: Framework) -> None:
    huge = MERGE_QUEUE + "# padding\n" * 3000
    binary = b"\x00\x01merge_group\x00" * 10
    repo = repo_with(
        tmp_path / "r", {".github/workflows/big.yml": huge, ".github/workflows/blob.yml": binary}
    )
    result = scan(repo, shipped, file_bytes=16_000)
    assert "parallel-merge-policy" not in result.evidence
    assert f".github/workflows/big.yml: {len(huge):,} bytes, over the file size limit of 16,000; skipped" in (
        result.notes
    )
    assert ".github/workflows/blob.yml: a binary file; skipped" in result.notes
    # the same huge file within a larger bound is read
    assert "parallel-merge-policy" in scan(repo, shipped, file_bytes=len(huge)).evidence


def test_a_history_longer_than_the_limit_stops_there_and_says_so(tmp_path: Path, shipped: Framework) -> None:
    repo = new_repo(tmp_path / "r")
    commit(repo, message="First\n\nCo-authored-by: Cursor <cursoragent@cursor.com>")
    for i in range(12):
        commit(repo, {"n.txt": str(i)}, f"Change {i}")
    short = scan(repo, shipped, commits=10)
    assert short.commits == 10
    assert "history is longer than the commit limit of 10; stopped after the newest 10" in short.notes
    assert "encoded-task-agents" not in short.evidence  # the trailer is in the 13th commit back
    whole = scan(repo, shipped, commits=13)
    assert whole.commits == 13 and whole.notes == [] and "encoded-task-agents" in whole.evidence


def test_the_file_bounds_are_reported_when_reached(tmp_path: Path, shipped: Framework) -> None:
    files = {f".github/workflows/w{i}.yml": PLAIN_CI for i in range(5)} | {"AGENTS.md": "x"}
    repo = repo_with(tmp_path / "r", files)
    read_two = scan(repo, shipped, files_read=2)
    assert read_two.files_read == 2
    assert "file read limit of 2 reached; later files were not searched" in read_two.notes
    listed_three = scan(repo, shipped, entries=3)
    assert listed_three.entries == 3
    assert "entry limit of 3 reached; files beyond it were not considered" in listed_three.notes


def test_the_time_bound_stops_the_scan_and_says_where(tmp_path: Path, shipped: Framework) -> None:
    repo = repo_with(tmp_path / "r", {f"f{i}.txt": "x" for i in range(5)})
    ticks = itertools.count(0.0, 1.0)  # every look at the clock is a second later
    result = scan_repository(str(repo), shipped, Limits(seconds=2.5), clock=lambda: next(ticks))
    assert result.notes == ["time limit of 2.5 s reached while listing the files; the rest was not read"]
    assert result.entries == 2 and result.commits == 0


def test_a_path_that_is_not_a_repository_is_named(tmp_path: Path, shipped: Framework) -> None:
    (tmp_path / "plain").mkdir()
    (tmp_path / "file.txt").write_text("x")
    cases = {
        tmp_path / "plain": "not a git repository",
        tmp_path / "file.txt": "not a directory; expected a git repository",
        tmp_path / "missing": "no such file or directory",
    }
    for path, message in cases.items():
        with pytest.raises(InputError) as caught:
            scan(path, shipped)
        assert str(caught.value).startswith(f"{path}: {message}")


def test_a_damaged_repository_is_named(tmp_path: Path, shipped: Framework) -> None:
    repo = repo_with(tmp_path / "r", {"AGENTS.md": "x"})
    for obj in (repo / ".git" / "objects").glob("??/*"):
        obj.write_bytes(b"not an object")
    with pytest.raises(InputError) as caught:
        scan(repo, shipped)
    assert str(caught.value).startswith(f"{repo}: cannot be read as a git repository")


# --- the command line ----------------------------------------------------------------------------------


def test_scan_prints_a_record_of_suggestions_that_loads(tmp_path: Path, shipped: Framework) -> None:
    repo = new_repo(tmp_path / "payments")
    commit(repo, {"AGENTS.md": "x", ".github/workflows/ci.yml": MERGE_QUEUE}, "Start")
    git(repo, "branch", "claude/issue-12")
    done = stagepath("scan", str(repo), "--team", "Payments")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("# Suggested by stagepath scan: nothing here is in place until")
    record = yaml.safe_load(done.stdout)
    assert (record["stagepath"], record["kind"], record["team"]) == (1, "groundwork", "Payments")
    assert record["assessed_on"] == dt.date.today().isoformat()
    assert set(record["capabilities"]) == {
        "encoded-task-agents",
        "workflow-protection-gates",
        "parallel-merge-policy",
        "agent-branch-isolation-setup",
    }
    for state in record["capabilities"].values():
        assert state["suggested"] is True and state["in_place"] is False
    assert (
        record["capabilities"]["agent-branch-isolation-setup"]["evidence"]
        == "payments: branch claude/issue-12"
    )
    # The summary once, in the record's comments, with its plurals right ("1 commit").
    summary = "payments: 2 files listed, 1 read, 1 commit, 2 branches; suggestions: 4"
    assert done.stdout.count(summary) == 1 and summary not in done.stderr
    as_json = stagepath("scan", str(repo), "--team", "Payments", "--format", "json")
    assert as_json.stderr.count(summary) == 1 and summary not in as_json.stdout


def test_scan_json_names_a_bad_path_and_still_scans_the_next(tmp_path: Path, shipped: Framework) -> None:
    (tmp_path / "notes").mkdir()
    good = repo_with(tmp_path / "good", {"CLAUDE.md": "x"})
    done = stagepath("scan", str(tmp_path / "notes"), str(good), "--format", "json")
    assert done.returncode == 1
    assert f"{tmp_path / 'notes'}: not a git repository" in done.stderr
    document = json.loads(done.stdout)
    assert document["team"] == "good"  # the first repository scanned names the team when --team is not given
    assert document["capabilities"]["encoded-task-agents"] == {
        "in_place": False,
        "evidence": "good: file CLAUDE.md",
        "suggested": True,
    }


def test_scan_of_only_bad_paths_prints_no_record(tmp_path: Path) -> None:
    done = stagepath("scan", str(tmp_path / "missing"))
    assert done.returncode == 1 and done.stdout == ""
    assert (
        done.stderr.strip() == f"{tmp_path / 'missing'}: no such file or directory; expected a git repository"
    )


def test_evidence_from_two_repositories_names_each(tmp_path: Path) -> None:
    one = repo_with(tmp_path / "web", {"AGENTS.md": "x"})
    two = repo_with(tmp_path / "api", {".cursor/rules/style.mdc": "x"})
    done = stagepath("scan", str(one), str(two), "--team", "Shop", "--format", "json")
    evidence = json.loads(done.stdout)["capabilities"]["encoded-task-agents"]["evidence"]
    assert evidence == "web: file AGENTS.md | api: file .cursor/rules/style.mdc"


def test_scan_limits_come_from_the_command_line(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "r")
    for i in range(4):
        commit(repo, {"n.txt": str(i)}, f"Change {i}")
    done = stagepath("scan", str(repo), "--max-commits", "2")
    assert done.returncode == 0
    assert "# r: history is longer than the commit limit of 2; stopped after the newest 2" in done.stdout
    assert "r: history is longer than the commit limit of 2" not in done.stderr  # said once, in the record
    assert yaml.safe_load(done.stdout)["capabilities"] == {}


def test_the_command_lines_bounds_are_the_scanners_own() -> None:
    from planner.cli.parser import build_parser

    args = build_parser().parse_args(["scan", "somewhere"])
    chosen = (args.max_files, args.max_files_read, args.max_file_bytes, args.max_commits, args.max_seconds)
    default = Limits()
    assert chosen == (
        default.entries,
        default.files_read,
        default.file_bytes,
        default.commits,
        default.seconds,
    )


# --- a real case: this project's own repository ----------------------------------------------------------


def test_the_projects_own_repository(shipped: Framework) -> None:
    if not (ROOT / ".git").exists():
        pytest.skip(f"{ROOT} is not a git checkout (an installed copy); the scan needs its history")
    result = scan_repository(str(ROOT), shipped)
    tracked = git(ROOT, "ls-tree", "-r", "--name-only", "HEAD").splitlines()
    reachable = int(git(ROOT, "rev-list", "--count", "HEAD", "--branches", "--remotes").strip())
    assert result.entries == len(tracked) and result.commits == reachable and result.notes == []
    # the checks this project runs are configured in pyproject.toml
    assert result.evidence["deterministic-trusted-signals"] == [
        'pyproject.toml contains "[tool.mypy]"',
        'pyproject.toml contains "[tool.ruff"',
        'pyproject.toml contains "[tool.pytest"',
    ]
    # it keeps no agent instruction files and no merge queue
    assert "encoded-task-agents" not in result.evidence and "parallel-merge-policy" not in result.evidence
