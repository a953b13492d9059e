"""Evidence from the work for one person: what a scan's record (`stagepath scan`, read with
planner.formats.groundwork) suggests for the skills of the person behind one or more commit e-mails.

Each item is a suggestion the person accepts or drops, never a rating: suggesting reads no store, and
nothing changes a rating. A decision is stored as a row of its own (`decide`), and the latest on each item
counts (`decisions`). The skills of the items a person accepted are what
`planner.service.person.person_plan(accepted=...)` takes as ratings resting on evidence from the work.

    record = load_groundwork("shop-scan.json", raw, framework)       # a scan's output, people and all
    items = suggested_evidence(record, ["ada@example.com"], framework, track="developer")
    # ... Ada accepts some of the items and drops the others; then, for her plan:
    plan = person_plan(framework, assessment, accepted={item.skill for item in accepted_items}, ...)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from planner.formats.access import Viewer
from planner.formats.groundwork import GroundworkRecord
from planner.framework import Framework

if TYPE_CHECKING:  # storage is imported only where the store is used
    from planner.storage import Store


class SuggestedEvidence(BaseModel):
    """One item of evidence a scan suggests for a person.

    `skill`: the id of a skill of the framework. `evidence`: the scan's line naming, repository by
    repository, the commits and paths that matched (e.g. "shop: file AGENTS.md (added in commit
    1a2b3c4d5e6f)"). `source`: where the suggestion comes from, in words: the scan of which team, on
    which day, and the commit author it was credited to."""

    model_config = ConfigDict(frozen=True)

    skill: str
    evidence: str
    source: str


def _source(record: GroundworkRecord, author: str) -> str:
    day = f" on {record.assessed_on.isoformat()}" if record.assessed_on is not None else ""
    return f"stagepath scan of team {record.team}{day}, commits by {author}"


def suggested_evidence(
    record: GroundworkRecord,
    emails: Iterable[str],
    framework: Framework,
    track: str | None = None,
) -> tuple[SuggestedEvidence, ...]:
    """The items a scan's record suggests for the person whose commit e-mails are `emails` (compared
    without regard to case or surrounding spaces; blank ones match nothing).

    Only skills the framework knows are given, and with `track` only those a person on that track is
    rated on (the scan credits every track's skills, not knowing who is on which). In the framework's order
    of skills; for one skill, one item per matching author, in the record's order (by e-mail). A record
    with no `people` (not a scan's, or a team's record as stored) suggests nothing."""
    wanted = {e.strip().casefold() for e in emails} - {""}
    order = {skill: i for i, skill in enumerate(framework.skill_names)}
    allowed = set(framework.track_skill_ids(track)) if track is not None else set(order)
    found: list[tuple[int, int, SuggestedEvidence]] = []
    for n, person in enumerate(record.people):
        if person.author.strip().casefold() not in wanted:
            continue
        for signal in person.signals:
            if signal.skill in allowed and signal.skill in order:
                item = SuggestedEvidence(
                    skill=signal.skill, evidence=signal.evidence, source=_source(record, person.author)
                )
                found.append((order[signal.skill], n, item))
    return tuple(item for _, _, item in sorted(found, key=lambda f: (f[0], f[1])))


def decisions(store: Store, viewer: Viewer | None, person: str) -> dict[tuple[str, str, str], str]:
    """The person's latest decision (`accepted` or `dropped`) on each item, by its skill, evidence and
    source, as the viewer may see them."""
    return {
        (d.skill, d.evidence, d.source): d.decision for d in store.latest_evidence_decisions(person, viewer)
    }


def decide(
    store: Store,
    viewer: Viewer | None,
    framework: Framework,
    person: str,
    item: SuggestedEvidence,
    decision: str,
) -> int:
    """Store the person's decision (`accepted` or `dropped`) on one suggested item, as a row of its own; its
    id. Only the person (and an administrator) may decide."""
    return store.decide_evidence(person, item.skill, item.evidence, item.source, decision, framework, viewer)
