"""The Team page's roster section: upload files, try the sample, load a stored team (or open one from
the address), see what was read and what was left out, and save an upload to the database."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from planner.formats.access import AccessDenied
from planner.formats.assessment import NAME_LENGTH
from planner.formats.roster_writing import template_csv
from planner.framework import Framework
from planner.service.database import StorageError, database_url, shown_url
from planner.service.groundwork import save_groundwork, stored_groundwork
from planner.service.records import save_assessments
from planner.service.stored import teams as stored_teams
from planner.ui import access_gate, plain, session
from planner.ui import sources as team_sources
from planner.ui.screens.team import groundwork as team_groundwork
from planner.ui.sources import EVERYONE, Files, Loaded, Stored, Upload
from planner.ui.state import (
    ADDRESS_TEAM,
    COVERAGE,
    GAPS_FROM,
    HISTORY_WIDGET,
    NOTICE,
    PROFILES,
    SAVE_NAME_WIDGET,
    SAVED,
    SAVED_TARGETS,
    SOURCE,
    STAMP,
    STORED_TEAM_WIDGET,
    TARGET,
    TARGET_WIDGET,
    UPLOAD_SEEN,
    UPLOAD_WIDGET,
)
from planner.views.words import literal

SAMPLE = session.EXAMPLES_DIR / "team-roster.csv"
SAMPLE_GROUNDWORK = session.EXAMPLES_DIR / "groundwork-sample.yaml"
SLOW_FILES = 5  # imports of more files, or more bytes, than this show a progress bar
SLOW_BYTES = 256 * 1024


def roster_in_use(framework: Framework) -> Loaded | None:
    """The roster chosen, read for this run's viewer. A stored team they may no longer open (their roles
    changed since they chose it) is forgotten, as if never chosen."""
    source = st.session_state.get(SOURCE)
    if isinstance(source, Files):
        keys = tuple((f.name, f.sha) for f in source.files)
        return team_sources.from_files(framework, framework.digest, keys, source)
    if isinstance(source, Stored) and source.team != EVERYONE and not access_gate.sees_team(source.team):
        _on_clear()
        st.session_state.pop(ADDRESS_TEAM, None)
        return None
    if isinstance(source, Stored):
        try:
            changes = access_gate.changes(source.url)
            return team_sources.from_store(framework, framework.digest, source, access_gate.viewer(), changes)
        except StorageError as exc:
            plain.alert("error", "The database cannot be read:", str(exc))
    return None


def use(source: Files | Stored) -> None:
    """Make a source the roster in use; the target goes back to the team's own default, or for a team
    saved in this visit to the target it was saved with."""
    st.session_state[SOURCE] = source
    saved = st.session_state.get(SAVED_TARGETS, {})
    st.session_state[TARGET] = saved.get(source.team) if isinstance(source, Stored) else None
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
                text=f"Reading file {i} of {len(source.files)}",  # not its name: a progress text is Markdown
            )
        team_sources.read_file(framework, framework.digest, upload.name, upload.sha, upload.raw)
    if bar is not None:
        bar.progress(1.0, text="Putting the team together")
    use(source)
    roster_in_use(framework)
    if bar is not None:
        bar.empty()


def _on_sample(framework: Framework) -> None:
    """The sample roster, with the sample team's groundwork record."""
    source = Files("the sample roster", (Upload.of(SAMPLE.name, SAMPLE.read_bytes()),), sample=True)
    use(source)
    if framework.capabilities:
        keys = tuple((f.name, f.sha) for f in source.files)
        loaded = team_sources.from_files(framework, framework.digest, keys, source)
        team_groundwork.load_for(
            framework, loaded.key, SAMPLE_GROUNDWORK.name, SAMPLE_GROUNDWORK.read_bytes()
        )


