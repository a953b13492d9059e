"""One answer on the Hiring page: every file it hands a manager (the profile, one candidate's fit as Markdown and
CSV, several candidates compared as Markdown and CSV) is the report a script writes from the same files
through planner.service.hiring and planner.reports.team, and what `stagepath hiring` prints for them, byte for
byte, for the sample team and for generated rosters (ratings due for re-rating and people able to mentor);
and the use cases themselves on edge inputs (a file refused, one on another track, fewer than two candidates,
a profile asked for an unknown skill)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from planner.common.problems import InputError
from planner.framework.loading import load_framework
from planner.reports.team import (
    comparison_csv,
    comparison_markdown,
    fit_csv,
    fit_markdown,
    profile_markdown,
)
from planner.service.hiring import (
    candidate_fit,
    candidates_compared,
    hiring_profile,
    read_candidate,
)
from planner.service.team import team_of_files, team_report
from planner.views.words import file_stem
from tests.app_support import go
from tests.service.test_service_exports import generated_roster
from tests.storage.test_storage import run
from tests.team_support import (
    HIRE_ROSTER,
    HIRE_SKILL,
    SAMPLE,
    download,
    ok,
    table,
    team_page,
    upload,
    with_hires,
    with_sample,
)

FRAMEWORK = load_framework()
EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"
FLOOR = [s.id for s in FRAMEWORK.curve.floor.skills]
MARCH = (EXAMPLES / "developer-2026-03.yaml").read_bytes().replace(b"Sam Example", b"Ana March")
# A name that looks like an address: it travels into the file names and the reports as it is.
SEPTEMBER = (EXAMPLES / "developer-2026-09.yaml").read_bytes().replace(b"Sam Example", b"ben@example.org")
QA = (EXAMPLES / "qa-2026-09.yaml").read_bytes()


def script_profile() -> Any:
    """The developer profile a script takes from the same roster's team report (the Team page's default
    target), as the page's "Use the Software developer gaps" button does."""
    read = team_of_files(FRAMEWORK, [("team-roster.csv", HIRE_ROSTER)])
    report = team_report(FRAMEWORK, read.team)
    (profile,) = [p for p in report.hiring_profiles if p.track == "developer"]
    return profile


def test_every_hiring_export_is_the_report_a_script_writes_from_the_same_files(
    downloads: dict[str, Any],
) -> None:
    profile = script_profile()
    assert [s.skill for s in profile.must_have] == [*FLOOR, HIRE_SKILL]  # the page's profile, by the engine
    at = ok(go(with_hires(), "hiring"))
    at.button(key="hiring.use.developer").click().run()
    ok(at)
    today = dt.date.today().isoformat()
    _, text = download(downloads, "stagepath-hiring-profile-developer-")
    assert text == profile_markdown(FRAMEWORK, profile)

    at.segmented_control(key="hiring.fit_mode").set_value("upload").run()
    at.file_uploader(key="hiring.candidate").upload("ben.yaml", SEPTEMBER, "application/x-yaml").run()
    ok(at)
    ben = read_candidate(FRAMEWORK, "ben.yaml", SEPTEMBER)
    assert not isinstance(ben, list)
    fit = candidate_fit(profile, ben)
    stem = file_stem("ben@example.org", "fit", dt.date.today())
    _, text = download(downloads, f"{stem}.md")
    assert text == fit_markdown(FRAMEWORK, profile, "ben@example.org", fit)
    assert "ben@example.org" in text.replace("\u2060", "")
    _, text = download(downloads, f"{stem}.csv")
    assert text == fit_csv(fit)

    files = [("ana.yaml", MARCH), ("ben.yaml", SEPTEMBER), ("broken.yaml", b"track: [")]
    at.file_uploader(key="hiring.compare_upload").set_value(
        [(name, raw, "application/x-yaml") for name, raw in files]
    ).run()
    ok(at)
    read = candidates_compared(FRAMEWORK, profile, files)
    assert read.comparison is not None and [n for n, _ in read.refused] == ["broken.yaml"]
    shown = table(at, "Must-haves missing")
    assert list(shown["Candidate"]) == [c.name for c in read.comparison.candidates]
    assert list(shown["Candidate"]) == ["Ana March", "ben@example.org"]
    _, text = download(downloads, f"stagepath-candidates-developer-{today}.md")
    assert text == comparison_markdown(FRAMEWORK, read.comparison)
    _, text = download(downloads, f"stagepath-candidates-developer-{today}.csv")
    assert text == comparison_csv(read.comparison)


