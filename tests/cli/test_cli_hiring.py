"""`stagepath hiring`, run as a real process: a profile from a team's gaps (files or a stored team) or by hand,
one candidate's fit and several compared, in each format; piped, JSON; and the refusals, each naming the
option and what was expected. That its Markdown and CSV are the Hiring page's downloads byte for byte is
tests/service/test_hiring_exports.py."""

from __future__ import annotations

import json
from pathlib import Path

from planner.framework.loading import load_framework
from tests.cli.test_cli import no_traceback
from tests.storage.test_storage import run
from tests.team_support import HIRE_ROSTER, HIRE_SKILL

FRAMEWORK = load_framework()
EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"
SAMPLE = str(EXAMPLES / "team-roster.csv")
DEVELOPER = str(EXAMPLES / "developer-2026-09.yaml")  # Sam Example, developer
EARLIER = str(EXAMPLES / "developer-2026-03.yaml")  # Sam Example, six months before
QA = str(EXAMPLES / "qa-2026-09.yaml")  # Robin Example, QA
FLOOR = [s.id for s in FRAMEWORK.curve.floor.skills]


def hires(tmp_path: Path) -> str:
    path = tmp_path / "team-roster.csv"
    path.write_bytes(HIRE_ROSTER)
    return str(path)


def test_piped_it_prints_the_teams_profile_as_json(tmp_path: Path) -> None:
    done = run("hiring", hires(tmp_path))
    assert done.returncode == 0, done.stderr
    profile = json.loads(done.stdout)
    # The sample team lowered to have a developer to hire: the floor and that skill must be brought.
    assert profile["track"] == "developer" and profile["stage"] == 4
    assert [s["skill"] for s in profile["must_have"]] == [*FLOOR, HIRE_SKILL]
    assert profile["interview"] and all(p["prompt"] for p in profile["interview"])


def test_a_profile_by_hand_and_a_candidates_fit_in_each_format() -> None:
    by_hand = ["hiring", "--track", "developer", "--stage", "4", "--must", *FLOOR, HIRE_SKILL]
    done = run(*by_hand, "--nice", "assistant-use-judgment", "--format", "markdown")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("# Hiring profile: Software developer, stage 4")
    assert FRAMEWORK.skill_names["assistant-use-judgment"] in done.stdout
    fit = run(*by_hand, "--candidates", DEVELOPER, "--format", "json")
    assert fit.returncode == 0, fit.stderr
    data = json.loads(fit.stdout)
    # Sam Example rates merging personal agents into team workflows 1 where the profile asks 2.
    assert not data["fits"] and HIRE_SKILL in [g["skill"] for g in data["missing_must"]]
    csv = run(*by_hand, "--candidates", DEVELOPER, "--format", "csv")
    assert csv.returncode == 0, csv.stderr
    # One row per skill below what the profile asks, the must-haves first: the JSON's gaps, as a table.
    gaps = [("must", g) for g in data["missing_must"]] + [("nice", g) for g in data["missing_nice"]]
    assert csv.stdout.splitlines() == [
        "kind,skill,name,expected,rating,gap",
        *(
            f"{k},{g['skill']},{g['name']},{g['expected']},{g['rating']},{g['expected'] - g['rating']}"
            for k, g in gaps
        ),
    ]
    markdown = run(*by_hand, "--candidates", DEVELOPER, "--format", "markdown")
    assert markdown.stdout.startswith("# Candidate fit: Sam Example, Software developer, stage 4")


def test_candidates_compared_name_a_file_left_out_and_one_on_another_track(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("track: [\n", encoding="utf-8")
    args = ["hiring", hires(tmp_path), "--candidates", DEVELOPER, EARLIER, QA, str(broken)]
    done = run(*args, "--format", "csv")
    no_traceback(done)
    assert done.returncode == 1  # something was left out
    stderr = done.stderr.splitlines()
    assert any(line.startswith(str(broken)) for line in stderr), done.stderr
    assert any(line.startswith(QA) and "qa track" in line for line in stderr), done.stderr
    header = done.stdout.splitlines()[0].split(",")
    assert header == ["skill", "kind", "expected", "Sam Example", "Sam Example", "Robin Example"]


def test_the_refusals_name_what_was_expected(tmp_path: Path) -> None:
    roster = hires(tmp_path)
    cases = [
        # A profile has no CSV on the Hiring page: a usage error, exit 2.
        (["hiring", roster, "--format", "csv"], 2, "csv needs --candidates"),
        (["hiring", "--track", "developer", "--stage", "4"], 1, "needs --must or --nice SKILL"),
        (["hiring", "--stage", "4", "--must", "read-code"], 1, "needs --track ID"),
        (["hiring", roster, "--stage", "4", "--must", "read-code"], 1, "takes no team"),
        (["hiring", "--track", "developer", "--stage", "99", "--must", "read-code"], 2, "stage 99 is not on"),
        (
            ["hiring", "--track", "developer", "--stage", "4", "--must", "no-such"],
            1,
            "unknown skill id 'no-such'",
        ),
        (["hiring", roster, "--track", "pilot"], 1, "unknown track 'pilot'"),
        (["hiring"], 1, "expected input files or --database --team NAME"),
        # The sample team as shipped has nothing to hire for at its default target: said, track by track.
        (["hiring", SAMPLE], 1, "nothing to hire for at stage 4 (developer: every gap can be developed"),
        (["hiring", roster, "--track", "qa"], 1, "nothing to hire for at stage 4 (qa: "),
        (
            ["hiring", SAMPLE, "--target", "6"],
            1,
            "hires to make on 2 tracks; expected --track developer or qa",
        ),
        (
            ["hiring", roster, "--candidates", str(tmp_path / "nope.yaml"), str(tmp_path / "no.yaml")],
            1,
            "nope.yaml",
        ),
    ]
    for args, code, words in cases:
        done = run(*args, "--format", "markdown") if "--format" not in args else run(*args)
        no_traceback(done)
        assert done.returncode == code, (args, done.stderr)
        assert words in done.stderr, (args, done.stderr)
        assert not done.stdout, args


def test_a_stored_team_gives_the_profile_its_file_gives(tmp_path: Path) -> None:
    roster = hires(tmp_path)
    database = f"sqlite:///{tmp_path / 'stagepath.db'}"
    stored = run("import", roster, "--team", "ops@example.org", url=database)
    assert stored.returncode == 0, stored.stderr
    from_database = run(
        "hiring", "--database", "--team", "ops@example.org", "--format", "markdown", url=database
    )
    assert from_database.returncode == 0, from_database.stderr
    assert from_database.stdout == run("hiring", roster, "--format", "markdown").stdout
