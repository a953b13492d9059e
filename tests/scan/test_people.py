"""What a repository's history says of each person: the skills' signals credited to commit authors by
e-mail (a trailer to the author of its commit, a file to the author of the commit that first added it, a
branch to the author of its newest commit), exactly, on repositories made here with git; within the scan's
bounds; and never a rating."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from planner.framework import Framework
from planner.framework.loading import load_framework
from planner.scan.repository import Limits, RepositoryScan, scan_repository
from tests.scan_support import ADA, BO, CY, add_skill_signals, by, commit_as, git, new_repo, team_history

ROOT = Path(__file__).resolve().parent.parent.parent


def stagepath(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "planner.cli", *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )


def person(author: str, *signals: tuple[str, str]) -> dict[str, Any]:
    """One person of a scan's JSON `people`."""
    return {"author": author, "signals": [{"skill": k, "evidence": e} for k, e in signals]}


def test_scan_reports_each_persons_signals_exactly(tmp_path: Path) -> None:
    ids = team_history(tmp_path / "shop")
    done = stagepath("scan", str(tmp_path / "shop"), "--team", "Shop", "--format", "json")
    assert done.returncode == 0, done.stderr
    ada_trailer = f"shop: commit {ids['ada2']} (Assisted-by: Copilot:gpt-5)"
    agents = f"shop: file AGENTS.md (added in commit {ids['ada1']})"
    bo_trailers = (
        f"shop: commit {ids['bo1']} (Co-Authored-By: Claude <noreply@anthropic.com>); "
        f"commit {ids['bo2']} (Co-authored-by: Cursor <cursoragent@cursor.com>)"
    )
    gate = f'shop: .github/workflows/ci.yml contains "pull_request" (added in commit {ids["bo1"]})'
    command = f"shop: file .claude/commands/review.md (added in commit {ids['cy2']})"
    # Authors by e-mail, in order; each one's skills in the framework's order (the developer track's, then
    # the QA track's: the scan does not know who is on which track).
    assert json.loads(done.stdout)["people"] == [
        person(
            "ada@example.com",
            ("assisted-coding", ada_trailer),
            ("working-standards-writing", agents),
            ("assisted-test-drafting", ada_trailer),
            ("test-approach-writing", agents),
        ),
        person(
            "bo@example.com",
            ("assisted-coding", bo_trailers),
            ("protection-harness-design", gate),
            ("assisted-test-drafting", bo_trailers),
            ("quality-gate-design", gate),
        ),
        person("cy@example.com", ("task-agent-building", command), ("test-agent-building", command)),
    ]
    assert (
        "shop: 5 files listed, 1 read, 6 commits, 1 branch; suggestions: 2; 3 people with signals for skills"
        in done.stderr
    )


def test_the_yaml_record_has_a_section_per_person_and_loads_with_it(
    tmp_path: Path, shipped: Framework
) -> None:
    from planner.formats.groundwork import load_groundwork

    ids = team_history(tmp_path / "shop")
    done = stagepath("scan", str(tmp_path / "shop"), "--team", "Shop")
    assert done.returncode == 0, done.stderr
    assert "\npeople:\n- author: ada@example.com\n  signals:\n  - skill: assisted-coding\n" in done.stdout
    record = load_groundwork("shop.yaml", done.stdout.encode(), shipped)
    assert [p.author for p in record.people] == ["ada@example.com", "bo@example.com", "cy@example.com"]
    assert record.people[2].signals[0].evidence.endswith(f"(added in commit {ids['cy2']})")


def test_a_file_is_credited_to_who_first_added_it_not_to_who_merged_or_re_added_it(
    tmp_path: Path, shipped: Framework
) -> None:
    repo = new_repo(tmp_path / "r")
    commit_as(repo, ADA, {"README.md": "hi\n"}, "Start")
    git(repo, "checkout", "-q", "-b", "owners")
    first = commit_as(repo, BO, {"CODEOWNERS": "* @bo\n"}, "Owners")
    git(repo, "checkout", "-q", "main")
    commit_as(repo, ADA, {"a.txt": "1\n"}, "Meanwhile")
    git(repo, "merge", "-q", "--no-ff", "-m", "Merge owners", "owners", env=ADA)  # Ada merges Bo's file
    (repo / "CODEOWNERS").unlink()
    commit_as(repo, CY, message="Drop owners")
    commit_as(repo, CY, {"CODEOWNERS": "* @cy\n"}, "Owners again")  # Cy adds it back
    people = scan(repo, shipped).people
    assert people == {
        "bo@example.com": {
            "punch-out-points": [f"file CODEOWNERS (added in commit {first[:12]})"],
            "non-bypassable-checkpoints": [f"file CODEOWNERS (added in commit {first[:12]})"],
        }
    }


