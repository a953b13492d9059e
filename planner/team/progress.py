"""Progress over time: each person's placement and readiness for a target at every date assessed."""

from __future__ import annotations

import datetime as dt

from planner.common.result import Result
from planner.formats.table import RATER_RANK, Team
from planner.framework import Framework
from planner.team.placements import placements, readiness


class ProgressPoint(Result):
    assessed_on: dt.date
    rater: str
    track: str
    placement: int
    readiness: float  # for the target stage


class PersonProgress(Result):
    name: str
    points: tuple[ProgressPoint, ...]
    change: int  # placement at the last point minus at the first


def progress(framework: Framework, team: Team, target: int) -> tuple[PersonProgress, ...]:
    """Per person with dated assessments, the placement and the readiness for `target` at each date, oldest
    first (on one date: self, then peer, then manager). People keep the order they first appear in."""
    dated = team.take(team.rows["assessed_on"].notna().to_numpy())
    if not len(dated):
        return ()
    placed = placements(framework, dated)
    ready = readiness(framework, dated, target)
    frame = dated.rows.assign(
        placement=placed,
        readiness=ready,
        first=dated.rows.groupby("name", sort=False).ngroup(),
        rank=dated.rows["rater"].map(RATER_RANK),
    ).sort_values(["first", "assessed_on", "rank"], kind="stable")
    out: list[PersonProgress] = []
    for _, group in frame.groupby("first", sort=True):
        points = tuple(
            ProgressPoint(
                assessed_on=when.date(),
                rater=rater,
                track=track,
                placement=int(p),
                readiness=round(float(r), 4),
            )
            for when, rater, track, p, r in zip(
                group["assessed_on"],
                group["rater"],
                group["track"],
                group["placement"],
                group["readiness"],
                strict=True,
            )
        )
        out.append(
            PersonProgress(
                name=str(group["name"].iloc[0]),
                points=points,
                change=points[-1].placement - points[0].placement,
            )
        )
    return tuple(out)
