"""Who may see and change what in a shared deployment.

A shared deployment names its roles in one YAML file (its path in STAGEPATH_ACCESS), read like every other
input: a byte cap, the safe loader without aliases, a strict schema, and problems that name the file, the
line, the field and what was expected.

    administrators: [head-of-engineering@example.com]
    managers:
      maria@example.com: [platform, payments]
    members:                                   # optional
      ada@example.com: Ada Lovelace
    allowed_domains: [example.com]             # optional

The signed-in e-mail becomes a Viewer. Everyone signed in is a member: they see and store their own
assessments, those of the stored person `members` names for their e-mail, else of the person stored under
the e-mail itself. A manager also sees the people of the teams assigned to them, with what was stored under
those teams, and nothing else of them: not another team's assessments of the same person, nor what a person
stored for themselves; they store assessments only into those teams. An administrator manages every team and the
framework and sees everything. The rules are applied to the database in one place,
`planner.storage.visibility`; this module only says who the viewer is. Nothing here does I/O but `load_access`."""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from planner.common.documents import Document, expect_mapping, parse_yaml, schema_problem, shown
from planner.common.problems import InputError, Problem, field_path
from planner.formats.identity import NAME_LENGTH, Directory, NameRefused, person_name, team_name
from planner.formats.identity import key as identity_key

ENV_ACCESS = "STAGEPATH_ACCESS"
MAX_ACCESS_BYTES = 256 * 1024
FIELDS = "administrators, managers, members, allowed_domains"

MEMBER, MANAGER, ADMINISTRATOR = "member", "manager", "administrator"
# The directory of single-user mode and of an access file without `members`: everyone is keyed by name.
NOBODY_NAMED = Directory()


class AccessDenied(Exception):
    """A viewer asked to read or write what is not theirs. The message says what and why."""


def normal_email(email: str) -> str:
    """An e-mail as it is compared: trimmed, lower case (identity providers differ in case)."""
    return email.strip().lower()


Email = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$"),
    AfterValidator(normal_email),
]
Domain = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=253, pattern=r"^[^@\s]+\.[^@\s]+$"),
    AfterValidator(normal_email),
]
# Names as planner.formats.identity normalises them, as every other reader does.
Name = Annotated[str, StringConstraints(max_length=NAME_LENGTH), AfterValidator(person_name)]
TeamName = Annotated[str, StringConstraints(max_length=NAME_LENGTH), AfterValidator(team_name)]