def scan(path: Path, framework: Framework, **limits: float) -> RepositoryScan:
    return scan_repository(str(path), framework, Limits(**limits))  # type: ignore[arg-type]


def test_a_branch_is_credited_to_the_author_of_its_newest_commit(tmp_path: Path, roles_copy: Path) -> None:
    add_skill_signals(
        roles_copy,
        "agent-branch-isolation",
        "          - branch_prefix: agents/\n            source: Our naming rule for agents' branches\n",
    )
    framework = load_framework(roles_copy)
    repo = new_repo(tmp_path / "r")
    commit_as(repo, ADA, {"a.txt": "1\n"}, "Start")
    git(repo, "checkout", "-q", "-b", "agents/fix-login")
    tip = commit_as(repo, BO, {"a.txt": "2\n"}, "Fix login")
    git(repo, "checkout", "-q", "main")
    git(repo, "branch", "people/ada")
    assert scan(repo, framework).people == {
        "bo@example.com": {"agent-branch-isolation": [f"branch agents/fix-login (newest commit {tip[:12]})"]}
    }


def test_history_past_the_commit_limit_credits_nobody_and_says_so(tmp_path: Path, shipped: Framework) -> None:
    repo = new_repo(tmp_path / "r")
    commit_as(repo, ADA, {"CLAUDE.md": "x\n"}, "Start\n\nCo-authored-by: Claude <noreply@anthropic.com>")
    for i in range(3):
        commit_as(repo, BO, {"n.txt": str(i)}, f"Change {i}")
    short = scan(repo, shipped, commits=3)
    assert short.people == {}  # Ada's commit, her trailer and her file, is the fourth back
    assert "history is longer than the commit limit of 3; stopped after the newest 3" in short.notes
    whole = scan(repo, shipped, commits=4)
    assert list(whole.people) == ["ada@example.com"]
    assert whole.notes == []


def test_a_shallow_clone_credits_no_one_with_what_its_oldest_commit_holds(
    tmp_path: Path, shipped: Framework
) -> None:
    origin = new_repo(tmp_path / "origin")
    commit_as(origin, ADA, {"AGENTS.md": "x\n"}, "Start")
    commit_as(origin, BO, {"CLAUDE.md": "y\n"}, "Claude notes")
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{origin}", str(shallow))
    result = scan(shallow, shipped)
    assert result.people == {}  # the one commit there looks as if it added both files; it did not
    assert "a shallow clone: a file already in its oldest commits is credited to nobody" in result.notes
    assert set(scan(origin, shipped).people) == {"ada@example.com", "bo@example.com"}


def test_the_time_bound_covers_the_work_for_people(tmp_path: Path, shipped: Framework) -> None:
    repo = new_repo(tmp_path / "r")
    commit_as(repo, ADA, {"AGENTS.md": "x\n"}, "Start\n\nAssisted-by: Claude:opus")
    ticks = iter(float(n) for n in range(1000))
    result = scan_repository(str(repo), shipped, Limits(seconds=3.5), clock=lambda: next(ticks))
    assert result.people == {} and result.commits == 0
    assert result.notes == ["time limit of 3.5 s reached while matching files; the rest was not read"]


def _keys(node: Any) -> set[str]:
    if isinstance(node, dict):
        return set(node) | {k for v in node.values() for k in _keys(v)}
    if isinstance(node, list):
        return {k for v in node for k in _keys(v)}
    return set()


