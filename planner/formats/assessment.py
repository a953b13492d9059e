"""Assessment files: one person's ratings on one track, as YAML or JSON, checked against a framework."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictInt,
    StringConstraints,
    ValidationError,
    ValidationInfo,
)
from pydantic_core import PydanticCustomError

from planner.common.dates import calendar_date, out_of_range
from planner.common.documents import (
    DATE_ERROR,
    MAX_BYTES,
    Document,
    expect_mapping,
    parse,
    schema_problem,
    shown,
)
from planner.common.problems import InputError, Problem, field_path
from planner.formats.identity import NAME_LENGTH as NAME_LENGTH  # where the other modules look for it
from planner.formats.identity import person_name, team_name
from planner.framework import Framework
from planner.framework.base import Id

FORMAT_VERSION = 1
# `agreed`: one level per skill that the person and a manager accepted together in a check-in.
Rater = Literal["self", "manager", "peer", "agreed"]
FIELDS = "stagepath, name, team, track, target, rater, agreed_by, assessed_on, ratings, evidence"


_LINE_BREAKS = re.compile("[\r\x85\u2028\u2029]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain_text(text: str) -> str:
    """Text with one kind of line break and no control characters, so it saves and loads unchanged."""
    return _CONTROL.sub(" ", _LINE_BREAKS.sub("\n", text.replace("\r\n", "\n")))


def one_line(text: str) -> str:
    """A name: plain text on one line, its runs of white space made single spaces."""
    return " ".join(plain_text(text).split())


def _calendar_date(value: Any) -> dt.date:
    try:
        return calendar_date(value)
    except ValueError as exc:
        raise PydanticCustomError(DATE_ERROR, str(exc)) from None


# A date as a file writes it (see planner.common.dates): a real day, YYYY-MM-DD, its value named when not.
CalendarDate = Annotated[dt.date, BeforeValidator(_calendar_date)]


def date_problems(
    doc: Document, day: dt.date | None, loc: tuple[str, ...] = ("assessed_on",)
) -> list[Problem]:
    """The problem with a date read from a document: before the earliest date or after today."""
    why = out_of_range(day) if day is not None else None
    return [Problem(doc.source, why, field_path(loc), doc.line_of(loc))] if why else []


def _agreed_by_only_when_agreed(names: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
    rater = info.data.get("rater")
    if rater is not None and rater != "agreed":
        raise ValueError(f"names who agreed, but the rater is {rater!r}; expected rater: agreed")
    if any(not name for name in names):
        raise ValueError("a name is empty; expected the names or e-mails of the people who agreed")
    return names


class Assessment(BaseModel):
    """What a person downloads, uploads and keeps. A skill left out of `ratings` is unrated (counts as 0)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    stagepath: Literal[1] = 1
    # Names as planner.formats.identity normalises them (a blank one, or one with an invisible or
    # bidirectional control character, is refused).
    name: Annotated[str, StringConstraints(max_length=NAME_LENGTH), AfterValidator(person_name)] | None = None
    team: Annotated[str, StringConstraints(max_length=NAME_LENGTH), AfterValidator(team_name)] | None = None
    track: Id
    target: StrictInt | None = None
    rater: Rater = "self"
    # Who agreed an `agreed` assessment (names or e-mails); only an agreed assessment names them.
    agreed_by: (
        Annotated[
            tuple[Annotated[str, StringConstraints(max_length=NAME_LENGTH), AfterValidator(one_line)], ...],
            Field(max_length=20),
            AfterValidator(_agreed_by_only_when_agreed),
        ]
        | None
    ) = None
    assessed_on: CalendarDate | None = None
    ratings: Annotated[dict[Id, StrictInt], Field(max_length=500)] = {}
    evidence: Annotated[
        dict[Id, Annotated[str, StringConstraints(max_length=2000), AfterValidator(plain_text)]],
        Field(max_length=500),
    ] = {}

    def rating(self, skill_id: str) -> int:
        return self.ratings.get(skill_id, 0)


def nearest(name: str, known: list[str] | tuple[str, ...] | frozenset[str]) -> str:
    """' (did you mean X?)' for the closest known name, or '' when nothing is close."""
    match = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f" (did you mean {match[0]!r}?)" if match else ""


def check_against(framework: Framework, assessment: Assessment, doc: Document | None = None) -> list[Problem]:
    """Every way the assessment does not fit the framework: unknown track, skill ids, levels, target."""
    source = doc.source if doc else "assessment"

    def problem(loc: tuple[str | int, ...], message: str) -> Problem:
        return Problem(source, message, field_path(loc), doc.line_of(loc) if doc else None)

    track = framework.track(assessment.track)
    if track is None:
        ids = [t.id for t in framework.tracks]
        return [
            problem(
                ("track",),
                f"unknown track {assessment.track!r}{nearest(assessment.track, ids)}; "
                f"expected one of {', '.join(ids)}",
            )
        ]
    problems: list[Problem] = []
    allowed = framework.track_skill_ids(track.id)
    levels = framework.levels
    for field_name, values in (("ratings", assessment.ratings), ("evidence", assessment.evidence)):
        for skill_id in values:
            if skill_id not in allowed:
                elsewhere = " (it belongs to another track)" if skill_id in framework.skill_ids else ""
                problems.append(
                    problem(
                        (field_name, skill_id),
                        f"unknown skill id {skill_id!r} for track {track.id!r}{elsewhere or nearest(skill_id, allowed)}",
                    )
                )
    for skill_id, value in assessment.ratings.items():
        if value not in levels:
            problems.append(
                problem(
                    ("ratings", skill_id),
                    f"rating {shown(value)} is off the scale; expected a whole number from {min(levels)} to {max(levels)}",
                )
            )
    if assessment.target is not None and framework.stage(assessment.target) is None:
        numbers = [s.number for s in framework.curve.stages]
        problems.append(
            problem(
                ("target",),
                f"stage {assessment.target} is not on the curve; expected {min(numbers)} to {max(numbers)}",
            )
        )
    return problems


def parse_assessment(doc: Document, framework: Framework) -> Assessment:
    """Validate a parsed document as an assessment of this framework; raise InputError with every problem."""
    data = expect_mapping(doc)
    try:
        assessment = Assessment.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        raise InputError(
            Problem(
                doc.source,
                f"format version {shown(e.get('input'))} is not supported; expected {FORMAT_VERSION}",
                "stagepath",
                doc.line_of(("stagepath",)),
            )
            if tuple(e["loc"]) == ("stagepath",)
            else schema_problem(doc, e, FIELDS)
            for e in errors
        ) from None
    problems = date_problems(doc, assessment.assessed_on) + check_against(framework, assessment, doc)
    if problems:
        raise InputError(problems)
    return assessment


def load_assessment(source: str, raw: bytes, framework: Framework, max_bytes: int = MAX_BYTES) -> Assessment:
    """Load an assessment from YAML or JSON bytes; `source` names it in messages."""
    return parse_assessment(parse(source, raw, max_bytes), framework)


def assessment_document(assessment: Assessment) -> dict[str, Any]:
    """The assessment as a plain document in the file format, empty optional fields left out."""
    return assessment.model_dump(mode="json", exclude_none=True, exclude_defaults=False)


def dump_assessment(assessment: Assessment, fmt: Literal["yaml", "json"] = "yaml") -> str:
    """The assessment as YAML or JSON text; loading it again gives an equal assessment."""
    document = assessment_document(assessment)
    if not document.get("evidence"):
        document.pop("evidence", None)
    if fmt == "json":
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True)
