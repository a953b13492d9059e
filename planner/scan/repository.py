"""Evidence from the work: read local git repositories for the traces a team's groundwork leaves (agent
instruction files, CI that gates merges, evaluation harnesses, agent branches and commits) and turn the
capabilities whose signals matched into a groundwork record of suggestions, each never in place until a
person confirms it.

The same history says what each person did: the skills' signals are credited to commit authors, by e-mail
(in lower case). A trailer counts for the author of the commit that carries it; a file (in the checked-out
tree) for the author of the commit that first added its path in the history read (the oldest commit read
that has it while none of its parents does); a branch for the author of its newest commit. These are
suggestions for each person to accept or drop, never ratings.

What is read is what is committed, through libgit2 (pygit2): the tree of the checked-out commit and the
history of every branch. libgit2 reads the object database itself, so nothing from the repository ever runs:
no hook, filter, textconv, fsmonitor or other program its configuration names, and no file outside it is
opened (a symbolic link is an object holding its target's name, resolved only inside the tree). Every part
of the work is bounded (entries listed, files read, file size, commits, time) and a bound reached is said.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import posixpath
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pathspec
import pygit2

from planner.common.problems import InputError
from planner.formats.assessment import one_line
from planner.formats.groundwork import (
    AUTHOR_LENGTH,
    CapabilityState,
    GroundworkRecord,
    PersonSignals,
    SkillSignal,
)
from planner.framework import Framework
from planner.framework.capabilities import (
    BranchPrefixSignal,
    CommitTrailerSignal,
    FileContainsSignal,
    FilesSignal,
    Signal,
)

TREE, LINK, SUBMODULE = 0o040000, 0o120000, 0o160000
MAX_LINK_HOPS = 8
SHOWN_PER_SIGNAL = 3  # evidence names the first matches of a signal and counts the rest
MAX_EVIDENCE = 2000
MAX_CREDITED_PATHS = 1000  # files whose first author is looked for in the history


@dataclass(frozen=True)
class Limits:
    """How much one repository's scan may read; each bound, when reached, is reported."""

    entries: int = 200_000  # paths listed from the tree of the checked-out commit
    files_read: int = 2_000  # files whose content is searched
    file_bytes: int = 1024 * 1024  # a larger file is skipped, not read
    commits: int = 20_000  # newest first, across every branch
    seconds: float = 60.0


@dataclass(frozen=True)
class Entry:
    path: str
    mode: int
    oid: pygit2.Oid


@dataclass
class RepositoryScan:
    """What one repository showed: per capability, the evidence items; per author e-mail, per skill, theirs;
    and what was read or left out."""

    label: str
    entries: int = 0
    files_read: int = 0
    commits: int = 0
    branches: int = 0
    evidence: dict[str, list[str]] = field(default_factory=dict)
    people: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Glob:
    """One glob, compiled once, with the longest run of plain characters any path it matches must contain
    (a cheap first test: most paths of a large tree fail it, and only the rest go to the glob itself)."""

    spec: pathspec.GitIgnoreSpec
    literal: str

    @classmethod
    def of(cls, glob: str) -> _Glob:
        runs = re.split(r"\[[^\]]*\]|[*?\\/\[]", glob)  # wildcards, classes, escapes and folders split it
        return cls(pathspec.GitIgnoreSpec.from_lines([glob]), max((r.strip() for r in runs), key=len))

    def matching(self, files: _Files) -> Iterator[Entry]:
        return (e for e in files.containing(self.literal) if self.spec.match_file(e.path))


@dataclass(frozen=True)
class _Wanted:
    """One signal of one capability or skill (`item`, its id), with its globs compiled once."""

    item: str
    signal: Signal
    globs: tuple[_Glob, ...]


def _globs(signal: Signal) -> tuple[_Glob, ...]:
    if isinstance(signal, FilesSignal):
        return tuple(_Glob.of(g) for g in signal.files)
    if isinstance(signal, FileContainsSignal):
        return (_Glob.of(signal.file_contains.glob),)
    return ()


