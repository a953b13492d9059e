"""A team's input files, read one way for the command line and the app: a file named `.csv` is a roster
(one row per assessment), any other one assessment (YAML or JSON), each behind its size cap. An assessment
without a name takes its file's name, as a person would call it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from planner.common.documents import MAX_BYTES, Document, parse
from planner.common.problems import InputError, Problem
from planner.formats.assessment import NAME_LENGTH, Assessment, load_assessment, parse_assessment
from planner.formats.identity import PERSON_EXPORT
from planner.formats.roster import MAX_ROSTER_BYTES, read_roster
from planner.formats.table import Team, team_from_assessments
from planner.framework import Framework

UNNAMED = "unnamed"


@dataclass(frozen=True, eq=False)
class TeamInput:
    """What one input gives: its team (None when the file is refused as a whole), the problems found and
    how many roster rows were left out for them."""

    team: Team | None
    problems: tuple[Problem, ...]
    rows_left_out: int = 0


def is_roster(name: str) -> bool:
    """A roster is a file whose name ends in .csv (in any case)."""
    return name.lower().endswith(".csv")


def input_cap(name: str) -> int:
    """The most bytes an input of this name may have."""
    return MAX_ROSTER_BYTES if is_roster(name) else MAX_BYTES


def named_after_file(assessment: Assessment, name: str) -> Assessment:
    """The assessment, named after its file (without folders and extension, cut to the longest name a
    person may have) when it has no name of its own; 'unnamed' when the file's name gives none."""
    if assessment.name:
        return assessment
    stem = PurePath(name).stem.strip()[:NAME_LENGTH].strip()
    return assessment.model_copy(update={"name": stem or UNNAMED})


def read_assessments(name: str, raw: bytes, framework: Framework) -> list[Assessment]:
    """Every assessment in one input, or InputError when any part of it is invalid (to store all or none)."""
    if is_roster(name):
        roster = read_roster(name, raw, framework, MAX_ROSTER_BYTES)
        if roster.problems:
            raise InputError(roster.problems)
        return roster.team.assessments()
    doc = parse(name, raw, MAX_BYTES)
    exported = exported_documents(doc)
    if exported is None:
        return [named_after_file(parse_assessment(doc, framework), name)]
    out: list[Assessment] = []
    problems: list[Problem] = []
    for part in exported:
        try:
            out.append(named_after_file(parse_assessment(part, framework), name))
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    if not out:
        raise InputError.single(name, "holds no assessments; expected at least one")
    return out


def exported_documents(doc: Document) -> list[Document] | None:
    """The assessments of what `stagepath export --format json` writes: a list of assessment documents, or
    one person's whole record (`export --person`: its snapshots that are not retracted); None for any other
    document. Each part is named by its place in the file (`people.json[2]`)."""
    if isinstance(doc.data, list):
        places: list[tuple[Any, ...]] = [(i,) for i in range(len(doc.data))]
    elif (
        isinstance(doc.data, dict)
        and doc.data.get(PERSON_EXPORT) == 1
        and isinstance(doc.data.get("snapshots"), list)
    ):
        places = [
            ("snapshots", i, "document")
            for i, s in enumerate(doc.data["snapshots"])
            if isinstance(s, dict) and "document" in s and not s.get("retracted")
        ]
    else:
        return None
    parts = []
    for place in places:
        data: Any = doc.data
        for step in place:
            data = data[step] if isinstance(data, list | dict) else None
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in place)
        lines = {path[len(place) :]: line for path, line in doc.lines.items() if path[: len(place)] == place}
        parts.append(Document(f"{doc.source}{where}", data, lines))
    return parts


def read_team_input(name: str, raw: bytes, framework: Framework) -> TeamInput:
    """One input as part of a team: a roster's good rows (its bad rows are problems), or the assessment;
    a file that cannot be read at all gives no team and its problems."""
    try:
        if is_roster(name):
            roster = read_roster(name, raw, framework, MAX_ROSTER_BYTES)
            return TeamInput(roster.team, roster.problems, len(roster.left_out))
        assessment = named_after_file(load_assessment(name, raw, framework, MAX_BYTES), name)
    except InputError as exc:
        return TeamInput(None, exc.problems)
    return TeamInput(team_from_assessments(framework, [assessment]), ())
