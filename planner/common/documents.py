"""Reading untrusted documents (YAML or JSON) safely: a byte cap, PyYAML's safe loader without aliases,
bounded nesting, and a map from each field to the line it came from so that messages can point at it."""

from __future__ import annotations

import contextlib
import json
import re
import sys
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError
from yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from planner.common.problems import InputError, Problem, field_path

MAX_BYTES = 512 * 1024
MAX_DEPTH = 32
TOO_MANY_DIGITS = "a number has too many digits to read; expected a short number"
# The kind of a validation error whose message already names the value (a date that is no date).
DATE_ERROR = "calendar_date"
Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Document:
    """A parsed document and the line of each field (1-based) where the format gives one."""

    source: str
    data: Any
    lines: dict[Path, int] = field(default_factory=dict)

    def line_of(self, path: Path) -> int | None:
        """The line of the deepest known field on the path."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return None


# libyaml's parser when PyYAML has it (ten times faster), else the pure-Python one; both are safe loaders.
_SafeBase: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_SafeBase):  # type: ignore[misc]
    """PyYAML's safe loader that also refuses a mapping key given twice."""

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        """Refuse a key given twice: the second would silently replace the first."""
        seen: set[tuple[str, str]] = set()
        for key, _ in node.value:
            if isinstance(key, ScalarNode):
                if (key.tag, key.value) in seen:
                    raise ConstructorError(
                        None,
                        None,
                        f"the key {key.value!r} appears twice",
                        key.start_mark,
                    )
                seen.add((key.tag, key.value))
        mapping: dict[Any, Any] = super().construct_mapping(node, deep)
        return mapping

    def construct_timestamp(self, node: ScalarNode) -> Any:
        """A date or time as YAML reads one, or, when it names no real day (2026-02-30), the text as
        written, so that the field it is in can refuse it naming the value."""
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)

    def construct_int(self, node: ScalarNode) -> Any:
        """An integer, or an error on its line when it has more digits than Python converts (4,300)."""
        try:
            return self.construct_yaml_int(node)
        except ValueError:
            raise ConstructorError(None, None, TOO_MANY_DIGITS, node.start_mark) from None


_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _StrictLoader.construct_timestamp)
_StrictLoader.add_constructor("tag:yaml.org,2002:int", _StrictLoader.construct_int)


def _refuse_aliases_and_depth(text: str) -> None:
    """Walk the parser's events before any node is built: no anchors or aliases (so no alias bombs),
    and no nesting deeper than MAX_DEPTH."""
    depth = 0
    for event in yaml.parse(text, Loader=_SafeBase):
        mark: Any = event.start_mark
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None) is not None:
            raise ComposerError(None, None, "anchors and aliases (& and *) are not allowed", mark)
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise ComposerError(None, None, f"nesting is deeper than {MAX_DEPTH} levels", mark)
        elif isinstance(event, CollectionEndEvent):
            depth -= 1


def _line_map(node: Node, path: Path, lines: dict[Path, int], line: int | None = None) -> None:
    # A field's line is its key's: a block value starts on the line after the key that names it.
    lines[path] = line if line is not None else node.start_mark.line + 1
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode):
                name: str | int = key.value
                if key.tag.endswith(":int"):
                    with contextlib.suppress(ValueError):
                        name = int(key.value)
                _line_map(value, (*path, name), lines, key.start_mark.line + 1)
    elif isinstance(node, SequenceNode):
        for i, item in enumerate(node.value):
            _line_map(item, (*path, i), lines)


def _json_depth_ok(data: Any, depth: int = 0) -> bool:
    if depth > MAX_DEPTH:
        return False
    if isinstance(data, dict):
        return all(_json_depth_ok(v, depth + 1) for v in data.values())
    if isinstance(data, list):
        return all(_json_depth_ok(v, depth + 1) for v in data)
    return True


def decode(source: str, raw: bytes, max_bytes: int = MAX_BYTES) -> str:
    """Check the size and decode UTF-8, naming the file when either fails."""
    if len(raw) > max_bytes:
        raise InputError.single(source, f"file is over the size limit of {max_bytes:,} bytes")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError.single(source, f"not UTF-8 text (byte {exc.start} cannot be decoded)") from None


