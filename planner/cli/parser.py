"""The `stagepath` argument parser: every command, its arguments and the handler that runs it."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence

from planner.cli.arguments import (
    SCAN_BOUNDS,
    at_least_one,
    coverage_options,
    days,
    format_option,
    person_name,
    positive,
    stage,
    team_name,
    today_option,
    viewer_option,
)
from planner.cli.db_command import cmd_db
from planner.cli.due_command import cmd_due
from planner.cli.framework_commands import cmd_framework, cmd_validate
from planner.cli.person_commands import cmd_assess, cmd_effort
from planner.cli.record_commands import cmd_audit, cmd_backup, cmd_forget, cmd_restore, cmd_retract
from planner.cli.scan_command import cmd_scan
from planner.cli.store_commands import cmd_export, cmd_import
from planner.cli.team_commands import cmd_hiring, cmd_org, cmd_team

Handler = Callable[[argparse.Namespace], int]
Command = Callable[[str, Handler, str], argparse.ArgumentParser]


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser of every command; given the command line `argv`, only the parser of the command it names,
    when it names one. Building all of them (COMMANDS) costs a few milliseconds of every run, and a command's
    own help, errors and arguments are the same either way; `stagepath -h` and an unknown command get them
    all."""
    parser = argparse.ArgumentParser(
        prog="stagepath",
        description="Career-path and skills-gap planner: where a person or a team stands on a staged curve.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument(
            "--roles",
            metavar="DIR",
            default=None,
            help="framework directory (default: $STAGEPATH_ROLES, else the shipped roles/)",
        )
        p.set_defaults(handler=handler)
        return p

    named = argv[0] if argv else None
    for name, add in COMMANDS.items():
        if named not in COMMANDS or name == named:
            add(command)
    return parser


def _validate(command: Command) -> None:
    p = command("validate", cmd_validate, "Check a framework directory; exit 0 when it is valid.")
    p.add_argument("directory", nargs="?", metavar="DIR", help="framework directory to check")


def _framework(command: Command) -> None:
    p = command(
        "framework", cmd_framework, "Print the loaded framework: its stages and tracks, or its files' shape."
    )
    format_option(p, "json", "markdown")


def _assess(command: Command) -> None:
    p = command("assess", cmd_assess, "Place one assessment on the curve and list what to develop first.")
    p.add_argument("file", metavar="FILE", help="assessment file (YAML or JSON)")
    p.add_argument(
        "--target", type=stage, default=None, metavar="N", help="target stage (default: the next one)"
    )
    p.add_argument("--top", type=positive, default=3, metavar="K", help="focus items to list (0 for all)")
    p.add_argument(
        "--confirmations",
        default=None,
        metavar="FILE",
        help="colleagues' confirmations (YAML or JSON): those naming the assessment's person count towards "
        "the trusted placement",
    )
    format_option(p, "json", "markdown")
    today_option(p)


def _effort(command: Command) -> None:
    p = command("effort", cmd_effort, "Project the effort of later stages from one measured stage.")
    p.add_argument("--stage", type=stage, required=True, metavar="N", help="stage the team measured")
    p.add_argument(
        "--days",
        type=days,
        required=True,
        metavar="D",
        help="days it took, in the framework's unit of effort",
    )
    format_option(p, "json", "markdown")


def _team(command: Command) -> None:
    p = command(
        "team", cmd_team, "Plan a team: stage distribution, floor, coverage, develop-or-hire, hiring."
    )
    _team_source(p)
    p.add_argument(
        "--template",
        action="store_true",
        help="print a blank roster instead: the CSV header with every skill id of the framework",
    )
    format_option(p, "json", "csv", "markdown")
    today_option(p)


def _team_source(p: argparse.ArgumentParser) -> None:
    """The team `team` and `hiring` plan for: files or a stored team, its target, groundwork and confirmations."""
    p.add_argument(
        "inputs", nargs="*", metavar="INPUT", help="assessment files (YAML or JSON) and CSV rosters"
    )
    p.add_argument(
        "--database",
        action="store_true",
        help="read a stored team instead (with --team): every snapshot of its members and its groundwork record",
    )
    p.add_argument(
        "--team", type=team_name, default=None, metavar="NAME", help="with --database: the team to read"
    )
    viewer_option(p)
    coverage_options(p)
    p.add_argument(
        "--groundwork",
        metavar="FILE",
        default=None,
        help="the team's groundwork record (YAML or JSON): adds its operating stage and what to build "
        "(instead of the stored one, with --database)",
    )
    p.add_argument(
        "--confirmations",
        default=None,
        metavar="FILE",
        help="colleagues' confirmations (YAML or JSON) of the team's people: a rating they vouch for counts "
        "as confirmed (with --database, the stored ones count too)",
    )


def _hiring(command: Command) -> None:
    p = command(
        "hiring",
        cmd_hiring,
        "Whom to hire: a hiring profile from a team's gaps or chosen by hand, with its interview prompts; "
        "with candidates' assessments, one candidate's fit to it or several compared.",
    )
    _team_source(p)
    p.add_argument(
        "--track",
        default=None,
        metavar="ID",
        help="the track to hire for (needed when the team has hires to make on more than one, and by hand)",
    )
    p.add_argument(
        "--stage",
        type=stage,
        default=None,
        metavar="N",
        help="by hand, instead of a team: the stage the hire works at (with --track and --must or --nice)",
    )
    p.add_argument(
        "--must", nargs="+", default=[], metavar="SKILL", help="by hand: skill ids a candidate must bring"
    )
    p.add_argument(
        "--nice", nargs="+", default=[], metavar="SKILL", help="by hand: skill ids it would be good to bring"
    )
    p.add_argument(
        "--candidates",
        nargs="+",
        default=[],
        metavar="FILE",
        help="candidates' assessments (YAML or JSON): one gives that candidate's fit to the profile, two or "
        "more compare them against it",
    )
    format_option(p, "json", "csv", "markdown")
    today_option(p)


