"""The organisation: people grouped by team, each team's figures the same as the one-team rules give for
that team alone, one hiring plan ranked by the teams it unblocks, mentors across teams, and `stagepath org`
over files and over the database, in a shared deployment by the viewer's teams."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from planner.common.problems import InputError
from planner.formats.assessment import Assessment
from planner.formats.roster import read_roster
from planner.formats.table import Team, team_from_assessments
from planner.framework import Framework
from planner.framework.loading import SHIPPED_ROLES, load_framework
from planner.org.plan import NO_TEAM, organise
from planner.team.coverage import coverage
from planner.team.summary import summarise
from tests.conftest import FIVE_STAGE
from tests.storage import test_storage
from tests.storage.test_storage import run, write

# The storage tests' database fixtures: SQLite, and PostgreSQL where one is given.
url, postgres_url = test_storage.url, test_storage.postgres_url

SKILLS = ("read-code", "write-code", "debug-code", "prompting", "verifying", "rubric", "task-agents", "gates")
QA = ("read-code", "write-code", "debug-code", "test-drafts", "test-design")

# Three teams on the five-stage framework (floor minimum 2 from stage 3; rubric 2 and task-agents 3 at
# stage 3; scale 0-3). No team holds task agents, nor anyone within one level of it; alpha and gamma hold
# no rubric either; beta's rubric rests on b2 alone (thin), with b1 one below as the next holder.
THREE_TEAMS = """\
name,track,rater,team,read-code,write-code,debug-code,prompting,verifying,rubric,task-agents
a1,developer,self,alpha,3,3,3,3,2,0,0
a2,developer,self,alpha,3,3,3,2,2,0,0
b1,developer,self,beta,3,3,3,3,2,1,0
b2,developer,self,beta,2,2,2,2,2,3,0
c1,developer,self,gamma,3,3,3,2,2,0,0
c2,developer,self,gamma,3,3,3,2,2,0,1
"""


def roster(framework: Framework, text: str, path: Path) -> Team:
    path.write_text(text, encoding="utf-8")
    read = read_roster(str(path), path.read_bytes(), framework)
    assert read.problems == ()
    return read.team


def random_org(framework: Framework, people: int, teams: int, seed: int) -> Team:
    """People with random ratings in random teams, on both tracks, some listed twice (self and manager)."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(people):
        track = "developer" if rng.random() < 0.7 else "qa"
        skills = SKILLS if track == "developer" else QA
        ratings = {s: int(rng.integers(0, 4)) for s in skills if rng.random() < 0.9}
        team = f"team-{rng.integers(0, teams)}"
        out.append(Assessment(name=f"p{i}", track=track, team=team, ratings=ratings))
        if rng.random() < 0.2:
            out.append(Assessment(name=f"p{i}", track=track, team=team, rater="manager", ratings=ratings))
    return team_from_assessments(framework, out)


def people_stage(framework: Framework, team: Team) -> int:
    """The people's stage as PRODUCT.md states it, from the one-team coverage at each stage in turn."""
    reached = 0
    for stage in range(1, framework.ceiling + 1):
        gated = stage >= framework.curve.floor.gates_from_stage
        rows = coverage(framework, team, stage)
        if any(not r.held and (r.stage > 0 or gated) for r in rows):
            break
        reached = stage
    return reached


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_each_team_is_reported_as_the_team_rules_report_it_alone(five: Framework, seed: int) -> None:
    org_team = random_org(five, 60, 5, seed)
    report = organise(five, org_team, target=3)
    assert [t.team for t in report.teams] == sorted({str(t) for t in org_team.rows["team"]})
    assert sum(t.people for t in report.teams) == report.people == len(org_team.of_record())
    for row in report.teams:
        alone = org_team.take((org_team.rows["team"] == row.team).to_numpy())
        expected = summarise(five, alone, target=3)
        assert row.people == expected.people
        assert row.distribution == expected.distribution
        assert row.floor_breaches == len(expected.floor_breaches)
        assert row.develop == sum(r.verdict == "develop" for r in expected.coverage)
        assert row.hire == sum(r.verdict == "hire" for r in expected.coverage)
        assert row.thin == sum(r.verdict == "thin" for r in expected.coverage)
        assert row.people_stage == row.operating_stage == people_stage(five, alone)


def test_a_hire_shared_by_three_teams_ranks_above_one_shared_by_two(five: Framework, tmp_path: Path) -> None:
    report = organise(five, roster(five, THREE_TEAMS, tmp_path / "org.csv"), target=3)
    plan = [(r.skill, r.teams, r.unblocks) for r in report.hiring_plan]
    assert plan == [
        ("task-agents", ("alpha", "beta", "gamma"), 3),
        ("rubric", ("alpha", "gamma"), 2),
    ]
    by_team = {t.team: (t.develop, t.hire, t.thin) for t in report.teams}
    assert by_team == {"alpha": (0, 2, 0), "beta": (0, 1, 1), "gamma": (0, 2, 0)}


