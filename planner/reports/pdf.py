"""The plan as a PDF with its charts, drawn with fpdf2's own shapes: no browser or image library needed.

Built only when someone asks for it. Text goes in as plain text (fpdf2's markdown is off), so a name or
a note can never become formatting or a link. DejaVu Sans is used when installed (it has every character
a name might hold); otherwise the built-in Helvetica with unsupported characters replaced."""

from __future__ import annotations

import math
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from planner.formats.assessment import Assessment
from planner.framework import Framework
from planner.person.placement import Plan
from planner.reports.outline import UNCONFIRMED, plan_outline
from planner.views.tables import RadarPoint, radar_points, readiness_rows, readiness_text
from planner.views.words import (
    BLUE,
    GREY,
    ORANGE,
    SKY,
    level_label,
    stage_name,
)

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
WIDTH = 180  # usable width on A4 with 15 mm margins


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


class _Doc:
    """A thin writer over FPDF: headings, paragraphs and bullets in one font, safe for any text."""

    def __init__(self) -> None:
        self.pdf = FPDF(format="A4")
        self.pdf.set_margins(15, 15, 15)
        self.pdf.set_auto_page_break(True, margin=15)
        regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            self.pdf.add_font("DejaVu", "", str(regular))
            self.pdf.add_font("DejaVu", "B", str(bold))
            self.family, self.unicode = "DejaVu", True
        else:
            self.family, self.unicode = "Helvetica", False
        self.pdf.add_page()

    def clean(self, text: str) -> str:
        text = " ".join(str(text).split())
        return text if self.unicode else text.encode("latin-1", "replace").decode("latin-1")

    def font(self, size: float, bold: bool = False) -> None:
        self.pdf.set_font(self.family, "B" if bold else "", size)

    def heading(self, text: str, size: float = 14) -> None:
        self.pdf.ln(3)
        self.font(size, bold=True)
        self.pdf.multi_cell(WIDTH, size * 0.5, self.clean(text), align="L", new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(1)

    def para(self, text: str, size: float = 10, bold: bool = False, indent: float = 0) -> None:
        self.font(size, bold)
        self.pdf.set_x(self.pdf.l_margin + indent)
        self.pdf.multi_cell(
            WIDTH - indent, size * 0.5, self.clean(text), align="L", new_x="LMARGIN", new_y="NEXT"
        )

    def bullet(self, text: str, indent: float = 4) -> None:
        self.para(f"• {text}" if self.unicode else f"- {text}", indent=indent)

    def need(self, height: float) -> None:
        """Start a new page unless `height` mm still fit on this one."""
        if self.pdf.get_y() + height > self.pdf.h - self.pdf.b_margin:
            self.pdf.add_page()


def plan_pdf(framework: Framework, assessment: Assessment, plan: Plan) -> bytes:
    """The personal plan: headline, warnings, focus with actions, the readiness bars, the radar and its
    numbers, and the evidence noted."""
    outline = plan_outline(framework, assessment, plan)
    doc = _Doc()
    doc.heading(outline.title, 18)
    *facts, (framework_label, framework_text) = outline.facts
    for label, text in facts:
        doc.para(f"{label}: {text}")
    doc.para(f"{framework_label}: {framework_text}", size=8)

    if outline.warnings:
        doc.heading("Before you read on", 12)
        for warning in outline.warnings:
            doc.bullet(warning)

    doc.heading(f"Focus, in order: {outline.focus_count}" if outline.focus else "Focus, in order", 12)
    if not outline.focus:
        doc.para(outline.nothing_to_develop)
    for entry in outline.focus:
        doc.need(30)
        doc.para(f"{entry.number}. {entry.name}", bold=True)
        doc.para(f"{entry.where}. {entry.gap}", indent=4)
        doc.para(f"Why first: {entry.why}", indent=4)
        for action in entry.actions:
            doc.bullet(action, indent=8)

    if outline.lessons:
        doc.heading("What the source teaches about these gaps", 12)
        for label, text, origin in outline.lessons:
            doc.need(20)
            doc.para(label, bold=True)
            doc.para(text, indent=4)
            doc.para(origin, size=8, indent=4)

    doc.need(20 + 8 * len(framework.curve.stages))
    doc.heading("Readiness by stage", 12)
    _readiness_bars(doc, framework, plan)

    points = radar_points(framework, assessment, plan.target)
    doc.need(125)
    doc.heading(f"Your ratings against {stage_name(framework, plan.target)}", 12)
    _radar(doc, points, max(framework.levels))
    doc.need(20)
    _radar_table(doc, framework, points, assessment.ratings)

    if outline.unrated:
        doc.para(f"Unrated (counted as 0): {', '.join(outline.unrated)}", size=8)
    if outline.stale:
        doc.para(
            f"Due for re-rating (older than the framework's review period): {', '.join(outline.stale)}",
            size=8,
        )
    if outline.unconfirmed:
        doc.para(
            f"{UNCONFIRMED}: " + "; ".join(f"{name} ({rating})" for name, rating in outline.unconfirmed),
            size=8,
        )
    if outline.evidence:
        doc.heading("Evidence noted", 12)
        for name, note in outline.evidence:
            doc.bullet(f"{name}: {note}")
    return bytes(doc.pdf.output())


def _readiness_bars(doc: _Doc, framework: Framework, plan: Plan) -> None:
    """One horizontal bar per stage, labelled with the stage, its status in words and the percentage. The
    label and the words wrap inside their columns, so no text runs past the margin; a row is as tall as
    its longest text."""
    pdf = doc.pdf
    label_w, bar_w, row_h, line_h = 40, 80, 7, 3.6
    words_w = WIDTH - label_w - bar_w - 2
    colours = {"target": ORANGE, "ahead": SKY}
    for row in readiness_rows(framework, plan):
        doc.need(2 * row_h)
        y = pdf.get_y()
        status = row["Status"]
        doc.font(9)
        pdf.set_xy(pdf.l_margin, y + 1.5)
        pdf.multi_cell(
            label_w - 1,
            line_h,
            doc.clean(f"{row['Stage']} {row['Name']}"),
            align="L",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        bottom = pdf.get_y()
        pdf.set_draw_color(*_rgb(GREY))
        pdf.set_fill_color(255, 255, 255)
        pdf.rect(pdf.l_margin + label_w, y + 1, bar_w, row_h - 2, style="D")
        base = status.split(",")[0]
        colour = GREY if "aspirational" in status else colours.get(base, BLUE)
        pdf.set_fill_color(*_rgb(colour))
        filled = bar_w * (row["Readiness"] or 0) / 100
        if filled > 0:
            pdf.rect(pdf.l_margin + label_w, y + 1, filled, row_h - 2, style="F")
        doc.font(8)
        pdf.set_xy(pdf.l_margin + label_w + bar_w + 2, y + 1.5)
        pdf.multi_cell(
            words_w,
            line_h,
            doc.clean(f"{readiness_text(row)} ({status})"),
            align="L",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.set_y(max(y + row_h, bottom + 1, pdf.get_y() + 1))
    pdf.ln(2)


def _radar(doc: _Doc, points: list[RadarPoint], max_level: int) -> None:
    """A radar of rating (solid, filled) against expected (dashed), with a ring per level."""
    pdf = doc.pdf
    if len(points) < 3 or max_level <= 0:
        doc.para("Too few skills at this stage for a radar; see the table below.")
        return
    radius = 42.0
    cx, cy = pdf.l_margin + WIDTH / 2, pdf.get_y() + radius + 14
    n = len(points)

    def at(i: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        r = radius * value / max_level
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    pdf.set_line_width(0.2)
    pdf.set_draw_color(200, 200, 200)
    for level in range(1, max_level + 1):
        pdf.polygon([at(i, level) for i in range(n)], style="D")
    doc.font(6)
    for i in range(n):
        x, y = at(i, max_level)
        pdf.line(cx, cy, x, y)
        lx, ly = at(i, max_level + 0.45)
        label = doc.clean(f"{i + 1}")
        pdf.set_xy(lx - 4, ly - 2)
        pdf.cell(8, 4, label, align="C")
    pdf.set_draw_color(*_rgb(BLUE))
    pdf.set_fill_color(*_rgb(BLUE))
    pdf.set_line_width(0.6)
    with pdf.local_context(fill_opacity=0.25):
        pdf.polygon([at(i, p.rating) for i, p in enumerate(points)], style="DF")
    pdf.set_draw_color(*_rgb(ORANGE))
    pdf.set_dash_pattern(dash=1.5, gap=1)
    pdf.polygon([at(i, p.expected) for i, p in enumerate(points)], style="D")
    pdf.set_dash_pattern()
    pdf.set_line_width(0.2)
    # The legend says in words which line is which.
    pdf.set_y(cy + radius + 8)
    doc.para(
        "Solid blue, filled: your rating. Dashed orange: expected. Rings are levels 1 to "
        f"{max_level}; numbers match the table below.",
        size=8,
    )


def _radar_table(doc: _Doc, framework: Framework, points: list[RadarPoint], rated: dict[str, int]) -> None:
    doc.font(8)
    pdf = doc.pdf
    pdf.set_draw_color(160, 160, 160)
    pdf.set_fill_color(255, 255, 255)
    header = ("#", "Skill", "Where", "Rating", "Expected", "Gap")
    with pdf.table(
        col_widths=(8, 70, 22, 32, 32, 12),
        text_align="LEFT",
        line_height=5,
        headings_style=FontFace(emphasis="BOLD", fill_color=(235, 235, 235)),
    ) as table:
        row = table.row()
        for cell in header:
            row.cell(cell)
        for i, point in enumerate(points, 1):
            row = table.row()
            for cell in (
                str(i),
                point.name,
                point.where,
                level_label(framework, rated.get(point.skill)),
                level_label(framework, point.expected),
                str(max(point.expected - point.rating, 0)),
            ):
                row.cell(doc.clean(cell))
