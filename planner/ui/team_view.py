"""The Team page: a manager's whole team at once.

The roster comes first: assessment files and CSV rosters uploaded (any mix), the sample roster, or the
latest snapshots (with their history) from the database; an upload can be saved to the database as a
team. Then the headline figures, the stage distribution and the floor; then, for a target stage the
manager picks, coverage with develop-or-hire, the heatmap of people by skills, progress over time and the
exports; calibration last. The hiring profiles built from the gaps are left in session state for the
Hiring page.

Speed: every input is parsed once per content (keyed by its SHA-256), and every engine result is cached
under the team's content key, so a widget change recomputes only what depends on it; the part that moves
with the target is a fragment, so changing the target reruns only that part. The caches are
st.cache_resource, not st.cache_data: the results are immutable and large (a 10,000-person report takes
about 0.3 s to copy, which cache_data would do on every rerun).

Safety: names, team names, file names and messages are shown through `literal` (Markdown that shows the
text as it is), dataframes (plain text) or `plain` (plotly); nothing a user typed becomes HTML or a link.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from planner.access import AccessDenied, Viewer
from planner.assessment import load_assessment
from planner.documents import MAX_BYTES
from planner.framework import Framework
from planner.problems import InputError, Problem
from planner.roster import MAX_ROSTER_BYTES, read_roster, roster_csv
from planner.storage import (
    NAME_LENGTH,
    StorageError,
    Store,
    StoredSnapshot,
    database_url,
    shown_url,
)
from planner.team import (
    SUPPORT_FACT,
    Calibration,
    CoverageRow,
    HiringProfile,
    PersonProgress,
    SkillAverage,
    Support,
    Team,
    TeamFloorBreach,
    TeamReport,
    calibration,
    concat,
    coverage,
    default_target,
    distribution,
    floor_breaches,
    hiring_profiles,
    progress,
    skill_averages,
    support_needed,
    team_from_assessments,
)
from planner.team_report import coverage_csv, team_markdown
from planner.ui import access_gate, session
from planner.ui.team_figures import counts_figure, distribution_figure, heatmap_figure, progress_figure
from planner.ui.team_tables import (
    HEATMAP_PEOPLE,
    MIN_GROUP_ENV,
    VERDICT_WORDS,
    Grid,
    breach_frame,
    calibration_detail_frame,
    calibration_frame,
    counts_frame,
    coverage_frame,
    distribution_frame,
    grid_frame,
    heatmap_grid,
    level_counts,
    min_group_setting,
    people_below_floor,
    progress_frame,
    team_key,
    verdict_counts,
    with_history,
)
from planner.ui.words import (
    PROVENANCE_WORDS,
    file_stem,
    literal,
    stage_name,
    stage_option,
    widget_label,
)

HIRING_PAGE = "planner/ui/pages/hiring.py"
SAMPLE = session.EXAMPLES_DIR / "team-roster.csv"

# Canonical values (no widget owns them, so they survive a visit to another page).
SOURCE = "sp.team.source"
TARGET = "sp.team.target"
MIN_COVERAGE = "sp.team.min_coverage"
SAVED = "sp.team.saved"
UPLOAD_SEEN = "sp.team.upload_seen"
STAMP = "sp.team.stamp"
NOTICE = "sp.team.notice"
ADDRESS_TEAM = "sp.team.address_team"  # the ?team= already opened, so that it opens once
# For the Hiring page: the profiles built from the current team's gaps, and a sentence on where from.
PROFILES = "sp.team.profiles"
GAPS_FROM = "sp.team.gaps_from"

UPLOAD_WIDGET = "team.upload"
TARGET_WIDGET = "team.target"
MIN_COVERAGE_WIDGET = "team.min_coverage"
STORED_TEAM_WIDGET = "team.stored_team"
HISTORY_WIDGET = "team.with_history"
SAVE_NAME_WIDGET = "team.save_name"
TRACK_WIDGET = "team.heatmap_track"
VIEW_WIDGET = "team.heatmap_view"
GAPS_ONLY_WIDGET = "team.gaps_only"

EVERYONE = ""  # the database option for every stored person, whatever their team
SLOW_FILES = 5  # imports of more files, or more bytes, than this show a progress bar
SLOW_BYTES = 256 * 1024
BREACHES_SHOWN = 200
PROGRESS_PEOPLE = 8
PEOPLE_VIEW, LEVELS_VIEW = "people", "levels"
# The verdict chips, in VERDICT_WORDS' order: Streamlit's theme colours; the words carry the meaning.
CHIP_COLOURS = ["green", "orange", "red"]


# --- where the roster comes from ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Upload:
    """One uploaded file: its name, the SHA-256 of its bytes (the cache key) and the bytes."""

    name: str
    sha: str
    raw: bytes = field(repr=False, compare=False)

    @classmethod
    def of(cls, name: str, raw: bytes) -> Upload:
        return cls(name, hashlib.sha256(raw).hexdigest(), raw)


@dataclass(frozen=True)
class Files:
    """A roster read from files: uploads, or the sample."""

    label: str
    files: tuple[Upload, ...]
    sample: bool = False


@dataclass(frozen=True)
class Stored:
    """A roster read from the database: one team (or everyone), its latest snapshots or its history."""

    team: str
    url: str
    history: bool
    stamp: int
    # Whose view (None in single-user mode): part of the cache key, so no one is served another's roster.
    viewer: Viewer | None = None


@dataclass(frozen=True, eq=False)
class Loaded:
    """The roster in use: every assessment read (a person may have several), what was left out and why."""

    team: Team
    key: str
    people: int
    problems: tuple[Problem, ...]
    rows_left_out: int
    files_refused: int
    inputs: int
    notes: tuple[str, ...] = ()


def _is_roster(name: str) -> bool:
    return name.lower().endswith(".csv")


@st.cache_resource(max_entries=4096, show_spinner=False)
def _read_file(
    _framework: Framework, digest: str, name: str, sha: str, _raw: bytes
) -> tuple[Team | None, tuple[Problem, ...], int]:
    """One input: the team it gives (None when refused as a whole), its problems, the rows left out."""
    try:
        if _is_roster(name):
            roster = read_roster(name, _raw, _framework, MAX_ROSTER_BYTES)
            return roster.team, roster.problems, len(roster.left_out)
        assessment = load_assessment(name, _raw, _framework, MAX_BYTES)
    except InputError as exc:
        return None, exc.problems, 0
    if not assessment.name:  # named after its file, as the command line does
        assessment = assessment.model_copy(update={"name": Path(name).stem[:NAME_LENGTH] or "unnamed"})
    return team_from_assessments(_framework, [assessment]), (), 0


@st.cache_resource(max_entries=16, show_spinner=False)
def _from_files(
    _framework: Framework, digest: str, keys: tuple[tuple[str, str], ...], _files: Files
) -> Loaded:
    parts: list[Team] = []
    problems: list[Problem] = []
    rows_left_out = refused = 0
    for upload in _files.files:
        team, found, left_out = _read_file(_framework, digest, upload.name, upload.sha, upload.raw)
        problems += found
        rows_left_out += left_out
        if team is None:
            refused += 1
        else:
            parts.append(team)
    team = concat(_framework, parts)
    return Loaded(
        team,
        team_key(team),
        len(team.of_record()),
        tuple(problems),
        rows_left_out,
        refused,
        len(_files.files),
    )


@st.cache_resource(max_entries=8, show_spinner=False)
def _from_store(_framework: Framework, digest: str, source: Stored) -> Loaded:
    """The stored roster, dated (an undated snapshot takes the day it was stored) so progress can be seen."""
    store = _store(source.url)
    team = source.team or None
    # Every snapshot in one query (Store.history reads one person per query), filtered for the viewer.
    read = store.snapshots if source.history else store.latest
    snapshots: list[StoredSnapshot] = read(team=team, viewer=source.viewer)
    known = {t.id for t in _framework.tracks}
    usable = [s for s in snapshots if s.track in known]
    notes: tuple[str, ...] = ()
    if len(usable) < len(snapshots):
        others = sorted({s.track for s in snapshots if s.track not in known})
        notes = (
            f"{len(snapshots) - len(usable)} stored assessment(s) on tracks this framework does not have "
            f"({', '.join(others)}) are left out.",
        )
    loaded = team_from_assessments(_framework, [s.assessment(dated=True) for s in usable])
    return Loaded(loaded, team_key(loaded), len(loaded.of_record()), (), 0, 0, len(snapshots), notes)


@st.cache_resource(max_entries=4, show_spinner=False)
def _store(url: str) -> Store:
    return Store(url)


def _loaded(framework: Framework) -> Loaded | None:
    source = st.session_state.get(SOURCE)
    if isinstance(source, Files):
        keys = tuple((f.name, f.sha) for f in source.files)
        return _from_files(framework, framework.digest, keys, source)
    if isinstance(source, Stored):
        try:
            return _from_store(framework, framework.digest, source)
        except (StorageError, SQLAlchemyError) as exc:
            st.error(literal(f"The database cannot be read: {_storage_message(exc)}"))
    return None


def _storage_message(exc: Exception) -> str:
    if isinstance(exc, StorageError):
        return str(exc)
    original = getattr(exc, "orig", None)
    lines = str(original if original is not None else exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def _use(source: Files | Stored) -> None:
    """Make a source the roster in use; the target goes back to the team's own default."""
    st.session_state[SOURCE] = source
    st.session_state[TARGET] = None
    st.session_state.pop(TARGET_WIDGET, None)


