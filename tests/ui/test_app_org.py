"""The Organisation page through AppTest: the teams side by side from the database or from an uploaded
roster, the heatmap beside its numbers, the hiring plan ranked with links to the teams, the mentor pairs
exported as CSV, and in a shared deployment each viewer's teams, decided again on every run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from planner.formats.assessment import Assessment
from planner.framework.loading import load_framework
from tests.app_support import APP, charts, named_by, plain_text, shown_text, unescape
from tests.conftest import FIVE_STAGE
from tests.org.test_org import THREE_TEAMS
from tests.ui.test_app_access import AUTH, signed_in

SHIPPED_STAGES = [(s.number, s) for s in load_framework().curve.stages]
FOUR_COLUMNS = ("read-code", "write-code", "debug-code", "prompting", "verifying", "rubric", "task-agents")


def assessments(team: str) -> list[Assessment]:
    """The people of one team of THREE_TEAMS as assessments (the team is the one stored under)."""
    out = []
    for line in THREE_TEAMS.splitlines()[1:]:
        name, track, rater, in_team, *cells = line.split(",")
        if in_team == team:
            ratings = {s: int(c) for s, c in zip(FOUR_COLUMNS, cells, strict=True)}
            out.append(Assessment(name=name, track=track, rater=rater, ratings=ratings))  # type: ignore[arg-type]
    return out


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Teams alpha, beta and gamma stored on the five-stage framework; an access file: a manager of beta."""
    from planner.storage import Store

    url = f"sqlite:///{tmp_path / 'stagepath.db'}"
    framework = load_framework(FIVE_STAGE)
    with Store(url) as store:
        for team in ("alpha", "beta", "gamma"):
            store.store(assessments(team), framework, team=team)
    access = tmp_path / "access.yaml"
    access.write_text("administrators: [boss@example.com]\nmanagers:\n  maria@example.com: [beta]\n")
    monkeypatch.setenv("STAGEPATH_DATABASE_URL", url)
    monkeypatch.setenv("STAGEPATH_ROLES", str(FIVE_STAGE))
    monkeypatch.setenv("STAGEPATH_ACCESS", str(access))
    yield access


