"""Confirmation files: requests that a named colleague confirm one person's skill at a level, and their
answers, as YAML or JSON, checked against a framework.

    stagepath: 1
    confirmations:
      - person: Ada Lovelace
        skill: read-code
        level: 3
        asked_of: grace@example.org
        evidence: Reviewed the parser rewrite with me
        asked_at: 2025-03-01
        answer: confirmed        # or a level (the one the colleague saw), or declined; absent while pending
        answered_at: 2025-03-04

What a confirmation means for a rating is a rule of planner.person.trust; this module only reads them."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StringConstraints,
    ValidationError,
)
from pydantic_core import ErrorDetails

from planner.common.documents import MAX_BYTES, Document, expect_mapping, parse, schema_problem, shown
from planner.common.problems import InputError, Problem, field_path
from planner.formats.assessment import NAME_LENGTH, nearest, one_line, plain_text
from planner.framework import Framework
from planner.framework.base import Id

FIELDS = "stagepath, confirmations"
CONFIRMATION_FIELDS = "id, person, skill, level, asked_of, evidence, asked_at, answer, answered_at"
MAX_CONFIRMATIONS = 5000

Name = Annotated[str, StringConstraints(min_length=1, max_length=NAME_LENGTH), AfterValidator(one_line)]
# The colleague's answer: they confirm the level asked, give the level they saw instead, or decline.
Answer = Literal["confirmed", "declined"] | StrictInt


class Confirmation(BaseModel):
    """One request to confirm a skill at a level, and its answer (None while it is pending)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Annotated[str, StringConstraints(min_length=1, max_length=64)] | StrictInt | None = None
    person: Name
    skill: Id
    level: StrictInt
    asked_of: Name
    evidence: Annotated[str, StringConstraints(max_length=2000), AfterValidator(plain_text)] = ""
    asked_at: dt.date
    answer: Answer | None = None
    answered_at: dt.date | None = None


class Confirmations(BaseModel):
    """A file of confirmations, for one person or for many."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    stagepath: Literal[1] = 1
    confirmations: Annotated[tuple[Confirmation, ...], Field(max_length=MAX_CONFIRMATIONS)] = ()


def same_person(a: str, b: str) -> bool:
    """Whether two names (or e-mails) name the same person: compared in Unicode NFC, on one line, ignoring
    case."""
    return person_key(a) == person_key(b)


def person_key(name: str) -> str:
    """A name (or e-mail) as confirmations are matched to people: NFC, on one line, case ignored."""
    return one_line(unicodedata.normalize("NFC", name)).casefold()


def check_confirmations(
    framework: Framework,
    confirmations: Confirmations,
    doc: Document | None = None,
    today: dt.date | None = None,
) -> list[Problem]:
    """Every way the confirmations do not fit the framework or each other: unknown skills, levels off the
    scale, an answer without its date (or a date without an answer), an answer before its question or
    after `today`, and a person asked to confirm themselves."""
    source = doc.source if doc else "confirmations"
    levels = framework.levels
    scale = f"a whole number from {min(levels)} to {max(levels)}"
    problems: list[Problem] = []

    def problem(i: int, name: str, message: str) -> None:
        loc = ("confirmations", i, name)
        problems.append(Problem(source, message, field_path(loc), doc.line_of(loc) if doc else None))

    for i, c in enumerate(confirmations.confirmations):
        if c.skill not in framework.skill_names:
            problem(
                i, "skill", f"unknown skill id {c.skill!r}{nearest(c.skill, list(framework.skill_names))}"
            )
        if c.level not in levels:
            problem(i, "level", f"level {shown(c.level)} is off the scale; expected {scale}")
        if isinstance(c.answer, int) and c.answer not in levels:
            problem(
                i,
                "answer",
                f"level {shown(c.answer)} is off the scale; expected confirmed, declined or {scale}",
            )
        if same_person(c.person, c.asked_of):
            problem(i, "asked_of", "names the person themself; a confirmation comes from a colleague")
        if c.answer is not None and c.answered_at is None:
            problem(i, "answered_at", "is missing; an answered confirmation says when it was answered")
        if c.answer is None and c.answered_at is not None:
            problem(
                i, "answer", "is missing; answered_at is given, so expected confirmed, declined or a level"
            )
        if c.answered_at is not None and c.answered_at < c.asked_at:
            problem(
                i,
                "answered_at",
                f"{c.answered_at.isoformat()} is before asked_at {c.asked_at.isoformat()}; expected on or after it",
            )
        for name, when in (("asked_at", c.asked_at), ("answered_at", c.answered_at)):
            if today is not None and when is not None and when > today:
                problem(
                    i, name, f"{when.isoformat()} is after today ({today.isoformat()}); expected a past date"
                )
    return problems


def _schema_problem(doc: Document, error: ErrorDetails) -> Problem:
    loc = tuple(error["loc"])
    if len(loc) > 3 and loc[0] == "confirmations" and loc[2] == "answer":
        # An answer that is neither a word nor a number fails each kind; it is one problem.
        at = loc[:3]
        return Problem(
            doc.source,
            f"{shown(error.get('input'))} is not an answer; expected confirmed, declined or a level "
            "(a whole number)",
            field_path(at),
            doc.line_of(at),
        )
    # A field of one confirmation is named with the fields of a confirmation, the file's with the file's.
    return schema_problem(
        doc, error, CONFIRMATION_FIELDS if loc[:1] == ("confirmations",) and len(loc) > 2 else FIELDS
    )


def parse_confirmations(doc: Document, framework: Framework, today: dt.date | None = None) -> Confirmations:
    """Validate a parsed document as confirmations for this framework; raise InputError with every problem."""
    data = expect_mapping(doc)
    try:
        confirmations = Confirmations.model_validate(data)
    except ValidationError as exc:
        problems = [_schema_problem(doc, e) for e in exc.errors(include_url=False)]
        # An answer that is neither word nor number fails each of its kinds: say so once.
        problems = list(dict.fromkeys(problems))
        raise InputError(problems) from None
    problems = check_confirmations(framework, confirmations, doc, today)
    if problems:
        raise InputError(problems)
    return confirmations


def load_confirmations(
    source: str, raw: bytes, framework: Framework, today: dt.date | None = None, max_bytes: int = MAX_BYTES
) -> Confirmations:
    """Load confirmations from YAML or JSON bytes; `source` names the file in messages."""
    return parse_confirmations(parse(source, raw, max_bytes), framework, today)
