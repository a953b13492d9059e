"""Capabilities: what a team must have in place to work at a stage (its groundwork), and the signals a
scan can match in a repository to suggest one. Signals are plain data: globs and literal text, never
expressions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

import pathspec
from pydantic import (
    AfterValidator,
    Discriminator,
    Field,
    SerializerFunctionWrapHandler,
    StringConstraints,
    Tag,
    model_serializer,
)

from planner.framework.base import Described, Model, Provenance, Text


def _relative_glob(pattern: str) -> str:
    """A signal's glob stays inside the repository: relative, with no `..` step."""
    if pattern.startswith(("/", "\\")) or ".." in pattern.replace("\\", "/").split("/"):
        raise ValueError("expected a glob relative to the repository, with no '..' step")
    return pattern


# Signs that a text or glob was written as a regular expression: a scan matches plain text and globs only
# (`.*` is a glob's own "any extension", so only text refuses it).
_REGEX_SIGNS = ("\\d", "\\w", "\\s", "\\b", "(?", ".+")
_TEXT_REGEX_SIGNS = (*_REGEX_SIGNS, ".*")
_GLOB_REGEX_SIGNS = (*_REGEX_SIGNS, "|")


def _regex_check(signs: tuple[str, ...]) -> Any:
    def check(text: str) -> str:
        """Plain text, not a regular expression: a scan matches it as written."""
        if text.startswith("^") or text.endswith("$") or any(sign in text for sign in signs):
            raise ValueError(
                "looks like a regular expression; signals match plain text and .gitignore-style globs only"
            )
        if not text.strip():
            raise ValueError("expected text, found only white space")
        return text

    return AfterValidator(check)


def _valid_glob(pattern: str) -> str:
    """A glob as in .gitignore (`*`, `?`, `[abc]`, `**` across folders), one pattern, no negation."""
    if pattern.startswith("!"):
        raise ValueError("a leading '!' negates a pattern; expected a glob of files to look for")
    if pattern.count("[") != pattern.count("]"):
        raise ValueError("an unclosed '[' or ']'; expected a glob such as .github/workflows/*.yml")
    try:
        pathspec.GitIgnoreSpec.from_lines([pattern])
    except ValueError as exc:  # pathspec's pattern errors are ValueErrors
        raise ValueError(f"not a valid glob: {exc}") from None
    return pattern


def _some_globs(globs: tuple[str, ...]) -> tuple[str, ...]:
    # Checked after the items, so that a bad glob is reported once, not also as a missing one.
    if not globs:
        raise ValueError("expected at least one glob")
    return globs


Glob = Annotated[
    str,
    StringConstraints(min_length=1, max_length=200),
    AfterValidator(_relative_glob),
    _regex_check(_GLOB_REGEX_SIGNS),
    AfterValidator(_valid_glob),
]
SignalText = Annotated[str, StringConstraints(min_length=1, max_length=200), _regex_check(_TEXT_REGEX_SIGNS)]
SIGNAL_KINDS = ("files", "file_contains", "commit_trailer", "branch_prefix")


class SignalOrigin(Model):
    """Where a signal comes from: an organisation's own, or read from public repositories (inferred)."""

    provenance: Provenance = "inferred"
    source: Text = ""

    @model_serializer(mode="wrap")
    def _as_written(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """Written back as the file gave it: provenance and source only where the file gave them."""
        data: dict[str, Any] = handler(self)
        origin = {k: data.pop(k) for k in ("provenance", "source") if k in self.model_fields_set}
        return {k: v for k, v in data.items() if k not in {"provenance", "source"}} | origin


class FilesSignal(SignalOrigin):
    """Matches when a file whose path fits one of the globs exists."""

    files: Annotated[tuple[Glob, ...], Field(max_length=20), AfterValidator(_some_globs)]


class TextInFiles(Model):
    glob: Glob
    text: SignalText


class FileContainsSignal(SignalOrigin):
    """Matches when a file fitting the glob contains the text, as written."""

    file_contains: TextInFiles


class CommitTrailerSignal(SignalOrigin):
    """Matches when a commit message carries a trailer line starting with this text (e.g. `Reviewed-by:`)."""

    commit_trailer: SignalText


class BranchPrefixSignal(SignalOrigin):
    """Matches when a branch name starts with this text."""

    branch_prefix: SignalText


def _signal_kind(value: Any) -> str | None:
    """The one kind key of a signal mapping (beside its provenance and source); none or two match no kind."""
    if isinstance(value, Mapping):
        kinds = [k for k in SIGNAL_KINDS if k in value]
        return kinds[0] if len(kinds) == 1 else None
    return next((k for k in SIGNAL_KINDS if hasattr(value, k)), None)


Signal = Annotated[
    Annotated[FilesSignal, Tag("files")]
    | Annotated[FileContainsSignal, Tag("file_contains")]
    | Annotated[CommitTrailerSignal, Tag("commit_trailer")]
    | Annotated[BranchPrefixSignal, Tag("branch_prefix")],
    Discriminator(
        _signal_kind,
        custom_error_type="signal_kind",
        custom_error_message=f"expected a mapping with exactly one of the keys {', '.join(SIGNAL_KINDS)}",
    ),
]


class Capability(Described):
    """Something a team must have in place to work at a stage; its id shares the skills' id space."""

    signals: Annotated[tuple[Signal, ...], Field(max_length=20)] = ()
