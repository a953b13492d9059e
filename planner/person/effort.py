"""Effort projection: from a team's own measured effort at one stage, the rule-of-thumb effort of each
later stage beside the source's reference range. The two are kept apart because they disagree at the top."""

from __future__ import annotations

from pydantic import Field

from planner.common.problems import InputError
from planner.common.result import Result
from planner.framework import Framework


class Measured(Result):
    stage: int
    days: float


class Projected(Result):
    stage: int
    days: int
    reference: tuple[float, float] | None
    quoted: str | None = None  # the source's own words that `reference` converts


class Gap(Result):
    """How far the rule of thumb overshoots the quoted range at the highest quoted stage, when it is
    applied to the first quoted range: `times` is (lowest, highest) ratio of the rule to the range."""

    from_stage: int
    from_range: tuple[float, float]
    stage: int
    rule: tuple[int, int]
    reference: tuple[float, float]
    times: tuple[float, float]
    sentence: str


class Projection(Result):
    """`days` come from the multiplier (a rule of thumb); `reference` is our conversion of the source's own
    words (`quoted`)."""

    from_: Measured = Field(serialization_alias="from")
    multiplier: float
    unit: str
    basis: str
    projection: tuple[Projected, ...]
    gap: Gap | None


def quoted(framework: Framework, stage: int) -> str | None:
    """The source's own words for the effort of a stage, where the framework keeps them as a fact."""
    effort = framework.curve.effort
    fact_id = effort.quoted.get(stage) if effort else None
    fact = framework.fact(fact_id)
    return (fact.quote or fact.text) if fact else None


def rule_gap(framework: Framework) -> Gap | None:
    """The rule of thumb applied to the first quoted range, against the quoted range of the highest
    quoted stage; None with fewer than two quoted stages."""
    effort = framework.curve.effort
    if effort is None or len(effort.reference) < 2:
        return None
    first, top = min(effort.reference), max(effort.reference)
    (lo, hi), (top_lo, top_hi) = effort.reference[first], effort.reference[top]
    grow = effort.multiplier ** (top - first)
    rule = (round(lo * grow), round(hi * grow))
    times = (round(rule[0] / top_hi, 1), round(rule[1] / top_lo, 1)) if top_lo > 0 else (0.0, 0.0)
    sentence = (
        f"From {lo:g} to {hi:g} {effort.unit} at stage {first}, the {effort.multiplier:g}x rule gives "
        f"{rule[0]:,} to {rule[1]:,} at stage {top}: {times[0]:g} to {times[1]:g} times the reference "
        f"there, {top_lo:g} to {top_hi:g}."
    )
    return Gap(
        from_stage=first,
        from_range=(lo, hi),
        stage=top,
        rule=rule,
        reference=(top_lo, top_hi),
        times=times,
        sentence=sentence,
    )


def project(framework: Framework, stage: int, days: float) -> Projection:
    """Project each later stage up to the highest one that is not aspirational, in whole days."""
    effort = framework.curve.effort
    if effort is None:
        raise InputError.single("framework", "this framework gives no effort data", field="effort")
    if framework.stage(stage) is None:
        raise InputError.single("--stage", f"stage {stage} is not on the curve; {framework.stage_range}")
    if not days > 0 or days > 1_000_000:
        raise InputError.single(
            "--days",
            f"{days:.15g} days; expected a number of {effort.unit} above 0 and at most 1000000",  # no 2e+06
        )
    later = [s.number for s in framework.curve.stages if stage < s.number <= framework.ceiling]
    rows = tuple(
        Projected(
            stage=n,
            days=round(days * effort.multiplier ** (n - stage)),
            reference=effort.reference.get(n),
            quoted=quoted(framework, n),
        )
        for n in later
    )
    return Projection(
        from_=Measured(stage=stage, days=days),
        multiplier=effort.multiplier,
        unit=effort.unit,
        basis=f"days: a rule of thumb, each stage about {effort.multiplier:g}x the one below; reference: our "
        f"conversion into {effort.unit} of the source's own words (quoted)",
        projection=rows,
        gap=rule_gap(framework),
    )
