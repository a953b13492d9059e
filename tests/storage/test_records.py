"""Records an organisation can trust, on SQLite and PostgreSQL: people and teams as identities, who stored
what and who may, retractions, erasure and one person's whole record with an audit trail, imports that
store nothing twice, and backups that restore. Through the store, `stagepath` as real processes, and the
My assessments page (AppTest)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from planner.formats import identity
from planner.formats.access import AccessDenied, parse_access
from planner.formats.assessment import Assessment
from planner.formats.groundwork import GroundworkRecord
from planner.framework import Framework
from planner.framework.loading import SHIPPED_ROLES, load_framework
from planner.storage import Store
from planner.storage.backup import parse_backup
from planner.storage.errors import Refused
from tests.app_support import APP, catch_downloads, content
from tests.storage import test_storage

postgres_url = test_storage.postgres_url
url = test_storage.url
store = test_storage.store
run = test_storage.run
write = test_storage.write
person = test_storage.person
STAGEPATH = test_storage.STAGEPATH
EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"

CONFIG = parse_access(
    "access.yaml",
    b"""\
administrators: [boss@example.com]
managers:
  maria@example.com: [platform]
  mo@example.com: [mobile]
members:
  ada@example.com: Ada Lovelace
""",
)


def viewer(name: str) -> Any:
    return CONFIG.viewer(f"{name}@example.com")


# --- item 2: identities -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "why"),
    [
        ("Ada\u200bLovelace", "U+200B ZERO WIDTH SPACE"),
        ("\u202eAda Lovelace", "bidirectional control character (U+202E RIGHT-TO-LEFT OVERRIDE)"),
        ("\u200b\u2060", "U+200B ZERO WIDTH SPACE"),
        ("   ", "is blank"),
        ("Ada\u3164", "U+3164 HANGUL FILLER"),
    ],
)
def test_a_name_with_invisible_or_control_characters_or_blank_is_refused(given: str, why: str) -> None:
    with pytest.raises(identity.NameRefused, match=re.escape(why)):
        identity.person_name(given)
    with pytest.raises(ValueError, match="Value error"):
        Assessment(name=given, track="developer")
    with pytest.raises(ValueError, match="Value error"):
        GroundworkRecord.model_validate({"kind": "groundwork", "team": given, "capabilities": {}})


def test_names_are_normalised_and_one_identity_whatever_their_case_or_composition(
    store: Store, five: Framework
) -> None:
    assert identity.person_name("  Tom\u00e1s \t  Garc\u00eda ") == "Tom\u00e1s Garc\u00eda"
    store.store([person("Tom\u00e1s Garc\u00eda", ratings={"prompting": 1})], five, team="Platform")
    # the same with a combining accent, in lower case, and with runs of white space: one person
    store.store([person("toma\u0301s  garc\u00eda", ratings={"prompting": 2})], five, team="platform")
    store.store([person("TOM\u00c1S GARC\u00cdA", ratings={"prompting": 3})], five, team=" PLATFORM ")
    assert store.people() == ["Tom\u00e1s Garc\u00eda"] and store.teams() == ["Platform"]
    assert [s.document["ratings"]["prompting"] for s in store.history("tom\u00e1s garc\u00eda")] == [1, 2, 3]
    assert store.people(team="platform") == ["Tom\u00e1s Garc\u00eda"]


@pytest.mark.parametrize(
    ("stored", "new"),
    [
        ("Ada Lovelace", "\u0410da Lovelace"),  # a Cyrillic capital A
        ("Ada Lovelace", "\u0430da lovelace"),  # a Cyrillic small a, in lower case
        ("Team O", "Team 0"),
        ("modern", "rnodern"),
    ],
)
def test_a_name_that_looks_like_a_stored_one_is_refused_naming_it(
    store: Store, five: Framework, stored: str, new: str
) -> None:
    store.store([person(stored)], five, team=stored)
    with pytest.raises(identity.NameRefused, match=f"looks like the stored name {stored!r}"):
        store.store([person(new)], five)
    with pytest.raises(identity.NameRefused, match=f"looks like the stored team name {stored!r}"):
        store.store([person("Someone Else")], five, team=new)
    with pytest.raises(identity.NameRefused, match=f"looks like the stored team name {stored!r}"):
        store.store_groundwork(GroundworkRecord(team=new, capabilities={}), five)
    assert store.people() == [stored] and store.teams() == [stored]
    with pytest.raises(identity.NameRefused, match="looks like the other name"):
        store.store([person("Grace Hopper"), person("Grace H\u043epper")], five)  # a Cyrillic o, same batch
    assert store.people() == [stored]


def test_cli_refuses_confusable_and_blank_names_with_one_line_and_stores_the_good_inputs(
    url: str, tmp_path: Path
) -> None:
    good = write(tmp_path, "good.csv", "name,track,rater\nAda Lovelace,developer,self\n")
    confusable = write(tmp_path, "bad.csv", "name,track,rater\n\u0410da Lovelace,developer,self\n")
    invisible = write(tmp_path, "zw.csv", "name,track,rater\nAda\u200bL,developer,self\n")
    blank_team = write(tmp_path, "g.yaml", 'stagepath: 1\nkind: groundwork\nteam: "   "\ncapabilities: {}\n')
    after = write(tmp_path, "after.csv", "name,track,rater\nGrace Hopper,qa,self\n")
    result = run("import", good, confusable, invisible, blank_team, after, url=url)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (
        f"{confusable}: the name '\u0410da Lovelace' looks like the stored name 'Ada Lovelace'"
        in result.stderr
    )
    assert (
        f"{invisible}: row 2, column name: the name 'Ada\\u200bL' holds an invisible or control character"
        in result.stderr
    )
    assert f"{blank_team}:3: team: Value error, the team name is blank" in result.stderr
    assert run("export", "--format", "json", url=url).stdout.count('"name"') == 2  # Ada and Grace
    blank = run("export", "--team", "   ", url=url)
    assert blank.returncode == 2 and "the team name is blank" in blank.stderr


# --- item 3: authorship and who may write what --------------------------------------------------------------


def test_every_snapshot_and_groundwork_record_says_who_stored_it_and_when(
    store: Store, five: Framework
) -> None:
    store.store([person("Ada Lovelace")], five, viewer=viewer("ada"))
    store.store([person("Ben", rater="manager")], five, team="platform", viewer=viewer("maria"))
    store.store([person("Cy")], five)
    store.store_groundwork(GroundworkRecord(team="platform", capabilities={}), five, viewer=viewer("maria"))
    by = {s.name: s.stored_by for s in store.snapshots()}
    assert by["Ada Lovelace"] == "ada@example.com" and by["Ben"] == "maria@example.com"
    assert by["Cy"].startswith("cli:") and len(by["Cy"]) > 4
    [record] = store.groundwork()
    assert record.stored_by == "maria@example.com" and record.stored_at.tzinfo is not None


def test_a_self_rating_only_by_that_person_and_a_manager_rating_only_by_one_of_their_managers(
    store: Store, five: Framework
) -> None:
    store.store([person("Ada Lovelace", rater="manager")], five, team="platform", viewer=viewer("maria"))
    store.store([person("Cy", rater="manager")], five, team="mobile", viewer=viewer("mo"))
    before = len(store.snapshots())
    refusals = [
        # a manager of one team stores a self rating under a person of another team
        (viewer("maria"), person("Cy"), "platform", "cannot store a self rating of 'Cy'"),
        (viewer("maria"), person("Ada Lovelace"), "platform", "cannot store a self rating of 'Ada Lovelace'"),
        # a member rates themselves as their manager
        (viewer("ada"), person("Ada Lovelace", rater="manager"), None, "manages none of 'Ada Lovelace'"),
    ]
    for who, what, team, why in refusals:
        with pytest.raises(AccessDenied, match=why):
            store.store([what], five, team=team, viewer=who)
    assert len(store.snapshots()) == before
    # allowed: a person's own self rating, their manager's rating, an administrator's anything
    store.store([person("ada lovelace")], five, viewer=viewer("ada"))
    store.store(
        [person("Ada Lovelace", rater="manager", ratings={"prompting": 1})],
        five,
        team="platform",
        viewer=viewer("maria"),
    )
    store.store([person("Cy", ratings={"prompting": 2})], five, viewer=viewer("boss"))
    assert len(store.snapshots()) == before + 3


# --- item 4: corrections, erasure, the audit trail, nothing stored twice -----------------------------------


def test_a_retracted_snapshot_is_hidden_from_every_view_and_kept_for_the_audit(
    store: Store, five: Framework
) -> None:
    [old] = store.store(
        [person("Ada Lovelace", assessed_on="2025-01-01", ratings={"prompting": 1})], five, team="platform"
    )
    [wrong] = store.store(
        [person("Ada Lovelace", assessed_on="2025-06-01", ratings={"prompting": 4})], five, team="platform"
    )
    with pytest.raises(Refused, match=f"no stored snapshot {wrong} of 'ben@example.com'"):
        store.retract(wrong, "not mine", viewer=viewer("ben"))  # not theirs: as if it did not exist
    store.retract(wrong, "rated the wrong person", viewer=viewer("ada"))
    for snapshots in (
        store.latest(),
        store.snapshots(),
        store.history("Ada Lovelace"),
        store.latest("platform"),
    ):
        assert [s.id for s in snapshots] == [old]
    with pytest.raises(Refused, match="retracted already"):
        store.retract(wrong, "again")
    with pytest.raises(Refused, match="say why"):
        store.retract(old, "  ")
    [kept] = [s for s in store.person_record("Ada Lovelace")["snapshots"] if s["id"] == wrong]
    assert (
        kept["retracted"]["why"] == "rated the wrong person" and kept["retracted"]["by"] == "ada@example.com"
    )
    assert [(a.action, a.actor, a.ids) for a in store.audit()][-1] == (
        "retract",
        "ada@example.com",
        {"snapshots": [wrong]},
    )


def test_forgetting_a_person_erases_them_everywhere_and_the_audit_keeps_only_ids(
    store: Store, five: Framework, url: str
) -> None:
    ids = store.store(
        [person("Ada Lovelace", ratings={"prompting": 2}, evidence={"prompting": "secret-evidence-words"})],
        five,
        team="platform",
    )
    store.store([person("Ben")], five, team="platform")
    record = GroundworkRecord.model_validate(
        {
            "kind": "groundwork",
            "team": "platform",
            "capabilities": {"rubric": {"in_place": True, "evidence": "set up by ada lovelace"}},
        }
    )
    [groundwork] = [store.store_groundwork(record, five)]
    with pytest.raises(Refused, match="no stored person named 'Ada Lovelace'"):
        store.forget("Ada Lovelace", viewer=viewer("maria"))  # a manager may not
    gone = store.forget("ADA LOVELACE", viewer=viewer("ada"))  # a person may forget themselves
    assert (gone.snapshots, gone.memberships, gone.groundwork) == (list(ids), 1, [groundwork])
    assert store.people() == ["Ben"] and store.people(team="platform") == ["Ben"]
    assert [s.name for s in store.snapshots()] == ["Ben"]
    assert store.groundwork()[0].document["capabilities"]["rubric"]["evidence"] == "set up by [erased]"
    dump = json.dumps(store.backup()).lower()
    assert "lovelace" not in dump and "secret-evidence-words" not in dump  # erased = gone everywhere
    assert store.audit()[-1].action == "forget" and store.audit()[-1].ids["snapshots"] == list(ids)
    with pytest.raises(Refused, match="no stored person"):
        store.forget("Ada Lovelace")


def test_what_is_stored_already_is_not_stored_again(store: Store, five: Framework) -> None:
    same = person("Ada", assessed_on="2025-01-01", ratings={"prompting": 2})
    first = store.store([same, same, same], five, team="platform")
    assert (len(first), first.already) == (1, 2)  # three identical rows store one
    again = store.store([same, person("Ada", assessed_on="2025-01-01", ratings={"prompting": 3})], five)
    assert (len(again), again.already) == (1, 1)
    assert len(store.snapshots()) == 2
    assert [a.action for a in store.audit()] == ["store", "store"]


def test_cli_retract_forget_export_person_and_import_of_exports(url: str, tmp_path: Path) -> None:
    roster = str(EXAMPLES / "team-roster.csv")
    first = run("import", roster, "--team", "Platform", url=url)
    assert first.returncode == 0 and "stored 16 assessment(s) in team 'Platform'" in first.stdout
    again = run("import", roster, "--team", "Platform", url=url)
    assert again.returncode == 0
    assert again.stdout.strip().endswith(
        "nothing stored: its 16 assessment(s) are stored already (same person, date, rater and ratings)"
    )
    exported = write(tmp_path, "export.json", run("export", "--format", "json", url=url).stdout)
    back = run("import", exported, url=url)  # import reads what export writes
    assert back.returncode == 0 and "nothing stored" in back.stdout, back.stderr
    name = json.loads(Path(exported).read_text())[0]["name"]
    record = json.loads(run("export", "--person", name.lower(), "--format", "json", url=url).stdout)
    assert record["stagepath_person"] == 1 and record["name"] == name and record["teams"] == ["Platform"]
    snapshot = record["snapshots"][0]
    assert snapshot["stored_by"].startswith("cli:") and snapshot["retracted"] is None
    retracted = run("retract", str(snapshot["id"]), "--why", "wrong roster", url=url)
    assert retracted.returncode == 0, retracted.stderr
    assert (
        run("retract", str(snapshot["id"]), "--why", "x", url=url)
        .stderr.strip()
        .endswith("retracted already")
    )
    assert (
        run("retract", "999", "--why", "x", url=url).stderr.strip()
        == "stagepath: there is no stored snapshot 999"
    )
    unsure = run("forget", name, url=url)
    assert unsure.returncode == 2 and "add --yes" in unsure.stderr
    forgot = run("forget", name, "--yes", url=url)
    assert forgot.returncode == 0 and f"forgot {name!r}" in forgot.stdout
    assert name not in run("export", "--format", "json", url=url).stdout
    missing = run("export", "--person", name, url=url)
    assert (
        missing.returncode == 1
        and missing.stderr.strip() == f"stagepath: there is no stored person named {name!r}"
    )
    # the whole record imports into another database
    other = f"sqlite:///{tmp_path / 'other.db'}"
    person_file = write(tmp_path, "person.json", json.dumps(record))
    moved = run("import", person_file, url=other)
    assert moved.returncode == 0, moved.stderr
    assert f"stored {len(record['snapshots'])} assessment(s)" in moved.stdout  # taken before the retraction


# --- item 5: backups --------------------------------------------------------------------------------------


def fill(store: Store, five: Framework) -> None:
    ids = store.store(
        [
            person("Ada", assessed_on="2025-01-02", ratings={"prompting": 2}, evidence={"prompting": "PRs"}),
            person("Ben", "qa", rater="manager"),
        ],
        five,
        team="platform",
    )
    store.store([person("Cy")], five)
    store.store_groundwork(GroundworkRecord(team="platform", capabilities={}), five)
    store.retract(ids[1], "wrong")


def test_backup_restore_backup_gives_the_same_document(url: str, five: Framework, tmp_path: Path) -> None:
    """Backed up from an SQLite file, restored into the database under test (SQLite or PostgreSQL)."""
    with Store(f"sqlite:///{tmp_path / 'source.db'}") as source:
        fill(source, five)
        first = source.backup()
    backup = parse_backup("b.json", json.loads(json.dumps(first)))
    with Store(url) as empty:
        assert empty.restore(backup, "cli:test")["snapshots"] == 3
        second = empty.backup()
        [new] = empty.store([person("Dee")], five)  # ids go on after the restored ones
        with pytest.raises(
            Refused, match=r"not empty \(4 people, 1 teams, 2 memberships, 4 snapshots, 1 groundwork, 6 audit"
        ):
            empty.restore(backup, "cli:test")
        assert [s.name for s in empty.latest()] == ["Ada", "Cy", "Dee"]  # Ben's is retracted, still
        [*_, restored, stored] = empty.audit()  # the restore is in the trail, then the write after it
        third = empty.backup()
    assert (restored.action, restored.actor, stored.action) == ("restore", "cli:test", "store")
    assert restored.ids["snapshots"] == [s["id"] for s in first["snapshots"]]
    assert {**first, "written_at": None} == {**second, "written_at": None}
    # a backup taken after a later write carries the restore's entry like any other
    assert [a["action"] for a in third["audit"][-2:]] == ["restore", "store"]
    assert new > max(s["id"] for s in first["snapshots"])


def test_cli_backup_and_restore_between_sqlite_and_postgresql(
    url: str, tmp_path: Path, five: Framework
) -> None:
    with Store(url) as source:
        fill(source, five)
    path = tmp_path / "backup.json"
    made = run("backup", str(path), url=url)
    assert made.returncode == 0, made.stderr
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    other = f"sqlite:///{tmp_path / 'other.db'}"
    restored = run("restore", str(path), url=other)
    assert restored.returncode == 0 and "restored 3 people" in restored.stdout, restored.stderr
    refused = run("restore", str(path), url=url)
    assert refused.returncode == 1 and "restore only into an empty database" in refused.stderr
    again = tmp_path / "again.json"
    assert run("backup", str(again), url=other).returncode == 0
    first, second = json.loads(path.read_text()), json.loads(again.read_text())
    assert {**first, "written_at": 0} == {**second, "written_at": 0}
    assert first["written_at"] != second["written_at"]
    broken = write(tmp_path, "broken.json", '{"stagepath_backup": 1, "people": 3}')
    bad = run("restore", broken, url=f"sqlite:///{tmp_path / 'third.db'}")
    assert bad.returncode == 1 and "Traceback" not in bad.stderr and f"{broken}: people:" in bad.stderr


WRITER = """
import sys, time
from planner.formats.assessment import Assessment
from planner.framework.loading import load_framework
from planner.storage import Store
framework = load_framework(sys.argv[2])
with Store(sys.argv[1]) as store:
    for i in range(10_000):
        store.store([Assessment(name=f"w{i}-{j}", track="developer") for j in range(5)], framework, team="busy")
        print(i, flush=True)
