"""The app's pure helpers: safe links and file names, the words for
levels and reasons, the numbers behind the charts, and the PDF with or without a Unicode font."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from planner.formats.assessment import Assessment
from planner.framework.loading import load_framework
from planner.person.placement import assess
from planner.reports import pdf
from planner.ui.figures import plain, readiness_figure, skills_figure
from planner.views.tables import cost_points, radar_points, readiness_rows
from planner.views.words import file_stem, level_label, reason_words, safe_url
from tests.app_support import HOSTILE

FRAMEWORK = load_framework()


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.com/a", "https://example.com/a"),
        ("http://example.com/a b(c)", "http://example.com/a%20b%28c%29"),
        ("javascript:alert(1)", None),
        ("data:text/html,<script>", None),
        ("//example.com", None),
        ("relative/path", None),
        ("https://", None),
    ],
)
def test_only_http_links_are_linked(url: str, safe: str | None) -> None:
    assert safe_url(url) == safe


def test_file_names_are_tame_whatever_the_name() -> None:
    day = dt.date(2026, 9, 1)
    assert file_stem("Sam Example", "developer", day) == "stagepath-sam-example-developer-2026-09-01"
    assert file_stem("../../etc/passwd", "qa", day) == "stagepath-etc-passwd-qa-2026-09-01"
    assert file_stem(None, "qa", day) == "stagepath-qa-2026-09-01"
    assert file_stem("Łukasz 🚀", "qa", day) == "stagepath-ukasz-qa-2026-09-01"
    assert len(file_stem("x" * 500, "qa", day)) < 80


def test_levels_and_reasons_use_the_frameworks_words() -> None:
    assert level_label(FRAMEWORK, 3) == "3 · Proficient"
    assert level_label(FRAMEWORK, None) == "Unrated"
    plan = assess(FRAMEWORK, Assessment(track="developer", target=3, ratings={"read-code": 3}), top=None)
    reasons = {item.reason: reason_words(item, FRAMEWORK) for item in plan.focus}
    assert FRAMEWORK.curve.floor.name in reasons["floor"]
    assert reasons["blocks-stage-2"].startswith("A gap at Stage 2 · Assist")
    assert reasons["target"] == "Your target, Stage 3 · Task, expects it."


def test_plotly_labels_cannot_carry_html() -> None:
    assert plain("<a href='x'>y</a> & z") == "&lt;a href='x'&gt;y&lt;/a&gt; &amp; z"


def test_chart_numbers_match_the_engine() -> None:
    a = Assessment(track="qa", ratings={"read-code": 3, "assisted-test-drafting": 2})
    plan = assess(FRAMEWORK, a)
    rows = readiness_rows(FRAMEWORK, plan)
    # Stages that ask nothing of their own (stage 1, where everyone starts, and the aspirational 7 and 8
    # of the shipped framework) show no figure: it would only repeat the stage below.
    assert [r["Readiness"] for r in rows] == [
        None if s.number in (1, 7, 8) else round(plan.readiness[s.number] * 100)
        for s in FRAMEWORK.curve.stages
    ]
    assert all("no skills of its own" in r["Status"] for r in rows if r["Readiness"] is None)
    traces = readiness_figure(FRAMEWORK, plan).to_dict()["data"]
    bars = {x: text.replace("<br>", " ") for t in traces for x, text in zip(t["x"], t["text"], strict=True)}
    hover = {x: text for t in traces for x, text in zip(t["x"], t["hovertext"], strict=True)}
    assert bars["7 Supervise"] == "—" and bars["2 Assist"].endswith("%")  # the table's dash
    assert hover["7 Supervise"] == "no skills of its own" and hover["2 Assist"].endswith("% ready")
    # The text keeps the size of the percentages (plotly shrinks text to a bar's width).
    assert all(t["constraintext"] == "none" for t in traces)
    points = radar_points(FRAMEWORK, a, 2)
    assert [p.skill for p in points] == list(FRAMEWORK.track_skill_ids("qa")[:7])
    spec = skills_figure(points, {lv: str(lv) for lv in range(5)}).to_dict()
    assert spec["data"][2]["x"][:3] == [3, 0, 0] and len(spec["data"][2]["y"]) == len(points)
    costs = cost_points(FRAMEWORK)
    assert [(c.stage, c.low, c.high) for c in costs] == [(3, 2, 3), (4, 20, 30), (5, 60, 180), (6, 240, 360)]
    assert costs[0].rule_of_thumb == 2.5 and costs[1].rule_of_thumb == 18


def _pdf_text(data: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "plan.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_the_pdf_shows_a_hostile_name_and_notes_as_plain_text(tmp_path: Path) -> None:
    a = Assessment(
        name=HOSTILE + " Łukasz ≥",
        track="developer",
        ratings={"read-code": 2},
        evidence={"read-code": "**not bold** <b>not html</b>"},
    )
    text = _pdf_text(pdf.plan_pdf(FRAMEWORK, a, assess(FRAMEWORK, a)), tmp_path)
    flat = " ".join(text.split())
    assert f"{HOSTILE} Łukasz ≥" in flat
    assert "**not bold** <b>not html</b>" in flat


def test_the_pdf_builds_without_dejavu(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "FONT_DIR", tmp_path / "no-fonts")
    a = Assessment(name="Zoë 🚀 ≥", track="qa", ratings={"debug-code": 4})
    data = pdf.plan_pdf(FRAMEWORK, a, assess(FRAMEWORK, a))
    assert data.startswith(b"%PDF")
    assert "Growth plan for Zoë ? ?" in _pdf_text(data, tmp_path)
