"""The use cases the pages and the command line share for what is stored, on SQLite: a person's whole record,
a retraction and an erasure give the same on My assessments as with `stagepath export --person`, `retract`
and `forget` (each a real process); and the rules the use cases add to the store's: what a person may share
in a check-in, whom a manager may open one for, the latest decision on an item of evidence, and the words of
an action made from a focus item."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from planner.formats.access import AccessDenied, parse_access
from planner.formats.assessment import Assessment
from planner.framework import Framework
from planner.service import checkins, records
from planner.service.actions import action_text
from planner.service.database import Refused, open_store
from planner.service.evidence import SuggestedEvidence, decide, decisions
from planner.service.person import person_plan
from planner.service.stored import history, people
from tests.app_support import catch_downloads, content
from tests.storage.test_records import mine
from tests.storage.test_storage import run

ACCESS = b"""\
administrators: [boss@example.com]
managers:
  maria@example.com: [platform]
members:
  ada@example.com: Ada Lovelace
  maria@example.com: Maria Rossi
"""
CONFIG = parse_access("access.yaml", ACCESS)


def viewer(name: str) -> Any:
    return CONFIG.viewer(f"{name}@example.com")


def seed(url: str, framework: Framework) -> None:
    """Ada rated by her manager on two dates, Ben and Maria in team platform, through the use case the Team
    page saves with."""
    with open_store(url) as store:
        records.save_assessments(
            store,
            None,
            framework,
            [
                *(
                    Assessment(
                        name="Ada Lovelace", track="developer", rater="manager", assessed_on=day, ratings=r
                    )
                    for day, r in (("2025-01-01", {"read-code": 1}), ("2025-02-01", {"read-code": 4}))
                ),
                Assessment(name="Ben Okri", track="developer"),
                Assessment(name="Maria Rossi", track="developer", rater="self"),
            ],
            team="platform",
        )


@pytest.fixture
def shared(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The app in shared mode with the access file above; the database is the test's own (conftest)."""
    access = tmp_path / "access.yaml"
    access.write_bytes(ACCESS)
    monkeypatch.setenv("STAGEPATH_ACCESS", str(access))
    return access