def _on_clear() -> None:
    for key in (SOURCE, TARGET, PROFILES, GAPS_FROM, COVERAGE):
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
        teams = stored_teams(access_gate.store(url), access_gate.viewer())
    except StorageError as exc:
        plain.alert("error", "The database cannot be opened:", str(exc))
        return
    if st.session_state.get(STORED_TEAM_WIDGET) not in [EVERYONE, *teams]:  # a team no longer theirs
        st.session_state.pop(STORED_TEAM_WIDGET, None)
    if st.session_state.get(ADDRESS_TEAM) in teams:  # the team opened from the address is the one chosen
        session.seed(STORED_TEAM_WIDGET, st.session_state[ADDRESS_TEAM])
    everyone = _everyone()
    st.selectbox(
        "Team",
        [EVERYONE, *teams],
        format_func=lambda t: t if t != EVERYONE else everyone,
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
        source = Stored(st.session_state[STORED_TEAM_WIDGET], url, st.session_state[HISTORY_WIDGET], stamp)
        with st.spinner("Reading the database"):
            try:
                changes = access_gate.changes(url)
                loaded = team_sources.from_store(
                    framework, framework.digest, source, access_gate.viewer(), changes
                )
            except StorageError as exc:
                plain.alert("error", "The database cannot be read:", str(exc))
                return
        if not len(loaded.team):
            st.warning("Nothing is stored for that choice yet: upload a roster and save it first.")
            return
        use(source)
        _target_from_record(framework, url, source)
    st.caption(literal("The database in use (set STAGEPATH_DATABASE_URL to use another):"))
    st.text(shown_url(url))  # an address, shown and copied as it is, never a link


def _target_from_record(framework: Framework, url: str, source: Stored) -> None:
    """The target the team's manager saved with its groundwork record, when no target was chosen for it in
    this visit: read now, through the viewer's current grants."""
    if st.session_state.get(TARGET) is not None or source.team == EVERYONE:
        return
    try:
        record = stored_groundwork(framework, access_gate.store(url), source.team, access_gate.viewer())
    except StorageError:
        return
    if record is not None and record.target is not None:
        st.session_state[TARGET] = record.target


def _everyone() -> str:
    return "Everyone stored" if access_gate.viewer() is None else "Everyone you may see"


def section(framework: Framework) -> Loaded | None:
    st.subheader("Roster", anchor=False)
    left, right = st.columns([3, 2], gap="large")
    with left:
        _uploads(framework)
        row = st.container(horizontal=True)
        row.button(
            "Try the sample team",
            icon=":material/science:",
            on_click=_on_sample,
            args=(framework,),
            key="team.sample",
            help="Ten people on two tracks, some rated by themselves and their manager, some on two dates, "
            "with the team's groundwork record.",
        )
        row.download_button(
            "Sample roster (CSV)",
            data=SAMPLE.read_bytes(),
            file_name=SAMPLE.name,
            mime="text/csv",
            icon=":material/download:",
            on_click="ignore",
            key="team.sample_download",
            help="The format of a roster, filled in for a made-up team.",
        )
        row.download_button(
            "Blank roster (CSV)",
            data=lambda: template_csv(framework),
            file_name="stagepath-roster-template.csv",
            mime="text/csv",
            icon=":material/table_view:",
            on_click="ignore",
            key="team.template_download",
            help="The header and one column for every skill id of this framework, to fill in with your team.",
        )
    with right, st.container(border=True):
        _database(framework)
    loaded = roster_in_use(framework)
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
    left.text(text)  # plain text: a team's name is shown, and copied, as it is stored
    right.button("Clear", icon=":material/close:", on_click=_on_clear, key="team.clear")
    for note in loaded.notes:  # a note names the team or a person: plain text under the alert
        plain.alert("info", "A note on what was read:", note)
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
    """Store every assessment of the roster as a new snapshot, all or none, as members of the team named,
    and the groundwork the manager recorded for it as the team's record; the target chosen stays with the
    team for this visit."""
    ss = st.session_state
    name = (ss.get(SAVE_NAME_WIDGET) or "").strip()
    if not name:
        return
    store = access_gate.store(database_url())
    try:
        ids = save_assessments(store, access_gate.viewer(), framework, loaded.team.assessments(), team=name)
    except (StorageError, ValueError, AccessDenied) as exc:
        ss[NOTICE] = ("error", "Nothing was saved:", str(exc))
        return
    ss.setdefault(SAVED, set()).add((loaded.key, name))
    ss.setdefault(SAVED_TARGETS, {})[name] = ss.get(TARGET)
    saved = f"Saved {len(ids):,} assessments as the team named below"
    record = team_groundwork.own_record(framework, loaded.key)
    if record is not None:
        record = record.model_copy(
            update={
                "team": name,
                "assessed_on": record.assessed_on or dt.date.today(),
                "target": ss.get(TARGET),
            }
        )
        try:
            save_groundwork(framework, store, record, access_gate.viewer())
        except (StorageError, AccessDenied) as exc:
            ss[NOTICE] = (
                "warning",
                f"{saved}, but not its groundwork (why, after the team's name):",
                f"{name}\n{exc}",
            )
            return
        in_place = sum(s.in_place for s in record.capabilities.values())
        saved += f", with its groundwork ({in_place} capabilit{'y' if in_place == 1 else 'ies'} in place)"
    ss[NOTICE] = ("success", f"{saved}. Load them any time from the database.", name)


def _save(framework: Framework, loaded: Loaded) -> None:
    saved: set[tuple[str, str]] = st.session_state.setdefault(SAVED, set())
    notice = st.session_state.pop(NOTICE, None)
    with st.expander("Save this roster to the database", icon=":material/save:", expanded=notice is not None):
        if notice is not None:
            session.show_notice(notice)
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


def empty_state(framework: Framework) -> None:
    with st.container(border=True):
        st.markdown(
            "**No team yet.** Upload your team's assessments above: the YAML or JSON files people save on "
            "the Assess page, or one CSV roster for everyone. Or press **Try the sample team** to see what "
            "this page shows."
        )
        st.markdown(
            "A CSV roster has one row per assessment and this header, then one column per skill id "
            "(**Blank roster (CSV)** above has them all):"
        )
        floor_ids = ",".join(s.id for s in framework.curve.floor.skills)
        st.code(f"name,track,rater,team,assessed_on,{floor_ids},...", language=None)
        tracks = " or ".join(t.id for t in framework.tracks)
        st.caption(
            literal(
                f"Track is {tracks}; rater is self, manager or peer (empty means self); team and assessed_on "
                "are optional (assessed_on as YYYY-MM-DD). An empty cell is unrated and counts as 0."
            )
        )


def open_from_address() -> None:
    """?team=NAME in the address opens that stored team, with its history, once (the access gate has
    already refused a team the viewer does not manage)."""
    team = access_gate.requested_team()
    if team is None or st.session_state.get(ADDRESS_TEAM) == team:
        return
    st.session_state[ADDRESS_TEAM] = team
    stamp = st.session_state.get(STAMP, 0) + 1
    st.session_state[STAMP] = stamp
    use(Stored(team, database_url(), True, stamp))
