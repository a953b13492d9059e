"""The Team page's Groundwork section, driven through Streamlit's AppTest as a manager would: the operating
stage beside the people's, ticking what is in place, loading a record with a scan's suggestions and
confirming one in a click, a bad record refused by file and line, the record saved with a stored team and
read back, the build items in the exports and the note on the Hiring page."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from planner.formats.groundwork import load_groundwork
from planner.framework.loading import load_framework
from planner.storage import Store
from tests.app_support import catch_downloads, go, named_by, plain_text, shown_text, start
from tests.storage.test_storage import run
from tests.team_support import SAMPLE as SAMPLE_ROSTER
from tests.team_support import download, metric, ok, team_page, upload, use_database, with_sample

ROOT = Path(__file__).resolve().parent.parent.parent
SAMPLE = ROOT / "examples" / "groundwork-sample.yaml"
FRAMEWORK = load_framework()


@pytest.fixture(autouse=True)
def database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    return use_database(monkeypatch, tmp_path)


def uploaded_sample() -> Any:
    """The sample roster uploaded as a file of the manager's own: it comes without a groundwork record."""
    return upload(team_page(), [("my-team.csv", SAMPLE_ROSTER.read_bytes())])


def load_record(at: Any, name: str, raw: bytes) -> Any:
    at.file_uploader(key="team.gw.upload").set_value([(name, raw, "application/x-yaml")]).run()
    return ok(at)


def test_without_a_record_the_operating_stage_is_the_peoples_and_says_so() -> None:
    at = uploaded_sample()
    assert metric(at, "Operating stage") == "Stage 3 · Task"
    assert metric(at, "People's stage") == "Stage 3 · Task"
    assert metric(at, "Groundwork stage") == "Not recorded"
    assert (
        "The team's groundwork is not recorded, so the operating stage counts its people only."
        in shown_text(at)
    )
    # every capability of the framework is listed, none ticked
    boxes = [c for c in at.checkbox if c.key and c.key.startswith("team.gw.in.")]
    assert [c.key.removeprefix("team.gw.in.") for c in boxes] == list(FRAMEWORK.capabilities)
    assert not any(c.value for c in boxes)


def test_a_missing_stage_3_capability_keeps_the_team_below_its_people() -> None:
    at = uploaded_sample()
    at.checkbox(key="team.gw.in.written-evaluation-rubric").check().run()
    ok(at)
    # the rubric is in place but the task agents are not: the groundwork stops at stage 2
    assert metric(at, "Groundwork stage") == "Stage 2 · Assist"
    assert metric(at, "Operating stage") == "Stage 2 · Assist"
    assert "What blocks Stage 3 · Task: build Standards kept as task agents." in shown_text(at)
    at.checkbox(key="team.gw.in.encoded-task-agents").check().run()
    assert metric(ok(at), "Operating stage") == "Stage 3 · Task"


def test_a_record_with_a_suggestion_loads_and_one_click_confirms_it() -> None:
    at = load_record(with_sample(), SAMPLE.name, SAMPLE.read_bytes())
    text = shown_text(at)
    words = "Loaded the groundwork of the team named below, with 1 suggestion from a scan to confirm."
    assert named_by(at, words) == "Platform" and words in text
    assert metric(at, "Groundwork stage") == "Stage 3 · Task"
    assert at.checkbox(key="team.gw.in.workflow-protection-gates").value is True
    assert at.text_input(key="team.gw.note.workflow-protection-gates").value.startswith(
        "the dependency-update"
    )
    assert ":blue-badge[Suggested by a scan]" in text and "Found in ci/score-agent-output.yml" in plain_text(
        at
    )
    assert "build Scoring of workflow output" in text
    at.button(key="team.gw.confirm.workflow-output-scoring").click().run()
    ok(at)
    assert at.checkbox(key="team.gw.in.workflow-output-scoring").value is True
    assert "build Scoring of workflow output" not in shown_text(at)
    assert "Suggested by a scan" not in shown_text(at)
    assert not [b for b in at.button if b.key == "team.gw.confirm.workflow-output-scoring"]


