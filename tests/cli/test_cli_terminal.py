"""The command line on a terminal and its exit codes: run as real processes, with a pseudo-terminal as
standard output (`script`, util-linux) where a person would read it, and through a pipe where a script would."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIVE_STAGE

ROOT = Path(__file__).resolve().parent.parent.parent
STAGEPATH = str(Path(sys.executable).with_name("stagepath"))
ROSTER = ROOT / "examples" / "team-roster.csv"
ORG = ROOT / "examples" / "org-roster.csv"
PERSON = ROOT / "examples" / "developer-2026-09.yaml"

needs_script = pytest.mark.skipif(
    shutil.which("script") is None, reason="util-linux's script is not installed"
)


def environment(columns: int = 100) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"STAGEPATH_ROLES", "NO_COLOR", "FORCE_COLOR"}}
    env.update({"COLUMNS": str(columns), "LINES": "50", "TERM": "xterm"})
    return env


def on_a_terminal(*args: str, columns: int = 100) -> str:
    """What the command writes to a terminal `columns` wide (stdout and stderr, as a person sees them)."""
    command = " ".join([STAGEPATH, *(f"'{a}'" for a in args)])
    done = subprocess.run(
        ["script", "-qec", command, "/dev/null"],
        capture_output=True,
        text=True,
        timeout=120,
        env=environment(columns),
        check=False,
    )
    return done.stdout.replace("\r\n", "\n")


def piped(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [STAGEPATH, *args], capture_output=True, text=True, timeout=120, env=environment(), check=False
    )


def plain(text: str) -> str:
    """The text without its terminal colour codes."""
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)


@needs_script
def test_a_team_report_on_a_terminal_is_rendered_not_raw_markdown() -> None:
    shown = plain(on_a_terminal("team", str(ROSTER), "--target", "3", columns=100))
    lines = shown.splitlines()
    # Headings and emphasis rendered: no Markdown syntax left to read.
    assert "Team plan" in lines[0] and not any(line.startswith("#") for line in lines)
    assert "**" not in shown and "|---" not in shown and "| Track |" not in shown
    assert "People: 10" in shown
    # Tables aligned and wrapped to the terminal: no line wider than it, and a table's rule across it.
    assert max(len(line) for line in lines) <= 100
    assert any(set(line.strip()) == {"─"} for line in lines)
    header = next(line for line in lines if "Skill" in line and "Verdict" in line)
    assert header.index("Skill") < header.index("Verdict")


@needs_script
def test_a_narrow_terminal_wraps_instead_of_running_off_it() -> None:
    shown = plain(on_a_terminal("team", str(ROSTER), "--target", "3", columns=60))
    assert max(len(line) for line in shown.splitlines()) <= 60


@needs_script
def test_the_organisation_on_a_terminal_names_its_mentors() -> None:
    shown = plain(on_a_terminal("org", str(ORG), "--target", "4"))
    assert "Mentors" in shown and "Mentor's team" in shown and "**" not in shown
    report = json.loads(piped("org", str(ORG), "--target", "4").stdout)
    first = report["mentoring"][0]
    assert first["person"] in shown and first["mentor"] in shown


@needs_script
def test_assess_on_a_terminal_shows_skills_met_beside_readiness() -> None:
    shown = plain(on_a_terminal("assess", str(PERSON), "--target", "4"))
    assert "Skills met" in shown and "skills met" in shown and "|---" not in shown
    assert "the top 3 of" in shown


def test_piped_output_is_json_as_before_and_format_always_wins() -> None:
    data = json.loads(piped("team", str(ROSTER), "--target", "3").stdout)
    assert data["target"] == 3
    markdown = piped("team", str(ROSTER), "--target", "3", "--format", "markdown").stdout
    assert markdown.startswith("# Team plan\n") and "|---" in markdown


@needs_script
def test_format_markdown_on_a_terminal_is_the_markdown_asked_for() -> None:
    shown = plain(on_a_terminal("team", str(ROSTER), "--target", "3", "--format", "markdown"))
    assert shown.startswith("# Team plan") and "|---" in shown


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ("assess", str(PERSON), "--target", "9"),
            "argument --target: stage 9 is not on the curve; the stages are 1 to 8",
        ),
        (
            ("team", str(ROSTER), "--target", "0"),
            "argument --target: stage 0 is not on the curve; the stages are 1 to 8",
        ),
        (("org", str(ORG), "--target", "12"), "argument --target: stage 12 is not on the curve"),
        (("effort", "--stage", "9", "--days", "3"), "argument --stage: stage 9 is not on the curve"),
        (
            ("team", str(ROSTER), "--target", "6", "--roles", str(FIVE_STAGE)),
            "stage 6 is not on the curve; the stages are 1 to 5",
        ),
    ],
)
def test_a_value_out_of_its_range_is_a_usage_error_naming_the_range(
    args: tuple[str, ...], expected: str
) -> None:
    done = piped(*args)
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert done.stderr.startswith(f"stagepath {args[0]}: error: ") and expected in done.stderr


def test_argparse_refusals_and_range_refusals_share_the_exit_code() -> None:
    own = piped("assess", str(PERSON), "--target", "four")
    ours = piped("assess", str(PERSON), "--target", "9")
    assert own.returncode == ours.returncode == 2
    assert "stagepath assess: error:" in own.stderr and "stagepath assess: error:" in ours.stderr


def test_invalid_input_is_still_exit_1_and_a_good_run_exit_0(tmp_path: Path) -> None:
    bad = tmp_path / "typo.csv"
    bad.write_text("name,track,rater,debug-cdoe\nada,developer,self,3\n")
    assert piped("team", str(bad)).returncode == 1
    assert piped("team", str(ROSTER)).returncode == 0


def test_the_template_is_a_blank_roster_the_team_command_reads(tmp_path: Path) -> None:
    done = piped("team", "--template")
    assert done.returncode == 0 and done.stdout.count("\n") == 1
    header = done.stdout.strip().split(",")
    assert header[:3] == ["name", "track", "rater"] and "debug-code" in header
    filled = tmp_path / "team.csv"
    filled.write_text(
        done.stdout + ",".join(["ada", "developer", "self", "", "", "3"] + [""] * (len(header) - 6)) + "\n"
    )
    assert piped("team", str(filled)).returncode == 0
