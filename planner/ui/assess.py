"""Assess: choose a track and a target, rate every skill (the floor first, then stage by stage) with the
scale's words on the control, add evidence notes; save, load, share or start over."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import streamlit as st

from planner import sharing
from planner.assessment import Assessment, dump_assessment
from planner.framework import FloorSkill, Framework, Skill
from planner.placement import Plan
from planner.ui import session
from planner.ui.main import PAGES
from planner.ui.tables import scale_rows
from planner.ui.words import (
    file_stem,
    level_label,
    level_options,
    literal,
    percent,
    role_title,
    stage_name,
    stage_option,
    widget_label,
)

UPLOAD_KEY = "assess.upload"
LOAD_KEY, SAVE_KEY, SHARE_KEY, RESET_KEY = (
    "assess.load_open",
    "assess.save_open",
    "assess.share_open",
    "assess.reset_open",
)
SCALE_KEY = "assess.scale_open"
UPLOAD_PROBLEMS = "sp.assess.upload_problems"
PLAN_PAGE = "planner/ui/pages/plan.py"
PLAN_URL = "plan"
AUTO = 0  # the target option meaning "the stage after my placement"


def render() -> None:
    framework = session.framework_in_use()
    st.title("Assess yourself")
    st.caption(
        "Rate each skill by what you do today, not what you could do. Your ratings stay in this browser "
        "session: download them to keep them, or share a link (it carries ratings only, never your name or notes)."
    )
    _choices(framework)
    assessment = session.current(framework)
    plan = session.plan_of(framework, assessment)
    _progress(framework, assessment, plan)
    _save_load_share(framework, assessment)
    scale = st.expander("What the levels mean", icon=":material/help:", key=SCALE_KEY, on_change="rerun")
    if scale.open:  # drawn only when open
        scale.dataframe(pa.Table.from_pylist(scale_rows(framework)), hide_index=True)
    session.seed(session.NOTES_WIDGET, bool(session.evidence()))
    notes_on = st.toggle("Add evidence notes", key=session.NOTES_WIDGET)
    _floor(framework, notes_on)
    _stages(framework, assessment, plan, notes_on)
    st.page_link(PLAN_PAGE, label="See my plan", icon=":material/arrow_forward:")


def _choices(framework: Framework) -> None:
    ss = st.session_state
    track_col, target_col, _ = st.columns([2, 2, 1])
    tracks = {t.id: literal(t.name) for t in framework.tracks}
    session.seed(session.TRACK_WIDGET, ss[session.TRACK])
    with track_col:
        st.segmented_control(
            "Track",
            list(tracks),
            format_func=lambda t: tracks[t],
            required=True,
            key=session.TRACK_WIDGET,
            on_change=session.on_track,
        )
    numbers = [AUTO, *(s.number for s in framework.curve.stages)]
    session.seed(session.TARGET_WIDGET, ss[session.TARGET] or AUTO)
    with target_col:
        st.selectbox(
            "Target",
            numbers,
            format_func=lambda n: "The stage after my placement" if n == AUTO else stage_option(framework, n),
            key=session.TARGET_WIDGET,
            on_change=_on_target,
        )


def _on_target() -> None:
    chosen = st.session_state.get(session.TARGET_WIDGET)
    st.session_state[session.TARGET] = chosen or None


def _progress(framework: Framework, assessment: Assessment, plan: Plan) -> None:
    total = len(framework.track_skill_ids(assessment.track))
    rated = len(assessment.ratings)
    st.progress(rated / total if total else 0.0, text=f"{rated} of {total} skills rated")
    title = role_title(framework, assessment.track, plan.placement)
    placed = stage_name(framework, plan.placement) + (f" ({title})" if title else "")
    breaches = len(plan.floor.breaches)
    floor = "met" if plan.floor.ok else f"not met in {breaches} skill{'s' if breaches != 1 else ''}"
    st.markdown(
        f"**Placement:** {literal(placed)} · **Target:** {literal(stage_name(framework, plan.target))}, "
        f"{percent(plan.readiness.get(plan.target, 0.0))} ready · **Floor:** {floor}"
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
    uploaded = st.session_state.get(UPLOAD_KEY)
    if uploaded is None:
        return
    st.session_state[UPLOAD_PROBLEMS] = session.load_file(framework, uploaded.name, uploaded.getvalue())


def _save_load_share(framework: Framework, assessment: Assessment) -> None:
    """Try an example, save, share, start over and load, together in one row and one section. Sections
    that hold much are drawn only when open, which keeps every rating click quick."""
    with st.container(horizontal=True, vertical_alignment="center"):
        if session.examples(assessment.track):
            st.button(
                "Try an example",
                icon=":material/science:",
                on_click=session.load_example,
                args=(framework,),
                help="Load a sample assessment to see what a plan looks like. It replaces your ratings.",
                key="assess.example",
            )
        save = st.popover("Save to a file", icon=":material/download:", key=SAVE_KEY, on_change="rerun")
        if save.open:
            with save:
                _save(assessment)
        share = st.popover("Share a link", icon=":material/link:", key=SHARE_KEY, on_change="rerun")
        if share.open:
            share.caption("A link to your plan with your ratings only: no name, no notes.")
            share.code(_share_url(assessment), language=None, wrap_lines=True)
        start_over = st.popover("Start over", icon=":material/restart_alt:", key=RESET_KEY, on_change="rerun")
        if start_over.open:
            start_over.markdown("Clear every rating, note, your name and the target?")
            start_over.button(
                "Yes, clear everything", on_click=_start_over, args=(framework,), key="assess.reset"
            )
    problems = st.session_state.get(UPLOAD_PROBLEMS) or []
    session.seed(LOAD_KEY, bool(problems))
    load = st.expander(
        "Continue from a saved file", icon=":material/upload_file:", key=LOAD_KEY, on_change="rerun"
    )
    if load.open:
        load.file_uploader(
            "Saved assessment (YAML or JSON)",
            type=["yaml", "yml", "json"],
            key=UPLOAD_KEY,
            on_change=_on_upload,
            args=(framework,),
        )
    if problems:
        st.error(
            "That file cannot be used; nothing was changed:\n\n"
            + "\n".join(f"- {literal(p)}" for p in problems)
        )


def _start_over(framework: Framework) -> None:
    session.reset(framework)
    st.session_state[RESET_KEY] = False  # done: close the question


def _save(assessment: Assessment) -> None:
    """The name (optional) and the downloads, YAML or JSON, built only when clicked."""
    session.seed(session.NAME_WIDGET, st.session_state[session.NAME])
    st.text_input(
        "Your name (optional)",
        key=session.NAME_WIDGET,
        on_change=session.on_name,
        max_chars=120,
        help="Kept in the files you download and on your plan. Never put in a share link.",
    )
    saved = session.dated(assessment)
    stem = file_stem(assessment.name, assessment.track, dt.date.today())
    st.download_button(
        "Download YAML",
        data=lambda: dump_assessment(saved, "yaml"),
        file_name=f"{stem}.yaml",
        mime="application/x-yaml",
        icon=":material/download:",
        on_click="ignore",
        key="assess.download_yaml",
    )
    st.download_button(
        "Download JSON",
        data=lambda: dump_assessment(saved, "json"),
        file_name=f"{stem}.json",
        mime="application/json",
        icon=":material/download:",
        on_click="ignore",
        key="assess.download_json",
    )


def _row(framework: Framework, skill: FloorSkill | Skill, expected: int, where: str, notes_on: bool) -> None:
    """One skill: its name, description and what it expects in one Markdown element, then its 0-4 control
    (whose accessible name is plain: 'Rating for Read code'), and an optional evidence note."""
    rated = session.ratings().get(skill.id)
    session.seed(session.rating_key(skill.id), rated if rated in framework.levels else None)
    expects = literal(f"Expected {where}: {level_label(framework, expected)}.")
    st.markdown(f"**{literal(skill.name)}**  \n:gray[:small[{literal(skill.description)} {expects}]]")
    options = level_options(framework)
    st.segmented_control(
        widget_label(f"Rating for {skill.name}"),
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
            widget_label(f"Evidence for {skill.name}"),
            key=session.note_key(skill.id),
            on_change=session.on_note,
            args=(skill.id,),
            max_chars=2000,
            height=68,
            placeholder="What shows this level? A pull request, an incident, feedback ...",
            label_visibility="collapsed",
        )


def _floor(framework: Framework, notes_on: bool) -> None:
    floor = framework.curve.floor
    st.subheader("Competency floor", anchor=False)
    st.caption(
        literal(
            f"Reading, writing and debugging code at {level_label(framework, floor.minimum)} or above, at every "
            f"stage. From stage {floor.gates_from_stage} on, no one is placed without it."
        )
    )
    for skill in floor.skills:
        _row(framework, skill, floor.minimum, "at every stage", notes_on)


def _stages(framework: Framework, assessment: Assessment, plan: Plan, notes_on: bool) -> None:
    track = framework.track(assessment.track)
    if track is None:
        return
    st.subheader("Stage by stage", anchor=False)
    st.caption("Open a stage to rate its signature skills.")
    rated = session.ratings()
    stages = sorted((s for s in track.stages if s.skills), key=lambda s: s.number)
    # The first stage with a skill still unrated opens by itself; after that, what is open is the visitor's.
    unrated = [s.number for s in stages if any(rated.get(k.id) not in framework.levels for k in s.skills)]
    first_open = unrated[0] if unrated else plan.target
    for track_stage in stages:
        stage = framework.stage(track_stage.number)
        aspirational = " (aspirational)" if stage and stage.aspirational else ""
        label = f"{stage_name(framework, track_stage.number)}: {track_stage.title}{aspirational}"
        # A section tracks whether it is open and draws its rows only then: closed sections cost nothing.
        # Its label stays the same (Streamlit would treat a new label as a new, closed section).
        key = session.stage_key(track_stage.number)
        session.seed(key, track_stage.number == first_open)
        section = st.expander(literal(label), key=key, on_change="rerun")
        if not section.open:
            continue
        with section:
            done = sum(1 for k in track_stage.skills if rated.get(k.id) in framework.levels)
            st.caption(literal(f"{done} of {len(track_stage.skills)} rated. {track_stage.summary}".strip()))
            for skill in track_stage.skills:
                _row(framework, skill, skill.expected, f"from stage {track_stage.number}", notes_on)
