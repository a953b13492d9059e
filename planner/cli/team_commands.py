"""`stagepath team` and `stagepath org`: a team's plan, and an organisation's teams side by side (from files or
the database)."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, Any

from planner.cli.output import EXIT_OK, output_format, print_model_json, report_left_out, write_markdown
from planner.cli.reading import check_target, framework_of, read_file, team_of_inputs
from planner.common.problems import InputError

if TYPE_CHECKING:  # the types only: the command line imports each module when it needs it
    from planner.formats.access import Viewer
    from planner.formats.confirmations import Confirmation
    from planner.formats.groundwork import GroundworkRecord
    from planner.formats.table import Team
    from planner.framework import Framework

# The long lists of the reports' JSON, written so many elements at a time (see output.json_pieces): a
# coverage row holds up to two names per person, a breach or a pair one line; a team of the organisation
# holds its own coverage.
TEAM_REPORT_SPREAD = {"coverage": 1, "floor_breaches": 2_000}
ORG_REPORT_SPREAD = {"teams": 10, "hiring_plan": 500, "mentoring": 2_000}


def cmd_team(args: argparse.Namespace) -> int:
    from planner.service.team import support_to_plan, team_report

    framework = framework_of(args)
    if args.template:
        if args.inputs or args.database:
            raise InputError.single(
                "--template", "prints a blank roster; expected no input files or --database"
            )
        from planner.formats.roster_writing import template_csv

        sys.stdout.write(template_csv(framework))
        return EXIT_OK
    check_target(framework, args.target)
    if bool(args.inputs) == bool(args.database):
        raise InputError.single("team", "expected input files or --database --team NAME, one of the two")
    groundwork = None
    problems: list[Any]  # the files' problems, or the notes of what a stored team left out
    confirmations: list[Any] = []
    if args.database:
        if not args.team:
            raise InputError.single("--team", "--database reads one stored team; expected --team NAME")
        team, groundwork, problems, confirmations = _stored_team(
            framework, args.team, _viewer(args.viewer, "reading a stored team")
        )
    else:
        team, problems = team_of_inputs(framework, args.inputs)
    if args.groundwork is not None:  # a record given as a file wins over the stored one
        from planner.common.documents import MAX_BYTES
        from planner.formats.groundwork import load_groundwork

        groundwork = load_groundwork(args.groundwork, read_file(args.groundwork, MAX_BYTES), framework)
    if args.confirmations is not None:
        from planner.common.documents import MAX_BYTES
        from planner.formats.confirmations import load_confirmations

        raw = read_file(args.confirmations, MAX_BYTES)
        confirmations += load_confirmations(args.confirmations, raw, framework, args.today).confirmations
    report = team_report(framework, team, confirmations=confirmations, **_options(args, groundwork, problems))
    code = report_left_out(problems)  # the problems first: a reader sees them before the report
    chosen = output_format(args, "markdown")
    if chosen == "markdown":
        from planner.reports.team import team_markdown

        write_markdown(args, team_markdown(framework, report, support_to_plan(framework, report.people)))
    elif chosen == "csv":
        from planner.reports.team import coverage_csv

        sys.stdout.write(coverage_csv(report))
    else:
        print_model_json(report, TEAM_REPORT_SPREAD)
    return code


def _options(args: argparse.Namespace, groundwork: Any, problems: list[Any]) -> dict[str, Any]:
    """What `team` and `org` pass on to their report: target, goal, today, groundwork and what was left out."""
    return {
        "target": args.target,
        "min_coverage": args.min_coverage,
        "today": args.today,
        "groundwork": groundwork,
        "left_out": problems,
    }


def _viewer(viewer_email: str | None, what: str) -> Viewer | None:
    """Who is asking, in a shared deployment (STAGEPATH_ACCESS): `--as` names them, and only an
    administrator or a manager may read stored teams; None in single-user mode, where everyone shows.
    Worked out from the access file as it is now, on every run."""
    from planner.formats.access import ENV_ACCESS, AccessDenied, access_from_env

    if not os.environ.get(ENV_ACCESS, "").strip():
        return None
    if not viewer_email:
        raise InputError.single(
            "--as", "this is a shared deployment; expected --as EMAIL, whose teams to show"
        )
    try:
        viewer = access_from_env().viewer(viewer_email)
    except AccessDenied as exc:
        raise InputError.single("--as", str(exc)) from None
    if not viewer.manages_any:
        raise InputError.single("--as", f"{viewer.email} manages no team; {what} is for managers")
    return viewer


def _stored_team(
    framework: Framework, name: str, viewer: Viewer | None
) -> tuple[Team, GroundworkRecord | None, list[str], list[Confirmation]]:
    """One stored team as the Team page loads it (planner.service.team.team_of_store)."""
    from planner.service.database import StorageError, open_store, storage_problem
    from planner.service.team import team_of_store

    try:
        with open_store() as store:
            stored = team_of_store(framework, store, name, viewer)
    except StorageError as exc:
        raise storage_problem(exc) from None
    if not len(stored.team):
        raise InputError.single(
            "--team", f"no one stored in team {name!r} that you may see; import a roster first"
        )
    return stored.team, stored.groundwork, list(stored.notes), list(stored.confirmations)


def _stored_people(
    framework: Framework, viewer: Viewer | None
) -> tuple[Team, dict[str, GroundworkRecord], list[Confirmation]]:
    """Everyone stored whom the viewer may see, and the latest groundwork record of each team the viewer
    may see (planner.service.org.org_of_store)."""
    from planner.service.database import StorageError, open_store, storage_problem
    from planner.service.org import org_of_store

    try:
        with open_store() as store:
            stored = org_of_store(framework, store, viewer)
    except StorageError as exc:
        raise storage_problem(exc) from None
    if not len(stored.people):
        raise InputError.single("database", "no one stored in any team you may see; import a roster first")
    return stored.people, stored.groundwork, list(stored.confirmations)


def _org_groundwork(framework: Framework, paths: list[str]) -> dict[str, GroundworkRecord]:
    """The groundwork records given as files, by the team each names; two records of one team are refused."""
    from planner.common.documents import MAX_BYTES
    from planner.formats.groundwork import by_team, load_groundwork

    records, seconds = by_team((p, load_groundwork(p, read_file(p, MAX_BYTES), framework)) for p in paths)
    if seconds:
        raise InputError(seconds)
    return records


def cmd_org(args: argparse.Namespace) -> int:
    from planner.service.org import org_report

    framework = framework_of(args)
    check_target(framework, args.target)
    if bool(args.inputs) == bool(args.database):
        raise InputError.single("org", "expected input files or --database, one of the two")
    problems: list[Any] = []
    confirmations: list[Any] = []
    if args.database:
        people, groundwork, confirmations = _stored_people(
            framework, _viewer(args.viewer, "the organisation")
        )
    else:
        people, problems = team_of_inputs(framework, args.inputs)
        groundwork = {}
    if args.groundwork:  # files given win over the stored records of their teams
        groundwork = groundwork | _org_groundwork(framework, args.groundwork)
    report = org_report(
        framework, people, confirmations=confirmations, **_options(args, groundwork, problems)
    )
    code = report_left_out(problems)  # the problems first: a reader sees them before the report
    chosen = output_format(args, "markdown")
    if chosen == "csv":
        from planner.reports.org import org_csv

        sys.stdout.write(org_csv(framework, report))
    elif chosen == "markdown":
        from planner.reports.org import org_markdown

        write_markdown(args, org_markdown(framework, report))
    else:
        print_model_json(report, ORG_REPORT_SPREAD)
    return code
