"""My assessments (shared deployments only): what is stored of the signed-in person, every snapshot and
nothing of anyone else's (the store filters for their viewer), opening one on the Assess page, and saving
the assessment in progress as theirs. Their records are theirs to correct and take away: retract a
snapshot (with why), download everything stored about them, and have themselves forgotten. An
administrator does the same for anyone, and reads the audit trail. Each is a use case of
planner.service.records, the one `stagepath` runs; the store decides, for this run's viewer, whether each
may."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pyarrow as pa
import streamlit as st

from planner.formats.access import AccessDenied, Viewer
from planner.formats.assessment import check_against
from planner.framework import Framework
from planner.service import records
from planner.service.database import Refused, StorageError, StoredSnapshot
from planner.service.stored import history as stored_history
from planner.service.stored import people as stored_people
from planner.ui import access_gate, plain, session
from planner.ui.state import MINE_PICK_WIDGET as PICK_WIDGET
from planner.views.audit import audit_table
from planner.views.words import literal, stage_name

ASSESS_PAGE = "planner/ui/pages/assess.py"


def render() -> None:
    framework = session.framework_in_use()
    viewer = access_gate.viewer()
    st.title("My assessments")
    if viewer is None:
        st.info(
            "Single-user mode: nothing is kept per person. Save your assessment to a file on the Assess page."
        )
        return
    # Plain text: the address and the name are shown, and copied, exactly as stored, and never as a link.
    st.text(
        f"Signed in as {viewer.email}. Stored under the name {viewer.person!r}: only you and administrators "
        "see these; a manager sees only what was stored under their team."
    )
    _save(framework, viewer)
    if viewer.administrator:
        _administer(viewer)
        _audit(viewer)
    try:
        history = stored_history(access_gate.the_store(), viewer, viewer.person)
    except StorageError as exc:
        plain.alert("error", "The database cannot be read:", str(exc))
        return
    if not history:
        st.info("Nothing stored yet. Rate yourself on the Assess page, then save it here.")
        return
    st.subheader(f"Stored: {len(history)}", anchor=False)
    st.dataframe(
        pa.Table.from_pylist([_row(framework, s) for s in reversed(history)]),
        hide_index=True,
        key="mine.table",
    )
    _open(framework, history)
    _records(viewer, viewer.person, history, "mine.own")


def _administer(viewer: Viewer) -> None:
    """An administrator's view of anyone's records: pick a person, then the same three actions."""
    st.subheader("Anyone's records (administrator)", anchor=False)
    try:
        people = stored_people(access_gate.the_store(), viewer)
    except StorageError as exc:
        plain.alert("error", "The database cannot be read:", str(exc))
        return
    if not people:
        st.info("Nobody is stored yet.")
        return
    name = st.selectbox("Person", people, key="mine.admin.person")
    if name is None:
        return
    try:
        history = stored_history(access_gate.the_store(), viewer, name)
    except StorageError as exc:
        plain.alert("error", "The database cannot be read:", str(exc))
        return
    _records(viewer, name, history, "mine.admin")


EVERYONE = "Everyone"


def _audit(viewer: Viewer) -> None:
    """The audit trail, read-only, for an administrator: who wrote what kind of record, when, and its ids;
    never what was written or erased. The store refuses it to anyone else."""
    with st.expander("Audit trail (administrator)", icon=":material/policy:"):
        store = access_gate.the_store()
        try:
            people = stored_people(store, viewer)
        except StorageError as exc:
            plain.alert("error", "The database cannot be read:", str(exc))
            return
        chosen = st.selectbox("Entries naming", [EVERYONE, *people], key="mine.audit.person")
        try:
            entries = records.audit(store, viewer, None if chosen in (None, EVERYONE) else chosen)
        except (Refused, AccessDenied) as exc:
            plain.alert("error", "The audit trail cannot be read:", str(exc))
            return
        except StorageError as exc:
            plain.alert("error", "The database cannot be read:", str(exc))
            return
        if not entries:
            st.info("No entry.")
            return
        st.caption(f"{len(entries)} entries, the newest first.")
        st.dataframe(
            pa.Table.from_pylist(audit_table(list(reversed(entries)))),
            hide_index=True,
            key="mine.audit.table",
        )


def _records(viewer: Viewer, name: str, history: list[StoredSnapshot], prefix: str) -> None:
    """Retract one of a person's snapshots, download everything stored about them, or forget them."""
    store = access_gate.the_store()
    with st.expander("Correct or erase", icon=":material/gavel:"):
        if history:
            by_id = {s.id: s for s in history}
            st.selectbox(
                "Snapshot to retract",
                list(reversed(by_id)),
                format_func=lambda i: f"#{i} · {_label(by_id[i])}",
                key=f"{prefix}.retract_pick",
            )
            why = st.text_input("Why", max_chars=2000, key=f"{prefix}.why")
            if st.button("Retract it", icon=":material/undo:", key=f"{prefix}.retract"):
                try:
                    records.retract(store, viewer, st.session_state[f"{prefix}.retract_pick"], why)
                except (Refused, AccessDenied) as exc:
                    plain.alert("error", "Not retracted:", str(exc))
                except StorageError as exc:
                    plain.alert("error", "Not retracted, the database refused it:", str(exc))
                else:
                    st.success("Retracted: hidden from every view, kept for the audit.")
                    st.rerun()
        try:
            record = records.person_record(store, viewer, name)
        except (Refused, StorageError) as exc:
            plain.alert("error", "The record cannot be read:", str(exc))
        else:
            st.download_button(
                "Download everything stored about " + ("me" if viewer.owns(name) else name),
                lambda: json.dumps(record, indent=2, ensure_ascii=False),
                file_name="stagepath-record.json",
                mime="application/json",
                icon=":material/download:",
                key=f"{prefix}.export",
            )
        # Whom as plain text above the box: a checkbox's label is Markdown, where a name could become a link.
        st.text(f"Person: {name}")
        sure = st.checkbox(
            "Erase this person and everything of theirs; this cannot be undone", key=f"{prefix}.forget_sure"
        )
        if st.button("Forget", icon=":material/delete_forever:", key=f"{prefix}.forget", disabled=not sure):
            try:
                gone = records.forget(store, viewer, name)
            except (Refused, AccessDenied) as exc:
                plain.alert("error", "Not erased:", str(exc))
            except StorageError as exc:
                plain.alert("error", "Not erased, the database refused it:", str(exc))
            else:
                st.success(
                    literal(f"Erased: {len(gone.snapshots)} snapshot(s) and everything else of theirs.")
                )


