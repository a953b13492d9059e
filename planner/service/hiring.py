"""Hiring: a profile of whom to hire (chosen by hand or taken from a team report's gaps), one candidate's fit
to it, and several candidates' files compared against it. The Hiring page and a script call these, and the
Markdown and CSV they take away are written from what these return (planner.reports.team)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from planner.common.problems import InputError
from planner.formats.assessment import Assessment, load_assessment
from planner.framework import Framework
from planner.team.coverage import CoverageRow
from planner.team.hiring import Comparison, Fit, HiringProfile, build_profile, compare_candidates
from planner.team.hiring import candidate_fit as fit_of

__all__ = [
    "CandidatesRead",
    "Comparison",
    "CoverageRow",
    "Fit",
    "HiringProfile",
    "candidate_fit",
    "candidates_compared",
    "hiring_profile",
    "read_candidate",
]


def hiring_profile(
    framework: Framework,
    track: str,
    stage: int,
    must_have: Sequence[str],
    nice_to_have: Sequence[str] = (),
) -> HiringProfile:
    """The profile of a hire on this track working at this stage, with these must-have and nice-to-have skill
    ids (a skill given as both is a must-have) and every interview prompt the framework gives for them."""
    return build_profile(framework, track, stage, must_have, nice_to_have)


def candidate_fit(profile: HiringProfile, candidate: Assessment) -> Fit:
    """A candidate's assessment against the profile (a skill left unrated counts as 0)."""
    return fit_of(profile, candidate)


def read_candidate(framework: Framework, name: str, raw: bytes) -> Assessment | list[str]:
    """A candidate's assessment file, or the problems that keep it from being used, one line each."""
    try:
        return load_assessment(name, raw, framework)
    except InputError as exc:
        return [str(p) for p in exc.problems]


@dataclass(frozen=True, eq=False)
class CandidatesRead:
    """Candidates' files against a profile: the comparison (None with fewer than two usable files), each file
    refused with its problems, and each usable file on another track than the profile's, with that track."""

    comparison: Comparison | None
    refused: tuple[tuple[str, tuple[str, ...]], ...]
    other_track: tuple[tuple[str, str], ...]


def candidates_compared(
    framework: Framework, profile: HiringProfile, files: Iterable[tuple[str, bytes]]
) -> CandidatesRead:
    """Each file (by name and content) read as one candidate, named by the assessment's name or else the file's,
    and the usable ones compared against the profile in the order given."""
    candidates: list[tuple[str, Assessment]] = []
    refused: list[tuple[str, tuple[str, ...]]] = []
    other: list[tuple[str, str]] = []
    for name, raw in files:
        read = read_candidate(framework, name, raw)
        if isinstance(read, list):
            refused.append((name, tuple(read)))
            continue
        if read.track != profile.track:
            other.append((name, read.track))
        candidates.append((read.name or name, read))
    compared = compare_candidates(profile, candidates) if len(candidates) >= 2 else None
    return CandidatesRead(compared, tuple(refused), tuple(other))