def test_a_bad_record_is_refused_by_file_and_line_and_the_ticks_are_kept() -> None:
    at = uploaded_sample()
    at.checkbox(key="team.gw.in.written-evaluation-rubric").check().run()
    bad = SAMPLE.read_text().replace("non-bypassable-stops: false", "non-bypassable-stop: false").encode()
    load_record(at, "platform.yaml", bad)
    line = next(n for n, t in enumerate(bad.decode().splitlines(), 1) if "non-bypassable-stop:" in t)
    assert (
        f"platform.yaml:{line}: capabilities.non-bypassable-stop: unknown capability id 'non-bypassable-stop' "
        "(did you mean 'non-bypassable-stops'?)"
    ) in shown_text(at)
    assert at.checkbox(key="team.gw.in.written-evaluation-rubric").value is True
    assert metric(at, "Groundwork stage") == "Stage 2 · Assist"


def test_the_record_is_saved_with_a_stored_team_and_read_back_in_a_new_visit(database: str) -> None:
    at = with_sample()
    at.text_input(key="team.save_name").set_value("Platform").run()
    at.button(key="team.save").click().run()
    at.button(key="team.clear").click().run()
    at.selectbox(key="team.stored_team").set_value("Platform").run()
    at.button(key="team.load_stored").click().run()
    load_record(ok(at), SAMPLE.name, SAMPLE.read_bytes())
    at.button(key="team.gw.confirm.workflow-output-scoring").click().run()
    at.button(key="team.gw.save").click().run()
    assert named_by(ok(at), "Saved the groundwork of the team named below, dated today.") == "Platform"
    with Store(database) as store:
        stored = store.latest_groundwork("Platform")
    assert stored is not None and stored.record().in_place("workflow-output-scoring")

    again = with_sample()  # another visit: load the stored team, and its groundwork comes with it
    again.button(key="team.clear").click().run()
    again.selectbox(key="team.stored_team").set_value("Platform").run()
    again.button(key="team.load_stored").click().run()
    ok(again)
    assert metric(again, "Groundwork stage") == "Stage 3 · Task"
    assert again.checkbox(key="team.gw.in.workflow-output-scoring").value is True


def test_exports_carry_the_operating_stage_and_the_build_items(monkeypatch: pytest.MonkeyPatch) -> None:
    downloads = catch_downloads(monkeypatch)
    at = load_record(with_sample(), SAMPLE.name, SAMPLE.read_bytes())
    _, text = download(downloads, "stagepath-team-plan-")
    assert (
        "- **Operating stage:** stage 3 (Task): people at stage 3 (Task), groundwork at stage 3 (Task)"
        in text
    )
    assert "## Groundwork to build" in text
    _, record = download(downloads, "stagepath-platform-groundwork-")
    assert load_groundwork("again.yaml", record.encode(), FRAMEWORK) == load_groundwork(
        SAMPLE.name, SAMPLE.read_bytes(), FRAMEWORK
    )
    _, table = download(downloads, "stagepath-team-coverage-")
    assert ",workflow-output-scoring,4,,no,build," in table
    go(at, "hiring")
    assert "No hire fixes the groundwork: 3 capabilities are for the team to build" in shown_text(at)


def test_my_plan_says_from_the_frameworks_team_stage_on_that_the_stage_is_a_teams() -> None:
    at = start(page="plan")
    team_note = "From Stage 4 · Workflow on, a stage is the team's, not only yours"
    assert team_note not in shown_text(at)  # nothing rated: the plan aims at stage 1, a person's
    at.button(key="plan.example").click().run()
    ok(at)
    assert metric(at, "Target") == "Stage 4"
    assert team_note in shown_text(at)


def test_the_sample_team_comes_with_its_groundwork_record() -> None:
    at = with_sample()
    assert metric(at, "Groundwork stage") == "Stage 3 · Task"
    assert at.checkbox(key="team.gw.in.written-evaluation-rubric").value is True
    assert at.text_input(key="team.gw.note.encoded-task-agents").value.startswith("agents/ holds")
    assert ":blue-badge[Suggested by a scan]" in shown_text(at)
    assert "Found in ci/score-agent-output.yml" in plain_text(at)  # a path, as the scan wrote it


