"""Explore: the first screen. The curve as a strip of stages, one stage opened with each track's role,
signature skills and what is built, the cost curve, the source's facts and other published stage models.
Every framework text is escaped: an uploaded framework is user input."""

from __future__ import annotations

import pyarrow as pa
import streamlit as st

from planner.framework import Framework
from planner.framework.curve import Fact, Stage
from planner.framework.tracks import Track, TrackStage
from planner.service.groundwork import first_team_stage
from planner.service.person import Plan, effort_rule_gap
from planner.ui import session
from planner.ui.figures import Chart, cost_figure
from planner.ui.state import EXPLORE_LADDER_TAB_KEY as LADDER_TAB_KEY
from planner.views.memo import Memo
from planner.views.tables import comparison_rows, cost_points, cost_rows, ladder_rows
from planner.views.words import (
    PROVENANCE_WORDS,
    expected_words,
    level_label,
    literal,
    percent,
    safe_url,
    titled,
)

STAGE_KEY, TRACK_KEY = session.EXPLORE_STAGE, session.EXPLORE_TRACK
SIDE_BY_SIDE = "*side-by-side*"
ASSESS_PAGE = "planner/ui/pages/assess.py"


# Made once per framework (by its digest): a plain-tuple key costs a dict access per rerun.
_COST_CHARTS: Memo[tuple[Chart, pa.Table] | None] = Memo(16)
_COMPARISONS: Memo[pa.Table] = Memo(16)
_LADDERS: Memo[pa.Table] = Memo(64)


def _cost_chart(framework: Framework) -> tuple[Chart, pa.Table] | None:
    def make() -> tuple[Chart, pa.Table] | None:
        points = cost_points(framework)
        effort = framework.curve.effort
        if not points or effort is None:
            return None
        figure = cost_figure(points, effort.unit, effort.multiplier)
        return figure, pa.Table.from_pylist(cost_rows(framework, points))

    return _COST_CHARTS.get(framework.digest, make)


def _ladder_table(framework: Framework, track: Track) -> pa.Table:
    return _LADDERS.get(
        (framework.digest, track.id), lambda: pa.Table.from_pylist(ladder_rows(framework, track))
    )


def _comparison_table(framework: Framework) -> pa.Table:
    return _COMPARISONS.get(framework.digest, lambda: pa.Table.from_pylist(comparison_rows(framework)))


def provenance_line(kind: str, source: str = "") -> str:
    """Whether the source states it or we inferred it, in words, with the source's address (Markdown)."""
    words = PROVENANCE_WORDS.get(kind, kind)
    url = safe_url(source) if source else None
    icon = ":material/format_quote:" if kind == "stated" else ":material/lightbulb:"
    link = f" · [source]({url})" if url else (f" · source: {literal(source)}" if source else "")
    return f":gray[:small[{icon} {literal(words)}{link}]]"


def render() -> None:
    framework = session.framework_in_use()
    assessment = session.current(framework)
    plan = session.plan_of(framework, assessment)
    curve = framework.curve

    st.title("Stagepath")
    summary = f"\n\n:gray[:small[{literal(curve.summary)}]]" if curve.summary else ""
    st.markdown(
        f"**See where you stand on the {literal(curve.name)}, which gaps block your next stage, "
        f"and what to work on first.**{summary}"
    )
    # The first screen's one call to action, as a primary button: a small link was easy to miss.
    if st.button(
        "Assess yourself: about 10 minutes",
        type="primary",
        icon=":material/arrow_forward:",
        key="explore.start",
    ):
        st.switch_page(ASSESS_PAGE)

    _strip(framework, plan, bool(assessment.ratings))
    chosen = _pickers(framework, plan)
    stage = framework.stage(chosen)
    if stage is not None:
        _stage_detail(framework, stage)
    _ladders(framework)

    st.divider()
    _cost_section(framework)
    _lessons(framework)
    _facts(framework)
    _comparisons(framework)
    st.divider()
    st.page_link(
        ASSESS_PAGE,
        label="Ready? Rate your skills and get your plan",
        icon=":material/arrow_forward:",
    )


