"""The Team page as a manager uses it: the roster from uploads, the sample or the database; the headline
figures; coverage with develop-or-hire at a target; the heatmap with the expected levels marked; averages
withheld for small groups; progress and calibration; exports that are safe to open; hostile names shown
as plain text. Every test runs on its own throwaway SQLite file."""

from __future__ import annotations

import csv
import html
import io
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from planner.framework.loading import load_framework
from planner.storage import Store
from tests.app_support import catch_downloads, charts, live_markup, named_by, shown_text, unescape
from tests.team_support import (
    HOSTILE_NAME,
    SAMPLE,
    csv_rows,
    download,
    figure,
    metric,
    ok,
    roster,
    row_labels,
    table,
    team_page,
    upload,
    use_database,
    values,
    with_sample,
)

FRAMEWORK = load_framework()
NAMES = FRAMEWORK.skill_names
EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"


@pytest.fixture(autouse=True)
def database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    return use_database(monkeypatch, tmp_path)


def verdicts(at: Any) -> dict[tuple[str, str], tuple[str, str]]:
    """(track name, skill name) -> (verdict, whom to develop), from the coverage table."""
    frame = table(at, "Verdict")
    return {
        (track, skill): (verdict, develop)
        for track, skill, verdict, develop in zip(
            frame["Track"], frame["Skill"], chips(frame), frame["Develop"], strict=True
        )
    }


def chips(frame: Any) -> list[str]:
    """The verdict column's chips (one per row) as their words."""
    return [" ".join(cell) for cell in frame["Verdict"]]


def developers(count: int, **ratings: int) -> list[dict[str, object]]:
    return [{"name": f"Dev {i}", "track": "developer", "rater": "self", **ratings} for i in range(count)]


# --- the first visit ----------------------------------------------------------------------------------------


def test_a_first_visit_explains_what_to_upload_and_offers_the_sample() -> None:
    at = team_page()
    text = shown_text(at)
    assert "No team yet" in text
    assert "name,track,rater,team,assessed_on,read-code" in text
    assert at.button(key="team.sample").label == "Try the sample team"
    assert not at.metric  # no figures before there is a team


def test_the_sample_team_gives_the_hand_computed_figures() -> None:
    at = with_sample()
    assert "Showing 10 people (16 assessments) from the sample roster." in shown_text(at)
    assert metric(at, "People") == "10"
    assert metric(at, "Below the floor") == "3 of 10"
    # Six in ten make the shift comfortably: plan support for the other four. The source's words are quoted
    # and our number for them said to be ours; the framework's sentence (ours) is not in quotation marks.
    assert metric(at, "Support to plan for, by the source's figure") == "4 of 10 people"
    share = next(f for f in FRAMEWORK.curve.facts if f.id == "comfortable-shift-share")
    text = unescape(shown_text(at))
    assert share.text in text and f"\u201c{share.text}" not in text
    assert 'the source says "roughly sixty percent", which we read as 0.6' in text
    breaches = table(at, "Floor minimum")
    assert sorted(zip(breaches["Name"], breaches["Skill"], strict=True)) == [
        ("Hana Sato", "Debug code"),
        ("Mateo Silva", "Debug code"),
        ("Wei Chen", "Read code"),
    ]
    # The default target is the stage after the median placement: 3, so 4.
    assert at.selectbox(key="team.target").value == 4
    found = verdicts(at)
    # Stage 4 asks its own skills at Practising (2) and raises judging when to use an assistant to 3.
    # Merging agents into team workflows is held by Amara alone, of the two the goal asks: thin, with the
    # three developers one level below named as next holders; QA's gates on shared infrastructure likewise.
    assert found["Software developer", NAMES["team-workflow-consolidation"]] == (
        "◐ Thin",
        "Jonas Weber, Mateo Silva, Sofia Lindqvist",
    )
    assert found["QA engineer", NAMES["quality-pipeline-partnership"]] == (
        "◐ Thin",
        "Hana Sato, Kwame Mensah",
    )
    # Nobody holds these, but someone is within one level of each: develop, nothing to hire.
    assert found["QA engineer", NAMES["non-bypassable-checkpoints"]] == (
        "↑ Develop",
        "Lena Fischer, Kwame Mensah",
    )
    assert found["Software developer", NAMES["assistant-use-judgment"]][0] == "↑ Develop"
    assert found["QA engineer", NAMES["assistant-fit-for-testing"]][0] == "↑ Develop"
    assert found["Software developer", NAMES["read-code"]][0] == "✓ Covered"
    gaps = [v for v in found.values() if v[0] != "✓ Covered"]
    assert len(gaps) == 5 and {v[0] for v in gaps} == {"↑ Develop", "◐ Thin"}
    # Gaps come first in the (developers') table, so a manager sees them without scrolling.
    assert chips(table(at, "Verdict"))[:3] == ["↑ Develop", "◐ Thin", "✓ Covered"]
    badges = [m.value for m in at.markdown if "badge[" in m.value]
    assert any("1 thin" in b and "1 to develop" in b and "0 to hire" in b for b in badges)  # developers
    assert any("1 thin" in b and "2 to develop" in b and "0 to hire" in b for b in badges)  # QA


