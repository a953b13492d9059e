"""Support: how many of a team's people to plan support for, from the framework's figure for the share of
people who take to the change comfortably."""

from __future__ import annotations

import math

from planner.common.result import Result
from planner.framework import Framework

SUPPORT_FACT = "comfortable-shift-share"


class Support(Result):
    """The framework's figure that about `share` of people take to the change comfortably, turned into how
    many of this team's `people` to plan support for. `quote` is the source's own words for the share,
    where the framework keeps them; `share` is then our reading of them."""

    people: int
    share: float
    plan_for: int
    text: str
    quote: str = ""

    @property
    def basis(self) -> str:
        """Where the share comes from, the source's words and our number kept apart: 'the source says
        "roughly sixty percent", which we read as 0.6'."""
        if self.quote:
            return f'the source says "{self.quote}", which we read as {self.share:g}'
        return f"the framework's share is {self.share:g}"


def support_needed(framework: Framework, people: int) -> Support | None:
    """ceil(people x (1 - share)) with share the framework's 'comfortable-shift-share' fact; None when the
    framework gives no such fact."""
    fact = framework.fact(SUPPORT_FACT)
    if fact is None or fact.value is None:
        return None
    # Round away float noise first: 10 x (1 - 0.6) is 4.000000000000001, and must plan for 4, not 5.
    plan_for = math.ceil(round(people * (1 - fact.value), 9))
    return Support(people=people, share=fact.value, plan_for=plan_for, text=fact.text, quote=fact.quote)
