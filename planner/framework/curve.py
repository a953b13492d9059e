"""The curve, as curve.yaml declares it: the scale, the floor, the stages (with their capabilities),
the effort rule, the facts and the comparisons with other frameworks."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from planner.framework.base import Described, Id, Model, Name, Provenance, ReviewDays, Text, Texts
from planner.framework.capabilities import Capability


class ScaleLevel(Model):
    level: int
    name: Name
    means: Text


class FloorSkill(Described):
    """A skill of the competency floor. `actions` are for everyone; `track_actions` may word them for a
    track (its id to its own actions), since the same skill is practised differently on each."""

    actions: Texts = ()
    interview: Texts = ()
    review_after_days: ReviewDays | None = None
    track_actions: Annotated[dict[Id, Texts], Field(max_length=50)] = Field(default_factory=dict)

    def actions_for(self, track_id: str) -> tuple[str, ...]:
        """The actions for a person on this track: the track's own where the framework gives them."""
        return self.track_actions.get(track_id) or self.actions


class Floor(Model):
    name: Name = "Floor"
    minimum: int
    gates_from_stage: int = 5
    summary: Text = ""
    provenance: Provenance = "stated"
    # The floor's idea may be stated while its numbers (the minimum and the gating stage) are ours.
    rule_provenance: Provenance = "inferred"
    # Where the gate (from which stage the floor decides placement) comes from, apart from the minimum.
    gate_provenance: Provenance = "inferred"
    # Days before a rating of a floor skill is due again, unless the skill gives its own: one of the
    # floor's numbers, so its provenance is `rule_provenance`.
    review_after_days: ReviewDays | None = None
    source: Text = ""
    skills: Annotated[tuple[FloorSkill, ...], Field(min_length=1, max_length=50)]


class Stage(Model):
    number: int
    name: Name
    shift: Text
    builds: Text = ""
    aspirational: bool = False
    provenance: Provenance
    # The name's own provenance where it differs from the stage's (a stated stage with a name of ours).
    name_provenance: Provenance | None = None
    source: Text = ""
    capabilities: Annotated[tuple[Capability, ...], Field(max_length=30)] = ()


class Effort(Model):
    multiplier: Annotated[float, Field(gt=1, le=100)] = 7
    # How many build samples per stage the multiplier rests on, as the source gives it ("more than 250").
    samples_per_stage: int | Text | None = None
    unit: Name = "days"
    reference: dict[int, tuple[float, float]] = Field(default_factory=dict)
    # For a stage of `reference`, the fact holding the source's own words that its numbers convert.
    quoted: dict[int, Id] = Field(default_factory=dict)
    note: Text = ""
    provenance: Provenance = "inferred"
    source: Text = ""


class Fact(Model):
    id: Id
    label: Name
    text: Text
    quote: Text = ""  # the source's own words, short, where the fact rests on a phrase
    value: float | None = None
    # How the value reads as a figure ("180 days", "Stage 2"): a bare number says nothing of what it
    # counts. Without it, a share reads as a percentage and anything else as the number.
    figure: Text = ""
    # How `value` was worked out from the source's words, where it is our conversion of them ("0.6: our
    # number for 'roughly sixty percent'"); shown wherever the value is.
    value_note: Text = ""
    # A lesson: something the source teaches, to be shown where it bears on a person's gaps.
    lesson: bool = False
    # The stages a fact belongs to (0 is the competency floor): shown with them on Explore, and, for a
    # lesson, in a plan with a gap at one of them.
    stages: tuple[int, ...] = ()
    provenance: Provenance
    source: Text = ""


class ComparisonLevel(Model):
    label: Name
    aligns_with: tuple[int, ...] = ()


class Comparison(Model):
    id: Id
    name: Name
    author: Name
    published: Text = ""
    levels: Annotated[tuple[ComparisonLevel, ...], Field(max_length=20)]
    provenance: Provenance = "inferred"
    source: Text = ""


class Curve(Model):
    name: Name
    version: Text = ""
    summary: Text = ""
    source: Text = ""
    scale: Annotated[tuple[ScaleLevel, ...], Field(min_length=2, max_length=11)]
    review_after_days: ReviewDays | None = None
    floor: Floor
    stages: Annotated[tuple[Stage, ...], Field(min_length=1, max_length=30)]
    # The first stage that is a team's rather than a person's (its groundwork counts); unset, the first
    # stage that lists capabilities.
    team_from_stage: int | None = None
    effort: Effort | None = None
    facts: Annotated[tuple[Fact, ...], Field(max_length=50)] = ()
    comparisons: Annotated[tuple[Comparison, ...], Field(max_length=20)] = ()
