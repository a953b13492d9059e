"""The framework: the curve's stages, the scale, the competency floor and the tracks, loaded from a
directory of YAML files into immutable, validated models."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Mapping
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import pathspec
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    SerializerFunctionWrapHandler,
    StringConstraints,
    Tag,
    ValidationError,
    model_serializer,
    model_validator,
)
from pydantic_core import PydanticCustomError

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
# Days after which a rating is due again (planner.staleness); at most ten years.
ReviewDays = Annotated[int, Field(ge=1, le=3660)]


class Model(BaseModel):
    """Base of every framework model: immutable, and strict about unknown fields (typos are errors)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _blank_is_absent(cls, data: Any) -> Any:
        """An optional field left blank (YAML reads `builds:` with nothing after it as null) is absent, so
        it takes its default instead of being refused; a required field left blank is still missing."""
        if not isinstance(data, dict):
            return data
        fields = cls.model_fields
        return {
            key: value
            for key, value in data.items()
            if not (value is None and key in fields and not fields[key].is_required())
        }


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
    review_after_days: ReviewDays | None = None


def _expected_shape(value: Any) -> Any:
    """`expected` is one level or a ladder {stage: level}; anything else is one problem, not one per
    form it might have taken. Which levels and stages are allowed is checked against the curve later."""

    def whole(v: Any) -> bool:
        return isinstance(v, int) and not isinstance(v, bool)

    def number(key: Any) -> Any:
        return int(key) if isinstance(key, str) and key.strip().isdigit() else key  # JSON keys are strings

    if whole(value):
        return value
    if isinstance(value, dict) and value:
        ladder = {number(k): v for k, v in value.items()}
        for stage, level in ladder.items():
            if not whole(stage) or not whole(level):
                raise PydanticCustomError(
                    "ladder",
                    "rung {rung}: {level}; expected a stage number and a whole level, e.g. 3: 2",
                    {"rung": repr(stage), "level": repr(level)},
                )
        return ladder
    raise PydanticCustomError(
        "expected",
        "expected a level such as 3, or a ladder of stage: level such as {{3: 2, 5: 3}}",
    )


Expected = Annotated[int | dict[int, int], BeforeValidator(_expected_shape)]


class Skill(FloorSkill):
    # One level, expected from the skill's stage on; or a ladder {stage: level}, each rung holding
    # until the next. `expected_provenance` is the levels' own: the source names skills, not levels.
    expected: Expected
    expected_provenance: Provenance = "inferred"

    def level_at(self, stage: int) -> int:
        """The level expected at `stage` (a stage at or after the skill's own): one level holds at every
        stage; a ladder's highest rung at or below `stage` holds until the next."""
        if isinstance(self.expected, int):
            return self.expected
        rungs = [level for number, level in sorted(self.expected.items()) if number <= stage]
        return rungs[-1] if rungs else self.expected[min(self.expected)]

    @property
    def rungs(self) -> tuple[tuple[int, int], ...]:
        """The ladder's (stage, level) pairs in stage order; empty for a single level."""
        return () if isinstance(self.expected, int) else tuple(sorted(self.expected.items()))


class Floor(Model):
    name: Name = "Floor"
    minimum: int
    gates_from_stage: int = 5
    summary: Text = ""
    provenance: Provenance = "stated"
    # The floor's idea may be stated while its numbers (the minimum and the gating stage) are ours.
    rule_provenance: Provenance = "inferred"
    source: Text = ""
    skills: Annotated[tuple[FloorSkill, ...], Field(min_length=1, max_length=50)]


# --- capabilities: what a team has in place to work at a stage (its groundwork) ---------------------------
# Signals are plain data a scan can match in a repository: globs and literal text, never expressions.


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


class Capability(Model):
    """Something a team must have in place to work at a stage; its id shares the skills' id space."""

    id: Id
    name: Name
    description: Text
    provenance: Provenance
    source: Text = ""
    signals: Annotated[tuple[Signal, ...], Field(max_length=20)] = ()


class Stage(Model):
    number: int
    name: Name
    shift: Text
    builds: Text = ""
    aspirational: bool = False
    provenance: Provenance
    source: Text = ""
    capabilities: Annotated[tuple[Capability, ...], Field(max_length=30)] = ()