def wanted_signals(framework: Framework) -> list[_Wanted]:
    """Every signal of every capability of the framework, in stage order."""
    return [
        _Wanted(capability.id, signal, _globs(signal))
        for _, capability in framework.capabilities.values()
        for signal in capability.signals
    ]


def wanted_skill_signals(framework: Framework) -> list[_Wanted]:
    """Every signal of every skill of the framework, in the framework's order of skills."""
    return [
        _Wanted(skill, signal, _globs(signal))
        for skill, signals in framework.skill_signals.items()
        for signal in signals
    ]


class _Budget:
    """The time bound of one scan, checked between steps; the first step it stops is reported once."""

    def __init__(self, seconds: float, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._deadline = clock() + seconds
        self._seconds = seconds
        self.spent_at: str | None = None

    def out(self, doing: str) -> bool:
        if self.spent_at is None and self._clock() > self._deadline:
            self.spent_at = doing
        return self.spent_at is not None

    def note(self) -> str:
        return f"time limit of {self._seconds:g} s reached while {self.spent_at}; the rest was not read"


def open_repository(path: str) -> pygit2.Repository:
    """The repository at `path` (its top or its .git directory; no search upward), or InputError naming it."""
    where = Path(path)
    if not where.exists():
        raise InputError.single(path, "no such file or directory; expected a git repository")
    if not where.is_dir():
        raise InputError.single(path, "not a directory; expected a git repository")
    try:
        return pygit2.Repository(str(where), pygit2.enums.RepositoryOpenFlag.NO_SEARCH)
    except pygit2.GitError as exc:
        reason = str(exc).strip() or type(exc).__name__
        if "not found" in reason.lower():
            message = "not a git repository (expected the top of a working tree, or a .git or bare directory)"
        else:
            message = f"cannot be read as a git repository: {reason}"
        raise InputError.single(path, message) from None


def _tree_entries(
    repo: pygit2.Repository, limits: Limits, budget: _Budget, scan: RepositoryScan
) -> list[Entry]:
    """Every file of the checked-out commit's tree (depth first), up to the entries bound."""
    if repo.head_is_unborn:
        return []
    root = repo.head.peel(pygit2.Commit).tree
    entries: list[Entry] = []
    stack: list[tuple[str, pygit2.Tree]] = [("", root)]
    while stack:
        prefix, tree = stack.pop()
        for item in tree:
            if budget.out("listing the files"):
                return entries
            path = prefix + (item.name or "")
            mode = int(item.filemode)
            if mode == TREE:
                stack.append((path + "/", repo[item.id].peel(pygit2.Tree)))
            elif mode != SUBMODULE:  # a submodule is another repository, not read from here
                if len(entries) >= limits.entries:
                    scan.notes.append(
                        f"entry limit of {limits.entries:,} reached; files beyond it were not considered"
                    )
                    return entries
                entries.append(Entry(path, mode, item.id))
    return entries


def _resolve_link(repo: pygit2.Repository, by_path: dict[str, Entry], entry: Entry) -> Entry | None:
    """The file a symbolic link leads to inside the tree, or None when it leaves the repository, dangles or
    loops. Only the link's own text is read: nothing on disk is opened."""
    seen = 0
    while entry.mode == LINK:
        seen += 1
        target = repo[entry.oid].peel(pygit2.Blob).data.decode("utf-8", "replace")
        if seen > MAX_LINK_HOPS or target.startswith("/"):
            return None
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(entry.path), target))
        if joined == ".." or joined.startswith("../"):
            return None
        found = by_path.get(joined)
        if found is None:
            return None
        entry = found
    return entry


def _short(text: str, limit: int = 120) -> str:
    """A name or a line from the repository as it may appear in evidence: one line of plain text (no
    control characters), cut short."""
    flat = one_line(text)
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


