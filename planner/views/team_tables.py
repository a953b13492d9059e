"""The numbers behind the Team and Hiring pages, as tables and grids: the pages show them beside the charts
and the figures draw from them. Pure functions over the framework and the team engine's results; no
streamlit, so they are tested and timed on their own."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner.formats.table import DEFAULT_MIN_GROUP, Team
from planner.framework import Framework
from planner.service.due import OpenAction
from planner.team.averages import SkillAverage
from planner.team.calibration import Calibration
from planner.team.coverage import CoverageRow
from planner.team.floor import TeamFloorBreach
from planner.team.hiring import Fit, HiringProfile
from planner.team.mentors import MentorPair
from planner.team.progress import PersonProgress
from planner.team.staleness import StaleRating
from planner.views.words import level_label, percent, stage_name

MIN_GROUP_ENV = "STAGEPATH_MIN_GROUP"
HEATMAP_PEOPLE = 50  # a heatmap stays readable up to about this many rows
NAMES_IN_CELL = 3
VERDICT_WORDS = {"covered": "✓ Covered", "thin": "◐ Thin", "develop": "↑ Develop", "hire": "+ Hire"}


def verdict_legend(min_coverage: int, build: bool = False) -> str:
    """What each verdict means, in one paragraph: the words every page and report show beside the table."""
    return (
        "A skill is held when at least one person on the track is at or above the level it expects. "
        f"Covered: held by at least {min_coverage} people, or by everyone on a track with fewer. "
        "Thin: held, by fewer than that; the next holder to develop is named (someone one level below), "
        "or a second holder must be hired. Develop: no one holds it, but someone is one level below "
        "(named). Hire: no one holds it and nobody is within one level."
        + (" Build: a capability the team does not have in place." if build else "")
    )


def thin_words(row: CoverageRow, names: Sequence[str] | None = None) -> str:
    """What a thin row asks for, in a sentence: the next holder to develop, or a second holder to hire."""
    shown = names_in_cell(row.develop if names is None else names)
    if row.develop:
        return f"develop {shown} as the next holder"
    return "nobody is within one level: a second holder must be hired"


CALIBRATION_WORDS = {
    "over-rates": "Rates self higher than the manager does",
    "under-rates": "Rates self lower than the manager does",
    "calibrated": "In line with the manager",
}


def min_group_setting() -> tuple[int, str]:
    """The smallest group whose averages are shown, from STAGEPATH_MIN_GROUP (default 3), and a note
    when the variable is set to something that is not a whole number of 1 or more."""
    raw = os.environ.get(MIN_GROUP_ENV, "").strip()
    if not raw:
        return DEFAULT_MIN_GROUP, ""
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        return DEFAULT_MIN_GROUP, (
            f"{MIN_GROUP_ENV}={raw[:20]!r} is not a whole number of 1 or more; "
            f"using the default, {DEFAULT_MIN_GROUP}."
        )
    return value, ""


def smallest_group_shown(min_group: int, each_person_shown: bool) -> int:
    """The one rule for what is withheld from whom: the fewest people a view shows an average over (an
    average over fewer is withheld). An average over fewer than `min_group` people
    (STAGEPATH_MIN_GROUP) would pass for a team's figure while it is one or two people's ratings, so a view
    that does not show those people one by one (the Organisation page's teams) withholds it. A view that
    shows each person's own figures beside it (the Team page's people and its self-against-manager table,
    open only to those who may see each person) withholds nothing: the average would hide nothing its
    reader is not already shown, and it is given with how many people it is over."""
    return 1 if each_person_shown else min_group


def team_key(team: Team) -> str:
    """A key for everything in a team (who, which track, which rater, when, in which team, every rating): results
    computed from the team are cached under it, so equal content is computed once."""
    digest = hashlib.sha256()
    digest.update(np.ascontiguousarray(team.ratings).tobytes())
    for column in ("name", "track", "rater", "assessed_on", "team"):
        digest.update("\x1f".join(map(str, team.rows[column].tolist())).encode())
        digest.update(b"\x1e")
    digest.update("\x1f".join(team.skills).encode())
    return digest.hexdigest()


def names_in_cell(names: Sequence[str], limit: int = NAMES_IN_CELL) -> str:
    """A list of people for one table cell: the first few, then how many more."""
    shown = ", ".join(names[:limit])
    rest = len(names) - limit
    return f"{shown} and {rest:,} more" if rest > 0 else shown


def where_label(stage: int) -> str:
    return "Floor" if stage == 0 else f"Stage {stage}"


# --- headline figures -------------------------------------------------------------------------------------


def people_below_floor(breaches: Sequence[TeamFloorBreach]) -> int:
    return len({b.name for b in breaches})


def distribution_frame(framework: Framework, distribution: dict[str, dict[int, int]]) -> pd.DataFrame:
    """One row per stage from 0 to the ceiling, one column of head counts per track."""
    tracks = {t.id: t.name for t in framework.tracks}
    rows = []
    for stage in range(framework.ceiling + 1):
        row: dict[str, object] = {"Stage": stage_name(framework, stage)}
        for track, counts in distribution.items():
            row[tracks.get(track, track)] = counts.get(stage, 0)
        rows.append(row)
    return pd.DataFrame(rows)


def breach_frame(framework: Framework, breaches: Sequence[TeamFloorBreach], limit: int) -> pd.DataFrame:
    """The first `limit` floor breaches, one row each."""
    return pd.DataFrame(
        [
            {
                "Name": b.name,
                "Skill": framework.skill_names.get(b.skill, b.skill),
                "Rating": level_label(framework, b.rating),
                "Floor minimum": level_label(framework, b.minimum),
            }
            for b in breaches[:limit]
        ],
        columns=["Name", "Skill", "Rating", "Floor minimum"],
    )


# --- coverage ---------------------------------------------------------------------------------------------


def verdict_counts(rows: Sequence[CoverageRow], track: str) -> dict[str, int]:
    counts = {"covered": 0, "thin": 0, "develop": 0, "hire": 0}
    for row in rows:
        if row.track == track:
            counts[row.verdict] += 1
    return counts


def nothing_to_hire(rows: Sequence[CoverageRow], track: str) -> str:
    """Why a track's coverage rows make no hiring profile (none is a hire row: every skill is held or has
    someone within one level), in words that follow the verdicts; empty when the track has a hire row."""
    counts = verdict_counts(rows, track)
    if counts["hire"]:
        return ""
    if not counts["thin"] and not counts["develop"]:
        return "every skill is covered"
    gaps = ", ".join(
        part
        for part in (
            f"{counts['thin']:,} thin" if counts["thin"] else "",
            f"{counts['develop']:,} to develop" if counts["develop"] else "",
        )
        if part
    )
    second = sum(1 for r in rows if r.track == track and r.verdict == "thin" and not r.develop)
    if not second:
        return f"every gap can be developed ({gaps}): someone holds it or is one level below"
    skills = "1 thin skill has" if second == 1 else f"{second:,} thin skills have"
    return (
        f"no missing skill is out of reach ({gaps}), but {skills} one holder and nobody within one level: "
        "a second holder must be hired, in a profile built by hand below"
    )


def confirmed_words(row: CoverageRow) -> str:
    """How many of a coverage row's holders rest on a confirmed rating: '1 of 2', '—' for no holder."""
    return f"{len(row.confirmed_by)} of {len(row.covered_by)}" if row.covered_by else "—"


