"""The Organisation page: every team the viewer may see, side by side, and one hiring plan across them.

The people come from the database (everyone's latest assessment, in the team it was stored under) or from
uploaded rosters with a `team` column. Who sees which teams is decided in this run: the viewer is worked
out by the access gate from the roles as they are now, the store filters the people for that viewer, and
the cache of what was read is keyed by the viewer, so no one is ever served another viewer's teams.
Administrators and single-user mode see every team; a manager sees theirs.

Speed: the report is computed once per content, target, coverage and day (st.cache_resource: it is
immutable and large), so a rerun with 100,000 people loaded redraws tables and a chart, nothing more.
Safety: team and person names go to dataframes (plain text), `plain` (plotly) or `literal` (links).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd
import streamlit as st

from planner.common.problems import InputError
from planner.formats.access import Viewer
from planner.formats.confirmations import Confirmation
from planner.formats.groundwork import GroundworkRecord, by_team, groundwork_document, load_groundwork
from planner.formats.table import Team
from planner.framework import Framework
from planner.reports.team import pairs_csv
from planner.service.database import StorageError, database_url
from planner.service.org import OrgReport, org_of_store, org_report
from planner.ui import access_gate, plain, session
from planner.ui.caching import by_content
from planner.ui.screens.org import exports
from planner.ui.screens.org.views import (
    HEATMAP_TEAMS,
    WITHHELD,
    plan_frame,
    readiness_column,
    readiness_figure,
    readiness_frame,
    teams_frame,
)
from planner.ui.sources import Files, Upload, from_files, read_file
from planner.ui.state import ORG_GROUNDWORK_WIDGET as GROUNDWORK_WIDGET
from planner.ui.state import ORG_MIN_COVERAGE_WIDGET as MIN_COVERAGE_WIDGET
from planner.ui.state import ORG_RELOAD as RELOAD
from planner.ui.state import ORG_SAMPLE_SHOWN as SAMPLE_SHOWN
from planner.ui.state import ORG_TARGET_WIDGET as TARGET_WIDGET
from planner.ui.state import ORG_UPLOAD_WIDGET as UPLOAD_WIDGET
from planner.views.team_tables import (
    MIN_GROUP_ENV,
    ROWS_SHOWN,
    due_frame,
    min_group_setting,
    pairs_frame,
    team_key,
)
from planner.views.words import literal, stage_option

# Whether the sample organisation is shown instead of the database: shipped example data, no one's
# stored assessments, so keeping the choice in the session decides nothing about access.
SAMPLE = session.EXAMPLES_DIR / "org-roster.csv"
TEAM_PAGE = "planner/ui/pages/team.py"
PLAN_ROWS_LINKED = 10
TEAMS_LINKED = 6


@dataclass(frozen=True, eq=False)
class People:
    """The organisation in use: its people, each team's groundwork record, a key for both contents, and
    notes on what was left out."""

    team: Team
    key: str
    source: str
    notes: tuple[str, ...] = ()
    groundwork: Mapping[str, GroundworkRecord] = field(default_factory=dict)
    # Where the people come from: only teams read from the database have a stored record for the Team
    # page to open.
    origin: Literal["database", "files", "sample"] = "files"
    # The confirmations asked for its people that the viewer may see (stored ones; none for files).
    confirmations: tuple[Confirmation, ...] = ()


def _groundwork_key(records: Mapping[str, GroundworkRecord]) -> str:
    """A key for the records' content, so a report is computed again when a record changes."""
    documents = [groundwork_document(records[t]) for t in sorted(records)]
    return hashlib.sha256(json.dumps(documents, sort_keys=True).encode()).hexdigest()[:16]


@by_content(8)
def _stored(
    _framework: Framework, digest: str, url: str, viewer: Viewer | None, reload: int, changes: int
) -> People:
    """What the viewer may see in the database; the viewer is part of the key, so the cache never hands
    one viewer's teams to another, and so is the database's change count, so that a write from any process
    is read on the next run."""
    store = access_gate.store(url)
    stored = org_of_store(_framework, store, viewer)
    confirmed = hashlib.sha256(repr(stored.confirmations).encode()).hexdigest()
    key = f"{team_key(stored.people)}.{_groundwork_key(stored.groundwork)}.{confirmed}"
    return People(
        stored.people,
        key,
        "the database",
        stored.notes,
        stored.groundwork,
        origin="database",
        confirmations=stored.confirmations,
    )


