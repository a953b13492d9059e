"""The team as a table: one row per assessment (name, track, rater, date) and a ratings array with one
column per framework skill, built from assessments or columns, and each person's assessment of record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from planner.formats.assessment import Assessment
from planner.framework import Framework

# The fewest people a team figure (an average, a calibration mean) is shown for, so it never exposes one.
DEFAULT_MIN_GROUP = 3
# Which rating counts when one person has several on the same day: one agreed in a check-in, then a
# manager's, then a peer's, then their own.
RATER_RANK: dict[str, int] = {"self": 0, "peer": 1, "manager": 2, "agreed": 3}

# How a team's dates are held: microseconds reach far beyond 0001..9999, so no date read or stored is ever
# moved (datetime64[ns] would wrap anything outside 1677..2262 silently).
DATE_TYPE = "datetime64[us]"

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]


@dataclass(frozen=True, eq=False)
class Team:
    """A team's assessments: one row per assessment (a person may have several: self, manager, dated).

    `rows` has the columns name, track, rater, assessed_on (NaT when undated) and team ("" when none
    is given; a person is one name in one team); `ratings` has one column
    per skill of the framework, in `skills` order, NaN where a skill is unrated. Build one with
    `team_from_assessments`, `make_team` or planner.formats.roster.read_roster; treat it as immutable.
    """

    rows: pd.DataFrame
    ratings: Floats
    skills: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def names(self) -> list[str]:
        return [str(n) for n in self.rows["name"].tolist()]

    def take(self, positions: npt.ArrayLike) -> Team:
        """The rows at these positions (or where a boolean mask is true), in that order."""
        index = np.asarray(positions)
        if index.dtype == np.bool_:
            index = np.flatnonzero(index)
        return Team(self.rows.iloc[index].reset_index(drop=True), self.ratings[index], self.skills)

    def ratings_frame(self) -> pd.DataFrame:
        """Ratings as a DataFrame, one row per assessment, one column per skill id (NaN where unrated)."""
        return pd.DataFrame(self.ratings, columns=list(self.skills), index=pd.Index(self.names, name="name"))

    def of_record(self) -> Team:
        """One row per person: the latest dated assessment (undated ones count as oldest), on a tie a
        manager's over a peer's over the person's own, then the one given last. People keep the order in
        which they first appear."""
        if self.rows["name"].is_unique:
            return self
        order = pd.DataFrame(
            {
                "first": self.rows.groupby(["team", "name"], sort=False).ngroup().to_numpy(),
                "date": self.rows["assessed_on"].to_numpy(),
                "rank": self.rows["rater"].map(RATER_RANK).to_numpy(),
                "position": np.arange(len(self.rows)),
            }
        )
        latest = order.sort_values(["first", "date", "rank", "position"], na_position="first", kind="stable")
        kept = latest.drop_duplicates("first", keep="last")
        return self.take(kept["position"].to_numpy())

    def assessments(self) -> list[Assessment]:
        """Each row as an assessment document (rated skills only), e.g. to store a roster."""
        out: list[Assessment] = []
        skills = np.array(self.skills, dtype=object)
        dates = self.rows["assessed_on"]
        for i, (name, track, rater, team) in enumerate(
            zip(self.rows["name"], self.rows["track"], self.rows["rater"], self.rows["team"], strict=True)
        ):
            rated = ~np.isnan(self.ratings[i])
            ratings = dict(
                zip(skills[rated].tolist(), self.ratings[i][rated].astype(int).tolist(), strict=True)
            )
            when = dates.iloc[i]
            out.append(
                Assessment(
                    name=str(name),
                    track=str(track),
                    rater=rater,
                    assessed_on=None if pd.isna(when) else when.date(),
                    team=str(team) or None,
                    ratings=ratings,
                )
            )
        return out


def dates_column(values: Sequence[dt.date | None] | npt.NDArray[np.datetime64]) -> pd.Series:
    """Dates as DATE_TYPE (NaT where undated), the type pandas sorts and compares quickly; every date,
    year 1 to 9999, is held as it is (through days, never through nanoseconds)."""
    days = np.asarray(values if isinstance(values, np.ndarray) else list(values), dtype="datetime64[D]")
    return pd.Series(days.astype(DATE_TYPE))


def _column(values: Sequence[str] | pd.Series) -> pd.Series:
    return pd.Series(
        values.to_numpy(dtype=object) if isinstance(values, pd.Series) else list(values), dtype=object
    )


def make_team(
    framework: Framework,
    names: Sequence[str] | pd.Series,
    tracks: Sequence[str] | pd.Series,
    raters: Sequence[str] | pd.Series,
    assessed_on: Sequence[dt.date | None] | npt.NDArray[np.datetime64] | pd.Series,
    ratings: Floats,
    teams: Sequence[str] | pd.Series | None = None,
) -> Team:
    """A team from columns; `ratings` has one column per framework skill id, in framework order; `teams`
    names the team of each row (none given: no row names one)."""
    skills = tuple(framework.skill_names)
    if ratings.shape != (len(names), len(skills)):
        raise ValueError(f"ratings are {ratings.shape}; expected {(len(names), len(skills))}")
    dates = assessed_on if isinstance(assessed_on, pd.Series) else dates_column(assessed_on)
    rows = pd.DataFrame(
        {
            "name": _column(names),
            "track": _column(tracks),
            "rater": _column(raters),
            "assessed_on": pd.Series(dates.to_numpy(dtype=DATE_TYPE)),
            "team": _column([""] * len(names) if teams is None else teams),
        }
    )
    return Team(rows, np.asarray(ratings, dtype=np.float64), skills)


def empty_team(framework: Framework) -> Team:
    return make_team(framework, [], [], [], [], np.empty((0, len(framework.skill_names))))


def team_from_assessments(
    framework: Framework, assessments: Sequence[Assessment], names: Sequence[str] | None = None
) -> Team:
    """A team from assessments that fit the framework. A person's name comes from the assessment, else
    from `names` (e.g. the file it came from). Ratings of skills the framework does not know (an older
    framework's, in stored history) are left out."""
    skills = list(framework.skill_names)
    column = {skill: i for i, skill in enumerate(skills)}
    ratings = np.full((len(assessments), len(skills)), np.nan)
    labels: list[str] = []
    for i, assessment in enumerate(assessments):
        name = assessment.name or (names[i] if names is not None else None)
        if not name:
            raise ValueError(f"assessment {i + 1} has no name; a team needs a name for every person")
        labels.append(name)
        for skill, value in assessment.ratings.items():
            if skill in column:
                ratings[i, column[skill]] = value
    return make_team(
        framework,
        labels,
        [a.track for a in assessments],
        [a.rater for a in assessments],
        [a.assessed_on for a in assessments],
        ratings,
        [a.team or "" for a in assessments],
    )


def concat(framework: Framework, teams: Iterable[Team]) -> Team:
    """Several teams (a roster and some files, say) as one."""
    parts = [t for t in teams if len(t)]
    if not parts:
        return empty_team(framework)
    if len(parts) == 1:
        return parts[0]
    rows = pd.concat([t.rows for t in parts], ignore_index=True)
    return Team(rows, np.vstack([t.ratings for t in parts]), parts[0].skills)