def org_page(user: dict[str, Any] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if user is not None:
        at.secrets["auth"] = AUTH
        at.user = user
    at.run()
    at.switch_page("planner/ui/pages/org.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def teams_table(at: AppTest) -> Any:
    return next(d.value for d in at.dataframe if "Operating stage" in d.value.columns)


def test_single_user_mode_shows_every_stored_team_side_by_side(database: Path) -> None:
    at = org_page()
    assert at.title[0].value == "Organisation"
    frame = teams_table(at)
    assert frame["Name"].tolist() == ["alpha", "beta", "gamma"]
    assert frame["People"].tolist() == [2, 2, 2]
    assert frame["Team"].tolist() == ["team?team=alpha", "team?team=beta", "team?team=gamma"]
    # The target selector left at its default: the stage after the median placement (2), so 3.
    assert any(m.label == "Target" and m.value == "Stage 3" for m in at.metric)


def test_the_heatmap_shows_the_numbers_of_the_table_beside_it(database: Path) -> None:
    at = org_page()
    [heatmap] = [c for c in charts(at) if c["data"][0]["type"] == "heatmap"]
    numbers = next(d.value for d in at.dataframe if d.value.index.name == "Team")
    assert heatmap["data"][0]["z"] == numbers.to_numpy().tolist()
    assert heatmap["data"][0]["y"] == numbers.index.tolist()


def test_the_hiring_plan_ranks_the_shared_hire_first_and_links_each_team(database: Path) -> None:
    at = org_page()
    plan = next(d.value for d in at.dataframe if "Unblocks" in d.value.columns)
    assert plan["Skill"].tolist() == ["Task agents", "Rubric"]
    assert plan["Teams"].tolist() == [3, 2]
    links = [(p.proto.label, p.proto.query_string) for p in at.get("page_link")]
    assert links[:3] == [("Open on the Team page", f"team={t}") for t in ("alpha", "beta", "gamma")]
    texts = plain_text(at)  # each team's name beside its link, as plain text
    assert texts[texts.index("alpha") :][:3] == ["alpha", "beta", "gamma"]


def test_the_mentor_pairs_download_as_csv(database: Path) -> None:
    at = org_page()
    pairs = next(d.value for d in at.dataframe if "Mentor" in d.value.columns)
    assert pairs[["Team", "Develop", "Mentor"]].values.tolist() == [["beta", "b1", "b2"]]
    [button] = [b for b in at.get("download_button") if "pairs" in b.proto.label]
    assert button.proto.label == "Download the pairs (CSV)"


def test_an_uploaded_roster_with_a_team_column_is_shown_instead(database: Path) -> None:
    at = org_page()
    text = THREE_TEAMS.replace("gamma", "=SUM(1)")
    at.file_uploader(key="org.upload").set_value([("org.csv", text.encode(), "text/csv")]).run()
    assert not at.exception, [e.value for e in at.exception]
    frame = teams_table(at)
    assert frame["Name"].tolist() == ["=SUM(1)", "alpha", "beta"]
    assert "the uploaded files" in shown_text(at)


def test_a_manager_sees_only_their_team_and_an_administrator_every_team(database: Path) -> None:
    assert teams_table(org_page(signed_in("maria@example.com")))["Name"].tolist() == ["beta"]
    assert teams_table(org_page(signed_in("boss@example.com")))["Name"].tolist() == ["alpha", "beta", "gamma"]
    member = org_page(signed_in("ada@example.com"))
    assert member.title[0].value == "No access"
    assert "alpha" not in shown_text(member) and not member.dataframe


def test_access_is_decided_again_on_every_run(database: Path) -> None:
    at = org_page(signed_in("maria@example.com"))
    assert teams_table(at)["Name"].tolist() == ["beta"]
    database.write_text("administrators: [boss@example.com]\nmanagers:\n  maria@example.com: [gamma]\n")
    at.run()
    assert not at.exception
    assert teams_table(at)["Name"].tolist() == ["gamma"]
    database.write_text("administrators: [boss@example.com]\n")
    at.run()
    assert at.title[0].value == "No access" and not at.dataframe


def test_the_team_page_pairs_each_person_to_develop_with_a_mentor(database: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["team"] = "beta"
    at.run()
    at.switch_page("planner/ui/pages/team.py").run()
    assert not at.exception, [e.value for e in at.exception]
    coverage = next(d.value for d in at.dataframe if "Verdict" in d.value.columns)
    assert coverage.set_index("Skill").loc["Rubric", "Mentors"] == "b2"
    pairs = next(d.value for d in at.dataframe if "Mentor" in d.value.columns)
    assert pairs[["Develop", "Skill", "Mentor"]].values.tolist() == [["b1", "Rubric", "b2"]]
    [button] = [b for b in at.get("download_button") if b.proto.label == "Download the pairs (CSV)"]
    assert button.proto.label


def test_my_plan_says_which_ratings_of_a_dated_assessment_are_due(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.app_support import EXAMPLES, go, open_section, start, unescape

    monkeypatch.delenv("STAGEPATH_ROLES", raising=False)
    at = start(page="assess")
    open_section(at, "assess.save_open")
    raw = (EXAMPLES / "developer-2026-03.yaml").read_bytes()  # dated 2026-03-02
    at.file_uploader(key="assess.upload").upload("developer-2026-03.yaml", raw, "application/x-yaml").run()
    go(at, "plan")
    [note] = [unescape(i.value) for i in at.info if "due for re-rating" in unescape(i.value)]
    # The shipped map: AI-era skills after 180 days, the floor after 365 (so not yet, before March 2027).
    assert note.startswith("Rated on 2026-03-02:")
    assert "Coding with an assistant" in note and "Read code" not in note


def test_a_stored_groundwork_record_sets_its_team_s_operating_stage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planner.formats.groundwork import load_groundwork
    from planner.framework.loading import SHIPPED_ROLES
    from planner.storage import Store
    from tests.org.test_org import core_record

    shipped = load_framework(SHIPPED_ROLES)
    top = dict.fromkeys(shipped.track_skill_ids("developer"), max(shipped.levels))
    url = f"sqlite:///{tmp_path / 'stagepath.db'}"
    with Store(url) as store:
        for team in ("core", "edge"):  # two people at the top of the scale: they cover every stage
            people = [Assessment(name=f"{team}-{i}", track="developer", ratings=top) for i in (1, 2)]
            store.store(people, shipped, team=team)
        store.store_groundwork(load_groundwork("core.yaml", core_record(shipped).encode(), shipped), shipped)
    monkeypatch.setenv("STAGEPATH_DATABASE_URL", url)
    monkeypatch.delenv("STAGEPATH_ROLES", raising=False)
    monkeypatch.delenv("STAGEPATH_ACCESS", raising=False)
    at = org_page()
    at.selectbox(key="org.target").set_value(5).run()
    frame = teams_table(at)
    shown = frame[["Name", "People's stage", "Groundwork stage", "Operating stage", "Build"]]
    assert shown.values.tolist() == [["core", 6, "3", 3, "1"], ["edge", 6, "not recorded", 6, "not recorded"]]
    assert "1 team has no groundwork recorded (edge)" in shown_text(at)


def test_an_empty_organisation_offers_the_sample_and_goes_back_to_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STAGEPATH_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    at = org_page()
    assert "No one to show yet" in shown_text(at)
    at.button(key="org.sample").click().run()
    assert not at.exception, [e.value for e in at.exception]
    teams = teams_table(at)
    assert sorted(teams["Name"]) == ["Mobile", "Payments", "Platform", "Search"]
    people = len((Path(APP).parent / "examples" / "org-roster.csv").read_text().splitlines()) - 1
    assert f"From the sample organisation: {people} people in 4 teams." in shown_text(at)
    assert not at.warning  # the sample reads without a problem
    # Readiness is shown for the stages that ask something of their own: not for the first stage, where
    # everyone starts, nor for the aspirational ones, whose figure would repeat the stage below.
    readiness = next(d.value for d in at.dataframe if d.value.index.name == "Team")
    assert list(readiness.columns) == [f"Stage {n} · {s.name}" for n, s in SHIPPED_STAGES if 2 <= n <= 6]
    [heatmap] = [c for c in charts(at) if c["data"][0]["type"] == "heatmap"]
    assert heatmap["data"][0]["x"] == ["2", "3", "4", "5", "6"]
    # The sample's teams are not stored: the hiring plan names them without links to the Team page.
    plan = next(d.value for d in at.dataframe if "Unblocks" in d.value.columns)
    assert len(plan) and not at.get("page_link")
    assert any(t.startswith("Teams: ") for t in plain_text(at))
    at.button(key="org.unsample").click().run()
    assert "No one to show yet" in shown_text(at)


PLATFORM_RECORD = (Path(APP).parent / "examples" / "groundwork-sample.yaml").read_bytes()  # team Platform's


def sample_organisation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """The Organisation page on an empty database, showing the sample organisation."""
    monkeypatch.setenv("STAGEPATH_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    at = org_page()
    at.button(key="org.sample").click().run()
    return at


def upload_records(at: AppTest, records: list[tuple[str, bytes]]) -> None:
    at.file_uploader(key="org.groundwork").set_value(
        [(name, raw, "application/x-yaml") for name, raw in records]
    ).run()


def test_uploaded_groundwork_records_set_their_teams_stages_and_a_bad_one_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = sample_organisation(tmp_path, monkeypatch)
    before = teams_table(at).set_index("Name")
    assert set(before["Groundwork stage"]) == {"not recorded"}
    broken = PLATFORM_RECORD.replace(b"non-bypassable-stops:", b"non-bypasable-stops:")
    upload_records(at, [("platform.yaml", PLATFORM_RECORD), ("broken.yaml", broken)])
    assert not at.exception, [e.value for e in at.exception]
    after = teams_table(at).set_index("Name")
    assert after.loc["Platform", "Groundwork stage"] == "3"
    assert after.loc["Platform", "Build"] != "not recorded"
    assert after.loc["Platform", "Operating stage"] <= before.loc["Platform", "Operating stage"]
    assert set(after.drop(index="Platform")["Groundwork stage"]) == {"not recorded"}
    [error] = [e.value for e in at.error]
    error = named_by(at, error)  # the file's problems, as plain text under the alert
    line = next(n for n, t in enumerate(broken.decode().splitlines(), 1) if "non-bypasable-stops" in t)
    assert f"broken.yaml:{line}" in error and "non-bypassable-stops" in error  # the nearest id is named


def test_a_second_record_of_one_team_is_left_out_and_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = sample_organisation(tmp_path, monkeypatch)
    upload_records(at, [("first.yaml", PLATFORM_RECORD), ("again.yaml", PLATFORM_RECORD)])
    assert not at.exception, [e.value for e in at.exception]
    [error] = [e.value for e in at.error]
    assert error == "A groundwork record is left out:"
    assert named_by(at, error) == (
        "again.yaml: a second groundwork record of team 'Platform' (the first is first.yaml)"
    )
    assert teams_table(at).set_index("Name").loc["Platform", "Groundwork stage"] == "3"  # the first counts


def test_the_sample_organisation_is_within_reach_when_teams_are_stored(database: Path) -> None:
    at = org_page()
    assert teams_table(at)["Name"].tolist() == ["alpha", "beta", "gamma"]
    at.button(key="org.sample").click().run()
    # The teams stored here were checked against a framework of the tests' own; the sample is written for
    # the shipped one, and the page says so instead of showing nobody without a word.
    assert "The sample organisation is written for the shipped framework" in unescape(shown_text(at))
    assert not [d for d in at.dataframe if "Name" in d.value.columns and "alpha" in d.value["Name"].tolist()]
    at.button(key="org.unsample").click().run()
    assert teams_table(at)["Name"].tolist() == ["alpha", "beta", "gamma"]


def test_teams_of_one_name_in_two_files_are_named_as_merged(database: Path) -> None:
    at = org_page()
    lines = THREE_TEAMS.splitlines()
    first = "\n".join(lines[:3] + lines[5:7]) + "\n"  # alpha and gamma
    second = "\n".join([lines[0], *lines[3:5], lines[1].replace("a1,", "z1,")]) + "\n"  # beta and alpha
    at.file_uploader(key="org.upload").set_value(
        [("north.csv", first.encode(), "text/csv"), ("south.csv", second.encode(), "text/csv")]
    ).run()
    assert not at.exception, [e.value for e in at.exception]
    assert teams_table(at).set_index("Name").loc["alpha", "People"] == 3
    warnings = [named_by(at, w.value) for w in at.warning]  # each note as plain text under its alert
    assert any("Team alpha is in 2 files (north.csv, south.csv)" in w for w in warnings)
    assert not any("Team beta" in w or "Team gamma" in w for w in warnings)


def test_a_teams_mean_readiness_is_withheld_below_the_smallest_group(
    database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The page does not show people one by one: a mean of two people's readiness is withheld at the default
    # threshold of three, and shown when the threshold is two.
    monkeypatch.delenv("STAGEPATH_MIN_GROUP", raising=False)
    at = org_page()
    shown = next(d for d in at.dataframe if d.value.index.name == "Team")
    numbers = shown.value
    assert numbers.isna().all().all()
    assert shown.proto.placeholder == "withheld"  # what the empty cells read, not "None"
    teams = next(d for d in at.dataframe if "Floor breaches" in d.value.columns)
    assert teams.value["Readiness for stage 3 (%)"].isna().all() and teams.proto.placeholder == "withheld"
    assert "A team of fewer than 3 people has no mean here" in shown_text(at)
    monkeypatch.setenv("STAGEPATH_MIN_GROUP", "2")
    at = org_page()
    numbers = next(d.value for d in at.dataframe if d.value.index.name == "Team")
    assert not numbers.isna().any().any()
    assert "has no mean here" not in shown_text(at)