@by_content(16)
def _report(
    _framework: Framework,
    digest: str,
    key: str,
    _team: Team,
    _groundwork: Mapping[str, GroundworkRecord],
    target: int | None,
    min_coverage: int,
    today: dt.date,
    _confirmations: tuple[Confirmation, ...] = (),
) -> OrgReport:
    """The organisation report; `key` stands for the people, the groundwork and the confirmations."""
    return org_report(
        _framework,
        _team,
        target,
        min_coverage,
        today=today,
        groundwork=_groundwork,
        confirmations=_confirmations,
    )


@dataclass(frozen=True, eq=False)
class Views:
    """The page's tables, chart and CSV for one report, built once (a 1,000-team table costs a rerun more
    to build than to draw)."""

    teams: pd.DataFrame
    readiness: pd.DataFrame
    heatmap: Any
    plan: pd.DataFrame
    pairs: pd.DataFrame
    pairs_csv: str
    due: pd.DataFrame


@by_content(16)
def _views(
    _framework: Framework,
    digest: str,
    key: str,
    _report: OrgReport,
    target: int | None,
    min_coverage: int,
    today: dt.date,
    min_group: int,
) -> Views:
    return Views(
        teams=teams_frame(_framework, _report, min_group),
        readiness=readiness_frame(_framework, _report, min_group),
        heatmap=readiness_figure(_framework, _report, min_group),
        plan=plan_frame(_framework, _report),
        pairs=pairs_frame(_framework, _report.mentoring),
        pairs_csv=pairs_csv(_report.mentoring),
        due=due_frame(_framework, _report.stale),
    )


def _people(framework: Framework, uploads: list[Any]) -> People | None:
    if st.session_state.get(SAMPLE_SHOWN):  # asked for last: new uploads turn it off
        sample = _from_files(framework, _sample(), "the sample organisation")
        if not len(sample.team):  # its columns are the shipped framework's skills
            why = "The sample organisation is written for the shipped framework; the framework in use does not read it"
            sample = dataclasses.replace(
                sample, notes=(f"{why}: {sample.notes[0]}" if sample.notes else why,)
            )
        return dataclasses.replace(sample, origin="sample")
    if uploads:
        files = Files("uploaded files", tuple(Upload.of(f.name, f.getvalue()) for f in uploads))
        return _from_files(framework, files, "the uploaded files")
    try:
        return _stored(
            framework,
            framework.digest,
            database_url(),
            access_gate.viewer(),
            int(st.session_state.get(RELOAD, 0)),
            access_gate.changes(database_url()),
        )
    except StorageError as exc:  # a database that cannot be read is said, not raised
        plain.alert("error", "The database cannot be read:", str(exc))
        return None


@functools.cache
def _sample() -> Files:
    """The shipped sample organisation, read and hashed once per process."""
    return Files("the sample organisation", (Upload.of(SAMPLE.name, SAMPLE.read_bytes()),), sample=True)


def _from_files(framework: Framework, files: Files, source: str) -> People:
    keys = tuple((u.name, u.sha) for u in files.files)
    loaded = from_files(framework, framework.digest, keys, files)
    notes = tuple(str(p) for p in loaded.problems[:20]) + _merged(framework, files)
    return People(loaded.team, loaded.key, source, notes)


