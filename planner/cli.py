"""The `stagepath` command line. Exit codes: 0 success, 1 invalid input (one line per problem on stderr),
2 usage error. Heavy libraries (pandas, SQLAlchemy) are imported only by the commands that need them."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from planner.problems import InputError

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _framework(args: argparse.Namespace) -> Any:
    from planner.framework.loading import load_framework

    return load_framework(args.roles)


def _read(path: str, max_bytes: int) -> bytes:
    """A file's bytes, refusing anything over the cap before reading it all."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError.single(path, f"cannot read: {exc.strerror or exc}") from None
    return raw


def output_format(args: argparse.Namespace, for_people: str) -> str:
    """The format to write: `--format` when given; else `for_people` (a readable summary) when standard
    output is a terminal, JSON when it is a pipe or a file, so that scripts get JSON without asking."""
    chosen: str | None = args.format
    if chosen:
        return chosen
    return for_people if sys.stdout.isatty() else "json"


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def cmd_validate(args: argparse.Namespace) -> int:
    from planner.framework.loading import load_framework

    directory = args.directory or args.roles
    framework = load_framework(directory)
    skills = len(framework.skill_ids)
    print(
        f"{directory or 'framework'}: valid: {framework.curve.name!s}, {len(framework.curve.stages)} stages, "
        f"{len(framework.tracks)} tracks, {skills} skills"
    )
    return EXIT_OK


def cmd_framework(args: argparse.Namespace) -> int:
    framework = _framework(args)
    if output_format(args, "markdown") == "markdown":
        from planner.reports.markdown import framework_markdown

        sys.stdout.write(framework_markdown(framework))
    else:
        _print_json(framework.as_files())
    return EXIT_OK


def cmd_assess(args: argparse.Namespace) -> int:
    from planner.assessment import load_assessment
    from planner.documents import MAX_BYTES
    from planner.placement import assess

    framework = _framework(args)
    assessment = load_assessment(args.file, _read(args.file, MAX_BYTES), framework)
    _target(framework, args.target)
    plan = assess(
        framework, assessment, target=args.target, top=None if args.top == 0 else args.top, today=args.today
    )
    if output_format(args, "markdown") == "markdown":
        from planner.reports.markdown import plan_markdown

        sys.stdout.write(plan_markdown(framework, assessment, plan))
    else:
        _print_json(plan.model_dump(mode="json"))
    return EXIT_OK


def cmd_effort(args: argparse.Namespace) -> int:
    from planner.effort import project

    projection = project(_framework(args), args.stage, args.days)
    if output_format(args, "markdown") == "markdown":
        from planner.reports.markdown import effort_markdown

        sys.stdout.write(effort_markdown(projection))
    else:
        _print_json(projection.model_dump(mode="json", by_alias=True))
    return EXIT_OK


def _target(framework: Any, target: int | None) -> None:
    """Refuse a target stage that is not on the curve, naming the stages there are."""
    if target is not None and framework.stage(target) is None:
        raise InputError.single("--target", f"stage {target} is not on the curve; {framework.stage_range}")


def _people(framework: Any, inputs: Sequence[str]) -> tuple[Any, list[Any]]:
    """The team of every valid assessment in the inputs (files and rosters), and the problems found; at
    least one valid assessment, else InputError."""
    from planner.inputs import input_cap, read_team_input
    from planner.problems import Problem
    from planner.team.table import concat

    problems: list[Problem] = []
    parts = []
    for path in inputs:
        try:
            read = read_team_input(path, _read(path, input_cap(path)), framework)
        except InputError as exc:  # the file cannot be opened
            problems.extend(exc.problems)
            continue
        problems.extend(read.problems)
        if read.team is not None:
            parts.append(read.team)
    team = concat(framework, parts)
    if not len(team):
        raise InputError([*problems, Problem("team", "no one to plan for: no input gave a valid assessment")])
    return team, problems


def _left_out(problems: Sequence[Any]) -> int:
    """The report covers the good rows; bad ones are named here and the exit code says something was left out."""
    for problem in problems:
        print(problem, file=sys.stderr)
    return EXIT_INVALID if problems else EXIT_OK


def cmd_team(args: argparse.Namespace) -> int:
    from planner.team.summary import summarise
    from planner.team.support import support_needed

    framework = _framework(args)
    _target(framework, args.target)
    team, problems = _people(framework, args.inputs)
    groundwork = None
    if args.groundwork is not None:
        from planner.documents import MAX_BYTES
        from planner.groundwork import load_groundwork

        groundwork = load_groundwork(args.groundwork, _read(args.groundwork, MAX_BYTES), framework)
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
    return _left_out(problems)


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
        record = load_groundwork(path, _read(path, MAX_BYTES), framework)
        if record.team in records:
            raise InputError.single(
                path,
                f"a second groundwork record of team {record.team!r} (the first is {sources[record.team]})",
            )
        records[record.team], sources[record.team] = record, path
    return records


