"""The plan's PDF measured: every character inside the page's margins, whatever the plan holds (a long
name, every stage's status in words, a long note), read back from the PDF with pdfplumber."""

from __future__ import annotations

import io

import pdfplumber
import pytest

from planner.formats.assessment import Assessment
from planner.framework.loading import load_framework
from planner.person.placement import assess
from planner.reports.pdf import plan_pdf

FRAMEWORK = load_framework()
MARGIN_MM = 15
POINTS_PER_MM = 72 / 25.4


def outside(raw: bytes) -> list[tuple[int, str, float, float]]:
    """(page, character, x, y) of every character that is not inside the margins."""
    found = []
    with pdfplumber.open(io.BytesIO(raw)) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            margin = MARGIN_MM * POINTS_PER_MM - 0.5  # half a point for rounding
            for c in page.chars:
                if (
                    c["x0"] < margin
                    or c["x1"] > page.width - margin
                    or c["top"] < margin
                    or c["bottom"] > page.height - margin
                ):
                    found.append((number, c["text"], round(c["x0"]), round(c["top"])))
    return found


@pytest.mark.parametrize("target", [4, 8])
def test_every_character_of_the_plan_pdf_is_inside_its_margins(target: int) -> None:
    ratings = {s: 3 for s in FRAMEWORK.track_skill_ids("developer")[:12]}
    person = Assessment(
        name="Maximiliana Wolkenstein-Oberhausen de la Fuente y Villanueva-Castellanos",
        track="developer",
        ratings=ratings,
        evidence={"read-code": "Reviewed " + "the payments service's retry logic " * 12},
    )
    plan = assess(FRAMEWORK, person, target=target, top=None)
    raw = plan_pdf(FRAMEWORK, person, plan)
    with pdfplumber.open(io.BytesIO(raw)) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    # The words that ran off the page before are there, whole, and inside the margins.
    assert "no skills of its own" in " ".join(text.split())
    assert outside(raw) == []


def test_the_pdf_says_how_much_of_the_focus_list_it_carries() -> None:
    """As the Markdown plan does: 'the top 3 of N' when the list is cut, 'all N' when it is whole."""
    assessment = Assessment(name="Ada", track="developer", ratings={})
    cut = assess(FRAMEWORK, assessment, target=4, top=3)
    whole = assess(FRAMEWORK, assessment, target=4, top=None)

    def text(raw: bytes) -> str:
        with pdfplumber.open(io.BytesIO(raw)) as pdf:
            return " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)

    assert f"Focus, in order: the top 3 of {len(whole.focus)}" in text(plan_pdf(FRAMEWORK, assessment, cut))
    assert f"Focus, in order: all {len(whole.focus)}" in text(plan_pdf(FRAMEWORK, assessment, whole))