def test_the_stage_distribution_is_drawn_and_tabled() -> None:
    at = with_sample()
    frame = table(at, "Software developer")
    counts = dict(zip(frame["Stage"], frame["Software developer"], strict=True))
    # Amara meets every stage-4 skill at 2 but judges when to use an assistant at 2, where stage 4 asks 3.
    assert counts["Stage 3 · Task"] == 4 and counts["Stage 4 · Workflow"] == 0
    bars = figure(at, "bar")
    developer = next(t for t in bars["data"] if t["name"] == "Software developer")
    assert sum(developer["y"]) == 6
    assert (
        bars["data"][1]["marker"]["pattern"]["shape"] == "/"
    )  # the second track differs by more than colour


def test_a_lower_target_and_a_higher_bar_change_the_verdicts() -> None:
    at = with_sample()
    at.selectbox(key="team.target").set_value(3).run()
    ok(at)
    assert all(v == "✓ Covered" for v, _ in verdicts(at).values())
    at.number_input(key="team.min_coverage").set_value(5).run()
    ok(at)
    # Everything up to stage 3 is held, so a higher goal only thins rows: the goal is capped at the people
    # on each track (four QA engineers), and ten skills have fewer holders than that.
    found = verdicts(at)
    assert sum(v != "✓ Covered" for v, _ in found.values()) == 10
    assert {v for v, _ in found.values()} == {"✓ Covered", "◐ Thin"}
    at.toggle(key="team.gaps_only").set_value(True).run()
    assert set(chips(table(at, "Verdict"))) <= {"+ Hire", "↑ Develop", "◐ Thin"}


# --- uploads ----------------------------------------------------------------------------------------------


def test_bad_rows_are_listed_by_row_and_column_and_the_good_rows_kept() -> None:
    at = team_page()
    raw = roster(
        [
            {"name": "Ann", "track": "developer", "read-code": 3, "debug-code": 3},
            {"name": "Bob", "track": "developer", "read-code": 3, "debug-code": 9},
            {"name": "Cy", "track": "", "read-code": 3, "debug-code": 3},
            {"name": "Dee", "track": "developer", "read-code": 3, "debug-code": 3},
            {"name": "Eve", "track": "developer", "rater": "manager", "read-code": 4, "debug-code": 4},
        ]
    )
    upload(at, [("team.csv", raw)])
    problems = table(at, "Problem")
    where = list(problems["Where"])
    assert where == ["row 3, column debug-code", "row 4, column track"]
    assert "rating 9 is off the scale" in problems["Problem"][0]
    assert "track is missing" in problems["Problem"][1]
    assert "2 rows left out" in shown_text(at)
    assert metric(at, "People") == "3"  # Ann, Dee and Eve
    assert "A roster with problems is not saved" in shown_text(at)


def test_a_roster_with_a_column_that_names_no_skill_is_refused_whole() -> None:
    at = team_page()
    raw = roster([{"name": "Ann", "track": "developer", "read-code": 3, "debug-cdoe": 3}])
    upload(at, [("team.csv", raw), ("ok.yaml", (EXAMPLES / "qa-2026-09.yaml").read_bytes())])
    problems = table(at, "Problem")
    assert "unknown skill id 'debug-cdoe' (did you mean 'debug-code'?)" in " ".join(problems["Problem"])
    assert metric(at, "People") == "1"  # the good file is still read; no one from the refused roster


