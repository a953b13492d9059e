"""Check-ins and confirmations as stored, on SQLite and PostgreSQL: every step a row of its own, who may take
each step, who sees what, the agreed snapshot authored by both, confirmations asked and answered once, and a
forgotten person's check-ins and confirmations gone with them."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select

from planner.formats.access import AccessDenied, parse_access
from planner.framework import Framework
from planner.storage import Store
from planner.storage.errors import Refused
from planner.storage.records import AUTHORED
from planner.storage.schema import (
    AUTHOR_LENGTH,
    Base,
    CheckIn,
    CheckInStep,
    ConfirmationAnswer,
    ConfirmationRecord,
    EvidenceDecision,
)
from tests.storage import test_storage

postgres_url = test_storage.postgres_url
url = test_storage.url
store = test_storage.store
person = test_storage.person

CONFIG = parse_access(
    "access.yaml",
    b"""\
administrators: [boss@example.com]
managers:
  maria@example.com: [platform]
  mo@example.com: [mobile]
members:
  ada@example.com: Ada Lovelace
  grace@example.com: Grace Hopper
""",
)
TODAY = dt.date.today()
OWN = {"read-code": 3, "write-code": 2, "debug-code": 2, "prompting": 3, "verifying": 2}


def viewer(name: str) -> Any:
    return CONFIG.viewer(f"{name}@example.com")


@pytest.fixture
def team(store: Store, five: Framework) -> int:
    """Ada and Grace in platform (stored by its manager), and Ada's own saved assessment: its id."""
    store.store(
        [
            person("Ada Lovelace", rater="manager", ratings={"read-code": 2}),
            person("Grace Hopper", rater="manager", ratings={"read-code": 3}),
        ],
        five,
        team="platform",
        viewer=viewer("maria"),
    )
    saved = person("Ada Lovelace", ratings=OWN, evidence={"prompting": "Wrote the prompt library"})
    return store.store([saved], five, viewer=viewer("ada"))[0]


def count(url: str, table: Any) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return int(connection.scalar(select(func.count()).select_from(table)) or 0)
    finally:
        engine.dispose()


def test_a_check_in_goes_from_draft_to_agreed_each_step_a_row_and_the_agreed_snapshot_by_both(
    store: Store, five: Framework, team: int, url: str
) -> None:
    ada, maria = viewer("ada"), viewer("maria")
    # Private until shared: the manager sees no check-in, and not the saved assessment.
    assert store.check_ins(maria) == []
    assert all(s.document["ratings"] != OWN for s in store.snapshots(team="platform", viewer=maria))

    check_in = store.share(team, "platform", viewer=ada)
    seen = store.check_ins(maria)
    assert [c.state for c in seen] == ["shared"]
    assert [s.state for s in seen[0].steps] == ["draft", "shared"]
    assert seen[0].steps[1].assessment is not None and seen[0].steps[1].assessment.ratings == OWN
    assert seen[0].steps[1].by == "ada@example.com"

    mine = {**OWN, "prompting": 2}
    with pytest.raises(Refused, match="your rating of 'prompting' differs from Ada Lovelace's: add a note"):
        store.review(check_in, mine, mine, {}, five, viewer=maria)
    with pytest.raises(
        Refused, match=r"your rating: rubric: 9 is not a level; expected one of \[0, 1, 2, 3\]"
    ):
        store.review(check_in, {**mine, "rubric": 9}, mine, {"prompting": "x"}, five, viewer=maria)
    store.review(check_in, mine, mine, {"prompting": "Seen at 2 in the last two reviews"}, five, viewer=maria)
    reviewed = store.check_ins(ada)[0]
    assert reviewed.state == "reviewed"
    assert reviewed.steps[-1].assessment is not None and reviewed.steps[-1].assessment.rater == "manager"
    assert reviewed.steps[-1].notes == {
        "proposed": mine,
        "notes": {"prompting": "Seen at 2 in the last two reviews"},
    }

    with pytest.raises(AccessDenied, match="only Ada Lovelace agrees"):
        store.agree(check_in, five, viewer=maria)
    agreed_id = store.agree(check_in, five, viewer=ada, today=TODAY)
    final = store.check_ins(maria)[0]
    assert [s.state for s in final.steps] == ["draft", "shared", "reviewed", "agreed"]
    agreed = final.steps[-1].assessment
    assert agreed is not None
    assert agreed.rater == "agreed" and agreed.ratings == mine and agreed.assessed_on == TODAY
    assert agreed.agreed_by == ("ada@example.com", "maria@example.com")
    assert agreed.evidence == {"prompting": "Wrote the prompt library"}
    # The agreed snapshot is the team's record of Ada now, for her manager.
    latest = {s.name: s for s in store.latest(team="platform", viewer=maria)}
    assert latest["Ada Lovelace"].id == agreed_id and latest["Ada Lovelace"].rater == "agreed"
    # Nothing overwritten: four step rows, one check-in, and each step audited.
    assert count(url, CheckInStep) == 4 and count(url, CheckIn) == 1
    actions = [e.action for e in store.audit()]
    assert actions.count("share") == 1 and actions.count("agree") == 1
    with pytest.raises(Refused, match="is agreed; it is agreed once a manager reviewed it"):
        store.agree(check_in, five, viewer=ada)