"""


def test_a_backup_taken_while_another_process_writes_restores_whole(url: str, tmp_path: Path) -> None:
    from tests.conftest import FIVE_STAGE

    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, url, str(FIVE_STAGE)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None
        for _ in range(3):  # it is writing
            writer.stdout.readline()
        path = tmp_path / "live.json"
        made = run("backup", str(path), url=url)
        assert made.returncode == 0, made.stderr
        time.sleep(0.2)
        assert writer.poll() is None  # still writing after the backup
    finally:
        writer.kill()
        writer.wait()
    document = json.loads(path.read_text())
    # one consistent state: whole batches of five, each with its people, membership and audit entry
    assert len(document["snapshots"]) >= 15 and len(document["snapshots"]) % 5 == 0
    assert len(document["people"]) == len(document["memberships"]) == len(document["snapshots"])
    assert len(document["audit"]) * 5 == len(document["snapshots"])
    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
    assert run("restore", str(path), url=fresh).returncode == 0
    with Store(fresh) as restored:
        assert len(restored.snapshots()) == len(document["snapshots"])
        assert restored.people(team="busy") == sorted(p["name"] for p in document["people"])


# --- the My assessments page ----------------------------------------------------------------------------------

AUTH = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "a-test-secret-that-is-long-enough",
    "client_id": "stagepath-test",
    "client_secret": "not-a-secret",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}
ACCESS = """\
administrators: [boss@example.com]
members:
  ada@example.com: Ada Lovelace