class Effort(Model):
    multiplier: Annotated[float, Field(gt=1, le=100)] = 7
    samples_per_stage: int | None = None
    unit: Name = "days"
    reference: dict[int, tuple[float, float]] = {}
    # For a stage of `reference`, the fact holding the source's own words that its numbers convert.
    quoted: dict[int, Id] = {}
    note: Text = ""
    provenance: Provenance = "inferred"
    source: Text = ""


class Fact(Model):
    id: Id
    label: Name
    text: Text
    quote: Text = ""  # the source's own words, short, where the fact rests on a phrase
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
    review_after_days: ReviewDays | None = None
    floor: Floor
    stages: Annotated[tuple[Stage, ...], Field(min_length=1, max_length=30)]
    # The first stage that is a team's rather than a person's (its groundwork counts); unset, the first
    # stage that lists capabilities.
    team_from_stage: int | None = None
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


class Expectation(Model):
    """One skill expected of a person on a track at a stage: where it sits (`stage`, 0 for the floor) and
    the level expected of it at the stage asked about (`level`)."""

    stage: int
    skill: FloorSkill
    level: int

    @property
    def id(self) -> str:
        return self.skill.id

    @property
    def name(self) -> str:
        return self.skill.name


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

    @cached_property
    def capabilities(self) -> dict[str, tuple[int, Capability]]:
        """Every capability by id, with the number of the stage that lists it, in stage order."""
        stages = sorted(self.curve.stages, key=lambda s: s.number)
        return {c.id: (s.number, c) for s in stages for c in s.capabilities}

    def capabilities_through(self, number: int) -> Iterator[tuple[int, Capability]]:
        """Every (stage number, capability) at stages up to and including `number`."""
        return ((n, c) for n, c in self.capabilities.values() if n <= number)

    @cached_property
    def stage_range(self) -> str:
        """The stages a value may name, in words for an error: 'the stages are 1 to 8, 7 and 8
        aspirational'."""
        numbers = sorted(s.number for s in self.curve.stages)
        if numbers == list(range(numbers[0], numbers[-1] + 1)) and len(numbers) > 2:
            words = f"the stages are {numbers[0]} to {numbers[-1]}"
        else:
            words = f"the stages are {_and(numbers)}"
        aspirational = sorted(s.number for s in self.curve.stages if s.aspirational)
        return f"{words}, {_and(aspirational)} aspirational" if aspirational else words

    def track(self, track_id: str) -> Track | None:
        return next((t for t in self.tracks if t.id == track_id), None)

    @property
    def floor_skills_phrase(self) -> str:
        """The floor's skill names as one phrase, in the framework's words: 'A, B and C'."""
        names = [s.name for s in self.curve.floor.skills]
        return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"

    @property
    def last_stage(self) -> int:
        return max(s.number for s in self.curve.stages)

    def expectations(self, track: Track | str, up_to: int | None = None) -> tuple[Expectation, ...]:
        """What a person on `track` is expected to have at stage `up_to` (default: the last stage): the
        floor (stage 0, at its minimum), then every skill of the stages up to it, by stage, each at its
        level for `up_to`. The floor is listed whatever the stage; the rules decide where it gates."""
        chosen = self.track(track) if isinstance(track, str) else track
        at = self.last_stage if up_to is None else up_to
        if chosen is not None and self.track(chosen.id) is not chosen:  # a track of another framework
            return self._expectations(chosen, at)
        # Asked on every run of every page and by every team rule: worked out once per track and stage.
        key = (chosen.id if chosen is not None else None, at)
        if key not in self._expected:
            self._expected[key] = self._expectations(chosen, at)
        return self._expected[key]

    @cached_property
    def _expected(self) -> dict[tuple[str | None, int], tuple[Expectation, ...]]:
        return {}

    def _expectations(self, chosen: Track | None, at: int) -> tuple[Expectation, ...]:
        floor = self.curve.floor
        out = [Expectation(stage=0, skill=s, level=floor.minimum) for s in floor.skills]
        if chosen is not None:
            out += [Expectation(stage=n, skill=k, level=k.level_at(at)) for n, k in chosen.skills_through(at)]
        return tuple(out)

    def track_skill_ids(self, track_id: str) -> tuple[str, ...]:
        """Every skill id a person on this track is rated on: the floor first, then by stage."""
        return tuple(e.id for e in self.expectations(track_id))

    def as_files(self) -> dict[str, Any]:
        """The framework in the shape of its files, for `stagepath framework --format json`."""
        return self.model_dump(mode="json")