def test_a_file_that_cannot_be_read_is_refused_and_named() -> None:
    at = team_page()
    upload(
        at,
        [("broken.csv", b"just one column\nx\n"), ("ok.yaml", (EXAMPLES / "qa-2026-09.yaml").read_bytes())],
    )
    problems = table(at, "Problem")
    assert "broken.csv" in set(problems["File"])
    assert "missing column(s) 'name', 'track', 'rater'" in " ".join(problems["Problem"])
    assert "1 file refused" in shown_text(at)
    assert metric(at, "People") == "1"


def test_assessment_files_make_a_team_with_progress_over_time() -> None:
    at = team_page()
    unnamed = b"stagepath: 1\ntrack: qa\nrater: self\nratings:\n  read-code: 3\n"
    files = [
        ("developer-2026-03.yaml", (EXAMPLES / "developer-2026-03.yaml").read_bytes()),
        ("developer-2026-09.yaml", (EXAMPLES / "developer-2026-09.yaml").read_bytes()),
        ("ines-qa.yaml", unnamed),
    ]
    upload(at, files)
    assert "Showing 2 people (3 assessments) from 3 uploaded files." in shown_text(at)
    progress = table(at, "Date")
    assert list(progress["Name"]) == ["Sam Example", "Sam Example"]
    assert list(progress["Date"]) == ["2026-03-02", "2026-09-01"]
    assert "Nobody here has both their own and a manager's rating" in shown_text(at)
    # The file without a name is named after itself; it is on the QA track, the heatmap's second.
    assert "ines-qa" not in list(table(at, "Person")["Person"])
    at.segmented_control(key="team.heatmap_track").set_value("qa").run()
    assert "ines-qa" in list(ok(at) and table(at, "Person")["Person"])


def test_progress_is_drawn_per_rater_so_a_change_of_rater_is_no_fall() -> None:
    # Ann rates herself 3 everywhere in January; her manager rates her 2 in February. One line would fall
    # from her own placement to the manager's: two lines, one per rater, never join the two.
    skills = [s.id for _, s in FRAMEWORK.track("developer").skills_through(3)] + [
        "read-code",
        "write-code",
        "debug-code",
    ]
    rows = "name,track,rater,assessed_on," + ",".join(skills) + "\n"
    rows += "Ann,developer,self,2026-01-10," + ",".join("3" for _ in skills) + "\n"
    rows += "Ann,developer,manager,2026-02-10," + ",".join("2" for _ in skills) + "\n"
    at = upload(team_page(), [("ann.csv", rows.encode())])
    progress = next(f for f in charts(at) if f["data"] and f["data"][0].get("name", "").startswith("Ann"))
    lines = {t["name"]: (t["x"], t["y"], t["line"]["dash"]) for t in progress["data"]}
    assert set(lines) == {"Ann (own rating)", "Ann (manager's rating)"}
    own, manager = lines["Ann (own rating)"], lines["Ann (manager's rating)"]
    assert own[0] == ["2026-01-10"] and manager[0] == ["2026-02-10"]
    assert own[1][0] > manager[1][0]  # the two placements differ, but no line runs from one to the other
    assert own[2] != manager[2]
    assert "so a change of rater is not a rise or a fall" in shown_text(at)


def test_a_large_import_shows_a_progress_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[float, str]] = []
    original = DeltaGenerator.progress

    def record(self: DeltaGenerator, value: float, text: str | None = None, **kwargs: Any) -> Any:
        seen.append((value, text or ""))
        return original(self, value, text=text, **kwargs)

    at = team_page()
    monkeypatch.setattr(DeltaGenerator, "progress", record)
    monkeypatch.setattr(st, "progress", lambda *a, **k: record(st._main, *a, **k))
    files = [
        (
            f"person-{i}.yaml",
            f"stagepath: 1\nname: Person {i}\ntrack: developer\nratings:\n  read-code: 3\n".encode(),
        )
        for i in range(8)
    ]
    upload(at, files)
    assert metric(at, "People") == "8"
    reading = [value for value, text in seen if text.startswith(("Reading", "Putting"))]
    assert reading == [0.0, *(i / 8 for i in range(8)), 1.0]
    # By number, not by name: a progress text is Markdown, where a file's name could become a link.
    assert "Reading file 8 of 8" in [text for _, text in seen]


# --- what is shown ----------------------------------------------------------------------------------------