def _merged(framework: Framework, files: Files) -> tuple[str, ...]:
    """A note for each team named in more than one file: its people are put together as one team, which
    is what two files of one team mean, and a mistake when two teams share a name."""
    if len(files.files) < 2:  # one file cannot name a team twice over
        return ()
    where: dict[str, list[str]] = {}
    for upload in files.files:
        read = read_file(framework, framework.digest, upload.name, upload.sha, upload.raw)
        if read.team is None:
            continue
        for team in read.team.rows["team"].dropna().unique().tolist():
            where.setdefault(str(team), []).append(upload.name)
    return tuple(
        f"Team {team} is in {len(names)} files ({', '.join(names)}): their people are shown as one team. "
        "If these are different teams, give them different names in the files."
        for team, names in where.items()
        if len(names) > 1
    )


@by_content(32)
def _record(_framework: Framework, digest: str, name: str, raw: bytes) -> GroundworkRecord | InputError:
    """An uploaded record read once per content and framework, not on every rerun; what cannot be read is
    kept as its problems, to be said each run."""
    try:
        return load_groundwork(name, raw, _framework)
    except InputError as exc:
        return exc


def _with_records(framework: Framework, people: People, uploads: list[Any]) -> People:
    """The people with the uploaded groundwork records of their teams, each winning over the team's stored
    record. A record that cannot be read is said with its file and line, and the others still count; a
    second record of one team is left out and named (planner.formats.groundwork.by_team)."""
    read = [(u.name, _record(framework, framework.digest, u.name, u.getvalue())) for u in uploads]
    for _, result in read:
        if isinstance(result, InputError):
            plain.alert("error", "That record cannot be used:", [str(p) for p in result.problems])
    uploaded, seconds = by_team((n, r) for n, r in read if not isinstance(r, InputError))
    for problem in seconds:
        plain.alert("error", "A groundwork record is left out:", str(problem))
    if not uploaded:
        return people
    groundwork = {**people.groundwork, **uploaded}
    return dataclasses.replace(people, groundwork=groundwork, key=f"{people.key}.{_groundwork_key(uploaded)}")


def _show_sample(shown: bool) -> None:
    st.session_state[SAMPLE_SHOWN] = shown


def _reload() -> None:
    st.session_state[RELOAD] = int(st.session_state.get(RELOAD, 0)) + 1


def render() -> None:
    framework = session.framework_in_use()
    st.title("Organisation")
    st.caption(
        "Every team side by side: where its people are, what it can work at, and one hiring plan across the "
        "teams, ranked by how many teams each hire would unblock."
    )
    access_gate.mode_line()
    with st.expander("Where the teams come from", expanded=False):
        uploads = st.file_uploader(
            "Rosters with a team column, or assessment files with a team field",
            type=["csv", "yaml", "yml", "json"],
            accept_multiple_files=True,
            key=UPLOAD_WIDGET,
            on_change=_show_sample,
            args=(False,),
            help="Without uploads, the page shows everyone stored in the database, in the team they were stored under.",
        )
        records = st.file_uploader(
            "Groundwork records (YAML or JSON), each naming its team",
            type=["yaml", "yml", "json"],
            accept_multiple_files=True,
            key=GROUNDWORK_WIDGET,
            help="A team's record sets its groundwork and operating stage; one uploaded here wins over the "
            "team's stored record.",
        )
        st.button("Read the database again", on_click=_reload, key="org.reload")
    people = _people(framework, list(uploads or []))
    if people is None:
        return
    people = _with_records(framework, people, list(records or []))
    for note in people.notes:  # a note names a file or a team: plain text under the alert
        plain.alert("warning", "A note on what was read:", note)
    if people.origin == "sample":
        st.button(
            "Back to the uploaded files" if uploads else "Back to the database",
            icon=":material/database:",
            on_click=_show_sample,
            args=(False,),
            key="org.unsample",
        )
    if not len(people.team):
        st.info(
            "No one to show yet. Import rosters into teams (stagepath import ROSTER --team NAME), or upload "
            "rosters with a team column under “Where the teams come from”."
        )
    if people.origin != "sample":
        # Always within reach, also beside teams of one's own: nothing is stored, and they stay.
        st.button(
            "Try the sample organisation",
            icon=":material/science:",
            on_click=_show_sample,
            args=(True,),
            key="org.sample",
            type="secondary" if len(people.team) else "primary",
            help="A few made-up teams to show what the page does; nothing is stored, and what you have stays.",
        )
    if not len(people.team):
        return
    target, min_coverage = _controls(framework)
    today = dt.date.today()
    report = _report(
        framework,
        framework.digest,
        people.key,
        people.team,
        people.groundwork,
        target,
        min_coverage,
        today,
        people.confirmations,
    )
    min_group, note = min_group_setting()
    if note:
        st.warning(literal(note))
    views = _views(framework, framework.digest, people.key, report, target, min_coverage, today, min_group)
    # Plain text: the source names files, shown and copied as they are; the warnings name teams.
    st.text(f"From {people.source}: {report.people:,} people in {len(report.teams):,} teams.")
    for warning in report.warnings:
        plain.alert("info", "A note on the report:", warning)
    _headline(framework, report)
    teams, plan, mentors, due = st.tabs(["Teams", "Hiring plan", "Mentors", "Due for re-rating"])
    # A team opens on the Team page from the database: teams read from files have no stored record there.
    linked = people.origin == "database"
    with teams:
        _teams(report, views, linked, min_group)
    with plan:
        _plan(framework, report, views, linked)
    with mentors:
        _mentors(report, views)
    with due:
        _due(report, views)
    exports.section(framework, report)


