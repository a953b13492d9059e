"""Hiring: a profile of whom to hire (must-have and nice-to-have skills with interview prompts), built
by hand or from the team's coverage gaps, and how well a candidate's assessment fits one."""

from __future__ import annotations

from collections.abc import Sequence

from planner.common.problems import InputError
from planner.common.result import Result
from planner.formats.assessment import Assessment
from planner.framework import Framework
from planner.framework.tracks import Track
from planner.team.coverage import CoverageRow


class ProfileSkill(Result):
    skill: str
    name: str
    stage: int
    expected: int


class InterviewPrompt(Result):
    skill: str
    prompt: str


class HiringProfile(Result):
    """Whom to hire: the skills a candidate must and should bring, and what to ask them."""

    track: str
    stage: int
    must_have: tuple[ProfileSkill, ...]
    nice_to_have: tuple[ProfileSkill, ...]
    interview: tuple[InterviewPrompt, ...]


def _profile_skill(framework: Framework, track: Track, stage: int, skill_id: str) -> ProfileSkill:
    """A skill of the profile at the level it expects at the profile's stage (or at its own stage, for a
    skill of a later stage chosen by hand)."""
    own = next((e.stage for e in framework.expectations(track) if e.id == skill_id), None)
    if own is None:
        raise InputError.single(
            "hiring profile", f"unknown skill id {skill_id!r} for track {track.id!r}", field="skills"
        )
    e = next(e for e in framework.expectations(track, max(stage, own)) if e.id == skill_id)
    return ProfileSkill(skill=e.id, name=e.name, stage=e.stage, expected=e.level)


def build_profile(
    framework: Framework,
    track_id: str,
    stage: int,
    must_have: Sequence[str],
    nice_to_have: Sequence[str] = (),
) -> HiringProfile:
    """A hiring profile from skill ids (from the gaps, or chosen by hand), with every interview prompt the
    framework gives for them. A skill listed as both counts as a must-have."""
    track = framework.track(track_id)
    if track is None:
        raise InputError.single("hiring profile", f"unknown track {track_id!r}", field="track")
    musts = list(dict.fromkeys(must_have))
    nices = [s for s in dict.fromkeys(nice_to_have) if s not in musts]
    prompts = {e.id: e.skill.interview for e in framework.expectations(track)}
    return HiringProfile(
        track=track.id,
        stage=stage,
        must_have=tuple(_profile_skill(framework, track, stage, s) for s in musts),
        nice_to_have=tuple(_profile_skill(framework, track, stage, s) for s in nices),
        interview=tuple(
            InterviewPrompt(skill=s, prompt=p) for s in musts + nices for p in prompts.get(s, ())
        ),
    )


def hiring_profiles(
    framework: Framework, rows: Sequence[CoverageRow], target: int
) -> tuple[HiringProfile, ...]:
    """One profile per track with a skill to hire for (a `hire` row: no one holds it and no one is within
    one level), aimed at the target stage. Must-have: the floor (a hire below it would be a breach on day
    one) and every skill to hire for; nice-to-have: the skills the team can develop, since a hire who
    brings them shortens that wait. A thin skill is held by someone: it never makes a profile."""
    floor = [s.id for s in framework.curve.floor.skills]
    out: list[HiringProfile] = []
    for track in framework.tracks:
        mine = [r for r in rows if r.track == track.id]
        hire = [r.skill for r in mine if r.verdict == "hire"]
        if not hire:
            continue
        develop = [r.skill for r in mine if r.verdict == "develop"]
        out.append(build_profile(framework, track.id, target, floor + hire, develop))
    return tuple(out)


class FitGap(Result):
    skill: str
    name: str
    rating: int
    expected: int


class Fit(Result):
    """How well a candidate fits a profile. `score` is 0..1: each skill earns min(rating, expected) /
    expected, must-haves weigh twice what nice-to-haves do. `fits` when no must-have is missing."""

    score: float
    fits: bool
    missing_must: tuple[FitGap, ...]
    missing_nice: tuple[FitGap, ...]


def candidate_fit(profile: HiringProfile, candidate: Assessment) -> Fit:
    """A candidate's assessment against a profile (unrated skills count as 0)."""

    def earned(skill: ProfileSkill) -> float:
        return min(candidate.rating(skill.skill), skill.expected) / skill.expected if skill.expected else 1.0

    def gaps(skills: Sequence[ProfileSkill]) -> tuple[FitGap, ...]:
        return tuple(
            FitGap(skill=s.skill, name=s.name, rating=candidate.rating(s.skill), expected=s.expected)
            for s in skills
            if candidate.rating(s.skill) < s.expected
        )

    weight = 2 * len(profile.must_have) + len(profile.nice_to_have)
    total = 2 * sum(earned(s) for s in profile.must_have) + sum(earned(s) for s in profile.nice_to_have)
    missing = gaps(profile.must_have)
    return Fit(
        score=round(total / weight, 4) if weight else 1.0,
        fits=not missing,
        missing_must=missing,
        missing_nice=gaps(profile.nice_to_have),
    )


class ComparedSkill(Result):
    """One skill of a profile with each candidate's rating of it (in the comparison's candidate order)."""

    skill: str
    name: str
    kind: str  # "must" or "nice"
    expected: int
    ratings: tuple[int, ...]


class ComparedCandidate(Result):
    name: str
    fit: Fit


class Comparison(Result):
    """Several candidates against one profile, side by side: each one's fit, and each skill's ratings.
    `ranked` lists the candidates' names, those who fit first, then by score (highest first), then in the
    order given."""

    track: str
    stage: int
    candidates: tuple[ComparedCandidate, ...]
    skills: tuple[ComparedSkill, ...]
    ranked: tuple[str, ...]


def compare_candidates(profile: HiringProfile, candidates: Sequence[tuple[str, Assessment]]) -> Comparison:
    """Each (name, assessment) against the profile with `candidate_fit`, and every skill of the profile
    with each candidate's rating (unrated counts as 0), musts first."""
    fits = [ComparedCandidate(name=name, fit=candidate_fit(profile, a)) for name, a in candidates]
    order = sorted(range(len(fits)), key=lambda i: (not fits[i].fit.fits, -fits[i].fit.score, i))
    skills = [("must", s) for s in profile.must_have] + [("nice", s) for s in profile.nice_to_have]
    return Comparison(
        track=profile.track,
        stage=profile.stage,
        candidates=tuple(fits),
        skills=tuple(
            ComparedSkill(
                skill=s.skill,
                name=s.name,
                kind=kind,
                expected=s.expected,
                ratings=tuple(a.rating(s.skill) for _, a in candidates),
            )
            for kind, s in skills
        ),
        ranked=tuple(fits[i].name for i in order),
    )
