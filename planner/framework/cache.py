"""A framework directory's validated form, kept on disk and keyed by what made it, so that a command reads
YAML only when the framework or the code that checks it has changed.

Reading and checking the shipped YAML costs about six times as much as validating the same framework from
its JSON form; every command starts by loading the framework, and a command runs once per process, so the
saving is only kept if it outlives the process (as Python keeps bytecode). The key is a hash of the
framework's files, of this package's framework and document modules (the models and the checks a cached
framework has passed) and of pydantic's version: a change to any of them is a new key, never a stale
framework. The entry is JSON read back through the same models, behind a size cap, and a bad entry (cut
short, edited, of another schema) is ignored and written again. Nothing here raises: a cache that cannot
be read or written costs the YAML and nothing else.

Where: `STAGEPATH_CACHE_DIR` when set (`off` keeps no cache), else the user's cache directory
(`$XDG_CACHE_HOME/stagepath` or `~/.cache/stagepath` on Linux)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

import pydantic
from pydantic import ValidationError

from planner.framework import Framework

ENV_CACHE_DIR = "STAGEPATH_CACHE_DIR"
MAX_ENTRY_BYTES = 8 * 1024 * 1024  # the shipped framework is under 100 KB as JSON
KEPT_ENTRIES = 16  # frameworks (or versions of one) kept before the oldest is removed
_PREFIX = "framework-"
_PACKAGE = Path(__file__).resolve().parent.parent  # planner/


def cache_dir() -> Path | None:
    """The directory entries are kept in, or None when the cache is off."""
    chosen = os.environ.get(ENV_CACHE_DIR, "").strip()
    if chosen.lower() == "off":
        return None
    if chosen:
        return Path(chosen)
    if sys.platform.startswith("linux"):
        # platformdirs' answer on Linux, without importing it: that costs about 10 ms of every command.
        base = os.environ.get("XDG_CACHE_HOME", "").strip()
        return (Path(base) if base else Path.home() / ".cache") / "stagepath"
    import platformdirs

    return platformdirs.user_cache_path("stagepath", appauthor=False)


def _code_fingerprint() -> bytes:
    """The source of the modules that decide what a framework directory loads to."""
    digest = hashlib.sha256(pydantic.VERSION.encode())
    for path in sorted([*(_PACKAGE / "framework").glob("*.py"), _PACKAGE / "documents.py"]):
        with contextlib.suppress(OSError):
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()


def entry_key(content_digest: str) -> str:
    """The key of a framework's entry: its files' digest and the code that loads them."""
    return hashlib.sha256(_code_fingerprint() + content_digest.encode()).hexdigest()[:32]


def _read(path: Path) -> bytes | None:
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_ENTRY_BYTES + 1)
    except OSError:
        return None
    return raw if len(raw) <= MAX_ENTRY_BYTES else None


def _write(directory: Path, path: Path, blob: bytes) -> None:
    """Write the entry whole or not at all (a reader never sees half of one), then drop the oldest
    entries beyond KEPT_ENTRIES."""
    with contextlib.suppress(OSError):
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(blob)
            os.replace(temporary, path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            return
        _prune(directory.glob(f"{_PREFIX}*.json"))


def _prune(entries: Iterable[Path]) -> None:
    dated: list[tuple[float, Path]] = []
    for entry in entries:
        with contextlib.suppress(OSError):
            dated.append((entry.stat().st_mtime, entry))
    for _, old in sorted(dated, reverse=True)[KEPT_ENTRIES:]:
        with contextlib.suppress(OSError):
            old.unlink()


def cached_framework(content_digest: str, load: Callable[[], Framework]) -> Framework:
    """The framework whose files have `content_digest`: from its entry when there is a good one, else from
    `load()` (which reads the YAML and raises InputError on a bad framework), then kept for next time."""
    directory = cache_dir()
    if directory is None:
        return load()
    path = directory / f"{_PREFIX}{entry_key(content_digest)}.json"
    raw = _read(path)
    if raw is not None:
        try:
            kept = Framework.model_validate_json(raw)
        except ValidationError:
            pass  # not an entry this code wrote: load the YAML and write it again
        else:
            return kept.model_copy(update={"digest": content_digest[:16]})
    framework = load()
    _write(directory, path, framework.model_dump_json().encode())
    return framework