def test_candidates_read_from_files_say_what_was_refused_and_what_is_on_another_track() -> None:
    profile = hiring_profile(FRAMEWORK, "developer", 4, [*FLOOR, HIRE_SKILL], ["assistant-use-judgment"])
    read = candidates_compared(
        FRAMEWORK, profile, [("ana.yaml", MARCH), ("qa.yaml", QA), ("bad.yaml", b"stagepath: 1\n")]
    )
    assert read.comparison is not None
    # Each candidate is named by the assessment's name, else by the file's.
    assert [c.name for c in read.comparison.candidates] == ["Ana March", "Robin Example"]
    assert read.other_track == (("qa.yaml", "qa"),)
    ((name, problems),) = read.refused
    assert name == "bad.yaml" and problems and all(isinstance(p, str) and p for p in problems)
    # Skills the QA file does not rate count as 0 in its column.
    assert all(s.ratings[1] == 0 for s in read.comparison.skills if s.skill == HIRE_SKILL)
    unnamed = QA.replace(b"name: Robin Example\n", b"")
    read = candidates_compared(FRAMEWORK, profile, [("ana.yaml", MARCH), ("robin.yaml", unnamed)])
    assert read.comparison is not None
    assert [c.name for c in read.comparison.candidates] == ["Ana March", "robin.yaml"]
    alone = candidates_compared(FRAMEWORK, profile, [("ana.yaml", MARCH), ("bad.yaml", b"x: [")])
    assert alone.comparison is None and len(alone.refused) == 1


def test_a_profile_for_an_unknown_skill_or_track_is_refused_naming_it() -> None:
    with pytest.raises(InputError, match="unknown skill id 'no-such-skill'"):
        hiring_profile(FRAMEWORK, "developer", 3, ["no-such-skill"])
    with pytest.raises(InputError, match="unknown track 'pilot'"):
        hiring_profile(FRAMEWORK, "pilot", 3, FLOOR)


def hiring_command(*args: str) -> str:
    """What `stagepath hiring` prints, as a process: exit 0 and nothing on stderr but notes."""
    done = run("hiring", *args, "--today", dt.date.today().isoformat())
    assert done.returncode == 0, done.stderr
    return done.stdout


# Candidates for each track: two named ones (one with a name that looks like an address) and a file that
# cannot be used, which the page names and leaves out of the comparison as the command does.
CANDIDATES = {
    "developer": [("ana.yaml", MARCH), ("ben.yaml", SEPTEMBER), ("broken.yaml", b"track: [")],
    "qa": [
        ("robin.yaml", QA),
        ("www.qa.example.yaml", QA.replace(b"Robin Example", b"www.qa.example")),
        ("broken.yaml", b"track: ["),
    ],
}