def _and(numbers: list[int]) -> str:
    """'7', '7 and 8', '6, 7 and 8'."""
    words = [str(n) for n in numbers]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


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
        return None, [schema_problem(doc, _untagged(err)) for err in exc.errors(include_url=False)]


def _untagged(error: Any) -> Any:
    """The error with a signal's kind left out of its location: pydantic puts the tag of the union member
    there (signals[0].files.files[0]), where the file has only the field (signals[0].files[0])."""
    loc = tuple(error["loc"])
    for i in range(len(loc) - 2):
        if loc[i] == "signals" and isinstance(loc[i + 1], int) and loc[i + 2] in SIGNAL_KINDS:
            return {**error, "loc": loc[: i + 2] + loc[i + 3 :]}
    return error


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
    if curve.team_from_stage is not None and curve.team_from_stage not in known_stages:
        add(
            curve_doc,
            ("team_from_stage",),
            f"stage {curve.team_from_stage} is not on the curve; expected one of {sorted(known_stages)}",
        )
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
        fact_ids = {f.id for f in curve.facts}
        for number, fact_id in curve.effort.quoted.items():
            if number not in curve.effort.reference:
                add(
                    curve_doc, ("effort", "quoted", number), f"stage {number} has no reference range to quote"
                )
            if fact_id not in fact_ids:
                add(
                    curve_doc, ("effort", "quoted", number), f"no fact {fact_id!r}; expected the id of a fact"
                )
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

    def claim(skill_id: str, doc: Document, loc: tuple[str | int, ...], kind: str = "skill") -> None:
        line = doc.line_of(loc)
        here = f"{doc.source}:{line}" if line else doc.source
        if skill_id in seen:
            add(
                doc,
                loc,
                f"duplicate {kind} id {skill_id!r}, first defined at {seen[skill_id]}; "
                "ids of skills and capabilities must be unique",
            )
        else:
            seen[skill_id] = here

    for i, skill in enumerate(floor.skills):
        claim(skill.id, curve_doc, ("floor", "skills", i, "id"))
    for s, curve_stage in enumerate(curve.stages):
        for c, capability in enumerate(curve_stage.capabilities):
            claim(capability.id, curve_doc, ("stages", s, "capabilities", c, "id"), "capability")

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
                at = ("stages", s, "skills", k, "expected")
                for loc, message in _ladder_problems(curve, stage.number, skill, on_scale):
                    add(doc, at + loc, message)
    return problems


def _ladder_problems(
    curve: Curve, own: int, skill: Skill, on_scale: str
) -> Iterator[tuple[tuple[int, ...], str]]:
    """Each broken rung of a skill's `expected`, with its rung as the location: a level off the scale, a
    first rung that is not the skill's own stage, a rung off the curve, at an aspirational stage, out of
    order, or lower than the rung before it."""
    levels = {lv.level for lv in curve.scale}
    if isinstance(skill.expected, int):
        if skill.expected not in levels:
            yield (), f"{skill.expected} is not on the scale; {on_scale}"
        return
    stages = {st.number: st for st in curve.stages}
    rungs = list(skill.expected.items())
    if rungs[0][0] != own:
        yield (rungs[0][0],), f"the first rung is stage {rungs[0][0]}; expected the skill's own stage, {own}"
    before: tuple[int, int] | None = None
    for number, level in rungs:
        here = (number,)
        stage = stages.get(number)
        if stage is None:
            yield here, f"rung {number}: stage {number} is not on the curve; expected one of {sorted(stages)}"
        elif stage.aspirational:
            yield (
                here,
                f"rung {number}: stage {number} is aspirational; a rung needs a stage people can be placed at",
            )
        if level not in levels:
            yield here, f"rung {number}: {level} is not on the scale; {on_scale}"
        if before is not None and number <= before[0]:
            yield (
                here,
                f"rung {number} comes after rung {before[0]}; expected rungs in increasing stage order",
            )
        elif before is not None and level < before[1]:
            yield (
                here,
                (
                    f"rung {number}: level {level} falls below {before[1]} at stage {before[0]}; "
                    "expected levels that never fall"
                ),
            )
        before = (number, level)


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