def test_a_skill_one_person_holds_is_thin_and_never_in_the_hiring_plan(
    five: Framework, tmp_path: Path
) -> None:
    # gamma's c1 holds task agents (3): gamma is no longer in the plan's task-agents row, it is thin there.
    text = THREE_TEAMS.replace(
        "c1,developer,self,gamma,3,3,3,2,2,0,0", "c1,developer,self,gamma,3,3,3,2,2,0,3"
    )
    report = organise(five, roster(five, text, tmp_path / "org.csv"), target=3)
    plan = {r.skill: r.teams for r in report.hiring_plan}
    assert plan["task-agents"] == ("alpha", "beta")
    gamma = next(t for t in report.teams if t.team == "gamma")
    assert (gamma.hire, gamma.thin) == (1, 1)
    # Alone, gamma's only QA-less track of two: a goal of one (min_coverage 1) makes task agents covered.
    relaxed = organise(five, roster(five, text, tmp_path / "org1.csv"), target=3, min_coverage=1)
    assert next(t for t in relaxed.teams if t.team == "gamma").thin == 0


def test_a_team_of_one_on_a_track_is_never_told_to_hire_a_second(five: Framework, tmp_path: Path) -> None:
    # solo is the only QA engineer of team beta and holds every QA skill to stage 3.
    text = THREE_TEAMS.replace(",task-agents\n", ",task-agents,test-drafts,test-design\n")
    text = "".join(
        line.rstrip("\n") + (",,\n" if i else "\n") for i, line in enumerate(text.splitlines(True))
    )
    text += "solo,qa,self,beta,3,3,3,,,,,2,2\n"
    report = organise(five, roster(five, text, tmp_path / "org.csv"), target=3, min_coverage=3)
    assert all(row.track != "qa" for row in report.hiring_plan)
    beta = next(t for t in report.teams if t.team == "beta")
    alone = summarise(
        five, roster(five, text, tmp_path / "again.csv").take(np.array([2, 3, 6])), target=3, min_coverage=3
    )
    qa_rows = [r for r in alone.coverage if r.track == "qa"]
    assert qa_rows and all(r.verdict == "covered" and r.goal == 1 for r in qa_rows)
    assert beta.thin == sum(r.verdict == "thin" for r in alone.coverage)


def test_one_team_s_hire_ranks_below_a_three_team_one_whatever_the_framework_order(
    five: Framework, tmp_path: Path
) -> None:
    # Only beta lacks prompting (a stage-2 skill, earlier in framework order than task agents).
    text = THREE_TEAMS.replace("b1,developer,self,beta,3,3,3,3", "b1,developer,self,beta,3,3,3,0").replace(
        "b2,developer,self,beta,2,2,2,2", "b2,developer,self,beta,2,2,2,0"
    )
    report = organise(five, roster(five, text, tmp_path / "org.csv"), target=3)
    ranked = [(r.skill, len(r.teams)) for r in report.hiring_plan]
    assert ranked.index(("task-agents", 3)) < ranked.index(("prompting", 1))


def test_mentors_across_teams_are_offered_where_a_team_has_none(five: Framework, tmp_path: Path) -> None:
    # beta's b1 is one below rubric (2); beta's b2 is at the top (3): beta's own mentor. Give alpha a
    # learner too: alpha has no one above the level, so the mentor comes from beta.
    text = THREE_TEAMS.replace("a1,developer,self,alpha,3,3,3,3,2,0", "a1,developer,self,alpha,3,3,3,3,2,1")
    report = organise(five, roster(five, text, tmp_path / "org.csv"), target=3, min_coverage=2)
    pairs = {(p.team, p.person, p.skill): (p.mentor, p.mentor_team) for p in report.mentoring}
    assert pairs[("beta", "b1", "rubric")] == ("b2", "beta")
    assert pairs[("alpha", "a1", "rubric")] == ("b2", "beta")
    assert all(p.person != p.mentor for p in report.mentoring)


def test_people_without_a_team_are_one_team_of_their_own(five: Framework, tmp_path: Path) -> None:
    text = THREE_TEAMS.replace(",team,", ",squad,")  # a column the roster does not know: refused
    path = tmp_path / "bad.csv"
    path.write_text(text)
    with pytest.raises(InputError, match="unknown skill id 'squad'"):
        read_roster(str(path), path.read_bytes(), five)
    plain = "\n".join(
        ",".join(c for i, c in enumerate(line.split(",")) if i != 3) for line in THREE_TEAMS.splitlines()
    )
    report = organise(five, roster(five, plain + "\n", tmp_path / "plain.csv"), target=3)
    assert [t.team for t in report.teams] == [NO_TEAM] and report.teams[0].people == 6


