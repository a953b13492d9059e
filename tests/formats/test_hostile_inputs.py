"""Hostile and malformed input: every file in tests/hostile/ is refused by name with a clear message,
and random bytes or wrongly shaped documents either load or are refused, never with a traceback."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.common.problems import InputError
from planner.formats.assessment import load_assessment
from planner.formats.roster import read_roster
from planner.formats.sharing import decode
from planner.framework import Framework
from planner.framework.loading import load_framework
from tests.storage.test_storage import postgres_url, url  # noqa: F401 (fixtures)
from tests.storage.test_storage import run as run_cli
from tests.team_support import metric, table, team_page, upload, use_database

HOSTILE = Path(__file__).resolve().parent.parent / "hostile"
STAGEPATH = str(Path(sys.executable).with_name("stagepath"))

ASSESSMENTS = {
    "alias-bomb.yaml": ":1: not valid YAML: anchors and aliases (& and *) are not allowed",
    "anchor-alone.yaml": ":2: not valid YAML: anchors and aliases",
    "binary-garbage.yaml": "not UTF-8 text",
    "comment-only.yaml": "the file is empty",
    "date-9999.yaml": ":3: assessed_on: 9999-12-31 is after today",
    "date-before-2000.yaml": ":3: assessed_on: 1999-12-31 is before 2000-01-01",
    "date-past-nanoseconds.json": ": assessed_on: 2262-04-12 is after today",
    "deep-nesting.json": "nesting is deeper than 32 levels",
    "deep-nesting.yaml": "nesting is deeper than 32 levels",
    "duplicate-key.yaml": ":5: not valid YAML: the key 'read-code' appears twice",
    "empty.yaml": "the file is empty",
    "evidence-too-long.yaml": "evidence.read-code: String should have at most 2000 characters",
    "future-version.yaml": "stagepath: format version 99 is not supported; expected 1",
    "impossible-date.yaml": ":3: assessed_on: '2026-13-45' is not a calendar date; expected YYYY-MM-DD",
    "integer-4300-digits.json": ":2: not valid JSON: a number has too many digits to read",
    "integer-4300-digits.yaml": ":4: not valid YAML: a number has too many digits to read",
    "missing-track.yaml": "track: is missing (required)",
    "name-too-long.yaml": "name: String should have at most 120 characters",
    "nul-bytes.yaml": "not valid YAML: unacceptable character #x0000",
    "oversized.yaml": "file is over the size limit of 524,288 bytes",
    "python-name-tag.yaml": "could not determine a constructor for the tag",
    "python-object-tag.yaml": "could not determine a constructor for the tag",
    "rating-binary-tag.yaml": "ratings.read-code: Input should be a valid integer",
    "rating-bool.yaml": "ratings.read-code: Input should be a valid integer; found True",
    "rating-float.yaml": "ratings.read-code: Input should be a valid integer; found 2.5",
    "rating-huge.yaml": "is off the scale; expected a whole number from 0 to 4",
    "rating-nan.json": "ratings.read-code: Input should be a valid integer; found nan",
    "rating-negative.yaml": "ratings.read-code: rating -1 is off the scale",
    "rating-seven.yaml": "ratings.read-code: rating 7 is off the scale",
    "rating-string.yaml": "ratings.read-code: Input should be a valid integer; found 'three'",
    "ratings-as-list.yaml": "ratings: Input should be a valid dictionary",
    "skill-id-with-markup.yaml": "is not an id; expected lowercase words joined by hyphens",
    "tab-indentation.yaml": "not valid YAML",
    "target-off-curve.yaml": "target: stage 42 is not on the curve; expected 1 to 8",
    "too-many-ratings.yaml": "ratings: Dictionary should have at most 500 items",
    "top-level-list.yaml": ":1: expected a mapping at the top level, found list",
    "top-level-null.yaml": "expected a mapping at the top level, found nothing",
    "top-level-set.yaml": "expected a mapping at the top level, found set",
    "top-level-string.yaml": "expected a mapping at the top level, found str",
    "trailing-comma.json": "not valid JSON: Expecting property name",
    "truncated.json": "not valid JSON: Unterminated string",
    "two-documents.yaml": "expected a single document in the stream, but found another document",
    "unclosed-flow.yaml": ":4: not valid YAML: while parsing a flow mapping",
    "unknown-field.yaml": "score: is not a known field; expected one of stagepath",
    "unknown-skill.yaml": "unknown skill id 'debug-cod' for track 'qa' (did you mean 'debug-code'?)",
    "unknown-track.yaml": "track: unknown track 'sre'; expected one of developer, qa",
    "utf16.yaml": "not UTF-8 text",
    "whitespace-only.yaml": "not valid YAML",
}

FRAMEWORK_TRACKS = {
    "alias-bomb.yaml": "anchors and aliases (& and *) are not allowed",
    "bad-provenance.yaml": "stages[0].provenance: Input should be 'stated' or 'inferred'",
    "bad-track-id.yaml": "id: 'Quality Assurance!' is not an id",
    "duplicate-floor-id.yaml": "duplicate skill id 'read-code', first defined at",
    "expected-off-scale.yaml": "stages[0].skills[0].expected: 5 is not on the scale",
    "no-stages.yaml": "stages: List should have at least 1 item",
    "not-a-mapping.yaml": "expected a mapping at the top level, found list",
    "oversized.yaml": "file is over the size limit of 262,144 bytes",
    "python-tag.yaml": "could not determine a constructor for the tag",
    "stage-not-on-curve.yaml": "stages[0].number: stage 12 is not on the curve",
}


# Rosters in the corpus: the names of the people read from each (the rest of its rows each named by a
# problem), or the one problem that refuses it as a whole.
ROSTERS: dict[str, tuple[list[str], list[str]]] = {
    "cr-only.csv": (["Ada", "Bo"], []),
    "date-9999.csv": (["Bo"], ["row 2, column assessed_on: 9999-12-31 is after today"]),
    "integer-4300-digits.csv": (["Bo"], ["row 2, column read-code: '99999999999999999999' is not a rating"]),
    "mixed-line-endings.csv": (["Ada", "Bo"], []),
    "semicolons.csv": (["Ada", "Bo"], []),
    "semicolons-wrong-header.csv": (
        [],
        [
            "row 1: missing column(s) 'name', 'track', 'rater'; expected name,track,rater, then one column per "
            "skill id (the header is separated by ';', not commas)"
        ],
    ),
    "tabs.csv": (["Ada", "Bo"], []),
}


def test_every_file_in_the_corpus_is_checked() -> None:
    assert sorted(p.name for p in (HOSTILE / "assessments").iterdir()) == sorted(ASSESSMENTS)
    assert sorted(p.name for p in (HOSTILE / "frameworks").iterdir()) == sorted(FRAMEWORK_TRACKS)
    assert sorted(p.name for p in (HOSTILE / "rosters").iterdir()) == sorted(ROSTERS)
    assert len(ASSESSMENTS) + len(FRAMEWORK_TRACKS) + len(ROSTERS) >= 30


@pytest.mark.parametrize("name", sorted(ROSTERS))
def test_a_hostile_roster_is_read_or_named(shipped: Framework, name: str) -> None:
    people, problems = ROSTERS[name]
    raw = (HOSTILE / "rosters" / name).read_bytes()
    try:
        roster = read_roster(name, raw, shipped)
    except InputError as exc:
        found, names = [str(p) for p in exc.problems], []
    else:
        found, names = [str(p) for p in roster.problems], roster.team.names
    assert names == people
    assert len(found) == len(problems) and all(
        line.startswith(f"{name}: {p}") for line, p in zip(found, problems, strict=True)
    ), found


def test_a_semicolon_roster_reads_as_its_comma_twin(shipped: Framework) -> None:
    semicolons = read_roster("a.csv", (HOSTILE / "rosters" / "semicolons.csv").read_bytes(), shipped)
    commas = read_roster(
        "b.csv", (HOSTILE / "rosters" / "semicolons.csv").read_bytes().replace(b";", b","), shipped
    )
    assert semicolons.problems == commas.problems == ()
    assert semicolons.team.assessments() == commas.team.assessments()
    assert semicolons.team.assessments()[1].ratings == {"read-code": 2, "debug-code": 1}


@pytest.mark.parametrize("name", sorted(ASSESSMENTS))
def test_a_hostile_assessment_is_refused_with_a_clear_message(shipped: Framework, name: str) -> None:
    path = HOSTILE / "assessments" / name
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as caught:
            load_assessment(name, path.read_bytes(), shipped)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    message = "\n".join(str(p) for p in caught.value.problems)
    assert message.startswith(name) and ASSESSMENTS[name] in message, message
    assert peak < 64 * 1024 * 1024  # an alias or nesting bomb cannot blow up memory


@pytest.mark.parametrize("name", sorted(FRAMEWORK_TRACKS))
def test_a_hostile_framework_file_is_refused_with_a_clear_message(roles_copy: Path, name: str) -> None:
    shutil.copy(HOSTILE / "frameworks" / name, roles_copy / "qa.yaml")
    with pytest.raises(InputError) as caught:
        load_framework(roles_copy)
    message = "\n".join(str(p) for p in caught.value.problems)
    assert f"{roles_copy}/qa.yaml" in message and FRAMEWORK_TRACKS[name] in message, message


NOT_FILES = {
    "a link to a character device": (
        lambda path: path.symlink_to("/dev/zero"),
        "is a character device (through a symbolic link); expected a regular file of YAML",
    ),
    "a named pipe": (lambda path: os.mkfifo(path), "is a named pipe; expected a regular file of YAML"),
    "a directory": (lambda path: path.mkdir(), "is a directory; expected a regular file of YAML"),
    "a link to nothing": (
        lambda path: path.symlink_to(path.parent / "nowhere"),
        "cannot be read (No such file or directory)",
    ),
}


@pytest.mark.parametrize("kind", sorted(NOT_FILES))
def test_a_framework_file_that_is_not_a_regular_file_is_refused_and_validate_fails(
    roles_copy: Path, kind: str
) -> None:
    make, message = NOT_FILES[kind]
    track = roles_copy / "qa.yaml"
    track.unlink()
    make(track)
    with pytest.raises(InputError) as caught:
        load_framework(roles_copy)
    assert [str(p) for p in caught.value.problems] == [f"{track}: {message}"]
    result = subprocess.run(
        [STAGEPATH, "validate", str(roles_copy)], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 1 and result.stderr.splitlines() == [f"{track}: {message}"], result


def _what_is_wrong(framework: Framework, name: str, raw: bytes) -> list[str]:
    """Empty when the bytes are refused with problems that each name the file, or load as an assessment
    that fits the framework (a known track, its skills only, ratings on the scale, a target on the curve);
    else what went wrong. Any other exception escapes and fails the test."""
    try:
        assessment = load_assessment(name, raw, framework)
    except InputError as exc:
        if not exc.problems:
            return ["refused without a problem"]
        return [f"a problem does not name the file: {p}" for p in exc.problems if not str(p).startswith(name)]
    track = framework.track(assessment.track)
    if track is None:
        return [f"loaded with an unknown track {assessment.track!r}"]
    allowed = set(framework.track_skill_ids(track.id))
    wrong = [f"rated an unknown skill {s!r}" for s in assessment.ratings if s not in allowed]
    wrong += [f"a note on an unknown skill {s!r}" for s in assessment.evidence if s not in allowed]
    wrong += [
        f"{s} rated {v}, off the scale" for s, v in assessment.ratings.items() if v not in framework.levels
    ]
    if assessment.target is not None and framework.stage(assessment.target) is None:
        wrong.append(f"target {assessment.target} is not on the curve")
    return wrong


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=st.binary(max_size=2000), suffix=st.sampled_from([".yaml", ".json", ""]))
def test_random_bytes_load_or_are_refused(shipped: Framework, raw: bytes, suffix: str) -> None:
    assert _what_is_wrong(shipped, f"fuzz{suffix}", raw) == []


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)
fields = st.sampled_from(
    ["stagepath", "name", "track", "target", "rater", "assessed_on", "ratings", "evidence"]
)
skill_ids = st.sampled_from(["read-code", "write-code", "debug-code", "assisted-test-drafting", "nope"])
documents = st.fixed_dictionaries(
    {"stagepath": st.just(1) | json_values, "track": st.sampled_from(["qa", "developer"]) | json_values},
    optional={
        "ratings": st.dictionaries(skill_ids, st.integers(-3, 9) | json_values, max_size=5) | json_values,
        "evidence": st.dictionaries(skill_ids, st.text(max_size=30) | json_values, max_size=3),
        "target": st.integers(-2, 12) | json_values,
        "rater": st.sampled_from(["self", "manager", "x"]) | json_values,
        "assessed_on": st.dates().map(str) | json_values,
    },
) | st.dictionaries(fields | st.text(max_size=10), json_values, max_size=6)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=documents, as_json=st.booleans())
def test_wrongly_shaped_documents_load_or_are_refused(
    shipped: Framework, document: object, as_json: bool
) -> None:
    name, raw = (
        ("doc.json", json.dumps(document).encode())
        if as_json
        else ("doc.yaml", yaml.safe_dump(document).encode())
    )
    assert _what_is_wrong(shipped, name, raw) == []


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    raw=st.binary(max_size=2000)
    | st.lists(
        st.lists(
            st.sampled_from(["name", "track", "rater", "read-code", "qa", "3", "9", "", "=1+1", '"', "\n"])
        ),
        max_size=6,
    ).map(lambda rows: "\n".join(",".join(r) for r in rows).encode())
)
def test_random_rosters_load_or_are_refused(shipped: Framework, raw: bytes) -> None:
    try:
        roster = read_roster("team.csv", raw, shipped)
    except InputError as exc:
        assert exc.problems and all(str(p).startswith("team.csv") for p in exc.problems)
    else:
        assert all(str(p).startswith("team.csv") for p in roster.problems)


@settings(max_examples=200, deadline=None)
@given(
    # Links that open (a good version and track, anything else) as well as any keys and values at all.
    params=st.fixed_dictionaries(
        {"sp": st.just("1"), "track": st.sampled_from(["developer", "qa"])},
        optional={
            "target": st.text(max_size=4) | st.integers(-2, 12).map(str),
            "r": st.text(max_size=60) | st.sampled_from(["read-code.3,nope.9,debug-code.x", "write-code.2"]),
        },
    )
    | st.dictionaries(
        st.sampled_from(["sp", "track", "target", "r", "name"]) | st.text(max_size=8),
        st.text(max_size=60) | st.sampled_from(["1", "developer", "qa", "read-code.3,nope.9,debug-code.x"]),
        max_size=6,
    )
)
def test_random_share_links_open_or_explain(shipped: Framework, params: dict[str, str]) -> None:
    # Whatever else it holds, the link names someone: a name must never be read from a link.
    link = decode({**params, "name": "Ada Lovelace"}, shipped)  # never raises: opens what it can
    assert all(isinstance(note, str) and note for note in link.notes)
    if link.assessment is None:
        assert link.notes  # nothing opened, and it says why
        return
    opened = link.assessment
    assert opened.name is None and "Ada" not in repr(opened)
    assert set(opened.ratings) <= set(shipped.track_skill_ids(opened.track))
    assert all(v in shipped.levels for v in opened.ratings.values())
    assert opened.target is None or shipped.stage(opened.target) is not None


# --- a bad file never stops the good ones after it ---------------------------------------------------------

HUGE = HOSTILE / "assessments" / "integer-4300-digits.json"
GOOD = b"stagepath: 1\nname: Ada\ntrack: qa\nratings: {read-code: 2}\n"
TOO_LONG = "not valid JSON: a number has too many digits to read; expected a short number"


def test_a_huge_integer_is_one_line_and_team_plans_the_files_after_it(tmp_path: Path) -> None:
    good = tmp_path / "ada.yaml"
    good.write_bytes(GOOD)
    result = run_cli("team", str(HUGE), str(good), "--format", "json", "--target", "2")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"{HUGE}:2: {TOO_LONG}"]
    assert json.loads(result.stdout)["people"] == 1


def test_a_huge_integer_is_one_line_and_import_stores_the_files_after_it(url: str, tmp_path: Path) -> None:  # noqa: F811
    good = tmp_path / "ada.yaml"
    good.write_bytes(GOOD)
    roster = tmp_path / "team.csv"
    roster.write_bytes((HOSTILE / "rosters" / "semicolons.csv").read_bytes())
    result = run_cli("import", str(HUGE), str(good), str(roster), url=url)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{HUGE}:2: {TOO_LONG}",
        f"{HUGE}: nothing stored from this input; fix it and import it again",
    ]
    assert result.stdout.splitlines() == [
        f"{good}: stored 1 assessment(s)",
        f"{roster}: stored 2 assessment(s)",
    ]
    exported = json.loads(run_cli("export", url=url).stdout)
    assert sorted((d["name"], d["ratings"].get("read-code")) for d in exported) == [("Ada", 3), ("Bo", 2)]


def test_the_team_page_names_a_huge_integer_and_keeps_the_files_after_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    use_database(monkeypatch, tmp_path)
    at = team_page()
    upload(
        at,
        [
            ("huge.json", HUGE.read_bytes()),
            ("ada.yaml", GOOD),
            ("cr.csv", (HOSTILE / "rosters" / "cr-only.csv").read_bytes().replace(b"Ada", b"Cy")),
        ],
    )
    problems = table(at, "Problem")
    assert list(zip(problems["File"], problems["Problem"], strict=True)) == [("huge.json", TOO_LONG)]
    assert metric(at, "People") == "3"  # Ada from ada.yaml, Cy and Bo from the CR-only roster
