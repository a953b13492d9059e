"""Support: how many of a team's people to plan support for, from the framework's figure for how many
make each shift comfortably."""

from __future__ import annotations

import math

from planner.common.result import Result
from planner.framework import Framework

SUPPORT_FACT = "comfortable-shift-share"


class Support(Result):
    """The source's figure that about `share` of people make each shift comfortably, turned into how many
    of this team's `people` to plan support for."""

    people: int
    share: float
    plan_for: int
    text: str


def support_needed(framework: Framework, people: int) -> Support | None:
    """ceil(people x (1 - share)) with share the framework's 'comfortable-shift-share' fact; None when the
    framework gives no such fact."""
    fact = next((f for f in framework.curve.facts if f.id == SUPPORT_FACT), None)
    if fact is None or fact.value is None:
        return None
    # Round away float noise first: 10 x (1 - 0.6) is 4.000000000000001, and must plan for 4, not 5.
    plan_for = math.ceil(round(people * (1 - fact.value), 9))
    return Support(people=people, share=fact.value, plan_for=plan_for, text=fact.text)