def _import(framework: Framework, source: Files) -> None:
    """Read every file once (the cache keeps them), with a progress bar when that takes a moment."""
    total = sum(len(f.raw) for f in source.files)
    slow = len(source.files) > SLOW_FILES or total > SLOW_BYTES
    bar = st.progress(0.0, text="Reading the files") if slow else None
    for i, upload in enumerate(source.files, 1):
        if bar is not None:
            bar.progress(
                (i - 1) / len(source.files),
                text=literal(f"Reading {upload.name} ({i} of {len(source.files)})"),
            )
        _read_file(framework, framework.digest, upload.name, upload.sha, upload.raw)
    if bar is not None:
        bar.progress(1.0, text="Putting the team together")
    _use(source)
    _loaded(framework)
    if bar is not None:
        bar.empty()


def _on_sample() -> None:
    st.session_state[SOURCE] = Files(
        "the sample roster", (Upload.of(SAMPLE.name, SAMPLE.read_bytes()),), sample=True
    )
    st.session_state[TARGET] = None
    st.session_state.pop(TARGET_WIDGET, None)


def _on_clear() -> None:
    for key in (SOURCE, TARGET, PROFILES, GAPS_FROM):
        st.session_state.pop(key, None)
    st.session_state.pop(TARGET_WIDGET, None)


