"""Assess: rate every skill with the scale's words, floor first; see progress and placement live; keep
ratings across pages; save, load, share and start over."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from planner.formats.assessment import dump_assessment, load_assessment
from planner.framework.loading import load_framework
from tests.app_support import (
    EXAMPLES,
    HOSTILE,
    catch_downloads,
    content,
    control,
    go,
    name_field,
    named_by,
    open_section,
    open_stages,
    plain_text,
    rate,
    shown_text,
    start,
    unescape,
)

FRAMEWORK = load_framework()
DEV = FRAMEWORK.track_skill_ids("developer")
STAGE_2 = [
    "assisted-coding",
    "assistant-output-verification",
    "assistant-context-setting",
    "assistant-use-judgment",
]


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    return catch_downloads(monkeypatch)


def expected_of(skill: str) -> int:
    track = FRAMEWORK.track("developer")
    assert track is not None
    return next(k.level_at(n) for n, k in track.skills_through(99) if k.id == skill)


def test_every_skill_has_a_control_with_the_scales_words_floor_first() -> None:
    at = start(page="assess")
    open_stages(at)
    keys = [c.key for c in at.segmented_control if c.key and c.key.startswith("rate.")]
    assert keys == [f"rate.{s}" for s in DEV]
    assert keys[:3] == ["rate.read-code", "rate.write-code", "rate.debug-code"]
    assert control(at, "read-code").options == [
        "0 · Not yet",
        "1 · Aware",
        "2 · Practising",
        "3 · Proficient",
        "4 · Leading",
    ]
    # The control's label is its accessible name: plain words, no Markdown escapes.
    assert control(at, "punch-out-points").label == "Rating for Punch-out points"
    assert all(at.segmented_control(key=k).value is None for k in keys)  # nothing pre-rated


def test_rating_shows_progress_and_placement_live() -> None:
    at = start(page="assess")
    assert "0 of 30 skills rated" in at.get("progress")[0].proto.text
    assert "**Placement:** Stage 1 · Manual" in shown_text(at)
    rate(at, {s: expected_of(s) for s in STAGE_2})
    assert "4 of 30 skills rated" in at.get("progress")[0].proto.text
    text = shown_text(at)
    assert "**Placement:** Stage 2 · Assist (Developer with an assistant)" in text
    assert "**Target:** Stage 3 · Task, " in text
    # The page's own line is the live one; the sidebar's copy is left out here and shows on other pages.
    assert not [m for m in at.sidebar.markdown if "Placement:" in str(m.value)]
    go(at, "explore")
    sidebar = "\n".join(str(m.value) for m in at.sidebar.markdown)
    assert "Placement: Stage 2 · Assist" in unescape(sidebar)
    go(at, "assess")
    # Un-clicking a rating makes the skill unrated again, and the placement falls back.
    rate(at, {"assisted-coding": None})
    assert "3 of 30 skills rated" in at.get("progress")[0].proto.text
    assert "**Placement:** Stage 1 · Manual" in shown_text(at)


def test_ratings_survive_moving_between_pages() -> None:
    at = start(page="assess")
    rate(at, {"read-code": 2, "task-agent-building": 4})
    name_field(at).set_value("Kim").run()
    go(at, "plan")
    go(at, "explore")
    go(at, "assess")
    open_stages(at)
    assert control(at, "read-code").value == 2
    assert control(at, "task-agent-building").value == 4
    assert control(at, "write-code").value is None
    assert name_field(at).value == "Kim"
    assert "2 of 30 skills rated" in at.get("progress")[0].proto.text


def test_the_target_chosen_is_the_plans_target() -> None:
    at = start(page="assess")
    at.selectbox(key="assess.target").set_value(5).run()
    assert "**Target:** Stage 5 · Delegate" in shown_text(at)
    go(at, "plan")
    assert at.metric[1].label == "Target" and at.metric[1].value == "Stage 5"
    go(at, "assess")
    assert at.selectbox(key="assess.target").value == 5


def test_switching_track_keeps_the_floor_and_shows_the_other_tracks_skills() -> None:
    at = start(page="assess")
    rate(at, {"read-code": 3, "assisted-coding": 3})
    at.segmented_control(key="assess.track").set_value("qa").run()
    open_stages(at)
    keys = [c.key for c in at.segmented_control if c.key and c.key.startswith("rate.")]
    assert keys == [f"rate.{s}" for s in FRAMEWORK.track_skill_ids("qa")]
    assert control(at, "read-code").value == 3
    assert "1 of 30 skills rated" in at.get("progress")[0].proto.text
    at.segmented_control(key="assess.track").set_value("developer").run()
    assert control(at, "assisted-coding").value == 3


def test_uploading_a_saved_assessment_continues_from_it() -> None:
    at = start(page="assess")
    raw = (EXAMPLES / "developer-2026-09.yaml").read_bytes()
    saved = load_assessment("x.yaml", raw, FRAMEWORK)
    open_section(at, "assess.save_open")
    at.file_uploader(key="assess.upload").upload("developer-2026-09.yaml", raw, "application/x-yaml").run()
    assert not at.exception
    assert named_by(at, "Loaded 24 ratings from:") == "developer-2026-09.yaml for Sam Example"
    for skill, level in saved.ratings.items():
        assert control(at, skill).value == level
    assert name_field(at).value == "Sam Example"
    assert at.selectbox(key="assess.target").value == 4
    assert at.toggle(key="assess.notes_on").value is True  # it has evidence notes, so they show
    assert at.text_area(key="note.task-agent-building").value == saved.evidence["task-agent-building"]


def test_an_invalid_upload_lists_each_problem_and_changes_nothing() -> None:
    at = start(page="assess")
    rate(at, {"read-code": 2})
    bad = b"stagepath: 1\ntrack: developer\nratings:\n  reed-code: 3\n  write-code: 7\n"
    open_section(at, "assess.save_open")
    at.file_uploader(key="assess.upload").upload("mine.yaml", bad, "application/x-yaml").run()
    assert not at.exception
    (error,) = at.error
    assert "nothing was changed" in error.value
    message = named_by(at, error.value)  # each problem, as plain text
    assert "mine.yaml:4: ratings.reed-code: unknown skill id 'reed-code'" in message
    assert "did you mean 'read-code'" in message
    assert "ratings.write-code: rating 7 is off the scale" in message
    assert control(at, "read-code").value == 2
    # The popover closed so that the error is not behind it; open it again for the next file.
    assert "assess.upload" not in [getattr(e, "key", None) for e in at.get("file_uploader")]
    open_section(at, "assess.save_open")
    garbage = b"\x00\x01 not: [yaml"
    at.file_uploader(key="assess.upload").upload("junk.json", garbage, "application/json").run()
    assert not at.exception and "junk.json:1: not valid JSON" in named_by(at, at.error[0].value)


def test_start_over_clears_every_rating_note_and_the_name() -> None:
    at = start(page="assess")
    at.button(key="assess.example").click().run()
    assert control(at, "read-code").value == 3
    open_section(at, "assess.reset_open")
    at.button(key="assess.reset").click().run()
    assert not at.exception
    assert all(c.value is None for c in at.segmented_control if c.key and c.key.startswith("rate."))
    assert name_field(at).value == ""
    assert at.selectbox(key="assess.target").value == 0
    assert "0 of 30 skills rated" in at.get("progress")[0].proto.text


def test_evidence_notes_are_kept_and_saved(downloads: dict[str, Any]) -> None:
    at = start(page="assess")
    at.toggle(key="assess.notes_on").set_value(True).run()
    rate(at, {"debug-code": 3})
    at.text_area(key="note.debug-code").input("Found the flaky-test race in CI").run()
    go(at, "plan")
    go(at, "assess")
    assert at.text_area(key="note.debug-code").value == "Found the flaky-test race in CI"
    downloads.clear()
    open_section(at, "assess.save_open")
    (name,) = [n for n in downloads if n.endswith(".yaml")]
    saved = yaml.safe_load(content(downloads[name]))
    assert saved["evidence"] == {"debug-code": "Found the flaky-test race in CI"}
    assert saved["ratings"] == {"debug-code": 3}


def test_downloads_load_back_and_have_safe_file_names(downloads: dict[str, Any]) -> None:
    at = start(page="assess")
    rate(at, {"read-code": 3, "intent-definition": 2})
    name_field(at).set_value("../../etc/passwd " + HOSTILE).run()
    downloads.clear()
    open_section(at, "assess.save_open")  # the downloads are in the save section
    names = list(downloads)
    assert len(names) == 2 == len(at.get("download_button"))
    for name in names:
        assert name.startswith("stagepath-") and "/" not in name and ".." not in name and "<" not in name
        again = load_assessment(name, content(downloads[name]), FRAMEWORK)
        assert again.ratings == {"read-code": 3, "intent-definition": 2}
        assert again.name == "../../etc/passwd " + HOSTILE
        assert again.assessed_on is not None
    yaml_name = next(n for n in names if n.endswith(".yaml"))
    json_name = next(n for n in names if n.endswith(".json"))
    again = load_assessment(yaml_name, content(downloads[yaml_name]), FRAMEWORK)
    assert content(downloads[json_name]).decode() == dump_assessment(again, "json")


def test_the_share_link_carries_ratings_but_never_the_name_or_notes() -> None:
    at = start(page="assess")
    at.toggle(key="assess.notes_on").set_value(True).run()
    rate(at, {"read-code": 3, "assisted-coding": 2})
    at.text_area(key="note.read-code").input("private note").run()
    name_field(at).set_value("Kim Secret").run()
    at.selectbox(key="assess.target").set_value(4).run()
    open_section(at, "assess.share_open")
    (link,) = [c.value for c in at.code]
    assert link.endswith("?sp=1&track=developer&target=4&r=read-code.3,assisted-coding.2")
    assert "Kim" not in link and "private" not in link


def test_following_a_share_link_loads_its_ratings_and_explains_what_it_ignored() -> None:
    query = {
        "sp": "1",
        "track": "developer",
        "target": "3",
        "r": "read-code.3,assisted-coding.3,nope.2,write-code.9",
    }
    at = start(query=query, page=None)
    assert not at.exception
    assert [w.value for w in at.warning] == ["Part of the shared link was left out:"] * 2
    warnings = "\n".join(plain_text(at))  # what the link held, quoted as plain text under each
    assert "Unknown skill 'nope'" in warnings
    assert "The rating '9' for 'write-code' is off the scale" in warnings
    assert any("2 ratings on the Software developer track" in unescape(s.value) for s in at.success)
    # The address keeps the link as it now stands (what fitted), so a reload opens the same ratings.
    assert at.query_params["r"] == "read-code.3,assisted-coding.3" and at.query_params["target"] == "3"
    go(at, "assess")
    assert control(at, "read-code").value == 3
    assert control(at, "assisted-coding").value == 3
    assert control(at, "write-code").value is None
    assert at.selectbox(key="assess.target").value == 3


def test_a_share_link_from_a_newer_version_loads_nothing_and_says_so() -> None:
    at = start(query={"sp": "9", "track": "developer", "r": "read-code.3"})
    assert not at.exception
    [warning] = [w.value for w in at.warning]
    assert warning == "The shared link cannot be opened:" and "share format '9'" in named_by(at, warning)
    go(at, "assess")
    assert control(at, "read-code").value is None


def test_the_example_loads_for_the_chosen_track() -> None:
    at = start(page="assess")
    at.segmented_control(key="assess.track").set_value("qa").run()
    at.button(key="assess.example").click().run()
    assert not at.exception
    assert at.segmented_control(key="assess.track").value == "qa"
    assert control(at, "assisted-test-drafting").value == 3


# The examples of assessments: every shipped YAML but the groundwork records (a team's, checked elsewhere).
@pytest.mark.parametrize(
    "path",
    sorted(p for p in EXAMPLES.glob("*.yaml") if not p.name.startswith("groundwork-")),
    ids=lambda p: p.name,
)
def test_every_shipped_example_is_a_valid_assessment(path: Any) -> None:
    assessment = load_assessment(path.name, path.read_bytes(), FRAMEWORK)
    assert path.name.startswith(f"{assessment.track}-")
    assert assessment.assessed_on is not None and path.stem.endswith(assessment.assessed_on.strftime("%Y-%m"))


def test_sections_show_the_floor_and_the_first_stage_left_to_rate_until_the_visitor_picks() -> None:
    at = start(page="assess")
    assert at.segmented_control(key="assess.sections").value == [0, 2]  # the floor, then stage 2
    shown = [c.key for c in at.segmented_control if c.key and c.key.startswith("rate.")]
    assert shown == [f"rate.{s}" for s in ["read-code", "write-code", "debug-code", *STAGE_2]]
    assert "Competency floor: at every stage" in shown_text(at) and "0 of 3 rated" in shown_text(at)
    # Picking is the visitor's: a section they close stays closed, one they open stays open.
    at.segmented_control(key="assess.sections").set_value([3]).run()
    rate(at, {"task-agent-building": 2})
    assert at.segmented_control(key="assess.sections").value == [3]
    assert "1 of 5 rated" in shown_text(at)
    # Loading an assessment picks afresh, where its ratings are: the floor (debugging is below it) and
    # the first stage with a gap, not the first stage it left unrated (6).
    open_section(at, "assess.save_open")
    raw = (EXAMPLES / "developer-2026-09.yaml").read_bytes()
    at.file_uploader(key="assess.upload").upload("developer-2026-09.yaml", raw, "application/x-yaml").run()
    assert at.segmented_control(key="assess.sections").value == [0, 4]
    assert "6 of 6 rated" in shown_text(at)


def test_next_opens_the_section_after_the_last_one_shown_until_the_last_stage() -> None:
    at = start(page="assess")
    assert at.button(key="assess.next").label == "Next: Stage 3 · Task"  # after the floor and stage 2
    at.button(key="assess.next").click().run()
    assert at.segmented_control(key="assess.sections").value == [3]
    assert "Stage 3 · Task: " in shown_text(at) and "0 of 5 rated" in shown_text(at)
    stage_3 = FRAMEWORK.track("developer").stage(3).skills  # type: ignore[union-attr]
    shown = [c.key for c in at.segmented_control if c.key and c.key.startswith("rate.")]
    assert shown == [f"rate.{k.id}" for k in stage_3]
    for stage in (4, 5, 6):
        assert at.button(key="assess.next").label.startswith(f"Next: Stage {stage} · ")
        at.button(key="assess.next").click().run()
        assert at.segmented_control(key="assess.sections").value == [stage]
    assert not any(b.key == "assess.next" for b in at.button)  # stage 6 is the last with skills to rate


def test_the_example_is_offered_only_while_nothing_is_entered() -> None:
    at = start(page="assess")
    assert at.button(key="assess.example").label == "Try an example"
    rate(at, {"read-code": 2})
    assert not any(b.key == "assess.example" for b in at.button)  # it would replace the visitor's work
    open_section(at, "assess.reset_open")
    at.button(key="assess.reset").click().run()
    assert any(b.key == "assess.example" for b in at.button)


def test_a_target_with_nothing_of_its_own_shows_no_readiness_live_or_in_the_sidebar() -> None:
    at = start(page="assess")
    at.selectbox(key="assess.target").set_value(7).run()
    rate(at, {"read-code": 3, "write-code": 3})
    live = at.get("progress")[0].proto.text
    assert "Target:** Stage 7" in live.replace("\\", "") and "no skills of its own" in live
    assert "% ready" not in live  # the plan page shows no figure for it either
    go(at, "explore")
    sidebar = "\n".join(str(m.value) for m in at.sidebar.markdown).replace("\\", "")
    assert "Target: Stage 7" in sidebar and "no skills of its own" in sidebar and "% ready" not in sidebar
    # A stage with skills of its own keeps its figure, in both places.
    go(at, "assess")
    at.selectbox(key="assess.target").set_value(3).run()
    assert "% ready" in at.get("progress")[0].proto.text


def test_the_name_field_is_in_sight_beside_the_track() -> None:
    at = start(page="assess")
    assert not at.session_state["assess.save_open"] if "assess.save_open" in at.session_state else True
    assert at.text_input(key="assess.name").label == "Your name (optional)"
