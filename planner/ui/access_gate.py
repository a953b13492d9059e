"""Sign-in and access in the app: single-user mode, or a shared deployment behind Streamlit's own OpenID
Connect sign-in (st.login, st.user, st.logout).

Shared mode is on when the secrets (.streamlit/secrets.toml) have an [auth] section; without one the app
runs as it always has, for one person, and every page opens. In shared mode Explore opens to everyone;
every other page asks the visitor to sign in first; the signed-in e-mail becomes a `planner.formats.access.Viewer`
through the access configuration named by STAGEPATH_ACCESS; and a page, or a team asked for in the address
(?team=NAME), that the viewer has no access to shows a page that says so instead. The storage layer filters
every read and checks every write for that viewer; this module only decides which page runs and who the
viewer is. Nothing shown here is HTML: e-mails, people's and team names are drawn as plain text (`st.text`), so
they read and copy as stored and never become links.

Access is decided in every run, from the roles as they are then: nothing authorised in an earlier run is
kept. Every run, the whole app's or a fragment's, works out who is here first (`begin_run`, `fragment`);
what a page keeps across runs is a choice (a team's name, a file), never data read for a viewer: that is
read again through caches keyed by this run's viewer. What must be kept (the Hiring page's profiles built
from a team's gaps) is kept with the viewer it was made for, and dropped when the roles have changed."""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, ParamSpec

import streamlit as st

from planner.common.problems import InputError
from planner.formats.access import (
    ENV_ACCESS,
    FIELDS,
    MANAGER,
    MAX_ACCESS_BYTES,
    AccessConfig,
    AccessDenied,
    Viewer,
    load_access,
    parse_access,
)
from planner.service import database
from planner.service.database import Store, database_url
from planner.ui.caching import by_content
from planner.ui.state import ACCESS_NOW as NOW

LOG = logging.getLogger("stagepath.access")
ACCESS_FIELDS = frozenset(FIELDS.split(", "))

EXPLORE = "explore"
OPEN_PAGES = frozenset({"", EXPLORE})  # the default page's url_path is ""
MANAGER_PAGES = frozenset({"team", "hiring", "org"})
# In the menu only in shared mode (planner.ui.main): a person's stored data, their check-ins, and one person
# for a 1:1 (its actions have owners by e-mail, which only a shared deployment has; it still opens from the
# Team page).
SHARED_ONLY_PAGES = frozenset({"mine", "checkins", "person"})
TEAM_PARAM = "team"
EXPLORE_PAGE = "planner/ui/pages/explore.py"
MINE_PAGE = "planner/ui/pages/mine.py"
PLAN_PAGE = "planner/ui/pages/plan.py"
TEAM_PAGE = "planner/ui/pages/team.py"
PERSON_PAGE = "planner/ui/pages/person.py"
# Who sees nothing: a signed-out visitor, should a page ever ask the store for them.
NOBODY = Viewer(email="", person="")


@dataclass(frozen=True)
class Access:
    """This run's access: the mode, and in shared mode who is signed in and what they may do."""

    shared: bool
    signed_in: bool = False
    viewer: Viewer | None = None
    refusal: str = ""  # why a signed-in visitor may use nothing but Explore


def shared_mode() -> bool:
    """Whether the secrets configure sign-in (an [auth] section)."""
    try:
        return "auth" in st.secrets
    except FileNotFoundError:  # no secrets file at all (Streamlit's error is a FileNotFoundError)
        return False


@by_content(4)
def _config(path: str, digest: str, _raw: bytes | None) -> AccessConfig | InputError:
    """The access configuration, read again whenever the file's content changes (its SHA-256 is the cache
    key, so every replica reading the same file agrees, whatever its time and size); `_raw` None: the file
    cannot be read (`digest` says why). Its problems go to the server's log without what they quote."""
    try:
        return load_access(path) if _raw is None else parse_access(path, _raw)
    except InputError as exc:
        LOG.error("the access configuration cannot be read: %s", log_line(exc))
        return exc