def _row(framework: Framework, snapshot: StoredSnapshot) -> dict[str, Any]:
    assessment = snapshot.assessment()
    usable = framework.track(assessment.track) is not None and not check_against(framework, assessment)
    placement = stage_name(framework, session.plan_of(framework, assessment).placement) if usable else "-"
    return {
        "Date": snapshot.as_of.isoformat(),
        "Track": snapshot.track,
        "Rated by": snapshot.rater,
        "Skills rated": len(assessment.ratings),
        "Placement": placement,
        "Stored under team": snapshot.team or "-",
    }


def _label(snapshot: StoredSnapshot) -> str:
    return f"{snapshot.as_of.isoformat()} · {snapshot.track} · rated by {snapshot.rater}"


def _open(framework: Framework, history: list[StoredSnapshot]) -> None:
    by_id = {s.id: s for s in history}
    st.selectbox(
        "Open one on the Assess page",
        list(reversed(by_id)),
        format_func=lambda i: _label(by_id[i]),
        key=PICK_WIDGET,
    )
    if st.button("Open it", icon=":material/edit:", key="mine.open"):
        chosen = by_id[st.session_state[PICK_WIDGET]].assessment()
        if framework.track(chosen.track) is None or check_against(framework, chosen):
            st.warning("That assessment does not fit the framework in use, so it cannot be opened here.")
            return
        session.load(framework, chosen)
        session.notify(
            "success", "Opened your stored assessment: change it here and save it again from My assessments."
        )
        st.switch_page(ASSESS_PAGE)


def _save(framework: Framework, viewer: Viewer) -> None:
    current = session.current(framework)
    with st.container(border=True):
        st.markdown(
            literal(
                f"The assessment in progress: {len(current.ratings)} skills rated on the {current.track} track."
            )
        )
        if st.button(
            "Save it as mine", icon=":material/save:", key="mine.save", disabled=not current.ratings
        ):
            mine = session.dated(current).model_copy(update={"name": viewer.person})
            try:
                stored = records.save_assessments(access_gate.the_store(), viewer, framework, [mine])
            except (AccessDenied, ValueError) as exc:
                plain.alert("error", "Not saved:", str(exc))
                return
            except StorageError as exc:
                plain.alert("error", "Not saved, the database refused it:", str(exc))
                return
            if not stored:
                st.info(
                    "Already stored: the same ratings, rater and date are saved already, so nothing was added."
                )
                return
            when = mine.assessed_on or dt.date.today()
            st.success(literal(f"Saved as yours, dated {when.isoformat()}."))