def _org(command: Command) -> None:
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
    viewer_option(p)
    coverage_options(p)
    format_option(p, "json", "csv", "markdown")
    today_option(p)


def _import(command: Command) -> None:
    p = command(
        "import",
        cmd_import,
        "Store assessments, CSV rosters and groundwork records as new snapshots in the database.",
    )
    p.add_argument(
        "inputs", nargs="+", metavar="INPUT", help="assessment files (YAML or JSON) and CSV rosters"
    )
    p.add_argument("--team", type=team_name, default=None, metavar="NAME", help="team the people belong to")


def _export(command: Command) -> None:
    p = command(
        "export", cmd_export, "Print the latest stored assessment of each person, or each team's groundwork."
    )
    p.add_argument("--team", type=team_name, default=None, metavar="NAME", help="only this team's members")
    p.add_argument(
        "--groundwork", action="store_true", help="the latest groundwork record of each team instead"
    )
    p.add_argument(
        "--person",
        type=person_name,
        default=None,
        metavar="NAME",
        help="everything stored about one person instead (JSON): teams, every snapshot, retracted ones "
        "marked, who stored each and when, and groundwork evidence that names them",
    )
    format_option(p, "json", "csv", "yaml", for_people="csv")


def _retract(command: Command) -> None:
    p = command(
        "retract",
        cmd_retract,
        "Take back a stored snapshot: hidden from every view, kept with who, when and why for the audit.",
    )
    p.add_argument(
        "snapshot",
        type=at_least_one,
        metavar="SNAPSHOT-ID",
        help="the snapshot's id (export --person shows it)",
    )
    p.add_argument("--why", required=True, metavar="TEXT", help="why it is retracted (kept for the audit)")


def _forget(command: Command) -> None:
    p = command(
        "forget",
        cmd_forget,
        "Erase a person and everything of theirs: snapshots, evidence, memberships, and their name in "
        "groundwork evidence. It cannot be undone; the audit trail keeps only that it happened and the ids.",
    )
    p.add_argument("name", type=person_name, metavar="NAME", help="the person's name (case does not matter)")
    p.add_argument("--yes", action="store_true", help="yes, erase them (required)")


def _backup(command: Command) -> None:
    p = command(
        "backup",
        cmd_backup,
        "Write the whole database as one versioned JSON document (docs/deploy.md), readable by its owner only.",
    )
    p.add_argument("file", metavar="FILE", help="the backup file to write")


def _restore(command: Command) -> None:
    p = command(
        "restore",
        cmd_restore,
        "Load a backup into an empty database, every id kept; a database with data is refused.",
    )
    p.add_argument("file", metavar="FILE", help="a backup written by stagepath backup")


def _audit(command: Command) -> None:
    p = command(
        "audit",
        cmd_audit,
        "Read the audit trail: each store, retraction, erasure and restore, who made it, when, and the ids; "
        "never what was written or erased.",
    )
    p.add_argument(
        "--person",
        type=person_name,
        default=None,
        metavar="NAME",
        help="only the entries naming this person: their id or a snapshot of theirs",
    )
    format_option(p, "table", "json", for_people="table")


def _scan(command: Command) -> None:
    p = command(
        "scan",
        cmd_scan,
        "Read local git repositories for the framework's groundwork signals; print a groundwork record of "
        "suggestions (never in place until a person confirms them), with what the history suggests for each "
        "commit author's skills (never a rating). Nothing from the repositories is run.",
    )
    p.add_argument(
        "paths", nargs="+", metavar="PATH", help="git repositories (a working tree's top or a .git)"
    )
    p.add_argument(
        "--team",
        type=team_name,
        default=None,
        metavar="NAME",
        help="team of the record (default: first PATH's name)",
    )
    p.add_argument("--format", choices=["yaml", "json"], default="yaml")
    for flag, default, kind, what in SCAN_BOUNDS:
        p.add_argument(
            f"--{flag}", type=kind, default=default, metavar="N", help=f"{what} (default {default:,})"
        )


def _due(command: Command) -> None:
    p = command(
        "due",
        cmd_due,
        "What is due for one person: ratings due for re-rating, check-ins and confirmations waiting on "
        "them, and overdue actions (for a scheduled job to mail).",
    )
    p.add_argument(
        "--as",
        dest="viewer",
        default=None,
        metavar="EMAIL",
        help="whose list: their roles from the access file ($STAGEPATH_ACCESS); without it, the command line "
        "acts as an administrator and lists what waits on anyone",
    )
    format_option(p, "json", "table", for_people="table")
    today_option(p, "the day ratings are aged and actions found overdue against")


def _db(command: Command) -> None:
    p = command(
        "db",
        cmd_db,
        "The database's schema: upgrade it to this Stagepath's newest revision, or show its current "
        "revision or every revision.",
    )
    p.add_argument("action", choices=["upgrade", "current", "history"])


COMMANDS: dict[str, Callable[[Command], None]] = {
    "validate": _validate,
    "framework": _framework,
    "assess": _assess,
    "effort": _effort,
    "team": _team,
    "org": _org,
    "hiring": _hiring,
    "import": _import,
    "export": _export,
    "retract": _retract,
    "forget": _forget,
    "backup": _backup,
    "restore": _restore,
    "audit": _audit,
    "scan": _scan,
    "due": _due,
    "db": _db,
}