def _uploads(framework: Framework) -> None:
    files = st.file_uploader(
        "Assessment files (YAML, JSON) and CSV rosters",
        type=["csv", "yaml", "yml", "json"],
        accept_multiple_files=True,
        key=UPLOAD_WIDGET,
        help="Any mix. A CSV roster has the columns name, track, rater, then one column per skill id "
        "(an assessed_on column with YYYY-MM-DD dates is optional); one row per assessment.",
    )
    # A new set of files replaces the roster in use. An empty uploader (as after visiting another page,
    # which drops the widget's files) leaves it alone: Clear does that.
    seen = tuple((f.file_id, f.name, f.size) for f in files or [])
    if files and seen != st.session_state.get(UPLOAD_SEEN):
        st.session_state[UPLOAD_SEEN] = seen
        uploads = tuple(Upload.of(f.name, f.getvalue()) for f in files)
        label = f"{len(uploads)} uploaded file{'s' if len(uploads) > 1 else ''}"
        _import(framework, Files(label, uploads))


def _database(framework: Framework) -> None:
    url = database_url()
    st.markdown("**From the database**")
    try:
        teams = _store(url).teams(viewer=access_gate.viewer())
    except (StorageError, SQLAlchemyError) as exc:
        st.error(literal(f"The database cannot be opened: {_storage_message(exc)}"))
        return
    if st.session_state.get(ADDRESS_TEAM) in teams:  # the team opened from the address is the one chosen
        session.seed(STORED_TEAM_WIDGET, st.session_state[ADDRESS_TEAM])
    st.selectbox(
        "Team",
        [EVERYONE, *teams],
        format_func=lambda t: t if t != EVERYONE else _everyone(),
        key=STORED_TEAM_WIDGET,
    )
    st.checkbox(
        "With history (for progress and calibration)",
        value=True,
        key=HISTORY_WIDGET,
        help="Every stored assessment, not only each person's latest: progress over time, and self against "
        "manager where both rated.",
    )
    if st.button("Load from the database", icon=":material/database:", key="team.load_stored"):
        stamp = st.session_state.get(STAMP, 0) + 1
        st.session_state[STAMP] = stamp
        viewer = access_gate.viewer()
        source = Stored(
            st.session_state[STORED_TEAM_WIDGET], url, st.session_state[HISTORY_WIDGET], stamp, viewer
        )
        with st.spinner("Reading the database"):
            try:
                loaded = _from_store(framework, framework.digest, source)
            except (StorageError, SQLAlchemyError) as exc:
                st.error(literal(f"The database cannot be read: {_storage_message(exc)}"))
                return
        if not len(loaded.team):
            st.warning("Nothing is stored for that choice yet: upload a roster and save it first.")
            return
        _use(source)
    st.caption(literal(f"Database: {shown_url(url)} (set {'STAGEPATH_DATABASE_URL'} to use another)"))