# --- the command line --------------------------------------------------------------------------------------


def test_cli_org_json_has_the_documented_keys(tmp_path: Path) -> None:
    path = write(tmp_path, "org.csv", THREE_TEAMS)
    extra = write(
        tmp_path, "dee.yaml", "stagepath: 1\nname: dee\nteam: delta\ntrack: developer\nratings: {rubric: 3}\n"
    )
    result = run("org", path, extra, "--roles", str(FIVE_STAGE), "--target", "3", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"target", "teams", "hiring_plan"} <= set(data) and data["target"] == 3
    assert [t["team"] for t in data["teams"]] == ["alpha", "beta", "delta", "gamma"]
    assert {
        "team",
        "people",
        "distribution",
        "floor_breaches",
        "operating_stage",
        "develop",
        "hire",
        "build",
    } <= set(data["teams"][0])
    assert data["hiring_plan"][0] == {
        "track": "developer",
        "skill": "task-agents",
        "stage": 3,
        "teams": ["alpha", "beta", "delta", "gamma"],
        "unblocks": 3,  # delta's one person holds nothing of stage 2: task agents do not block its next stage
    }


def test_cli_org_lists_stale_ratings_on_either_side_of_the_boundary(tmp_path: Path) -> None:
    # The shipped map: 180 days for skills of the AI era.
    text = (
        "name,track,rater,team,assessed_on,read-code,assisted-coding\n"
        "ada,developer,self,core,2026-01-01,3,3\n"
        "ben,developer,self,core,,3,3\n"
    )
    path = write(tmp_path, "org.csv", text)
    on_the_day = json.loads(run("org", path, "--today", "2026-06-30").stdout)
    day_after = json.loads(run("org", path, "--today", "2026-07-01").stdout)
    assert on_the_day["stale"] == [] and on_the_day["teams"][0]["stale"] == 0
    assert day_after["stale"] == [
        {"name": "ada", "skill": "assisted-coding", "assessed_on": "2026-01-01", "team": "core"}
    ]
    assert day_after["teams"][0]["stale"] == 1  # ben is undated: never stale


def test_cli_org_needs_inputs_or_the_database_and_not_both(tmp_path: Path) -> None:
    result = run("org")
    assert result.returncode == 1 and "expected input files or --database" in result.stderr


def test_cli_org_from_the_database_groups_by_the_stored_team(url: str, tmp_path: Path) -> None:
    alpha = write(
        tmp_path,
        "alpha.csv",
        "\n".join(THREE_TEAMS.splitlines()[:3]).replace(",team", "").replace(",alpha", "") + "\n",
    )
    beta = write(
        tmp_path,
        "beta.csv",
        "\n".join([THREE_TEAMS.splitlines()[0], *THREE_TEAMS.splitlines()[3:5]])
        .replace(",team", "")
        .replace(",beta", "")
        + "\n",
    )
    assert run("import", alpha, "--team", "alpha", "--roles", str(FIVE_STAGE), url=url).returncode == 0
    assert run("import", beta, "--team", "beta", "--roles", str(FIVE_STAGE), url=url).returncode == 0
    result = run("org", "--database", "--roles", str(FIVE_STAGE), "--target", "3", url=url)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [(t["team"], t["people"]) for t in data["teams"]] == [("alpha", 2), ("beta", 2)]


@pytest.fixture
def shared(tmp_path: Path) -> tuple[str, Path]:
    """A database with teams alpha and beta, and an access file: a manager of beta, an administrator."""
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    lines = THREE_TEAMS.splitlines()
    for team, rows in (("alpha", lines[1:3]), ("beta", lines[3:5])):
        text = "name,track,rater,read-code,write-code,debug-code,prompting,verifying,rubric,task-agents\n"
        text += "\n".join(",".join(c for i, c in enumerate(r.split(",")) if i != 3) for r in rows) + "\n"
        assert (
            run(
                "import",
                write(tmp_path, f"{team}.csv", text),
                "--team",
                team,
                "--roles",
                str(FIVE_STAGE),
                url=url,
            ).returncode
            == 0
        )
    access = tmp_path / "access.yaml"
    access.write_text("administrators: [boss@example.com]\nmanagers:\n  maria@example.com: [beta]\n")
    return url, access