def test_a_hostile_name_is_shown_literally_everywhere() -> None:
    at = team_page()
    rows = developers(3, **{"read-code": 3, "write-code": 3, "debug-code": 2})
    rows[0]["name"] = HOSTILE_NAME
    upload(at, [(f"{HOSTILE_NAME}.csv", roster(rows))])
    ok(at)
    assert live_markup(at) == []
    breaches = table(at, "Floor minimum")
    assert HOSTILE_NAME in list(breaches["Name"])
    assert HOSTILE_NAME in list(table(at, "Person")["Person"])
    heatmap = figure(at, "heatmap")
    labels = heatmap["data"][0]["x"]
    assert html.escape(HOSTILE_NAME, quote=False) in labels  # plotly draws text: HTML-escaped is enough
    assert not any("<script>" in label for label in labels)
    # The file name, in the line that says where the roster came from, is plain text too.
    assert "Showing 3 people (3 assessments) from 1 uploaded file." in shown_text(at)


def test_the_heatmap_marks_what_the_target_expects_and_every_cell_below_it() -> None:
    at = with_sample()
    heatmap = figure(at, "heatmap")
    cells = heatmap["data"][0]
    # The people run across, after the column of what the target expects; the skills run down, grouped
    # under a heading for the floor and each stage.
    assert cells["x"] == [
        "Expected at the target",
        "Amara Okafor",
        "Jonas Weber",
        "Priya Raman",
        "Mateo Silva",
        "Sofia Lindqvist",
        "Wei Chen",
    ]
    rows = row_labels(heatmap)
    headings = [r for r in rows if r.startswith("<b>")]
    assert headings == ["<b>Floor: at least 3</b>", "<b>Stage 2</b>", "<b>Stage 3</b>", "<b>Stage 4</b>"]
    assert rows[:4] == ["<b>Floor: at least 3</b>", "Read code", "Write code", "Debug code"]
    z = values(cells["z"])
    skill_rows = [i for i, r in enumerate(rows) if not r.startswith("<b>")]
    assert np.isnan(z[[i for i, r in enumerate(rows) if r.startswith("<b>")]]).all()  # headings are empty
    expected, ratings = z[skill_rows, 0], np.nan_to_num(z[skill_rows, 1:], nan=0.0)
    assert expected[:3].tolist() == [3, 3, 3]
    # The expected column is framed, the cells below it marked with a diamond: the levels view's marks.
    expected_marks, frames = heatmap["data"][1], heatmap["data"][2]
    assert expected_marks["name"] == "Framed: the level the skill expects at the target"
    assert set(expected_marks["x"]) == {"Expected at the target"}
    assert sorted(values(expected_marks["y"]).tolist()) == skill_rows
    assert frames["name"] == "Diamond: below what the skill expects at the target"
    assert frames["marker"]["symbol"] != expected_marks["marker"]["symbol"]
    assert len(frames["x"]) == int((ratings < expected[:, None]).sum())
    # Wei Chen reads code at 2 against the floor's 3: his Read code cell is marked; Mateo Silva's Debug code.
    framed = {(x, rows[y]) for x, y in zip(frames["x"], values(frames["y"]).tolist(), strict=True)}
    assert ("Wei Chen", "Read code") in framed and ("Mateo Silva", "Debug code") in framed
    assert ("Amara Okafor", "Read code") not in framed
    numbers = table(at, "Person")
    people = list(numbers["Person"])
    assert people[0] == "Expected at the target" and people[-1] == "Team average"


