"""The team's mean rating of each skill of each track, withheld for a group too small to hide a person."""

from __future__ import annotations

from planner.common.result import Result
from planner.formats.table import DEFAULT_MIN_GROUP, Team
from planner.framework import Framework
from planner.team.placements import by_track


class SkillAverage(Result):
    """The team's mean rating of one skill of one track (unrated counts as 0); withheld (None) when fewer
    than `min_group` people are on the track."""

    track: str
    skill: str
    people: int
    average: float | None


def skill_averages(
    framework: Framework, team: Team, min_group: int = DEFAULT_MIN_GROUP
) -> tuple[SkillAverage, ...]:
    """Per track, the mean rating of each of its skills over the people on it (assessment of record)."""
    record = team.of_record()
    out: list[SkillAverage] = []
    for on in by_track(framework, record):
        count = int(on.rows.sum())
        means = on.rated.mean(axis=0)
        out.extend(
            SkillAverage(
                track=on.shape.track.id,
                skill=skill,
                people=count,
                average=round(float(means[j]), 4) if count >= min_group else None,
            )
            for j, skill in enumerate(on.shape.skills)
        )
    return tuple(out)
