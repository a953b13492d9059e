"""Groundwork records: which of the framework's stage capabilities a team has in place, as YAML or JSON.

    stagepath: 1
    kind: groundwork
    team: Platform
    assessed_on: 2026-11-20                 # optional
    capabilities:
      workflow-protection-gates: true       # a bare true/false stands for {in_place: ...}
      workflow-output-scoring: {in_place: false, evidence: "scores kept by hand", suggested: true}

A capability left out is not in place. A scan of the team's repositories writes `suggested: true` with the
file or commit it matched as evidence and `in_place: false`: a person confirms what is in place. The rules
that read a record (the team's operating stage) are in planner.operating.

A scan's record also says, per commit author, what the history suggests for skills:

    people:
      - author: ada@example.com             # the commit author's e-mail, in lower case
        signals:
          - {skill: assisted-coding, evidence: "payments: commit 1a2b3c4d5e6f (Co-authored-by: Claude <...>)"}

These are suggestions for each person to accept or drop (planner.service.evidence), never ratings. They
are read with the record and written by the scan, but they are not the team's groundwork: the document
stored or downloaded as the team's record (`groundwork_document`) leaves them out."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    ValidationError,
    field_validator,
)

from planner.common.documents import MAX_BYTES, Document, expect_mapping, parse, schema_problem, shown
from planner.common.problems import InputError, Problem, field_path
from planner.formats.assessment import CalendarDate, date_problems, nearest, one_line, plain_text
from planner.formats.identity import NAME_LENGTH, team_name
from planner.framework import Framework
from planner.framework.base import Id

FORMAT_VERSION = 1
KIND = "groundwork"
FIELDS = "stagepath, kind, team, assessed_on, target, capabilities, people"
ENTRY_FIELDS = "in_place, evidence, suggested"
AUTHOR_LENGTH = 254  # the longest e-mail address
PERSON_FIELDS = "author, signals"
SIGNAL_FIELDS = "skill, evidence"
Evidence = Annotated[str, StringConstraints(max_length=2000), AfterValidator(plain_text)]


class CapabilityState(BaseModel):
    """One capability in a record: in place or not, the evidence for it, and whether a scan suggested it
    (a suggestion is never in place until a person says so)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    in_place: StrictBool
    evidence: Evidence = ""
    suggested: StrictBool = False


def _author(text: str) -> str:
    author = one_line(text)
    if not author:
        raise ValueError("expected the e-mail of a commit's author")
    return author


class SkillSignal(BaseModel):
    """One skill a scan's signals bear on for one person, with the commits and paths that matched."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    skill: Id
    evidence: Annotated[Evidence, StringConstraints(min_length=1)]


class PersonSignals(BaseModel):
    """What a scan found for one commit author (by e-mail): the skills its signals bear on."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    author: Annotated[str, StringConstraints(max_length=AUTHOR_LENGTH), AfterValidator(_author)]
    signals: Annotated[tuple[SkillSignal, ...], Field(max_length=200)]