def test_a_large_team_shows_levels_across_everyone_and_says_the_people_view_is_a_subset() -> None:
    at = team_page()
    rows = developers(120, **{"read-code": 3, "write-code": 3, "debug-code": 3, "assisted-coding": 2})
    upload(at, [("big.csv", roster(rows))])
    assert at.segmented_control(key="team.heatmap_view").value == "levels"
    assert "Levels across all 120 people" in at.segmented_control(key="team.heatmap_view").options
    counts = figure(at, "heatmap")
    rows = row_labels(counts)
    z = values(counts["data"][0]["z"])
    assert counts["data"][0]["x"][0] == "0 · Not yet" and len(counts["data"][0]["x"]) == 5
    assert z[rows.index("Read code")].tolist() == [0, 0, 0, 120, 0]  # everyone at 3, lowest level first
    # The same two marks as the people view, with the same words: the diamonds are where people are below
    # what the skill expects (here the unrated stage-2 skills; everyone's 2 in the fourth skill meets the
    # Practising stage 2 asks of it), nowhere else.
    expected_marks, below = counts["data"][1], counts["data"][2]
    assert expected_marks["name"] == "Framed: the level the skill expects at the target"
    assert below["name"] == "Diamond: below what the skill expects at the target"
    stage_two = [r for r in rows[rows.index("<b>Stage 2</b>") + 1 :] if not r.startswith("<b>")][:4]
    assert [rows[y] for y in values(below["y"]).tolist()] == stage_two[1:]
    assert z[rows.index(stage_two[0]), 2] == 120 and z[rows.index(stage_two[1]), 0] == 120  # at 2; unrated
    # Skill names are whole (wrapped, not cut), with the margin grown to fit them.
    assert counts["layout"]["yaxis"]["automargin"] is True
    assert not any("…" in t for t in rows)
    assert "How many of the 120 people on this track" in shown_text(at)
    at.segmented_control(key="team.heatmap_view").set_value("people").run()
    ok(at)
    assert len(figure(at, "heatmap")["data"][0]["x"]) == 51  # the expected column and the first 50
    assert "The first 50 of 120 people on this track, in roster order" in shown_text(at)


