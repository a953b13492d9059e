"""The framework's words live in roles/: with a framework whose floor is not about code, no output of the
command line, the exports or the pages speaks of reading, writing or debugging code."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from planner.formats.assessment import Assessment
from planner.formats.table import team_from_assessments
from planner.framework import Framework
from planner.person.placement import assess
from planner.reports.markdown import plan_markdown
from planner.reports.pdf import plan_pdf
from planner.reports.team import team_markdown
from planner.team.summary import summarise
from tests.app_support import go, rate, start
from tests.conftest import LADDERED

CODE_WORDS = re.compile(r"read(ing)?[ ,-]+(write|code)|writ(e|ing)[ -]code|debug", re.IGNORECASE)
RATINGS = {"tend-soil": 1, "sow-seed": 2, "mend-fence": 0, "watering": 1, "pruning": 2}


def _clean(text: str, where: str) -> None:
    found = CODE_WORDS.search(text)
    assert found is None, (
        f"{where} says {found.group(0)!r}: ...{text[max(found.start() - 80, 0) : found.end() + 80]}"
    )


def _files(tmp_path: Path) -> tuple[Path, Path]:
    person = tmp_path / "ann.yaml"
    person.write_text(
        "stagepath: 1\nname: Ann\ntrack: grower\nratings:\n"
        + "".join(f"  {k}: {v}\n" for k, v in RATINGS.items())
    )
    roster = tmp_path / "team.csv"
    roster.write_text(
        "name,track,rater,tend-soil,sow-seed,mend-fence,watering,pruning,planning,grafting\n"
        "Bo,grower,self,2,2,1,2,2,1,0\nCy,grower,manager,3,1,2,1,1,0,2\n"
    )
    return person, roster


COMMANDS: list[list[str]] = [
    ["validate", str(LADDERED)],
    ["framework", "--format", "json"],
    ["assess", "{person}", "--format", "json", "--top", "0"],
    ["assess", "{person}", "--format", "markdown", "--target", "4"],
    ["team", "{person}", "{roster}", "--format", "json", "--target", "4"],
    ["team", "{person}", "{roster}", "--format", "csv", "--target", "4"],
    ["team", "{person}", "{roster}", "--format", "markdown", "--target", "4"],
    ["effort", "--stage", "2", "--days", "3", "--format", "json"],
    ["effort", "--stage", "2", "--days", "3", "--format", "markdown"],
    ["assess", "{roster}", "--format", "json"],  # an error: its message must not name code either
]


@pytest.mark.parametrize(
    "command", COMMANDS, ids=lambda c: "-".join(a for a in c if not a.startswith("{"))[:40]
)
def test_no_command_speaks_of_code_on_a_framework_without_it(tmp_path: Path, command: list[str]) -> None:
    person, roster = _files(tmp_path)
    args = [a.format(person=person, roster=roster) for a in command]
    if args[0] != "validate":
        args[1:1] = ["--roles", str(LADDERED)]
    out = subprocess.run([sys.executable, "-m", "planner.cli", *args], capture_output=True, text=True)
    assert out.returncode in (0, 1), out.stderr
    _clean(out.stdout + out.stderr, " ".join(command))
    if "--format" in args and args[args.index("--format") + 1] == "json" and out.returncode == 0:
        json.loads(out.stdout)


def test_no_export_speaks_of_code_on_a_framework_without_it(laddered: Framework, tmp_path: Path) -> None:
    person = Assessment(name="Ann", track="grower", ratings=RATINGS, target=4)
    plan = assess(laddered, person, top=None)
    assert plan.warnings  # the floor warning and the risen skills: sentences that once named code
    _clean(plan_markdown(laddered, person, plan), "the plan's Markdown")
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(plan_pdf(laddered, person, plan))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Groundskeeping" in text
    _clean(text, "the plan's PDF")
    others = [Assessment(name=n, track="grower", ratings={"tend-soil": 1}) for n in ("Bo", "Cy")]
    report = summarise(laddered, team_from_assessments(laddered, [person, *others]), target=4)
    _clean(team_markdown(laddered, report), "the team's Markdown")


def _page_text(at: Any) -> str:
    """Every element's content on the page, labels, options and table cells included."""
    out: list[str] = []

    def walk(node: Any) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            out.append(str(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return "\n".join(out)


def test_no_page_speaks_of_code_on_a_framework_without_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STAGEPATH_ROLES", str(LADDERED))
    at = start()
    text = _page_text(at)
    assert "Groundskeeping" in text and "Rising ladder" in text
    _clean(text, "Explore")
    go(at, "assess")
    rate(at, {"tend-soil": 1, "watering": 1})
    _clean(_page_text(at), "Assess")
    for page in ("plan", "team", "hiring"):
        go(at, page)
        _clean(_page_text(at), page)