def coverage_frame(
    framework: Framework, rows: Sequence[CoverageRow], gaps_only: bool = False
) -> pd.DataFrame:
    """The coverage table as people read it: the verdict in words, who covers each skill, whom to
    develop and who could mentor them (a few names and how many more, for a large team)."""
    tracks = {t.id: t.name for t in framework.tracks}
    order = {"hire": 0, "develop": 1, "thin": 2, "covered": 3}
    track_order = {t.id: i for i, t in enumerate(framework.tracks)}
    # The gaps first (hire, then develop), each track on its own, otherwise in the framework's order.
    rows = sorted(rows, key=lambda r: (track_order.get(r.track, len(track_order)), order[r.verdict]))
    return pd.DataFrame(
        [
            {
                "Track": tracks.get(r.track, r.track),
                "Skill": framework.skill_names.get(r.skill, r.skill),
                "Where": where_label(r.stage),
                "Expected": level_label(framework, r.expected),
                "Covered by": len(r.covered_by),
                "Who": names_in_cell(r.covered_by),
                "Confirmed": confirmed_words(r),
                "Verdict": VERDICT_WORDS[r.verdict],
                "Develop": names_in_cell(r.develop),
                "Mentors": names_in_cell(r.mentors),
            }
            for r in rows
            if not (gaps_only and r.covered)
        ],
        columns=[
            "Track",
            "Skill",
            "Where",
            "Expected",
            "Covered by",
            "Who",
            "Confirmed",
            "Verdict",
            "Develop",
            "Mentors",
        ],
    )


