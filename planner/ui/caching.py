"""The one way a page caches what the service layer and the views return.

Every cached call is keyed by its arguments without a leading underscore: the framework's digest and a key
for the content (a roster's hash, a groundwork record's, the database's change count, the viewer with their
grants as they are now) stand for the objects passed beside them with a leading underscore, which are not
hashed. Results are shared by every session of the server (st.cache_resource), so they are immutable and
never hold what one viewer may see unless that viewer's current grants are in the key; a parsed upload is
copied for each caller instead (st.cache_data), since a page may change what it gets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import streamlit as st

F = TypeVar("F", bound=Callable[..., Any])


def by_content(entries: int) -> Callable[[F], F]:
    """Cache a function's immutable result, shared by sessions, for its `entries` most recent keys."""

    def wrap(function: F) -> F:
        return cast(F, st.cache_resource(max_entries=entries, show_spinner=False)(function))

    return wrap


def copied(entries: int) -> Callable[[F], F]:
    """Cache a function's result and hand each caller a copy (for what a page may change, such as a parsed
    upload), for its `entries` most recent keys."""

    def wrap(function: F) -> F:
        return cast(F, st.cache_data(max_entries=entries, show_spinner=False)(function))

    return wrap