def cmd_org(args: argparse.Namespace) -> int:
    from planner.org import organise

    framework = _framework(args)
    _target(framework, args.target)
    if bool(args.inputs) == bool(args.database):
        raise InputError.single("org", "expected input files or --database, one of the two")
    problems: list[Any] = []
    if args.database:
        people, groundwork = _stored_people(framework, args.viewer)
    else:
        people, problems = _people(framework, args.inputs)
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
    return _left_out(problems)


def _groundwork_in(path: str, raw: bytes, framework: Any) -> Any:
    """The groundwork record an input is (a YAML or JSON document of kind groundwork), else None."""
    from planner.documents import MAX_BYTES, parse
    from planner.groundwork import KIND, parse_groundwork
    from planner.inputs import is_roster

    if is_roster(path):
        return None
    doc = parse(path, raw, MAX_BYTES)
    return (
        parse_groundwork(doc, framework)
        if isinstance(doc.data, dict) and doc.data.get("kind") == KIND
        else None
    )


def _store_groundwork(store: Any, framework: Any, record: Any, path: str, team: str | None) -> None:
    """Store a groundwork record under the team it names, which --team, when given, must agree with."""
    if team is not None and team != record.team:
        raise InputError.single(
            path, f"the record is the groundwork of team {record.team!r}, not of --team {team!r}", "team"
        )
    store.store_groundwork(record, framework)
    print(f"{path}: stored the groundwork of team {record.team!r}")


def cmd_import(args: argparse.Namespace) -> int:
    from planner.inputs import input_cap, read_assessments
    from planner.problems import Problem
    from planner.storage import Store
    from planner.storage.database import storage_problem
    from planner.storage.errors import StorageError

    framework = _framework(args)
    problems: list[Problem] = []
    try:
        with Store() as store:
            for path in args.inputs:
                try:
                    raw = _read(path, input_cap(path))
                    record = _groundwork_in(path, raw, framework)
                    if record is not None:
                        _store_groundwork(store, framework, record, path, args.team)
                        continue
                    assessments = read_assessments(path, raw, framework)
                except InputError as exc:
                    problems += [
                        *exc.problems,
                        Problem(path, "nothing stored from this input; fix it and import it again"),
                    ]
                    continue
                ids = store.store(assessments, framework, team=args.team)
                where = f" in team {args.team!r}" if args.team else ""
                print(f"{path}: stored {len(ids)} assessment(s){where}")
    except StorageError as exc:
        raise InputError([*problems, *storage_problem(exc).problems]) from None
    if problems:
        raise InputError(problems)
    return EXIT_OK


def _export_groundwork(args: argparse.Namespace, store: Any) -> int:
    """The latest groundwork record of each stored team (or of --team): a JSON list, or one YAML record."""
    from planner.groundwork import dump_groundwork, groundwork_document

    if args.format == "csv":
        print(
            "stagepath export: --format csv is for assessments; groundwork is json or yaml", file=sys.stderr
        )
        return EXIT_USAGE
    if args.format == "yaml" and args.team is None:
        print("stagepath export: --format yaml writes one record; give --team NAME", file=sys.stderr)
        return EXIT_USAGE
    teams = [args.team] if args.team is not None else store.teams()
    latest = [g for g in (store.latest_groundwork(t) for t in teams) if g is not None]
    if args.format == "yaml":
        if not latest:
            raise InputError.single("--team", f"team {args.team!r} has no stored groundwork record")
        sys.stdout.write(dump_groundwork(latest[0].record(), "yaml"))
    else:
        _print_json([groundwork_document(g.record()) for g in latest])
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from planner.storage import Store
    from planner.storage.database import storage_problem
    from planner.storage.errors import StorageError

    try:
        with Store() as store:
            if args.team is not None and args.team not in store.teams():
                known = ", ".join(repr(t) for t in store.teams()) or "none yet"
                raise InputError.single("--team", f"no team named {args.team!r}; stored teams: {known}")
            if args.groundwork:
                return _export_groundwork(args, store)
            if args.format == "yaml":
                print(
                    "stagepath export: --format yaml is for groundwork; assessments are csv or json",
                    file=sys.stderr,
                )
                return EXIT_USAGE
            snapshots = store.latest(team=args.team)
    except StorageError as exc:
        raise storage_problem(exc) from None
    if output_format(args, "csv") == "csv":
        from planner.roster import roster_csv

        sys.stdout.write(roster_csv(_framework(args), [s.assessment() for s in snapshots]))
    else:
        _print_json([s.document for s in snapshots])
    return EXIT_OK


