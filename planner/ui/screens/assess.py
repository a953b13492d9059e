"""Assess: choose a track and a target, rate every skill (the floor first, then stage by stage) with the
scale's words on the control, add evidence notes; save, load, share or start over."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from functools import partial
from typing import Literal

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from planner.formats import sharing
from planner.formats.assessment import NAME_LENGTH, Assessment, dump_assessment
from planner.framework import Framework
from planner.framework.curve import FloorSkill
from planner.framework.tracks import Skill, TrackStage
from planner.ui import plain, session
from planner.ui.menu import PAGES
from planner.ui.state import ASSESS_NEXT_KEY as NEXT_KEY
from planner.ui.state import ASSESS_RESET_KEY as RESET_KEY
from planner.ui.state import ASSESS_SAVE_KEY as SAVE_KEY
from planner.ui.state import ASSESS_SHARE_KEY as SHARE_KEY
from planner.ui.state import ASSESS_UPLOAD_KEY as UPLOAD_KEY
from planner.ui.state import ASSESS_UPLOAD_PROBLEMS as UPLOAD_PROBLEMS
from planner.views.memo import Memo
from planner.views.tables import ready_words
from planner.views.words import (
    expected_words,
    file_stem,
    floor_words,
    level_label,
    level_options,
    literal,
    role_title,
    stage_name,
    stage_option,
    titled,
)

DOWNLOADS: tuple[tuple[Literal["yaml", "json"], str], ...] = (
    ("yaml", "application/x-yaml"),
    ("json", "application/json"),
)

SECTIONS_KEY = session.SECTIONS_WIDGET
PLAN_PAGE = "planner/ui/pages/plan.py"
PLAN_URL = "plan"
AUTO = 0  # the target option meaning "the stage after my placement"


def render() -> None:
    framework = session.framework_in_use()
    st.title("Assess yourself")
    st.caption(_intro(framework))
    _choices(framework)
    _save_load_share(framework)
    # The live line (how much is rated, placement, target, floor) sits here, and each section of rating
    # controls below is a fragment that writes it again: a click on a rating reruns only its own section
    # and this line in the browser. The sidebar leaves its copy of the line out on this page (main.py).
    live = st.empty()
    session.seed(session.NOTES_WIDGET, bool(session.evidence()))
    notes_on = st.toggle("Add evidence notes", key=session.NOTES_WIDGET)
    shown, labels = _pick_sections(framework)
    if not shown:
        _live_line(live, framework)
    for number in shown:
        _section(number, live, notes_on)
    later = [n for n in labels if shown and n > max(shown)]
    if later:
        st.button(
            f"Next: {labels[later[0]]}",
            icon=":material/arrow_downward:",
            on_click=_show_only,
            args=(later[0],),
            key=NEXT_KEY,
        )
    st.page_link(PLAN_PAGE, label="See my plan", icon=":material/arrow_forward:")


def _show_only(number: int) -> None:
    st.session_state[SECTIONS_KEY] = [number]


_INTROS: Memo[str] = Memo(16)


def _intro(framework: Framework) -> str:
    """How to rate, where the ratings stay, and what each level of the scale means, in one Markdown text."""

    def make() -> str:
        levels = " · ".join(
            f"**{literal(level_label(framework, lv.level))}**: {literal(lv.means)}"
            for lv in framework.curve.scale
        )
        return (
            "Rate each skill by what you do today, not what you could do. Your ratings stay in this browser "
            "session: save them to a file to keep them, or share a link (it carries ratings only, never your "
            f"name or notes).\n\nWhat the levels mean: {levels}"
        )

    return _INTROS.get(framework.digest, make)


def _choices(framework: Framework) -> None:
    """Name, track and target, side by side in one row (one container: cheaper to draw than columns)."""
    ss = st.session_state
    tracks = {t.id: literal(t.name) for t in framework.tracks}
    session.seed(session.TRACK_WIDGET, ss[session.TRACK])
    row = st.container(horizontal=True, gap="large")
    row.segmented_control(
        "Track",
        list(tracks),
        format_func=lambda t: tracks[t],
        required=True,
        key=session.TRACK_WIDGET,
        on_change=session.on_track,
    )
    numbers = [AUTO, *(s.number for s in framework.curve.stages)]
    session.seed(session.TARGET_WIDGET, ss[session.TARGET] or AUTO)
    row.selectbox(
        "Target",
        numbers,
        format_func=lambda n: "The stage after my placement" if n == AUTO else stage_option(framework, n),
        key=session.TARGET_WIDGET,
        on_change=_on_target,
        width=420,
    )
    # In sight, not in the save section: the name is on the plan and in every file saved.
    session.seed(session.NAME_WIDGET, ss[session.NAME])
    row.text_input(
        "Your name (optional)",
        key=session.NAME_WIDGET,
        on_change=session.on_name,
        max_chars=NAME_LENGTH,
        width=280,
        help="Kept in the files you download and on your plan. Never put in a share link.",
    )


def _on_target() -> None:
    session.forget_link()
    chosen = st.session_state.get(session.TARGET_WIDGET)
    st.session_state[session.TARGET] = chosen or None


def _live_line(live: DeltaGenerator, framework: Framework) -> None:
    """The live line: how much is rated, the placement, the target and the floor, over a progress bar."""
    assessment = session.current(framework)
    plan = session.plan_of(framework, assessment)
    total = len(framework.track_skill_ids(assessment.track))
    rated = len(assessment.ratings)
    title = role_title(framework, assessment.track, plan.placement)
    placed = stage_name(framework, plan.placement) + (f" ({title})" if title else "")
    live.progress(
        rated / total if total else 0.0,
        text=f"{rated} of {total} skills rated · **Placement:** {literal(placed)} · **Target:** "
        f"{literal(stage_name(framework, plan.target))}, {ready_words(framework, plan, plan.target)} "
        f"· **Floor:** {floor_words(plan)}",
    )


def _share_url(assessment: Assessment) -> str:
    """The full share link to the plan page when the app knows its own address, else the query only."""
    query = sharing.query_string(sharing.encode(assessment))
    url = st.context.url or ""
    if not url:
        return f"?{query}"
    base = url.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    for spec in PAGES:
        if base.endswith(f"/{spec.url_path}"):
            base = base[: -len(spec.url_path) - 1]
            break
    return f"{base}/{PLAN_URL}?{query}"


def _on_upload(framework: Framework) -> None:
    """Load the uploaded file, then close the popover: what came of it (the loaded notice at the top, or
    the problems under the row) must not sit behind the popover that asked for it."""
    uploaded = st.session_state.get(UPLOAD_KEY)
    if uploaded is None:
        return
    st.session_state[UPLOAD_PROBLEMS] = session.load_file(framework, uploaded.name, uploaded.getvalue())
    st.session_state[SAVE_KEY] = False


def _save_load_share(framework: Framework) -> None:
    """Try an example (while nothing is entered), save or load, share and start over, together in one row.
    Each section is drawn only when open, which keeps every rating click quick."""
    with st.container(horizontal=True, vertical_alignment="center"):
        # Offered while nothing is entered, as on My plan: loading it would replace the visitor's own work.
        track = st.session_state[session.TRACK]
        if not (session.ratings() or session.evidence()) and session.examples(track):
            st.button(
                "Try an example",
                icon=":material/science:",
                on_click=session.load_example,
                args=(framework,),
                help="Load a sample assessment to see what a plan looks like.",
                key="assess.example",
            )
        save = st.popover("Save or load a file", icon=":material/save:", key=SAVE_KEY, on_change="rerun")
        if save.open:
            with save:
                _save(session.current(framework))
                st.file_uploader(
                    "Continue from a saved file (YAML or JSON)",
                    type=["yaml", "yml", "json"],
                    key=UPLOAD_KEY,
                    on_change=_on_upload,
                    args=(framework,),
                )
        share = st.popover("Share a link", icon=":material/link:", key=SHARE_KEY, on_change="rerun")
        if share.open:
            share.caption("A link to your plan with your ratings only: no name, no notes.")
            share.code(_share_url(session.current(framework)), language=None, wrap_lines=True)
        start_over = st.popover("Start over", icon=":material/restart_alt:", key=RESET_KEY, on_change="rerun")
        if start_over.open:
            start_over.markdown("Clear every rating, note, your name and the target?")
            start_over.button(
                "Yes, clear everything", on_click=_start_over, args=(framework,), key="assess.reset"
            )
    problems = st.session_state.get(UPLOAD_PROBLEMS) or []
    if problems:
        plain.alert("error", "That file cannot be used; nothing was changed:", problems)


def _start_over(framework: Framework) -> None:
    session.reset(framework)
    st.session_state[RESET_KEY] = False  # done: close the question


def _save(assessment: Assessment) -> None:
    """The downloads, YAML or JSON, built only when clicked (the name is asked beside the track)."""
    if not assessment.name:
        st.caption("Add your name beside the track to keep it in the file (optional).")
    saved = session.dated(assessment)
    stem = file_stem(assessment.name, assessment.track, dt.date.today())
    for form, mime in DOWNLOADS:
        st.download_button(
            f"Download {form.upper()}",
            data=partial(dump_assessment, saved, form),
            file_name=f"{stem}.{form}",
            mime=mime,
            icon=":material/download:",
            on_click="ignore",
            key=f"assess.download_{form}",
        )


def _row(
    framework: Framework,
    skill: FloorSkill | Skill,
    expected: str,
    where: str,
    notes_on: bool,
    head: str = "",
) -> None:
    """One skill: its name, description and what it expects in one Markdown element (after `head`, the
    section's title for its first row), then its 0-4 control (whose accessible name is plain: 'Rating for
    Read code'), and an optional evidence note."""
    rated = session.ratings().get(skill.id)
    session.seed(session.rating_key(skill.id), rated if rated in framework.levels else None)
    expects = literal(f"Expected {where}: {expected}.")
    st.markdown(f"{head}**{literal(skill.name)}**  \n:gray[:small[{literal(skill.description)} {expects}]]")
    options = level_options(framework)
    st.segmented_control(
        literal(f"Rating for {skill.name}"),
        list(options),
        format_func=options.__getitem__,
        key=session.rating_key(skill.id),
        on_change=session.on_rating,
        args=(skill.id,),
        label_visibility="collapsed",
        width="stretch",
    )
    if notes_on:
        session.seed(session.note_key(skill.id), session.evidence().get(skill.id, ""))
        st.text_area(
            literal(f"Evidence for {skill.name}"),
            key=session.note_key(skill.id),
            on_change=session.on_note,
            args=(skill.id,),
            max_chars=2000,
            height=68,
            placeholder="What shows this level? A pull request, an incident, feedback ...",
            label_visibility="collapsed",
        )


FLOOR_SECTION = 0  # the floor's section number, before the stages'


def _stages_with_skills(framework: Framework, track_id: str) -> list[TrackStage]:
    track = framework.track(track_id)
    return sorted((s for s in track.stages if s.skills), key=lambda s: s.number) if track else []


def _pick_sections(framework: Framework) -> tuple[list[int], dict[int, str]]:
    """The floor first, then one section per stage with skills: one control picks which are shown
    (several at once); only those draw their rows. Until the visitor picks, the floor shows while a floor
    skill is unrated, and so does the first stage with a skill left to rate (else the target)."""
    stages = _stages_with_skills(framework, st.session_state[session.TRACK])
    rated = session.ratings()

    def unrated(skills: Sequence[FloorSkill | Skill]) -> bool:
        return any(rated.get(k.id) not in framework.levels for k in skills)

    if SECTIONS_KEY not in st.session_state:
        st.session_state[SECTIONS_KEY] = _first_sections(framework, stages, unrated)
    labels = {FLOOR_SECTION: literal(framework.curve.floor.name)} | {
        s.number: literal(stage_option(framework, s.number)) for s in stages
    }
    shown: list[int] = st.segmented_control(
        "Sections to rate: the floor first, then stage by stage",
        list(labels),
        help="Pick any number. Until you do, the floor is picked while a floor skill is unrated, and so is "
        "the first stage with a skill left to rate.",
        format_func=labels.__getitem__,
        selection_mode="multi",
        key=SECTIONS_KEY,
    )
    # In the page's order, whatever the order of the clicks; and every section with its label, in order.
    return [n for n in labels if n in shown], labels


def _first_sections(
    framework: Framework, stages: list[TrackStage], unrated: Callable[[Sequence[FloorSkill | Skill]], bool]
) -> list[int]:
    """The sections shown before the visitor picks: the floor while a floor skill is unrated or below
    the minimum; then, when something is rated (an example, a file or a link was loaded), the stage of
    the first gap in the plan, where the ratings are; else the first stage with a skill left to rate,
    else the target."""
    plan = session.plan_of(framework, session.current(framework))
    floor = [FLOOR_SECTION] if unrated(framework.curve.floor.skills) or not plan.floor.ok else []
    numbers = {s.number for s in stages}
    gap = next((i.stage for i in plan.focus if i.stage in numbers), None)
    if session.ratings() and gap is not None:
        return [*floor, gap]
    return [*floor, next((s.number for s in stages if unrated(s.skills)), plan.target)]


@st.fragment
def _section(number: int, live: DeltaGenerator, notes_on: bool) -> None:
    """One section (0: the floor; else a stage): its title, how much of it is rated, its rows. A fragment
    that also writes the live line above, so a click reruns only this section and that line."""
    framework = session.framework_in_use()
    _live_line(live, framework)
    floor = framework.curve.floor
    rows: list[tuple[FloorSkill | Skill, str]]
    if number == FLOOR_SECTION:
        title, where = f"{floor.name}: at every stage", "at every stage"
        about = (
            f"At {level_label(framework, floor.minimum)} or above, the same at every stage. From stage "
            f"{floor.gates_from_stage} on, no one is placed without it."
        )
        rows = [(skill, level_label(framework, floor.minimum)) for skill in floor.skills]
    else:
        track_id = st.session_state[session.TRACK]
        stage = next((s for s in _stages_with_skills(framework, track_id) if s.number == number), None)
        if stage is None:
            return
        title, where = f"{stage_option(framework, number)}: {titled(stage)}", f"from stage {number}"
        about = stage.summary
        rows = [(skill, expected_words(framework, skill)) for skill in stage.skills]
    rated = session.ratings()
    done = sum(1 for skill, _ in rows if rated.get(skill.id) in framework.levels)
    count = literal(f"{done} of {len(rows)} rated. {about}".strip())
    head = f"##### {literal(title)}\n\n:gray[:small[{count}]]\n\n"
    if not rows:
        st.markdown(head)
    for i, (skill, expected) in enumerate(rows):
        _row(framework, skill, expected, where, notes_on, head if i == 0 else "")
