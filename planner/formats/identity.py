"""Who a person or a team is: the one place the rules for their names live, used by every reader of names
(assessment files, rosters, groundwork records, the access file, the command line's --team) and by storage.

- A name is normalised before anything else looks at it: Unicode NFC, white space trimmed and every inner
  run of it made one space. A name with an invisible character (a zero-width space or joiner, a soft
  hyphen, a variation selector, a Hangul filler ...) or a bidirectional control (a right-to-left override,
  an isolate, a mark) or any other control character is refused, naming the character; so is a name that
  is blank once normalised.
- Two names are the same identity when their keys are equal: the normalised name folded for case
  (`str.casefold`), so `Ada Lovelace` and `ada lovelace` are one person.
- A person's stable key (`Directory.person_key`, the one place this rule lives): in a shared deployment the
  e-mail the access file's `members` names for them where it does, else the key of their name. So a person
  renamed there keeps their records, and a name the file gives to two e-mails is refused where it is used
  as a name (an input cannot say which of them it means; their e-mails can). A person stored under their
  name before the file named them is theirs (`Directory.former`): storage takes the record over.
- A new name that is not the same identity as a stored one but looks like it (Unicode's confusable skeletons,
  UTS #39) is refused naming the stored one: a Cyrillic A (U+0410) in Ada Lovelace, `0` for `O`, `rn` for `m`.
  The skeleton is computed here over the confusables data that the `confusable-homoglyphs` package ships
  (Unicode's confusables.txt): each character is replaced by the prototype of its confusable class, with
  NFD before and after, as UTS #39 describes. The first pass runs on the name as written, so that a capital
  I and a small l (both drawn as one stroke) are confusable; the result is then folded for case and mapped
  again, so that a name is confusable with another whatever the case of the other letters. Two spellings
  of one name that differ only in case are one identity by their keys, whatever their skeletons.

Nothing here does I/O but reading that data file once."""

from __future__ import annotations

import functools
import hashlib
import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

# The mark of one person's whole record as `stagepath export --person` writes it (`import` reads it back).
PERSON_EXPORT = "stagepath_person"
# The longest name a person or a team may have: the model, storage, the access file and the app agree.
NAME_LENGTH = 120

# Default-ignorable code points that are not of category Cf (those are refused by category): they draw
# nothing, so a name could differ from another by them alone.
_INVISIBLE_EXTRA = frozenset(
    [
        *(0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFFA0, 0x2800),
        *range(0x180B, 0x1810),
        *range(0xFE00, 0xFE10),
        *range(0xE0100, 0xE01F0),
        *range(0x1D173, 0x1D17B),
    ]
)
_WHITE = frozenset(" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85")


class NameRefused(ValueError):
    """A name that cannot be a person's or a team's: the message says why in one line."""


def _refused_character(text: str) -> str | None:
    """The first character a name may not hold, described (U+XXXX and its Unicode name), or None."""
    for char in text:
        if char in _WHITE:
            continue
        category = unicodedata.category(char)
        if category in ("Cf", "Cc", "Cs", "Co", "Cn") or ord(char) in _INVISIBLE_EXTRA:
            kind = (
                "a bidirectional control character"
                if unicodedata.bidirectional(char)
                in ("LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI")
                or char in "\u200e\u200f\u061c"
                else "an invisible or control character"
            )
            return f"{kind} (U+{ord(char):04X} {unicodedata.name(char, 'unnamed')})"
    return None


def normal_name(text: str, what: str = "name") -> str:
    """The name as it is stored and shown: NFC, trimmed, inner white space one space. Raises NameRefused
    for a blank name, one too long, or one with an invisible, bidirectional or other control character."""
    bad = _refused_character(text)
    if bad is not None:
        raise NameRefused(f"the {what} {text!r} holds {bad}; type it without")
    name = " ".join(unicodedata.normalize("NFC", text).split())
    if not name:
        raise NameRefused(f"the {what} is blank; expected a {what} of 1 to {NAME_LENGTH} characters")
    if len(name) > NAME_LENGTH:
        raise NameRefused(f"the {what} is longer than {NAME_LENGTH} characters")
    return name


def person_name(text: str) -> str:
    """A person's name, normalised (see `normal_name`)."""
    return normal_name(text, "name")


def team_name(text: str) -> str:
    """A team's name, normalised (see `normal_name`)."""
    return normal_name(text, "team name")


def key(name: str) -> str:
    """The identity of a name: two names with equal keys are one person (or one team). The name is
    normalised leniently here (a name stored before these rules keeps a key)."""
    return " ".join(unicodedata.normalize("NFC", name).split()).casefold()


@functools.cache
def _prototypes() -> dict[str, str]:
    """Each confusable character's prototype (a string of one or more characters), from Unicode's
    confusables data as confusable-homoglyphs ships it. That file lists, for each character, the others it
    is confusable with, both ways; the prototype of a class is the member the others all point to."""
    raw = resources.files("confusable_homoglyphs").joinpath("confusables.json").read_text("utf-8")
    data: dict[str, list[dict[str, str]]] = json.loads(raw)

    def clean(text: str) -> str:
        return text.replace("\u200e", "")

    # Classes: every listed pair joined (union-find). A class's prototype: the member with the most
    # confusables listed (the prototype lists its whole class), ties broken by the longer, then the smaller.
    parent: dict[str, str] = {}

    def root(item: str) -> str:
        parent.setdefault(item, item)
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    listed: dict[str, int] = {}
    for source, entries in data.items():
        source = clean(source)
        listed[source] = max(listed.get(source, 0), len(entries))
        for entry in entries:
            target = clean(entry["c"])
            parent[root(source)] = root(target)
    members: dict[str, list[str]] = {}
    for item in list(parent):
        members.setdefault(root(item), []).append(item)
    prototypes: dict[str, str] = {}
    for group in members.values():
        prototype = min(group, key=lambda m: (-listed.get(m, 0), -len(m), m))
        for member in group:
            if len(member) == 1 and member != prototype:
                prototypes[member] = prototype
    return prototypes


