"""Calibration: a person's own ratings against their manager's, per skill, per person and for the team."""

from __future__ import annotations

from typing import Literal

import numpy as np

from planner.common.result import Result
from planner.formats.assessment import Rater
from planner.formats.table import DEFAULT_MIN_GROUP, Floats, Team
from planner.framework import Framework

CALIBRATION_THRESHOLD = 0.5


class CalibrationRow(Result):
    name: str
    skill: str
    self_rating: int
    manager_rating: int
    difference: int  # manager minus self: negative when the person rates themselves higher


class PersonCalibration(Result):
    name: str
    skills_compared: int
    mean_difference: float
    over: int  # skills the person rates higher than their manager does
    under: int
    verdict: Literal["over-rates", "under-rates", "calibrated"]


class Calibration(Result):
    """Self against manager. `mean_difference` over every compared skill of the team is withheld (None)
    when fewer than `min_group` people were compared, so it never exposes one person."""

    rows: tuple[CalibrationRow, ...]
    people: tuple[PersonCalibration, ...]
    people_compared: int
    mean_difference: float | None


def _latest_by(team: Team, rater: Rater) -> Team:
    return team.take((team.rows["rater"] == rater).to_numpy()).of_record()


def calibration(framework: Framework, team: Team, min_group: int = DEFAULT_MIN_GROUP) -> Calibration:
    """Per person and skill, the manager's rating minus the person's own, where both rated it (each
    person's latest self and latest manager assessment). A person whose mean difference is at most -0.5
    over-rates themselves; at least +0.5 under-rates; otherwise is calibrated."""
    own, manager = _latest_by(team, "self"), _latest_by(team, "manager")
    where = {name: i for i, name in enumerate(manager.names)}
    pairs = [(i, where[name]) for i, name in enumerate(own.names) if name in where]
    skills = np.array(team.skills, dtype=object)
    rows: list[CalibrationRow] = []
    people: list[PersonCalibration] = []
    differences: list[Floats] = []
    for i, j in pairs:
        mine, theirs = own.ratings[i], manager.ratings[j]
        both = ~np.isnan(mine) & ~np.isnan(theirs)
        if not both.any():
            continue
        name = own.names[i]
        difference = theirs[both] - mine[both]
        differences.append(difference)
        rows.extend(
            CalibrationRow(
                name=name, skill=s, self_rating=int(a), manager_rating=int(b), difference=int(b - a)
            )
            for s, a, b in zip(skills[both].tolist(), mine[both], theirs[both], strict=True)
        )
        mean = float(difference.mean())
        people.append(
            PersonCalibration(
                name=name,
                skills_compared=int(both.sum()),
                mean_difference=round(mean, 4),
                over=int((difference < 0).sum()),
                under=int((difference > 0).sum()),
                verdict="over-rates"
                if mean <= -CALIBRATION_THRESHOLD
                else "under-rates"
                if mean >= CALIBRATION_THRESHOLD
                else "calibrated",
            )
        )
    team_mean = None
    if len(people) >= max(min_group, 1):
        team_mean = round(float(np.concatenate(differences).mean()), 4)
    return Calibration(
        rows=tuple(rows), people=tuple(people), people_compared=len(people), mean_difference=team_mean
    )
