"""Charts as functions from results to plotly figures. Colours come from the Okabe-Ito palette and every
series also differs in marker, line dash or fill pattern, with its meaning in the legend and the text.

Figures are written as plain plotly JSON (see Chart): validating a figure costs more than the rest of a
page rerun. The tests check the JSON Streamlit sends, and the browser tests that plotly draws it."""

from __future__ import annotations

import functools
import textwrap
from typing import Any

import plotly.graph_objects as go

from planner.framework import Framework
from planner.service.person import Plan
from planner.views.tables import NO_FIGURE, NOTHING_OF_ITS_OWN, CostPoint, RadarPoint, has_own_expectations
from planner.views.words import BLUE, GREY, ORANGE, SKY, VERMILLION, percent

Spec = dict[str, Any]
FONT = {"family": "sans-serif", "size": 13}
# A sequential scale, light to dark, safe for colour-blind readers (ColorBrewer Blues).
BLUES = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
LEGEND = {"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0}
PERCENT_AXIS = {"title": {"text": "Readiness (%)"}, "ticksuffix": "%", "tickvals": [0, 25, 50, 75, 100]}


def plain(text: str) -> str:
    """Framework text for plotly, which reads a few HTML tags in labels (links among them): escaped so
    that it always shows literally."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def stage_tick(number: int, name: str) -> str:
    return f"{number} {plain(name)}"


class Chart(go.Figure):  # type: ignore[misc]
    """A figure that is its finished plotly JSON. plotly's own constructor validates every property
    (20-30 ms for a radar) and st.plotly_chart deep-copies the result (2 ms); a Chart hands Streamlit
    the JSON as written. Only `to_dict` and `to_plotly_json` are meant to be used on it."""

    def __init__(self, spec: Spec) -> None:  # plotly's constructor is skipped on purpose
        self._spec = spec

    def to_dict(self) -> Spec:
        return self._spec

    def to_plotly_json(self) -> Spec:
        return self._spec


def figure(data: list[Spec], layout: Spec, title: str, height: int) -> Chart:
    """A chart from its JSON, with the common layout; an empty title leaves the heading to the page."""
    spec_layout = {
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 80 if title else 40, "b": 10},
        "font": FONT,
        "legend": LEGEND,
        **({"title": {"text": plain(title), "x": 0, "xanchor": "left"}} if title else {}),
        **layout,
    }
    return Chart({"data": data, "layout": spec_layout})


def cost_figure(points: list[CostPoint], unit: str, multiplier: float, title: str = "") -> Chart:
    """The cost of each stage on a log scale: our conversion of the source's words as error bars around the geometric
    middle, and the rule-of-thumb multiplier as a dashed line."""
    labels = [stage_tick(p.stage, p.name) for p in points]
    ref = [p for p in points if p.low is not None and p.high is not None]
    mids = [((p.low or 0) * (p.high or 0)) ** 0.5 for p in ref]
    thumb = [p for p in points if p.rule_of_thumb is not None]
    unit_text = plain(unit)
    data = [
        {
            "type": "scatter",
            "name": "Reference: our conversion of the source's words",
            "x": [stage_tick(p.stage, p.name) for p in ref],
            "y": mids,
            "mode": "markers+text",
            "marker": {"symbol": "square", "size": 11, "color": BLUE},
            "error_y": {
                "type": "data",
                "symmetric": False,
                "array": [(p.high or 0) - m for p, m in zip(ref, mids, strict=True)],
                "arrayminus": [m - (p.low or 0) for p, m in zip(ref, mids, strict=True)],
                "color": BLUE,
                "thickness": 3,
                "width": 6,
            },
            # Above and to the right of the marker: level with it, the label ran over the marker and its bar.
            "text": [f"{p.low:g}-{p.high:g}" for p in ref],
            "textposition": "top right",
            "hovertemplate": "%{x}: %{text} " + unit_text + "<extra>reference</extra>",
        },
        {
            "type": "scatter",
            "name": f"Rule of thumb: about {multiplier:g}x per stage",
            "x": [stage_tick(p.stage, p.name) for p in thumb],
            "y": [p.rule_of_thumb for p in thumb],
            "mode": "lines+markers",
            "line": {"color": ORANGE, "dash": "dash", "width": 2},
            "marker": {"symbol": "diamond", "size": 10, "color": ORANGE},
            "hovertemplate": "%{x}: %{y:,.3~g} " + unit_text + "<extra>rule of thumb</extra>",
        },
    ]
    top = max([p.high or 0 for p in points] + [p.rule_of_thumb or 0 for p in points] + [1])
    ticks = [v for v in (1, 3, 10, 30, 100, 300, 1000, 3000, 10000, 30000, 100000) if v <= top * 3]
    layout = {
        # Room on the right for the last range's label.
        "xaxis": {
            "title": {"text": "Stage"},
            "categoryorder": "array",
            "categoryarray": labels,
            "range": [-0.4, len(labels) - 0.2],
        },
        "yaxis": {
            "title": {"text": f"{unit_text.capitalize()} (log scale)"},
            "type": "log",
            "tickvals": ticks,
        },
    }
    return figure(data, layout, title, 420)


_STATUS_STYLE = {
    # status: (legend name, colour, pattern)
    "reached": ("Reached (at or below your placement)", BLUE, ""),
    "target": ("Your target", ORANGE, ""),
    "ahead": ("Ahead", SKY, ""),
    "aspirational": ("Aspirational (never a placement)", GREY, "/"),
}


def _status(framework: Framework, plan: Plan, number: int) -> str:
    stage = framework.stage(number)
    if number <= plan.placement:
        return "reached"
    if number == plan.target:
        return "target"
    return "aspirational" if stage and stage.aspirational else "ahead"


def _readiness_bars(
    name: str, ticks: list[str], values: list[float], colour: str, pattern: str, labelled: bool
) -> dict[str, Any]:
    """One trace of readiness bars (0..1 drawn as percentages), coloured and patterned so that colour is
    never alone. `labelled` writes the percentage above each bar (dark hatching); otherwise it is in the
    hover only (light hatching), for bars side by side whose labels would collide."""
    return {
        "type": "bar",
        "name": name,
        "x": ticks,
        "y": [v * 100 for v in values],
        "text": [percent(v) for v in values],
        "textposition": "outside" if labelled else "none",
        "marker": {
            "color": colour,
            "pattern": {"shape": pattern, "fgcolor": "#333" if labelled else "#fff", "fillmode": "overlay"},
        },
        "hovertemplate": "%{x}: %{text}" + (" ready" if labelled else "") + "<extra>" + name + "</extra>",
    }


def readiness_figure(framework: Framework, plan: Plan, title: str = "") -> Chart:
    """Readiness per stage as bars, grouped by what the stage is for this plan (reached, target, ahead,
    aspirational): one legend entry, colour and pattern per group, the percentage written on each bar."""
    order = [stage_tick(s.number, s.name) for s in framework.curve.stages]
    data = []
    for status, (name, colour, pattern) in _STATUS_STYLE.items():
        stages = [s for s in framework.curve.stages if _status(framework, plan, s.number) == status]
        if not stages:
            continue
        # A stage that asks nothing of its own shows no bar and says so: its figure would only repeat
        # the stage below it.
        own = [has_own_expectations(framework, plan.track, s.number) for s in stages]
        values = [plan.readiness.get(s.number, 0.0) if o else 0.0 for s, o in zip(stages, own, strict=True)]
        ticks = [stage_tick(s.number, s.name) for s in stages]
        bars = _readiness_bars(name, ticks, values, colour, pattern, labelled=True)
        bars["hovertext"] = [
            f"{t} ready" if o else NOTHING_OF_ITS_OWN for t, o in zip(bars["text"], own, strict=True)
        ]
        bars["hovertemplate"] = "%{x}: %{hovertext}<extra>" + name + "</extra>"
        # An empty stage shows the table's dash (its hover and the table beside say why): words there ran
        # into their neighbours on a phone, and plotly shrinks text to a bar's width unless told not to.
        bars["text"] = [t if o else NO_FIGURE for t, o in zip(bars["text"], own, strict=True)]
        bars["constraintext"] = "none"
        data.append(bars)
    layout = {
        "xaxis": {"title": {"text": "Stage"}, "categoryorder": "array", "categoryarray": order},
        "yaxis": {**PERCENT_AXIS, "range": [0, 115]},
    }
    return figure(data, layout, title, 400)


@functools.lru_cache(maxsize=1024)  # skill names repeat on every rerun
def _wrap(label: str, width: int = 16) -> str:
    return "<br>".join(plain(line) for line in textwrap.wrap(label, width)) or plain(label)


ROW = 34  # px per row of the skills chart: room for a name wrapped on two lines


def skills_figure(points: list[RadarPoint], levels: dict[int, str], title: str = "") -> Chart:
    """Rating against expected for every skill the target looks at, one row per skill, the floor first,
    then by stage, each group under its own heading row and set off by a band: the expected level an open
    diamond, the rating a filled circle, and a line between them where the rating falls short. Rows keep
    their height however many skills there are, so the labels never overlap, at 1280 px or on a phone.
    `levels` names each level of the scale, for the hover."""
    labels = [_wrap(p.name, 24) for p in points]
    # Plotly joins repeated categories: a name that repeats keeps its own row by an invisible suffix.
    seen: dict[str, int] = {}
    for i, label in enumerate(labels):
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            labels[i] = label + "\u200b" * (seen[label] - 1)
    rows: list[str] = []
    groups: list[tuple[int, int]] = []  # the first and last row of each group, its heading included
    for i, p in enumerate(points):
        if i == 0 or p.where != points[i - 1].where:
            rows.append(f"<b>{plain(p.where)}</b>")
            groups.append((len(rows) - 1, len(rows) - 1))
        rows.append(labels[i])
        groups[-1] = (groups[-1][0], len(rows) - 1)
    low, top = min(levels), max(levels)
    short = [p for p in points if p.rating < p.expected]
    gap_x: list[float | None] = []
    gap_y: list[str | None] = []
    for p, label in zip(points, labels, strict=True):
        if p.rating < p.expected:
            gap_x += [p.rating, p.expected, None]
            gap_y += [label, label, None]
    hover = [
        f"{plain(p.where)}: rated {plain(levels.get(p.rating, str(p.rating)))}, "
        f"expected {plain(levels.get(p.expected, str(p.expected)))}"
        for p in points
    ]
    data: list[Spec] = [
        {
            "type": "scatter",
            "name": f"Short of expected ({len(short)})",
            "x": gap_x,
            "y": gap_y,
            "mode": "lines",
            "line": {"color": VERMILLION, "width": 3},
            "hoverinfo": "skip",
        },
        {
            "type": "scatter",
            "name": "Expected",
            "x": [p.expected for p in points],
            "y": labels,
            "mode": "markers",
            "marker": {"symbol": "diamond-open", "size": 13, "color": ORANGE, "line": {"width": 2}},
            "customdata": hover,
            "hovertemplate": "%{customdata}<extra></extra>",
        },
        {
            "type": "scatter",
            "name": "Your rating",
            "x": [p.rating for p in points],
            "y": labels,
            "mode": "markers",
            "marker": {"symbol": "circle", "size": 9, "color": BLUE},
            "customdata": hover,
            "hovertemplate": "%{customdata}<extra></extra>",
        },
    ]
    shapes = [
        {
            "type": "rect",
            "xref": "paper",
            "yref": "y",
            "x0": 0,
            "x1": 1,
            "y0": first - 0.5,
            "y1": last + 0.5,
            "fillcolor": "rgba(0,0,0,0.045)",
            "line": {"width": 0},
            "layer": "below",
        }
        for n, (first, last) in enumerate(groups)
        if n % 2 == 0
    ]
    layout = {
        "margin": {"l": 10, "r": 10, "t": 95 if not title else 125, "b": 10},
        "xaxis": {
            "range": [low - 0.3, top + 0.3],
            "tickvals": list(range(low, top + 1)),
            "side": "top",
            "title": {"text": "Level"},
            "zeroline": False,
        },
        "yaxis": {
            "type": "category",
            "autorange": "reversed",
            "automargin": True,
            "tickfont": {"size": 11},
            "categoryorder": "array",
            "categoryarray": rows,
            "range": [len(rows) - 0.5, -0.5],
        },
        "shapes": shapes,
        # Above the level axis, which sits at the top so that it is in sight on arriving at the chart.
        "legend": {
            "orientation": "h",
            "yref": "container",
            "y": 1,
            "yanchor": "top",
            "xanchor": "left",
            "x": 0,
        },
    }
    return figure(data, layout, title, 110 + ROW * len(rows))


def compare_figure(framework: Framework, before: Plan, after: Plan, title: str = "") -> Chart:
    """Readiness per stage before and after, side by side; 'before' also hatched. The numbers are in the
    table beside the chart (labels on paired bars would collide). As on My plan, a stage that asks nothing
    of its own has no bar (its figure would only repeat the stage below) and an aspirational stage is
    marked so on its label."""
    stages = [s for s in framework.curve.stages if has_own_expectations(framework, after.track, s.number)]
    labels = [stage_tick(s.number, s.name) + (" (aspirational)" if s.aspirational else "") for s in stages]
    data = []
    for name, plan, colour, pattern in (("Before", before, VERMILLION, "/"), ("After", after, BLUE, "")):
        values = [plan.readiness.get(s.number, 0.0) for s in stages]
        data.append(_readiness_bars(name, labels, values, colour, pattern, labelled=False))
    layout = {
        "barmode": "group",
        "xaxis": {"title": {"text": "Stage"}},
        "yaxis": {**PERCENT_AXIS, "range": [0, 105]},
    }
    return figure(data, layout, title, 400)
