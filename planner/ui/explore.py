"""Explore: the first screen. The curve as a strip of stages, one stage opened with each track's role,
signature skills and what is built, the cost curve, the source's facts and other published stage models.
Every framework text is escaped: an uploaded framework is user input."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from planner.framework import Framework, Stage, Track, TrackStage
from planner.placement import Plan
from planner.ui import session
from planner.ui.figures import cost_figure
from planner.ui.tables import comparison_rows, cost_points, cost_rows
from planner.ui.words import PROVENANCE_WORDS, level_label, literal, percent, safe_url

STAGE_KEY, TRACK_KEY = session.EXPLORE_STAGE, session.EXPLORE_TRACK
SIDE_BY_SIDE = "*side-by-side*"
ASSESS_PAGE = "planner/ui/pages/assess.py"


@st.cache_resource(max_entries=16, show_spinner=False)
def _cost_chart(_framework: Framework, digest: str) -> tuple[object, pd.DataFrame] | None:
    points = cost_points(_framework)
    effort = _framework.curve.effort
    if not points or effort is None:
        return None
    figure = cost_figure(points, effort.unit, effort.multiplier)
    return figure, pd.DataFrame(cost_rows(_framework, points))


def provenance(kind: str, source: str = "") -> None:
    """Whether the source states it or we inferred it, in words, with the source's address."""
    words = PROVENANCE_WORDS.get(kind, kind)
    url = safe_url(source) if source else None
    icon = ":material/format_quote:" if kind == "stated" else ":material/lightbulb:"
    link = f" · [source]({url})" if url else (f" · source: {literal(source)}" if source else "")
    st.caption(f"{icon} {literal(words)}{link}")


def render() -> None:
    framework = session.framework_in_use()
    assessment = session.current(framework)
    plan = session.plan_of(framework, assessment)
    curve = framework.curve

    st.title("Stagepath")
    st.markdown(
        "**See where you stand on the AI maturity curve, which gaps block your next stage, "
        "and what to work on first.**"
    )
    if curve.summary:
        st.caption(literal(curve.summary))
    st.page_link(ASSESS_PAGE, label="Assess yourself: about 10 minutes", icon=":material/arrow_forward:")

    _strip(framework, plan, bool(assessment.ratings))
    chosen = _pickers(framework, plan)
    stage = framework.stage(chosen)
    if stage is not None:
        _stage_detail(framework, stage)

    st.divider()
    _cost_section(framework)
    _facts(framework)
    _comparisons(framework)
    st.divider()
    st.page_link(
        ASSESS_PAGE,
        label="Ready? Rate your skills and get your plan",
        icon=":material/arrow_forward:",
    )


def _strip(framework: Framework, plan: Plan, rated: bool) -> None:
    """The stages as one horizontal strip: number, name, the shift; aspirational ones marked in words."""
    st.subheader("The curve, stage by stage", anchor=False)
    stages = framework.curve.stages
    for column, stage in zip(st.columns(len(stages), gap="small"), stages, strict=True):
        with column, st.container(border=True, height="stretch"):
            st.markdown(f"**{stage.number}**  \n**{literal(stage.name)}**")
            if stage.aspirational:
                st.badge("Aspirational", icon=":material/explore:", color="gray")
            if rated and stage.number == plan.placement:
                st.badge("You are here", icon=":material/person_pin_circle:", color="blue")
            elif rated and stage.number == plan.target:
                st.badge("Your target", icon=":material/flag:", color="orange")
            st.caption(literal(stage.shift))


def _pickers(framework: Framework, plan: Plan) -> int:
    """Which stage to open, and which track (or all side by side)."""
    labels = {s.number: literal(f"{s.number} {s.name}") for s in framework.curve.stages}
    numbers = list(labels)
    chosen = st.segmented_control(
        "Open a stage",
        numbers,
        format_func=lambda n: labels[n],
        default=plan.target if plan.target in numbers else numbers[0],
        required=True,
        key=STAGE_KEY,
        width="stretch",
    )
    if len(framework.tracks) > 1:
        options = [SIDE_BY_SIDE, *(t.id for t in framework.tracks)]
        names = {SIDE_BY_SIDE: "Side by side"} | {t.id: literal(t.name) for t in framework.tracks}
        st.segmented_control(
            "Track",
            options,
            format_func=lambda o: names[o],
            default=SIDE_BY_SIDE,
            required=True,
            key=TRACK_KEY,
        )
    return chosen