def _controls(framework: Framework) -> tuple[int | None, int]:
    left, middle, _ = st.columns([2, 1, 2])
    stages = [s.number for s in framework.curve.stages]
    choice = left.selectbox(
        "Target stage",
        [0, *stages],
        format_func=lambda n: (
            "The stage after the median placement" if n == 0 else stage_option(framework, n)
        ),
        key=TARGET_WIDGET,
    )
    covered = middle.number_input(
        "Holders wanted per skill",
        min_value=1,
        max_value=1000,
        value=2,
        step=1,
        key=MIN_COVERAGE_WIDGET,
        help="The redundancy goal in every team: a skill held by fewer people than this is thin. Capped at "
        "the number of people on each track of a team.",
    )
    return (int(choice) or None), int(covered)


def _headline(framework: Framework, report: OrgReport) -> None:
    people, target, ready, hires = st.columns(4)
    people.metric("People", f"{report.people:,}", border=True)
    people.caption(literal(f"in {len(report.teams):,} teams"))
    target.metric("Target", f"Stage {report.target}", border=True)
    target.caption(literal(stage_option(framework, report.target)))
    at = sum(t.operating_stage >= report.target for t in report.teams)
    ready.metric("Teams working at the target", f"{at:,} of {len(report.teams):,}", border=True)
    hires.metric("Skills to hire for", f"{len(report.hiring_plan):,}", border=True)
    develop = sum(t.develop for t in report.teams)
    hires.caption(literal(f"and {develop:,} skill(s) to develop, counted team by team"))


def _teams(report: OrgReport, views: Views, linked: bool, min_group: int) -> None:
    st.subheader("The teams side by side", anchor=False)
    st.caption("Sort by any column" + ("; Open shows the team on the Team page." if linked else "."))
    frame = views.teams
    st.dataframe(
        frame,
        # The one empty cell a team can have: its readiness, too small a team for a mean (not "None").
        placeholder=WITHHELD,
        hide_index=True,
        key="org.teams",
        # Teams read from files have no stored record for the Team page to open.
        column_order=[*(c for c in frame.columns if c != "Team"), *(["Team"] if linked else [])],
        column_config={
            "Name": st.column_config.TextColumn("Team", pinned=True),
            "Team": st.column_config.LinkColumn("Open", display_text="Open team"),
            "Due for re-rating": st.column_config.NumberColumn(
                "Ratings due", help="Ratings older than the framework's review period, counted one per skill."
            ),
            "Build": st.column_config.TextColumn(
                "Build",
                help="Capabilities to build for the target; not recorded where a team has no groundwork record.",
            ),
            readiness_column(report.target): st.column_config.NumberColumn(
                help=f"The team's mean readiness; {WITHHELD} for a team of fewer than {min_group} people (its "
                "mean would be one or two people's ratings)."
            ),
        },
    )
    st.subheader("Readiness by stage", anchor=False)
    shown = min(len(report.teams), HEATMAP_TEAMS)
    st.caption(
        literal(
            "Each team's mean readiness for each stage that asks something of its own (100% when everyone "
            "has what the stage expects)"
            + (
                f"; the {shown} teams least ready for the target are shown."
                if shown < len(report.teams)
                else "."
            )
            + (
                f" A team of fewer than {min_group} people has no mean here: it would be one or two people's "
                f"ratings, not shown one by one on this page (set by {MIN_GROUP_ENV}); open the team to see each person."
                if any(t.people < min_group for t in report.teams)
                else ""
            )
        )
    )
    left, right = st.columns([3, 2])
    with left:
        st.plotly_chart(views.heatmap, config={"displayModeBar": False}, key="org.heatmap")
    with right:
        st.dataframe(views.readiness, placeholder=WITHHELD, key="org.readiness")


