"""The framework picker: an organisation's own framework, from STAGEPATH_ROLES or uploaded, replaces the
shipped one; invalid files show the validator's problems and the last good framework stays in use; the
framework's own text is shown literally."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from planner.framework.loading import SHIPPED_ROLES
from tests.app_support import HOSTILE, control, go, live_markup, named_by, shown_text, start, unescape
from tests.conftest import FIVE_STAGE


def files_of(directory: Path) -> list[tuple[str, bytes, str]]:
    return [(p.name, p.read_bytes(), "application/x-yaml") for p in sorted(directory.glob("*.yaml"))]


def open_picker(at: AppTest) -> AppTest:
    """Open the sidebar's framework section (drawn only when open)."""
    at.session_state["framework.open"] = True
    return at.run()


def in_use(at: AppTest) -> str:
    """The framework in use, as the picker's (always visible) label names it."""
    (label,) = [e.label for e in at.sidebar.expander]
    return unescape(label).removeprefix("Framework: ")


def upload(at: AppTest, files: list[tuple[str, bytes, str]]) -> AppTest:
    open_picker(at)
    at.sidebar.radio(key="framework.choice").set_value("upload").run()
    at.file_uploader(key="framework.files").set_value(files).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def sidebar_errors(at: AppTest) -> str:
    """Each error in the sidebar, and the directory or files and problems it names as plain text under it."""
    return "\n".join(f"{e.value}\n{named_by(at, e.value)}" for e in at.sidebar.error)


def test_the_shipped_framework_is_in_use_by_default() -> None:
    at = start()
    assert in_use(at) == "AI maturity curve 2026.11"
    open_picker(at)
    assert at.sidebar.radio(key="framework.choice").value == "default"


def test_an_uploaded_framework_replaces_the_shipped_one_on_every_page() -> None:
    at = upload(start(), files_of(FIVE_STAGE))
    assert in_use(at) == "Test ladder t1"
    assert any("Now using your framework: Test ladder (3 tracks)" in unescape(s.value) for s in at.success)
    assert "**5 Dream**" in shown_text(at)
    go(at, "assess")
    assert at.segmented_control(key="assess.track").options == [
        "Developer",
        "QA",
        "Site reliability engineer",
    ]
    assert control(at, "read-code").options == [
        "0 · None",
        "1 · Some",
        "2 · Good",
        "3 · Great",
    ]
    at.segmented_control(key="assess.track").set_value("sre").run()
    control(at, "runbook-prompts").set_value(1).run()
    go(at, "plan")
    assert not at.exception
    assert at.metric[0].value == "Stage 2"


def test_an_invalid_upload_lists_every_problem_and_keeps_the_last_good_framework(tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(FIVE_STAGE, broken)
    curve = broken / "curve.yaml"
    curve.write_text(
        curve.read_text().replace("minimum: 2", "minimum: 9").replace("name: Test ladder", "nme: x")
    )
    at = upload(start(), files_of(FIVE_STAGE))
    upload(at, files_of(broken))
    assert not at.exception
    errors = sidebar_errors(at)
    assert "the framework above stays in use" in errors
    assert "upload/curve.yaml:2: nme: is not a known field" in errors
    assert "upload/curve.yaml:2: name: is missing (required)" in errors
    assert "Traceback" not in errors
    assert in_use(at) == "Test ladder t1"  # the last good one


def test_an_upload_without_a_curve_says_what_a_framework_needs() -> None:
    at = upload(
        start(), [("developer.yaml", (SHIPPED_ROLES / "developer.yaml").read_bytes(), "application/x-yaml")]
    )
    assert "no curve.yaml; a framework needs curve.yaml and one file per track" in sidebar_errors(at)
    assert in_use(at) == "AI maturity curve 2026.11"


def test_a_broken_stagepath_roles_directory_is_reported_and_the_shipped_one_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "org"
    shutil.copytree(SHIPPED_ROLES, broken)
    (broken / "qa.yaml").write_text("id: qa\nname: QA\nstages: []\n")
    monkeypatch.setenv("STAGEPATH_ROLES", str(broken))
    at = start()
    assert not at.exception
    assert "qa.yaml" in sidebar_errors(at) and "so the shipped one is in use" in sidebar_errors(at)
    assert in_use(at) == "AI maturity curve 2026.11"
    assert at.sidebar.radio(key="framework.choice").options[1] == "The shipped framework"


def test_framework_text_is_shown_literally(tmp_path: Path) -> None:
    hostile = tmp_path / "hostile"
    shutil.copytree(FIVE_STAGE, hostile)
    for name in ("curve.yaml", "sre.yaml"):
        path = hostile / name
        text = path.read_text()
        text = text.replace("name: Direct", f"name: '{HOSTILE}'")
        text = text.replace("name: Site reliability engineer", f"name: '{HOSTILE}'")
        text = text.replace(
            "shift: Directs help.", "shift: '[click](javascript:alert(1)) <img src=x onerror=alert(1)>'"
        )
        path.write_text(text)
    at = upload(start(), files_of(hostile))
    assert in_use(at) == "Test ladder t1"
    for page in ("explore", "assess", "plan"):
        go(at, page)
        assert live_markup(at) == []
    go(at, "explore")
    at.segmented_control(key="explore.stage").set_value(3).run()
    text = shown_text(at)
    assert f"Stage 3 · {HOSTILE}" in text
    assert "[click](javascript:alert(1)) <img src=x onerror=alert(1)>" in text


def test_choices_the_new_framework_lacks_fall_back_to_its_defaults() -> None:
    at = start(page="assess")
    at.selectbox(key="assess.target").set_value(8).run()
    go(at, "explore")
    at.segmented_control(key="explore.stage").set_value(8).run()
    upload(at, files_of(FIVE_STAGE))
    assert not at.exception
    assert at.segmented_control(key="explore.stage").value in range(1, 6)
    go(at, "assess")
    assert at.selectbox(key="assess.target").value == 0  # "the stage after my placement"


def test_my_plan_names_the_floor_skills_of_the_framework_in_use(tmp_path: Path) -> None:
    renamed = tmp_path / "renamed"
    shutil.copytree(FIVE_STAGE, renamed)
    curve = renamed / "curve.yaml"
    curve.write_text(curve.read_text().replace("name: Debug code", "name: Trace faults"))
    at = upload(start(), files_of(renamed))
    go(at, "assess")
    for skill in ("read-code", "write-code", "debug-code"):
        control(at, skill).set_value(2).run()
    go(at, "plan")
    # The metric is labelled with the floor's name from the framework; this one gives none, so "Floor".
    assert [m.label for m in at.metric if m.label == "Floor"] == ["Floor"]
    notes = [unescape(c.value) for c in at.caption]  # the words under each headline figure
    assert "Read code, Write code, Trace faults at 2 · Good or above" in notes