def parse_yaml(source: str, raw: bytes, max_bytes: int = MAX_BYTES) -> Document:
    """Parse one YAML document safely. Raises InputError naming the file and line on any problem."""
    text = decode(source, raw, max_bytes)
    loader: _StrictLoader | None = None
    try:
        _refuse_aliases_and_depth(text)
        loader = _StrictLoader(text)
        node = loader.get_single_node()
        if node is None:
            raise InputError.single(source, "the file is empty; expected a YAML mapping")
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = ", ".join(part for part in (exc.context, exc.problem) if part) or "syntax error"
        raise InputError.single(source, f"not valid YAML: {what}", line=line) from None
    except (ValueError, TypeError, OverflowError) as exc:  # a value PyYAML recognised but cannot build
        raise InputError.single(source, f"not valid YAML: a value cannot be read ({exc})") from None
    except yaml.YAMLError as exc:  # e.g. a ReaderError for control characters
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError.single(source, f"not valid YAML: {first}") from None
    except RecursionError:
        raise InputError.single(source, f"nesting is deeper than {MAX_DEPTH} levels") from None
    finally:
        if loader is not None:
            loader.dispose()
    lines: dict[Path, int] = {}
    _line_map(node, (), lines)
    return Document(source, data, lines)


def parse_json(source: str, raw: bytes, max_bytes: int = MAX_BYTES) -> Document:
    """Parse one JSON document with the same limits as YAML."""
    text = decode(source, raw, max_bytes)
    if not text.strip():
        raise InputError.single(source, "the file is empty; expected a JSON object")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError.single(source, f"not valid JSON: {exc.msg}", line=exc.lineno) from None
    except ValueError:  # a number Python will not convert: an integer of more than 4,300 digits
        long = re.search(f"[0-9]{{{(sys.get_int_max_str_digits() or 4300) + 1},}}", text)
        line = text.count("\n", 0, long.start()) + 1 if long else None
        raise InputError.single(source, f"not valid JSON: {TOO_MANY_DIGITS}", line=line) from None
    except RecursionError:
        raise InputError.single(source, f"nesting is deeper than {MAX_DEPTH} levels") from None
    if not _json_depth_ok(data):
        raise InputError.single(source, f"nesting is deeper than {MAX_DEPTH} levels")
    return Document(source, data)


def parse(source: str, raw: bytes, max_bytes: int = MAX_BYTES) -> Document:
    """Parse JSON when the name or the first character says so, YAML otherwise (YAML also reads JSON)."""
    name = source.lower()
    if name.endswith((".yaml", ".yml")):
        return parse_yaml(source, raw, max_bytes)
    if name.endswith(".json") or raw.lstrip()[:1] == b"{":
        return parse_json(source, raw, max_bytes)
    return parse_yaml(source, raw, max_bytes)


def expect_mapping(doc: Document) -> dict[str, Any]:
    """The document's top level, which must be a mapping."""
    if not isinstance(doc.data, dict):
        kind = type(doc.data).__name__ if doc.data is not None else "nothing"
        raise InputError.single(doc.source, f"expected a mapping at the top level, found {kind}", line=1)
    return doc.data


def shown(value: Any, limit: int = 60) -> str:
    """A value as it may appear in a message: its repr, cut short."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def schema_problem(doc: Document, error: Any, fields: str = "") -> Problem:
    """One pydantic validation error as a Problem naming the file, line, field and what was expected.

    `fields` lists the known field names for the message about an unknown one.
    """
    loc = tuple(part for part in error["loc"] if part != "[key]")
    kind = error["type"]
    if kind == "missing":
        message = "is missing (required)"
    elif kind == "extra_forbidden":
        message = "is not a known field" + (
            f"; expected one of {fields}" if fields else " (check its spelling)"
        )
    elif kind == DATE_ERROR:
        message = error["msg"]
    elif kind == "string_pattern_mismatch":
        message = f"{shown(error.get('input'))} is not an id; expected lowercase words joined by hyphens, e.g. read-code"
    else:
        message = f"{error['msg'].replace('Tuple should', 'List should')}; found {shown(error.get('input'))}"
    return Problem(doc.source, message, field_path(loc), doc.line_of(loc))
