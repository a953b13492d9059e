"""`stagepath team` and `stagepath org`: a team's plan, and an organisation's teams side by side (from files or
the database)."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from planner.cli.output import output_format, report_left_out
from planner.cli.reading import check_target, framework_of, read_file, team_of_inputs
from planner.problems import InputError


def cmd_team(args: argparse.Namespace) -> int:
    from planner.team.summary import summarise
    from planner.team.support import support_needed

    framework = framework_of(args)
    check_target(framework, args.target)
    team, problems = team_of_inputs(framework, args.inputs)
    groundwork = None
    if args.groundwork is not None:
        from planner.documents import MAX_BYTES
        from planner.groundwork import load_groundwork

        groundwork = load_groundwork(args.groundwork, read_file(args.groundwork, MAX_BYTES), framework)
    report = summarise(
        framework, team, args.target, args.min_coverage, today=args.today, groundwork=groundwork
    )
    chosen = output_format(args, "markdown")
    if chosen == "markdown":
        from planner.reports.team import team_markdown

        sys.stdout.write(team_markdown(framework, report, support_needed(framework, report.people)))
    elif chosen == "csv":
        from planner.reports.team import coverage_csv

        sys.stdout.write(coverage_csv(report))
    else:  # pydantic's own serialiser: many times faster than json.dump for a large team
        sys.stdout.write(report.model_dump_json(indent=2) + "\n")
    return report_left_out(problems)


def _stored_people(framework: Any, viewer_email: str | None) -> tuple[Any, dict[str, Any]]:
    """Everyone stored whom the viewer may see (planner.org_store), and the latest groundwork record of
    each team the viewer may see. In a shared deployment
    (STAGEPATH_ACCESS) `--as` names the viewer: an administrator sees every team, a manager their own,
    anyone else is refused; in single-user mode everyone shows."""
    from planner.access import ENV_ACCESS, AccessDenied, access_from_env
    from planner.org_store import stored_org, visible_groundwork, visible_snapshots
    from planner.storage import Store
    from planner.storage.database import storage_problem
    from planner.storage.errors import StorageError

    viewer = None
    if os.environ.get(ENV_ACCESS, "").strip():
        if not viewer_email:
            raise InputError.single(
                "--as", "this is a shared deployment; expected --as EMAIL, whose teams to show"
            )
        try:
            viewer = access_from_env().viewer(viewer_email)
        except AccessDenied as exc:
            raise InputError.single("--as", str(exc)) from None
        if not viewer.manages_any:
            raise InputError.single(
                "--as", f"{viewer.email} manages no team; the organisation is for managers"
            )
    try:
        with Store() as store:
            snapshots = visible_snapshots(store, viewer)
            groundwork = visible_groundwork(framework, store, viewer)
    except StorageError as exc:
        raise storage_problem(exc) from None
    people, _ = stored_org(framework, snapshots)
    if not len(people):
        raise InputError.single("database", "no one stored in any team you may see; import a roster first")
    return people, groundwork


def _org_groundwork(framework: Any, paths: list[str]) -> dict[str, Any]:
    """The groundwork records given as files, by the team each names; two records of one team are refused."""
    from planner.documents import MAX_BYTES
    from planner.groundwork import load_groundwork

    records: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for path in paths:
        record = load_groundwork(path, read_file(path, MAX_BYTES), framework)
        if record.team in records:
            raise InputError.single(
                path,
                f"a second groundwork record of team {record.team!r} (the first is {sources[record.team]})",
            )
        records[record.team], sources[record.team] = record, path
    return records


def cmd_org(args: argparse.Namespace) -> int:
    from planner.org import organise

    framework = framework_of(args)
    check_target(framework, args.target)
    if bool(args.inputs) == bool(args.database):
        raise InputError.single("org", "expected input files or --database, one of the two")
    problems: list[Any] = []
    if args.database:
        people, groundwork = _stored_people(framework, args.viewer)
    else:
        people, problems = team_of_inputs(framework, args.inputs)
        groundwork = {}
    if args.groundwork:  # files given win over the stored records of their teams
        groundwork = groundwork | _org_groundwork(framework, args.groundwork)
    report = organise(
        framework, people, args.target, args.min_coverage, today=args.today, groundwork=groundwork
    )
    chosen = output_format(args, "markdown")
    if chosen == "csv":
        from planner.reports.org import teams_csv

        sys.stdout.write(teams_csv(framework, report))
    elif chosen == "markdown":
        from planner.reports.org import org_markdown

        sys.stdout.write(org_markdown(framework, report))
    else:
        sys.stdout.write(report.model_dump_json(indent=2) + "\n")
    return report_left_out(problems)