def cmd_scan(args: argparse.Namespace) -> int:
    import datetime as dt

    from planner.groundwork import dump_groundwork
    from planner.problems import Problem
    from planner.scan import Limits, scan_repository, suggestions, summary_lines

    framework = _framework(args)
    limits = Limits(
        entries=args.max_files,
        files_read=args.max_files_read,
        file_bytes=args.max_file_bytes,
        commits=args.max_commits,
        seconds=args.max_seconds,
    )
    problems: list[Problem] = []
    scans = []
    for path in args.paths:  # a path that cannot be read is named, and the others are still scanned
        try:
            scans.append(scan_repository(path, framework, limits))
        except InputError as exc:
            problems.extend(exc.problems)
    if not scans:
        raise InputError(problems)
    record = suggestions(framework, scans, args.team or scans[0].label, dt.date.today())
    summary = summary_lines(scans)
    if args.format == "yaml":
        sys.stdout.write(
            "# Suggested by stagepath scan: nothing here is in place until a person confirms it.\n"
            + "".join(f"# {line}\n" for line in summary)
        )
    sys.stdout.write(dump_groundwork(record, "json" if args.format == "json" else "yaml"))
    for line in summary:
        print(line, file=sys.stderr)
    for problem in problems:
        print(problem, file=sys.stderr)
    return EXIT_INVALID if problems else EXIT_OK


def _team_name(text: str) -> str:
    from planner.assessment import NAME_LENGTH

    name = text.strip()
    if not name or len(name) > NAME_LENGTH:
        raise argparse.ArgumentTypeError(f"{text!r}; expected a team name of 1 to {NAME_LENGTH} characters")
    return name