TICKED = {
    "written-evaluation-rubric": "docs/rubric.md",
    "encoded-task-agents": "agents/ in the main repository",
    "workflow-protection-gates": "CI gates on every workflow",
    "one-workflow-at-a-time": "dependency updates first",
}


def test_groundwork_and_target_survive_a_save_and_a_load_of_the_roster(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = uploaded_sample()
    for capability, note in TICKED.items():
        at.checkbox(key=f"team.gw.in.{capability}").check().run()
        at.text_input(key=f"team.gw.note.{capability}").set_value(note).run()
    at.selectbox(key="team.target").set_value(5).run()
    before = metric(ok(at), "Groundwork stage")
    assert before == "Stage 3 · Task"
    at.text_input(key="team.save_name").set_value("Payments").run()
    at.button(key="team.save").click().run()
    assert (
        named_by(
            ok(at),
            "Saved 16 assessments as the team named below, with its groundwork (4 capabilities in place). "
            "Load them any time from the database.",
        )
        == "Payments"
    )
    with Store(database) as store:
        stored = store.latest_groundwork("Payments")
    assert stored is not None
    assert {c for c, s in stored.record().capabilities.items() if s.in_place} == set(TICKED)

    at.button(key="team.clear").click().run()
    assert not [c for c in at.checkbox if c.key and c.key.startswith("team.gw.in.")]
    at.selectbox(key="team.stored_team").set_value("Payments").run()
    at.button(key="team.load_stored").click().run()
    ok(at)
    assert at.selectbox(key="team.target").value == 5
    assert metric(at, "Groundwork stage") == before
    for capability, note in TICKED.items():
        assert at.checkbox(key=f"team.gw.in.{capability}").value is True
        assert at.text_input(key=f"team.gw.note.{capability}").value == note

    downloads = catch_downloads(monkeypatch)
    at.run()
    _, text = download(downloads, "stagepath-payments-groundwork-")
    record = load_groundwork("again.yaml", text.encode(), FRAMEWORK)
    assert record.assessed_on == stored.record().assessed_on is not None
    assert record.team == "Payments"
    assert stored.record().target == record.target == 5

    # Another session, a colleague's or tomorrow's, opens the team at the target it was saved with; the
    # command line plans the stored team for the same target.
    other = team_page()
    other.selectbox(key="team.stored_team").set_value("Payments").run()
    other.button(key="team.load_stored").click().run()
    assert ok(other).selectbox(key="team.target").value == 5
    done = run("team", "--database", "--team", "Payments", "--format", "json", url=database)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["target"] == 5


def test_ticking_a_capability_keeps_its_section_open() -> None:
    at = uploaded_sample()
    stage_6 = [e for e in at.expander if e.label.startswith("Stage 6")]
    assert stage_6 and not stage_6[0].proto.expanded  # closed: the team is not blocked there
    at.checkbox(key="team.gw.in.parallel-merge-policy").check().run()
    opened = [e for e in ok(at).expander if e.label.startswith("Stage 6")]
    assert opened[0].label.endswith("1 of 5 in place")
    assert opened[0].proto.expanded
    at.text_input(key="team.gw.note.parallel-merge-policy").set_value("merge queue").run()
    assert next(e for e in ok(at).expander if e.label.startswith("Stage 6")).proto.expanded


def test_a_record_ticked_by_hand_downloads_with_its_date(monkeypatch: pytest.MonkeyPatch) -> None:
    downloads = catch_downloads(monkeypatch)
    at = uploaded_sample()
    at.checkbox(key="team.gw.in.written-evaluation-rubric").check().run()
    _, text = download(downloads, "stagepath-team-groundwork-")
    record = load_groundwork("mine.yaml", text.encode(), FRAMEWORK)
    assert record.assessed_on == dt.date.today()
    assert record.in_place("written-evaluation-rubric")
