"""The `stagepath` command line, run as a real process on real files, as scripts and CI would."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from planner.framework.loading import SHIPPED_ROLES
from tests.app_support import hostile_live
from tests.conftest import FIVE_STAGE

STAGEPATH = str(Path(sys.executable).with_name("stagepath"))


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "STAGEPATH_ROLES"}
    environment.update(env or {})
    return subprocess.run(
        [STAGEPATH, *args], capture_output=True, text=True, timeout=60, env=environment, check=False
    )


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout


def test_validate_the_shipped_framework() -> None:
    result = run("validate", str(SHIPPED_ROLES))
    assert result.returncode == 0, result.stderr
    assert "valid" in result.stdout and "8 stages, 2 tracks" in result.stdout


def test_framework_json_lists_eight_stages_both_tracks_and_the_floor_with_provenance() -> None:
    result = run("framework", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    stages = data["curve"]["stages"]
    assert [s["number"] for s in stages] == list(range(1, 9))
    assert [t["id"] for t in data["tracks"]] == ["developer", "qa"]
    assert [s["id"] for s in data["curve"]["floor"]["skills"]] == ["read-code", "write-code", "debug-code"]
    assert all(s["provenance"] in {"stated", "inferred"} for s in stages)
    for track in data["tracks"]:
        for stage in track["stages"]:
            assert stage["title"] and stage["provenance"] in {"stated", "inferred"}
            assert all(k["provenance"] in {"stated", "inferred"} for k in stage["skills"])
    assert data["curve"]["effort"]["reference"]["5"] == [60.0, 180.0]


def test_stagepath_roles_selects_another_framework() -> None:
    result = run("framework", env={"STAGEPATH_ROLES": str(FIVE_STAGE)})
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert len(data["curve"]["stages"]) == 5 and [t["id"] for t in data["tracks"]] == [
        "developer",
        "qa",
        "sre",
    ]
    assert run("validate", env={"STAGEPATH_ROLES": str(FIVE_STAGE)}).returncode == 0


def test_an_invalid_framework_exits_1_with_one_line_per_problem(tmp_path: Path) -> None:
    for f in FIVE_STAGE.glob("*.yaml"):
        (tmp_path / f.name).write_bytes(f.read_bytes())
    (tmp_path / "qa.yaml").write_text(
        (tmp_path / "qa.yaml").read_text().replace("expected: 2", "expected: 9")
    )
    (tmp_path / "sre.yaml").write_text("id: sre\nstages: [\n")
    result = run("validate", str(tmp_path))
    no_traceback(result)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 3
    assert any(line.startswith(f"{tmp_path}/sre.yaml:") and "not valid YAML" in line for line in lines)
    assert sum("qa.yaml:" in line and "9 is not on the scale" in line for line in lines) == 2


def test_a_missing_directory_exits_1() -> None:
    result = run("validate", "/nonexistent/roles")
    assert result.returncode == 1 and "not a directory" in result.stderr
    no_traceback(result)


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_assess_prints_the_json_keys_of_the_product(tmp_path: Path) -> None:
    path = write(
        tmp_path, "me.yaml", "stagepath: 1\nname: Ada\ntrack: qa\nratings: {read-code: 3, debug-code: 1}\n"
    )
    result = run("assess", path, "--top", "0")
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    assert set(plan) == {
        "track",
        "placement",
        "trusted",
        "target",
        "readiness",
        "floor",
        "focus",
        "unrated",
        "warnings",
        "stale",
        "met",
        "lessons",
        "focus_total",
    }
    assert [lesson["id"] for lesson in plan["lessons"]] == [
        "developer-skill-from-stage-5",
        "coding-matters-more",
    ]
    assert plan["track"] == "qa" and plan["placement"] == 1 and plan["target"] == 2
    # Skills met beside the share: at stage 2, read-code is the only skill rated (the floor joins later).
    assert set(plan["met"]) == set(plan["readiness"])
    assert all(set(m) == {"met", "of"} and 0 <= m["met"] <= m["of"] for m in plan["met"].values())
    assert plan["focus_total"] == len(plan["focus"])  # --top 0: all of them
    assert set(plan["readiness"]) == {str(n) for n in range(1, 9)}
    assert plan["floor"]["ok"] is False
    assert [b["skill"] for b in plan["floor"]["breaches"]] == ["write-code", "debug-code"]
    first = plan["focus"][0]
    assert (first["skill"], first["stage"], first["reason"], first["gap"]) == ("write-code", 0, "floor", 3)
    assert first["actions"]
    assert "read-code" not in plan["unrated"] and "write-code" in plan["unrated"]


def test_assess_with_target_and_top(tmp_path: Path) -> None:
    path = write(tmp_path, "me.json", json.dumps({"stagepath": 1, "track": "developer", "ratings": {}}))
    plan = json.loads(run("assess", path, "--target", "4", "--top", "5").stdout)
    assert plan["target"] == 4 and len(plan["focus"]) == 5


def test_assess_markdown_is_a_readable_plan(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "me.yaml",
        "stagepath: 1\nname: '<b>Ada</b> [x](http://e.vil)'\ntrack: developer\n"
        "ratings: {read-code: 3, write-code: 3, debug-code: 3, assisted-coding: 3}\n"
        "evidence: {read-code: 'Reviewed *all* the PRs'}\n",
    )
    result = run("assess", path, "--format", "markdown")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith("# Growth plan for ")
    assert hostile_live(text) == []  # the name is escaped, not markup
    assert "**Placement:** Stage 1 · Manual, Developer" in text and "**Target:** Stage 2 · Assist" in text
    assert "## Focus, in order" in text and "1. **Verifying assistant output**" in text
    assert "Reviewed \\*all\\* the PRs" in text


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("stagepath: 1\ntrack: developer\nratings: {read-code: three}\n", "ratings.read-code"),
        ("stagepath: 1\ntrack: developer\nratings: {raed-code: 3}\n", "did you mean 'read-code'"),
        ("stagepath: 1\ntrack: developer\nratings: {read-code: 7}\n", "rating 7 is off the scale"),
        ("stagepath: 1\ntrack: developer\nratings: {read-code: -1}\n", "rating -1 is off the scale"),
        ("%PDF-1.4 \x00\x01 not yaml: [at all\n", "not valid YAML"),
        ("", "the file is empty"),
        ("[1, 2, 3]\n", "expected a mapping"),
    ],
)
def test_bad_assessment_files_exit_1_naming_the_problem(tmp_path: Path, content: str, expected: str) -> None:
    result = run("assess", write(tmp_path, "bad.yaml", content))
    no_traceback(result)
    assert result.returncode == 1
    assert result.stderr.startswith(f"{tmp_path}/bad.yaml") and expected in result.stderr
    assert result.stdout == ""


def test_a_missing_assessment_file_exits_1() -> None:
    result = run("assess", "/nonexistent/me.yaml")
    assert result.returncode == 1 and "cannot read" in result.stderr
    no_traceback(result)


def test_usage_errors_exit_2() -> None:
    assert run().returncode == 2
    assert run("assess").returncode == 2
    assert run("effort", "--stage", "three", "--days", "2").returncode == 2
    assert run("assess", "x.yaml", "--top", "-1").returncode == 2


def test_effort_projects_later_stages_beside_the_reference() -> None:
    result = run("effort", "--stage", "3", "--days", "2")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["from"] == {"stage": 3, "days": 2.0} and data["multiplier"] == 7
    assert [(p["stage"], p["days"], p["reference"]) for p in data["projection"]] == [
        (4, 14, [20.0, 30.0]),
        (5, 98, [60.0, 180.0]),
        (6, 686, [240.0, 360.0]),
    ]
    assert "rule of thumb" in data["basis"]


def test_effort_markdown_and_bad_stage() -> None:
    text = run("effort", "--stage", "4", "--days", "25", "--format", "markdown").stdout
    assert "| 5 | 175 | 60 to 180 |" in text and "rule of thumb" in text
    bad = run("effort", "--stage", "12", "--days", "3")
    assert bad.returncode == 2 and "stage 12 is not on the curve" in bad.stderr
    bad = run("effort", "--stage", "3", "--days", "-3")
    assert bad.returncode == 2 and bad.stderr == (
        "stagepath effort: error: argument --days: -3 days; expected a number of calendar days above 0 and "
        "at most 1000000\n"
    )


def on_a_terminal(*args: str) -> str:
    """What a command prints when its standard output is a terminal (a pseudo-terminal here), as a person
    running it by hand sees it."""
    leader, follower = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if k != "STAGEPATH_ROLES"}
    with subprocess.Popen(
        [STAGEPATH, *args], stdout=follower, stderr=subprocess.PIPE, env=environment
    ) as child:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closes when the command ends
                break
            if not chunk:
                break
            chunks.append(chunk)
        child.wait(timeout=60)
    os.close(leader)
    assert child.returncode == 0
    return b"".join(chunks).decode().replace("\r\n", "\n")


def test_on_a_terminal_commands_print_a_readable_summary_and_json_when_piped(tmp_path: Path) -> None:
    path = write(tmp_path, "me.yaml", "stagepath: 1\ntrack: developer\nratings: {read-code: 3}\n")
    shown = re.sub(r"\x1b\[[0-9;]*m", "", on_a_terminal("assess", path))  # rendered: no colour codes
    assert shown.lstrip().startswith("Growth plan") and "Placement:" in shown and "**" not in shown
    assert json.loads(run("assess", path).stdout)["track"] == "developer"  # piped: JSON, unasked
    assert json.loads(on_a_terminal("assess", path, "--format", "json"))["track"] == "developer"
    effort = re.sub(r"\x1b\[[0-9;]*m", "", on_a_terminal("effort", "--stage", "3", "--days", "2"))
    assert effort.lstrip().startswith("Effort projection") and "|---" not in effort
    framework = re.sub(r"\x1b\[[0-9;]*m", "", on_a_terminal("framework"))
    assert "(aspirational)" in framework and "|---" not in framework and "# " not in framework
    assert json.loads(run("framework").stdout)["curve"]["stages"]


def test_assess_json_rounds_readiness_to_three_decimals(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "me.yaml",
        "stagepath: 1\ntrack: developer\nratings: {read-code: 3, write-code: 3, debug-code: 2, "
        "assisted-coding: 3, assistant-output-verification: 2, assistant-context-setting: 1}\n",
    )
    text = run("assess", path).stdout
    readiness = json.loads(text)["readiness"]
    assert all(value == round(value, 3) for value in readiness.values())
    # Stage 2 asks each of its four skills at Practising, 2 + 2 + 2 + 2 = 8 levels; these ratings meet
    # min(3, 2) + 2 + 1 + 0 = 5 of them: 5/8.
    assert readiness["2"] == 0.625 and '"2": 0.625,' in text


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ("assess", "{me}", "--target", "9"),
            "stagepath assess: error: argument --target: stage 9 is not on the curve; the stages are 1 to 8, "
            "7 and 8 aspirational\n",
        ),
        (
            ("team", "{me}", "--target", "0"),
            "stagepath team: error: argument --target: stage 0 is not on the curve; the stages are 1 to 8, "
            "7 and 8 aspirational\n",
        ),
        (
            ("effort", "--stage", "12", "--days", "3"),
            "stagepath effort: error: argument --stage: stage 12 is not on the curve; the stages are 1 to 8, "
            "7 and 8 aspirational\n",
        ),
    ],
)
def test_a_value_off_the_curve_names_the_stages_it_may_be(
    tmp_path: Path, args: tuple[str, ...], expected: str
) -> None:
    me = write(tmp_path, "me.yaml", "stagepath: 1\ntrack: developer\nratings: {read-code: 3}\n")
    result = run(*(a.format(me=me) for a in args))
    assert (result.returncode, result.stderr, result.stdout) == (2, expected, "")  # a usage error


def test_the_stages_named_come_from_the_framework_in_use(tmp_path: Path) -> None:
    me = write(tmp_path, "me.yaml", "stagepath: 1\ntrack: developer\nratings: {read-code: 3}\n")
    result = run("assess", me, "--target", "9", "--roles", str(FIVE_STAGE))
    assert result.returncode == 2 and result.stderr.startswith(
        "stagepath assess: error: argument --target: stage 9 is not on the curve; the stages are 1 to 5"
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("assess", "x.yaml", "--target", "four"), "'four' is not a whole number; expected a stage number"),
        (("assess", "x.yaml", "--top", "-1"), "-1 is negative; expected 0 or more"),
        (
            ("effort", "--stage", "3", "--days", "two"),
            "'two' is not a number; expected a number of days above 0",
        ),
        (("team", "x.csv", "--min-coverage", "0"), "0 is below 1; expected 1 or more"),
        (("assess", "x.yaml", "--format", "yaml"), "(choose from 'json', 'markdown')"),
    ],
)
def test_usage_errors_name_what_was_expected(args: tuple[str, ...], expected: str) -> None:
    result = run(*args)
    assert result.returncode == 2 and expected in result.stderr, result.stderr


def test_one_misspelt_roster_column_refuses_the_roster_naming_the_nearest_id(tmp_path: Path) -> None:
    skills = ["read-code", "write-code", "debug-cdoe", "assisted-coding"]
    rows = [f"person {i},developer,self,3,3,3,{i % 4}" for i in range(16)]
    roster = write(tmp_path, "team.csv", "\n".join(["name,track,rater," + ",".join(skills), *rows]) + "\n")
    result = run("team", roster)
    # No report counts Debug code as 0 for everyone: the roster is refused whole, with the nearest id.
    assert result.returncode == 1 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].startswith(
        f"{roster}: row 1, column debug-cdoe: unknown skill id 'debug-cdoe' (did you mean 'debug-code'?); "
        "the roster is refused whole"
    )
    assert lines[1:] == ["team: no one to plan for: no input gave a valid assessment"]


def test_a_report_built_with_inputs_left_out_says_so_first_in_every_format(tmp_path: Path) -> None:
    good = write(
        tmp_path, "team.csv", "name,track,rater,read-code\nada,developer,self,3\nben,developer,self,2\n"
    )
    bad = write(tmp_path, "typo.csv", "name,track,rater,debug-cdoe\ncy,developer,self,3\n")
    problem = f"{bad}: row 1, column debug-cdoe: unknown skill id 'debug-cdoe'"
    as_json = run("team", good, bad, "--format", "json")
    assert as_json.returncode == 1 and as_json.stderr.startswith(problem)
    data = json.loads(as_json.stdout)
    assert data["people"] == 2 and len(data["left_out"]) == 1 and data["left_out"][0].startswith(problem)
    markdown = run("team", good, bad, "--format", "markdown").stdout.splitlines()
    assert markdown[0] == "# Team plan" and markdown[2].startswith(
        "> **Some inputs were left out (1 problem)"
    )
    assert markdown[3].startswith("> - " + problem.replace("_", "\\_")[:20])
    table = run("team", good, bad, "--format", "csv").stdout.splitlines()
    assert table[0].startswith('"# Some inputs were left out (1 problem)') or table[0].startswith("# Some")
    assert table[1].startswith("# " + problem) or table[1].startswith('"# ' + problem)
    assert table[2].startswith("track,skill,stage")
    org = run("org", good, bad, "--format", "markdown").stdout.splitlines()
    assert org[2].startswith("> **Some inputs were left out (1 problem)")
    assert json.loads(run("org", good, bad, "--format", "json").stdout)["left_out"][0].startswith(problem)


def test_team_markdown_has_no_stage_0_column_and_no_empty_counts(tmp_path: Path) -> None:
    roster = write(
        tmp_path,
        "team.csv",
        "name,track,rater,read-code,write-code,debug-code,assisted-coding\n"
        "ada,developer,self,3,3,3,3\nben,developer,self,3,3,3,1\n",
    )
    text = run("team", roster, "--format", "markdown").stdout
    assert "Stage 0" not in text and "| 0: " not in text and "Not yet placed" not in text
    assert "| Track | Stage 1 | Stage 2 | Stage 3 | Stage 4 | Stage 5 | Stage 6 |" in text
    assert "| Software developer | 2 | 0 | 0 | 0 | 0 | 0 |" in text
    assert "| no one |" in text  # a skill nobody covers says so in words
    assert "by the source's figure" in text and "not a measurement of this team" in text


def test_a_command_leaves_the_framework_out_of_the_collectors_scans_and_the_collector_on() -> None:
    """The framework and pydantic's objects live as long as the command: frozen once loaded, the cyclic
    collector stops walking them in every collection (docs/performance.md), and it is on again after."""
    example = Path(__file__).resolve().parent.parent.parent / "examples" / "developer-2026-09.yaml"
    code = (
        "import contextlib, gc, io\n"
        "from planner.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = main(['assess', {str(example)!r}, '--format', 'json'])\n"
        "print(code, gc.isenabled(), gc.get_freeze_count() > 10_000)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == ["0", "True", "True"], result.stderr


def test_json_is_indented_for_a_person_and_compact_for_a_script() -> None:
    example = str(Path(__file__).resolve().parent.parent.parent / "examples" / "developer-2026-09.yaml")
    roster = str(Path(__file__).resolve().parent.parent.parent / "examples" / "team-roster.csv")
    for args in (("assess", example), ("team", roster)):
        by_hand = on_a_terminal(*args, "--format", "json")
        piped = run(*args, "--format", "json")
        assert piped.returncode == 0, piped.stderr
        assert json.loads(by_hand) == json.loads(piped.stdout)  # the same report
        assert by_hand.startswith('{\n  "') and piped.stdout.count("\n") == 1, args


@pytest.mark.parametrize(
    "argv",
    [
        [
            "assess",
            str(Path(__file__).resolve().parent.parent.parent / "examples" / "developer-2026-09.yaml"),
        ],
        ["assess", "no-such-file.yaml"],
        ["effort", "--stage", "1", "--days", "5"],
    ],
)
def test_a_program_calling_main_gets_its_garbage_collector_back_as_it_was(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    import gc

    from planner.cli import main

    assert gc.isenabled()
    main([*argv, "--format", "json"])
    assert gc.isenabled()
    gc.disable()
    try:
        main([*argv, "--format", "json"])
        assert not gc.isenabled()
    finally:
        gc.enable()
    capsys.readouterr()