class _Files:
    """The files of the tree, resolved through in-tree links, read within the bounds."""

    def __init__(self, repo: pygit2.Repository, entries: list[Entry], limits: Limits, scan: RepositoryScan):
        self.repo, self.limits, self.scan = repo, limits, scan
        self.entries = entries
        self._by_path = {e.path: e for e in entries}
        self._order = {e.path: i for i, e in enumerate(entries)}
        self._resolved: dict[str, Entry | None] = {}
        self._text: dict[str, str | None] = {}
        self._told_read_limit = False
        self._containing: dict[str, list[Entry]] = {}
        # Every path in one string, NUL between them (no path holds a NUL), and where each one starts: a
        # literal is looked for in C over the whole tree at once rather than path by path in Python.
        self._joined = "\0".join(e.path for e in entries)
        self._starts = list(itertools.accumulate((len(e.path) + 1 for e in entries[:-1]), initial=0))

    def containing(self, literal: str) -> list[Entry]:
        """The entries whose path holds the literal, in tree order (every entry for an empty literal)."""
        if not literal:
            return self.entries
        found = self._containing.get(literal)
        if found is None:
            found, last = [], -1
            at = self._joined.find(literal)
            while at != -1:
                i = bisect.bisect_right(self._starts, at) - 1
                if i != last:
                    found.append(self.entries[i])
                    last = i
                at = self._joined.find(literal, at + 1)
            self._containing[literal] = found
        return found

    def order(self, entry: Entry) -> int:
        return self._order[entry.path]

    def resolved(self, entry: Entry) -> Entry | None:
        if entry.mode != LINK:
            return entry
        if entry.path not in self._resolved:
            target = _resolve_link(self.repo, self._by_path, entry)
            if target is None:
                self.scan.notes.append(
                    f"{_short(entry.path)}: a symbolic link that leads outside the repository or to no file; not read"
                )
            self._resolved[entry.path] = target
        return self._resolved[entry.path]

    def text(self, entry: Entry) -> str | None:
        """The file's text, or None (and a note) when it is too large, binary, or past the read bound."""
        target = self.resolved(entry)
        if target is None:
            return None
        if target.path in self._text:
            return self._text[target.path]
        if self.scan.files_read >= self.limits.files_read:
            if not self._told_read_limit:
                self.scan.notes.append(
                    f"file read limit of {self.limits.files_read:,} reached; later files were not searched"
                )
                self._told_read_limit = True
            return None
        _, size = self.repo.odb.read_header(target.oid)
        text: str | None = None
        if size > self.limits.file_bytes:
            self.scan.notes.append(
                f"{_short(target.path)}: {size:,} bytes, over the file size limit of {self.limits.file_bytes:,}; skipped"
            )
        else:
            blob = self.repo[target.oid].peel(pygit2.Blob)
            self.scan.files_read += 1
            if blob.is_binary:
                self.scan.notes.append(f"{_short(target.path)}: a binary file; skipped")
            else:
                text = blob.data.decode("utf-8", "replace")
        self._text[target.path] = text
        return text


def _match_files(wanted: _Wanted, files: _Files, budget: _Budget) -> Iterator[tuple[Entry, str]]:
    """The files, in tree order, that fit a files or file_contains signal's globs (and, for file_contains,
    whose text holds its text), each with its evidence item."""
    matched = {e.path: e for glob in wanted.globs for e in glob.matching(files)}
    for entry in sorted(matched.values(), key=files.order):
        if budget.out("matching files"):
            return
        if isinstance(wanted.signal, FilesSignal):
            if files.resolved(entry) is not None:
                yield entry, f"file {_short(entry.path)}"
        elif isinstance(wanted.signal, FileContainsSignal):
            text = files.text(entry)
            needle = wanted.signal.file_contains.text
            if text is not None and needle in text:
                quote = "'" if '"' in needle else '"'
                yield entry, f"{_short(entry.path)} contains {quote}{_short(needle)}{quote}"


