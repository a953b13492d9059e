"""One answer on the Hiring page: every file it hands a manager (the profile, one candidate's fit as Markdown and
CSV, several candidates compared as Markdown and CSV) is the report a script writes from the same files
through planner.service.hiring and planner.reports.team; and the use cases themselves on edge inputs (a file
refused, one on another track, fewer than two candidates, a profile asked for an unknown skill)."""

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
from tests.team_support import HIRE_ROSTER, HIRE_SKILL, download, ok, table, with_hires

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
