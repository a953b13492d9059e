"""Access in a shared deployment: the access configuration read like every other input, the viewer it gives
for a signed-in e-mail, and the store's filter for every query and write it offers, on a real SQLite file
and on a real PostgreSQL (the fixtures of tests/storage/test_storage.py and tests/conftest.py: the server
STAGEPATH_TEST_POSTGRES_URL names, else a throwaway one from the pgserver wheel).

The attempts that must be refused are listed in REFUSED_READS and REFUSED_WRITES, so that
docs/security.md can give their number."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.common.problems import InputError
from planner.formats.access import (
    ADMINISTRATOR,
    ENV_ACCESS,
    MANAGER,
    MAX_ACCESS_BYTES,
    MEMBER,
    AccessConfig,
    AccessDenied,
    Viewer,
    access_from_env,
    load_access,
    parse_access,
)
from planner.formats.assessment import Assessment
from planner.framework import Framework
from planner.storage import Store
from tests.storage import test_storage

# The fixtures of the storage tests: `url` is a fresh SQLite file, or a fresh schema on the test PostgreSQL.
postgres_url = test_storage.postgres_url
url = test_storage.url

ACCESS = b"""\
administrators: [boss@example.com]
managers:
  maria@example.com: [platform]
  mo@example.com: [mobile]
  nina@example.com: [search]
members:
  Ada@Example.com: ada
  ben@example.com: ben