def _plan(framework: Framework, report: OrgReport, views: Views, linked: bool) -> None:
    st.subheader("Hiring plan", anchor=False)
    if not report.hiring_plan:
        st.success("No team needs to hire for the target: every gap can be developed in the team.")
        return
    st.caption(
        "One row per skill some team must hire for, the most unblocking first: a hire unblocks a team when "
        "the skill is one of the gaps that keep it from the stage after the one it works at."
    )
    tracks = {t.id: t.name for t in framework.tracks}
    for rank, row in enumerate(report.hiring_plan[:PLAN_ROWS_LINKED], start=1):
        skill = framework.skill_names.get(row.skill, row.skill)
        with st.container(border=True):
            st.markdown(
                literal(
                    f"{rank}. {tracks.get(row.track, row.track)}: {skill}, unblocks {row.unblocks} of "
                    f"{len(row.teams)} team(s)"
                )
            )
            # The teams' names as plain text (a link's label is Markdown, where a name could become a
            # link of its own); each stored team's link to the Team page beside its name.
            if not linked:
                st.text("Teams: " + ", ".join(row.teams))
                continue
            cells = st.columns(TEAMS_LINKED)
            for i, team in enumerate(row.teams[:TEAMS_LINKED]):
                cells[i].text(team)
                cells[i].page_link(
                    TEAM_PAGE,
                    label="Open on the Team page",
                    icon=":material/groups:",
                    query_params={"team": team},
                )
            if len(row.teams) > TEAMS_LINKED:
                st.caption(literal(f"and {len(row.teams) - TEAMS_LINKED} more, listed in the table below"))
    st.dataframe(views.plan, hide_index=True, key="org.plan")


def _mentors(report: OrgReport, views: Views) -> None:
    st.subheader("Mentors for the people to develop", anchor=False)
    if not report.mentoring:
        st.info("No one to pair: no team has a person one level below a skill it must develop with a mentor.")
        return
    st.caption(
        literal(
            "Each person a team is to develop, with someone rated above the level (or at the top of the scale), "
            "from their own team where it has one, else from another team."
            + (
                f" The first {ROWS_SHOWN:,} of {len(report.mentoring):,} are shown; the CSV has all."
                if len(report.mentoring) > ROWS_SHOWN
                else ""
            )
        )
    )
    st.dataframe(views.pairs, hide_index=True, key="org.pairs")
    st.download_button(
        "Download the pairs (CSV)",
        views.pairs_csv,
        file_name="mentor-pairs.csv",
        mime="text/csv",
        key="org.pairs_csv",
    )


def _due(report: OrgReport, views: Views) -> None:
    st.subheader("Due for re-rating", anchor=False)
    if not report.stale:
        st.success("No rating is older than the framework's review period (undated ones have no known age).")
        return
    by_team = pd.Series([r.team for r in report.stale]).value_counts()
    st.caption(
        literal(
            f"{len(report.stale):,} ratings in {len(by_team):,} teams are older than the framework's review "
            "period, oldest first. Undated assessments have no known age and are not listed."
        )
    )
    st.dataframe(views.due, hide_index=True, key="org.due")