def _skeleton(text: str) -> str:
    prototypes = _prototypes()
    mapped = "".join(prototypes.get(c, c) for c in unicodedata.normalize("NFD", text))
    return unicodedata.normalize("NFD", mapped)


def skeleton(name: str) -> str:
    """The confusable skeleton of a name: names with equal skeletons look alike. Mapped as written first
    (`Il` looks like `ll`, which folding for case first would hide), then folded for case and mapped again
    (`ада` looks like `Ada`)."""
    written = " ".join(unicodedata.normalize("NFC", name).split())
    return _skeleton(_skeleton(written).casefold()).casefold()


def confusable(name: str, other: str) -> bool:
    """Whether two names look alike without being the same identity."""
    return key(name) != key(other) and skeleton(name) == skeleton(other)


def confusion(what: str, name: str, stored: str) -> str:
    """The one line that refuses a new name because it looks like a stored one."""
    return (
        f"the {what} {name!r} looks like the stored {what} {stored!r} (confusable characters) but is not "
        f"the same; use {stored!r} or a name that cannot be mistaken for it"
    )


# How a person who shares their name with another stored person is shown: the name, then their key in
# brackets (`Ada Lovelace (ada@example.com)`), so that each is told apart, and the label itself finds them.
LABEL_OPEN, LABEL_CLOSE = " (", ")"
# A name shown with its key: the key an e-mail, the name's own key (a person the access file does not name,
# who shares a name with one it does), or a name's key with the `#ID` a person stored before identities got
# when their name's key was another's already (revision 0003).
_LABEL = re.compile(r"^(?P<name>.+) \((?P<key>[^()]+)\)$")


def labelled(name: str, person_key: str) -> str:
    """A person's name with their key: how storage shows each of the people who share a name."""
    return f"{name}{LABEL_OPEN}{person_key}{LABEL_CLOSE}"


def label_key(name: str) -> str | None:
    """The key in a name shown by `labelled`, when it is one (an e-mail, a `#ID` key, or the name's own key:
    `Bob (the builder)` is a name); else None."""
    found = _LABEL.match(" ".join(name.split()))
    if found is None:
        return None
    shown = key(found["key"])
    return shown if "@" in shown or "#" in shown or shown == key(found["name"]) else None


@dataclass(frozen=True, init=False)
class Directory:
    """Whom a shared deployment's access file names (`members`: each e-mail and their person's name), for
    the person keys. Empty in single-user mode and when the file names nobody: everyone is keyed by name.
    Two directories are equal when they name the same people the same way (`digest`, the one field, so
    that a viewer carrying one is cheap to compare and to use in a cache key)."""

    digest: str
    if TYPE_CHECKING:  # set once by __init__; not fields, so neither compared nor hashed
        _names: dict[str, str]
        _emails: dict[str, tuple[str, ...]]

    def __init__(self, members: Mapping[str, str] | None = None) -> None:
        members = members or {}
        names = {key(email): name for email, name in members.items()}
        by_name: dict[str, list[str]] = {}
        for email, name in members.items():
            by_name.setdefault(key(name), []).append(key(email))
        digest = hashlib.sha256()
        for email, name in sorted(names.items()):
            digest.update(f"{email}\0{name}\0".encode("utf-8", "surrogatepass"))
        object.__setattr__(self, "_names", names)
        object.__setattr__(self, "_emails", {k: tuple(sorted(v)) for k, v in by_name.items()})
        object.__setattr__(self, "digest", digest.hexdigest())

    def names(self, email: str) -> bool:
        """Whether the file names a person for this e-mail."""
        return key(email) in self._names

    def person_key(self, name: str) -> str:
        """The stable key of the person a name (or an e-mail the file names, or a name shown with its key,
        `labelled`) denotes: that e-mail's key when the file names the person, else the name's key. Raises
        NameRefused for a name the file gives to several e-mails, naming them."""
        k = key(name)
        if k in self._names:
            return k
        shown = label_key(name)
        if shown is not None:
            return shown
        emails = self._emails.get(k, ())
        if len(emails) > 1:
            raise NameRefused(
                f"the name {name!r} is given to {len(emails)} people in the access file ({', '.join(emails)}); "
                "give the e-mail of the one meant instead of the name"
            )
        return emails[0] if emails else k

    def shared_names(self) -> list[str]:
        """The names the file gives to several people (each of whom is then found by e-mail, not by name)."""
        return sorted(
            {self._names[emails[0]] for emails in self._emails.values() if len(emails) > 1}, key=str.casefold
        )

    def named(self, person_key: str) -> str | None:
        """The name the file gives the person of this key, if it names them."""
        return self._names.get(person_key)

    def former(self, person_key: str) -> str | None:
        """The key a person the file names was stored under before (their name's), when that name is theirs
        alone in the file; None for anyone else."""
        name = self._names.get(person_key)
        if name is None or len(self._emails.get(key(name), ())) != 1 or key(name) == person_key:
            return None
        return key(name)
