"""The app's shell: page setup, the framework in use, a shared link opened on arrival, the sidebar, and
the pages. Each page is a file (AppTest can switch only to file pages); add one by adding it to
planner.ui.menu.PAGES."""

from __future__ import annotations

import datetime as dt

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from planner.formats import sharing
from planner.formats.access import Viewer
from planner.framework import Framework
from planner.service.database import StorageError, Store, database_url
from planner.service.due import Due, due
from planner.ui import access_gate, framework_picker, session
from planner.ui.caching import by_content
from planner.ui.menu import PAGES, PageSpec, page_path
from planner.views.due import due_sections
from planner.views.memo import Memo
from planner.views.tables import ready_words
from planner.views.words import floor_words, literal, stage_name

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
            # Streamlit serves the default page at / and answers its own pathname with "Page not found";
            # that pathname goes to a hidden page that opens it (_address_of_default).
            url_path=f"{spec.url_path}-default" if spec.default else spec.url_path,
            default=spec.default,
            visibility=access_gate.menu_visibility(spec.url_path, shared),
        )
        for spec in PAGES
    }


def _address_of_default(spec: PageSpec, page: StreamlitPage) -> StreamlitPage:
    """A hidden page at the default page's own address (/explore) that opens the default page, so that a
    bookmark or a link to it works."""

    def open_default() -> None:
        st.switch_page(page)

    return st.Page(open_default, title=spec.title, url_path=spec.url_path, visibility="hidden")


def _navigation(shared: bool) -> StreamlitPage:
    pages = _pages(shared)
    sections: dict[str, list[StreamlitPage]] = {}
    for spec, page in pages.items():
        sections.setdefault(spec.section, []).append(page)
        if spec.default:
            sections[spec.section].append(_address_of_default(spec, page))
    if list(sections) == [""]:
        return st.navigation(sections[""], position="top")
    return st.navigation(sections, position="top")


def open_share_link(framework: Framework) -> None:
    """A share link in the address loads its ratings once and stays in the address (so a reload or a
    bookmark opens the same plan) for as long as the visitor's ratings and target are what it carries.
    Streamlit drops the address's parameters when the visitor moves to another page: they are set again on
    arrival. Once the visitor changes a rating or the target the link no longer describes them, and the
    address is cleared."""
    params = st.query_params.to_dict()
    in_address = {key: params[key] for key in sharing.SHARE_KEYS if key in params}
    opened: dict[str, str] | None = session.state().get(session.SHARED)
    if sharing.is_share_link(in_address) and in_address != opened:
        opened = _load_link(framework, params)
    if opened is None:
        return
    if sharing.encode(session.current(framework)) != opened:
        session.forget_link()
    elif in_address != opened:
        _put_link(opened)


def _put_link(link: dict[str, str]) -> None:
    """The link's parameters in the address, and no other share parameter (other parameters stay)."""
    for key in sharing.SHARE_KEYS:
        if key in link:
            st.query_params[key] = link[key]
        elif key in st.query_params:
            del st.query_params[key]


def _load_link(framework: Framework, params: dict[str, str]) -> dict[str, str] | None:
    """Load a share link's ratings and say what was loaded; the link as it now stands in the address
    (what fitted the framework, in its order), or None when nothing could be loaded."""
    link = sharing.decode(params, framework)
    if link.assessment is None:
        session.forget_link()
        for note in link.notes:  # a note quotes what the link held: plain text
            session.notify("warning", "The shared link cannot be opened:", note)
        return None
    session.load(framework, link.assessment)
    track = framework.track(link.assessment.track)
    session.notify(
        "success",
        f"Opened a shared link: {len(link.assessment.ratings)} ratings on the "
        f"{track.name if track else link.assessment.track} track. Links never carry a name or notes.",
    )
    for note in link.notes:
        session.notify("warning", "Part of the shared link was left out:", note)
    canonical = sharing.encode(session.current(framework))
    session.state()[session.SHARED] = canonical
    _put_link(canonical)
    return canonical


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
        f"Target: {literal(stage_name(framework, plan.target))}, {ready_words(framework, plan, plan.target)}",
        f"Floor: {floor_words(plan)}",
    ]
    st.markdown("  \n".join(lines))


DUE_SHOWN = 5  # items of each list in the sidebar's box; the rest are counted


@by_content(256)
def _due(
    _store: Store, _framework: Framework, digest: str, url: str, changes: int, viewer: Viewer, today: dt.date
) -> Due:
    """What is due for this viewer, keyed by their current grants and the database's change count."""
    return due(_store, _framework, viewer, today)


def sidebar_due(framework: Framework) -> None:
    """The Due box: what waits on the signed-in viewer (planner.service.due, as `stagepath due` lists it)."""
    viewer = access_gate.current().viewer
    if viewer is None:
        return
    url = database_url()
    try:
        result = _due(
            access_gate.the_store(),
            framework,
            framework.digest,
            url,
            access_gate.changes(url),
            viewer,
            dt.date.today(),
        )
    except StorageError:
        st.caption("What is due cannot be read just now.")
        return
    with st.expander(f"Due ({result.count})", expanded=bool(result.count), icon=":material/event:"):
        if not result.count:
            st.caption("Nothing is due.")
        for heading, items in due_sections(framework, result):
            if not items:
                continue
            more = [f"and {len(items) - DUE_SHOWN} more"] if len(items) > DUE_SHOWN else []
            st.markdown(f"**{literal(heading)}**")
            # People, teams and actions as plain text: shown and copied as stored, never links.
            st.text("\n".join(f"• {item}" for item in [*items[:DUE_SHOWN], *more]))


def run() -> None:
    st.set_page_config(
        page_title="Stagepath",
        # An emoji, which the browser draws itself: a Material icon here is fetched from a font CDN, which
        # an offline deployment cannot reach and which tells a third party that the app was opened.
        page_icon="🪜",
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
        sidebar_due(framework)
    session.show_notices()
    if access_gate.allows(page.url_path):  # else it drew the sign-in or no-access page instead
        page.run()