def _everyone() -> str:
    return "Everyone stored" if access_gate.viewer() is None else "Everyone you may see"


def _source_section(framework: Framework) -> Loaded | None:
    st.subheader("Roster", anchor=False)
    left, right = st.columns([3, 2], gap="large")
    with left:
        _uploads(framework)
        row = st.container(horizontal=True)
        row.button(
            "Try the sample team",
            icon=":material/science:",
            on_click=_on_sample,
            key="team.sample",
            help="Ten people on two tracks, some rated by themselves and their manager, some on two dates.",
        )
        row.download_button(
            "Sample roster (CSV)",
            data=SAMPLE.read_bytes(),
            file_name=SAMPLE.name,
            mime="text/csv",
            icon=":material/download:",
            on_click="ignore",
            key="team.sample_download",
            help="The format of a roster, to fill in with your own team.",
        )
    with right, st.container(border=True):
        _database(framework)
    loaded = _loaded(framework)
    if loaded is not None:
        _loaded_summary(framework, loaded)
    return loaded


def _loaded_summary(framework: Framework, loaded: Loaded) -> None:
    source = st.session_state.get(SOURCE)
    people = loaded.people
    rows = len(loaded.team)
    if isinstance(source, Stored):
        where = "everyone stored" if source.team == EVERYONE else f"team {source.team}"
        label = f"{where} in the database" + (", with history" if source.history else ", latest only")
    else:
        label = source.label if isinstance(source, Files) else ""
    text = f"Showing {people:,} {'person' if people == 1 else 'people'} ({rows:,} assessments) from {label}."
    left, right = st.columns([5, 1])
    left.markdown(literal(text))
    right.button("Clear", icon=":material/close:", on_click=_on_clear, key="team.clear")
    for note in loaded.notes:
        st.info(literal(note))
    if loaded.problems:
        _problems(loaded)
    if isinstance(source, Files) and len(loaded.team):
        _save(framework, loaded)


def _problems(loaded: Loaded) -> None:
    parts = []
    if loaded.rows_left_out:
        parts.append(f"{loaded.rows_left_out} row{'s' if loaded.rows_left_out > 1 else ''} left out")
    if loaded.files_refused:
        parts.append(f"{loaded.files_refused} file{'s' if loaded.files_refused > 1 else ''} refused")
    kept = f"The other {len(loaded.team):,} assessments are kept and shown below." if len(loaded.team) else ""
    st.warning(
        literal(
            f"{' and '.join(parts) or 'Problems found'}: fix them in the file and upload it again. {kept}"
        ),
        icon=":material/warning:",
    )
    table = pd.DataFrame(
        [
            {"File": p.source, "Where": p.field or "(whole file)", "Problem": p.message}
            for p in loaded.problems
        ],
        columns=["File", "Where", "Problem"],
    )
    st.dataframe(table, hide_index=True, key="team.problems")


def _on_save(framework: Framework, loaded: Loaded) -> None:
    """Store every assessment of the roster as a new snapshot, all or none, as members of the team named."""
    ss = st.session_state
    name = (ss.get(SAVE_NAME_WIDGET) or "").strip()
    if not name:
        return
    try:
        ids = _store(database_url()).store(
            loaded.team.assessments(), framework, team=name, viewer=access_gate.viewer()
        )
    except (StorageError, SQLAlchemyError, ValueError, AccessDenied) as exc:
        ss[NOTICE] = ("error", f"Nothing was saved: {_storage_message(exc)}")
        return
    ss.setdefault(SAVED, set()).add((loaded.key, name))
    ss[NOTICE] = (
        "success",
        f"Saved {len(ids):,} assessments as team {name}. Load them any time from the database.",
    )


