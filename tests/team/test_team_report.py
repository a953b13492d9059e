"""The team report for people: Markdown that gives the report's own figures (people, target, breaches,
coverage rows, hiring profiles) with every name escaped, and the coverage as CSV in which no cell can start
a formula."""

from __future__ import annotations

import csv
import io

from planner.formats.assessment import Assessment
from planner.formats.table import team_from_assessments
from planner.framework import Framework
from planner.reports.team import COVERAGE_COLUMNS, coverage_csv, team_markdown
from planner.team.summary import TeamReport, summarise
from planner.team.support import Support

FLOOR = {"read-code": 2, "write-code": 2, "debug-code": 2}


def people(five: Framework) -> TeamReport:
    """Three developers: one below the floor, one with a formula for a name, one with Markdown in it."""
    team = [
        Assessment(name="ada", track="developer", ratings={**FLOOR, "prompting": 2, "verifying": 2}),
        Assessment(name="=cmd|'/c calc'!A1", track="developer", ratings={**FLOOR, "prompting": 1}),
        Assessment(name="**bo**", track="developer", ratings={**FLOOR, "debug-code": 1}),
    ]
    return summarise(five, team_from_assessments(five, team), target=2)


def test_the_headline_gives_the_report_figures(five: Framework) -> None:
    report = people(five)
    lines = team_markdown(five, report).splitlines()
    unheld = sum(not r.held for r in report.coverage)
    thin = sum(r.verdict == "thin" for r in report.coverage)
    assert (unheld, thin) == (0, 2)  # prompting and verifying rest on ada alone
    assert lines[:7] == [
        "# Team plan",
        "",
        "- **People:** 3",
        "- **Target:** stage 2 (Assist)",
        "- **Floor breaches:** 1",
        f"- **Skills no one holds at the target:** 0 of {len(report.coverage)}",
        f"- **Skills resting on too few people:** 2 of {len(report.coverage)}",
    ]


def test_support_is_in_the_headline_only_when_known(five: Framework) -> None:
    report = people(five)
    support = Support(people=3, share=0.6, plan_for=2, text="About 60% make it.")
    headline = [
        line for line in team_markdown(five, report, support).splitlines() if "Support to plan" in line
    ]
    assert len(headline) == 1
    # The figure is the source's share applied to the head count, and says so: not a measurement of the team.
    assert headline[0].startswith("- **Support to plan for, by the source's figure:** 2 of 3 people")
    assert "the framework's share is 0.6" in headline[0] and "not a measurement of this team" in headline[0]
    quoted = Support(people=3, share=0.6, plan_for=2, text="About 60% make it.", quote="about 60%")
    # The source's words in quotation marks, our number for them said to be ours.
    line = next(ln for ln in team_markdown(five, report, quoted).splitlines() if "Support to plan" in ln)
    assert 'the source says "about 60%", which we read as 0.6' in line
    assert "Support to plan" not in team_markdown(five, report)


def test_every_breach_and_coverage_row_is_listed_with_names_escaped(five: Framework) -> None:
    report = people(five)
    text = team_markdown(five, report)
    assert r"- \*\*bo\*\*: Debug code rated 1, minimum 2" in text.splitlines()
    section = text.split("## Coverage at the target\n")[1].split("\n## ")[0]
    rows = [line for line in section.splitlines() if line.startswith("| Developer |")]
    assert [row.split(" | ")[1] for row in rows] == [five.skill_names[r.skill] for r in report.coverage]
    assert "**bo**" not in text


def test_each_hiring_profile_is_a_section_of_its_own(five: Framework) -> None:
    report = people(five)
    headings = [line for line in team_markdown(five, report).splitlines() if line.startswith("## Hiring")]
    assert len(headings) == len(report.hiring_profiles)


def test_the_coverage_csv_has_one_row_per_coverage_row_and_no_formula(five: Framework) -> None:
    report = people(five)
    rows = list(csv.reader(io.StringIO(coverage_csv(report))))
    assert tuple(rows[0]) == COVERAGE_COLUMNS
    assert len(rows) - 1 == len(report.coverage)
    assert [r[1] for r in rows[1:]] == [r.skill for r in report.coverage]
    cells = [cell for row in rows[1:] for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert any("'=cmd|" in cell for cell in cells)  # the name is kept, quoted so no spreadsheet runs it
