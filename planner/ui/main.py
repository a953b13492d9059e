"""The app's shell: page setup, the framework in use, a shared link opened on arrival, the sidebar, and
the pages. Each page is a file (AppTest can switch only to file pages); add one by adding it to
planner.ui.menu.PAGES."""

from __future__ import annotations

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from planner import sharing
from planner.framework import Framework
from planner.ui import access_gate, framework_picker, session
from planner.ui.menu import PAGES, PageSpec, page_path
from planner.views.memo import Memo
from planner.views.words import floor_words, literal, percent, stage_name

_OWN_STATUS = frozenset(spec.url_path for spec in PAGES if spec.own_status)


_PAGES: Memo[dict[PageSpec, StreamlitPage]] = Memo(2)


def _pages(shared: bool) -> dict[PageSpec, StreamlitPage]:
    """The pages, made once per mode: each st.Page checks its file on disk, which would cost every rerun.
    Pages for a shared deployment only are hidden from the menu in single-user mode (they still open, and
    say so)."""
    return _PAGES.get(shared, lambda: _make_pages(shared))


def _make_pages(shared: bool) -> dict[PageSpec, StreamlitPage]:
    return {
        spec: st.Page(
            page_path(spec.file),
            title=spec.title,
            icon=spec.icon,
            url_path=spec.url_path,
            default=spec.default,
            visibility=access_gate.menu_visibility(spec.url_path, shared),
        )
        for spec in PAGES
    }


def _navigation(shared: bool) -> StreamlitPage:
    pages = _pages(shared)
    sections: dict[str, list[StreamlitPage]] = {}
    for spec, page in pages.items():
        sections.setdefault(spec.section, []).append(page)
    if list(sections) == [""]:
        return st.navigation(sections[""], position="top")
    return st.navigation(sections, position="top")


def open_share_link(framework: Framework) -> None:
    """A share link in the address loads its ratings once, then leaves the address."""
    params = st.query_params.to_dict()
    if not sharing.is_share_link(params):
        return
    link = sharing.decode(params, framework)
    for key in sharing.SHARE_KEYS:
        if key in st.query_params:
            del st.query_params[key]
    if link.assessment is not None:
        session.load(framework, link.assessment)
        track = framework.track(link.assessment.track)
        session.notify(
            "success",
            f"Opened a shared link: {len(link.assessment.ratings)} ratings on the "
            f"{track.name if track else link.assessment.track} track. Links never carry a name or notes.",
        )
    for note in link.notes:
        session.notify("warning", note)


def sidebar_status(framework: Framework) -> None:
    """How far the visitor has got, live on every page."""
    assessment = session.current(framework)
    plan = session.plan_of(framework, assessment)
    total = len(framework.track_skill_ids(assessment.track))
    track = framework.track(assessment.track)
    st.progress(
        len(assessment.ratings) / total if total else 0.0,
        text=f"**Your assessment:** {len(assessment.ratings)} of {total} skills rated",
    )
    lines = [
        f"Track: {literal(track.name if track else assessment.track)}",
        f"Placement: {literal(stage_name(framework, plan.placement))}",
        f"Target: {literal(stage_name(framework, plan.target))}, {percent(plan.readiness.get(plan.target, 0.0))} ready",
        f"Floor: {floor_words(plan.floor)}",
    ]
    st.markdown("  \n".join(lines))


def run() -> None:
    st.set_page_config(
        page_title="Stagepath",
        page_icon=":material/stairs:",
        layout="wide",
        initial_sidebar_state="collapsed",  # the pages need the width; the sidebar holds status and framework
    )
    access = access_gate.begin_run()
    framework = framework_picker.current()
    session.ensure(framework)
    session.use_framework(framework)
    open_share_link(framework)
    page = _navigation(access.shared)
    with st.sidebar:
        if page.url_path not in _OWN_STATUS:
            sidebar_status(framework)
        if access_gate.may_change_framework():  # in a shared deployment, administrators only
            framework_picker.render(framework)
        access_gate.sidebar()
    session.show_notices()
    if access_gate.allows(page.url_path):  # else it drew the sign-in or no-access page instead
        page.run()
