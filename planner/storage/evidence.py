"""Evidence from the work, as a person decided on it: each item a scan suggested for one of their skills
(planner.service.evidence) that they accepted or dropped, a row per decision, never updated; the latest
decision on the same skill, evidence and source is the one that counts. Only the person decides (an
administrator and the command line may too); the person, the managers of their teams and administrators see
the decisions. Nothing here sets or changes a rating: an accepted item only makes the rating of its skill
rest on evidence from the work (planner.person.trust)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from planner.formats.access import AccessDenied, Viewer
from planner.formats.assessment import plain_text
from planner.framework import Framework
from planner.storage.base import StoreBase, author, aware, shown_name, utc_now
from planner.storage.errors import Refused, storage_errors
from planner.storage.schema import TEXT_LENGTH, EvidenceDecision, Person
from planner.storage.visibility import managed_people, own_person

DECISIONS = ("accepted", "dropped")


@dataclass(frozen=True)
class StoredDecision:
    """One decision on one item of evidence: whose, which skill, the item, accepted or dropped, when, by whom."""

    id: int
    person: str
    skill: str
    evidence: str
    source: str
    decision: str
    decided_at: dt.datetime
    decided_by: str


def _line(what: str, text: str) -> str:
    if not text.strip():
        raise Refused(f"the {what} is empty")
    if len(text) > TEXT_LENGTH:
        raise Refused(f"the {what} is {len(text)} characters long; expected at most {TEXT_LENGTH}")
    try:
        return plain_text(text)
    except ValueError as exc:
        raise Refused(f"the {what}: {exc}") from None


class EvidenceDecisions(StoreBase):
    """People's decisions on the evidence a scan suggested for them."""

    @storage_errors
    def decide_evidence(
        self,
        person: str,
        skill: str,
        evidence: str,
        source: str,
        decision: str,
        framework: Framework,
        viewer: Viewer | None = None,
    ) -> int:
        """Store a person's decision (`accepted` or `dropped`) on one item; its id. Refused for anyone but
        the person (an administrator and the command line may), a skill the framework does not have, a
        decision that is neither, or an empty or overlong item."""
        by = author(viewer)
        if viewer is not None and not viewer.administrator and not viewer.owns(person):
            raise AccessDenied(f"{by} decides on evidence of their own skills only, not {person!r}'s")
        if decision not in DECISIONS:
            raise Refused(f"{decision!r} is not a decision; expected accepted or dropped")
        if skill not in framework.skill_ids:
            raise Refused(f"{skill!r} is not a skill of this framework")
        row = {
            "skill": skill,
            "evidence": _line("evidence", evidence),
            "source": _line("source", source),
            "decision": decision,
            "decided_at": utc_now(),
            "decided_by": by,
        }
        with self._write() as connection:
            person_id = self._stored_person_id(connection, person, viewer)
            if person_id is None:
                raise Refused(f"there is no stored person named {person!r}: save an assessment first")
            id_ = self._new_row(connection, EvidenceDecision, person_id=person_id, **row)
            self._audit(connection, by, "store", {"evidence_decisions": [id_]})
            return id_

    @storage_errors
    def evidence_decisions(self, person: str, viewer: Viewer | None = None) -> list[StoredDecision]:
        """Every decision on one person's evidence that the viewer may see, oldest first."""
        query = (
            select(EvidenceDecision, shown_name(self._directory(viewer)))
            .join(Person, Person.id == EvidenceDecision.person_id)
            .where(Person.key.in_(self.person_keys(person, viewer)))
            .order_by(EvidenceDecision.id)
        )
        if viewer is not None and not viewer.administrator:
            managed = managed_people(viewer)
            query = query.where(
                or_(
                    own_person(viewer),
                    EvidenceDecision.person_id.in_(managed),
                )
            )
        with Session(self.engine) as session:
            rows = session.execute(query).all()
        return [
            StoredDecision(
                d.id, name, d.skill, d.evidence, d.source, d.decision, aware(d.decided_at), d.decided_by
            )
            for d, name in rows
        ]

    def latest_evidence_decisions(self, person: str, viewer: Viewer | None = None) -> list[StoredDecision]:
        """The latest decision on each item (skill, evidence and source) of one person's evidence that the
        viewer may see, in the order of those latest decisions."""
        latest: dict[tuple[str, str, str], StoredDecision] = {}
        for d in self.evidence_decisions(person, viewer):
            latest.pop((d.skill, d.evidence, d.source), None)
            latest[d.skill, d.evidence, d.source] = d
        return list(latest.values())

    def accepted_evidence(self, person: str, viewer: Viewer | None = None) -> list[StoredDecision]:
        """The items whose latest decision is `accepted`, in the order of those decisions."""
        return [d for d in self.latest_evidence_decisions(person, viewer) if d.decision == "accepted"]