def log_line(exc: InputError) -> str:
    """Where each problem of the access file is (its file, line and top-level field) and how many there
    are, without what the problem says: that quotes the e-mails and names of the file. The operator sees
    it whole through the command line (e.g. `stagepath org --database --as THEIR-EMAIL`)."""
    places = []
    for problem in exc.problems:
        top = re.split(r"[.\[]", problem.field, maxsplit=1)[0]
        where = problem.source + (f", line {problem.line}" if problem.line is not None else "")
        places.append(where + (f", under {top}" if top in ACCESS_FIELDS else ""))
    return (
        f"{len(exc.problems)} problem(s): {'; '.join(places)} (what they say is left out of the log, "
        "as it names people: run the command line on the file to see it)"
    )


def access_config() -> AccessConfig | InputError:
    """The configuration named by STAGEPATH_ACCESS (none named: everyone is a member only), or its problems.
    The file is read on every run (it is small, and capped): a change shows on the next run."""
    path = os.environ.get(ENV_ACCESS, "").strip()
    if not path:
        return AccessConfig()
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_ACCESS_BYTES + 1)
    except OSError as exc:
        return _config(path, f"unreadable: {exc.strerror or exc}", None)
    return _config(path, hashlib.sha256(raw).hexdigest(), raw)


P = ParamSpec("P")


def begin_run() -> Access:
    """Work out who is here, at the start of every run: the shell's, and each fragment's (`fragment`).
    Every look at the secrets reads their files again (about half a millisecond), so the pages and hooks
    read this run's answer instead. It is never used in another run: each run works it out anew."""
    now = _who()
    st.session_state[NOW] = now
    return now


def current() -> Access:
    """Who is here, for this run."""
    now = st.session_state.get(NOW)
    return now if isinstance(now, Access) else begin_run()


def fragment(body: Callable[P, None]) -> Callable[P, None]:
    """`st.fragment` that works out access again whenever the fragment reruns alone: a fragment reruns with
    what the whole app's last run handed it (a roster read for the viewer of then), so when the roles have
    changed since, the whole app runs again instead and reads everything for the viewer of now."""

    @functools.wraps(body)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        drawn_for = st.session_state.get(NOW)
        if begin_run() != drawn_for:
            st.rerun(scope="app")
        body(*args, **kwargs)

    wrapped: Callable[P, None] = st.fragment(run)
    return wrapped


@dataclass(frozen=True)
class _Kept:
    viewer: Viewer | None
    value: Any


def keep(key: str, value: Any) -> None:
    """Keep a value made from what this run's viewer may see, for a later run (another page), with the
    viewer it was made for."""
    st.session_state[key] = _Kept(viewer(), value)


def kept(key: str, default: Any = None) -> Any:
    """A value `keep` kept, while the roles are still those it was made for; once they have changed it is
    dropped, and `default` comes back."""
    found = st.session_state.get(key)
    if isinstance(found, _Kept) and found.viewer == viewer():
        return found.value
    st.session_state.pop(key, None)
    return default


def _who() -> Access:
    if not shared_mode():
        return Access(shared=False)
    if not st.user.get("is_logged_in"):
        return Access(shared=True)
    email = st.user.get("email")
    if not isinstance(email, str) or "@" not in email:
        return Access(True, True, refusal="your identity provider did not give Stagepath your e-mail address")
    if st.user.get("email_verified") is False:
        return Access(True, True, refusal=f"your identity provider has not verified {email}")
    config = access_config()
    if isinstance(config, InputError):
        return Access(
            True, True, refusal="Stagepath's access configuration cannot be read (the server log says why)"
        )
    try:
        return Access(True, True, config.viewer(email))
    except AccessDenied as exc:
        return Access(True, True, refusal=str(exc))


def viewer() -> Viewer | None:
    """The viewer to hand to the store: None in single-user mode (everything), NOBODY when not signed in."""
    now = current()
    if not now.shared:
        return None
    return now.viewer or NOBODY


@by_content(4)
def store(url: str) -> Store:
    """One store per database for the whole server; each call hands it the viewer."""
    return database.open_store(url)


def the_store() -> Store:
    return store(database_url())


def changes(url: str) -> int:
    """How many writes the database has had, from any process: one cheap read per run, and part of the key
    of every cache of stored data, so that what another replica or the command line stored shows on the
    next run here."""
    return database.changes(store(url))


def sees_team(team: str) -> bool:
    """Whether this run's visitor may open a stored team: anyone in single-user mode, else its managers and
    the administrators. The store filters every read anyway; this says whether to offer the team at all."""
    now = viewer()
    return now is None or now.manages(team)