"""
CONFIG = parse_access("access.yaml", ACCESS)


def viewer(name: str) -> Viewer:
    return CONFIG.viewer(f"{name}@example.com")


def person(name: str, track: str = "developer", **fields: Any) -> Assessment:
    return Assessment.model_validate({"name": name, "track": track, **fields})


# --- the access configuration ------------------------------------------------------------------------------


def test_the_configuration_gives_each_email_its_roles_teams_and_person() -> None:
    named = CONFIG.directory()  # whom `members` names: the person keys of every viewer come from it
    assert viewer("boss") == Viewer(
        "boss@example.com", "boss@example.com", frozenset(), administrator=True, directory=named
    )
    assert viewer("maria") == Viewer(
        "maria@example.com", "maria@example.com", frozenset({"platform"}), directory=named
    )
    # E-mails are compared ignoring case, both in the file and from the identity provider.
    assert CONFIG.viewer("ADA@example.COM ").person == "ada"
    assert viewer("stranger").person == "stranger@example.com"  # matched by their e-mail
    assert viewer("ada").roles == (MEMBER,)
    assert viewer("maria").roles == (MEMBER, MANAGER)
    assert viewer("boss").roles == (MEMBER, ADMINISTRATOR)
    assert viewer("maria").manages("platform") and not viewer("maria").manages("mobile")
    assert viewer("boss").manages("mobile") and viewer("boss").manages_any
    assert not viewer("ada").manages_any


def test_allowed_domains_keep_everyone_else_out() -> None:
    config = parse_access("access.yaml", b"allowed_domains: [Example.com]\n")
    assert config.viewer("ada@example.com").person == "ada@example.com"
    assert not config.admits("ada@example.com.evil.test")
    with pytest.raises(AccessDenied, match=r"mallory@elsewhere\.test is not in a domain"):
        config.viewer("mallory@elsewhere.test")


def test_without_a_configuration_everyone_is_a_member_only(tmp_path: Path) -> None:
    assert access_from_env({}) == AccessConfig()
    assert AccessConfig().viewer("maria@example.com").roles == (MEMBER,)
    path = tmp_path / "access.yaml"
    path.write_bytes(ACCESS)
    assert access_from_env({ENV_ACCESS: str(path)}) == CONFIG
    assert load_access(path) == CONFIG


def problems(raw: bytes) -> list[str]:
    with pytest.raises(InputError) as caught:
        parse_access("access.yaml", raw)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            b"administrators: [boss@example.com]\nmanager: {maria@example.com: [platform]}\n",
            "access.yaml:2: manager: is not a known field; expected one of administrators, managers, members, "
            "allowed_domains",
        ),
        (
            b"managers:\n  maria@example.com: [platform]\n  maria: [mobile]\n",
            "access.yaml:3: managers.maria: 'maria' is not an e-mail address, e.g. ada@example.com",
        ),
        (b"managers:\n  maria@example.com: platform\n", "access.yaml:2: managers.maria@example.com: "),
        (
            b"members:\n  ada@example.com: ''\n",
            "access.yaml:2: members.ada@example.com: Value error, the name is blank",
        ),
        (b"administrators: boss@example.com\n", "access.yaml:1: administrators: "),
        (
            b"administrators:\n  - boss@example.com\n  - BOSS@example.com\n",
            "access.yaml:3: administrators[1]: 'BOSS@example.com' is given twice",
        ),
        (
            b"members:\n  ada@example.com: ada\n  ADA@example.com: ada\n",
            "access.yaml:3: members.ADA@example.com: 'ADA@example.com' is given twice",
        ),
        (b"managers:\n  a@example.com: [x]\n  a@example.com: [y]\n", "access.yaml:3: not valid YAML"),
        (
            b"team: &t [platform]\nmanagers: {maria@example.com: *t}\n",
            "anchors and aliases (& and *) are not allowed",
        ),
        (b"- boss@example.com\n", "access.yaml:1: expected a mapping at the top level, found list"),
        (b"", "access.yaml: the file is empty"),
        (
            b"managers: {m@example.com: [" + b"x, " * MAX_ACCESS_BYTES + b"]}",
            "over the size limit of 262,144 bytes",
        ),
    ],
    ids=[
        "unknown-field",
        "not-an-email",
        "teams-not-a-list",
        "empty-person",
        "administrators-not-a-list",
        "administrator-twice",
        "member-twice-ignoring-case",
        "key-twice",
        "alias",
        "not-a-mapping",
        "empty",
        "too-large",
    ],
)
def test_a_bad_configuration_is_refused_naming_file_line_and_field(raw: bytes, expected: str) -> None:
    found = problems(raw)
    assert any(expected in p for p in found), found


def test_a_missing_configuration_file_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.yaml"
    with pytest.raises(InputError, match=r"nowhere\.yaml: cannot be read \(No such file or directory\)"):
        load_access(missing)


# --- every query the store offers, filtered for each viewer ------------------------------------------------


@pytest.fixture
def store(url: str, five: Framework) -> Iterator[Store]:
    """An organisation: platform (ada, ben), mobile (ben, cy, dee), eve in no team. Ben is in both teams and
    was also rated by mobile's manager: that assessment is mobile's record. Ada later stored her own. The
    store without a viewer (the command line) knows whom the access file names, as in a shared deployment."""
    with Store(url, directory=CONFIG.directory()) as opened:
        opened.store(
            [person("ada", assessed_on="2025-01-10"), person("ben", assessed_on="2025-01-10")],
            five,
            team="platform",
        )
        opened.store(
            [
                person("ben", rater="manager", assessed_on="2025-03-01", ratings={"prompting": 1}),
                person("cy", "qa", assessed_on="2025-01-10"),
                person("dee", "qa", assessed_on="2025-01-10"),
            ],
            five,
            team="mobile",
        )
        opened.store([person("eve", assessed_on="2025-01-10")], five)
        opened.store(
            [person("ada", assessed_on="2025-02-01", ratings={"prompting": 3})], five, viewer=viewer("ada")
        )
        yield opened


EVERYONE = ["ada", "ben", "cy", "dee", "eve"]


@pytest.mark.parametrize(
    ("who", "people", "teams"),
    [
        (None, EVERYONE, ["mobile", "platform"]),
        ("boss", EVERYONE, ["mobile", "platform"]),
        ("maria", ["ada", "ben"], ["platform"]),
        ("mo", ["ben", "cy", "dee"], ["mobile"]),
        ("nina", [], []),  # manages a team with nobody in it yet
        ("ada", ["ada"], []),
        ("ben", ["ben"], []),
        ("stranger", [], []),  # signed in, nothing stored of theirs
    ],
)
def test_people_and_teams_are_those_the_viewer_may_see(
    store: Store, who: str | None, people: list[str], teams: list[str]
) -> None:
    seen = viewer(who) if who else None
    assert store.people(viewer=seen) == people
    assert store.teams(viewer=seen) == teams
    assert sorted({s.name for s in store.latest(viewer=seen)}) == people
    assert sorted({s.name for s in store.snapshots(viewer=seen)}) == people


def where(snapshots: list[Any]) -> list[tuple[str, str | None, str]]:
    return [(s.name, s.team, s.rater) for s in snapshots]


def test_a_manager_sees_their_teams_record_and_never_another_teams(store: Store) -> None:
    maria = viewer("maria")
    # Ben's latest for maria is platform's, not the later one mobile's manager stored; Ada's is platform's
    # too, not the later one she stored for herself.
    assert where(store.latest(viewer=maria)) == [("ada", "platform", "self"), ("ben", "platform", "self")]
    assert where(store.latest(team="platform", viewer=maria)) == where(store.latest(viewer=maria))
    assert where(store.history("ben", viewer=maria)) == [("ben", "platform", "self")]
    assert where(store.snapshots(viewer=maria)) == [("ada", "platform", "self"), ("ben", "platform", "self")]
    mo = viewer("mo")
    assert where(store.history("ben", viewer=mo)) == [("ben", "mobile", "manager")]
    assert store.latest(team="mobile", viewer=mo)[0].document["ratings"] == {"prompting": 1}
    # Unfiltered, ben's latest is mobile's: the filter is what hides it from maria.
    assert where(store.history("ben")) == [("ben", "platform", "self"), ("ben", "mobile", "manager")]


def test_a_member_sees_all_of_their_own_whatever_team_it_was_stored_under(store: Store) -> None:
    ben = viewer("ben")
    assert where(store.history("ben", viewer=ben)) == [
        ("ben", "platform", "self"),
        ("ben", "mobile", "manager"),
    ]
    assert where(store.latest(viewer=ben)) == [("ben", "mobile", "manager")]
    assert [s.document["ratings"] for s in store.history("ada", viewer=viewer("ada"))] == [
        {},
        {"prompting": 3},
    ]


# Each: who asks, and a read that must come back empty for them (the thing exists and others see it).
REFUSED_READS: list[tuple[str, str, Callable[[Store, Viewer], list[Any]]]] = [
    ("maria", "the other team's latest", lambda s, v: s.latest(team="mobile", viewer=v)),
    ("maria", "the other team's history", lambda s, v: s.snapshots(team="mobile", viewer=v)),
    ("maria", "the other team's people", lambda s, v: s.people(team="mobile", viewer=v)),
    ("maria", "a person only in the other team", lambda s, v: s.history("cy", viewer=v)),
    ("maria", "a person in no team", lambda s, v: s.history("eve", viewer=v)),
    (
        "maria",
        "what a member of her team stored for herself",
        lambda s, v: [x for x in s.history("ada", viewer=v) if x.team is None],
    ),
    ("mo", "the other team's latest", lambda s, v: s.latest(team="platform", viewer=v)),
    ("mo", "the other team's people", lambda s, v: s.people(team="platform", viewer=v)),
    ("mo", "a person only in the other team", lambda s, v: s.history("ada", viewer=v)),
    ("nina", "everyone's latest", lambda s, v: s.latest(viewer=v)),
    ("nina", "everyone's history", lambda s, v: s.snapshots(viewer=v)),
    ("ada", "a colleague's history", lambda s, v: s.history("ben", viewer=v)),
    (
        "ada",
        "her own team's latest, beyond herself",
        lambda s, v: [x for x in s.latest("platform", v) if x.name != "ada"],
    ),
    (
        "ada",
        "her own team's people, beyond herself",
        lambda s, v: [x for x in s.people("platform", v) if x != "ada"],
    ),
    ("ada", "the other team's latest", lambda s, v: s.latest(team="mobile", viewer=v)),
    ("ada", "the team names", lambda s, v: s.teams(viewer=v)),
    ("ben", "a colleague's history", lambda s, v: s.history("ada", viewer=v)),
    ("stranger", "everyone's latest", lambda s, v: s.latest(viewer=v)),
    ("stranger", "everyone's history", lambda s, v: s.snapshots(viewer=v)),
    ("stranger", "a person's history", lambda s, v: s.history("ada", viewer=v)),
    ("stranger", "everyone's names", lambda s, v: s.people(viewer=v)),
    ("stranger", "the team names", lambda s, v: s.teams(viewer=v)),
]


@pytest.mark.parametrize(
    ("who", "what", "read"), REFUSED_READS, ids=[f"{w}: {t}" for w, t, _ in REFUSED_READS]
)
def test_a_read_of_what_is_not_theirs_comes_back_empty(
    store: Store, who: str, what: str, read: Callable[[Store, Viewer | None], list[Any]]
) -> None:
    assert read(store, viewer(who)) == []
    assert read(store, None) != [] or what == "the team names"  # it is there: the viewer is what hides it


# --- every write, checked ----------------------------------------------------------------------------------


def count(store: Store) -> int:
    return len(store.snapshots())


# Each: who writes, what (names and team), and the words of the refusal.
REFUSED_WRITES: list[tuple[str, list[str], str | None, str]] = [
    ("ada", ["ben"], None, "may store only their own assessments"),
    ("ada", ["ada", "ben"], None, "may store only their own assessments"),
    ("ada", ["ada"], "platform", "does not manage team 'platform'"),
    ("ada", ["newcomer"], None, "may store only their own assessments"),
    ("maria", ["ada"], "mobile", "does not manage team 'mobile'"),
    ("maria", ["newcomer"], "mobile", "does not manage team 'mobile'"),
    ("maria", ["newcomer"], "no-such-team", "does not manage team 'no-such-team'"),
    ("maria", ["ada"], None, "may store only their own assessments"),
    ("mo", ["ada", "newcomer"], None, "may store only their own assessments"),
    ("nina", ["newcomer"], "platform", "does not manage team 'platform'"),
    ("stranger", ["eve"], None, "may store only their own assessments"),
    ("stranger", ["stranger@example.com"], "platform", "does not manage team 'platform'"),
]


@pytest.mark.parametrize(
    ("who", "names", "team", "refusal"),
    REFUSED_WRITES,
    ids=[f"{w}: {n} into {t}" for w, n, t, _ in REFUSED_WRITES],
)
def test_a_write_that_is_not_theirs_is_refused_and_stores_nothing(
    store: Store, five: Framework, who: str, names: list[str], team: str | None, refusal: str
) -> None:
    before = (count(store), store.people(), {t: store.people(team=t) for t in store.teams()})
    with pytest.raises(AccessDenied, match=refusal):
        store.store([person(n) for n in names], five, team=team, viewer=viewer(who))
    assert (count(store), store.people(), {t: store.people(team=t) for t in store.teams()}) == before


def test_the_writes_each_role_may_make(store: Store, five: Framework) -> None:
    # A member stores their own, without a team; a stranger's first save creates their person.
    store.store([person("ada", ratings={"prompting": 4})], five, viewer=viewer("ada"))
    store.store([person("stranger@example.com")], five, viewer=viewer("stranger"))
    assert store.people(viewer=viewer("stranger")) == ["stranger@example.com"]
    # A manager stores a newcomer and a member of their team into the team, and sees them.
    store.store(
        [person("newcomer", rater="manager"), person("ben", rater="manager")],
        five,
        team="platform",
        viewer=viewer("maria"),
    )
    assert store.people(viewer=viewer("maria")) == ["ada", "ben", "newcomer"]
    assert where(store.history("ben", viewer=viewer("maria")))[-1] == ("ben", "platform", "manager")
    # ... and mobile's manager does not see what platform's stored of ben.
    assert where(store.history("ben", viewer=viewer("mo"))) == [("ben", "mobile", "manager")]
    # A manager of a team nobody is in yet starts it.
    store.store([person("sam", rater="manager")], five, team="search", viewer=viewer("nina"))
    assert store.teams(viewer=viewer("nina")) == ["search"]
    assert store.people(viewer=viewer("nina")) == ["sam"]
    # An administrator stores anyone anywhere, as single-user mode does.
    store.store([person("eve"), person("cy", "qa")], five, team="platform", viewer=viewer("boss"))
    assert store.people(team="platform", viewer=viewer("boss")) == ["ada", "ben", "cy", "eve", "newcomer"]


def answers(store: Store, five: Framework, who: str, name: str, team: str) -> tuple[Any, ...]:
    """Everything a viewer learns from storing `name` into `team`: the write's answer (ids or the refusal's
    words, with the name and team put back as placeholders), then every read they can make of that name."""
    seen = viewer(who)
    try:
        written: Any = len(store.store([person(name, rater="manager")], five, team=team, viewer=seen))
    except AccessDenied as refused:
        written = str(refused).replace(repr(name), "NAME").replace(repr(team), "TEAM")

    def stored(s: Any) -> tuple[Any, ...]:
        return (s.team, s.rater, s.track, {k: v for k, v in s.document.items() if k != "name"})

    reads = (
        [stored(s) for s in store.history(name, viewer=seen)],
        [stored(s) for s in store.latest(viewer=seen) if s.name == name],
        [stored(s) for s in store.snapshots(team=team, viewer=seen) if s.name == name],
        name in store.people(viewer=seen),
        store.teams(viewer=seen),
    )
    return (written, *reads)


@pytest.mark.parametrize(
    "elsewhere",
    ["cy", "eve", "ben"],
    ids=["a name only in another team", "a name in no team", "a name in both teams"],
)
def test_storing_a_name_stored_elsewhere_answers_as_a_name_stored_nowhere(
    store: Store, five: Framework, elsewhere: str
) -> None:
    """A manager learns nothing of the people outside their teams from a write: a name stored in another
    team, or by someone for themselves, is stored and read back exactly as a name nobody has."""
    fresh = answers(store, five, "maria", "nobody-has-this-name", "platform")
    if elsewhere == "ben":  # already in her team: the same answer as for anyone else she adds
        assert answers(store, five, "maria", elsewhere, "platform")[0] == fresh[0]
        return
    assert answers(store, five, "maria", elsewhere, "platform") == fresh
    # What she stored joined that person's own history: theirs to see; the other team's record is not hers.
    assert [s.team for s in store.history(elsewhere, viewer=viewer("maria"))] == ["platform"]


def test_a_refused_write_reads_the_same_whether_what_it_names_exists_or_not(
    store: Store, five: Framework
) -> None:
    """The refusals left (a team one does not manage, someone else without a team) do not depend on what is
    stored: another team that exists is refused in the words of one that does not, a stored name in those of
    a new one."""
    other_team = answers(store, five, "maria", "cy", "mobile")[0]
    no_team = answers(store, five, "maria", "nobody-has-this-name", "no-such-team")[0]
    assert other_team == no_team == "maria@example.com does not manage team TEAM, so cannot store into it"
    with pytest.raises(AccessDenied) as stored:
        store.store([person("cy")], five, viewer=viewer("maria"))
    with pytest.raises(AccessDenied) as new:
        store.store([person("nobody-has-this-name")], five, viewer=viewer("maria"))
    assert str(stored.value).replace("'cy'", "NAME") == str(new.value).replace(
        "'nobody-has-this-name'", "NAME"
    )


# --- the filter against a plain-Python statement of the rule ----------------------------------------------

TEAMS = ["t1", "t2", "t3"]
NAMES = ["p1", "p2", "p3", "p4"]
writes = st.lists(
    st.tuples(st.lists(st.sampled_from(NAMES), min_size=1, max_size=3), st.sampled_from([None, *TEAMS]))
)
viewers = st.builds(
    lambda person, teams, admin: Viewer(f"{person}@example.com", person, frozenset(teams), admin),
    st.sampled_from([*NAMES, "nobody"]),
    st.sets(st.sampled_from([*TEAMS, "t9"]), max_size=2),
    st.booleans(),
)


def expected_snapshots(
    log: list[tuple[str, str | None]], seen: Viewer, asked: str | None
) -> list[tuple[str, str | None]]:
    """The rule in plain words: everything for an administrator; your own person's snapshots; and of the
    members of your teams, the snapshots stored under your teams. Asked about one team: only its members,
    and only yourself in a team you do not manage."""
    members = {(name, team) for name, team in log if team is not None}
    in_their_teams = {name for name, team in members if team in seen.teams}
    in_asked = {name for name, team in members if team == asked}
    return [
        (name, team)
        for name, team in log
        if (asked is None or name in in_asked)
        and (
            seen.administrator
            or name == seen.person
            or (name in in_their_teams and team in seen.teams and (asked is None or seen.manages(asked)))
        )
    ]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(log=writes, seen=viewers, asked=st.sampled_from([None, *TEAMS]))
def test_the_filter_is_the_rule_for_any_organisation_viewer_and_team(
    tmp_path_factory: pytest.TempPathFactory,
    five: Framework,
    log: list[tuple[list[str], str | None]],
    seen: Viewer,
    asked: str | None,
) -> None:
    path = tmp_path_factory.mktemp("org") / "stagepath.db"
    day = dt.date(2025, 1, 1)
    stored: list[tuple[str, str | None]] = []
    with Store(f"sqlite:///{path}") as store:
        for i, (names, team) in enumerate(log):
            batch = sorted(set(names))
            when = (day + dt.timedelta(days=i)).isoformat()
            store.store([person(n, assessed_on=when) for n in batch], five, team=team)
            stored += [(n, team) for n in batch]
        expected = sorted(expected_snapshots(stored, seen, asked), key=str)
        got = store.snapshots(team=asked, viewer=seen)
        assert sorted(((s.name, s.team) for s in got), key=str) == expected
        assert {s.name for s in store.latest(team=asked, viewer=seen)} == {n for n, _ in expected}
        assert all(s.team is None or seen.manages(s.team) or seen.owns(s.name) for s in got)
        for name in NAMES:
            assert [(s.name, s.team) for s in store.history(name, viewer=seen)] == [
                (n, t) for n, t in expected_snapshots(stored, seen, None) if n == name
            ]
        if not seen.administrator:
            # people(): yourself once stored, and every member of your teams (of the team asked about).
            in_team = {n for n, t in stored if asked is None or t == asked}
            theirs = {n for n, t in stored if t in seen.teams and (asked is None or seen.manages(asked))}
            assert set(store.people(team=asked, viewer=seen)) == in_team & (theirs | {seen.person})
            assert set(store.teams(viewer=seen)) == {t for _, t in stored if t in seen.teams}
