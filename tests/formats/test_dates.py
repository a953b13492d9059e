"""Dates as given or refused: every date read from an assessment, a groundwork record or a roster is a real
calendar day from 2000-01-01 to today, else refused naming the file, row or field and the value; a date is
never moved (9999-12-31 was once stored as 1816-03-29); the store refuses one out of range, and a date
already stored reads back as stored. Through the formats, the store (SQLite and PostgreSQL), the command
line as real processes, and the pages that take files or save (AppTest)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, update
from streamlit.testing.v1 import AppTest

from planner.common.problems import InputError
from planner.formats.assessment import Assessment, load_assessment
from planner.formats.groundwork import GroundworkRecord, load_groundwork
from planner.formats.roster import read_roster
from planner.formats.table import team_from_assessments
from planner.framework import Framework
from planner.framework.loading import SHIPPED_ROLES, load_framework
from planner.storage import Store
from planner.storage.schema import Snapshot
from planner.team.progress import progress
from tests.app_support import APP, named_by, shown_text
from tests.conftest import FIVE_STAGE
from tests.storage.test_storage import postgres_url, run, url, write  # noqa: F401 (fixtures)
from tests.team_support import metric, table, team_page, upload, use_database
from tests.ui.test_app_access import ACCESS, AUTH, signed_in

TODAY = dt.date.today()
TOMORROW = TODAY + dt.timedelta(days=1)
EXPECTED = "expected YYYY-MM-DD, from 2000-01-01 to today"
# Each boundary: the date as written, and why it is refused (None: taken as given).
BOUNDARIES = {
    "1999-12-31": "1999-12-31 is before 2000-01-01",
    "2000-01-01": None,
    TODAY.isoformat(): None,
    TOMORROW.isoformat(): f"{TOMORROW.isoformat()} is after today ({TODAY.isoformat()})",
    "2262-04-12": f"2262-04-12 is after today ({TODAY.isoformat()})",
    "2300-01-01": f"2300-01-01 is after today ({TODAY.isoformat()})",
    "9999-12-31": f"9999-12-31 is after today ({TODAY.isoformat()})",
}
TAKEN = [d for d, why in BOUNDARIES.items() if why is None]
NOT_DATES = {
    "2026-02-30": "'2026-02-30' is not a calendar date",
    "2026-1-5": "'2026-1-5' is not a date",
    "2026-W02-1": "'2026-W02-1' is not a date",
    "2026-01-05T10:00:00": "'2026-01-05T10:00:00' is not a date",
}


@pytest.fixture(scope="module")
def five_stage() -> Framework:
    return load_framework(FIVE_STAGE)


def assessment_file(day: str, fmt: str = "yaml", name: str = "ada") -> str:
    if fmt == "json":
        return json.dumps({"stagepath": 1, "name": name, "track": "developer", "assessed_on": day})
    return f"stagepath: 1\nname: {name}\ntrack: developer\nassessed_on: {day}\nratings: {{prompting: 2}}\n"


def dated_roster(days: list[str], team: str | None = None, skill: str = "prompting") -> str:
    head = "name,track,rater,assessed_on," + ("team," if team else "") + f"{skill}\n"
    return head + "".join(
        f"p{i},developer,self,{day}," + (f"{team}," if team else "") + "2\n" for i, day in enumerate(days)
    )


# --- the formats -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["yaml", "json"])
@pytest.mark.parametrize("day", sorted(BOUNDARIES))
def test_an_assessment_file_takes_a_date_in_range_as_given_and_refuses_one_outside_naming_it(
    five_stage: Framework, day: str, fmt: str
) -> None:
    name = f"ada.{fmt}"
    raw = assessment_file(day, fmt).encode()
    why = BOUNDARIES[day]
    if why is None:
        assert load_assessment(name, raw, five_stage).assessed_on == dt.date.fromisoformat(day)
        return
    with pytest.raises(InputError) as caught:
        load_assessment(name, raw, five_stage)
    line = ":4" if fmt == "yaml" else ""
    assert [str(p) for p in caught.value.problems] == [f"{name}{line}: assessed_on: {why}; {EXPECTED}"]


@pytest.mark.parametrize("written", sorted(NOT_DATES))
def test_a_value_that_is_no_calendar_day_is_refused_naming_it(five_stage: Framework, written: str) -> None:
    for name, raw in (
        ("ada.yaml", assessment_file(written, "yaml")),
        ("ada.json", assessment_file(written, "json")),
    ):
        with pytest.raises(InputError) as caught:
            load_assessment(name, raw.encode(), five_stage)
        [problem] = caught.value.problems
        assert problem.source == name and problem.field == "assessed_on"
        assert problem.message == f"{NOT_DATES[written]}; {EXPECTED}"


def test_a_number_is_not_a_date(five_stage: Framework) -> None:
    raw = b'{"stagepath": 1, "track": "developer", "assessed_on": 1704067200}'
    with pytest.raises(InputError) as caught:
        load_assessment("ada.json", raw, five_stage)
    assert str(caught.value) == f"ada.json: assessed_on: 1704067200 is not a date; {EXPECTED}"
    with pytest.raises(InputError) as caught:
        load_assessment("ada.yaml", b"stagepath: 1\ntrack: developer\nassessed_on: 20260105\n", five_stage)
    assert str(caught.value) == f"ada.yaml:3: assessed_on: 20260105 is not a date; {EXPECTED}"


@pytest.mark.parametrize("day", sorted(BOUNDARIES))
def test_a_groundwork_record_takes_or_refuses_its_date_the_same_way(five_stage: Framework, day: str) -> None:
    raw = f"stagepath: 1\nkind: groundwork\nteam: platform\nassessed_on: {day}\n".encode()
    why = BOUNDARIES[day]
    if why is None:
        assert load_groundwork("g.yaml", raw, five_stage).assessed_on == dt.date.fromisoformat(day)
        return
    with pytest.raises(InputError) as caught:
        load_groundwork("g.yaml", raw, five_stage)
    assert str(caught.value) == f"g.yaml:4: assessed_on: {why}; {EXPECTED}"


def test_a_roster_refuses_each_row_dated_out_of_range_by_row_and_value_and_keeps_the_others(
    five_stage: Framework,
) -> None:
    days = sorted(BOUNDARIES) + sorted(NOT_DATES)
    roster = read_roster("team.csv", dated_roster(days).encode(), five_stage)
    expected = [
        f"team.csv: row {row}, column assessed_on: {why}; {EXPECTED}"
        for row, why in enumerate(
            [*(BOUNDARIES[d] for d in sorted(BOUNDARIES)), *(NOT_DATES[d] for d in sorted(NOT_DATES))], 2
        )
        if why is not None
    ]
    assert [str(p) for p in roster.problems] == expected
    kept = roster.team.assessments()
    assert [(a.name, a.assessed_on) for a in kept] == [
        (f"p{days.index(d)}", dt.date.fromisoformat(d)) for d in sorted(TAKEN)
    ]


def test_a_team_holds_any_date_as_given_far_beyond_what_nanoseconds_hold(five_stage: Framework) -> None:
    # What a store read back from before this rule: the model takes it, the team keeps it as it is.
    far = [
        Assessment.model_validate({"name": "ada", "track": "developer", "assessed_on": day, "ratings": r})
        for day, r in (("1600-01-01", {}), ("9999-12-31", {"prompting": 2}), ("2300-01-01", {}))
    ]
    team = team_from_assessments(five_stage, far)
    assert [a.assessed_on for a in team.assessments()] == [
        dt.date(1600, 1, 1),
        dt.date(9999, 12, 31),
        dt.date(2300, 1, 1),
    ]
    assert [a.assessed_on for a in team.of_record().assessments()] == [dt.date(9999, 12, 31)]
    [ada] = progress(five_stage, team, target=2)
    assert [p.assessed_on for p in ada.points] == [
        dt.date(1600, 1, 1),
        dt.date(2300, 1, 1),
        dt.date(9999, 12, 31),
    ]


# --- the store ---------------------------------------------------------------------------------------------


def test_the_store_refuses_a_date_out_of_range_and_stores_nothing(url: str, five_stage: Framework) -> None:  # noqa: F811
    with Store(url) as store:
        good = Assessment(name="ada", track="developer", assessed_on=dt.date(2000, 1, 1))
        for day in (TOMORROW, dt.date(9999, 12, 31), dt.date(1999, 12, 31)):
            # A copy skips the model's checks, as a page's date does: the store checks again.
            bad = good.model_copy(update={"name": "ben", "assessed_on": day})
            with pytest.raises(ValueError, match=f"'ben': assessed_on: {day.isoformat()} is "):
                store.store([good, bad], five_stage, team="platform")
            record = GroundworkRecord(team="platform").model_copy(update={"assessed_on": day})
            with pytest.raises(ValueError, match=f"assessed_on: {day.isoformat()} is "):
                store.store_groundwork(record, five_stage)
        assert store.snapshots() == [] and store.groundwork() == []
        store.store([good, good.model_copy(update={"assessed_on": TODAY})], five_stage)
        assert [s.assessed_on for s in store.history("ada")] == [dt.date(2000, 1, 1), TODAY]


def test_a_date_stored_before_the_rule_reads_back_as_stored_everywhere(url: str, tmp_path: Path) -> None:  # noqa: F811
    framework = load_framework(FIVE_STAGE)
    with Store(url) as store:
        store.store(
            [
                Assessment(name="ada", track="developer", ratings={"prompting": 2}),
                Assessment(name="ben", track="developer", assessed_on=dt.date(2025, 5, 1)),
            ],
            framework,
            team="platform",
        )
        far = dt.date(9999, 12, 31)
        engine = create_engine(url)
        with engine.begin() as connection:  # as an older Stagepath stored it, unchecked
            [ada] = [s for s in store.snapshots() if s.name == "ada"]
            connection.execute(
                update(Snapshot)
                .where(Snapshot.id == ada.id)
                .values(assessed_on=far, as_of=far, document={**ada.document, "assessed_on": far.isoformat()})
            )
        engine.dispose()
        [ada] = [s for s in store.latest() if s.name == "ada"]
        assert ada.assessed_on == far and ada.assessment().assessed_on == far
    exported = run("export", url=url)
    assert exported.returncode == 0, exported.stderr
    assert [d.get("assessed_on") for d in json.loads(exported.stdout)] == ["9999-12-31", "2025-05-01"]
    roles = ["--roles", str(FIVE_STAGE), "--format", "json", "--target", "2"]
    team = run("team", "--database", "--team", "platform", *roles, url=url)
    assert team.returncode == 0, team.stderr
    assert json.loads(team.stdout)["people"] == 2
    org = run("org", "--database", *roles, url=url)
    assert org.returncode == 0, org.stderr
    csv = run("export", "--format", "csv", "--roles", str(FIVE_STAGE), url=url)
    assert ",9999-12-31," in csv.stdout and "1816" not in csv.stdout


# --- the command line --------------------------------------------------------------------------------------


def test_import_stores_the_dates_in_range_as_given_and_names_each_refused_one(
    url: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    files = {
        day: write(
            tmp_path,
            f"d{i}.{'json' if i % 2 else 'yaml'}",
            assessment_file(day, "json" if i % 2 else "yaml", f"p{i}"),
        )
        for i, day in enumerate(sorted(BOUNDARIES))
    }
    roster = write(tmp_path, "wrap.csv", dated_roster(["2300-01-01", "2000-01-01"]))
    result = run("import", *files.values(), roster, "--roles", str(FIVE_STAGE), url=url)
    assert result.returncode == 1
    refused = [f for d, f in files.items() if BOUNDARIES[d] is not None]
    for day, path in files.items():
        why = BOUNDARIES[day]
        if why is None:
            assert f"{path}: stored 1 assessment(s)" in result.stdout.splitlines()
        else:
            line = ":4" if path.endswith(".yaml") else ""
            assert f"{path}{line}: assessed_on: {why}; {EXPECTED}" in result.stderr.splitlines()
    assert f"{roster}: row 2, column assessed_on: 2300-01-01 is after today" in result.stderr
    assert len(result.stderr.splitlines()) == 2 * (len(refused) + 1)  # each, and "nothing stored from it"
    exported = json.loads(run("export", url=url).stdout)
    assert sorted(d["assessed_on"] for d in exported) == sorted(TAKEN)


def test_team_names_each_row_dated_out_of_range_and_plans_the_others(tmp_path: Path) -> None:
    roster = write(tmp_path, "team.csv", dated_roster(sorted(BOUNDARIES)))
    result = run("team", roster, "--roles", str(FIVE_STAGE), "--format", "json", "--target", "2")
    expected = [
        f"{roster}: row {row}, column assessed_on: {why}; {EXPECTED}"
        for row, why in enumerate((BOUNDARIES[d] for d in sorted(BOUNDARIES)), 2)
        if why is not None
    ]
    assert [line for line in result.stderr.splitlines() if "assessed_on" in line] == expected
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert json.loads(result.stdout)["people"] == len(TAKEN)


# --- the pages ---------------------------------------------------------------------------------------------


def test_the_team_page_lists_each_refused_date_and_counts_the_rest(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    use_database(monkeypatch, tmp_path)
    at = team_page()
    upload(at, [("team.csv", dated_roster(sorted(BOUNDARIES), skill="read-code").encode())])
    problems = table(at, "Problem")
    refused = [d for d in sorted(BOUNDARIES) if BOUNDARIES[d] is not None]
    assert list(problems["Problem"]) == [f"{BOUNDARIES[d]}; {EXPECTED}" for d in refused]
    assert all(w.endswith("column assessed_on") for w in problems["Where"])
    assert metric(at, "People") == str(len(TAKEN))


def test_the_organisation_page_names_a_refused_date_in_an_upload(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    use_database(monkeypatch, tmp_path)
    monkeypatch.setenv("STAGEPATH_ROLES", str(FIVE_STAGE))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("planner/ui/pages/org.py").run()
    text = dated_roster(["9999-12-31", "2000-01-01", TODAY.isoformat()], team="alpha")
    at.file_uploader(key="org.upload").set_value([("org.csv", text.encode(), "text/csv")]).run()
    assert not at.exception, [e.value for e in at.exception]
    assert (
        f"org.csv: row 2, column assessed_on: 9999-12-31 is after today ({TODAY.isoformat()})"
        in shown_text(at)
    )
    frame = next(d.value for d in at.dataframe if "Operating stage" in d.value.columns)
    assert frame["Name"].tolist() == ["alpha"]


@pytest.fixture
def shared(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    database = f"sqlite:///{tmp_path / 'stagepath.db'}"
    access = tmp_path / "access.yaml"
    access.write_text(ACCESS)
    monkeypatch.setenv("STAGEPATH_DATABASE_URL", database)
    monkeypatch.setenv("STAGEPATH_ACCESS", str(access))
    return database


def member() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.secrets["auth"] = AUTH
    at.user = signed_in("ada@example.com")
    at.run()
    return at


def upload_on_assess(at: AppTest, day: str) -> AppTest:
    at.switch_page("planner/ui/pages/assess.py").run()
    raw = f"stagepath: 1\ntrack: developer\nassessed_on: {day}\nratings: {{read-code: 2}}\n".encode()
    at.session_state["assess.save_open"] = True
    at.run()
    at.file_uploader(key="assess.upload").upload("mine.yaml", raw, "application/x-yaml").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def save_as_mine(at: AppTest) -> AppTest:
    at.switch_page("planner/ui/pages/mine.py").run()
    at.button(key="mine.save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_assess_refuses_a_file_dated_after_today_and_saving_stores_the_date_it_says(shared: str) -> None:
    at = upload_on_assess(member(), "9999-12-31")
    [error] = at.error
    problems = named_by(at, error.value)  # the file's problems, as plain text under the alert
    assert f"mine.yaml:3: assessed_on: 9999-12-31 is after today ({TODAY.isoformat()})" in problems
    upload_on_assess(at, "2000-01-01")
    assert not at.error
    save_as_mine(at)
    assert [s.value for s in at.success] == ["Saved as yours, dated 2000-01-01."]
    with Store(shared) as store:
        [stored] = store.history("ada@example.com")  # the access file names her: her key is her e-mail
        assert stored.assessed_on == dt.date(2000, 1, 1) and stored.document["assessed_on"] == "2000-01-01"


def test_saving_an_opened_assessment_dated_in_the_future_is_refused_and_stores_nothing(shared: str) -> None:
    framework = load_framework(SHIPPED_ROLES)
    with Store(shared) as store:
        store.store([Assessment(name="Ada Lovelace", track="developer", ratings={"read-code": 2})], framework)
        engine = create_engine(shared)
        with engine.begin() as connection:  # stored, unchecked, by an older Stagepath
            connection.execute(
                update(Snapshot).values(
                    assessed_on=dt.date(9999, 12, 31),
                    as_of=dt.date(9999, 12, 31),
                    document={
                        "stagepath": 1,
                        "name": "Ada Lovelace",
                        "track": "developer",
                        "assessed_on": "9999-12-31",
                        "ratings": {"read-code": 2},
                    },
                )
            )
        engine.dispose()
    at = member()
    at.switch_page("planner/ui/pages/mine.py").run()
    at.button(key="mine.open").click().run()
    assert not at.exception, [e.value for e in at.exception]
    save_as_mine(at)
    [error] = at.error
    assert f"9999-12-31 is after today ({TODAY.isoformat()})" in named_by(at, error.value) and not at.success
    with Store(shared) as store:
        assert len(store.history("Ada Lovelace")) == 1
