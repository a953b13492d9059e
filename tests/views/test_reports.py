"""The Markdown reports of one person: the plan, in the engine's order with every stage's readiness, and
the effort projection with the rule of thumb and the source's range kept apart. Text from people and
frameworks is escaped so it can never become a link, an image, HTML or a heading."""

from __future__ import annotations

import datetime as dt

from planner.formats.assessment import Assessment
from planner.framework import Framework
from planner.person.effort import project
from planner.person.placement import assess
from planner.reports.markdown import effort_markdown, plan_markdown
from planner.views.escape import WORD_JOINER
from tests.app_support import hostile_live

# On the five-stage framework: below the floor in debug-code, prompting met, verifying one short.
ADA = Assessment(
    name="Ada [me](http://example.com) <b>",
    track="developer",
    rater="manager",
    assessed_on=dt.date(2025, 3, 1),
    ratings={"read-code": 2, "write-code": 2, "debug-code": 1, "prompting": 2, "verifying": 1},
    evidence={"prompting": "Wrote the *team* prompt guide", "verifying": "  "},
)


def test_the_plan_names_the_person_escaped_so_nothing_becomes_a_link(five: Framework) -> None:
    text = plan_markdown(five, ADA, assess(five, ADA, target=3))
    title = text.splitlines()[0]
    assert title == f"# Growth plan for Ada \\[me\\](http:{WORD_JOINER}//example.com) \\<b>"
    assert hostile_live(title.replace("example", "evil")) == []  # no link, no tag


def test_an_unnamed_plan_has_a_plain_title(five: Framework) -> None:
    unnamed = ADA.model_copy(update={"name": None})
    assert plan_markdown(five, unnamed, assess(five, unnamed)).startswith("# Growth plan\n")


def test_the_plan_lists_the_focus_in_the_engine_order_floor_first(five: Framework) -> None:
    plan = assess(five, ADA, target=3, top=None)
    lines = plan_markdown(five, ADA, plan).splitlines()
    numbered = [line for line in lines if line[:1].isdigit() and ". **" in line]
    assert len(numbered) == len(plan.focus) > 1
    for n, (line, item) in enumerate(zip(numbered, plan.focus, strict=True), 1):
        assert line.startswith(f"{n}. **{item.name}**")
    assert f"({five.curve.floor.name})" in numbered[0]  # the floor breach comes first
    assert "- **Floor:** not met in 1 skill (at 2 · Good or above)" in lines


def test_the_plan_gives_every_stage_its_readiness_and_marks_the_aspirational(five: Framework) -> None:
    plan = assess(five, ADA, target=3)
    lines = plan_markdown(five, ADA, plan).splitlines()
    rows = [line for line in lines if line.startswith("| ") and line[2].isdigit()]
    assert [row.split(" | ")[0] for row in rows] == [f"| {s.number}" for s in five.curve.stages]
    # A stage with skills of its own shows its readiness; stages with none (1 and the aspirational 5) show a
    # dash, not a figure that would read as progress toward nothing.
    met = plan.met[3]
    assert met.of > 0 and met.met < met.of  # ADA has gaps at stage 3
    assert rows[2] == f"| 3 | Direct | {round(plan.readiness[3] * 100)}% | {met.met} of {met.of} skills met |"
    assert rows[0] == "| 1 | Start | — | — |"
    assert rows[-1] == "| 5 | Dream (aspirational) | — | — |"


def test_the_plan_says_who_rated_and_when_and_keeps_only_written_evidence(five: Framework) -> None:
    lines = plan_markdown(five, ADA, assess(five, ADA)).splitlines()
    assert "- **Assessment:** rated by manager on 2025-03-01" in lines
    assert r"- **Prompting:** Wrote the \*team\* prompt guide" in lines
    assert not any(line.startswith("- **Verifying:**") for line in lines)  # blank evidence is left out


def test_the_effort_report_keeps_the_rule_of_thumb_and_the_reference_apart(five: Framework) -> None:
    lines = effort_markdown(project(five, 2, 3)).splitlines()
    assert lines[0] == "# Effort projection from stage 2 (3 days)"
    assert "| 3 | 15 | 5 to 10 | - |" in lines and "| 4 | 75 | none given | - |" in lines
    assert any("rule of thumb: about 5x per stage" in line for line in lines)