def test_who_may_take_each_step_and_who_sees_a_check_in(store: Store, five: Framework, team: int) -> None:
    ada, grace, maria, mo, boss = (viewer(n) for n in ("ada", "grace", "maria", "mo", "boss"))
    with pytest.raises(Refused, match="no saved assessment"):
        store.share(team, "platform", viewer=grace)  # not hers
    with pytest.raises(Refused, match="not a member of team 'mobile'"):
        store.share(team, "mobile", viewer=ada)
    check_in = store.share(team, "platform", viewer=ada)
    # A manager of another team, and a colleague, see nothing of it and cannot review it.
    assert store.check_ins(mo) == [] and store.check_ins(grace) == []
    with pytest.raises(Refused, match=f"no check-in {check_in} that mo@example.com may see"):
        store.review(check_in, OWN, OWN, {}, five, viewer=mo)
    with pytest.raises(Refused, match="no check-in"):
        store.review(check_in, OWN, OWN, {}, five, viewer=grace)
    assert [c.id for c in store.check_ins(boss)] == [check_in]
    # Ada cannot review her own check-in; her manager can.
    with pytest.raises(AccessDenied, match="a manager of its team reviews it"):
        store.review(check_in, OWN, OWN, {}, five, viewer=ada)
    store.review(check_in, OWN, OWN, {}, five, viewer=maria)


def test_a_manager_opens_a_check_in_and_the_person_shares_into_it(
    store: Store, five: Framework, team: int
) -> None:
    with pytest.raises(AccessDenied, match="does not manage team 'platform'"):
        store.open_check_in("Ada Lovelace", "platform", viewer=viewer("mo"))
    with pytest.raises(Refused, match="'Charles Babbage' is not a member of team 'platform'"):
        store.open_check_in("Charles Babbage", "platform", viewer=viewer("maria"))
    opened = store.open_check_in("ada lovelace", "platform", viewer=viewer("maria"))
    waiting = store.check_ins(viewer("ada"))
    assert [(c.id, c.state, c.steps[0].assessment) for c in waiting] == [(opened, "draft", None)]
    assert store.share(team, "platform", viewer=viewer("ada")) == opened
    assert [s.state for s in store.check_ins(viewer("maria"))[0].steps] == ["draft", "shared"]


def test_a_retracted_assessment_is_not_shared_and_a_manager_rating_is_not_shared(
    store: Store, five: Framework, team: int
) -> None:
    rated = store.store(
        [person("Ada Lovelace", rater="manager", ratings={"read-code": 4 - 1, "write-code": 1})],
        five,
        team="platform",
        viewer=viewer("maria"),
    )[0]
    with pytest.raises(Refused, match=f"assessment {rated} is a manager rating; only your own is shared"):
        store.share(rated, "platform", viewer=viewer("ada"))
    store.retract(team, "wrong file", viewer=viewer("ada"))
    with pytest.raises(Refused, match="no saved assessment"):
        store.share(team, "platform", viewer=viewer("ada"))


