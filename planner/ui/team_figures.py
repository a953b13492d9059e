"""The manager pages' charts, as functions from results to plotly figures: the stage distribution, the
heatmap of people by skills (and of level counts, for a team too large to show person by person) and
progress over time. Colours are colour-blind safe and never carry meaning alone: every cell has its
number, every series its own pattern or marker, and every mark is named in the legend or the axis."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from planner.framework import Framework
from planner.team.progress import PersonProgress
from planner.ui.figures import FONT, LEGEND, plain
from planner.views.team_tables import Grid, where_label
from planner.views.words import BLUE, GREY, ORANGE, PURPLE, SKY, VERMILLION, level_label, stage_name

# A single-hue scale: lighter is lower, darker is higher, which reads the same with any colour vision.
BLUES = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
TRACK_STYLES = ((BLUE, ""), (ORANGE, "/"), (SKY, "x"), (PURPLE, "."), (GREY, "\\"))
MARKERS = (
    "circle",
    "square",
    "diamond",
    "triangle-up",
    "cross",
    "x",
    "star",
    "hexagon",
    "pentagon",
    "hourglass",
)
DASHES = ("solid", "dash", "dot", "dashdot", "longdash")
ROW_HEIGHT = 26
LINE = {"color": "#333", "width": 2}


def _wrap(text: str, width: int = 16) -> str:
    return "<br>".join(plain(line) for line in textwrap.wrap(text, width)) or plain(text)


def _steps(colours: Sequence[str]) -> list[list[object]]:
    """A discrete colour scale: one flat band per level."""
    n = len(colours)
    scale: list[list[object]] = []
    for i, colour in enumerate(colours):
        scale += [[i / n, colour], [(i + 1) / n, colour]]
    return scale


def distribution_figure(framework: Framework, distribution: dict[str, dict[int, int]]) -> go.Figure:
    """How many people are placed at each stage, one bar per track (each with its own colour and
    pattern), the count written on each bar."""
    tracks = {t.id: t.name for t in framework.tracks}
    stages = list(range(framework.ceiling + 1))
    labels = [_wrap(stage_name(framework, s).replace(" · ", " "), 14) for s in stages]
    fig = go.Figure()
    for i, (track, counts) in enumerate(distribution.items()):
        colour, pattern = TRACK_STYLES[i % len(TRACK_STYLES)]
        values = [counts.get(s, 0) for s in stages]
        name = plain(tracks.get(track, track))
        fig.add_trace(
            go.Bar(
                name=name,
                x=labels,
                y=values,
                text=[str(v) if v else "" for v in values],
                textposition="outside",
                marker={
                    "color": colour,
                    "pattern": {"shape": pattern, "fgcolor": "#333", "fillmode": "overlay"},
                },
                hovertemplate="%{x}: %{y} people<extra>" + name + "</extra>",
            )
        )
    top = max([v for c in distribution.values() for v in c.values()] + [1])
    fig.update_layout(barmode="group", height=340, margin={"l": 10, "r": 10, "t": 40, "b": 10}, font=FONT)
    fig.update_layout(legend=LEGEND)
    fig.update_xaxes(title="Placement", categoryorder="array", categoryarray=labels)
    fig.update_yaxes(title="People", range=[0, top * 1.2 + 0.5], rangemode="tozero")
    return fig


def _line(x: float | None = None, y: float | None = None) -> dict[str, object]:
    """A dividing line across the plot: vertical at x (between column groups) or horizontal at y."""
    if x is not None:
        return {
            "type": "line",
            "xref": "x",
            "yref": "paper",
            "x0": x,
            "x1": x,
            "y0": 0,
            "y1": 1,
            "line": LINE,
        }
    return {"type": "line", "xref": "paper", "yref": "y", "x0": 0, "x1": 1, "y0": y, "y1": y, "line": LINE}


def _group_marks(fig: go.Figure, grid: Grid, extra: Sequence[dict[str, object]] = ()) -> None:
    """Above the columns, where each group of skills sits (the floor, each stage), split by lines. Set in
    one layout update: adding shapes one by one costs plotly about 10 ms each."""
    annotations: list[dict[str, object]] = []
    shapes: list[dict[str, object]] = list(extra)
    start = 0
    for i in range(1, len(grid.stages) + 1):
        if i == len(grid.stages) or grid.stages[i] != grid.stages[start]:
            stage = grid.stages[start]
            label = f"Floor: at least {grid.expected[start]}" if stage == 0 else where_label(stage)
            annotations.append(
                {
                    "x": (start + i - 1) / 2,
                    "y": 1.0,
                    "yref": "paper",
                    "yanchor": "bottom",
                    "text": f"<b>{plain(label)}</b>",
                    "showarrow": False,
                    "font": {"size": 12},
                }
            )
            if i < len(grid.stages):
                shapes.append(_line(x=i - 0.5))
            start = i
    fig.update_layout(annotations=annotations, shapes=shapes)


def _ticks(fig: go.Figure, grid: Grid) -> None:
    """Skill names under the columns, whole: one line each, slanted so that long names run parallel and
    never into each other (wrapped lines, slanted, crossed their neighbours), with the margin grown to fit
    them (automargin) rather than the names cut."""
    x = list(range(len(grid.skills)))
    fig.update_xaxes(
        tickvals=x,
        ticktext=[plain(n) for n in grid.names],
        tickangle=-45,
        range=[-0.5, len(x) - 0.5],
        showgrid=False,
        automargin=True,
    )
    fig.update_yaxes(automargin=True)


def _label_room(grid: Grid) -> int:
    """Pixels to add to the height for the slanted skill names (about 5 per character at 45 degrees), so
    that the margin automargin grows for them does not squash the rows."""
    return 5 * max((len(n) for n in grid.names), default=0)


EXPECTED_ROW = "Expected at the target"
# Both views draw the same two marks with the same words, so that a frame means one thing on the page.
EXPECTED_MARK = "Framed: the level the skill expects at the target"
BELOW_MARK = "Diamond: below what the skill expects at the target"


def _expected_marks(x: Sequence[int], y: Sequence[str | None]) -> go.Scatter:
    """An orange square frame on each cell that is the level a skill expects at the target."""
    return go.Scatter(
        name=EXPECTED_MARK,
        x=list(x),
        y=list(y),
        mode="markers",
        marker={"symbol": "square-open", "size": 24, "color": ORANGE, "line": {"width": 3}},
        hoverinfo="skip",
        showlegend=True,
    )


def _below_marks(x: Sequence[int], y: Sequence[str]) -> go.Scatter:
    """A red-orange diamond on each cell below what its skill expects at the target (a shape apart from
    the expected frame, so the two never rest on colour alone)."""
    return go.Scatter(
        name=BELOW_MARK,
        x=list(x),
        y=list(y),
        mode="markers",
        marker={"symbol": "diamond-open", "size": 22, "color": VERMILLION, "line": {"width": 2.5}},
        hoverinfo="skip",
        showlegend=True,
    )


def heatmap_figure(framework: Framework, grid: Grid) -> go.Figure:
    """People (rows) by skills (columns): each cell's colour and number is the rating. The first row is the
    level each skill expects at the target (the floor's minimum for the floor), framed as in the levels
    view, and a red-orange diamond marks every rating below it."""
    levels = list(grid.levels)
    top = max(levels)
    x = list(range(len(grid.skills)))
    y = [EXPECTED_ROW, *(plain(p) for p in grid.people)]
    ratings = np.vstack([np.array(grid.expected, dtype=float), grid.ratings])
    text = [["" if np.isnan(v) else f"{v:g}" for v in row] for row in ratings]
    fig = go.Figure(
        go.Heatmap(
            z=ratings,
            x=x,
            y=y,
            zmin=-0.5,
            zmax=top + 0.5,
            colorscale=_steps(BLUES[: len(levels)] if len(levels) <= len(BLUES) else BLUES),
            text=text,
            texttemplate="%{text}",
            textfont={"size": 13},
            xgap=2,
            ygap=2,
            colorbar={
                "title": {"text": "Rating"},
                "tickvals": levels,
                "ticktext": [plain(level_label(framework, lv)) for lv in levels],
                "len": min(1.0, 260 / max(ROW_HEIGHT * len(y), 1)),
                "y": 1,
                "yanchor": "top",
            },
            customdata=[[plain(n) for n in grid.names] for _ in y],
            hovertemplate="%{y}<br>%{customdata}: %{text}<extra></extra>",
            name="Rating",
        )
    )
    below_rows, below_cols = np.nonzero(grid.below)
    fig.add_trace(_expected_marks(x, [EXPECTED_ROW] * len(x)))
    fig.add_trace(_below_marks(below_cols.tolist(), [y[r + 1] for r in below_rows.tolist()]))
    _group_marks(fig, grid, extra=[_line(y=0.5)])  # the expected row, apart from the people
    _ticks(fig, grid)
    fig.update_yaxes(autorange="reversed", showgrid=False, type="category")
    height = 160 + _label_room(grid) + ROW_HEIGHT * max(len(y), 3)
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 70, "b": 10},
        font=FONT,
        legend={"orientation": "h", "yref": "container", "y": 1, "yanchor": "top", "xanchor": "left", "x": 0},
        plot_bgcolor="#ffffff",
    )
    return fig


def counts_figure(framework: Framework, grid: Grid) -> go.Figure:
    """Everyone on a track at once: for each skill (column), how many people are at each level (row, the
    highest on top); an orange frame marks the level the skill expects at the target and a red-orange
    diamond every level below it that someone is at, the same marks as the people view."""
    levels = list(grid.levels)
    x = list(range(len(grid.skills)))
    y = [plain(level_label(framework, lv)) for lv in levels]
    counts = grid.ratings
    fig = go.Figure(
        go.Heatmap(
            z=counts,
            x=x,
            y=y,
            colorscale=[[0, BLUES[0]], [1, BLUES[-1]]],
            zmin=0,
            text=[[f"{int(v):,}" for v in row] for row in counts],
            texttemplate="%{text}",
            xgap=2,
            ygap=2,
            colorbar={"title": {"text": "People"}},
            customdata=[[plain(n) for n in grid.names] for _ in y],
            hovertemplate="%{customdata}<br>%{y}: %{text} people<extra></extra>",
            name="People",
        )
    )
    fig.add_trace(_expected_marks(x, [y[levels.index(e)] if e in levels else None for e in grid.expected]))
    below = [
        (c, y[r])
        for c, e in enumerate(grid.expected)
        for r, lv in enumerate(levels)
        if lv < e and counts[r][c]
    ]
    fig.add_trace(_below_marks([c for c, _ in below], [label for _, label in below]))
    _group_marks(fig, grid)
    _ticks(fig, grid)
    fig.update_yaxes(categoryorder="array", categoryarray=y, showgrid=False, type="category")
    fig.update_layout(
        height=160 + _label_room(grid) + 44 * len(levels),
        margin={"l": 10, "r": 10, "t": 70, "b": 10},
        font=FONT,
        legend={"orientation": "h", "yref": "container", "y": 1, "yanchor": "top", "xanchor": "left", "x": 0},
        plot_bgcolor="#ffffff",
    )
    return fig


def progress_figure(framework: Framework, progress: Sequence[PersonProgress]) -> go.Figure:
    """Each person's placement at each date they were assessed, one line per person, each with its own
    marker and dash so that no line is told apart by colour alone."""
    colours = (BLUE, ORANGE, SKY, VERMILLION, PURPLE, GREY)
    fig = go.Figure()
    for i, person in enumerate(progress):
        name = plain(person.name)
        fig.add_trace(
            go.Scatter(
                name=name,
                x=[p.assessed_on.isoformat() for p in person.points],
                y=[p.placement for p in person.points],
                mode="lines+markers",
                line={"color": colours[i % len(colours)], "dash": DASHES[i % len(DASHES)], "width": 2},
                marker={"symbol": MARKERS[i % len(MARKERS)], "size": 10},
                hovertemplate="%{x}: stage %{y}<extra>" + name + "</extra>",
            )
        )
    stages = list(range(framework.ceiling + 1))
    fig.update_yaxes(
        tickvals=stages,
        ticktext=[plain(stage_name(framework, s).replace(" · ", " ")) for s in stages],
        range=[-0.3, framework.ceiling + 0.3],
    )
    fig.update_xaxes(title="Assessed on", type="date")
    fig.update_layout(height=380, margin={"l": 10, "r": 10, "t": 40, "b": 10}, font=FONT, legend=LEGEND)
    return fig
