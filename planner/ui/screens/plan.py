"""My plan: the headline figures, warnings, the focus list as cards, readiness per stage and each skill's
rating against expected (each with its numbers as a table), exports, and a before-and-after comparison of
two saved assessments."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import streamlit as st

from planner.formats.access import Viewer
from planner.formats.assessment import Assessment
from planner.formats.confirmations import Confirmation
from planner.framework import Framework
from planner.reports.markdown import plan_markdown
from planner.reports.pdf import plan_pdf
from planner.service.database import StorageError, database_url
from planner.service.groundwork import first_team_stage
from planner.service.person import (
    AcceptedEvidence,
    FocusItem,
    Plan,
    ratings_due,
    stored_confirmations,
    stored_evidence,
)
from planner.service.stored import operating_stages
from planner.ui import access_gate, plain, session
from planner.ui.caching import by_content
from planner.ui.figures import Chart, readiness_figure, skills_figure
from planner.ui.screens import compare
from planner.ui.state import PLAN_ALL_GAPS_KEY as ALL_GAPS_KEY
from planner.views.memo import Memo
from planner.views.tables import (
    NO_FIGURE,
    radar_points,
    radar_rows,
    readiness_rows,
    readiness_share,
    readiness_text,
)
from planner.views.words import (
    file_stem,
    floor_verdict,
    lesson_origin,
    level_label,
    literal,
    met_words,
    percent,
    reason_words,
    role_title,
    stage_name,
    where_words,
)

ASSESS_PAGE = "planner/ui/pages/assess.py"
VIEW_KEY, PLAN_VIEW, COMPARE_VIEW = "plan.view", "plan", "compare"
VIEWS = {PLAN_VIEW: "Your plan", COMPARE_VIEW: "Compare two assessments"}
TOP = 3


def render() -> None:
    framework = session.framework_in_use()
    assessment = session.current(framework)
    planned, confirmations, evidence = _whose(assessment)
    full = session.plan_of(
        framework, planned, confirmations=confirmations, accepted=frozenset(e.skill for e in evidence)
    )

    st.title("My plan")
    # A control rather than tabs: only the chosen view is built, and it stays chosen across reruns.
    view = st.segmented_control(
        "View",
        list(VIEWS),
        format_func=lambda v: VIEWS[v],
        default=PLAN_VIEW,
        required=True,
        key=VIEW_KEY,
        label_visibility="collapsed",
    )
    if view == COMPARE_VIEW:
        compare.section(framework)
        return
    if assessment.name:
        st.text(f"For {assessment.name}")  # the name as typed: plain text, copied as it is, never a link
    if not assessment.ratings:
        _empty_state(framework)
    _headline(framework, full)
    _trusted(framework, full)
    _evidence(framework, evidence)
    _team_stage(framework, full)
    for warning in full.warnings:
        st.warning(literal(warning), icon=":material/warning:")
    _age(framework, assessment)
    shown = _focus(framework, full)
    _lessons(full)
    _charts(framework, assessment, full)
    _exports(framework, assessment, shown)


def _whose(
    assessment: Assessment,
) -> tuple[Assessment, tuple[Confirmation, ...], tuple[AcceptedEvidence, ...]]:
    """The assessment to plan, with the confirmations and the accepted evidence from the work that count
    for it: in a shared deployment, one that names nobody is the signed-in person's, and what is stored for
    them counts (read now, for this run's viewer); in single-user mode, nothing."""
    viewer = access_gate.viewer()
    if viewer is None or not access_gate.current().signed_in:
        return assessment, (), ()
    named = assessment if assessment.name else assessment.model_copy(update={"name": viewer.person})
    if not viewer.owns(named.name or ""):
        return named, (), ()
    try:
        url = database_url()
        return (named, *_vouched_for(url, viewer, access_gate.changes(url)))
    except StorageError:
        return named, (), ()


@by_content(64)
def _vouched_for(
    url: str, viewer: Viewer, changes: int
) -> tuple[tuple[Confirmation, ...], tuple[AcceptedEvidence, ...]]:
    """What is stored that confirms the viewer's own ratings: read once per change of the database, for the
    viewer with their grants as they are now (both in the key), not on every rerun of the page."""
    store = access_gate.store(url)
    return stored_confirmations(store, viewer, viewer.person), stored_evidence(store, viewer, viewer.person)


def _evidence(framework: Framework, evidence: tuple[AcceptedEvidence, ...]) -> None:
    """The evidence from the work the person accepted: the ratings it rests on count as confirmed."""
    if not evidence:
        return
    with st.expander(f"Evidence from your work you accepted: {len(evidence)}", icon=":material/task_alt:"):
        st.caption("The ratings of these skills count as confirmed; a scan never sets a rating.")
        for item in evidence:  # plain text: the evidence is shown as found, never as a link
            st.text(f"{framework.skill_names.get(item.skill, item.skill)}: {item.evidence} ({item.source})")


def _trusted(framework: Framework, plan: Plan) -> None:
    """The placement on confirmed ratings beside the placement, and the high ratings nobody confirmed yet."""
    trusted = plan.trusted
    if not trusted.of:
        return
    words = (
        f"On confirmed ratings only: {stage_name(framework, trusted.placement)}, with {trusted.confirmed} of "
        f"{trusted.of} ratings confirmed (agreed with a manager in a check-in, confirmed by a colleague, or resting "
        "on evidence from your work that you accepted)."
    )
    if trusted.placement < plan.placement and trusted.unconfirmed:
        names = ", ".join(framework.skill_names.get(s, s) for s in trusted.unconfirmed)
        st.info(
            literal(f"{words} Not yet confirmed, yet lifting your placement: {names}."),
            icon=":material/verified_user:",
        )
    else:
        st.caption(literal(words))


def _age(framework: Framework, assessment: Assessment) -> None:
    """A note on the age of the ratings: those due for re-rating when the loaded assessment is dated, else
    that their age is unknown (changed or new ratings count from the day they are saved)."""
    rated_on = session.state().get(session.ASSESSED_ON)
    if not assessment.ratings:
        return
    if not isinstance(rated_on, dt.date):
        st.caption(
            "These ratings carry no date, so their age is unknown; a saved assessment is dated the day it is saved."
        )
        return
    due = ratings_due(framework, assessment.model_copy(update={"assessed_on": rated_on}), dt.date.today())
    if not due:
        st.caption(literal(f"Rated on {rated_on.isoformat()}: no rating is due for re-rating yet."))
        return
    names = ", ".join(framework.skill_names.get(s, s) for s in due)
    st.info(
        literal(
            f"Rated on {rated_on.isoformat()}: {len(due)} rating(s) are older than the framework's review "
            f"period and due for re-rating: {names}."
        ),
        icon=":material/update:",
    )


def _empty_state(framework: Framework) -> None:
    with st.container(border=True):
        st.markdown(
            "**You have not rated anything yet**, so this is the plan for someone starting out: every skill "
            "counts as 0 until you rate it. Rate yourself, or load an example to see what a plan looks like."
        )
        left, right, _ = st.columns([2, 2, 4])
        with left:
            st.page_link(ASSESS_PAGE, label="Assess yourself", icon=":material/arrow_forward:")
        with right:
            if session.examples(st.session_state[session.TRACK]):
                st.button(
                    "Try an example",
                    icon=":material/science:",
                    on_click=session.load_example,
                    args=(framework,),
                    key="plan.example",
                )


def _met(plan: Plan, stage: int) -> str:
    """How many of the skills a stage judges are met outright, beside the share of levels."""
    counted = plan.met.get(stage)
    return met_words(counted.met, counted.of) if counted is not None else "no skills counted"


def _headline(framework: Framework, plan: Plan) -> None:
    """Placement, target, readiness for the target and the floor, side by side in one row: each figure
    large, with what it means in words under it (the metric's note, not coloured: it is not a change)."""
    share = readiness_share(framework, plan, plan.target)
    figures = [
        (
            "Placement",
            _stage_value(framework, plan.placement),
            _stage_words(framework, plan.track, plan.placement),
        ),
        ("Target", _stage_value(framework, plan.target), _stage_words(framework, plan.track, plan.target)),
        (
            f"Ready for stage {plan.target}",
            NO_FIGURE if share is None else percent(share),
            "The target has no skills of its own to be ready for"
            if share is None
            else f"Share of the levels the target asks that you meet; {_met(plan, plan.target)}",
        ),
        (framework.curve.floor.name, floor_verdict(plan), _floor_words(framework, plan)),
    ]
    # Four equal bordered columns, one card each: a wrapping row put three cards on one line and the fourth
    # alone at 1280 px. The words are a caption under the figure, not the metric's delta: a delta is one
    # line, cut off when long.
    for column, (label, value, words) in zip(st.columns(len(figures), border=True), figures, strict=True):
        column.metric(label, value)
        column.caption(literal(words))


def _floor_words(framework: Framework, plan: Plan) -> str:
    """Under the floor's verdict: which skills meet it, fall below it, or are not rated yet."""
    minimum = level_label(framework, plan.floor.minimum)
    if plan.floor.ok:
        return f"{', '.join(s.name for s in framework.curve.floor.skills)} at {minimum} or above"
    unrated = set(plan.unrated)
    below = [b.name for b in plan.floor.breaches if b.skill not in unrated]
    to_rate = [b.name for b in plan.floor.breaches if b.skill in unrated]
    parts = [f"{', '.join(below)} below {minimum}"] if below else []
    if to_rate:
        parts.append(f"{', '.join(to_rate)} not rated yet (the floor is {minimum})")
    return "; ".join(parts)


def _team_stage(framework: Framework, plan: Plan) -> None:
    """From the first stage with capabilities on, the stage is a team's: say so, and in a shared deployment
    give the operating stage of the teams the viewer may see the groundwork of (read now, with their
    current grants)."""
    first = first_team_stage(framework)
    if first is None or max(plan.placement, plan.target) < first:
        return
    words = literal(
        f"From {stage_name(framework, first)} on, a stage is the team's, not only yours: whether you can work "
        "there depends on what your team has in place (its groundwork) as well as on your skills."
    )
    viewer = access_gate.viewer()
    try:
        stages = operating_stages(framework, access_gate.the_store(), viewer, plan.target) if viewer else []
    except StorageError:
        stages = []
    # The teams' names as plain text under the note: shown and copied as stored, never links.
    plain.alert(
        "info",
        words,
        [f"Team {team} works at {stage_name(framework, stage)}." for team, stage in stages],
        icon=":material/groups:",
    )


def _stage_value(framework: Framework, number: int) -> str:
    return f"Stage {number}" if framework.stage(number) else "Not yet placed"


def _stage_words(framework: Framework, track: str, number: int) -> str:
    """A stage's name and the track's role title there ('Task: Director and reviewer')."""
    stage = framework.stage(number)
    words = ": ".join(w for w in (stage.name if stage else "", role_title(framework, track, number)) if w)
    return words or "No stage earned yet"


def _focus(framework: Framework, plan: Plan) -> Plan:
    """The focus cards; returns the plan as shown (its first few items, or all on request)."""
    st.subheader("Focus first", anchor=False)
    st.caption("In order: gaps in the floor first, then the lowest stage not yet met, up to your target.")
    if not plan.focus:
        st.success(
            literal(
                f"Nothing to develop up to {stage_name(framework, plan.target)}: every skill is at or above "
                "what it expects. Choose a higher target on the Assess page to look further."
            )
        )
        return plan
    show_all = (
        st.toggle(f"Show every gap ({len(plan.focus)})", key=ALL_GAPS_KEY) if len(plan.focus) > TOP else False
    )
    items = plan.focus if show_all else plan.focus[:TOP]
    per_row = 3
    for start in range(0, len(items), per_row):
        row = list(enumerate(items[start : start + per_row], start + 1))
        # A full row draws its borders on the columns; a short last row on the used columns only.
        full = len(row) == per_row
        for column, (i, item) in zip(st.columns(per_row, border=full), row, strict=False):
            (column if full else column.container(border=True)).markdown(_card(framework, plan, i, item))
    return plan.model_copy(update={"focus": items})


def _card(framework: Framework, plan: Plan, number: int, item: FocusItem) -> str:
    """One focus item as one Markdown text: the skill, where it sits, the gap, why it is first, actions."""
    gap = literal(
        f"Rated {level_label(framework, item.rating)}; expected {level_label(framework, item.expected)} "
        f"(gap {item.gap})."
    )
    parts = [
        f"**{number}. {literal(item.name)}**  \n:gray[:small[{literal(where_words(item, framework, plan.track))}]]",
        gap,
        f"**Why first:** {literal(reason_words(item, framework))}",
    ]
    if item.actions:
        parts.append("**Try this**\n" + "\n".join(f"- {literal(a)}" for a in item.actions[:3]))
    return "\n\n".join(parts)


def _lessons(plan: Plan) -> None:
    """What the framework teaches about the stages of this person's gaps (the floor's beside a floor
    breach), each with where it comes from."""
    if not plan.lessons:
        return
    st.subheader("What the source teaches about these gaps", anchor=False)
    for column, lesson in zip(st.columns(len(plan.lessons), border=True), plan.lessons, strict=True):
        column.markdown(
            f"**{literal(lesson.label)}**\n\n{literal(lesson.text)}\n\n:gray[:small[{literal(lesson_origin(lesson))}]]"
        )


_CHARTS: Memo[tuple[Chart, pa.Table]] = Memo(512)


def _readiness_chart(framework: Framework, assessment: Assessment, plan: Plan) -> tuple[Chart, pa.Table]:
    def make() -> tuple[Chart, pa.Table]:
        rows = [{**row, "Readiness": readiness_text(row)} for row in readiness_rows(framework, plan)]
        return readiness_figure(framework, plan), pa.Table.from_pylist(rows)

    return _CHARTS.get(("readiness", *session.content_key(framework, assessment)), make)


def _radar_chart(framework: Framework, assessment: Assessment, target: int) -> tuple[Chart, pa.Table]:
    def make() -> tuple[Chart, pa.Table]:
        points = radar_points(framework, assessment, target)
        table = pa.Table.from_pylist(radar_rows(framework, points, dict(assessment.ratings)))
        levels = {lv: level_label(framework, lv) for lv in framework.levels}
        return skills_figure(points, levels), table

    return _CHARTS.get(("radar", target, *session.content_key(framework, assessment)), make)


# Widths that let the grids beside the charts show every column whole at 1280 px, the words in the
# widest column: a grid, unlike a static table, does not wrap.
_READINESS_COLUMNS = {
    "Stage": st.column_config.NumberColumn(width=52),
    "Name": st.column_config.TextColumn(width=96),
    "Readiness": st.column_config.TextColumn(width=84),
    "Status": st.column_config.TextColumn(width=290),
}
_RATINGS_COLUMNS = {
    "Skill": st.column_config.TextColumn(width=196),
    "Where": st.column_config.TextColumn(width=120),
    "Rating": st.column_config.TextColumn(width=96),
    "Expected": st.column_config.TextColumn(width=96),
    "Gap": st.column_config.NumberColumn(width=40),
}


def _charts(framework: Framework, assessment: Assessment, plan: Plan) -> None:
    st.subheader(
        "Readiness by stage",
        anchor=False,
        help="Of everything a stage's skills expect (the floor included from the stage it gates), the share "
        "your ratings meet.",
    )
    figure, table = _readiness_chart(framework, assessment, plan)
    left, right = st.columns([1, 1])
    left.plotly_chart(figure, config={"displayModeBar": False}, key="plan.readiness")
    # A grid that fits its rows, not a static table: the browser draws a static table's cells one Markdown
    # text each, the slowest part of arriving on the page.
    right.dataframe(table, hide_index=True, height="content", column_config=_READINESS_COLUMNS)

    st.subheader(
        f"Your ratings against {literal(stage_name(framework, plan.target))}",
        anchor=False,
        help="Every skill up to your target stage, the floor included.",
    )
    figure, table = _radar_chart(framework, assessment, plan.target)
    left, right = st.columns([1, 1])
    left.plotly_chart(figure, config={"displayModeBar": False}, key="plan.skills")
    # A grid that fits its rows, not a static table: the browser draws a static table's cells one Markdown
    # text each (about 150 here, the slowest part of arriving on the page), and these need no wrapping.
    right.dataframe(table, hide_index=True, height="content", column_config=_RATINGS_COLUMNS)


def _exports(framework: Framework, assessment: Assessment, shown: Plan) -> None:
    st.subheader("Take it with you", anchor=False)
    st.caption(
        "For your next 1:1: the plan as Markdown to paste into a document, or as a PDF with the charts."
    )
    saved = session.dated(assessment)
    stem = file_stem(assessment.name, assessment.track, dt.date.today()).replace(
        "stagepath-", "stagepath-plan-", 1
    )
    with st.container(horizontal=True):
        st.download_button(
            "Download Markdown",
            data=lambda: plan_markdown(framework, saved, shown),
            file_name=f"{stem}.md",
            mime="text/markdown",
            icon=":material/description:",
            on_click="ignore",
            key="plan.download_md",
        )
        st.download_button(
            "Download PDF",
            data=lambda: plan_pdf(framework, saved, shown),
            file_name=f"{stem}.pdf",
            mime="application/pdf",
            icon=":material/picture_as_pdf:",
            on_click="ignore",
            key="plan.download_pdf",
        )