def _whole(text: str, expected: str) -> int:
    """A whole number, or a usage error that says what was expected."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number; expected {expected}") from None


def _stage(text: str) -> int:
    # The framework is read later, which checks the number against its stages and names them.
    return _whole(text, "a stage number")


def _days(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number; expected a number of days above 0"
        ) from None


def _format(parser: argparse.ArgumentParser, *choices: str, for_people: str = "markdown") -> None:
    """The --format option: without it, `for_people` on a terminal and JSON when piped."""
    parser.add_argument(
        "--format",
        choices=choices,
        default=None,
        help=f"one of {', '.join(choices)} (default: {for_people} on a terminal, json when piped)",
    )


def _at_least_one(text: str) -> int:
    value = _whole(text, "1 or more")
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is below 1; expected 1 or more")
    return value


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; expected YYYY-MM-DD") from None


def _today(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--today",
        type=_date,
        default=dt.date.today(),
        metavar="YYYY-MM-DD",
        help="the day ratings are aged against, to list those due for re-rating (default: today)",
    )


def _positive(text: str) -> int:
    value = _whole(text, "0 or more")
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text} is negative; expected 0 or more")
    return value


def _coverage_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--target",
        type=_stage,
        default=None,
        metavar="N",
        help="target stage (default: the stage after the median placement)",
    )
    p.add_argument(
        "--min-coverage",
        type=_at_least_one,
        default=2,
        metavar="K",
        help="people needed at or above expected for a skill to be covered (default 2)",
    )


def _seconds(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"{text}; expected a number of seconds above 0")
    return value


# Each bound of one repository's scan: flag, default, type, what it bounds. The defaults are Limits' own (a
# test holds them together), written here so that building the parser imports nothing heavy.
SCAN_BOUNDS: tuple[tuple[str, float, Callable[[str], Any], str], ...] = (
    ("max-files", 200_000, _at_least_one, "files listed per repository"),
    ("max-files-read", 2_000, _at_least_one, "files whose text is searched, per repository"),
    ("max-file-bytes", 1024 * 1024, _at_least_one, "a larger file is skipped"),
    ("max-commits", 20_000, _at_least_one, "newest commits read, per repository"),
    ("max-seconds", 60, _seconds, "seconds per repository"),
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="stagepath",
        description="Career-path and skills-gap planner: where a person or a team stands on a staged curve.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(
        name: str, handler: Callable[[argparse.Namespace], int], help_text: str
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument(
            "--roles",
            metavar="DIR",
            default=None,
            help="framework directory (default: $STAGEPATH_ROLES, else the shipped roles/)",
        )
        p.set_defaults(handler=handler)
        return p

    p = command("validate", cmd_validate, "Check a framework directory; exit 0 when it is valid.")
    p.add_argument("directory", nargs="?", metavar="DIR", help="framework directory to check")

    p = command(
        "framework", cmd_framework, "Print the loaded framework: its stages and tracks, or its files' shape."
    )
    _format(p, "json", "markdown")

    p = command("assess", cmd_assess, "Place one assessment on the curve and list what to develop first.")
    p.add_argument("file", metavar="FILE", help="assessment file (YAML or JSON)")
    p.add_argument(
        "--target", type=_stage, default=None, metavar="N", help="target stage (default: the next one)"
    )
    p.add_argument("--top", type=_positive, default=3, metavar="K", help="focus items to list (0 for all)")
    _format(p, "json", "markdown")
    _today(p)

    p = command("effort", cmd_effort, "Project the effort of later stages from one measured stage.")
    p.add_argument("--stage", type=_stage, required=True, metavar="N", help="stage the team measured")
    p.add_argument(
        "--days",
        type=_days,
        required=True,
        metavar="D",
        help="days it took, in the framework's unit of effort",
    )
    _format(p, "json", "markdown")

    p = command(
        "team", cmd_team, "Plan a team: stage distribution, floor, coverage, develop-or-hire, hiring."
    )
    p.add_argument(
        "inputs", nargs="+", metavar="INPUT", help="assessment files (YAML or JSON) and CSV rosters"
    )
    _coverage_options(p)
    p.add_argument(
        "--groundwork",
        metavar="FILE",
        default=None,
        help="the team's groundwork record (YAML or JSON): adds its operating stage and what to build",
    )
    _format(p, "json", "csv", "markdown")
    _today(p)

    p = command(
        "org",
        cmd_org,
        "Plan an organisation: each team side by side, and one hiring plan across the teams.",
    )
    p.add_argument(
        "inputs",
        nargs="*",
        metavar="INPUT",
        help="assessment files (YAML or JSON, with a team field) and CSV rosters (with a team column)",
    )
    p.add_argument("--database", action="store_true", help="read the latest stored assessments instead")
    p.add_argument(
        "--groundwork",
        nargs="+",
        metavar="FILE",
        default=[],
        help="groundwork records (YAML or JSON), each naming its team: adds operating stages and build counts",
    )
    p.add_argument(
        "--as",
        dest="viewer",
        default=None,
        metavar="EMAIL",
        help="in a shared deployment: whose teams to show (an administrator sees every team, a manager theirs)",
    )
    _coverage_options(p)
    _format(p, "json", "csv", "markdown")
    _today(p)

    p = command(
        "import",
        cmd_import,
        "Store assessments, CSV rosters and groundwork records as new snapshots in the database.",
    )
    p.add_argument(
        "inputs", nargs="+", metavar="INPUT", help="assessment files (YAML or JSON) and CSV rosters"
    )
    p.add_argument("--team", type=_team_name, default=None, metavar="NAME", help="team the people belong to")

    p = command(
        "export", cmd_export, "Print the latest stored assessment of each person, or each team's groundwork."
    )
    p.add_argument("--team", type=_team_name, default=None, metavar="NAME", help="only this team's members")
    p.add_argument(
        "--groundwork", action="store_true", help="the latest groundwork record of each team instead"
    )
    _format(p, "json", "csv", "yaml", for_people="csv")

    p = command(
        "scan",
        cmd_scan,
        "Read local git repositories for the framework's groundwork signals; print a groundwork record of "
        "suggestions (never in place until a person confirms them). Nothing from the repositories is run.",
    )
    p.add_argument(
        "paths", nargs="+", metavar="PATH", help="git repositories (a working tree's top or a .git)"
    )
    p.add_argument(
        "--team",
        type=_team_name,
        default=None,
        metavar="NAME",
        help="team of the record (default: first PATH's name)",
    )
    p.add_argument("--format", choices=["yaml", "json"], default="yaml")
    for flag, default, kind, what in SCAN_BOUNDS:
        p.add_argument(
            f"--{flag}", type=kind, default=default, metavar="N", help=f"{what} (default {default:,})"
        )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.handler(args)
        return code
    except InputError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_INVALID
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug, not bad input: one line, the traceback only on request
        if os.environ.get("STAGEPATH_DEBUG"):
            raise
        print(
            f"stagepath: internal error: {type(exc).__name__}: {exc} (set STAGEPATH_DEBUG=1 for details)",
            file=sys.stderr,
        )
        return EXIT_INVALID


if __name__ == "__main__":
    sys.exit(main())
