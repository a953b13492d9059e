"""Effort projection: from a team's own measured effort at one stage, the rule-of-thumb effort of each
later stage beside the source's reference range. The two are kept apart because they disagree at the top."""

from __future__ import annotations

from pydantic import Field

from planner.framework import Framework
from planner.problems import InputError
from planner.result import Result


class Measured(Result):
    stage: int
    days: float


class Projected(Result):
    stage: int
    days: int
    reference: tuple[float, float] | None


class Projection(Result):
    """`days` come from the multiplier (a rule of thumb); `reference` is the source's quoted range."""

    from_: Measured = Field(serialization_alias="from")
    multiplier: float
    unit: str
    basis: str
    projection: tuple[Projected, ...]


def project(framework: Framework, stage: int, days: float) -> Projection:
    """Project each later stage up to the highest one that is not aspirational, in whole days."""
    effort = framework.curve.effort
    if effort is None:
        raise InputError.single("framework", "this framework gives no effort data", field="effort")
    if framework.stage(stage) is None:
        numbers = [s.number for s in framework.curve.stages]
        raise InputError.single(
            "--stage", f"stage {stage} is not on the curve; expected {min(numbers)} to {max(numbers)}"
        )
    if not days > 0 or days > 1_000_000:
        raise InputError.single("--days", f"{days} days; expected a positive number of working days")
    later = [s.number for s in framework.curve.stages if stage < s.number <= framework.ceiling]
    rows = tuple(
        Projected(
            stage=n,
            days=round(days * effort.multiplier ** (n - stage)),
            reference=effort.reference.get(n),
        )
        for n in later
    )
    return Projection(
        from_=Measured(stage=stage, days=days),
        multiplier=effort.multiplier,
        unit=effort.unit,
        basis=f"rule of thumb: each stage costs about {effort.multiplier:g}x the one below; "
        "reference ranges are the source's quoted figures",
        projection=rows,
    )