def test_averages_beside_each_person_are_shown_for_a_group_of_two_with_their_count(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The one rule (smallest_group_shown): the Team page shows each person's ratings, so an average of two
    # hides nothing from its reader and is shown, with how many people it is over; the threshold does not
    # change that.
    ratings = {"read-code": 3, "write-code": 4, "debug-code": 2}
    monkeypatch.setenv("STAGEPATH_MIN_GROUP", "5")
    at = team_page()
    upload(at, [("two.csv", roster(developers(2, **ratings)))])
    average = table(at, "Person").set_index("Person").loc["Team average"]
    assert list(average[:3]) == ["3", "4", "2"]
    assert "The team average (the last row) is over all 2 people on this track" in shown_text(at)
    assert "withheld" not in set(average)


def test_calibration_shows_who_rates_themselves_higher_and_the_mean_beside_each_person() -> None:
    at = with_sample()
    calibration = table(at, "Skills compared").set_index("Name")
    assert set(calibration.index) == {"Jonas Weber", "Priya Raman", "Lena Fischer"}
    assert calibration.loc["Jonas Weber", "Reading"] == "Rates self higher than the manager does"
    assert "Across the 3 people compared, managers rate" in shown_text(at)

    at = team_page()
    rows = [
        {"name": n, "track": "developer", "rater": r, "read-code": v}
        for n in ("Ann", "Bob")
        for r, v in (("self", 4), ("manager", 2))
    ]
    upload(at, [("pairs.csv", roster(rows))])
    assert "Across the 2 people compared, managers rate 2.00 levels lower than people rate themselves" in (
        shown_text(at)
    )
    assert "average is withheld" not in shown_text(at)
    assert set(table(at, "Skills compared")["Reading"]) == {"Rates self higher than the manager does"}


# --- the database -----------------------------------------------------------------------------------------


def test_save_to_the_database_then_load_it_back_with_history(database: str) -> None:
    at = with_sample()
    at.text_input(key="team.save_name").set_value("Core").run()
    at.button(key="team.save").click().run()
    ok(at)
    saved = (
        "Saved 16 assessments as the team named below, with its groundwork (4 capabilities in place). "
        "Load them any time from the database."
    )
    assert named_by(at, saved) == "Core"
    assert at.button(key="team.save").disabled  # saving the same roster twice takes a new press of nothing
    with Store(database) as store:
        assert store.teams() == ["Core"]
        assert len(store.latest("Core")) == 10

    at.button(key="team.clear").click().run()
    assert "No team yet" in shown_text(ok(at))
    at.selectbox(key="team.stored_team").set_value("Core").run()
    at.button(key="team.load_stored").click().run()
    ok(at)
    assert "Showing 10 people (16 assessments) from team Core in the database, with history." in shown_text(
        at
    )
    assert metric(at, "Support to plan for, by the source's figure") == "4 of 10 people"
    found = verdicts(at)
    assert found["Software developer", NAMES["team-workflow-consolidation"]][0] == "◐ Thin"
    assert set(table(at, "Date")["Name"]) == {"Amara Okafor", "Mateo Silva", "Sofia Lindqvist"}
    assert len(table(at, "Skills compared")) == 3


def test_a_bad_upload_changes_nothing_stored(database: str) -> None:
    at = with_sample()
    at.text_input(key="team.save_name").set_value("Core").run()
    at.button(key="team.save").click().run()
    with Store(database) as store:
        before = [(s.name, s.id) for s in store.latest("Core")]
    upload(at, [("bad.csv", roster([{"name": "Zed", "track": "developer", "read-code": 9}]))])
    assert "1 row left out" in shown_text(at)
    with Store(database) as store:
        assert [(s.name, s.id) for s in store.latest("Core")] == before
        assert "Zed" not in store.people()


def test_loading_an_empty_database_says_so() -> None:
    at = team_page()
    at.button(key="team.load_stored").click().run()
    ok(at)
    assert "Nothing is stored for that choice yet" in shown_text(at)
    assert "No team yet" in shown_text(at)


# --- exports ----------------------------------------------------------------------------------------------


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    return catch_downloads(monkeypatch)


def test_exports_are_the_report_coverage_and_roster(downloads: dict[str, Any]) -> None:
    with_sample()
    name, text = download(downloads, "stagepath-team-plan-")
    assert name.endswith(".md")
    assert (
        "# Team plan" in text and "- **Support to plan for, by the source's figure:** 4 of 10 people" in text
    )
    assert "- **Target:** stage 4 (Workflow)" in text
    name, text = download(downloads, "stagepath-team-coverage-")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert not [r for r in rows if r["verdict"] == "hire"]  # someone is within reach of every gap
    thin = [r for r in rows if r["verdict"] == "thin"]
    assert {r["skill"] for r in thin} == {"team-workflow-consolidation", "quality-pipeline-partnership"}
    name, text = download(downloads, "stagepath-team-roster-")
    people = list(csv.DictReader(io.StringIO(text)))
    assert len(people) == 10  # each person once, with their latest assessment
    assert next(p for p in people if p["name"] == "Jonas Weber")["rater"] == "manager"
    assert SAMPLE.read_bytes().startswith(b"name,track,rater,assessed_on,")


def test_exports_neutralise_formulas_and_file_names_are_safe(
    downloads: dict[str, Any], database: str
) -> None:
    at = team_page()
    rows = developers(3, **{"read-code": 3, "write-code": 3, "debug-code": 3})
    rows[0]["name"] = '=HYPERLINK("http://e.vil","x")'
    upload(at, [("formula.csv", roster(rows))])
    at.text_input(key="team.save_name").set_value("../../etc/passwd <b>x</b>").run()
    at.button(key="team.save").click().run()
    at.button(key="team.clear").click().run()
    at.selectbox(key="team.stored_team").set_value("../../etc/passwd <b>x</b>").run()
    at.button(key="team.load_stored").click().run()
    ok(at)
    for name in downloads:
        assert "/" not in name and "<" not in name and ".." not in name
    _, text = download(downloads, "stagepath-etc-passwd-b-x-b-coverage-")
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text
    _, text = download(downloads, "stagepath-etc-passwd-b-x-b-roster-")
    assert csv_rows(text)[1][0] == '\'=HYPERLINK("http://e.vil","x")'
    assert (
        "Showing 3 people (3 assessments) from team ../../etc/passwd <b>x</b> in the database"
        in "\n".join(t.value for t in at.text)
    )


def test_a_blank_roster_template_downloads_with_every_skill_id(monkeypatch: pytest.MonkeyPatch) -> None:
    downloads = catch_downloads(monkeypatch)
    team_page()
    _, text = download(downloads, "stagepath-roster-template")
    header = next(csv.reader(io.StringIO(text)))
    assert header[:5] == ["name", "track", "rater", "assessed_on", "team"]  # as `stagepath team --template`
    assert header[5:] == list(FRAMEWORK.skill_names)
    assert {"read-code", "write-code", "debug-code"} <= set(header)
    assert text.strip().count("\n") == 0  # no rows: nothing made up to delete first
    # Filled in with one person, it reads back as a roster.
    filled = text.strip() + "\nAda,developer,self,2026-11-02,Core,3,3,3\n"
    at = upload(team_page(), [("ours.csv", filled.encode())])
    assert metric(at, "People") == "1"