def hiring_downloads_equal_the_command(
    at: Any, downloads: dict[str, Any], team: list[str], tmp_path: Path
) -> list[str]:
    """On the Hiring page, each track's gaps used in turn: its profile, a candidate's fit and a comparison
    downloaded and compared with `stagepath hiring` on the same team (`team`: its files and options) and the
    same candidates' files. The tracks compared, in order."""
    at = ok(go(at, "hiring"))
    tracks = [
        str(b.key).removeprefix("hiring.use.") for b in at.button if str(b.key).startswith("hiring.use.")
    ]
    today = dt.date.today()
    for track in tracks:
        downloads.clear()
        at.button(key=f"hiring.use.{track}").click().run()
        ok(at)
        _, text = download(downloads, f"stagepath-hiring-profile-{track}-{today.isoformat()}.md")
        assert text == hiring_command(*team, "--track", track, "--format", "markdown")
        files = CANDIDATES[track]
        paths = []
        for name, raw in files:
            (tmp_path / name).write_bytes(raw)
            paths.append(str(tmp_path / name))
        # One candidate's fit, the file uploaded on the page and given to the command.
        at.segmented_control(key="hiring.fit_mode").set_value("upload").run()
        name, raw = files[1]
        at.file_uploader(key="hiring.candidate").upload(name, raw, "application/x-yaml").run()
        ok(at)
        candidate = read_candidate(FRAMEWORK, name, raw)
        assert not isinstance(candidate, list) and candidate.name
        stem = file_stem(candidate.name, "fit", today)
        for fmt, suffix in (("markdown", ".md"), ("csv", ".csv")):
            _, text = download(downloads, stem + suffix)
            assert text == hiring_command(*team, "--track", track, "--candidates", paths[1], "--format", fmt)
        # Several compared, the file that cannot be used among them.
        at.file_uploader(key="hiring.compare_upload").set_value(
            [(n, r, "application/x-yaml") for n, r in files]
        ).run()
        ok(at)
        for fmt, suffix in (("markdown", ".md"), ("csv", ".csv")):
            _, text = download(downloads, f"stagepath-candidates-{track}-{today.isoformat()}{suffix}")
            done = run(
                "hiring",
                *team,
                "--track",
                track,
                "--candidates",
                *paths,
                "--format",
                fmt,
                "--today",
                today.isoformat(),
            )
            assert done.returncode == 1 and "broken.yaml" in done.stderr  # the broken file named, left out
            assert text == done.stdout
        at.file_uploader(key="hiring.compare_upload").set_value([]).run()
        at.segmented_control(key="hiring.fit_mode").set_value("rate").run()
    return tracks


def test_the_sample_teams_hiring_downloads_are_what_the_command_prints(
    downloads: dict[str, Any], tmp_path: Path
) -> None:
    # The sample team lowered to have a developer to hire, at the page's default target.
    roster = tmp_path / "team-roster.csv"
    roster.write_bytes(HIRE_ROSTER)
    target = with_hires().selectbox(key="team.target").value
    tracks = hiring_downloads_equal_the_command(
        with_hires(), downloads, [str(roster), "--target", str(target)], tmp_path
    )
    assert tracks == ["developer"]
    # The sample team as shipped, with its groundwork record as the page loads it, at stage 5, where its QA
    # engineers have a skill to hire for.
    at = with_sample()
    at.selectbox(key="team.target").set_value(5).run()
    team = [str(SAMPLE), "--groundwork", str(SAMPLE.parent / "groundwork-sample.yaml"), "--target", "5"]
    assert hiring_downloads_equal_the_command(ok(at), downloads, team, tmp_path) == ["qa"]


@pytest.mark.parametrize(("seed", "tracks"), [(1, ["qa"]), (2, ["developer", "qa"]), (5, ["developer"])])
def test_a_generated_rosters_hiring_downloads_are_what_the_command_prints(
    seed: int, tracks: list[str], downloads: dict[str, Any], tmp_path: Path
) -> None:
    text = generated_roster(seed)
    assert "assessed_on" in text  # dated up to two years back: some ratings are due for re-rating
    path = tmp_path / f"roster-{seed}.csv"
    path.write_text(text, encoding="utf-8")
    at = upload(team_page(), [(path.name, text.encode())])
    at.selectbox(key="team.target").set_value(6).run()
    ok(at)
    team = [str(path), "--target", "6"]
    assert hiring_downloads_equal_the_command(at, downloads, team, tmp_path) == tracks
    # Ratings due again and people able to mentor are in the team the command reads, as on the page.
    report = run("team", *team, "--today", dt.date.today().isoformat(), "--format", "markdown").stdout
    assert "## Due for re-rating" in report and "| Mentors |" in report
