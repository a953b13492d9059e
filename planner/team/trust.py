"""planner.person.trust over many people at once: which of each person's ratings are confirmed, the team's
placements on confirmed ratings only, and how many ratings are confirmed.

A rating is confirmed when the assessment is an agreed one, or colleagues vouch for the skill at or above
it (`vouched`, from planner.person.trust.vouched_levels). Unconfirmed ratings count as unrated for the
trusted placement, which therefore never exceeds the placement."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from planner.common.result import Result
from planner.formats.confirmations import person_key
from planner.formats.table import Bools, Ints, Team
from planner.framework import Framework
from planner.person.placement import placement
from planner.person.trust import CONFIRMED_RATERS
from planner.team.placements import OnTrack, by_track, distribution_on, placements_on


class TeamTrust(Result):
    """The stage distribution on confirmed ratings only, and how many of the team's ratings (skills of
    each person's track given a rating, 0 included, as for a person) are confirmed."""

    distribution: dict[str, dict[int, int]]
    confirmed: int
    of: int


class PersonTrust(Result):
    """One person's placement beside their trusted placement, with k of n ratings confirmed."""

    name: str
    track: str
    placement: int
    trusted: int
    confirmed: int
    of: int


def _rated(record: Team) -> Bools:
    rated: Bools = ~np.isnan(record.ratings)
    return rated


def confirmed_cells(record: Team, vouched: Mapping[str, Mapping[str, int]] | None = None) -> Bools:
    """[i, j]: whether row i's rating of skill j is confirmed (planner.person.trust.confirmed_skills)."""
    agreed = record.rows["rater"].isin(CONFIRMED_RATERS).to_numpy()
    if not vouched and not agreed.any():  # nothing agreed, nobody vouched for: nothing is confirmed
        return np.zeros(record.ratings.shape, dtype=bool)
    rated = _rated(record)
    cells: Bools = rated & agreed[:, None]
    if vouched:
        position = {skill: j for j, skill in enumerate(record.skills)}
        for i, name in enumerate(record.rows["name"].tolist()):
            for skill, level in vouched.get(person_key(str(name)), {}).items():
                j = position.get(skill)
                if j is not None and rated[i, j] and record.ratings[i, j] <= level:
                    cells[i, j] = True
    return cells


def confirmed_counts(on_tracks: Sequence[OnTrack], record: Team, cells: Bools) -> tuple[Ints, Ints]:
    """Per row, its confirmed and its rated skills of its own track."""
    rated = _rated(record)
    any_confirmed = bool(cells.any())
    confirmed = np.zeros(len(record), dtype=np.int64)
    of = np.zeros(len(record), dtype=np.int64)
    for on in on_tracks:
        rows = np.flatnonzero(on.rows)
        of[rows] = rated.take(rows, axis=0).take(on.shape.columns, axis=1).sum(axis=1)
        if any_confirmed:
            confirmed[rows] = cells.take(rows, axis=0).take(on.shape.columns, axis=1).sum(axis=1)
    return confirmed, of


def trusted_placements(framework: Framework, record: Team, cells: Bools) -> Ints:
    """The placement of each row on its confirmed ratings only. With none confirmed, everyone on a track
    stands where an unrated person of that track does (the person rule, once per track)."""
    if not cells.any():
        out = np.zeros(len(record), dtype=np.int64)
        tracks = record.rows["track"].to_numpy()
        for track in framework.tracks:
            out[tracks == track.id] = placement(framework, track, {})
        return out
    masked = Team(record.rows, np.where(cells, record.ratings, np.nan), record.skills)
    return placements_on(framework, len(record), by_track(framework, masked))


def team_trust(framework: Framework, record: Team, on_tracks: Sequence[OnTrack], cells: Bools) -> TeamTrust:
    """The team's distribution on confirmed ratings and its count of confirmed ratings."""
    trusted = trusted_placements(framework, record, cells)
    confirmed, of = confirmed_counts(on_tracks, record, cells)
    return TeamTrust(
        distribution=distribution_on(framework, trusted, on_tracks),
        confirmed=int(confirmed.sum()),
        of=int(of.sum()),
    )


def people_trust(
    framework: Framework, team: Team, vouched: Mapping[str, Mapping[str, int]] | None = None
) -> list[PersonTrust]:
    """Each person of record's placement, trusted placement and confirmed ratings, in the team's order."""
    record = team.of_record()
    on_tracks = by_track(framework, record)
    cells = confirmed_cells(record, vouched)
    placed = placements_on(framework, len(record), on_tracks)
    trusted = trusted_placements(framework, record, cells)
    confirmed, of = confirmed_counts(on_tracks, record, cells)
    return [
        PersonTrust(
            name=str(name),
            track=str(track),
            placement=int(placed[i]),
            trusted=int(trusted[i]),
            confirmed=int(confirmed[i]),
            of=int(of[i]),
        )
        for i, (name, track) in enumerate(zip(record.rows["name"], record.rows["track"], strict=True))
    ]