def test_a_confirmation_is_asked_answered_once_and_seen_only_by_those_concerned(
    store: Store, five: Framework, team: int, url: str
) -> None:
    ada, grace, maria, mo = (viewer(n) for n in ("ada", "grace", "maria", "mo"))
    with pytest.raises(AccessDenied, match="their own skills only"):
        store.ask("Grace Hopper", "prompting", 3, "ada@example.com", "", five, viewer=ada)
    with pytest.raises(Refused, match="cannot confirm your own skill"):
        store.ask("Ada Lovelace", "prompting", 3, "Ada@Example.com", "", five, viewer=ada)
    with pytest.raises(Refused, match="'promptin' is not a skill"):
        store.ask("Ada Lovelace", "promptin", 3, "grace@example.com", "", five, viewer=ada)
    with pytest.raises(Refused, match="not an e-mail address"):
        store.ask("Ada Lovelace", "prompting", 3, "Grace Hopper", "", five, viewer=ada)
    asked = store.ask(
        "Ada Lovelace",
        "prompting",
        3,
        "Grace@example.com",
        "Paired on the parser",
        five,
        viewer=ada,
        today=TODAY,
    )
    [request] = store.confirmations(grace)
    assert (request.id, request.asked_of, request.answer, request.asked_at) == (
        asked,
        "grace@example.com",
        None,
        TODAY,
    )
    assert [c.id for c in store.confirmations(maria)] == [asked]  # Ada's manager
    assert store.confirmations(mo) == []
    with pytest.raises(Refused, match=f"no confirmation {asked} asked of maria@example.com"):
        store.answer(asked, "confirmed", viewer=maria)
    with pytest.raises(Refused, match="'maybe' is not an answer"):
        store.answer(asked, "maybe", viewer=grace)
    store.answer(asked, 2, viewer=grace, today=TODAY)
    with pytest.raises(Refused, match=f"was answered on {TODAY.isoformat()}"):
        store.answer(asked, "confirmed", viewer=grace)
    [answered] = store.confirmations(ada)
    assert (answered.answer, answered.answered_by) == ("2", "grace@example.com")
    assert answered.confirmation().answer == 2
    assert count(url, ConfirmationAnswer) == 1
    assert "confirm" in [e.action for e in store.audit()]


def test_forgetting_a_person_erases_their_check_ins_and_confirmations(
    store: Store, five: Framework, team: int, url: str
) -> None:
    check_in = store.share(team, "platform", viewer=viewer("ada"))
    store.review(check_in, OWN, OWN, {}, five, viewer=viewer("maria"))
    store.agree(check_in, five, viewer=viewer("ada"))
    asked = store.ask("Ada Lovelace", "prompting", 3, "grace@example.com", "", five, viewer=viewer("ada"))
    store.answer(asked, "confirmed", viewer=viewer("grace"))
    record = store.person_record("Ada Lovelace", viewer=viewer("ada"))
    assert [s["state"] for s in record["check_ins"][0]["steps"]] == ["draft", "shared", "reviewed", "agreed"]
    assert record["confirmations"][0]["answer"] == "confirmed"

    store.forget(
        "Ada Lovelace", viewer=viewer("boss")
    )  # the administrator, whose access file keys her by e-mail
    for table in (CheckIn, CheckInStep, ConfirmationRecord, ConfirmationAnswer):
        assert count(url, table) == 0, table
    assert store.check_ins() == [] and store.confirmations() == []
    assert store.audit()[-1].ids["check_ins"] == [check_in]


def test_forgetting_a_person_takes_their_e_mail_out_of_everyone_elses_records(
    store: Store, five: Framework, team: int
) -> None:
    """Grace asked for a confirmation, confirmed Ada's skill, reviewed Ada's check-in as her manager and
    stored her own assessment; forgotten, her e-mail is nowhere in the database (its whole backup), while
    Ada's records stay, each saying [erased] where Grace's e-mail stood."""
    ada, grace = viewer("ada"), viewer("grace")
    boss_of_both = parse_access(
        "access.yaml",
        b"managers:\n  grace@example.com: [platform]\nmembers:\n  ada@example.com: Ada Lovelace\n"
        b"  grace@example.com: Grace Hopper\n",
    ).viewer("grace@example.com")
    store.store([person("Grace Hopper", ratings={"read-code": 3})], five, viewer=grace)
    asked = store.ask("Ada Lovelace", "prompting", 3, "grace@example.com", "", five, viewer=ada)
    store.answer(asked, "confirmed", viewer=grace)
    pending = store.ask("Ada Lovelace", "verifying", 2, "grace@example.com", "", five, viewer=ada)
    check_in = store.share(team, "platform", viewer=ada)
    store.review(check_in, OWN, OWN, {}, five, viewer=boss_of_both)
    assert "grace@example.com" in json.dumps(store.backup())

    forgotten = store.forget("Grace Hopper", viewer=viewer("boss"))

    document = json.dumps(store.backup())
    assert "grace@example.com" not in document
    # every column that names who did something is scrubbed (a new one must join planner.storage.records)
    authored = {
        f"{t.name}.{c.name}"
        for t in Base.metadata.sorted_tables
        for c in t.columns
        if getattr(c.type, "length", None) == AUTHOR_LENGTH
    }
    assert authored == {f"{c.class_.__tablename__}.{c.key}" for c, _ in AUTHORED}
    # Ada's records are all still there, with [erased] for who Grace was in them
    [answered, still_asked] = store.confirmations(ada)
    assert (answered.id, answered.asked_of, answered.answered_by, answered.answer) == (
        asked,
        "[erased]",
        "[erased]",
        "confirmed",
    )
    assert (still_asked.id, still_asked.asked_of) == (pending, "[erased]")
    [shared] = store.check_ins(ada)
    assert [(step.state, step.by) for step in shared.steps][-1] == ("reviewed", "[erased]")
    entry = store.audit()[-1]
    assert entry.action == "forget" and entry.ids["people"] == [forgotten.person]
    assert entry.ids["confirmation_answers.answered_by"] and entry.ids["check_in_steps.by"]