def cli_record(url: str, name: str) -> Any:
    done = run("export", "--person", name, url=url)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_my_assessments_downloads_the_record_stagepath_exports_before_and_after_a_retraction(
    database: str, shared: Path, shipped: Framework, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(database, shipped)
    downloads = catch_downloads(monkeypatch)
    at = mine("ada@example.com")
    page = json.loads(content(downloads["stagepath-record.json"]))
    assert page == cli_record(database, "Ada Lovelace")
    assert page["name"] == "Ada Lovelace" and len(page["snapshots"]) == 2

    newest = at.selectbox(key="mine.own.retract_pick").value
    at.text_input(key="mine.own.why").input("the wrong ratings").run()
    at.button(key="mine.own.retract").click().run()
    assert not at.exception and "Stored: 1" in [s.value for s in at.subheader]
    page = json.loads(content(downloads["stagepath-record.json"]))
    assert page == cli_record(database, "Ada Lovelace")
    retracted = {s["id"]: s["retracted"] for s in page["snapshots"]}
    assert retracted[newest] is not None and retracted[newest]["why"] == "the wrong ratings"
    assert retracted[newest]["by"] == "ada@example.com"

    older = next(i for i in retracted if i != newest)
    done = run("retract", str(older), "--why", "an old rating", url=database)
    assert done.returncode == 0, done.stderr
    with open_store(database) as store:
        assert history(store, viewer("ada"), "Ada Lovelace") == []  # the page's reader sees both gone
        read = records.person_record(store, viewer("ada"), "Ada Lovelace")
    assert read == cli_record(database, "Ada Lovelace")
    assert [s["retracted"]["why"] for s in read["snapshots"]] == ["an old rating", "the wrong ratings"]


def test_forgetting_on_my_assessments_and_with_stagepath_forget_erases_the_same(
    database: str, shared: Path, shipped: Framework, tmp_path: Path
) -> None:
    other = f"sqlite:///{tmp_path / 'other.db'}"
    seed(database, shipped)
    seed(other, shipped)
    at = mine("ada@example.com")
    at.checkbox(key="mine.own.forget_sure").check().run()
    at.button(key="mine.own.forget").click().run()
    assert not at.exception
    on_page = [s.value for s in at.success][-1]
    done = run("forget", "Ada Lovelace", "--yes", url=other)
    assert done.returncode == 0, done.stderr
    # The same erasure, said by each: two snapshots and everything else of hers.
    assert on_page.startswith("Erased: 2 snapshot(s)")
    assert done.stdout.startswith("forgot 'Ada Lovelace': 2 snapshot(s), 1 membership(s)")
    left = {}
    for url in (database, other):
        with open_store(url) as store:
            with pytest.raises(Refused, match="no stored person named 'Ada Lovelace'"):
                records.person_record(store, None, "Ada Lovelace")
            left[url] = (
                people(store, None),
                [a.action for a in records.audit(store, None)],
                [
                    records.person_record(store, None, n)["snapshots"][0]["document"]
                    for n in people(store, None)
                ],
            )
    assert left[database] == left[other]
    assert left[database][0] == ["Ben Okri", "Maria Rossi"]
    assert left[database][1] == ["store", "forget"]


def test_a_person_shares_only_their_own_self_ratings_and_a_manager_opens_check_ins_for_others(
    database: str, shipped: Framework
) -> None:
    seed(database, shipped)
    ada, maria = viewer("ada"), viewer("maria")
    with open_store(database) as store:
        records.save_assessments(
            store,
            ada,
            shipped,
            [Assessment(name="Ada Lovelace", track="developer", assessed_on="2025-03-01", rater="self")],
        )
        saved, teams = checkins.shareable(store, ada)
        assert [(s.as_of.isoformat(), s.rater) for s in saved] == [("2025-03-01", "self")]
        assert teams == ["platform"]
        assert [s.rater for s in history(store, ada, "Ada Lovelace")] == ["manager", "manager", "self"]
        # Maria manages platform and is in it herself: she opens check-ins for the others only.
        assert people(store, maria, "platform") == ["Ada Lovelace", "Ben Okri", "Maria Rossi"]
        assert checkins.check_in_candidates(store, maria, "platform") == ["Ada Lovelace", "Ben Okri"]
        opened = checkins.open_check_in(store, maria, "Ada Lovelace", "platform")
        shared_id = checkins.share(store, ada, saved[0].id, "platform")
        assert shared_id == opened  # into the check-in Maria opened
        assert [c.state for c in checkins.check_ins(store, ada)] == ["shared"]


def test_the_latest_decision_on_an_item_of_evidence_is_the_one_that_counts(
    database: str, shipped: Framework
) -> None:
    seed(database, shipped)
    ada = viewer("ada")
    item = SuggestedEvidence(skill="read-code", evidence="shop: file AGENTS.md", source="stagepath scan")
    other = SuggestedEvidence(skill="assisted-coding", evidence="shop: file .cursorrules", source="scan")
    with open_store(database) as store:
        decide(store, ada, shipped, "Ada Lovelace", item, "accepted")
        decide(store, ada, shipped, "Ada Lovelace", other, "accepted")
        decide(store, ada, shipped, "Ada Lovelace", item, "dropped")
        latest = decisions(store, ada, "Ada Lovelace")
        assert latest == {
            ("read-code", "shop: file AGENTS.md", "stagepath scan"): "dropped",
            ("assisted-coding", "shop: file .cursorrules", "scan"): "accepted",
        }
        with pytest.raises(AccessDenied, match="decides on evidence of their own skills only"):
            decide(store, viewer("maria"), shipped, "Ada Lovelace", item, "accepted")


def test_an_action_says_the_words_given_else_the_frameworks_first_action_else_develop_the_skill(
    shipped: Framework,
) -> None:
    plan = person_plan(shipped, Assessment(name="Ada", track="developer", ratings={}), top=None)
    with_actions = next(i for i in plan.focus if i.actions)
    assert action_text(with_actions, "  pair on one review a week ") == "pair on one review a week"
    assert action_text(with_actions, "   ") == with_actions.actions[0]
    bare = with_actions.model_copy(update={"actions": ()})
    assert action_text(bare, "") == f"Develop {with_actions.name}"
