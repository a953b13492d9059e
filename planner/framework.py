"""The framework: the curve's stages, the scale, the competency floor and the tracks, loaded from a
directory of YAML files into immutable, validated models."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Mapping
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from planner.documents import Document, expect_mapping, parse_yaml, schema_problem
from planner.problems import InputError, Problem, field_path

CURVE_FILE = "curve.yaml"
MAX_FILE_BYTES = 256 * 1024
MAX_FILES = 64


def _shipped_roles() -> Path:
    # An installed Stagepath carries the framework inside the package; a checkout has it at the top.
    here = Path(__file__).resolve().parent
    return here / "roles" if (here / "roles" / CURVE_FILE).is_file() else here.parent / "roles"


SHIPPED_ROLES = _shipped_roles()

Provenance = Literal["stated", "inferred"]
Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=64)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=120)]
Text = Annotated[str, StringConstraints(max_length=2000)]
Texts = Annotated[tuple[Text, ...], Field(max_length=20)]


class Model(BaseModel):
    """Base of every framework model: immutable, and strict about unknown fields (typos are errors)."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class ScaleLevel(Model):
    level: int
    name: Name
    means: Text


class FloorSkill(Model):
    id: Id
    name: Name
    description: Text
    actions: Texts = ()
    interview: Texts = ()
    provenance: Provenance
    source: Text = ""


class Skill(FloorSkill):
    expected: int


class Floor(Model):
    minimum: int
    gates_from_stage: int = 5
    summary: Text = ""
    provenance: Provenance = "stated"
    source: Text = ""
    skills: Annotated[tuple[FloorSkill, ...], Field(min_length=1, max_length=50)]


class Stage(Model):
    number: int
    name: Name
    shift: Text
    builds: Text = ""
    aspirational: bool = False
    provenance: Provenance
    source: Text = ""


class Effort(Model):
    multiplier: Annotated[float, Field(gt=1, le=100)] = 7
    samples_per_stage: int | None = None
    unit: Name = "working days"
    reference: dict[int, tuple[float, float]] = {}
    note: Text = ""
    provenance: Provenance = "inferred"
    source: Text = ""


class Fact(Model):
    id: Id
    label: Name
    text: Text
    value: float | None = None
    provenance: Provenance
    source: Text = ""


class ComparisonLevel(Model):
    label: Name
    aligns_with: tuple[int, ...] = ()


class Comparison(Model):
    id: Id
    name: Name
    author: Name
    published: Text = ""
    levels: Annotated[tuple[ComparisonLevel, ...], Field(max_length=20)]
    provenance: Provenance = "inferred"
    source: Text = ""


class Curve(Model):
    name: Name
    version: Text = ""
    summary: Text = ""
    source: Text = ""
    scale: Annotated[tuple[ScaleLevel, ...], Field(min_length=2, max_length=11)]
    floor: Floor
    stages: Annotated[tuple[Stage, ...], Field(min_length=1, max_length=30)]
    effort: Effort | None = None
    facts: Annotated[tuple[Fact, ...], Field(max_length=50)] = ()
    comparisons: Annotated[tuple[Comparison, ...], Field(max_length=20)] = ()


class TrackStage(Model):
    number: int
    title: Name
    summary: Text = ""
    provenance: Provenance
    source: Text = ""
    skills: Annotated[tuple[Skill, ...], Field(max_length=30)] = ()


class Track(Model):
    id: Id
    name: Name
    summary: Text = ""
    stages: Annotated[tuple[TrackStage, ...], Field(min_length=1, max_length=30)]

    def stage(self, number: int) -> TrackStage | None:
        return next((s for s in self.stages if s.number == number), None)

    def skills_through(self, number: int) -> Iterator[tuple[int, Skill]]:
        """Every (stage number, skill) of this track at stages up to and including `number`."""
        for stage in sorted(self.stages, key=lambda s: s.number):
            if stage.number <= number:
                for skill in stage.skills:
                    yield stage.number, skill


class Framework(Model):
    """A whole framework. `digest` identifies its content (for caching and for stored snapshots)."""

    curve: Curve
    tracks: tuple[Track, ...]
    digest: str = Field(default="", exclude=True)

    @cached_property
    def ceiling(self) -> int:
        """The highest stage anyone can be placed at: the last stage that is not aspirational."""
        return max((s.number for s in self.curve.stages if not s.aspirational), default=0)

    @cached_property
    def skill_names(self) -> dict[str, str]:
        """Every skill's name by id, the floor first, then each track in order."""
        names = {s.id: s.name for s in self.curve.floor.skills}
        names.update((k.id, k.name) for t in self.tracks for st in t.stages for k in st.skills)
        return names

    @property
    def skill_ids(self) -> frozenset[str]:
        return frozenset(self.skill_names)

    @property
    def levels(self) -> tuple[int, ...]:
        return tuple(level.level for level in self.curve.scale)

    def stage(self, number: int) -> Stage | None:
        return next((s for s in self.curve.stages if s.number == number), None)

    def track(self, track_id: str) -> Track | None:
        return next((t for t in self.tracks if t.id == track_id), None)

    def track_skill_ids(self, track_id: str) -> tuple[str, ...]:
        """Every skill id a person on this track is rated on: the floor first, then by stage."""
        track = self.track(track_id)
        floor = [s.id for s in self.curve.floor.skills]
        return tuple(floor + ([k.id for _, k in track.skills_through(10**6)] if track else []))

    def as_files(self) -> dict[str, Any]:
        """The framework in the shape of its files, for `stagepath framework --format json`."""
        return self.model_dump(mode="json")


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
        return None, [schema_problem(doc, err) for err in exc.errors(include_url=False)]


