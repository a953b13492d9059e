"""Assess: choose a track and a target, rate every skill (the floor first, then stage by stage) with the
scale's words on the control, add evidence notes; save, load, share or start over."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from planner import sharing
from planner.assessment import Assessment, dump_assessment
from planner.framework import FloorSkill, Framework, Skill
from planner.placement import Plan
from planner.ui import session
from planner.ui.main import PAGES
from planner.ui.tables import scale_rows
from planner.ui.words import file_stem, level_label, literal, percent, role_title, stage_name, stage_option

UPLOAD_KEY = "assess.upload"
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
    with st.expander("What the levels mean", icon=":material/help:"):
        st.dataframe(pd.DataFrame(scale_rows(framework)), hide_index=True)
    session.seed(session.NOTES_WIDGET, bool(session.evidence()))
    notes_on = st.toggle("Add evidence notes", key=session.NOTES_WIDGET)
    _floor(framework, notes_on)
    _stages(framework, assessment, plan, notes_on)
    st.page_link(PLAN_PAGE, label="See my plan", icon=":material/arrow_forward:")


def _choices(framework: Framework) -> None:
    ss = st.session_state
    track_col, target_col, name_col = st.columns([2, 2, 2])
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
    session.seed(session.NAME_WIDGET, ss[session.NAME])
    with name_col:
        st.text_input(
            "Your name (optional)",
            key=session.NAME_WIDGET,
            on_change=session.on_name,
            max_chars=120,
            help="Kept in the files you download and on your plan. Never put in a share link.",
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
    with st.container(border=True):
        load_col, save_col, share_col = st.columns([3, 2, 3])
        with load_col:
            st.markdown("**Continue from a saved file**")
            st.file_uploader(
                "Saved assessment (YAML or JSON)",
                type=["yaml", "yml", "json"],
                key=UPLOAD_KEY,
                on_change=_on_upload,
                args=(framework,),
            )
            problems = st.session_state.get(UPLOAD_PROBLEMS) or []
            if problems:
                st.error(
                    "That file cannot be used; nothing was changed:\n\n"
                    + "\n".join(f"- {literal(p)}" for p in problems)
                )
            buttons = st.columns(2)
            if session.examples(assessment.track):
                buttons[0].button(
                    "Try an example",
                    icon=":material/science:",
                    on_click=session.load_example,
                    args=(framework,),
                    help="Load a sample assessment to see what a plan looks like. It replaces your ratings.",
                    key="assess.example",
                )
            with buttons[1].popover("Start over", icon=":material/restart_alt:"):
                st.markdown("Clear every rating, note, your name and the target?")
                st.button(
                    "Yes, clear everything", on_click=session.reset, args=(framework,), key="assess.reset"
                )
        with save_col:
            st.markdown("**Save**")
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
        with share_col:
            st.markdown("**Share**")
            st.caption("A link to your plan with your ratings only: no name, no notes.")
            st.code(_share_url(assessment), language=None, wrap_lines=True)


def _row(framework: Framework, skill: FloorSkill | Skill, expected: int, where: str, notes_on: bool) -> None:
    """One skill: its name and description, what it expects, the 0-4 control, an optional note."""
    rated = session.ratings().get(skill.id)
    session.seed(session.rating_key(skill.id), rated if rated in framework.levels else None)
    text, control = st.columns([2, 3], vertical_alignment="center")
    with text:
        st.markdown(f"**{literal(skill.name)}**")
        st.caption(literal(f"{skill.description} Expected {where}: {level_label(framework, expected)}."))
    with control:
        st.segmented_control(
            literal(f"Rating for {skill.name}"),
            list(framework.levels),
            format_func=lambda level: literal(level_label(framework, level)),
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
    st.caption("Open a stage to rate its signature skills. Stages up to your target open by themselves.")
    rated = session.ratings()
    for track_stage in sorted(track.stages, key=lambda s: s.number):
        if not track_stage.skills:
            continue
        stage = framework.stage(track_stage.number)
        done = sum(1 for k in track_stage.skills if rated.get(k.id) in framework.levels)
        aspirational = " (aspirational)" if stage and stage.aspirational else ""
        label = (
            f"{stage_name(framework, track_stage.number)}: {track_stage.title}{aspirational} · "
            f"{done} of {len(track_stage.skills)} rated"
        )
        # Keyed so a section stays open while its count changes; the target in the key opens the next
        # stage's section by itself when the target moves up.
        key = f"assess.stage.{track_stage.number}.{plan.target}"
        with st.expander(literal(label), expanded=track_stage.number <= plan.target, key=key):
            if track_stage.summary:
                st.caption(literal(track_stage.summary))
            for skill in track_stage.skills:
                _row(framework, skill, skill.expected, f"from stage {track_stage.number}", notes_on)