def requested_team() -> str | None:
    """The team asked for in the address (?team=NAME), if any."""
    team = st.query_params.get(TEAM_PARAM)
    return (team.strip() or None) if isinstance(team, str) else None


# --- the hooks in planner.ui.main ----------------------------------------------------------------------------


def menu_visibility(url_path: str, shared: bool) -> Literal["visible", "hidden"]:
    """A page for a person's stored data is in the menu only in shared mode (it still opens, and says so)."""
    return "hidden" if not shared and url_path in SHARED_ONLY_PAGES else "visible"


def allows(url_path: str) -> bool:
    """Whether the page may run for this visitor; when not, the page that says why is drawn instead."""
    now = current()
    if not now.shared or url_path in OPEN_PAGES:
        return True
    if not now.signed_in:
        _sign_in_page()
        return False
    if now.viewer is None:
        _no_access(now.refusal)
        return False
    if url_path in MANAGER_PAGES and not now.viewer.manages_any:
        _no_access(
            f"the {url_path.capitalize()} page is for managers, and {now.viewer.email} manages no team"
        )
        return False
    team = requested_team()
    if url_path == "team" and team is not None and not sees_team(team):
        _no_access(f"{now.viewer.email} does not manage a team called {team!r}")
        return False
    return True


def may_change_framework() -> bool:
    """Only an administrator picks the framework in a shared deployment; anyone in single-user mode."""
    now = current()
    return not now.shared or (now.viewer is not None and now.viewer.administrator)


def sidebar() -> None:
    """Who is signed in, with their roles, and the button to sign in or out (nothing in single-user mode)."""
    now = current()
    if not now.shared:
        return
    st.divider()
    if not now.signed_in:
        st.caption("Not signed in: only Explore the curve opens.")
        if st.button("Sign in", icon=":material/login:", key="access.sign_in.sidebar"):
            st.login()
        return
    email = st.user.get("email")
    # Plain text, not Markdown: an address is shown as it is (copied, it is the address), and never a link.
    st.text(f"Signed in as {email if isinstance(email, str) else 'someone without an e-mail'}")
    if now.viewer is not None:
        st.text(describe(now.viewer))  # names and teams as stored, as the address above
    if st.button("Sign out", icon=":material/logout:", key="access.sign_out"):
        st.logout()


def describe(viewer: Viewer) -> str:
    """The viewer's roles in words."""
    words = []
    if viewer.administrator:
        words.append("administrator: every team and the framework")
    if viewer.teams:
        words.append(f"{MANAGER} of {', '.join(sorted(viewer.teams))}")
    words.append(f"your stored assessments are under {viewer.person!r}")
    return "; ".join(words)


def mode_line() -> None:
    """One line for the Team page: whose data it shows."""
    now = current()
    if not now.shared:
        st.caption(
            "Single-user mode: no sign-in, so whoever opens this app sees every stored team. "
            "A shared deployment signs people in (see docs/deploy.md)."
        )
    elif now.viewer is not None:
        teams = (
            "every team"
            if now.viewer.administrator
            else f"the teams you manage: {', '.join(sorted(now.viewer.teams))}"
        )
        st.text(f"Signed in as {now.viewer.email}. You see {teams}.")


# --- the pages drawn instead -------------------------------------------------------------------------------


def _sign_in_page() -> None:
    st.title("Sign in to continue")
    st.markdown(
        "This Stagepath is shared by your organisation: assessing yourself, your plan and the team pages "
        "are yours alone, so they need you to sign in. **Explore the curve** is open to everyone."
    )
    row = st.container(horizontal=True)
    if row.button("Sign in", type="primary", icon=":material/login:", key="access.sign_in"):
        st.login()
    row.page_link(EXPLORE_PAGE, label="Explore the curve", icon=":material/explore:")


def _no_access(reason: str) -> None:
    st.title("No access")
    # Plain text: the reason names an address or a team, shown (and copied) as it is and never a link.
    st.text(f"You have no access to this: {reason}.")
    st.markdown(
        "What you can open: **Explore the curve**, and your own assessments. A manager sees the teams an "
        "administrator assigned to them; ask yours if you need more."
    )
    row = st.container(horizontal=True)
    row.page_link(EXPLORE_PAGE, label="Explore the curve", icon=":material/explore:")
    if current().viewer is not None:
        row.page_link(MINE_PAGE, label="My assessments", icon=":material/history:")