def _strip(framework: Framework, plan: Plan, rated: bool) -> None:
    """The stages as one horizontal strip, one column each: number and name, then the shift, aspirational
    ones and the visitor's placement and target marked in words. Columns, not a Markdown table: a table
    centres its cells vertically, so short and long cells started at different heights."""
    st.subheader("The curve, stage by stage", anchor=False)
    stages = framework.curve.stages
    for column, stage in zip(st.columns(len(stages), border=True), stages, strict=True):
        badges = []
        if stage.aspirational:
            badges.append(":gray-badge[Aspirational]")  # no icon: it fits a narrow column whole
        if rated and stage.number == plan.placement:
            badges.append(":blue-badge[:material/person_pin_circle: You are here]")
        elif rated and stage.number == plan.target:
            badges.append(":orange-badge[:material/flag: Your target]")
        head = f"**{stage.number} {literal(stage.name)}**"
        column.markdown("  \n".join([head, *badges, f":gray[:small[{literal(stage.shift)}]]"]))


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
        st.markdown(_stage_text(framework, stage))
        if stage.aspirational:
            st.info("An aspirational stage: no one is placed here, and no plan aims at it unless asked.")

    chosen_track = st.session_state.get(TRACK_KEY, SIDE_BY_SIDE)
    tracks = [t for t in framework.tracks if chosen_track in (SIDE_BY_SIDE, t.id)] or list(framework.tracks)
    for column, track in zip(st.columns(len(tracks), border=True), tracks, strict=True):
        column.markdown(_track_stage(framework, track, track.stage(stage.number)))


def _stage_text(framework: Framework, stage: Stage) -> str:
    """A stage's shift, what a team builds to reach it, its reference effort and what the floor does
    there, as one Markdown text."""
    builds = literal(stage.builds) if stage.builds else "None named for this stage."
    # Stages before the team's first are each person's own (the source: stages 1 to 3 are individual).
    team_from = first_team_stage(framework)
    who = "a team" if team_from is None or stage.number >= team_from else "each person"
    effort = _effort_words(framework, stage.number)
    floor = framework.curve.floor
    gate = (
        "gates placement here"
        if stage.number >= floor.gates_from_stage
        else "is reported here but does not gate yet"
    )
    floor_note = literal(
        f"{floor.name}: {framework.floor_skills_phrase} at {level_label(framework, floor.minimum)} or above, "
        f"the same at every stage; it {gate} (it gates from stage {floor.gates_from_stage})."
    )
    floor_note += " " + provenance_line(floor.provenance, floor.source)
    floor_note += (
        f" :gray[:small[(the minimum: {literal(floor.rule_provenance)}; "
        f"the gate: {literal(floor.gate_provenance)})]]"
    )
    named = stage.name_provenance or stage.provenance
    name_note = f"\n\n:gray[:small[The name '{literal(stage.name)}' is ours.]]" if named == "inferred" else ""
    lessons = "".join(f"\n\n{_fact(f)}" for f in framework.curve.facts if stage.number in f.stages)
    return (
        f"{literal(stage.shift)}\n\n{provenance_line(stage.provenance, stage.source)}{name_note}\n\n"
        f"**What {who} builds to reach it:** {builds}\n\n**Reference effort:** {effort}\n\n"
        f":gray[:small[{floor_note}]]{lessons}"
    )


def _effort_words(framework: Framework, number: int) -> str:
    """A stage's reference effort: the source's own words (stated) and our conversion of them, each with
    its provenance; or that none is quoted."""
    costs = framework.curve.effort
    ref = costs.reference.get(number) if costs else None
    if not ref or costs is None:
        return "None quoted for this stage."
    fact = framework.fact(costs.quoted.get(number))
    said = ""
    if fact is not None:
        said = f'"{literal(fact.quote or fact.text)}" {provenance_line(fact.provenance, fact.source)}; '
    ours = literal(f"{ref[0]:g} to {ref[1]:g} {costs.unit}")
    return f"{said}{ours}, our conversion {provenance_line(costs.provenance, costs.source)}"


def _track_stage(framework: Framework, track: Track, track_stage: TrackStage | None) -> str:
    """One track at one stage, as one Markdown text: role title, provenance, summary, signature skills."""
    head = f":gray[:small[{literal(track.name)}]]"
    if track_stage is None:
        return f"{head}\n\nThis track names no role at this stage."
    parts = [
        head,
        f"#### {literal(titled(track_stage))}",
        provenance_line(track_stage.provenance, track_stage.source),
    ]
    if track_stage.summary:
        parts.append(literal(track_stage.summary))
    if not track_stage.skills:
        parts.append("_No new signature skills at this stage._")
        return "\n\n".join(parts)
    parts.append("**Signature skills**")
    parts.append(
        "\n".join(
            f"- **{literal(skill.name)}**: expects {literal(expected_words(framework, skill))} "
            f"· _skill {skill.provenance}, levels {skill.expected_provenance}_  \n  {literal(skill.description)}"
            for skill in track_stage.skills
        )
    )
    return "\n\n".join(parts)


