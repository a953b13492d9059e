"""Assessment files: loaded and checked against the framework, saved and loaded back unchanged."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.common.dates import EARLIEST
from planner.common.problems import InputError
from planner.formats import identity
from planner.formats.assessment import Assessment, dump_assessment, load_assessment
from planner.framework import Framework


def problems(framework: Framework, text: str, name: str = "me.yaml") -> list[str]:
    with pytest.raises(InputError) as caught:
        load_assessment(name, text.encode(), framework)
    return [str(p) for p in caught.value.problems]


def test_a_valid_yaml_assessment_loads(shipped: Framework) -> None:
    a = load_assessment(
        "me.yaml",
        b"stagepath: 1\nname: Ada\ntrack: developer\nrater: self\nassessed_on: 2026-11-01\n"
        b"ratings: {read-code: 3, assisted-coding: 2}\nevidence: {read-code: Reviewed 12 PRs}\n",
        shipped,
    )
    assert a.name == "Ada" and a.track == "developer" and a.assessed_on == dt.date(2026, 11, 1)
    assert a.rating("read-code") == 3 and a.rating("debug-code") == 0


def test_json_is_read_too(shipped: Framework) -> None:
    a = load_assessment("me.json", b'{"stagepath": 1, "track": "qa", "ratings": {"debug-code": 4}}', shipped)
    assert a.track == "qa" and a.ratings == {"debug-code": 4}


def test_unknown_skill_id_is_named_with_the_nearest_known_id(shipped: Framework) -> None:
    [problem] = problems(shipped, "stagepath: 1\ntrack: developer\nratings:\n  read-cod: 3\n")
    assert problem == (
        "me.yaml:4: ratings.read-cod: unknown skill id 'read-cod' for track 'developer' (did you mean 'read-code'?)"
    )


def test_a_field_written_in_block_style_is_named_at_its_keys_line(shipped: Framework) -> None:
    # The value of a block-style field starts on the line after its key; the key's line names the field.
    text = "stagepath: 1\ntrack: developer\nratings:\n  - 3\nextra:\n  note: kept\n"
    assert problems(shipped, text) == [
        "me.yaml:3: ratings: Input should be a valid dictionary; found [3]",
        "me.yaml:5: extra: is not a known field; expected one of stagepath, name, team, track, target, rater, "
        "agreed_by, assessed_on, ratings, evidence",
    ]


def test_a_skill_of_the_other_track_is_named_as_such(shipped: Framework) -> None:
    [problem] = problems(shipped, "stagepath: 1\ntrack: developer\nratings: {assisted-test-drafting: 2}\n")
    assert "'assisted-test-drafting'" in problem and "belongs to another track" in problem


@pytest.mark.parametrize("value", [7, -1, 5])
def test_a_rating_off_the_scale_is_named(shipped: Framework, value: int) -> None:
    [problem] = problems(shipped, f"stagepath: 1\ntrack: qa\nratings: {{debug-code: {value}}}\n")
    assert (
        f"ratings.debug-code: rating {value} is off the scale; expected a whole number from 0 to 4" in problem
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "stagepath: 1\ntrack: developer\nratings: {read-code: '3'}\n",
            "ratings.read-code: Input should be a valid integer",
        ),
        (
            "stagepath: 1\ntrack: developer\nratings: {read-code: 2.5}\n",
            "ratings.read-code: Input should be a valid integer",
        ),
        ("stagepath: 1\ntrack: developer\nratings: [3, 2]\n", "ratings: Input should be a valid dictionary"),
        ("stagepath: 2\ntrack: developer\n", "stagepath: format version 2 is not supported; expected 1"),
        ("stagepath: 1\n", "track: is missing (required)"),
        ("stagepath: 1\ntrack: devloper\n", "unknown track 'devloper' (did you mean 'developer'?)"),
        ("stagepath: 1\ntrack: qa\ntarget: 12\n", "target: stage 12 is not on the curve; expected 1 to 8"),
        (
            "stagepath: 1\ntrack: qa\nrater: boss\n",
            "rater: Input should be 'self', 'manager', 'peer' or 'agreed'",
        ),
        ("stagepath: 1\ntrack: qa\nratngs: {}\n", "ratngs: is not a known field"),
        ("", "the file is empty"),
        ("just words\n", "expected a mapping at the top level, found str"),
        ("track: [unclosed\n", "not valid YAML"),
    ],
)
def test_bad_documents_name_the_problem(shipped: Framework, text: str, expected: str) -> None:
    assert any(expected in p for p in problems(shipped, text)), problems(shipped, text)


def test_a_rating_of_true_is_not_a_number(shipped: Framework) -> None:
    assert problems(shipped, "stagepath: 1\ntrack: qa\nratings: {debug-code: true}\n")


def test_not_utf8_and_oversized_files_are_refused(shipped: Framework) -> None:
    with pytest.raises(InputError, match="not UTF-8"):
        load_assessment("me.yaml", b"\xff\xfe\x00bad", shipped)
    with pytest.raises(InputError, match="over the size limit"):
        load_assessment("me.yaml", b"#" * 600_000, shipped)


def accepted(text: str) -> bool:
    try:
        identity.person_name(text)
    except identity.NameRefused:
        return False
    return True


ratings = st.dictionaries(
    st.sampled_from(["read-code", "write-code", "debug-code", "assisted-coding", "task-agent-building"]),
    st.integers(0, 4),
)


@given(
    ratings=ratings,
    name=st.none()
    | st.text(max_size=40).filter(accepted),  # names the naming rules refuse: tests/storage/test_records.py
    target=st.none() | st.integers(1, 8),
    rater=st.sampled_from(["self", "manager", "peer"]),
    on=st.none() | st.dates(min_value=EARLIEST, max_value=dt.date.today()),
    note=st.text(max_size=80),
    fmt=st.sampled_from(["yaml", "json"]),
)
def test_saved_and_loaded_again_is_equal(
    shipped: Framework,
    ratings: dict[str, int],
    name: str | None,
    target: int | None,
    rater: str,
    on: dt.date | None,
    note: str,
    fmt: str,
) -> None:
    evidence = {"read-code": note} if note else {}
    original = Assessment.model_validate(
        {
            "name": name,
            "track": "developer",
            "target": target,
            "rater": rater,
            "assessed_on": on,
            "ratings": ratings,
            "evidence": evidence,
        }
    )
    text = dump_assessment(original, "json" if fmt == "json" else "yaml")
    assert load_assessment(f"saved.{fmt}", text.encode(), shipped) == original
