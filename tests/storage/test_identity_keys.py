"""Who a person is, on SQLite and PostgreSQL: in a shared deployment the e-mail the access file names for
them (renamed there, they keep their records; two e-mails are two people, whatever their names), else their
name; and names that look alike once case is taken into account (a capital I and a small l). Through the
store and `stagepath` as real processes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from planner.formats import identity
from planner.formats.access import AccessConfig, parse_access
from planner.framework import Framework
from planner.storage import Store
from tests.storage import test_storage

postgres_url = test_storage.postgres_url
url = test_storage.url
store = test_storage.store
run = test_storage.run
write = test_storage.write
person = test_storage.person
FIVE = str(Path(__file__).resolve().parent.parent / "frameworks" / "five-stage")


def access(members: str) -> AccessConfig:
    return parse_access("access.yaml", f"administrators: [boss@example.com]\nmembers:\n{members}".encode())


BEFORE = access("  ada@example.com: Ada Lovelace\n  grace@example.com: Grace Hopper\n")
RENAMED = access("  ada@example.com: Ada King\n  grace@example.com: Grace Hopper\n")
TWINS = access("  ada@example.com: Ada Lovelace\n  ada.l@example.com: Ada Lovelace\n")


# --- item 1: a person the access file names is their e-mail -------------------------------------------------


def test_a_person_renamed_in_the_access_file_keeps_their_records(url: str, five: Framework) -> None:
    with Store(url) as opened:
        ada = BEFORE.viewer("ada@example.com")
        [first] = opened.store([person("Ada Lovelace", ratings={"prompting": 1})], five, viewer=ada)
        assert ada.key == "ada@example.com"
        renamed = RENAMED.viewer("ada@example.com")
        assert renamed.person == "Ada King"
        # her own page reads her records under her new name, and her next save goes to the same person
        assert [s.id for s in opened.history(renamed.person, viewer=renamed)] == [first]
        [second] = opened.store([person("Ada King", ratings={"prompting": 2})], five, viewer=renamed)
        assert [s.id for s in opened.history("Ada King", viewer=renamed)] == [first, second]
        assert opened.people() == ["Ada Lovelace"]  # one person, shown by the name first stored
        # an administrator (and the command line) finds her by her new name, her old one, or her e-mail
        boss = RENAMED.viewer("boss@example.com")
        for name in ("Ada King", "ada@example.com"):
            assert [s.id for s in opened.history(name, viewer=boss)] == [first, second]
    with Store(url, directory=RENAMED.directory()) as cli:
        assert cli.person_record("ada king")["name"] == "Ada Lovelace"


TWINS_MANAGED = parse_access(
    "access.yaml",
    b"administrators: [boss@example.com]\n"
    b"members:\n  ada@example.com: Ada Lovelace\n  ada.l@example.com: Ada Lovelace\n"
    b"managers:\n  mo@example.com: [platform]\n",
)
FIRST_ADA = "Ada Lovelace (ada@example.com)"
SECOND_ADA = "Ada Lovelace (ada.l@example.com)"


def test_two_people_with_one_name_are_two_people_each_shown_with_their_e_mail(
    url: str, five: Framework
) -> None:
    with Store(url) as opened:
        first = TWINS_MANAGED.viewer("ada@example.com")
        second = TWINS_MANAGED.viewer("ada.l@example.com")
        [one] = opened.store([person("Ada Lovelace", ratings={"prompting": 3})], five, viewer=first)
        [two] = opened.store([person("Ada Lovelace", ratings={"prompting": 1})], five, viewer=second)
        # each her own, and neither sees the other's
        assert [s.id for s in opened.history(first.person, viewer=first)] == [one]
        assert [s.id for s in opened.history(second.person, viewer=second)] == [two]
        assert opened.history(FIRST_ADA, viewer=second) == []
        # whoever sees both sees two people, each told apart by her e-mail, and each label finds her
        boss = TWINS_MANAGED.viewer("boss@example.com")
        assert opened.people(viewer=boss) == [SECOND_ADA, FIRST_ADA]
        assert [s.id for s in opened.history(FIRST_ADA, viewer=boss)] == [one]
        assert [s.id for s in opened.history("ada.l@example.com", viewer=boss)] == [two]
        # a roster that gives only the name cannot say which of them it means; one that gives the label can
        mo = TWINS_MANAGED.viewer("mo@example.com")
        with pytest.raises(
            identity.NameRefused,
            match=re.escape("is given to 2 people in the access file (ada.l@example.com, ada@example.com)"),
        ):
            opened.store([person("ada lovelace", rater="manager")], five, team="platform", viewer=mo)
        [rated] = opened.store(
            [person(SECOND_ADA, rater="manager", ratings={"prompting": 2})], five, team="platform", viewer=mo
        )
        assert [(s.name, s.rater) for s in opened.snapshots(team="platform", viewer=mo)] == [
            (SECOND_ADA, "manager")
        ]
        assert [s.id for s in opened.history(second.person, viewer=second)] == [two, rated]
        # the manager rating is hers, not the other Ada's
        assert [s.id for s in opened.history(first.person, viewer=first)] == [one]
        # forgetting one leaves the other; while the access file gives the name to both, she is shown with
        # her e-mail still (the name alone would be refused), and once it names her alone, by her name
        opened.forget(FIRST_ADA, viewer=boss)
        assert opened.people(viewer=boss) == [SECOND_ADA]
        assert [s.id for s in opened.history(SECOND_ADA, viewer=boss)] == [two, rated]
        alone = access("  ada.l@example.com: Ada Lovelace\n").viewer("boss@example.com")
        assert opened.people(viewer=alone) == ["Ada Lovelace"]
        assert [s.id for s in opened.history("Ada Lovelace", viewer=alone)] == [two, rated]


def test_a_name_kept_by_people_of_the_access_file_is_refused_to_someone_it_does_not_name(
    url: str, five: Framework
) -> None:
    with Store(url) as opened:
        opened.store([person("Ada Lovelace")], five, viewer=TWINS.viewer("ada@example.com"))
    # the command line without the access file: the name alone is a person keyed by name, a third Ada
    with (
        Store(url) as cli,
        pytest.raises(
            identity.NameRefused,
            match="'Ada Lovelace' is stored already for another person; two people may share a name only when "
            "the access file names both",
        ),
    ):
        cli.store([person("Ada Lovelace")], five)
    with Store(url) as cli:  # her e-mail finds her
        [by_email] = cli.store([person("ada@example.com", rater="manager")], five, team="platform")
        assert [(s.id, s.name) for s in cli.history("ada@example.com")][-1] == (by_email, "Ada Lovelace")
        assert cli.history("Ada Lovelace") == []  # the name alone is nobody stored


def test_a_person_stored_by_name_before_the_access_file_named_them_is_taken_over(
    url: str, five: Framework
) -> None:
    with Store(url) as opened:
        [old] = opened.store([person("Grace Hopper", assessed_on="2025-01-02")], five, team="platform")
        grace = BEFORE.viewer("grace@example.com")
        assert [s.id for s in opened.history(grace.person, viewer=grace)] == [old]  # hers before any write
        [new] = opened.store([person("Grace Hopper", ratings={"prompting": 2})], five, viewer=grace)
        assert opened.people() == ["Grace Hopper"]
        renamed = access("  grace@example.com: Grace Brewster Hopper\n").viewer("grace@example.com")
        assert [s.id for s in opened.history(renamed.person, viewer=renamed)] == [old, new]
        # single-user mode and a store without the access file still find her by the name she was stored under
    with Store(url) as plain:
        assert plain.people(team="platform") == ["Grace Hopper"]


def test_cli_in_a_shared_deployment_finds_people_by_the_access_files_e_mail(
    url: str, tmp_path: Path, five: Framework
) -> None:
    with Store(url) as opened:
        opened.store([person("Ada Lovelace")], five, viewer=BEFORE.viewer("ada@example.com"))
    renamed = write(
        tmp_path,
        "access.yaml",
        "administrators: [boss@example.com]\nmembers:\n  ada@example.com: Ada King\n",
    )
    env = {"STAGEPATH_ACCESS": renamed}
    record = run("export", "--person", "Ada King", url=url, env=env)
    assert record.returncode == 0, record.stderr
    assert json.loads(record.stdout)["name"] == "Ada Lovelace"
    roster = write(tmp_path, "r.csv", "name,track,rater\nAda King,developer,manager\n")
    stored = run("import", roster, "--team", "platform", "--roles", FIVE, url=url, env=env)
    assert stored.returncode == 0, stored.stderr
    with Store(url) as after:
        assert after.people(team="platform") == ["Ada Lovelace"]  # the same person, not a new Ada King
    twins = write(
        tmp_path,
        "twins.yaml",
        "members:\n  ada@example.com: Ada Lovelace\n  ada.l@example.com: Ada Lovelace\n",
    )
    ambiguous = run("forget", "Ada Lovelace", "--yes", url=url, env={"STAGEPATH_ACCESS": twins})
    assert ambiguous.returncode == 1 and "Traceback" not in ambiguous.stderr
    assert "is given to 2 people in the access file" in ambiguous.stderr


# --- item 2: confusable whatever the case ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stored", "new"),
    [
        ("Ilya Petrov", "llya Petrov"),  # a capital I and a small l
        ("llya Petrov", "Ilya Petrov"),
        ("Bill Evans", "BiII Evans"),
        ("Ilse", "lLSE"),
    ],
)
def test_a_capital_i_and_a_small_l_are_refused_naming_the_stored_name(
    store: Store, five: Framework, stored: str, new: str
) -> None:
    store.store([person(stored)], five, team=stored)
    with pytest.raises(identity.NameRefused, match=f"the name {new!r} looks like the stored name {stored!r}"):
        store.store([person(new)], five)
    with pytest.raises(identity.NameRefused, match=f"looks like the stored team name {stored!r}"):
        store.store([person("Someone Else")], five, team=new)
    # the same name in other case is the same person and the same team
    store.store([person(stored.upper(), ratings={"prompting": 1})], five, team=stored.lower())
    assert store.people() == [stored] and store.teams() == [stored]
    assert len(store.history(stored.swapcase())) == 2


def test_cli_refuses_a_capital_i_for_a_small_l_naming_the_stored_name(url: str, tmp_path: Path) -> None:
    first = write(tmp_path, "first.csv", "name,track,rater\nIlya Petrov,developer,self\n")
    second = write(tmp_path, "second.csv", "name,track,rater\nllya Petrov,developer,self\n")
    result = run("import", first, second, url=url)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{second}: the name 'llya Petrov' looks like the stored name 'Ilya Petrov'" in result.stderr