def trailers(message: str) -> list[str]:
    """The trailer lines of a commit message: `Key: value` lines of its last paragraph, when that paragraph
    is not the subject."""
    paragraphs = [p for p in message.replace("\r\n", "\n").strip().split("\n\n") if p.strip()]
    if len(paragraphs) < 2:
        return []
    lines = []
    for line in paragraphs[-1].splitlines():
        key, colon, value = line.partition(":")
        if colon and key and " " not in key.strip() and value.strip():
            lines.append(f"{key.strip()}: {' '.join(value.split())}")
    return lines


def _walk_commits(repo: pygit2.Repository) -> Iterator[pygit2.Commit]:
    """Every commit reachable from HEAD and the local and remote-tracking branches, newest first."""
    if repo.head_is_unborn and not list(repo.branches):
        return
    walker = repo.walk(None, pygit2.enums.SortMode.TIME)
    if not repo.head_is_unborn:
        walker.push(repo.head.target)
    for name in repo.branches:
        walker.push(repo.branches[name].peel(pygit2.Commit).id)
    yield from walker


@dataclass
class _Hits:
    """The first matches of one signal, by name, and how many there were in all."""

    shown: list[str] = field(default_factory=list)
    count: int = 0

    def add(self, item: str) -> None:
        self.count += 1
        if len(self.shown) < SHOWN_PER_SIGNAL:
            self.shown.append(item)

    def line(self) -> str:
        more = self.count - len(self.shown)
        return ", ".join(self.shown) + (f" and {more:,} more" if more else "")


def _prefix(wanted: _Wanted) -> str:
    """How a trailer signal's text is compared with a trailer line: white space collapsed, case folded."""
    assert isinstance(wanted.signal, CommitTrailerSignal)
    return " ".join(wanted.signal.commit_trailer.split()).casefold()


def _author(commit: pygit2.Commit) -> str:
    """The commit author's e-mail as people are keyed: one line, lower case."""
    return _short(commit.author.raw_email.decode("utf-8", "replace"), AUTHOR_LENGTH).lower()


@dataclass
class _History:
    """What the history showed: the matches of each capability's trailer signal; each author's matches of
    each skill signal (by its index among the skills' signals); and, for each path asked about, the author
    and short id of the oldest commit read that added it."""

    capabilities: list[_Hits]
    people: dict[tuple[str, int], _Hits] = field(default_factory=dict)
    added: dict[str, tuple[str, str]] = field(default_factory=dict)

    def credit(self, author: str, signal: int, item: str) -> None:
        self.people.setdefault((author, signal), _Hits()).add(item)


def _read_history(
    repo: pygit2.Repository,
    trailer_wants: list[_Wanted],
    skill_wants: list[_Wanted],
    paths: list[str],
    limits: Limits,
    budget: _Budget,
    scan: RepositoryScan,
) -> _History:
    """One walk of the history, newest first, within the bounds: the trailers of each commit, and which
    commit added each of `paths` (a commit that has the path while none of its parents does)."""
    found = _History([_Hits() for _ in trailer_wants])
    prefixes = [_prefix(w) for w in trailer_wants]
    skill_prefixes = [
        (i, _prefix(w)) for i, w in enumerate(skill_wants) if isinstance(w.signal, CommitTrailerSignal)
    ]
    shallow_root = False
    for commit in _walk_commits(repo):
        if scan.commits >= limits.commits:
            scan.notes.append(
                f"history is longer than the commit limit of {limits.commits:,}; stopped after the newest {limits.commits:,}"
            )
            break
        if budget.out("reading the history"):
            break
        scan.commits += 1
        if prefixes or skill_prefixes:
            for line in trailers(commit.raw_message.decode("utf-8", "replace")):
                folded = line.casefold()
                item = f"commit {str(commit.id)[:12]} ({_short(line, 80)})"
                for i, prefix in enumerate(prefixes):
                    if folded.startswith(prefix):
                        found.capabilities[i].add(item)
                for i, prefix in skill_prefixes:
                    if folded.startswith(prefix):
                        found.credit(_author(commit), i, item)
        if not paths:
            continue
        if (
            not commit.parents and repo.is_shallow
        ):  # its parents are cut off: what it holds was not added here
            shallow_root = True
            continue
        tree, parents = commit.tree, [p.tree for p in commit.parents]
        for path in paths:
            if path in tree and not any(path in p for p in parents):  # a path: looked up through folders
                found.added[path] = (_author(commit), str(commit.id)[:12])  # the oldest read wins
    if shallow_root:
        scan.notes.append("a shallow clone: a file already in its oldest commits is credited to nobody")
    return found