class AccessConfig(BaseModel):
    """A deployment's roles: administrators, the teams each manager manages, and whose person is whose."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    administrators: tuple[Email, ...] = ()
    managers: Annotated[dict[Email, tuple[TeamName, ...]], Field(max_length=10_000)] = {}
    members: Annotated[dict[Email, Name], Field(max_length=100_000)] = {}
    allowed_domains: tuple[Domain, ...] = ()

    def admits(self, email: str) -> bool:
        """Whether the e-mail may use the deployment at all: any e-mail when no domains are listed."""
        email = normal_email(email)
        return not self.allowed_domains or email.rpartition("@")[2] in self.allowed_domains

    def viewer(self, email: str) -> Viewer:
        """The viewer for a signed-in e-mail. Raises AccessDenied for an e-mail outside the allowed domains."""
        email = normal_email(email)
        if not self.admits(email):
            raise AccessDenied(f"{email} is not in a domain this deployment admits")
        return Viewer(
            email=email,
            person=self.members.get(email, email),
            teams=frozenset(self.managers.get(email, ())),
            administrator=email in self.administrators,
            directory=self.directory(),
        )

    def directory(self) -> Directory:
        """Whom `members` names, for the person keys (planner.formats.identity.Directory)."""
        return _directory(tuple(sorted(self.members.items())))


@functools.lru_cache(maxsize=4)
def _directory(members: tuple[tuple[str, str], ...]) -> Directory:
    return Directory(dict(members))


@dataclass(frozen=True)
class Viewer:
    """The signed-in person: their e-mail, the stored person that is theirs, the teams they manage, and
    whether they administer, and whom the access file names (their person's key and anyone's comes from it,
    see planner.formats.identity). `None` in place of a Viewer means single-user mode, where everything
    shows."""

    email: str
    person: str
    teams: frozenset[str] = frozenset()
    administrator: bool = False
    directory: Directory = NOBODY_NAMED

    @property
    def key(self) -> str:
        """Their person's stable key: their e-mail where the access file names them, else their name's."""
        return identity_key(self.email) if self.directory.names(self.email) else identity_key(self.person)

    @property
    def roles(self) -> tuple[str, ...]:
        """Their roles, in the order of what they add: member, manager, administrator."""
        return (
            MEMBER,
            *((MANAGER,) if self.teams else ()),
            *((ADMINISTRATOR,) if self.administrator else ()),
        )

    @property
    def manages_any(self) -> bool:
        """Whether the Team and Hiring pages are for them."""
        return self.administrator or bool(self.teams)

    def manages(self, team: str) -> bool:
        """Whether they may see the team and store assessments into it (team names compared as identities,
        see planner.formats.identity)."""
        return self.administrator or identity_key(team) in {identity_key(t) for t in self.teams}

    def person_key(self, name: str) -> str:
        """The key of the person a name denotes when this viewer gives it: their own name is them, any other
        as planner.formats.identity.Directory.person_key says (raising NameRefused as it does)."""
        if identity_key(name) == identity_key(self.person):
            return self.key
        return self.directory.person_key(name)

    def owns(self, name: str) -> bool:
        """Whether the person a name (or an e-mail the access file names) denotes is their own."""
        try:
            return self.person_key(name) == self.key
        except NameRefused:  # a name the file gives to several people is none of them in particular
            return False


def _duplicates(doc: Document, data: Mapping[str, Any]) -> list[Problem]:
    """E-mails given twice in one list or map once case is ignored: the second would silently win."""
    problems = []
    for key in ("administrators", "managers", "members", "allowed_domains"):
        entries = data.get(key)
        keys = list(entries) if isinstance(entries, dict | list) else []
        seen: set[str] = set()
        for i, entry in enumerate(keys):
            if not isinstance(entry, str):
                continue
            if normal_email(entry) in seen:
                loc: tuple[str | int, ...] = (key, entry) if isinstance(entries, dict) else (key, i)
                problems.append(
                    Problem(
                        doc.source,
                        f"{entry!r} is given twice (e-mails and domains are compared ignoring case)",
                        field_path(loc),
                        doc.line_of(loc),
                    )
                )
            seen.add(normal_email(entry))
    return problems


def _problem(doc: Document, error: Any) -> Problem:
    """A schema error as a problem; an e-mail or a domain that is not one says what was expected."""
    if error["type"] != "string_pattern_mismatch":
        return schema_problem(doc, error, FIELDS)
    loc = tuple(part for part in error["loc"] if part != "[key]")
    kind = (
        "a domain, e.g. example.com"
        if loc[:1] == ("allowed_domains",)
        else "an e-mail address, e.g. ada@example.com"
    )
    return Problem(
        doc.source, f"{shown(error.get('input'))} is not {kind}", field_path(loc), doc.line_of(loc)
    )


def parse_access(source: str, raw: bytes) -> AccessConfig:
    """The access configuration in `raw`; raises InputError naming the file, line and field of each problem."""
    doc = parse_yaml(source, raw, MAX_ACCESS_BYTES)
    data = {} if doc.data is None else expect_mapping(doc)
    try:
        config = AccessConfig.model_validate(data)
    except ValidationError as exc:
        raise InputError(_problem(doc, e) for e in exc.errors(include_url=False)) from None
    problems = _duplicates(doc, data)
    if problems:
        raise InputError(problems)
    return config


def load_access(path: Path | str) -> AccessConfig:
    """Read the access configuration file; a missing or unreadable file is an InputError naming it."""
    source = str(path)
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_ACCESS_BYTES + 1)
    except OSError as exc:
        raise InputError.single(source, f"cannot be read ({exc.strerror or exc})") from None
    return parse_access(source, raw)


def access_from_env(environ: Mapping[str, str] | None = None) -> AccessConfig:
    """The configuration named by STAGEPATH_ACCESS; with none named, nobody manages or administers and
    everyone signed in sees only their own assessments."""
    path = (os.environ if environ is None else environ).get(ENV_ACCESS, "").strip()
    return load_access(path) if path else AccessConfig()