"""


@pytest.fixture
def shared(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    db = f"sqlite:///{tmp_path / 'stagepath.db'}"
    framework = load_framework(SHIPPED_ROLES)
    with Store(db) as seeded:
        seeded.store(
            [
                Assessment(
                    name="Ada Lovelace", track="developer", assessed_on="2025-01-01", ratings={"read-code": 1}
                ),
                Assessment(
                    name="Ada Lovelace", track="developer", assessed_on="2025-02-01", ratings={"read-code": 4}
                ),
                Assessment(name="Ben Okri", track="developer"),
            ],
            framework,
            team="platform",
        )
    access = tmp_path / "access.yaml"
    access.write_text(ACCESS)
    monkeypatch.setenv("STAGEPATH_DATABASE_URL", db)
    monkeypatch.setenv("STAGEPATH_ACCESS", str(access))
    yield db


def mine(email: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": True, "email": email}
    at.run()
    at.switch_page("planner/ui/pages/mine.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_person_retracts_exports_and_forgets_their_own_records_on_my_assessments(
    shared: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    downloads = catch_downloads(monkeypatch)
    at = mine("ada@example.com")
    assert "Stored: 2" in [s.value for s in at.subheader]
    assert not [s for s in at.subheader if "administrator" in str(s.value)]  # not for a member
    newest = at.selectbox(key="mine.own.retract_pick").value
    at.text_input(key="mine.own.why").input("the wrong ratings").run()
    at.button(key="mine.own.retract").click().run()
    assert not at.exception and "Stored: 1" in [s.value for s in at.subheader]
    with Store(shared) as stored:
        assert [s.id for s in stored.history("Ada Lovelace")] != [] and newest not in [
            s.id for s in stored.snapshots()
        ]
    record = json.loads(content(downloads["stagepath-record.json"]))
    assert record["name"] == "Ada Lovelace" and [s["retracted"] is not None for s in record["snapshots"]] == [
        False,
        True,
    ]
    assert "Ben Okri" not in json.dumps(record)
    at.checkbox(key="mine.own.forget_sure").check().run()
    at.button(key="mine.own.forget").click().run()
    assert [s.value for s in at.success][-1].startswith("Erased: 2 snapshot(s)")
    with Store(shared) as stored:
        assert stored.people() == ["Ben Okri"]
        assert [a.action for a in stored.audit()] == ["store", "retract", "forget"]


def test_an_administrator_forgets_anyone_on_my_assessments(shared: str) -> None:
    at = mine("boss@example.com")
    at.selectbox(key="mine.admin.person").select("Ben Okri").run()
    assert at.button(key="mine.admin.forget").disabled  # not before saying yes
    at.checkbox(key="mine.admin.forget_sure").check().run()
    at.button(key="mine.admin.forget").click().run()
    assert not at.exception
    with Store(shared) as stored:
        assert stored.people() == ["Ada Lovelace"]
        assert stored.audit()[-1].actor == "boss@example.com"


def test_an_administrator_tells_two_people_of_one_name_apart_on_my_assessments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two e-mails the access file names alike are two people: the administrator picks one by her e-mail,
    takes her record away, and forgets her alone; the other still sees her own on her page."""
    db = f"sqlite:///{tmp_path / 'twins.db'}"
    access = tmp_path / "twins.yaml"
    access.write_text(ACCESS + "  ada.l@example.com: Ada Lovelace\n")
    monkeypatch.setenv("STAGEPATH_DATABASE_URL", db)
    monkeypatch.setenv("STAGEPATH_ACCESS", str(access))
    directory = parse_access("twins.yaml", access.read_bytes()).directory()
    with Store(db, directory=directory) as stored:
        stored.store(
            [
                Assessment(name="ada@example.com", track="developer", ratings={"read-code": 4}),
                Assessment(name="ada.l@example.com", track="qa", ratings={"read-code": 2}),
                Assessment(name="Ben Okri", track="developer"),
            ],
            load_framework(SHIPPED_ROLES),
        )
    downloads = catch_downloads(monkeypatch)
    at = mine("boss@example.com")
    twins = ["Ada Lovelace (ada.l@example.com)", "Ada Lovelace (ada@example.com)"]
    assert [o for o in at.selectbox(key="mine.admin.person").options if o.startswith("Ada")] == twins
    at.selectbox(key="mine.admin.person").select(twins[0]).run()
    assert not at.exception
    record = json.loads(content(downloads["stagepath-record.json"]))
    assert [s["track"] for s in record["snapshots"]] == ["qa"]  # hers, not the other Ada's
    at.checkbox(key="mine.admin.forget_sure").check().run()
    at.button(key="mine.admin.forget").click().run()
    assert not at.exception
    with Store(db, directory=directory) as stored:
        assert stored.people() == ["Ada Lovelace (ada@example.com)", "Ben Okri"]
    other = mine("ada@example.com")
    assert "Stored: 1" in [s.value for s in other.subheader]