def _credited_paths(matches: dict[int, list[tuple[Entry, str]]], scan: RepositoryScan) -> list[str]:
    """The paths whose first author is looked for: the files the skills' signals matched, in tree order of
    their first match, up to the bound."""
    paths = list(dict.fromkeys(entry.path for found in matches.values() for entry, _ in found))
    if len(paths) > MAX_CREDITED_PATHS:
        scan.notes.append(
            f"{len(paths):,} files bear on skills; only the first {MAX_CREDITED_PATHS:,} are credited to their authors"
        )
    return paths[:MAX_CREDITED_PATHS]


def _branch_tips(repo: pygit2.Repository) -> list[tuple[str, pygit2.Commit]]:
    """Each branch by name with its newest commit, in name order: the local branches, and remote-tracking
    ones without their remote's name (origin/x is x) where no local branch has that name."""
    tips = {name: repo.branches.local[name].peel(pygit2.Commit) for name in repo.branches.local}
    for remote in repo.branches.remote:
        _, _, name = remote.partition("/")
        if name and name != "HEAD" and name not in tips:
            tips[name] = repo.branches.remote[remote].peel(pygit2.Commit)
    return sorted(tips.items())


def _by_person(
    skill_wants: list[_Wanted], found: dict[tuple[str, int], _Hits]
) -> dict[str, dict[str, list[str]]]:
    """Per author (sorted), per skill (in the framework's order), the line of each of its signals that
    matched, in the skill's order of signals."""
    people: dict[str, dict[str, list[str]]] = {}
    for author in sorted({a for a, _ in found}):
        for i, want in enumerate(skill_wants):
            hits = found.get((author, i))
            if hits is not None and hits.count:
                people.setdefault(author, {}).setdefault(want.item, []).append(hits.line())
    return people