# --- the heatmap ------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Grid:
    """People of one track by the skills the target looks at (the floor first, then by stage), with the
    level each skill expects. `ratings` has one row per shown person, NaN where unrated."""

    track: str
    people: tuple[str, ...]
    total: int
    skills: tuple[str, ...]
    names: tuple[str, ...]
    stages: tuple[int, ...]
    expected: tuple[int, ...]
    ratings: np.ndarray
    levels: tuple[int, ...]

    @property
    def below(self) -> np.ndarray:
        """Where a shown person is below what the skill expects (unrated counts as 0)."""
        below: np.ndarray = np.nan_to_num(self.ratings, nan=0.0) < np.array(self.expected, dtype=float)
        return below


def target_skills(framework: Framework, track_id: str, target: int) -> list[tuple[str, str, int, int]]:
    """(id, name, stage, expected) of every skill the target looks at: the floor (stage 0, at the floor's
    minimum), then the track's skills at stages up to the target, each at its level for the target."""
    return [(e.id, e.name, e.stage, e.level) for e in framework.expectations(track_id, target)]


def heatmap_grid(framework: Framework, record: Team, track_id: str, target: int, limit: int) -> Grid:
    """The first `limit` people of a track (in roster order, one row each) by the target's skills."""
    skills = target_skills(framework, track_id, target)
    on_track = np.flatnonzero((record.rows["track"] == track_id).to_numpy())
    shown = on_track[:limit]
    columns = np.array([record.skills.index(s[0]) for s in skills], dtype=np.int64)
    names = record.rows["name"].to_numpy()
    return Grid(
        track=track_id,
        people=tuple(str(n) for n in names[shown]),
        total=len(on_track),
        skills=tuple(s[0] for s in skills),
        names=tuple(s[1] for s in skills),
        stages=tuple(s[2] for s in skills),
        expected=tuple(s[3] for s in skills),
        ratings=record.ratings[np.ix_(shown, columns)],
        levels=framework.levels,
    )


def level_counts(framework: Framework, record: Team, track_id: str, target: int) -> Grid:
    """Everyone on a track at once: for each of the target's skills, how many people are at each level
    (unrated counts as 0). `ratings` holds the counts, one row per level, lowest first."""
    grid = heatmap_grid(framework, record, track_id, target, limit=len(record))
    rated = np.nan_to_num(grid.ratings, nan=0.0)
    counts = np.array([(rated == level).sum(axis=0) for level in grid.levels], dtype=float)
    counts = counts.reshape(len(grid.levels), len(grid.skills))
    return Grid(
        track=grid.track,
        people=tuple(level_label(framework, lv) for lv in grid.levels),
        total=grid.total,
        skills=grid.skills,
        names=grid.names,
        stages=grid.stages,
        expected=grid.expected,
        ratings=counts,
        levels=grid.levels,
    )


def _column_labels(grid: Grid) -> list[str]:
    return [
        f"{name} ({where_label(stage)}, ≥{exp})"
        for name, stage, exp in zip(grid.names, grid.stages, grid.expected, strict=True)
    ]


def _cell(value: float | None) -> str:
    return "" if value is None or np.isnan(value) else f"{round(float(value), 1):g}"


def grid_frame(framework: Framework, grid: Grid, averages: Sequence[SkillAverage] = ()) -> pd.DataFrame:
    """The heatmap's numbers: the expected level first, then one row per shown person ('' where unrated),
    then the track's average over everyone on it, or 'withheld' when the group is too small."""
    rows = [["Expected at the target", *map(str, grid.expected)]]
    rows += [
        [person, *map(_cell, ratings)] for person, ratings in zip(grid.people, grid.ratings, strict=True)
    ]
    mine = [a for a in averages if a.track == grid.track]
    if mine:
        by_skill = {a.skill: a.average for a in mine}
        withheld = any(a.average is None for a in mine)
        rows.append(
            ["Team average", *("withheld" if withheld else _cell(by_skill.get(s)) for s in grid.skills)]
        )
    return pd.DataFrame(rows, columns=["Person", *_column_labels(grid)])


def counts_frame(framework: Framework, grid: Grid) -> pd.DataFrame:
    """The level counts' numbers: one row per level, one column per skill."""
    frame = pd.DataFrame(grid.ratings.astype(int), columns=_column_labels(grid))
    frame.insert(0, "Level", list(grid.people))
    return frame


# --- calibration and progress -----------------------------------------------------------------------------


def calibration_frame(result: Calibration) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Name": p.name,
                "Skills compared": p.skills_compared,
                "Manager minus self (mean)": round(p.mean_difference, 2),
                "Self higher": p.over,
                "Self lower": p.under,
                "Reading": CALIBRATION_WORDS[p.verdict],
            }
            for p in result.people
        ],
        columns=[
            "Name",
            "Skills compared",
            "Manager minus self (mean)",
            "Self higher",
            "Self lower",
            "Reading",
        ],
    )