def test_org_database_in_a_shared_deployment_shows_an_administrator_every_team_and_a_manager_theirs(
    shared: tuple[str, Path],
) -> None:
    url, access = shared
    env = {"STAGEPATH_ACCESS": str(access)}

    def teams(*args: str) -> list[str]:
        result = run("org", "--database", "--roles", str(FIVE_STAGE), *args, url=url, env=env)
        assert result.returncode == 0, result.stderr
        return [t["team"] for t in json.loads(result.stdout)["teams"]]

    assert teams("--as", "boss@example.com") == ["alpha", "beta"]
    assert teams("--as", "maria@example.com") == ["beta"]
    member = run("org", "--database", "--roles", str(FIVE_STAGE), "--as", "a1@example.com", url=url, env=env)
    assert member.returncode == 1 and "manages no team" in member.stderr and member.stdout == ""
    nobody = run("org", "--database", "--roles", str(FIVE_STAGE), url=url, env=env)
    assert nobody.returncode == 1 and "expected --as EMAIL" in nobody.stderr and nobody.stdout == ""


# --- groundwork: each team's operating stage counts its record -----------------------------------------------

MISSING = "workflow-protection-gates"  # a capability of the shipped map's stage 4


def strong_roster(framework: Framework, teams: tuple[str, ...], team_column: bool = True) -> str:
    """Two developers per team rated at the top of the scale on every skill: their people cover every stage."""
    skills = framework.track_skill_ids("developer")
    top = str(max(framework.levels))
    column = ["team"] if team_column else []
    lines = [",".join(["name", "track", "rater", *column, *skills])]
    for team in teams:
        own = [team] if team_column else []
        lines += [",".join([f"{team}-{i}", "developer", "self", *own, *[top] * len(skills)]) for i in (1, 2)]
    return "\n".join(lines) + "\n"


def core_record(framework: Framework) -> str:
    """core's groundwork: every capability in place but one of stage 4."""
    entries = "".join(f"  {c}: {'false' if c == MISSING else 'true'}\n" for c in framework.capabilities)
    return f"stagepath: 1\nkind: groundwork\nteam: core\ncapabilities:\n{entries}"


def test_a_team_s_record_lowers_its_operating_stage_and_counts_what_to_build(
    shipped: Framework, tmp_path: Path
) -> None:
    from planner.formats.groundwork import load_groundwork
    from planner.team.operating import operating_stage

    people = roster(shipped, strong_roster(shipped, ("core", "edge")), tmp_path / "org.csv")
    record = load_groundwork("core.yaml", core_record(shipped).encode(), shipped)
    report = organise(shipped, people, target=5, groundwork={"core": record})
    core, edge = report.teams
    assert (core.team, core.people_stage, core.capability_stage, core.operating_stage) == ("core", 6, 3, 3)
    assert core.build == 1  # the one stage-4 capability not in place, up to the target
    alone = operating_stage(shipped, people.take((people.rows["team"] == "core").to_numpy()), record, 5)
    assert (core.operating_stage, core.build) == (alone.operating_stage, len(alone.build))
    assert (edge.team, edge.capability_stage, edge.operating_stage, edge.build) == ("edge", None, 6, None)
    assert edge.operating_stage == edge.people_stage
    assert report.warnings == (
        "1 team has no groundwork recorded (edge), so their operating stage is their people's stage and no "
        "build verdicts are counted for them.",
    )


def test_cli_org_reads_groundwork_files_and_the_stored_records(url: str, tmp_path: Path) -> None:
    people = write(tmp_path, "org.csv", strong_roster(load_framework(SHIPPED_ROLES), ("core", "edge")))
    record = write(tmp_path, "core.yaml", core_record(load_framework(SHIPPED_ROLES)))

    def teams(data: dict[str, object]) -> dict[str, tuple[object, object]]:
        rows = data["teams"]
        assert isinstance(rows, list)
        return {t["team"]: (t["operating_stage"], t["build"]) for t in rows}

    from_files = run("org", people, "--target", "5", "--groundwork", record, "--format", "json")
    assert from_files.returncode == 0, from_files.stderr
    assert teams(json.loads(from_files.stdout)) == {"core": (3, 1), "edge": (6, None)}
    twice = run("org", people, "--groundwork", record, record)
    assert twice.returncode == 1 and "a second groundwork record of team 'core'" in twice.stderr
    for team in ("core", "edge"):
        text = strong_roster(load_framework(SHIPPED_ROLES), (team,), team_column=False)
        roster_file = write(tmp_path, f"{team}.csv", text)
        assert run("import", roster_file, "--team", team, url=url).returncode == 0
    assert run("import", record, url=url).returncode == 0
    stored = run("org", "--database", "--target", "5", "--format", "json", url=url)
    assert stored.returncode == 0, stored.stderr
    data = json.loads(stored.stdout)
    assert teams(data) == {"core": (3, 1), "edge": (6, None)}
    assert any("(edge)" in w for w in data["warnings"])
