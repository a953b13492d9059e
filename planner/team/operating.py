"""The team's operating stage: the stage a team can work at once its people and its groundwork are both
counted.

From the stage the framework first lists capabilities at, a stage is a team's, not a person's: strong people
without the gates, signals or harness of a stage do not make a team that works there. Pure rules over a team
(planner.formats.table) and a groundwork record (planner.formats.groundwork); no I/O."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from pydantic import Field

from planner.common.result import Result
from planner.formats.groundwork import GroundworkRecord
from planner.formats.table import Bools, Team
from planner.framework import Framework
from planner.person.placement import SkillsMet
from planner.team.coverage import (
    DEFAULT_MIN_COVERAGE,
    CoverageRow,
    coverage_on,
    held_at_every_stage,
)
from planner.team.placements import OnTrack, TrackShape, by_track, judged_at


class BuildItem(Result):
    """A capability the team does not have in place: the verdict `build`, with the framework's reference
    effort for building its stage (low and high, in the effort's unit) where the framework gives one."""

    capability: str
    name: str
    stage: int
    verdict: Literal["build"] = "build"
    effort: tuple[float, float] | None
    evidence: str = ""
    suggested: bool = False


class BlockedBy(Result):
    """What stands between the team and the stage after its operating stage."""

    stage: int
    capabilities: tuple[BuildItem, ...]
    skills: tuple[CoverageRow, ...]


class OperatingStage(Result):
    """The team's stage counting its people and its groundwork. `capability_stage` is None without a record."""

    people_stage: int
    capability_stage: int | None
    operating_stage: int
    blocked_by: BlockedBy | None
    build: tuple[BuildItem, ...]
    warnings: tuple[str, ...]
    # Per track, per stage: the skills the team holds, of those the stage judges.
    met: dict[str, dict[int, SkillsMet]] = Field(default_factory=dict)

    def report_fields(self) -> dict[str, Any]:
        """Each field by name, as a team report carries them (planner.team.summary.TeamReport has the same
        fields), so that every report is filled the one way: `TeamReport(..., **operating.report_fields())`."""
        return dict(self)


def first_team_stage(framework: Framework) -> int | None:
    """The first stage that is a team's: the curve's `team_from_stage`, else the first stage that lists
    capabilities (None when the framework says neither)."""
    if framework.curve.team_from_stage is not None:
        return framework.curve.team_from_stage
    return min((n for n, _ in framework.capabilities.values()), default=None)


def _earned(reachable: Sequence[int], met: Sequence[bool]) -> int:
    """The highest stage reached in order: the stage before the first one not met (0 when none is met)."""
    reached = 0
    for number, ok in zip(reachable, met, strict=True):
        if not ok:
            break
        reached = number
    return reached


def capability_stage(framework: Framework, record: GroundworkRecord) -> int:
    """The highest stage s such that every capability of every stage up to s is in place; a stage that
    lists no capabilities counts as in place. Like a placement it is never an aspirational stage."""
    reachable = framework.reachable
    return _earned(
        reachable,
        [all(record.in_place(c.id) for _, c in framework.capabilities_through(s)) for s in reachable],
    )


def lower_stage(framework: Framework, people_at: int, capabilities: int | None) -> int:
    """The operating stage: the lower of the people's stage and the capability stage (the people's alone
    when the capability stage is unknown), never past the highest stage that is not aspirational."""
    return min(people_at, capabilities if capabilities is not None else people_at, framework.ceiling)


def _gaps(framework: Framework, rows: Sequence[CoverageRow], stage: int) -> tuple[CoverageRow, ...]:
    """The skills the team does not hold at this stage; the floor counts from the stage it gates from, as in
    placement. A thin skill is held: it does not block a stage."""
    return tuple(r for r in rows if not r.held and (r.stage > 0 or framework.floor_gates(stage)))


def _people_stage_of(framework: Framework, record: Team, on_tracks: Sequence[OnTrack]) -> int:
    if not len(record):
        return 0
    return _people_stage_held(framework, [(on.shape, held_at_every_stage(on)) for on in on_tracks])


def _people_stage_held(framework: Framework, held: Sequence[tuple[TrackShape, Bools]]) -> int:
    """The people's stage from every track's holding at every stage (`held_at_every_stage`)."""
    reachable = framework.reachable
    met = [
        all(bool(at[shape.numbers.index(s), judged_at(framework, shape, s)].all()) for shape, at in held)
        for s in reachable
    ]
    return _earned(reachable, met)


def _skills_held(
    framework: Framework, held: Sequence[tuple[TrackShape, Bools]]
) -> dict[str, dict[int, SkillsMet]]:
    """Per track, per stage on the curve: how many of the skills the stage judges the team holds, of how
    many (readiness's skills met, for a team: held by at least one person on the track)."""
    out: dict[str, dict[int, SkillsMet]] = {}
    for shape, at in held:
        per: dict[int, SkillsMet] = {}
        for i, number in enumerate(shape.numbers):
            judged = judged_at(framework, shape, number)
            per[number] = SkillsMet(met=int(at[i, judged].sum()), of=int(judged.sum()))
        out[shape.track.id] = per
    return out


def people_stage(framework: Framework, team: Team) -> int:
    """The highest stage s such that, for every track in the team, every skill of the stages up to s is
    held at its level for s, by at least one person on the track (the floor from the stage it gates from);
    0 for an empty team. The redundancy goal does not enter: a thin skill is held. People count once,
    with their assessment of record."""
    record = team.of_record()
    return _people_stage_of(framework, record, by_track(framework, record))


def build_items(framework: Framework, record: GroundworkRecord, up_to: int) -> tuple[BuildItem, ...]:
    """Every capability of the stages up to `up_to` that the record does not have in place, stage by stage."""
    reference = framework.curve.effort.reference if framework.curve.effort else {}
    out = []
    for stage, capability in framework.capabilities_through(up_to):
        state = record.capabilities.get(capability.id)
        if state is None or not state.in_place:
            out.append(
                BuildItem(
                    capability=capability.id,
                    name=capability.name,
                    stage=stage,
                    effort=reference.get(stage),
                    evidence=state.evidence if state else "",
                    suggested=state.suggested if state else False,
                )
            )
    return tuple(out)


def operating_on(
    framework: Framework,
    people: Team,
    on_tracks: Sequence[OnTrack],
    record: GroundworkRecord | None,
    target: int,
    min_coverage: int,
) -> OperatingStage:
    """`operating_stage` of a team already reduced to one assessment per person, its tracks taken apart."""
    held = [(on.shape, held_at_every_stage(on)) for on in on_tracks]
    people_at = _people_stage_held(framework, held) if len(people) else 0
    capabilities = capability_stage(framework, record) if record is not None else None
    operating = lower_stage(framework, people_at, capabilities)
    warnings: tuple[str, ...] = ()
    if not framework.capabilities:
        warnings = (
            "This framework lists no capabilities, so the operating stage counts the team's people only.",
        )
    elif record is None:
        warnings = ("The team's groundwork is not recorded, so the operating stage counts its people only.",)
    following = operating + 1
    blocked = None
    if following <= framework.ceiling:
        blocked = BlockedBy(
            stage=following,
            capabilities=build_items(framework, record, following) if record is not None else (),
            skills=_gaps(framework, coverage_on(people, on_tracks, following, min_coverage), following),
        )
    return OperatingStage(
        people_stage=people_at,
        capability_stage=capabilities,
        operating_stage=operating,
        blocked_by=blocked,
        build=build_items(framework, record, target) if record is not None else (),
        warnings=warnings,
        met=_skills_held(framework, held),
    )


def operating_stage(
    framework: Framework,
    team: Team,
    record: GroundworkRecord | None,
    target: int,
    min_coverage: int = DEFAULT_MIN_COVERAGE,
) -> OperatingStage:
    """The operating stage: the lower of the people's stage and the capability stage, never past the
    highest stage that is not aspirational. Without a record the capability stage is unknown (None), the
    operating stage is the people's, and a warning says so. `blocked_by` names, for the stage after the
    operating stage, the capabilities not in place and the skills not covered; `build` lists every
    capability up to the target that is not in place. People count once, with their assessment of record."""
    people = team.of_record()
    return operating_on(framework, people, by_track(framework, people), record, target, min_coverage)
