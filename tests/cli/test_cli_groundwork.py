"""`stagepath team --groundwork FILE`, run as a real process on the sample team and its sample record: the
operating stage, what blocks the next stage and the capabilities to build, in JSON, CSV and Markdown; bad
records refused with file and line."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from planner.framework.loading import load_framework
from tests.cli.test_cli import no_traceback, run

ROOT = Path(__file__).resolve().parent.parent.parent
ROSTER = str(ROOT / "examples" / "team-roster.csv")
SAMPLE = ROOT / "examples" / "groundwork-sample.yaml"
_EFFORT = load_framework().curve.effort
UNIT = _EFFORT.unit if _EFFORT else ""


def team(*args: str) -> dict[str, object]:
    result = run("team", ROSTER, "--target", "4", *args, "--format", "json")
    assert result.returncode == 0, result.stderr
    report: dict[str, object] = json.loads(result.stdout)
    return report


def test_the_sample_team_with_its_groundwork_in_json() -> None:
    report = team("--groundwork", str(SAMPLE))
    assert (report["people_stage"], report["capability_stage"], report["operating_stage"]) == (3, 3, 3)
    assert report["warnings"] == []
    blocked = report["blocked_by"]
    assert isinstance(blocked, dict) and blocked["stage"] == 4
    # exactly the three stage-4 capabilities the sample record does not have in place
    assert [c["capability"] for c in blocked["capabilities"]] == [
        "non-bypassable-stops",
        "workflow-output-scoring",
        "shared-team-workflows",
    ]
    assert {c["verdict"] for c in blocked["capabilities"]} == {"build"}
    assert blocked["capabilities"][1]["suggested"] is True
    assert blocked["capabilities"][1]["evidence"] == "ci/score-agent-output.yml"
    # the skills no one holds at stage 4 block it; a thin one (held by one person) does not
    coverage = {c["skill"]: c for c in report["coverage"] if c["track"] == "qa"}  # type: ignore[union-attr]
    # Stage 4 raises judging when to use an assistant (both tracks' stage-2 skill) to 3, which nobody
    # holds yet, and asks QA for checkpoints the AI cannot bypass, which nobody holds: within reach of some.
    assert {(s["track"], s["skill"]) for s in blocked["skills"]} == {
        ("developer", "assistant-use-judgment"),
        ("qa", "assistant-fit-for-testing"),
        ("qa", "non-bypassable-checkpoints"),
    }
    assert all(not s["held"] and s["verdict"] in {"develop", "hire"} for s in blocked["skills"])
    thin = [c for c in report["coverage"] if c["verdict"] == "thin"]  # type: ignore[union-attr]
    assert thin and not {(c["track"], c["skill"]) for c in thin} & {
        (s["track"], s["skill"]) for s in blocked["skills"]
    }
    assert coverage["non-bypassable-checkpoints"]["held"] is False
    assert coverage["quality-pipeline-partnership"]["verdict"] == "thin"
    assert [(b["capability"], b["effort"]) for b in report["build"]] == [  # type: ignore[union-attr]
        ("non-bypassable-stops", [20, 30]),
        ("workflow-output-scoring", [20, 30]),
        ("shared-team-workflows", [20, 30]),
    ]


def test_without_a_record_the_operating_stage_is_the_peoples_with_a_warning() -> None:
    report = team()
    assert (report["people_stage"], report["capability_stage"], report["operating_stage"]) == (3, None, 3)
    assert report["build"] == []
    assert report["warnings"] == [
        "The team's groundwork is not recorded, so the operating stage counts its people only."
    ]


def test_build_rows_in_the_csv() -> None:
    result = run("team", ROSTER, "--target", "4", "--groundwork", str(SAMPLE), "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    build = [r for r in rows if r["verdict"] == "build"]
    assert [(r["skill"], r["stage"], r["track"]) for r in build] == [
        ("non-bypassable-stops", "4", ""),
        ("workflow-output-scoring", "4", ""),
        ("shared-team-workflows", "4", ""),
    ]
    # Everyone is within one level of what the sample team lacks at stage 4: nothing to hire.
    assert {r["verdict"] for r in rows} == {"covered", "thin", "develop", "build"}


def test_the_markdown_report_names_the_operating_stage_and_what_to_build() -> None:
    result = run("team", ROSTER, "--target", "4", "--groundwork", str(SAMPLE), "--format", "markdown")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert (
        "- **Operating stage:** stage 3 (Task): people at stage 3 (Task), groundwork at stage 3 (Task)"
        in text
    )
    assert "## What blocks stage 4 (Workflow)" in text
    assert "- Build: Stops the AI cannot skip (stage 4)" in text
    assert "## Groundwork to build" in text
    # text from the record shows as written: nothing in this path would take effect as Markdown
    assert (
        f"| Scoring of workflow output | 4 | 20 to 30 {UNIT} | "
        "ci/score-agent-output.yml (suggested, not confirmed) |"
    ) in text
    assert "No hire fixes the groundwork: 3 capabilities are for the team to build" in text


def test_the_note_beside_the_hires_counts_one_capability_in_the_singular(tmp_path: Path) -> None:
    one_left = tmp_path / "one-left.yaml"
    one_left.write_text(
        SAMPLE.read_text()
        .replace("non-bypassable-stops: false", "non-bypassable-stops: true")
        .replace("shared-team-workflows: false", "shared-team-workflows: true")
    )
    result = run("team", ROSTER, "--target", "4", "--groundwork", str(one_left), "--format", "markdown")
    assert result.returncode == 0, result.stderr
    assert "No hire fixes the groundwork: 1 capability is for the team to build, whoever it hires." in (
        result.stdout
    )
    assert "1 capabilities" not in result.stdout


def test_a_bad_record_exits_1_naming_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(SAMPLE.read_text().replace("non-bypassable-stops: false", "non-bypassable-stops: nope"))
    result = run("team", ROSTER, "--groundwork", str(bad))
    assert result.returncode == 1 and result.stdout == ""
    no_traceback(result)
    line = next(n for n, t in enumerate(bad.read_text().splitlines(), 1) if "nope" in t)
    assert result.stderr.strip() == (
        f"{bad}:{line}: capabilities.non-bypassable-stops: 'nope' is not true or false; "
        "expected in_place: true or false"
    )


def test_a_record_for_another_framework_and_a_missing_file(tmp_path: Path) -> None:
    five = str(ROOT / "tests" / "frameworks" / "five-stage")
    roster = tmp_path / "five.csv"
    roster.write_text("name,track,rater,read-code\nada,developer,self,2\n")
    result = run("team", str(roster), "--roles", five, "--groundwork", str(SAMPLE))
    assert result.returncode == 1
    assert (
        "unknown capability id 'written-evaluation-rubric'; this framework lists no capabilities"
        in result.stderr
    )
    missing = run("team", ROSTER, "--groundwork", str(tmp_path / "nowhere.yaml"))
    assert missing.returncode == 1 and "nowhere.yaml: cannot read" in missing.stderr
    no_traceback(missing)
