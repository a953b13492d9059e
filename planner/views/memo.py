"""A small in-memory cache for results the pages rebuild on every rerun (plans, charts, level labels).

Keys are plain tuples (a framework's digest and the ratings that matter), so a lookup costs a dict access,
where st.cache_resource hashes its arguments on every call. Values must be immutable or never changed:
they are shared by every session of the process.

The three caches of the app, and why each is where it is:
- `Memo` (here): values rebuilt on every rerun from a key the caller already has as a plain tuple (a
  framework's digest, ratings), where a lookup must cost a dict access;
- `st.cache_resource` (the Team page, the access gate): large results of a few calls per rerun whose
  arguments Streamlit hashes (skipping the `_`-named ones), kept per server and shown in its cache tools;
- `functools.lru_cache` (views' words and figures): one-string functions, keyed by the string itself."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class Memo(Generic[V]):
    """A thread-safe least-recently-used cache of at most `size` values."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], V]) -> V:
        """The value for `key`, made (outside the lock) when it is not cached yet."""
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        value = make()
        with self._lock:
            self._values[key] = value
            while len(self._values) > self.size:
                self._values.popitem(last=False)
        return value
