"""The manager pages' charts, as functions from results to plotly figures: the stage distribution, the
heatmap of skills by people (and of level counts, for a team too large to show person by person) and
progress over time. Colours are colour-blind safe and never carry meaning alone: every cell has its
number, every series its own pattern or marker, and every mark is named in the legend or the axis."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

import numpy as np
import plotly.graph_objects as go

from planner.framework import Framework
from planner.service.team import PersonProgress
from planner.ui.figures import BLUES, FONT, LEGEND, plain
from planner.views.team_tables import Grid, where_label
from planner.views.words import BLUE, GREY, ORANGE, PURPLE, SKY, VERMILLION, level_label, stage_name

# A single-hue scale: lighter is lower, darker is higher, which reads the same with any colour vision.
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


def _line(x: float) -> dict[str, object]:
    """A dividing line down the plot at x (between the expected column and the people)."""
    return {"type": "line", "xref": "x", "yref": "paper", "x0": x, "x1": x, "y0": 0, "y1": 1, "line": LINE}


def _group_label(grid: Grid, column: int) -> str:
    stage = grid.stages[column]
    return f"Floor: at least {grid.expected[column]}" if stage == 0 else where_label(stage)


def _rows(grid: Grid) -> tuple[list[str], list[int | None]]:
    """The heatmap's rows, top to bottom: a bold heading for each group of skills (the floor, then each
    stage) followed by its skills. Returns each row's label and the skill column it shows (None for a
    heading). Skills run down the side so that their names read level and whole at any width, a phone's
    included, and the people (or levels) run across."""
    labels: list[str] = []
    columns: list[int | None] = []
    for i, name in enumerate(grid.names):
        if i == 0 or grid.stages[i] != grid.stages[i - 1]:
            labels.append(f"<b>{plain(_group_label(grid, i))}</b>")
            columns.append(None)
        labels.append(_wrap(name, 24))
        columns.append(i)
    return labels, columns


def _cells(values: np.ndarray, columns: Sequence[int | None]) -> np.ndarray:
    """Each row of the heatmap from `values` (one column per skill, one row per person or level),
    transposed: a heading row is empty."""
    width = values.shape[0]
    return np.vstack([np.full(width, np.nan) if c is None else values[:, c] for c in columns])


def _grid_cells(
    grid: Grid, z: np.ndarray, across: Sequence[str], columns: Sequence[int | None]
) -> dict[str, Any]:
    """What both heatmaps' cells share: the values by row, the columns across, each cell's skill name
    for its hover, a gap between cells, and no hover on a heading row."""
    return {
        "z": z,
        "x": list(across),
        "y": list(range(len(columns))),
        "customdata": [[plain(grid.names[c]) if c is not None else "" for _ in across] for c in columns],
        "xgap": 2,
        "ygap": 2,
        "hoverongaps": False,
    }


def _layout(fig: go.Figure, labels: Sequence[str], across: Sequence[str]) -> None:
    """Rows top to bottom with their labels at the side, the columns named along the top (slanted, with
    the margin grown for them), the marks' legend above and the height grown with the rows."""
    fig.update_yaxes(
        tickvals=list(range(len(labels))),
        ticktext=list(labels),
        tickfont={"size": 12},
        range=[len(labels) - 0.5, -0.5],
        showgrid=False,
        automargin=True,
    )
    fig.update_xaxes(side="top", tickangle=-45, showgrid=False, automargin=True, type="category")
    room = 5 * max((len(a) for a in across), default=0)  # about 5 px a character, slanted at 45 degrees
    lines = max((label.count("<br>") + 1 for label in labels), default=1)
    fig.update_layout(
        # Every row as tall as the longest label's lines (rows of a heatmap are all one height).
        height=150 + room + (ROW_HEIGHT + 14 * (lines - 1)) * max(len(labels), 3),
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        font=FONT,
        legend={"orientation": "h", "yref": "container", "y": 1, "yanchor": "top", "xanchor": "left", "x": 0},
        plot_bgcolor="#ffffff",
    )


def _scale(title: str, levels: Sequence[int] | None = None) -> dict[str, object]:
    """The colour key, flat under the chart so that it takes no width from the cells (on a phone the
    width is what the cells lack); the level words are in the caption beside the chart."""
    bar: dict[str, object] = {
        "title": {"text": title, "side": "top"},
        "orientation": "h",
        "y": -0.02,
        "yanchor": "top",
        "yref": "paper",
        "len": 1.0,
        "thickness": 14,
    }
    if levels is not None:
        bar["tickvals"] = list(levels)
    return bar


EXPECTED_COLUMN = "Expected at the target"
# Both views draw the same two marks with the same words, so that a frame means one thing on the page.
EXPECTED_MARK = "Framed: the level the skill expects at the target"
BELOW_MARK = "Diamond: below what the skill expects at the target"


def _marks(name: str, x: Sequence[str], y: Sequence[int], symbol: str, colour: str, size: int) -> go.Scatter:
    return go.Scatter(
        name=name,
        x=list(x),
        y=list(y),
        mode="markers",
        marker={"symbol": symbol, "size": size, "color": colour, "line": {"width": 3 if size > 20 else 2.5}},
        hoverinfo="skip",
        showlegend=True,
    )