def scan_repository(
    path: str,
    framework: Framework,
    limits: Limits | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> RepositoryScan:
    """Read one repository for the framework's signals. Raises InputError naming the path when it is not a
    git repository or cannot be read; a bound reached is a note in the result, never an error."""
    limits = limits or Limits()
    repo = open_repository(path)
    scan = RepositoryScan(label=_short(Path(path).resolve().name or path))
    budget = _Budget(limits.seconds, clock)
    wants = wanted_signals(framework)
    skill_wants = wanted_skill_signals(framework)
    try:
        entries = _tree_entries(repo, limits, budget, scan)
        scan.entries = len(entries)
        files = _Files(repo, entries, limits, scan)

        def add(capability: str, hits: _Hits) -> None:
            if hits.count:
                scan.evidence.setdefault(capability, []).append(hits.line())

        def collect(items: Iterable[str]) -> _Hits:
            hits = _Hits()
            for item in items:
                hits.add(item)
            return hits

        for want in wants:
            if isinstance(want.signal, FilesSignal | FileContainsSignal):
                add(want.item, collect(item for _, item in _match_files(want, files, budget)))
        matched = {
            i: list(_match_files(want, files, budget))
            for i, want in enumerate(skill_wants)
            if isinstance(want.signal, FilesSignal | FileContainsSignal)
        }
        trailer_wants = [w for w in wants if isinstance(w.signal, CommitTrailerSignal)]
        history = _read_history(
            repo, trailer_wants, skill_wants, _credited_paths(matched, scan), limits, budget, scan
        )
        for want, hits in zip(trailer_wants, history.capabilities, strict=True):
            add(want.item, hits)
        for i, found in matched.items():
            for entry, item in found:
                if entry.path in history.added:
                    author, commit = history.added[entry.path]
                    history.credit(author, i, f"{item} (added in commit {commit})")
        tips = _branch_tips(repo)
        scan.branches = len(tips)
        for want in wants:
            if isinstance(want.signal, BranchPrefixSignal):
                prefix = want.signal.branch_prefix
                add(want.item, collect(f"branch {_short(b)}" for b, _ in tips if b.startswith(prefix)))
        for i, want in enumerate(skill_wants):
            if isinstance(want.signal, BranchPrefixSignal):
                for name, tip in tips:
                    if name.startswith(want.signal.branch_prefix):
                        history.credit(
                            _author(tip), i, f"branch {_short(name)} (newest commit {str(tip.id)[:12]})"
                        )
        scan.people = _by_person(skill_wants, history.people)
    except (pygit2.GitError, KeyError, ValueError) as exc:  # a damaged object database, a missing object
        raise InputError.single(path, f"cannot be read as a git repository: {exc}") from None
    if budget.spent_at is not None:
        scan.notes.append(budget.note())
    return scan


def _joined(parts: list[str]) -> str:
    """Evidence from several repositories as one line, cut to the longest evidence a record holds."""
    line = " | ".join(parts)
    return line if len(line) <= MAX_EVIDENCE else line[: MAX_EVIDENCE - 3] + "..."


def _evidence(scans: list[RepositoryScan], capability: str) -> str:
    """One line naming, repository by repository, what matched for the capability."""
    return _joined(
        [f"{s.label}: {'; '.join(s.evidence[capability])}" for s in scans if capability in s.evidence]
    )


def people_signals(framework: Framework, scans: list[RepositoryScan]) -> tuple[PersonSignals, ...]:
    """Per commit author (sorted by e-mail), the skills (in the framework's order) the signals credited to
    them bear on, each with one line naming, repository by repository, the commits and paths that matched."""
    people = []
    for author in sorted({a for s in scans for a in s.people}):
        signals = []
        for skill in framework.skill_signals:
            parts = [
                f"{s.label}: {'; '.join(s.people[author][skill])}"
                for s in scans
                if skill in s.people.get(author, {})
            ]
            if parts:
                signals.append(SkillSignal(skill=skill, evidence=_joined(parts)))
        people.append(PersonSignals(author=author, signals=tuple(signals)))
    return tuple(people)


def suggestions(
    framework: Framework, scans: list[RepositoryScan], team: str, today: dt.date
) -> GroundworkRecord:
    """The scan as a groundwork record: each capability a signal matched, suggested with its evidence and
    never in place (a person confirms what is); capabilities nothing matched are left out. Its `people`
    say what the history suggests for each author's skills; nothing in it is a rating."""
    matched = [cid for cid in framework.capabilities if any(cid in s.evidence for s in scans)]
    return GroundworkRecord(
        team=team,
        assessed_on=today,
        capabilities={
            cid: CapabilityState(in_place=False, evidence=_evidence(scans, cid), suggested=True)
            for cid in matched
        },
        people=people_signals(framework, scans),
    )


def _count(number: int, one: str, many: str) -> str:
    return f"{number:,} {one if number == 1 else many}"


def summary_lines(scans: list[RepositoryScan]) -> list[str]:
    """One line per repository saying what was read, then one per note."""
    lines = []
    for s in scans:
        lines.append(
            f"{s.label}: {_count(s.entries, 'file', 'files')} listed, {s.files_read:,} read, "
            f"{_count(s.commits, 'commit', 'commits')}, {_count(s.branches, 'branch', 'branches')}; "
            f"suggestions: {len(s.evidence)}; {_count(len(s.people), 'person', 'people')} with signals for skills"
        )
        lines.extend(f"{s.label}: {note}" for note in s.notes)
    return lines