def calibration_detail_frame(framework: Framework, result: Calibration) -> pd.DataFrame:
    """Every skill where self and manager differ."""
    return pd.DataFrame(
        [
            {
                "Name": r.name,
                "Skill": framework.skill_names.get(r.skill, r.skill),
                "Self": r.self_rating,
                "Manager": r.manager_rating,
                "Manager minus self": r.difference,
            }
            for r in result.rows
            if r.difference
        ],
        columns=["Name", "Skill", "Self", "Manager", "Manager minus self"],
    )


def with_history(progress: Sequence[PersonProgress]) -> list[PersonProgress]:
    """The people assessed on more than one date: the only ones whose progress can be seen."""
    return [p for p in progress if len({point.assessed_on for point in p.points}) > 1]


def progress_frame(framework: Framework, progress: Sequence[PersonProgress], target: int) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Name": p.name,
                "Date": point.assessed_on.isoformat(),
                "Rater": point.rater,
                "Placement": stage_name(framework, point.placement),
                f"Ready for stage {target}": percent(point.readiness),
            }
            for p in progress
            for point in p.points
        ],
        columns=["Name", "Date", "Rater", "Placement", f"Ready for stage {target}"],
    )


# --- hiring -----------------------------------------------------------------------------------------------


def profile_frame(framework: Framework, profile: HiringProfile) -> pd.DataFrame:
    """The profile's skills, must-haves first."""
    rows = [("Must have", s) for s in profile.must_have] + [("Nice to have", s) for s in profile.nice_to_have]
    return pd.DataFrame(
        [
            {
                "Kind": kind,
                "Skill": s.name,
                "Where": where_label(s.stage),
                "At least": level_label(framework, s.expected),
            }
            for kind, s in rows
        ],
        columns=["Kind", "Skill", "Where", "At least"],
    )


def fit_frame(framework: Framework, fit: Fit) -> pd.DataFrame:
    """Every skill where the candidate is below what the profile asks, must-haves first."""
    rows = [("Must have", g) for g in fit.missing_must] + [("Nice to have", g) for g in fit.missing_nice]
    return pd.DataFrame(
        [
            {
                "Skill": g.name,
                "Kind": kind,
                "Candidate": level_label(framework, g.rating),
                "Profile asks": level_label(framework, g.expected),
                "Gap": g.expected - g.rating,
            }
            for kind, g in rows
        ],
        columns=["Skill", "Kind", "Candidate", "Profile asks", "Gap"],
    )


ROWS_SHOWN = 1000  # the long tables show this many rows; their CSV has them all


def pairs_frame(framework: Framework, pairs: Sequence[MentorPair], limit: int = ROWS_SHOWN) -> pd.DataFrame:
    """Who to develop in what, and who could mentor them (and from which team, when not their own)."""
    tracks = {t.id: t.name for t in framework.tracks}
    return pd.DataFrame(
        [
            {
                "Team": p.team,
                "Develop": p.person,
                "Skill": framework.skill_names.get(p.skill, p.skill),
                "Track": tracks.get(p.track, p.track),
                "Mentor": p.mentor,
                "Mentor's team": p.mentor_team or p.team,
            }
            for p in pairs[:limit]
        ],
        columns=["Team", "Develop", "Skill", "Track", "Mentor", "Mentor's team"],
    )


def due_frame(framework: Framework, stale: Sequence[StaleRating], limit: int = ROWS_SHOWN) -> pd.DataFrame:
    """The ratings due for re-rating: whose, of what, and when they were given (oldest first)."""
    oldest = sorted(stale, key=lambda r: (r.assessed_on, r.team, r.name))[:limit]
    return pd.DataFrame(
        [
            {
                "Team": r.team,
                "Name": r.name,
                "Skill": framework.skill_names.get(r.skill, r.skill),
                "Rated on": r.assessed_on,
            }
            for r in oldest
        ],
        columns=["Team", "Name", "Skill", "Rated on"],
    )


OVERDUE, OPEN = "Overdue", "Open"


def actions_frame(framework: Framework, actions: tuple[OpenAction, ...]) -> pd.DataFrame:
    """A team's open actions as a table, in the order given (overdue first): each flagged overdue or open, whose
    it is, on what skill (by its name), what to do, its owner and its due date."""
    names = framework.skill_names
    return pd.DataFrame(
        [
            {
                "Status": OVERDUE if a.overdue else OPEN,
                "Person": a.person,
                "Skill": names.get(a.skill, a.skill),
                "Action": a.text,
                "Owner": a.owner,
                "Due": a.due.isoformat(),
            }
            for a in actions
        ],
        columns=["Status", "Person", "Skill", "Action", "Owner", "Due"],
    )