class GroundworkRecord(BaseModel):
    """What a team has in place, on one day. A capability left out is not in place."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    stagepath: Literal[1] = 1
    kind: Literal["groundwork"] = "groundwork"
    team: Annotated[str, StringConstraints(max_length=NAME_LENGTH), AfterValidator(team_name)]
    assessed_on: CalendarDate | None = None
    # The stage the team aims at, as its manager last saved it (a stage on the curve; none when not chosen).
    target: StrictInt | None = None
    capabilities: Annotated[dict[Id, CapabilityState], Field(max_length=500)] = {}
    # A scan's suggestions for people's skills (see the module's notes): read and written by the scan,
    # never part of the team's stored record.
    people: Annotated[tuple[PersonSignals, ...], Field(max_length=10_000)] = ()

    @field_validator("capabilities", mode="before")
    @classmethod
    def _bare(cls, value: Any) -> Any:
        """A bare true/false stands for {in_place: true/false}."""
        if isinstance(value, dict):
            return {k: {"in_place": v} if isinstance(v, bool) else v for k, v in value.items()}
        return value

    def in_place(self, capability_id: str) -> bool:
        state = self.capabilities.get(capability_id)
        return state is not None and state.in_place


def _problem(doc: Document, error: Any) -> Problem:
    loc = tuple(error["loc"])
    if loc == ("stagepath",):
        message = f"format version {shown(error.get('input'))} is not supported; expected {FORMAT_VERSION}"
        return Problem(doc.source, message, "stagepath", doc.line_of(loc))
    if loc == ("kind",):
        message = f"{shown(error.get('input'))} is not a groundwork record; expected kind: {KIND}"
        return Problem(doc.source, message, "kind", doc.line_of(loc))
    if len(loc) == 2 and loc[0] == "capabilities" and error["type"] == "model_type":
        message = f"{shown(error.get('input'))} is not true or false; expected in_place: true or false"
        return Problem(doc.source, message, field_path(loc), doc.line_of(loc))
    if loc[0] == "people":
        return schema_problem(doc, error, SIGNAL_FIELDS if len(loc) > 3 else PERSON_FIELDS)
    return schema_problem(doc, error, ENTRY_FIELDS if len(loc) > 2 else FIELDS)


def check_record(
    framework: Framework, record: GroundworkRecord, doc: Document | None = None
) -> list[Problem]:
    """Every capability id the framework does not know, each with the nearest known one."""
    known = list(framework.capabilities)
    source = doc.source if doc else "groundwork"
    problems = []
    if record.target is not None and framework.stage(record.target) is None:
        loc: tuple[str, ...] = ("target",)
        message = f"stage {record.target} is not on the curve; {framework.stage_range}"
        problems.append(Problem(source, message, field_path(loc), doc.line_of(loc) if doc else None))
    for capability_id in record.capabilities:
        if capability_id in framework.capabilities:
            continue
        if not known:
            hint = "; this framework lists no capabilities"
        elif capability_id in framework.skill_ids:
            hint = " (it is a skill, rated in an assessment, not a capability)"
        else:
            hint = nearest(capability_id, known)
        loc = ("capabilities", capability_id)
        message = f"unknown capability id {capability_id!r}{hint}"
        problems.append(Problem(source, message, field_path(loc), doc.line_of(loc) if doc else None))
    return problems + _people_problems(framework, record, doc)


def _people_problems(framework: Framework, record: GroundworkRecord, doc: Document | None) -> list[Problem]:
    """An author listed twice, and every skill id of `people` the framework does not know."""
    source = doc.source if doc else "groundwork"
    problems = []

    def add(loc: tuple[str | int, ...], message: str) -> None:
        problems.append(Problem(source, message, field_path(loc), doc.line_of(loc) if doc else None))

    skills = list(framework.skill_names)
    first: dict[str, int] = {}
    for i, person in enumerate(record.people):
        author = person.author.casefold()
        if author in first:
            add(
                ("people", i, "author"),
                f"{person.author!r} is listed twice (first at people[{first[author]}])",
            )
        first.setdefault(author, i)
        for j, signal in enumerate(person.signals):
            if signal.skill not in framework.skill_names:
                hint = (
                    " (it is a capability, the team's groundwork, not a person's skill)"
                    if signal.skill in framework.capabilities
                    else nearest(signal.skill, skills)
                )
                add(("people", i, "signals", j, "skill"), f"unknown skill id {signal.skill!r}{hint}")
    return problems


def known_only(framework: Framework, record: GroundworkRecord) -> GroundworkRecord:
    """The record without the capability ids this framework does not know (a stored record may have been
    checked against another framework), nor its people's signals for skills it does not know."""
    known = {k: v for k, v in record.capabilities.items() if k in framework.capabilities}
    people = []
    for person in record.people:
        signals = tuple(s for s in person.signals if s.skill in framework.skill_names)
        if signals:
            people.append(person.model_copy(update={"signals": signals}))
    return record.model_copy(update={"capabilities": known, "people": tuple(people)})


def parse_groundwork(doc: Document, framework: Framework) -> GroundworkRecord:
    """Validate a parsed document as a groundwork record for this framework; raise InputError with every
    problem, each naming the file, line and field."""
    data = expect_mapping(doc)
    try:
        record = GroundworkRecord.model_validate(data)
    except ValidationError as exc:
        raise InputError(_problem(doc, e) for e in exc.errors(include_url=False)) from None
    problems = date_problems(doc, record.assessed_on) + check_record(framework, record, doc)
    if problems:
        raise InputError(problems)
    return record


def load_groundwork(
    source: str, raw: bytes, framework: Framework, max_bytes: int = MAX_BYTES
) -> GroundworkRecord:
    """Load a groundwork record from YAML or JSON bytes; `source` names it in messages."""
    return parse_groundwork(parse(source, raw, max_bytes), framework)


def by_team(
    named: Iterable[tuple[str, GroundworkRecord]],
) -> tuple[dict[str, GroundworkRecord], list[Problem]]:
    """Records by the team each names, from (source, record) pairs in order; a second record of a team is
    left out and named as a problem of its source, since either record could be the one meant."""
    records: dict[str, GroundworkRecord] = {}
    sources: dict[str, str] = {}
    seconds: list[Problem] = []
    for source, record in named:
        if record.team in records:
            message = (
                f"a second groundwork record of team {record.team!r} (the first is {sources[record.team]})"
            )
            seconds.append(Problem(source, message))
            continue
        records[record.team], sources[record.team] = record, source
    return records, seconds


def groundwork_document(record: GroundworkRecord, people: bool = False) -> dict[str, Any]:
    """The record as a plain document in the file format: empty evidence and false suggestions left out.
    The team's record, as stored and downloaded, leaves out what a scan suggested for people; `people`
    keeps it (the scan's own output), where there is any."""
    document: dict[str, Any] = {"stagepath": record.stagepath, "kind": record.kind, "team": record.team}
    if record.assessed_on is not None:
        document["assessed_on"] = record.assessed_on.isoformat()
    if record.target is not None:
        document["target"] = record.target
    document["capabilities"] = {
        cid: state.model_dump(exclude_defaults=True) | {"in_place": state.in_place}
        for cid, state in record.capabilities.items()
    }
    if people and record.people:
        document["people"] = [person.model_dump(mode="json") for person in record.people]
    return document


def dump_groundwork(
    record: GroundworkRecord, fmt: Literal["yaml", "json"] = "yaml", people: bool = False
) -> str:
    """The record as YAML or JSON text; loading it again gives an equal record (with `people`, the people's
    signals too; without, the team's record alone)."""
    document = groundwork_document(record, people)
    if fmt == "json":
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True)
