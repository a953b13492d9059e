"""The confirmations file and `rater: agreed`: read from YAML or JSON through the safe reader, every problem
named by file, line and field; an agreed assessment may say who agreed it, no other may."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from planner.common.problems import InputError
from planner.formats.assessment import dump_assessment, load_assessment
from planner.formats.confirmations import load_confirmations
from planner.framework import Framework

TODAY = dt.date(2026, 6, 1)

GOOD = b"""stagepath: 1
confirmations:
  - id: c-1
    person: Ada Lovelace
    skill: read-code
    level: 3
    asked_of: grace@example.org
    evidence: Reviewed the parser rewrite with me
    asked_at: 2026-03-01
    answer: confirmed
    answered_at: 2026-03-04
  - person: Ada Lovelace
    skill: debug-code
    level: 3
    asked_of: Grace Hopper
    asked_at: 2026-03-01
    answer: 2
    answered_at: 2026-03-02
  - person: Ada Lovelace
    skill: write-code
    level: 2
    asked_of: Grace Hopper
    asked_at: 2026-03-01
"""


def problems_of(raw: bytes, framework: Framework, name: str = "asked.yaml") -> list[str]:
    with pytest.raises(InputError) as caught:
        load_confirmations(name, raw, framework, TODAY)
    return [str(p) for p in caught.value.problems]


def test_a_confirmations_file_reads_each_kind_of_answer(shipped: Framework) -> None:
    read = load_confirmations("asked.yaml", GOOD, shipped, TODAY).confirmations
    assert [(c.skill, c.level, c.answer, c.answered_at) for c in read] == [
        ("read-code", 3, "confirmed", dt.date(2026, 3, 4)),
        ("debug-code", 3, 2, dt.date(2026, 3, 2)),
        ("write-code", 2, None, None),
    ]
    assert read[0].id == "c-1" and read[0].evidence == "Reviewed the parser rewrite with me"


def test_the_same_confirmations_read_from_json(shipped: Framework) -> None:
    document = {
        "stagepath": 1,
        "confirmations": [
            {
                "person": "Ada",
                "skill": "read-code",
                "level": 2,
                "asked_of": "Grace",
                "asked_at": "2026-01-02",
                "answer": "declined",
                "answered_at": "2026-01-03",
            }
        ],
    }
    read = load_confirmations("asked.json", json.dumps(document).encode(), shipped, TODAY)
    assert read.confirmations[0].answer == "declined"


@pytest.mark.parametrize(
    ("find", "replace", "expected"),
    [
        (
            "skill: read-code",
            "skill: reed-code",
            "asked.yaml:5: confirmations[0].skill: unknown skill id 'reed-code' (did you mean 'read-code'?)",
        ),
        (
            "level: 3",
            "level: 9",
            "asked.yaml:6: confirmations[0].level: level 9 is off the scale; expected a whole number from 0 to 4",
        ),
        (
            "answer: confirmed",
            "answer: maybe",
            "asked.yaml:10: confirmations[0].answer: 'maybe' is not an answer; expected confirmed, declined or a "
            "level (a whole number)",
        ),
        (
            "answered_at: 2026-03-04",
            "answered_at: 2026-02-01",
            "asked.yaml:11: confirmations[0].answered_at: 2026-02-01 is before asked_at 2026-03-01; expected on or "
            "after it",
        ),
        (
            "asked_of: grace@example.org",
            "asked_of: ' ADA  lovelace'",
            "asked.yaml:7: confirmations[0].asked_of: names the person themself; a confirmation comes from a "
            "colleague",
        ),
        (
            "asked_at: 2026-03-01",
            "asked_at: 2027-03-01",
            "asked.yaml:9: confirmations[0].asked_at: 2027-03-01 is after today (2026-06-01); expected a past date",
        ),
        (
            "evidence:",
            "evidenz:",
            "asked.yaml:8: confirmations[0].evidenz: is not a known field; expected one of id, person, skill, level, "
            "asked_of, evidence, asked_at, answer, answered_at",
        ),
        (
            "    answered_at: 2026-03-04\n",
            "",
            "asked.yaml:3: confirmations[0].answered_at: is missing; an answered confirmation says when it was "
            "answered",
        ),
    ],
)
def test_a_bad_field_is_named_with_its_line(
    shipped: Framework, find: str, replace: str, expected: str
) -> None:
    problems = problems_of(GOOD.decode().replace(find, replace, 1).encode(), shipped)
    assert expected in problems, problems


def test_a_date_of_answer_without_an_answer_is_refused(shipped: Framework) -> None:
    problems = problems_of(GOOD + b"    answered_at: 2026-03-05\n", shipped)
    assert problems == [
        "asked.yaml:19: confirmations[2].answer: is missing; answered_at is given, so expected confirmed, "
        "declined or a level"
    ]


def test_every_problem_is_reported_and_the_whole_file_is_refused(shipped: Framework) -> None:
    raw = GOOD.replace(b"level: 3", b"level: 7").replace(b"answer: 2", b"answer: 6")
    problems = problems_of(raw, shipped)
    assert len(problems) == 3, problems
    assert any("confirmations[1].answer: level 6 is off the scale" in p for p in problems)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"", "asked.yaml: the file is empty; expected a YAML mapping"),
        (b"- a\n- b\n", "asked.yaml:1: expected a mapping at the top level, found list"),
        (b"stagepath: 1\nconfirmations: &a [*a]\n", "anchors and aliases (& and *) are not allowed"),
        (b"stagepath: 2\n", "asked.yaml:1: stagepath: Input should be 1"),
        (
            b"confirmation: []\n",
            "asked.yaml:1: confirmation: is not a known field; expected one of stagepath, confirmations",
        ),
        (b"confirmations:\n  - person: Ada\n", "asked.yaml:2: confirmations[0].skill: is missing (required)"),
    ],
)
def test_unreadable_files_are_refused_with_a_line(shipped: Framework, raw: bytes, expected: str) -> None:
    problems = problems_of(raw, shipped)
    assert any(expected in p for p in problems), problems


def test_an_agreed_assessment_names_who_agreed_and_reads_back_unchanged(shipped: Framework) -> None:
    raw = (
        b"stagepath: 1\nname: Ada\ntrack: developer\nrater: agreed\n"
        b"agreed_by: [Ada, grace@example.org]\nassessed_on: 2026-05-01\nratings: {read-code: 3}\n"
    )
    assessment = load_assessment("ada.yaml", raw, shipped)
    assert assessment.rater == "agreed" and assessment.agreed_by == ("Ada", "grace@example.org")
    again = load_assessment("again.yaml", dump_assessment(assessment).encode(), shipped)
    assert again == assessment


def test_only_an_agreed_assessment_may_name_who_agreed(shipped: Framework) -> None:
    raw = b"stagepath: 1\nname: Ada\ntrack: developer\nrater: self\nagreed_by: [Grace]\nratings: {}\n"
    with pytest.raises(InputError) as caught:
        load_assessment("ada.yaml", raw, shipped)
    assert [str(p) for p in caught.value.problems] == [
        "ada.yaml:5: agreed_by: Value error, names who agreed, but the rater is 'self'; expected rater: agreed; "
        "found ['Grace']"
    ]


def test_an_unknown_rater_names_agreed_among_the_expected(shipped: Framework) -> None:
    raw = b"stagepath: 1\ntrack: developer\nrater: boss\n"
    with pytest.raises(InputError) as caught:
        load_assessment("ada.yaml", raw, shipped)
    assert "'self', 'manager', 'peer' or 'agreed'" in str(caught.value)
