"""The Organisation page's tables and chart, as functions from the organisation report: the teams side by
side, their mean readiness for each stage (a heatmap with its numbers), the hiring plan ranked, the mentor
pairs and the ratings due for re-rating. Plain data for dataframes, plotly JSON for the chart; no Streamlit."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import quote

import pandas as pd

from planner.framework import Framework
from planner.service.org import OrgReport, OrgTeam
from planner.ui.figures import BLUES, Chart, figure, plain
from planner.views.tables import has_own_expectations
from planner.views.team_tables import smallest_group_shown, where_label
from planner.views.words import stage_name

HEATMAP_TEAMS = 40  # a heatmap stays readable up to about this many rows
TEAM_PAGE = "team"


def team_link(team: str) -> str:
    """The Team page's address for one stored team (its name percent-encoded, so any name is one value)."""
    return f"{TEAM_PAGE}?team={quote(team, safe='')}"


def stages_with_own_skills(framework: Framework) -> list[int]:
    """The stages that ask something of their own of some track. Readiness for any other stage only
    repeats the stage below it (or is 100% for the stage everyone starts at), so it is not shown."""
    return [
        s.number
        for s in framework.curve.stages
        if any(has_own_expectations(framework, t.id, s.number) for t in framework.tracks)
    ]


# What a team too small for a mean reads where its mean would be.
WITHHELD = "withheld"


def _mean_shown(people: int, min_group: int) -> bool:
    """Whether a team's mean readiness is shown here: this page does not show people one by one."""
    return people >= smallest_group_shown(min_group, each_person_shown=False)


def teams_frame(framework: Framework, report: OrgReport, min_group: int) -> pd.DataFrame:
    """One row per team: its figures, with a link that opens the team on the Team page. The readiness
    for the target is empty (shown as WITHHELD) for a team too small for a mean
    (planner.views.team_tables.smallest_group_shown), and not a column when the target asks nothing of its
    own."""
    own = report.target in stages_with_own_skills(framework)
    frame = pd.DataFrame(
        [
            {
                "Team": team_link(t.team),
                "Name": t.team,
                "People": t.people,
                "People's stage": t.people_stage,
                "Groundwork stage": "not recorded" if t.capability_stage is None else str(t.capability_stage),
                "Operating stage": t.operating_stage,
                "Floor breaches": t.floor_breaches,
                "Develop": t.develop,
                "Hire": t.hire,
                "Build": "not recorded" if t.build is None else str(t.build),
                "Due for re-rating": t.stale,
                "Ratings confirmed": f"{t.confirmed:,} of {t.of:,}",
                readiness_column(report.target): (
                    round(100 * t.readiness.get(report.target, 0.0))
                    if _mean_shown(t.people, min_group)
                    else None
                ),
            }
            for t in report.teams
        ]
    )
    return frame if own or frame.empty else frame.drop(columns=[readiness_column(report.target)])


def readiness_column(target: int) -> str:
    """The teams table's column of each team's readiness for the target."""
    return f"Readiness for stage {target} (%)"


def _heatmap_order(teams: Sequence[OrgTeam], target: int) -> list[OrgTeam]:
    """The teams furthest from the target first, so that the rows shown are the ones to act on."""
    return sorted(teams, key=lambda t: (t.readiness.get(target, 0.0), t.team))


def readiness_frame(
    framework: Framework, report: OrgReport, min_group: int, limit: int = HEATMAP_TEAMS
) -> pd.DataFrame:
    """The numbers of the heatmap: each shown team's mean readiness for each stage that asks something
    of its own, in percent; empty for a team too small for a mean."""
    stages = stages_with_own_skills(framework)
    rows = _heatmap_order(report.teams, report.target)[:limit]
    return pd.DataFrame(
        [
            [
                round(100 * t.readiness.get(s, 0.0)) if _mean_shown(t.people, min_group) else None
                for s in stages
            ]
            for t in rows
        ],
        index=pd.Index([t.team for t in rows], name="Team"),
        columns=[stage_name(framework, s) for s in stages],
    )


def readiness_figure(
    framework: Framework, report: OrgReport, min_group: int, limit: int = HEATMAP_TEAMS
) -> Chart:
    """Teams by stage: the team's mean readiness for each stage, its number in every cell ('withheld' for
    a team too small for a mean)."""
    frame = readiness_frame(framework, report, min_group, limit)
    stages = stages_with_own_skills(framework)
    x = [f"{s}" for s in stages]
    y = [plain(t) for t in frame.index]
    values = [[None if pd.isna(v) else int(v) for v in row] for row in frame.to_numpy().tolist()]
    data = [
        {
            "type": "heatmap",
            "x": x,
            "y": y,
            "z": values,
            "zmin": 0,
            "zmax": 100,
            "colorscale": [[i / (len(BLUES) - 1), c] for i, c in enumerate(BLUES)],
            "text": [[WITHHELD if v is None else f"{v}%" for v in row] for row in values],
            "texttemplate": "%{text}",
            "hovertemplate": "%{y}, stage %{x}: %{z}% ready<extra></extra>",
            # Flat under the chart, so that on a phone the key takes no width from the stages' names.
            "colorbar": {
                "title": {"text": "Ready (%)", "side": "top"},
                "orientation": "h",
                "y": -0.05,
                "yanchor": "top",
                "thickness": 12,
            },
            "xgap": 2,
            "ygap": 2,
        }
    ]
    layout = {
        "xaxis": {
            "title": {"text": "Stage"},
            "tickvals": x,
            # Number and name on two level lines: slanted, the wrapped names ran into each other.
            "ticktext": [
                plain(stage_name(framework, s)).replace("Stage ", "").replace(" · ", "<br>") for s in stages
            ],
            "tickangle": 0,
            "tickfont": {"size": 11},
            "side": "top",
        },
        "yaxis": {"autorange": "reversed", "automargin": True},
    }
    return figure(data, layout, "", 190 + 28 * max(len(y), 1))


def plan_frame(framework: Framework, report: OrgReport) -> pd.DataFrame:
    """The hiring plan ranked: what to hire for, how many teams it unblocks, and which teams need it."""
    tracks = {t.id: t.name for t in framework.tracks}
    return pd.DataFrame(
        [
            {
                "Rank": i,
                "Track": tracks.get(r.track, r.track),
                "Skill": framework.skill_names.get(r.skill, r.skill),
                "Where": where_label(r.stage),
                "Unblocks": r.unblocks,
                "Teams": len(r.teams),
                "Which teams": ", ".join(r.teams),
            }
            for i, r in enumerate(report.hiring_plan, start=1)
        ],
        columns=["Rank", "Track", "Skill", "Where", "Unblocks", "Teams", "Which teams"],
    )