def _expected_marks(x: Sequence[str], y: Sequence[int]) -> go.Scatter:
    """An orange square frame on each cell that is the level a skill expects at the target."""
    return _marks(EXPECTED_MARK, x, y, "square-open", ORANGE, 22)


def _below_marks(x: Sequence[str], y: Sequence[int]) -> go.Scatter:
    """A red-orange diamond on each cell below what its skill expects at the target (a shape apart from
    the expected frame, so the two never rest on colour alone)."""
    return _marks(BELOW_MARK, x, y, "diamond-open", VERMILLION, 20)


def heatmap_figure(framework: Framework, grid: Grid) -> go.Figure:
    """Skills (rows, grouped under the floor and each stage) by people (columns): each cell's colour and
    number is the rating. The first column is the level each skill expects at the target (the floor's
    minimum for the floor), framed as in the levels view, and a red-orange diamond marks every rating
    below it."""
    levels = list(grid.levels)
    top = max(levels)
    labels, columns = _rows(grid)
    across = [EXPECTED_COLUMN, *(plain(p) for p in grid.people)]
    values = np.vstack([np.array(grid.expected, dtype=float), grid.ratings])
    z = _cells(values, columns)
    fig = go.Figure(
        go.Heatmap(
            **_grid_cells(grid, z, across, columns),
            zmin=-0.5,
            zmax=top + 0.5,
            colorscale=_steps(BLUES[: len(levels)] if len(levels) <= len(BLUES) else BLUES),
            text=[["" if np.isnan(v) else f"{v:g}" for v in row] for row in z],
            texttemplate="%{text}",
            textfont={"size": 13},
            colorbar=_scale("Rating", levels),
            hovertemplate="%{x}<br>%{customdata}: %{text}<extra></extra>",
            name="Rating",
        )
    )
    row_of = {c: r for r, c in enumerate(columns) if c is not None}
    fig.add_trace(
        _expected_marks([EXPECTED_COLUMN] * len(grid.skills), [row_of[c] for c in range(len(grid.skills))])
    )
    people, skills = np.nonzero(grid.below)
    fig.add_trace(
        _below_marks([across[p + 1] for p in people.tolist()], [row_of[c] for c in skills.tolist()])
    )
    fig.update_layout(shapes=[_line(0.5)])  # the expected column, apart from the people
    _layout(fig, labels, across)
    return fig


def counts_figure(framework: Framework, grid: Grid) -> go.Figure:
    """Everyone on a track at once: for each skill (row), how many people are at each level (column, the
    lowest first); an orange frame marks the level the skill expects at the target and a red-orange
    diamond every level below it that someone is at, the same marks as the people view."""
    levels = list(grid.levels)
    labels, columns = _rows(grid)
    across = [plain(level_label(framework, lv)) for lv in levels]
    z = _cells(np.asarray(grid.ratings, dtype=float), columns)
    fig = go.Figure(
        go.Heatmap(
            **_grid_cells(grid, z, across, columns),
            colorscale=[[0, BLUES[0]], [1, BLUES[-1]]],
            zmin=0,
            text=[["" if np.isnan(v) else f"{int(v):,}" for v in row] for row in z],
            texttemplate="%{text}",
            colorbar=_scale("People"),
            hovertemplate="%{customdata}<br>%{x}: %{text} people<extra></extra>",
            name="People",
        )
    )
    rows = [(r, c) for r, c in enumerate(columns) if c is not None]
    fig.add_trace(
        _expected_marks(
            [across[levels.index(grid.expected[c])] for _, c in rows if grid.expected[c] in levels],
            [r for r, c in rows if grid.expected[c] in levels],
        )
    )
    below = [
        (across[i], r)
        for r, c in rows
        for i, lv in enumerate(levels)
        if lv < grid.expected[c] and grid.ratings[i][c]
    ]
    fig.add_trace(_below_marks([x for x, _ in below], [r for _, r in below]))
    _layout(fig, labels, across)
    return fig


RATER_DASHES = {"self": "solid", "manager": "dash", "peer": "dot"}
RATER_WORDS = {"self": "own rating", "manager": "manager's rating", "peer": "a peer's rating"}


def progress_figure(framework: Framework, progress: Sequence[PersonProgress]) -> go.Figure:
    """Each person's placement at each date they were assessed, one line per person and rater: a person's
    own ratings and their manager's are two lines, so that a change of rater never reads as a rise or a
    fall. A person keeps one colour and marker; the rater is the dash (named in the legend)."""
    colours = (BLUE, ORANGE, SKY, VERMILLION, PURPLE, GREY)
    fig = go.Figure()
    for i, person in enumerate(progress):
        raters = list(dict.fromkeys(p.rater for p in person.points))
        for rater in raters:
            points = [p for p in person.points if p.rater == rater]
            name = plain(f"{person.name} ({RATER_WORDS.get(rater, rater)})")
            fig.add_trace(
                go.Scatter(
                    name=name,
                    x=[p.assessed_on.isoformat() for p in points],
                    y=[p.placement for p in points],
                    mode="lines+markers",
                    line={
                        "color": colours[i % len(colours)],
                        "dash": RATER_DASHES.get(rater, DASHES[i % len(DASHES)]),
                        "width": 2,
                    },
                    # Sizes step down person by person, so two people at one stage on one date both show.
                    marker={"symbol": MARKERS[i % len(MARKERS)], "size": 15 - 3 * (i % 3)},
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