def _cost_section(framework: Framework) -> None:
    st.subheader("What each stage costs to build", anchor=False)
    chart = _cost_chart(framework)
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
        st.markdown(f"**The numbers, in {literal(effort.unit)}: our conversion of the source's words**")
        st.table(table, hide_index=True)  # a static table wraps "What is built" where a grid clipped it
        gap = effort_rule_gap(framework)
        rule = literal(
            f"Rule of thumb: each stage costs about {effort.multiplier:g} times the one below; the chart's "
            f"line starts from the middle of the first range. Where the two disagree, trust the reference."
            + (f" The gap at the top: {gap.sentence}" if gap else "")
        )
        st.markdown(f"{provenance_line(effort.provenance, effort.source)}\n\n:gray[:small[{rule}]]")


def _fact_value(fact: Fact) -> str:
    """The figure as the source gives it ('More than 250'); else the value, a share as a percentage."""
    if fact.figure:
        return fact.figure
    value = fact.value or 0.0
    return percent(value) if 0 < value < 1 else f"{value:g}"


def _cards(facts: tuple[Fact, ...] | list[Fact]) -> None:
    """Facts as cards in up to four columns, a column holding every fourth, one Markdown element each."""
    per_row = min(4, len(facts))
    for column, start in zip(st.columns(per_row, border=True), range(per_row), strict=True):
        column.markdown("\n\n---\n\n".join(_fact(fact) for fact in facts[start::per_row]))


def _facts(framework: Framework) -> None:
    """The source's facts (stated, lessons apart) as cards, each its label, its figure large, the
    sentence and the provenance; then, apart and under their own heading, the figures that are ours."""
    facts = [f for f in framework.curve.facts if not f.lesson]
    stated = [f for f in facts if f.provenance == "stated"]
    ours = [f for f in facts if f.provenance != "stated"]
    if stated:
        st.subheader("What the source says", anchor=False)
        _cards(stated)
    if ours:
        st.subheader("Our own figures", anchor=False)
        st.caption("Not in the source: our reading of it, used by the rules, and open to change.")
        _cards(ours)


def _lessons(framework: Framework) -> None:
    """What the source teaches, in our words, each with its provenance."""
    lessons = [f for f in framework.curve.facts if f.lesson]
    if lessons:
        st.subheader("What the source teaches", anchor=False)
        _cards(lessons)


def _fact(fact: Fact) -> str:
    shows = fact.figure or fact.value is not None
    figure = f"### {literal(_fact_value(fact))}\n\n" if shows else ""
    words = f'_"{literal(fact.quote)}"_ ' if fact.quote else ""
    note = f"\n\n:gray[:small[{literal(fact.value_note)}]]" if fact.value_note else ""
    return (
        f":gray[{literal(fact.label)}]\n\n{figure}{words}{literal(fact.text)}{note}\n\n"
        f"{provenance_line(fact.provenance, fact.source)}"
    )


def _ladders(framework: Framework) -> None:
    """How each skill's expected level rises across the stages, one table per track shown."""
    chosen = st.session_state.get(TRACK_KEY, SIDE_BY_SIDE)
    tracks = [t for t in framework.tracks if chosen in (SIDE_BY_SIDE, t.id)] or list(framework.tracks)
    st.subheader("How expectations rise with the stage", anchor=False)
    st.caption(
        "The level each skill expects at each stage people can be placed at, blank before the skill's own "
        "stage; the last row is the mean level the track's skills ask there. 'Levels' says whether the source "
        "states them or we inferred them."
    )
    # Only the open tab's table is built and sent (a tab click reruns the page): the other tracks' tables
    # were drawn on every run of the page and seen only on a click. A grid, not a static table: its short
    # cells need no wrapping, and the browser draws a static table's 250 cells one Markdown text each,
    # the slowest part of arriving on the page (the page's other grid has loaded the grid's code already).
    tabs = st.tabs([literal(t.name) for t in tracks], key=LADDER_TAB_KEY, on_change="rerun")
    for tab, track in zip(tabs, tracks, strict=True):
        if tab.open:
            tab.dataframe(_ladder_table(framework, track), hide_index=True, height="content")


def _comparisons(framework: Framework) -> None:
    if not framework.curve.comparisons:
        return
    st.subheader("How other stage models line up", anchor=False)
    sources = [
        f"{literal(c.name)} by {literal(c.author)}" + (f" ({literal(c.published)})" if c.published else "")
        for c in framework.curve.comparisons
    ]
    st.caption(
        "Each row is a stage of this curve, beside the levels of other published models that match it. "
        "The alignment is our reading, not the authors'. Models: " + "; ".join(sources) + "."
    )
    st.dataframe(_comparison_table(framework), hide_index=True)