# --- evidence from the work, as the person decided ---------------------------------------------------------


def test_a_person_accepts_and_drops_evidence_and_the_latest_decision_counts(
    store: Store, five: Framework, team: int, url: str
) -> None:
    ada, grace, maria, mo = (viewer(n) for n in ("ada", "grace", "maria", "mo"))
    item = ("prompting", "shop: file AGENTS.md (added in commit 1a2b3c4d5e6f)", "scan of platform")
    with pytest.raises(AccessDenied, match="their own skills only"):
        store.decide_evidence("Ada Lovelace", *item, "accepted", five, viewer=grace)
    with pytest.raises(Refused, match="'kept' is not a decision"):
        store.decide_evidence("Ada Lovelace", *item, "kept", five, viewer=ada)
    with pytest.raises(Refused, match="'prompt' is not a skill"):
        store.decide_evidence("Ada Lovelace", "prompt", *item[1:], "accepted", five, viewer=ada)
    store.decide_evidence("Ada Lovelace", *item, "accepted", five, viewer=ada)
    other = ("gates", "shop: file .github/workflows/agent-gate.yml", "scan of platform")
    store.decide_evidence("Ada Lovelace", *other, "accepted", five, viewer=ada)
    assert [d.skill for d in store.accepted_evidence("Ada Lovelace", ada)] == ["prompting", "gates"]
    store.decide_evidence("Ada Lovelace", *other, "dropped", five, viewer=ada)  # changed her mind: a new row
    assert [d.skill for d in store.accepted_evidence("Ada Lovelace", maria)] == ["prompting"]
    assert len(store.evidence_decisions("Ada Lovelace", ada)) == 3
    assert store.evidence_decisions("Ada Lovelace", mo) == []  # a manager of another team sees none
    boss = viewer("boss")
    assert len(store.evidence_decisions("Ada Lovelace", boss)) == 3
    store.forget("Ada Lovelace", viewer=boss)
    assert store.evidence_decisions("Ada Lovelace", boss) == [] and count(url, EvidenceDecision) == 0
    assert store.audit()[-1].ids["evidence_decisions"] == [1, 2, 3]


def test_a_backup_restores_check_ins_confirmations_and_evidence_decisions_whole(
    store: Store, five: Framework, team: int, tmp_path: Any
) -> None:
    """Every step, request, answer and decision comes back with its id, author and date, into SQLite."""
    from planner.storage.backup import parse_backup

    ada, maria, grace = viewer("ada"), viewer("maria"), viewer("grace")
    check_in = store.share(team, "platform", viewer=ada)
    store.review(check_in, OWN, OWN, {}, five, viewer=maria)
    store.agree(check_in, five, viewer=ada)
    asked = store.ask("Ada Lovelace", "prompting", 3, "grace@example.com", "the parser", five, viewer=ada)
    store.answer(asked, "confirmed", viewer=grace)
    store.decide_evidence(
        "Ada Lovelace", "gates", "shop: gate.yml", "scan of platform", "accepted", five, ada
    )
    first = store.backup()
    assert [
        len(first[k]) for k in ("check_ins", "check_in_steps", "confirmations", "confirmation_answers")
    ] == [
        1,
        4,
        1,
        1,
    ]
    assert len(first["evidence_decisions"]) == 1
    with Store(f"sqlite:///{tmp_path / 'restored.db'}") as restored:
        restored.restore(parse_backup("b.json", json.loads(json.dumps(first))), "cli:test")
        assert {**restored.backup(), "written_at": None} == {**first, "written_at": None}
        [again] = restored.check_ins(viewer("boss"))
        assert [s.state for s in again.steps] == ["draft", "shared", "reviewed", "agreed"]
        [answered] = restored.confirmations(viewer("boss"))
        assert (answered.answer, answered.answered_by) == ("confirmed", "grace@example.com")
