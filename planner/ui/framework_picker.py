"""Which framework the app uses: the shipped one, an organisation's directory (STAGEPATH_ROLES), or files
uploaded in the sidebar. An invalid choice shows the validator's problems and the last good framework
stays in use."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from planner.common.problems import InputError
from planner.framework import Framework
from planner.framework.loading import SHIPPED_ROLES, default_roles_dir, load_framework, load_framework_files
from planner.ui import plain, session
from planner.ui.state import FRAMEWORK_CHOICE as CHOICE
from planner.ui.state import FRAMEWORK_FILES as FILES
from planner.ui.state import FRAMEWORK_IN_USE as IN_USE
from planner.ui.state import FRAMEWORK_OPEN as OPEN
from planner.ui.state import FRAMEWORK_PROBLEMS as PROBLEMS
from planner.ui.state import FRAMEWORK_SOURCE as SOURCE
from planner.ui.state import FRAMEWORK_UPLOADED as UPLOADED
from planner.views.memo import Memo
from planner.views.words import literal

DEFAULT, SHIPPED, UPLOAD = "default", "shipped", "upload"


def _stamp(directory: Path) -> tuple[tuple[str, int, int], ...]:
    """A cheap content key for a directory: each YAML file's name, size and modification time."""
    try:
        entries = sorted(directory.iterdir())
    except OSError:
        return ()
    out = []
    for entry in entries:
        if entry.suffix.lower() in {".yaml", ".yml"}:
            stat = entry.stat()
            out.append((entry.name, stat.st_size, stat.st_mtime_ns))
    return tuple(out)


def _load_dir(path: str) -> Framework | tuple[str, ...]:
    try:
        return load_framework(path)
    except InputError as exc:
        return tuple(str(p) for p in exc.problems)


# Looked up on every run: a plain-tuple key costs a dict access where st.cache_resource hashes its arguments.
_LOADED: Memo[Framework | tuple[str, ...]] = Memo(16)


def load_dir(directory: Path) -> Framework | tuple[str, ...]:
    """The framework in a directory (cached until its files change), or its problems. The shipped files
    are part of the installed package and are not watched."""
    path = str(directory)
    stamp = () if directory == SHIPPED_ROLES else _stamp(directory)
    return _LOADED.get((path, stamp), lambda: _load_dir(path))


def _env_dir() -> Path | None:
    return default_roles_dir() if os.environ.get("STAGEPATH_ROLES", "").strip() else None


def current() -> Framework:
    """The framework in use for this visitor."""
    ss = st.session_state
    choice = ss.get(SOURCE, DEFAULT)
    uploaded = ss.get(UPLOADED)
    if choice == UPLOAD and isinstance(uploaded, Framework):
        chosen: Framework | tuple[str, ...] = uploaded
    elif choice == SHIPPED:
        chosen = load_dir(SHIPPED_ROLES)
    else:
        chosen = load_dir(default_roles_dir())
    if not isinstance(chosen, Framework):
        chosen = load_dir(SHIPPED_ROLES)
    if not isinstance(chosen, Framework):  # only when the shipped files themselves are broken
        raise RuntimeError("the shipped framework does not load: " + "; ".join(chosen))
    if ss.get(IN_USE) != chosen.digest:
        # A different framework: rating widgets may have other options now, so redraw them afresh.
        if IN_USE in ss:
            session.forget_widgets(chosen, framework_changed=True)
        ss[IN_USE] = chosen.digest
    return chosen


def _on_choice() -> None:
    st.session_state[SOURCE] = st.session_state.get(CHOICE, DEFAULT)


def _on_upload() -> None:
    files = st.session_state.get(FILES) or []
    if not files:
        return
    contents = {f.name: f.getvalue() for f in files}
    try:
        framework = load_framework_files(contents, label="upload")
    except InputError as exc:
        st.session_state[PROBLEMS] = [str(p) for p in exc.problems]
        return
    st.session_state[UPLOADED] = framework
    st.session_state[PROBLEMS] = []
    session.notify(
        "success", f"Now using your framework: {framework.curve.name} ({len(framework.tracks)} tracks)."
    )


def render(framework: Framework) -> None:
    """The picker, in the sidebar: the framework in use, where it comes from, and an upload."""
    env_dir = _env_dir()
    options = [DEFAULT, SHIPPED, UPLOAD] if env_dir else [DEFAULT, UPLOAD]
    labels = {
        DEFAULT: f"Your organisation's ({env_dir})" if env_dir else "The shipped framework",
        SHIPPED: "The shipped framework",
        UPLOAD: "Upload your own files",
    }
    problems: list[str] = st.session_state.get(PROBLEMS, [])
    env_problems = load_dir(env_dir) if env_dir else None
    # Drawn only when open (most visitors never open it); it opens by itself when there are problems.
    session.seed(OPEN, bool(problems) or isinstance(env_problems, tuple))
    if problems or isinstance(env_problems, tuple):
        st.session_state[OPEN] = True
    in_use = f"{framework.curve.name} {framework.curve.version}".strip()
    section = st.expander(
        f"Framework: {literal(in_use)}", icon=":material/account_tree:", key=OPEN, on_change="rerun"
    )
    if not section.open:
        return
    with section:
        st.caption("Where the framework in use comes from:")
        session.seed(CHOICE, st.session_state.get(SOURCE, DEFAULT))
        st.radio(
            "Framework source",
            options,
            format_func=lambda o: literal(labels[o]),
            key=CHOICE,
            on_change=_on_choice,
            label_visibility="collapsed",
        )
        if isinstance(env_problems, tuple):
            # The directory and the files' problems as plain text: paths, shown and copied as they are.
            plain.alert(
                "error",
                "The framework in the directory below has problems, so the shipped one is in use:",
                [str(env_dir), *env_problems],
            )
        if st.session_state.get(SOURCE) == UPLOAD:
            st.file_uploader(
                "curve.yaml and one file per track",
                type=["yaml", "yml"],
                accept_multiple_files=True,
                key=FILES,
                on_change=_on_upload,
            )
            if problems:
                plain.alert(
                    "error", "These files cannot be used; the framework above stays in use:", problems
                )
            elif not isinstance(st.session_state.get(UPLOADED), Framework):
                st.caption("Until you upload a valid framework, the one above stays in use.")
