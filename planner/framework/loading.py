"""Loading a framework: reading the YAML files of a directory (roles/ by default) behind a size cap,
validating each against its model and all of them against each other."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from planner.common.documents import Document, expect_mapping, parse_yaml, schema_problem
from planner.common.problems import InputError, Problem
from planner.framework import Framework
from planner.framework.capabilities import SIGNAL_KINDS
from planner.framework.checks import cross_check
from planner.framework.curve import Curve
from planner.framework.tracks import Track

CURVE_FILE = "curve.yaml"
MAX_FILE_BYTES = 256 * 1024
MAX_FILES = 64


def _shipped_roles() -> Path:
    # An installed Stagepath carries the framework inside the package; a checkout has it at the top.
    here = Path(__file__).resolve().parent.parent  # planner/
    return here / "roles" if (here / "roles" / CURVE_FILE).is_file() else here.parent / "roles"


SHIPPED_ROLES = _shipped_roles()


def default_roles_dir() -> Path:
    """STAGEPATH_ROLES when set, else the shipped framework."""
    chosen = os.environ.get("STAGEPATH_ROLES", "").strip()
    return Path(chosen) if chosen else SHIPPED_ROLES


M = TypeVar("M", bound=BaseModel)


def _validate(model: type[M], doc: Document) -> tuple[M | None, list[Problem]]:
    try:
        data = expect_mapping(doc)
    except InputError as exc:
        return None, list(exc.problems)
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, [schema_problem(doc, _untagged(err)) for err in exc.errors(include_url=False)]


def _untagged(error: Any) -> Any:
    """The error with a signal's kind left out of its location: pydantic puts the tag of the union member
    there (signals[0].files.files[0]), where the file has only the field (signals[0].files[0])."""
    loc = tuple(error["loc"])
    for i in range(len(loc) - 2):
        if loc[i] == "signals" and isinstance(loc[i + 1], int) and loc[i + 2] in SIGNAL_KINDS:
            return {**error, "loc": loc[: i + 2] + loc[i + 3 :]}
    return error


def load_framework_files(files: Mapping[str, bytes], label: str = "") -> Framework:
    """Load a framework from file names and contents (a directory's files, or an upload).

    Raises InputError with every problem found, each naming its file, line and field.
    """
    prefix = f"{label.rstrip('/')}/" if label else ""
    names = _framework_names(files)
    if len(names) > MAX_FILES:
        raise InputError.single(label or "framework", f"{len(names)} files; expected at most {MAX_FILES}")
    if CURVE_FILE not in names:
        raise InputError.single(
            label or "framework", f"no {CURVE_FILE}; a framework needs {CURVE_FILE} and one file per track"
        )
    track_names = [n for n in names if n != CURVE_FILE]
    if not track_names:
        raise InputError.single(
            label or "framework", "no track files; expected at least one, e.g. developer.yaml"
        )

    problems: list[Problem] = []
    docs: dict[str, Document] = {}
    for name in names:
        try:
            docs[name] = parse_yaml(prefix + name, files[name], MAX_FILE_BYTES)
        except InputError as exc:
            problems.extend(exc.problems)

    curve: Curve | None = None
    if CURVE_FILE in docs:
        curve, found = _validate(Curve, docs[CURVE_FILE])
        problems.extend(found)
    tracks: list[tuple[Track, Document]] = []
    read_before = len(problems)
    for name in track_names:
        if name in docs:
            track, found = _validate(Track, docs[name])
            problems.extend(found)
            if track is not None:
                tracks.append((track, docs[name]))
    if curve is not None:
        complete = len(problems) == read_before and all(name in docs for name in track_names)
        problems.extend(cross_check(curve, docs[CURVE_FILE], tracks, complete))
    if problems or curve is None:
        raise InputError(problems)

    return Framework(curve=curve, tracks=tuple(t for t, _ in tracks), digest=content_digest(files)[:16])


def _framework_names(files: Mapping[str, bytes]) -> list[str]:
    """The names of a framework's files: its YAML files, hidden ones left out."""
    return sorted(n for n in files if n.lower().endswith((".yaml", ".yml")) and not n.startswith("."))


def content_digest(files: Mapping[str, bytes]) -> str:
    """A hash of a framework's files, names and contents: the same files give the same framework."""
    digest = hashlib.sha256()
    for name in _framework_names(files):
        digest.update(name.encode() + b"\0" + files[name] + b"\0")
    return digest.hexdigest()


def read_framework_dir(directory: Path | str) -> dict[str, bytes]:
    """The YAML files of a framework directory, by name, each read no further than the size cap allows."""
    path = Path(directory)
    if not path.is_dir():
        raise InputError.single(str(path), "not a directory; expected a framework directory with curve.yaml")
    files: dict[str, bytes] = {}
    refused: list[Problem] = []
    for entry in sorted(path.iterdir()):
        if entry.suffix.lower() in {".yaml", ".yml"} and not entry.name.startswith("."):
            if len(files) >= MAX_FILES:
                raise InputError.single(str(path), f"more than {MAX_FILES} YAML files")
            try:
                files[entry.name] = _read_regular(entry)
            except OSError as exc:
                refused.append(Problem(str(entry), f"cannot be read ({exc.strerror or exc})"))
            except _NotAFile as exc:
                refused.append(Problem(str(entry), f"{exc}; expected a regular file of YAML"))
    if refused:
        raise InputError(refused)
    return files


class _NotAFile(Exception):
    """A framework file's name that names a directory, a device, a pipe or a socket (or links to one)."""


def _read_regular(entry: Path) -> bytes:
    """A file's first bytes up to the cap, when it (or what it links to) is a regular file. Opened without
    waiting (a pipe never blocks the read) and checked on the open handle, so that nothing swapped in
    between a check and the read is read."""
    _regular(entry, os.stat(entry).st_mode)  # a socket cannot even be opened: name it first
    descriptor = os.open(entry, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        _regular(entry, os.fstat(descriptor).st_mode)
    except _NotAFile:
        os.close(descriptor)
        raise
    with os.fdopen(descriptor, "rb") as handle:
        return handle.read(MAX_FILE_BYTES + 1)


def _regular(entry: Path, mode: int) -> None:
    if not stat.S_ISREG(mode):
        kind = _KINDS.get(stat.S_IFMT(mode), "not a regular file")
        linked = " (through a symbolic link)" if entry.is_symlink() else ""
        raise _NotAFile(f"is {kind}{linked}")


_KINDS = {
    stat.S_IFDIR: "a directory",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFIFO: "a named pipe",
    stat.S_IFSOCK: "a socket",
}


def load_framework(directory: Path | str | None = None) -> Framework:
    """Load and validate the framework in `directory` (default: STAGEPATH_ROLES, else the shipped one).

    A directory's files that loaded before load again from the framework cache (planner.framework.cache)
    without their YAML being read; a bad framework is never kept, so it is checked every time."""
    from planner.framework.cache import cached_framework

    path = Path(directory) if directory is not None else default_roles_dir()
    files = read_framework_dir(path)
    return cached_framework(content_digest(files), lambda: load_framework_files(files, label=str(path)))
