"""My plan's Compare tab: two saved assessments of one person side by side, read with My plan's rules."""

from __future__ import annotations

import pyarrow as pa
import streamlit as st

from planner.common.problems import InputError
from planner.formats.assessment import Assessment, load_assessment
from planner.framework import Framework
from planner.service.person import PlanChange, plan_change
from planner.ui import plain, session
from planner.ui.caching import by_content, copied
from planner.ui.figures import compare_figure
from planner.views.tables import (
    NO_FIGURE,
    readiness_change_rows,
    readiness_share,
    skill_change_rows,
)
from planner.views.words import (
    floor_verdict,
    floor_words,
    literal,
    percent,
    stage_name,
)

BEFORE, AFTER = "before", "after"


def _on_compare_upload(which: str) -> None:
    uploaded = st.session_state.get(f"plan.compare.{which}")
    st.session_state[f"sp.compare.{which}"] = (uploaded.name, uploaded.getvalue()) if uploaded else None


def _on_compare_example() -> None:
    found = session.examples(st.session_state[session.TRACK])
    if len(found) >= 2:
        st.session_state[f"sp.compare.{BEFORE}"] = (found[0].name, found[0].read_bytes())
        st.session_state[f"sp.compare.{AFTER}"] = (found[-1].name, found[-1].read_bytes())


@copied(64)
def _parse(_framework: Framework, digest: str, name: str, raw: bytes) -> Assessment | list[str]:
    try:
        return load_assessment(name, raw, _framework)
    except InputError as exc:
        return [str(p) for p in exc.problems]


def section(framework: Framework) -> None:
    """The Compare tab."""
    st.caption(
        "Upload two saved assessments of the same track, an earlier one and a later one, to see what changed."
    )
    loaded: dict[str, Assessment] = {}
    columns = st.columns(2)
    for column, which in zip(columns, (BEFORE, AFTER), strict=True):
        with column:
            st.file_uploader(
                f"{which.capitalize()} (YAML or JSON)",
                type=["yaml", "yml", "json"],
                key=f"plan.compare.{which}",
                on_change=_on_compare_upload,
                args=(which,),
            )
            source = st.session_state.get(f"sp.compare.{which}")
            if source is None:
                continue
            name, raw = source
            st.text(f"Using {name}")  # the file's name as given
            result = _parse(framework, framework.digest, name, raw)
            if isinstance(result, list):
                plain.alert("error", "That file cannot be used:", result)
            else:
                loaded[which] = result
    if len(session.examples(st.session_state[session.TRACK])) >= 2:
        st.button(
            "Try the example pair",
            icon=":material/science:",
            on_click=_on_compare_example,
            key="plan.compare.example",
        )
    if len(loaded) < 2:
        st.info("Two assessments are needed: one before and one after.")
        return
    before, after = loaded[BEFORE], loaded[AFTER]
    if before.track != after.track:
        names = {t.id: t.name for t in framework.tracks}
        st.warning(
            literal(
                f"These are on different tracks ({names.get(before.track, before.track)} before, "
                f"{names.get(after.track, after.track)} after): each track expects other skills, so there "
                "is no change to show. Compare two assessments of one track."
            ),
            icon=":material/warning:",
        )
        return
    change = _change(framework, framework.digest, _key(before), before, _key(after), after)
    if change.different_people:
        st.warning(
            "These are two different people: what follows compares their ratings, not one person's progress.",
            icon=":material/warning:",
        )
        st.text(f"Before: {before.name}. After: {after.name}.")  # the names as given, never links
    _comparison(framework, before, after, change)


def _key(assessment: Assessment) -> str:
    """An assessment's content, for the cache's key (its name and date included: they are shown)."""
    return assessment.model_dump_json()


@by_content(32)
def _change(
    _framework: Framework,
    digest: str,
    before_key: str,
    _before: Assessment,
    after_key: str,
    _after: Assessment,
) -> PlanChange:
    return plan_change(_framework, _before, _after)


def _comparison(framework: Framework, before: Assessment, after: Assessment, change: PlanChange) -> None:
    plan_before, plan_after = change.before, change.after

    def when(a: Assessment) -> str:
        return a.assessed_on.isoformat() if a.assessed_on else "undated"

    st.markdown(
        literal(
            f"Before: {when(before)}. After: {when(after)}. Target: {stage_name(framework, plan_after.target)}."
        )
    )
    placed, ready, rated, floor = st.columns(4)
    moved = plan_after.placement - plan_before.placement
    placed.metric(
        "Placement",
        f"Stage {plan_after.placement}" if plan_after.placement else "Not yet placed",
        delta=f"{moved:+d} stage{'' if abs(moved) == 1 else 's'} (was {plan_before.placement})",
        delta_color="normal" if plan_after.placement != plan_before.placement else "off",
        border=True,
    )
    t = plan_after.target
    share_after, share_before = (
        readiness_share(framework, plan_after, t),
        readiness_share(framework, plan_before, t),
    )
    if share_after is None or share_before is None:
        ready.metric(f"Ready for stage {t}", NO_FIGURE, border=True)
        ready.caption("The target has no skills of its own to be ready for")
    else:
        points = round((share_after - share_before) * 100)
        ready.metric(
            f"Ready for stage {t}",
            percent(share_after),
            delta=f"{points:+d} points (was {percent(share_before)})",
            delta_color="normal" if points else "off",
            border=True,
        )
    rated.metric(
        "Skills rated",
        len(after.ratings),
        delta=f"{len(after.ratings) - len(before.ratings):+d}",
        delta_color="off",
        border=True,
    )
    floor.metric(
        framework.curve.floor.name,
        floor_verdict(plan_after),
        delta=f"was {floor_words(plan_before)}",
        delta_color="off",
        delta_arrow="off",
        border=True,
    )
    left, right = st.columns([3, 2])
    with left:
        st.plotly_chart(
            compare_figure(framework, plan_before, plan_after),
            config={"displayModeBar": False},
            key="plan.compare.chart",
        )
    with right:
        st.dataframe(
            pa.Table.from_pylist(readiness_change_rows(framework, plan_before, plan_after)), hide_index=True
        )
        st.caption(
            literal(
                f"{NO_FIGURE}: the stage asks nothing of its own, so its figure would only repeat the stage "
                "below, as on your plan."
            )
        )
    st.markdown("**Skill by skill**")
    changed_only = st.toggle("Only skills that changed", value=True, key="plan.compare.changed_only")
    rows = skill_change_rows(framework, before, after, changed_only=changed_only)
    if rows:
        st.dataframe(pa.Table.from_pylist(rows), hide_index=True)
    else:
        st.info("No rating changed between the two.")