def _save(framework: Framework, loaded: Loaded) -> None:
    saved: set[tuple[str, str]] = st.session_state.setdefault(SAVED, set())
    notice = st.session_state.pop(NOTICE, None)
    with st.expander("Save this roster to the database", icon=":material/save:", expanded=notice is not None):
        if notice is not None:
            kind, text = notice
            getattr(st, kind)(literal(text))
        if loaded.problems:
            st.caption(
                "A roster with problems is not saved, so that nothing half-saved needs cleaning up later: "
                "fix the rows listed above and upload the file again."
            )
            return
        st.text_input("Team name", max_chars=NAME_LENGTH, key=SAVE_NAME_WIDGET, placeholder="e.g. Payments")
        name = (st.session_state.get(SAVE_NAME_WIDGET) or "").strip()
        done = (loaded.key, name) in saved
        st.button(
            "Saved" if done else f"Save {len(loaded.team):,} assessments",
            icon=":material/save:",
            disabled=not name or done,
            on_click=_on_save,
            args=(framework, loaded),
            key="team.save",
        )
        st.caption(
            "Each assessment becomes a snapshot that is never changed afterwards; saving again adds new "
            "snapshots. People are matched by name."
        )


def _empty_state() -> None:
    with st.container(border=True):
        st.markdown(
            "**No team yet.** Upload your team's assessments above: the YAML or JSON files people save on "
            "the Assess page, or one CSV roster for everyone. Or press **Try the sample team** to see what "
            "this page shows."
        )
        st.markdown("A CSV roster has one row per assessment and this header, then one column per skill id:")
        st.code("name,track,rater,assessed_on,read-code,write-code,debug-code,...", language=None)
        st.caption(
            "Track is developer or qa (or your framework's own); rater is self, manager or peer (empty means "
            "self); assessed_on is optional (YYYY-MM-DD). An empty cell is unrated and counts as 0."
        )


# --- engine results, cached by content ------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Basics:
    """What does not depend on the target."""

    people: int
    distribution: dict[str, dict[int, int]]
    breaches: tuple[TeamFloorBreach, ...]
    default_target: int
    support: Support | None
    calibration: Calibration
    averages: tuple[SkillAverage, ...]
    record: Team
    breach_table: pd.DataFrame


@dataclass(frozen=True, eq=False)
class AtTarget:
    coverage: tuple[CoverageRow, ...]
    profiles: tuple[HiringProfile, ...]
    progress: tuple[PersonProgress, ...]


@st.cache_resource(max_entries=16, show_spinner=False)
def _basics(_framework: Framework, digest: str, key: str, _team: Team, min_group: int) -> Basics:
    record = _team.of_record()
    breaches = floor_breaches(_framework, record)
    return Basics(
        people=len(record),
        distribution=distribution(_framework, record),
        breaches=breaches,
        default_target=default_target(_framework, record),
        support=support_needed(_framework, len(record)),
        calibration=calibration(_framework, _team, min_group),
        averages=skill_averages(_framework, record, min_group),
        record=record,
        breach_table=breach_frame(_framework, breaches, BREACHES_SHOWN),
    )


@st.cache_resource(max_entries=64, show_spinner=False)
def _at_target(
    _framework: Framework, digest: str, key: str, _team: Team, target: int, min_coverage: int
) -> AtTarget:
    rows = coverage(_framework, _team, target, min_coverage)
    return AtTarget(
        coverage=rows,
        profiles=hiring_profiles(_framework, rows, target),
        progress=tuple(with_history(progress(_framework, _team, target))),
    )


# --- charts and their tables, cached by content (plotly takes tens of milliseconds to build a figure) -------


@st.cache_resource(max_entries=16, show_spinner=False)
def _distribution_chart(
    _framework: Framework, digest: str, key: str, _basics: Basics
) -> tuple[Any, pd.DataFrame]:
    return (
        distribution_figure(_framework, _basics.distribution),
        distribution_frame(_framework, _basics.distribution),
    )