def test_a_scan_sets_no_rating(tmp_path: Path) -> None:
    database = tmp_path / "ratings.db"
    env = {"STAGEPATH_DATABASE_URL": f"sqlite:///{database}"}
    stored = stagepath("import", str(ROOT / "examples" / "developer-2026-09.yaml"), env=env)
    assert stored.returncode == 0, stored.stderr
    before = stagepath("export", "--format", "json", env=env)
    digest = hashlib.sha256(database.read_bytes()).hexdigest()
    repo = tmp_path / "shop"
    team_history(repo)
    # Sam's address on a commit that an agent co-wrote, on a repository full of signals
    commit_as(repo, by("Sam Example", "sam@example.com"), {"b.txt": "1"}, "B\n\nCo-authored-by: Claude <c@x>")
    done = stagepath("scan", str(repo), "--format", "json", env=env)
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert "sam@example.com" in [p["author"] for p in document["people"]]
    assert not _keys(document) & {"ratings", "level", "rater", "track"}  # suggestions, never ratings
    # the database, and every rating in it, as it was
    assert hashlib.sha256(database.read_bytes()).hexdigest() == digest
    assert stagepath("export", "--format", "json", env=env).stdout == before.stdout


# --- the people of a record, as read --------------------------------------------------------------------

RECORD = """stagepath: 1
kind: groundwork
team: Shop
capabilities: {}
people:
  - author: ada@example.com
    signals:
      - {skill: assisted-coding, evidence: "shop: commit 1a2b3c4d5e6f (Assisted-by: Claude)"}
"""


def test_a_records_people_are_checked_each_problem_naming_its_line(shipped: Framework) -> None:
    from planner.common.problems import InputError
    from planner.formats.groundwork import load_groundwork

    bad = RECORD + (
        "      - {skill: assisted-codng, evidence: x}\n"
        "      - {skill: encoded-task-agents, evidence: x}\n"
        "  - author: ADA@example.com\n"
        "    signals: [{skill: intent-definition, evidence: y}]\n"
    )
    with pytest.raises(InputError) as caught:
        load_groundwork("scan.yaml", bad.encode(), shipped)
    assert [str(p) for p in caught.value.problems] == [
        "scan.yaml:9: people[0].signals[1].skill: unknown skill id 'assisted-codng' (did you mean "
        "'assisted-coding'?)",
        "scan.yaml:10: people[0].signals[2].skill: unknown skill id 'encoded-task-agents' (it is a capability, "
        "the team's groundwork, not a person's skill)",
        "scan.yaml:11: people[1].author: 'ADA@example.com' is listed twice (first at people[0])",
    ]
    with pytest.raises(InputError) as caught:
        load_groundwork("scan.yaml", RECORD.replace(", evidence: ", ", proof: ").encode(), shipped)
    assert [str(p) for p in caught.value.problems] == [
        "scan.yaml:8: people[0].signals[0].evidence: is missing (required)",
        "scan.yaml:8: people[0].signals[0].proof: is not a known field; expected one of skill, evidence",
    ]


def test_the_teams_record_as_stored_leaves_the_people_out(tmp_path: Path, shipped: Framework) -> None:
    from planner.formats.groundwork import groundwork_document, load_groundwork

    record = load_groundwork("scan.yaml", RECORD.encode(), shipped)
    assert "people" not in groundwork_document(record)
    assert groundwork_document(record, people=True)["people"] == [
        {
            "author": "ada@example.com",
            "signals": [
                {"skill": "assisted-coding", "evidence": "shop: commit 1a2b3c4d5e6f (Assisted-by: Claude)"}
            ],
        }
    ]
    (tmp_path / "scan.yaml").write_text(RECORD)
    env = {"STAGEPATH_DATABASE_URL": f"sqlite:///{tmp_path / 'team.db'}"}
    done = stagepath("import", str(tmp_path / "scan.yaml"), env=env)
    assert done.stdout == (
        f"{tmp_path / 'scan.yaml'}: stored the groundwork of team 'Shop'; not stored: the scan's suggestions "
        "for 1 person\n"
    )
    [stored] = json.loads(stagepath("export", "--groundwork", "--format", "json", env=env).stdout)
    assert (stored["team"], "people" in stored) == ("Shop", False)
