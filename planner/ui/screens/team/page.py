"""The Team page: a manager's whole team at once.

The roster comes first (planner.ui.screens.team.roster): assessment files and CSV rosters uploaded (any mix), the sample roster, or the
latest snapshots (with their history) from the database; an upload can be saved to the database as a
team. Then the headline figures, the stage distribution, the floor, the ratings due and (for a stored team) the open
actions; then, for a target stage the
manager picks, coverage with develop-or-hire, the heatmap of skills by person, progress over time and the
exports; calibration last. The hiring profiles built from the gaps are left in session state for the
Hiring page.

Speed: every input is parsed once per content (keyed by its SHA-256, planner.ui.sources), and every
engine result is cached under the team's content key (planner.ui.screens.team.results), so a widget change recomputes only what depends on it; the part that moves
with the target is a fragment, so changing the target reruns only that part. The caches are
st.cache_resource, not st.cache_data: the results are immutable and large (a 10,000-person report takes
about 0.3 s to copy, which cache_data would do on every rerun).

Safety: names, team names, file names and messages are shown through `literal` (Markdown that shows the
text as it is), dataframes (plain text) or `plain` (plotly); nothing a user typed becomes HTML or a link.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from planner.formats.roster_writing import roster_csv
from planner.framework import Framework
from planner.reports.team import coverage_csv, no_hire_builds, team_markdown
from planner.service.groundwork import OperatingStage
from planner.service.team import SUPPORT_FACT, TeamReport
from planner.ui import access_gate, session
from planner.ui.downloads import CSV, MARKDOWN, ROSTER, offer
from planner.ui.screens.team import actions as team_actions
from planner.ui.screens.team import calibration
from planner.ui.screens.team import groundwork as team_groundwork
from planner.ui.screens.team import mentoring as team_mentoring
from planner.ui.screens.team import results as team_results
from planner.ui.screens.team import roster as team_roster
from planner.ui.screens.team import trust as team_trust
from planner.ui.screens.team.figures import progress_figure
from planner.ui.screens.team.results import BREACHES_SHOWN, LEVELS_VIEW, PEOPLE_VIEW, AtTarget, Basics
from planner.ui.sources import Loaded, Stored
from planner.ui.state import (
    BUILD_COUNT,
    COVERAGE,
    GAPS_FROM,
    GAPS_ONLY_WIDGET,
    MIN_COVERAGE,
    MIN_COVERAGE_WIDGET,
    PROFILES,
    SOURCE,
    TARGET,
    TARGET_WIDGET,
    TRACK_WIDGET,
    VIEW_WIDGET,
)
from planner.views.team_tables import (
    HEATMAP_PEOPLE,
    MIN_GROUP_ENV,
    VERDICT_WORDS,
    min_group_setting,
    people_below_floor,
    progress_frame,
    verdict_counts,
    verdict_legend,
)
from planner.views.words import (
    PROVENANCE_WORDS,
    file_stem,
    level_label,
    literal,
    stage_name,
    stage_option,
)

HIRING_PAGE = "planner/ui/pages/hiring.py"
PROGRESS_PEOPLE = 8
# The verdict chips, in VERDICT_WORDS' order: Streamlit's theme colours; the words carry the meaning.
CHIP_COLOURS = ["green", "blue", "orange", "red"]


def render() -> None:
    framework = session.framework_in_use()
    st.title("Team")
    st.caption(
        "Can the team work at the stage it is aiming for? Where the floor is weak, what to develop in whom, "
        "and what to hire for."
    )
    access_gate.mode_line()
    team_roster.open_from_address()
    loaded = team_roster.section(framework)
    if loaded is None or not len(loaded.team):
        for key in (PROFILES, GAPS_FROM, COVERAGE):
            st.session_state.pop(key, None)
        team_roster.empty_state(framework)
        return
    min_group, note = min_group_setting()
    if note:
        st.warning(literal(note))
    basics = team_results.basics(framework, framework.digest, loaded.key, loaded.team, min_group)
    _headline(framework, basics)
    _open_one_person(loaded)
    _distribution(framework, loaded.key, basics)
    _floor(framework, basics)
    team_mentoring.due_section(framework, loaded.key, basics.record)
    team_actions.section(framework)
    _target_section(framework, loaded, basics, min_group)
    calibration.section(framework, basics)


def _open_one_person(loaded: Loaded) -> None:
    """For a stored team: open one of its people on the One person page, for a 1:1."""
    source = st.session_state.get(SOURCE)
    if not isinstance(source, Stored) or not source.team:
        return
    names = sorted(set(loaded.team.rows["name"].tolist()))
    pick, link = st.columns([3, 1], vertical_alignment="bottom")
    name = pick.selectbox(
        "Open one person", names, index=None, key="team.one_person", placeholder="Choose a person"
    )
    if name is not None:
        link.page_link(
            access_gate.PERSON_PAGE,
            label="Open their page",
            icon=":material/person:",
            query_params={"team": source.team, "person": name},
        )


def _headline(framework: Framework, basics: Basics) -> None:
    people, below, support = st.columns(3)
    people.metric("People", f"{basics.people:,}", border=True)
    tracks = {t.id: t.name for t in framework.tracks}
    people.caption(
        literal(", ".join(f"{tracks.get(t, t)}: {sum(c.values()):,}" for t, c in basics.distribution.items()))
    )
    below_floor = people_below_floor(basics.breaches)
    below.metric("Below the floor", f"{below_floor:,} of {basics.people:,}", border=True)
    floor = framework.curve.floor
    skills = ", ".join(s.name for s in floor.skills)
    below.caption(
        literal(
            f"Rated below {floor.minimum} in {skills} ({len(basics.breaches):,} ratings in all). "
            f"The floor gates every stage from {floor.gates_from_stage} on."
        )
    )
    if basics.support is None:
        support.metric("Support to plan for", "Not known", border=True)
        support.caption("This framework gives no share of people who take to the change comfortably.")
    else:
        s = basics.support
        # The source's share applied to the head count: an estimate to plan with, not a measurement of
        # this team, and labelled so next to the measured figures beside it.
        support.metric(
            "Support to plan for, by the source's figure",
            f"{s.plan_for:,} of {s.people:,} people",
            border=True,
        )
        # Only the source's own words go in quotation marks; the fact's sentence is ours.
        fact = framework.fact(SUPPORT_FACT)
        said = f" ({PROVENANCE_WORDS.get(fact.provenance, fact.provenance)})" if fact else ""
        support.caption(
            literal(f"An estimate, not measured in this team: {s.text}{said}. Its basis: {s.basis}.")
        )


def _distribution(framework: Framework, key: str, basics: Basics) -> None:
    st.subheader("Where people are placed", anchor=False)
    left, right = st.columns([3, 2])
    figure, frame = team_results.distribution_chart(framework, framework.digest, key, basics)
    with left:
        st.plotly_chart(figure, config={"displayModeBar": False}, key="team.distribution")
    with right:
        st.dataframe(frame, hide_index=True, key="team.distribution_table")
        st.caption(
            "Each person counted once, with their latest assessment (a manager's over their own on the same day)."
        )


def _floor(framework: Framework, basics: Basics) -> None:
    floor = framework.curve.floor
    st.subheader(literal(floor.name), anchor=False)
    if not basics.breaches:
        st.success(literal(f"Everyone is at {floor.minimum} or above in {framework.floor_skills_phrase}."))
        return
    shown = min(len(basics.breaches), BREACHES_SHOWN)
    st.caption(
        literal(
            f"Below the floor minimum of {floor.minimum}: this comes first in each person's plan, whatever their stage."
            + (
                f" The first {shown:,} of {len(basics.breaches):,} are listed; the Markdown report has all."
                if shown < len(basics.breaches)
                else ""
            )
        )
    )
    st.dataframe(basics.breach_table, hide_index=True, key="team.breaches")


# --- at the target ------------------------------------------------------------------------------------------


def _on_target() -> None:
    st.session_state[TARGET] = st.session_state.get(TARGET_WIDGET)


def _on_min_coverage() -> None:
    st.session_state[MIN_COVERAGE] = st.session_state.get(MIN_COVERAGE_WIDGET)


@access_gate.fragment
def _target_section(framework: Framework, loaded: Loaded, basics: Basics, min_group: int) -> None:
    st.subheader("At the target stage", anchor=False)
    stages = [s.number for s in framework.curve.stages]
    target = st.session_state.get(TARGET) or basics.default_target
    if target not in stages:
        target = basics.default_target
    session.seed(TARGET_WIDGET, target)
    session.seed(MIN_COVERAGE_WIDGET, st.session_state.get(MIN_COVERAGE) or 2)
    left, middle, _ = st.columns([2, 1, 2])
    left.selectbox(
        "Target stage",
        stages,
        format_func=lambda n: (
            stage_option(framework, n) + (" (the team's default)" if n == basics.default_target else "")
        ),
        key=TARGET_WIDGET,
        on_change=_on_target,
        help="By default the stage after the team's median placement.",
    )
    middle.number_input(
        "Holders wanted per skill",
        min_value=1,
        max_value=1000,
        step=1,
        key=MIN_COVERAGE_WIDGET,
        on_change=_on_min_coverage,
        help="The redundancy goal: a skill held by fewer people than this is thin (it rests on too few). "
        "Capped at the number of people on each track, so a one-person track is never told to hire a second.",
    )
    target = int(st.session_state[TARGET_WIDGET])
    min_coverage = int(st.session_state[MIN_COVERAGE_WIDGET])
    stage = framework.stage(target)
    if stage is not None and stage.aspirational:
        st.info(
            literal(
                f"{stage_name(framework, target)} is aspirational: nobody is placed there yet, so its skills "
                "are a direction rather than a requirement."
            )
        )
    record = team_groundwork.current(framework, team_groundwork.roster_id(loaded.key))
    report = team_results.report(
        framework,
        framework.digest,
        loaded.key,
        loaded.team,
        team_groundwork.record_key(record),
        record,
        target,
        min_coverage,
        dt.date.today(),
        loaded.confirmations_key,
        loaded.confirmations,
    )
    result = team_results.at_target(
        framework, framework.digest, loaded.key, loaded.team, report, target, min_coverage
    )
    operating = team_results.operating(
        framework,
        framework.digest,
        loaded.key,
        loaded.team,
        team_groundwork.record_key(record),
        record,
        target,
        min_coverage,
    )
    access_gate.keep(PROFILES, result.profiles)
    access_gate.keep(COVERAGE, result.coverage)
    access_gate.keep(BUILD_COUNT, len(operating.build))
    access_gate.keep(
        GAPS_FROM,
        f"the Team page: {basics.people:,} people, target {stage_name(framework, target)}, "
        f"covered when at least {min_coverage} people meet a skill",
    )
    if framework.capabilities:
        team_groundwork.headline(framework, operating)
    _coverage(framework, loaded.key, result, target, min_coverage, operating)
    team_trust.section(framework, loaded, report)
    team_mentoring.pairs_section(framework, result)
    team_groundwork.section(framework, record, operating)
    _heatmap(framework, loaded.key, basics, target, min_group)
    _progress(framework, result, target)
    _exports(framework, basics, report)


def _coverage(
    framework: Framework,
    key: str,
    result: AtTarget,
    target: int,
    min_coverage: int,
    operating: OperatingStage,
) -> None:
    st.markdown(f"**Coverage of every skill up to {literal(stage_name(framework, target))}**")
    tracks = {t.id: t.name for t in framework.tracks}
    present = list(dict.fromkeys(r.track for r in result.coverage))
    for column, track in zip(st.columns(max(len(present), 1)), present, strict=False):
        counts = verdict_counts(result.coverage, track)
        column.markdown(
            f"{literal(tracks.get(track, track))}: :green-badge[✓ {counts['covered']} covered] "
            f":blue-badge[◐ {counts['thin']} thin] :orange-badge[↑ {counts['develop']} to develop] "
            f":red-badge[+ {counts['hire']} to hire]"
        )
    if operating.build:
        st.markdown(
            f"The team: :violet-badge[⚒ {len(operating.build)} to build] "
            f"(groundwork, see [Groundwork](#{team_groundwork.ANCHOR}))"
        )
    st.caption(literal(verdict_legend(min_coverage, bool(operating.build))))
    gaps_only = st.toggle("Only skills that are not covered", key=GAPS_ONLY_WIDGET)
    frame = team_results.coverage_table(
        framework, framework.digest, key, result, target, min_coverage, gaps_only
    )
    if frame.empty:
        st.success("Every skill up to the target is covered.")
        return
    st.dataframe(
        frame,
        hide_index=True,
        key="team.coverage",
        # The verdict beside the skill and the skill pinned: on a narrow screen the table scrolls sideways,
        # and the two that answer "is it covered?" stay in sight.
        column_order=["Skill", "Verdict", *(c for c in frame.columns if c not in ("Skill", "Verdict"))],
        column_config={
            "Skill": st.column_config.TextColumn("Skill", pinned=True),
            "Covered by": st.column_config.NumberColumn(
                "Covered by", help="People at or above the expected level", width="small"
            ),
            # Wide: a list of names clipped after two read as if those two were all.
            "Who": st.column_config.TextColumn("Who covers it", width="large"),
            "Verdict": st.column_config.MultiselectColumn(
                "Verdict", options=list(VERDICT_WORDS.values()), color=CHIP_COLOURS, width="small"
            ),
            "Develop": st.column_config.TextColumn(
                "Develop", help="One level below: the quickest to grow into it", width="medium"
            ),
        },
    )
    if result.profiles and operating.build:
        st.caption(literal(no_hire_builds(len(operating.build))))
    if result.profiles:
        st.page_link(
            HIRING_PAGE,
            label=f"Build a hiring profile from these gaps ({len(result.profiles)} track{'s' if len(result.profiles) > 1 else ''})",
            icon=":material/person_add:",
        )


def _heatmap(framework: Framework, key: str, basics: Basics, target: int, min_group: int) -> None:
    st.markdown("**Skills by person**")
    tracks = {t.id: t.name for t in framework.tracks}
    present = list(basics.distribution)
    if len(present) > 1:
        track = st.segmented_control(
            "Track",
            present,
            format_func=lambda t: literal(tracks.get(t) or t),  # options are Markdown
            default=present[0],
            required=True,
            key=TRACK_WIDGET,
        )
    else:
        track = present[0]
    track = track if track in present else present[0]
    on_track = sum(basics.distribution[track].values())
    large = on_track > HEATMAP_PEOPLE
    view = st.segmented_control(
        "View",
        [PEOPLE_VIEW, LEVELS_VIEW],
        format_func=lambda v: (
            f"Each person (first {HEATMAP_PEOPLE})"
            if v == PEOPLE_VIEW and large
            else ("Each person" if v == PEOPLE_VIEW else f"Levels across all {on_track:,} people")
        ),
        default=LEVELS_VIEW if large else PEOPLE_VIEW,
        required=True,
        key=VIEW_WIDGET,
        label_visibility="collapsed",
    )
    figure, frame, grid = team_results.skills_chart(
        framework, framework.digest, key, basics, min_group, track, target, view or PEOPLE_VIEW
    )
    if view == LEVELS_VIEW:
        st.caption(
            literal(
                f"How many of the {on_track:,} people on this track are at each level of each skill the target "
                "looks at; the framed cell is the level the skill expects, a diamond marks a level below it. "
                "Unrated counts as 0."
            )
        )
        st.plotly_chart(figure, config={"displayModeBar": False}, key="team.levels")
        with st.expander("The numbers behind the chart"):
            st.dataframe(frame, hide_index=True, key="team.levels_table")
        return
    subset = (
        f"The first {len(grid.people)} of {on_track:,} people on this track, in roster order; "
        "switch to the levels view to see everyone. "
        if large
        else ""
    )
    st.caption(
        literal(
            subset
            + "Each cell is a rating (an empty cell is unrated and counts as 0): "
            + ", ".join(level_label(framework, lv) for lv in framework.levels)
            + ". The first column is the level each skill expects at the target (for the floor, its minimum), "
            "framed as in the levels view; a diamond marks a rating below it."
        )
    )
    st.plotly_chart(figure, config={"displayModeBar": False}, key="team.heatmap")
    with st.expander("The numbers behind the chart, with the team average", expanded=False):
        st.dataframe(frame, hide_index=True, key="team.heatmap_table")
    mine = [a for a in basics.averages if a.track == track]
    if mine and view == PEOPLE_VIEW:
        st.caption(
            literal(
                f"The team average (the last row) is over all {mine[0].people:,} people on this track, each of "
                f"them shown above it. Where people are not shown one by one, an average of fewer than "
                f"{min_group} is withheld (set by {MIN_GROUP_ENV})."
            )
        )


def _progress(framework: Framework, result: AtTarget, target: int) -> None:
    st.markdown("**Progress over time**")
    if not result.progress:
        st.caption(
            "Nobody here has assessments on more than one date. Save rosters to the database over time "
            "(or add an assessed_on column) and load with history to see progress."
        )
        return
    people = list(result.progress)
    shown = people[:PROGRESS_PEOPLE]
    note = (
        f"The first {len(shown)} of {len(people):,} people with more than one date. "
        if len(people) > len(shown)
        else ""
    )
    st.caption(
        literal(
            note + "Each person's placement at each date they were assessed, one line per rater: their own "
            "ratings (solid) and their manager's (dashed) are drawn apart, so a change of rater is not a rise "
            "or a fall."
        )
    )
    left, right = st.columns([3, 2])
    with left:
        st.plotly_chart(
            progress_figure(framework, shown), config={"displayModeBar": False}, key="team.progress"
        )
    with right:
        st.dataframe(progress_frame(framework, shown, target), hide_index=True, key="team.progress_table")


def _exports(framework: Framework, basics: Basics, report: TeamReport) -> None:
    """The team report as `stagepath team` writes it for the same people, groundwork, target and day."""
    st.markdown("**Take it with you**")
    source = st.session_state.get(SOURCE)
    label = source.team if isinstance(source, Stored) and source.team else "team"
    today = dt.date.today()
    record = basics.record
    one, two, three, _ = st.columns([1, 1, 1, 2])
    offer(
        one,
        "Team report (Markdown)",
        lambda: team_markdown(framework, report, basics.support),
        file_stem(label, "plan", today),
        MARKDOWN,
        "team.download_md",
    )
    offer(
        two,
        "Coverage (CSV)",
        lambda: coverage_csv(report),
        file_stem(label, "coverage", today),
        CSV,
        "team.download_coverage",
    )
    offer(
        three,
        "Roster (CSV)",
        lambda: roster_csv(framework, record.assessments()),
        file_stem(label, "roster", today),
        ROSTER,
        "team.download_roster",
        help="Each person's latest assessment, in the roster format.",
    )
    st.caption(
        "Spreadsheet cells that would start a formula are written with a quote in front, so none runs."
    )