@st.cache_resource(max_entries=64, show_spinner=False)
def _skills_chart(
    _framework: Framework,
    digest: str,
    key: str,
    _basics: Basics,
    min_group: int,
    track: str,
    target: int,
    view: str,
) -> tuple[Any, pd.DataFrame, Grid]:
    """The heatmap of people (the first HEATMAP_PEOPLE) or of level counts (everyone), with its numbers."""
    if view == LEVELS_VIEW:
        grid = level_counts(_framework, _basics.record, track, target)
        return counts_figure(_framework, grid), counts_frame(_framework, grid), grid
    grid = heatmap_grid(_framework, _basics.record, track, target, HEATMAP_PEOPLE)
    averages = tuple(a for a in _basics.averages if a.track == track)
    return heatmap_figure(_framework, grid), grid_frame(_framework, grid, averages), grid


@st.cache_resource(max_entries=64, show_spinner=False)
def _coverage_table(
    _framework: Framework,
    digest: str,
    key: str,
    _result: AtTarget,
    target: int,
    min_coverage: int,
    gaps_only: bool,
) -> pd.DataFrame:
    frame = coverage_frame(_framework, _result.coverage, gaps_only=gaps_only)
    frame["Verdict"] = [[v] for v in frame["Verdict"]]  # a one-chip list: the column shows it as a chip
    return frame


# --- the page ---------------------------------------------------------------------------------------------


def render() -> None:
    framework = session.framework_in_use()
    st.title("Team")
    st.caption(
        "Can the team work at the stage it is aiming for? Where the floor is weak, what to develop in whom, "
        "and what to hire for."
    )
    access_gate.mode_line()
    _team_from_address()
    loaded = _source_section(framework)
    if loaded is None or not len(loaded.team):
        for key in (PROFILES, GAPS_FROM):
            st.session_state.pop(key, None)
        _empty_state()
        return
    min_group, note = min_group_setting()
    if note:
        st.warning(literal(note))
    basics = _basics(framework, framework.digest, loaded.key, loaded.team, min_group)
    _headline(framework, basics)
    _distribution(framework, loaded.key, basics)
    _floor(framework, basics)
    _target_section(framework, loaded, basics, min_group)
    _calibration(framework, basics, min_group)


def _team_from_address() -> None:
    """?team=NAME in the address opens that stored team, with its history, once (the access gate has
    already refused a team the viewer does not manage)."""
    team = access_gate.requested_team()
    if team is None or st.session_state.get(ADDRESS_TEAM) == team:
        return
    st.session_state[ADDRESS_TEAM] = team
    stamp = st.session_state.get(STAMP, 0) + 1
    st.session_state[STAMP] = stamp
    _use(Stored(team, database_url(), True, stamp, access_gate.viewer()))


def _headline(framework: Framework, basics: Basics) -> None:
    people, below, support = st.columns(3)
    people.metric("People", f"{basics.people:,}", border=True)
    tracks = {t.id: t.name for t in framework.tracks}
    people.caption(
        literal(", ".join(f"{tracks.get(t, t)}: {sum(c.values()):,}" for t, c in basics.distribution.items()))
    )
    below_floor = people_below_floor(basics.breaches)
    below.metric("Below the competency floor", f"{below_floor:,} of {basics.people:,}", border=True)
    floor = framework.curve.floor
    skills = ", ".join(s.name for s in floor.skills)
    below.caption(
        literal(
            f"Rated below {floor.minimum} in {skills} ({len(basics.breaches):,} ratings in all). "
            f"The floor gates every stage from {floor.gates_from_stage} on."
        )
    )
    if basics.support is None:
        support.metric("Plan support for", "Not known", border=True)
        support.caption("This framework gives no figure for how many people make each shift comfortably.")
    else:
        s = basics.support
        support.metric("Plan support for", f"{s.plan_for:,} of {s.people:,} people", border=True)
        fact = next((f for f in framework.curve.facts if f.id == SUPPORT_FACT), None)
        said = PROVENANCE_WORDS.get(fact.provenance, "") if fact else ""
        support.caption(literal(f"“{s.text}” {said}." if said else f"“{s.text}”"))