def _cross_check(curve: Curve, curve_doc: Document, tracks: list[tuple[Track, Document]]) -> list[Problem]:
    """The rules that span fields and files: ids, stage numbers, levels on the scale."""
    problems: list[Problem] = []

    def add(doc: Document, loc: tuple[str | int, ...], message: str) -> None:
        problems.append(Problem(doc.source, message, field_path(loc), doc.line_of(loc)))

    levels = [lv.level for lv in curve.scale]
    if levels != list(range(len(levels))):
        add(curve_doc, ("scale",), f"levels are {levels}; expected consecutive levels 0, 1, 2, ... in order")
    low, high = min(levels), max(levels)
    on_scale = f"expected a level on the scale, {low} to {high}"

    numbers = [s.number for s in curve.stages]
    if numbers != list(range(1, len(numbers) + 1)):
        add(curve_doc, ("stages",), f"stage numbers are {numbers}; expected 1, 2, 3, ... in order")
    known_stages = set(numbers)
    if all(s.aspirational for s in curve.stages):
        add(curve_doc, ("stages",), "every stage is aspirational; expected at least one that is not")

    floor = curve.floor
    if floor.minimum not in levels:
        add(curve_doc, ("floor", "minimum"), f"{floor.minimum} is not on the scale; {on_scale}")
    if floor.gates_from_stage not in known_stages:
        add(
            curve_doc,
            ("floor", "gates_from_stage"),
            f"stage {floor.gates_from_stage} is not on the curve; expected one of {sorted(known_stages)}",
        )
    if curve.effort:
        for number, (lo, hi) in curve.effort.reference.items():
            if number not in known_stages:
                add(curve_doc, ("effort", "reference", number), f"stage {number} is not on the curve")
            if not 0 <= lo <= hi:
                add(curve_doc, ("effort", "reference", number), f"[{lo}, {hi}]; expected 0 <= low <= high")
    for c, comparison in enumerate(curve.comparisons):
        for i, level in enumerate(comparison.levels):
            for n in level.aligns_with:
                if n not in known_stages:
                    add(
                        curve_doc,
                        ("comparisons", c, "levels", i, "aligns_with"),
                        f"stage {n} is not on the curve",
                    )

    seen: dict[str, str] = {}

    def claim(skill_id: str, doc: Document, loc: tuple[str | int, ...]) -> None:
        line = doc.line_of(loc)
        here = f"{doc.source}:{line}" if line else doc.source
        if skill_id in seen:
            add(
                doc,
                loc,
                f"duplicate skill id {skill_id!r}, first defined at {seen[skill_id]}; ids must be unique",
            )
        else:
            seen[skill_id] = here

    for i, skill in enumerate(floor.skills):
        claim(skill.id, curve_doc, ("floor", "skills", i, "id"))

    track_ids: dict[str, str] = {}
    for track, doc in tracks:
        if track.id in track_ids:
            add(doc, ("id",), f"duplicate track id {track.id!r}, also used in {track_ids[track.id]}")
        track_ids.setdefault(track.id, doc.source)
        stage_seen: set[int] = set()
        for s, stage in enumerate(track.stages):
            if stage.number not in known_stages:
                add(
                    doc,
                    ("stages", s, "number"),
                    f"stage {stage.number} is not on the curve; expected one of {sorted(known_stages)}",
                )
            if stage.number in stage_seen:
                add(doc, ("stages", s, "number"), f"stage {stage.number} appears twice in this track")
            stage_seen.add(stage.number)
            for k, skill in enumerate(stage.skills):
                claim(skill.id, doc, ("stages", s, "skills", k, "id"))
                if skill.expected not in levels:
                    add(
                        doc,
                        ("stages", s, "skills", k, "expected"),
                        f"{skill.expected} is not on the scale; {on_scale}",
                    )
    return problems


def load_framework_files(files: Mapping[str, bytes], label: str = "") -> Framework:
    """Load a framework from file names and contents (a directory's files, or an upload).

    Raises InputError with every problem found, each naming its file, line and field.
    """
    prefix = f"{label.rstrip('/')}/" if label else ""
    names = sorted(n for n in files if n.lower().endswith((".yaml", ".yml")) and not n.startswith("."))
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
    for name in track_names:
        if name in docs:
            track, found = _validate(Track, docs[name])
            problems.extend(found)
            if track is not None:
                tracks.append((track, docs[name]))
    if curve is not None:
        problems.extend(_cross_check(curve, docs[CURVE_FILE], tracks))
    if problems or curve is None:
        raise InputError(problems)

    digest = hashlib.sha256()
    for name in names:
        digest.update(name.encode() + b"\0" + files[name] + b"\0")
    return Framework(curve=curve, tracks=tuple(t for t, _ in tracks), digest=digest.hexdigest()[:16])


def read_framework_dir(directory: Path | str) -> dict[str, bytes]:
    """The YAML files of a framework directory, by name, each read no further than the size cap allows."""
    path = Path(directory)
    if not path.is_dir():
        raise InputError.single(str(path), "not a directory; expected a framework directory with curve.yaml")
    files: dict[str, bytes] = {}
    for entry in sorted(path.iterdir()):
        if entry.is_file() and entry.suffix.lower() in {".yaml", ".yml"} and not entry.name.startswith("."):
            if len(files) >= MAX_FILES:
                raise InputError.single(str(path), f"more than {MAX_FILES} YAML files")
            with entry.open("rb") as handle:
                files[entry.name] = handle.read(MAX_FILE_BYTES + 1)
    return files


def load_framework(directory: Path | str | None = None) -> Framework:
    """Load and validate the framework in `directory` (default: STAGEPATH_ROLES, else the shipped one)."""
    path = Path(directory) if directory is not None else default_roles_dir()
    return load_framework_files(read_framework_dir(path), label=str(path))
