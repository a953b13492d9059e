"""One person's evidence from the work: the items a scan's record suggests for the person behind one or
more commit e-mails, in the framework's order, for their track only when it is given; and never a rating."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from planner.formats.assessment import Assessment
from planner.formats.groundwork import GroundworkRecord, load_groundwork
from planner.framework import Framework
from planner.scan.repository import scan_repository, suggestions
from planner.service.evidence import SuggestedEvidence, suggested_evidence
from planner.service.person import person_plan
from tests.scan_support import team_history

RECORD = b"""stagepath: 1
kind: groundwork
team: Shop
assessed_on: 2026-11-30
capabilities: {}
people:
  - author: ada@example.com
    signals:
      - {skill: assisted-test-drafting, evidence: "shop: commit 2222222222aa (Assisted-by: Claude)"}
      - {skill: working-standards-writing, evidence: "shop: file AGENTS.md (added in commit 1111111111aa)"}
  - author: ada@home.example
    signals:
      - {skill: assisted-coding, evidence: "notes: commit 3333333333aa (Co-authored-by: Cursor <c@x>)"}
  - author: bo@example.com
    signals:
      - {skill: assisted-coding, evidence: "shop: commit 4444444444aa (Co-authored-by: Claude <c@x>)"}
"""


def item(skill: str, evidence: str, author: str) -> SuggestedEvidence:
    source = f"stagepath scan of team Shop on 2026-11-30, commits by {author}"
    return SuggestedEvidence(skill=skill, evidence=evidence, source=source)


def test_one_persons_items_from_all_their_addresses_in_the_frameworks_order(shipped: Framework) -> None:
    record = load_groundwork("scan.yaml", RECORD, shipped)
    found = suggested_evidence(record, [" ADA@example.com", "ada@home.example", ""], shipped)
    assert found == (
        item(
            "assisted-coding", "notes: commit 3333333333aa (Co-authored-by: Cursor <c@x>)", "ada@home.example"
        ),
        item(
            "working-standards-writing",
            "shop: file AGENTS.md (added in commit 1111111111aa)",
            "ada@example.com",
        ),
        item("assisted-test-drafting", "shop: commit 2222222222aa (Assisted-by: Claude)", "ada@example.com"),
    )
    # on the developer track, the QA track's skill is left out
    assert [
        i.skill
        for i in suggested_evidence(record, ["ada@example.com", "ada@home.example"], shipped, "developer")
    ] == [
        "assisted-coding",
        "working-standards-writing",
    ]


def test_nobody_else_and_no_record_without_people_suggest_anything(shipped: Framework) -> None:
    record = load_groundwork("scan.yaml", RECORD, shipped)
    assert suggested_evidence(record, ["cy@example.com"], shipped) == ()
    assert suggested_evidence(record, [""], shipped) == ()
    assert suggested_evidence(GroundworkRecord(team="Shop"), ["ada@example.com"], shipped) == ()


def test_a_scan_of_a_real_history_suggests_each_persons_own(tmp_path: Path, shipped: Framework) -> None:
    ids = team_history(tmp_path / "shop")
    record = suggestions(
        shipped, [scan_repository(str(tmp_path / "shop"), shipped)], "Shop", dt.date(2026, 12, 1)
    )
    source = "stagepath scan of team Shop on 2026-12-01, commits by bo@example.com"
    assert suggested_evidence(record, ["bo@example.com"], shipped, "qa") == (
        SuggestedEvidence(
            skill="assisted-test-drafting",
            evidence=(
                f"shop: commit {ids['bo1']} (Co-Authored-By: Claude <noreply@anthropic.com>); "
                f"commit {ids['bo2']} (Co-authored-by: Cursor <cursoragent@cursor.com>)"
            ),
            source=source,
        ),
        SuggestedEvidence(
            skill="quality-gate-design",
            evidence=f'shop: .github/workflows/ci.yml contains "pull_request" (added in commit {ids["bo1"]})',
            source=source,
        ),
    )


def test_suggestions_change_no_rating_until_one_is_accepted(shipped: Framework) -> None:
    record = load_groundwork("scan.yaml", RECORD, shipped)
    assessment = Assessment(
        name="Ada",
        track="developer",
        rater="self",
        assessed_on=dt.date(2026, 11, 1),
        ratings={"assisted-coding": 3, "working-standards-writing": 2},
    )
    items = suggested_evidence(record, ["ada@example.com", "ada@home.example"], shipped, "developer")
    assert person_plan(shipped, assessment, today=dt.date(2026, 12, 1)).trusted.confirmed == 0
    # what the person accepts rests their own ratings on the evidence; the ratings themselves are theirs
    accepted = {items[0].skill}
    plan = person_plan(shipped, assessment, today=dt.date(2026, 12, 1), accepted=accepted)
    assert plan.trusted.confirmed == 1
    assert assessment.ratings == {"assisted-coding": 3, "working-standards-writing": 2}