def _distribution(framework: Framework, key: str, basics: Basics) -> None:
    st.subheader("Where people are placed", anchor=False)
    left, right = st.columns([3, 2])
    figure, frame = _distribution_chart(framework, framework.digest, key, basics)
    with left:
        st.plotly_chart(figure, config={"displayModeBar": False}, key="team.distribution")
    with right:
        st.dataframe(frame, hide_index=True, key="team.distribution_table")
        st.caption(
            "Each person counted once, with their latest assessment (a manager's over their own on the same day)."
        )


def _floor(framework: Framework, basics: Basics) -> None:
    st.subheader("Competency floor", anchor=False)
    floor = framework.curve.floor
    if not basics.breaches:
        st.success(literal(f"Everyone reads, writes and debugs code at {floor.minimum} or above."))
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


@st.fragment
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
        "Covered when at least",
        min_value=1,
        max_value=1000,
        step=1,
        key=MIN_COVERAGE_WIDGET,
        on_change=_on_min_coverage,
        help="How many people must be at or above a skill's expected level for the team to count it as covered.",
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
    result = _at_target(framework, framework.digest, loaded.key, loaded.team, target, min_coverage)
    st.session_state[PROFILES] = result.profiles
    st.session_state[GAPS_FROM] = (
        f"the Team page: {basics.people:,} people, target {stage_name(framework, target)}, "
        f"covered when at least {min_coverage} people meet a skill"
    )
    _coverage(framework, loaded.key, result, target, min_coverage)
    _heatmap(framework, loaded.key, basics, target, min_group)
    _progress(framework, result, target)
    _exports(framework, loaded, basics, result, target)


def _coverage(framework: Framework, key: str, result: AtTarget, target: int, min_coverage: int) -> None:
    st.markdown(f"**Coverage of every skill up to {literal(stage_name(framework, target))}**")
    tracks = {t.id: t.name for t in framework.tracks}
    present = list(dict.fromkeys(r.track for r in result.coverage))
    for column, track in zip(st.columns(max(len(present), 1)), present, strict=False):
        counts = verdict_counts(result.coverage, track)
        column.markdown(
            f"{literal(tracks.get(track, track))}: :green-badge[✓ {counts['covered']} covered] "
            f":orange-badge[↑ {counts['develop']} to develop] :red-badge[+ {counts['hire']} to hire]"
        )
    st.caption(
        literal(
            f"Covered: at least {min_coverage} people at or above the level the skill expects. Develop: "
            "nobody enough, but someone is one level below (named). Hire: nobody is within one level."
        )
    )
    gaps_only = st.toggle("Only skills that are not covered", key=GAPS_ONLY_WIDGET)
    frame = _coverage_table(framework, framework.digest, key, result, target, min_coverage, gaps_only)
    if frame.empty:
        st.success("Every skill up to the target is covered.")
        return
    st.dataframe(
        frame,
        hide_index=True,
        key="team.coverage",
        column_config={
            "Covered by": st.column_config.NumberColumn(
                "Covered by", help="People at or above the expected level", width="small"
            ),
            "Who": st.column_config.TextColumn("Who covers it", width="medium"),
            "Verdict": st.column_config.MultiselectColumn(
                "Verdict", options=list(VERDICT_WORDS.values()), color=CHIP_COLOURS, width="small"
            ),
            "Develop": st.column_config.TextColumn(
                "Develop", help="One level below: the quickest to grow into it", width="medium"
            ),
        },
    )
    if result.profiles:
        st.page_link(
            HIRING_PAGE,
            label=f"Build a hiring profile from these gaps ({len(result.profiles)} track{'s' if len(result.profiles) > 1 else ''})",
            icon=":material/person_add:",
        )