def _stage_detail(framework: Framework, stage: Stage) -> None:
    with st.container(border=True):
        title = f"Stage {stage.number} · {literal(stage.name)}"
        st.subheader(title + (" (aspirational)" if stage.aspirational else ""), anchor=False)
        st.markdown(literal(stage.shift))
        provenance(stage.provenance, stage.source)
        if stage.aspirational:
            st.info(
                "Aspirational: no production-ready patterns or tools support this stage yet, so no one is "
                "placed here. It is on the map so the map is whole."
            )
        built, effort = st.columns(2)
        with built:
            st.markdown("**What a team builds to reach it**")
            st.markdown(
                literal(stage.builds)
                if stage.builds
                else "Nothing new to build: the change is in how people work."
            )
        with effort:
            st.markdown("**Reference effort**")
            ref = framework.curve.effort.reference.get(stage.number) if framework.curve.effort else None
            if ref and framework.curve.effort:
                st.markdown(literal(f"{ref[0]:g} to {ref[1]:g} {framework.curve.effort.unit}"))
                provenance(framework.curve.effort.provenance, framework.curve.effort.source)
            else:
                st.markdown("None quoted for this stage.")
        floor = framework.curve.floor
        gate = (
            "gates placement here"
            if stage.number >= floor.gates_from_stage
            else "is reported here but does not gate yet"
        )
        st.caption(
            literal(
                f"Competency floor: {', '.join(s.name for s in floor.skills)} at "
                f"{level_label(framework, floor.minimum)} or above, the same at every stage; it {gate} "
                f"(it gates from stage {floor.gates_from_stage})."
            )
        )

    chosen_track = st.session_state.get(TRACK_KEY, SIDE_BY_SIDE)
    tracks = [t for t in framework.tracks if chosen_track in (SIDE_BY_SIDE, t.id)] or list(framework.tracks)
    for column, track in zip(st.columns(len(tracks)), tracks, strict=True):
        with column:
            _track_stage(framework, track, track.stage(stage.number))


def _track_stage(framework: Framework, track: Track, track_stage: TrackStage | None) -> None:
    with st.container(border=True):
        st.caption(literal(track.name))
        if track_stage is None:
            st.markdown("This track names no role at this stage.")
            return
        st.markdown(f"#### {literal(track_stage.title)}")
        provenance(track_stage.provenance, track_stage.source)
        if track_stage.summary:
            st.markdown(literal(track_stage.summary))
        if not track_stage.skills:
            st.markdown("_No new signature skills at this stage._")
            return
        st.markdown("**Signature skills**")
        for skill in track_stage.skills:
            tag = "stated" if skill.provenance == "stated" else "inferred"
            st.markdown(
                f"- **{literal(skill.name)}**: expects {literal(level_label(framework, skill.expected))} "
                f"· _{tag}_  \n  {literal(skill.description)}"
            )


def _cost_section(framework: Framework) -> None:
    st.subheader("What each stage costs to build", anchor=False)
    chart = _cost_chart(framework, framework.digest)
    effort = framework.curve.effort
    if chart is None or effort is None:
        st.info("This framework quotes no effort figures.")
        return
    figure, table = chart
    st.caption(literal(effort.note) if effort.note else "")
    left, right = st.columns([3, 2])
    with left:
        st.plotly_chart(figure, config={"displayModeBar": False}, key="explore.cost")
    with right:
        st.markdown(f"**The numbers, in {literal(effort.unit)}**")
        st.dataframe(table, hide_index=True)
        provenance(effort.provenance, effort.source)
        st.caption(
            literal(
                f"Rule of thumb: each stage costs about {effort.multiplier:g} times the one below, starting "
                f"from the middle of the first quoted range. Where the two disagree, trust the reference."
            )
        )


def _fact_value(value: float) -> str:
    return percent(value) if 0 < value < 1 else f"{value:g}"


def _facts(framework: Framework) -> None:
    facts = framework.curve.facts
    if not facts:
        return
    st.subheader("What the source says", anchor=False)
    per_row = 4
    for start in range(0, len(facts), per_row):
        row = facts[start : start + per_row]
        for column, fact in zip(st.columns(per_row), row, strict=False):
            with column, st.container(border=True, height="stretch"):
                if fact.value is not None:
                    st.metric(literal(fact.label), _fact_value(fact.value))
                else:
                    st.markdown(f"**{literal(fact.label)}**")
                st.markdown(literal(fact.text))
                provenance(fact.provenance, fact.source)


def _comparisons(framework: Framework) -> None:
    if not framework.curve.comparisons:
        return
    st.subheader("How other stage models line up", anchor=False)
    st.caption(
        "Each row is a stage of this curve, beside the levels of other published models that match it. "
        "The alignment is our reading, not the authors'."
    )
    st.dataframe(pd.DataFrame(comparison_rows(framework)), hide_index=True)
    sources = [
        f"{literal(c.name)} by {literal(c.author)}" + (f" ({literal(c.published)})" if c.published else "")
        for c in framework.curve.comparisons
    ]
    st.caption("Models: " + "; ".join(sources) + ".")
