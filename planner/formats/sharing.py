"""Share links: an assessment's track, target and ratings as URL query parameters, and back.

A link carries only what the plan needs: a format version, the track, the target and the ratings keyed by
skill id (`?sp=1&track=developer&target=5&r=read-code.3,write-code.2`). It never carries the person's name
or evidence notes, which would end up in browser history and server logs. Ratings are keyed by id, not by
position, so reordering the framework never changes what an old link means.

Reading a link is forgiving: anything that does not fit the framework is left out with a note saying why,
and the rest still loads. Pure functions; no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from planner.formats.assessment import Assessment, nearest
from planner.framework import Framework

SHARE_VERSION = "1"
VERSION_KEY, TRACK_KEY, TARGET_KEY, RATINGS_KEY = "sp", "track", "target", "r"
SHARE_KEYS = (VERSION_KEY, TRACK_KEY, TARGET_KEY, RATINGS_KEY)
MAX_RATINGS_CHARS = 20_000
MAX_NOTES = 10
_NUMBER = re.compile(r"^[0-9]{1,4}$")  # ASCII digits only: str.isdigit() also accepts '²'


@dataclass(frozen=True)
class SharedLink:
    """What a link held: the assessment it describes (None when nothing could be used) and notes on what
    was left out, one plain sentence each."""

    assessment: Assessment | None
    notes: tuple[str, ...] = ()


def encode(assessment: Assessment) -> dict[str, str]:
    """The query parameters of a share link: version, track, target (when set) and ratings, never the
    name or the evidence."""
    params = {VERSION_KEY: SHARE_VERSION, TRACK_KEY: assessment.track}
    if assessment.target is not None:
        params[TARGET_KEY] = str(assessment.target)
    params[RATINGS_KEY] = ",".join(f"{skill}.{level}" for skill, level in assessment.ratings.items())
    return params


def query_string(params: Mapping[str, str]) -> str:
    """The parameters as a query string that stays readable (commas and dots are not percent-encoded)."""
    return urlencode(params, safe=",.")


def is_share_link(params: Mapping[str, str | Sequence[str]]) -> bool:
    """Whether the query parameters look like a share link at all."""
    return VERSION_KEY in params or RATINGS_KEY in params


def _one(value: str | Sequence[str] | None) -> str:
    """The last value of a query parameter (a repeated parameter keeps its last value)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    return value[-1].strip() if value else ""


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def decode(params: Mapping[str, str | Sequence[str]], framework: Framework) -> SharedLink:
    """Read a share link against a framework. Unknown skills, ratings off the scale and a target that is
    not on the curve are left out with a note; an unknown version or track loads nothing."""
    version = _one(params.get(VERSION_KEY))
    if version != SHARE_VERSION:
        shown = repr(_clip(version)) if version else "no version"
        return SharedLink(
            None,
            (
                f"This link has share format {shown}; this version of Stagepath reads format "
                f"{SHARE_VERSION}. Nothing was loaded from it.",
            ),
        )
    track_id = _one(params.get(TRACK_KEY))
    track = framework.track(track_id)
    if track is None:
        ids = [t.id for t in framework.tracks]
        found = repr(_clip(track_id)) if track_id else "no track"
        return SharedLink(
            None,
            (
                f"This link names {found}{nearest(track_id, ids)}, which is not a track of this framework "
                f"(expected one of {', '.join(ids)}). Nothing was loaded from it.",
            ),
        )

    notes: list[str] = []
    target: int | None = None
    raw_target = _one(params.get(TARGET_KEY))
    if raw_target:
        numbers = [s.number for s in framework.curve.stages]
        if _NUMBER.match(raw_target) and int(raw_target) in numbers:
            target = int(raw_target)
        else:
            notes.append(
                f"The target {_clip(raw_target)!r} is not a stage on the curve "
                f"({min(numbers)} to {max(numbers)}); the plan uses the next stage instead."
            )

    ratings, rating_notes = _ratings(_one(params.get(RATINGS_KEY)), framework, track.id)
    notes.extend(rating_notes)
    if len(notes) > MAX_NOTES:
        notes = [*notes[: MAX_NOTES - 1], f"... and {len(notes) - MAX_NOTES + 1} more problems."]
    return SharedLink(Assessment(track=track.id, target=target, ratings=ratings), tuple(notes))


def _ratings(raw: str, framework: Framework, track_id: str) -> tuple[dict[str, int], list[str]]:
    """Parse `id.level,id.level`; keep what fits the track and the scale, note what does not."""
    notes: list[str] = []
    if len(raw) > MAX_RATINGS_CHARS:
        return {}, [
            f"The ratings in this link are longer than {MAX_RATINGS_CHARS} characters; none were loaded."
        ]
    allowed = framework.track_skill_ids(track_id)
    levels = framework.levels
    ratings: dict[str, int] = {}
    for entry in filter(None, (e.strip() for e in raw.split(","))):
        skill, dot, level = entry.rpartition(".")
        if not dot or not skill:
            notes.append(f"{_clip(entry)!r} is not a rating (expected skill-id.level); it was ignored.")
        elif skill not in allowed:
            notes.append(
                f"Unknown skill {_clip(skill)!r} for this track{nearest(skill, allowed)}; its rating was ignored."
            )
        elif not _NUMBER.match(level) or int(level) not in levels:
            notes.append(
                f"The rating {_clip(level)!r} for {skill!r} is off the scale "
                f"({min(levels)} to {max(levels)}); it was ignored."
            )
        else:
            ratings[skill] = int(level)
    return ratings, notes