def _heatmap(framework: Framework, key: str, basics: Basics, target: int, min_group: int) -> None:
    st.markdown("**People by skills**")
    tracks = {t.id: t.name for t in framework.tracks}
    present = list(basics.distribution)
    if len(present) > 1:
        track = st.segmented_control(
            "Track",
            present,
            format_func=lambda t: widget_label(tracks.get(t) or t),  # options are Markdown
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
            else ("Each person" if v == PEOPLE_VIEW else f"Levels across all {on_track:,}")
        ),
        default=LEVELS_VIEW if large else PEOPLE_VIEW,
        required=True,
        key=VIEW_WIDGET,
        label_visibility="collapsed",
    )
    figure, frame, grid = _skills_chart(
        framework, framework.digest, key, basics, min_group, track, target, view or PEOPLE_VIEW
    )
    if view == LEVELS_VIEW:
        st.caption(
            literal(
                f"How many of the {on_track:,} people on this track are at each level of each skill the target "
                "looks at; the framed cell is the level the skill expects. Unrated counts as 0."
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
            subset + "Each cell is a rating (an empty cell is unrated and counts as 0). The first row is the "
            "level each skill expects at the target (for the floor, its minimum); a framed cell is below it."
        )
    )
    st.plotly_chart(figure, config={"displayModeBar": False}, key="team.heatmap")
    with st.expander("The numbers behind the chart, with the team average", expanded=False):
        st.dataframe(frame, hide_index=True, key="team.heatmap_table")
    if any(a.average is None for a in basics.averages if a.track == track):
        st.caption(
            literal(
                f"Team averages are withheld: fewer than {min_group} people are on this track, and an average "
                f"of so few would expose one person's ratings (the threshold is set by {MIN_GROUP_ENV})."
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
    st.caption(literal(note + "Each person's placement at each date they were assessed (every rater)."))
    left, right = st.columns([3, 2])
    with left:
        st.plotly_chart(
            progress_figure(framework, shown), config={"displayModeBar": False}, key="team.progress"
        )
    with right:
        st.dataframe(progress_frame(framework, shown, target), hide_index=True, key="team.progress_table")


def _exports(framework: Framework, loaded: Loaded, basics: Basics, result: AtTarget, target: int) -> None:
    st.markdown("**Take it with you**")
    source = st.session_state.get(SOURCE)
    label = source.team if isinstance(source, Stored) and source.team else "team"
    report = TeamReport.model_construct(
        target=target,
        people=basics.people,
        distribution=basics.distribution,
        floor_breaches=basics.breaches,
        coverage=result.coverage,
        hiring_profiles=result.profiles,
    )
    today = dt.date.today()
    record = basics.record
    one, two, three, _ = st.columns([1, 1, 1, 2])
    one.download_button(
        "Team report (Markdown)",
        data=lambda: team_markdown(framework, report, basics.support),
        file_name=f"{file_stem(label, 'plan', today)}.md",
        mime="text/markdown",
        icon=":material/description:",
        on_click="ignore",
        key="team.download_md",
    )
    two.download_button(
        "Coverage (CSV)",
        data=lambda: coverage_csv(report),
        file_name=f"{file_stem(label, 'coverage', today)}.csv",
        mime="text/csv",
        icon=":material/table:",
        on_click="ignore",
        key="team.download_coverage",
    )
    three.download_button(
        "Roster (CSV)",
        data=lambda: roster_csv(framework, record.assessments()),
        file_name=f"{file_stem(label, 'roster', today)}.csv",
        mime="text/csv",
        icon=":material/group:",
        on_click="ignore",
        key="team.download_roster",
        help="Each person's latest assessment, in the roster format.",
    )
    st.caption(
        "Spreadsheet cells that would start a formula are written with a quote in front, so none runs."
    )


def _calibration(framework: Framework, basics: Basics, min_group: int) -> None:
    result = basics.calibration
    st.subheader("Self against manager", anchor=False)
    if not result.people:
        st.caption(
            "Nobody here has both their own and a manager's rating. Add manager-rated rows (rater = manager) "
            "to compare."
        )
        return
    if result.mean_difference is None:
        st.caption(
            literal(
                f"The team average is withheld: only {result.people_compared} "
                f"{'person was' if result.people_compared == 1 else 'people were'} compared, fewer than "
                f"{min_group}, and an average of so few would expose one person (set by {MIN_GROUP_ENV})."
            )
        )
    else:
        st.caption(
            literal(
                f"Across the {result.people_compared} people compared, managers rate {abs(result.mean_difference):.2f} "
                f"levels {'lower' if result.mean_difference < 0 else 'higher'} than people rate themselves, on average."
            )
        )
    st.dataframe(calibration_frame(result), hide_index=True, key="team.calibration")
    with st.expander("Skill by skill, where they differ"):
        st.dataframe(
            calibration_detail_frame(framework, result), hide_index=True, key="team.calibration_detail"
        )
