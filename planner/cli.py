"""The `stagepath` command line. Exit codes: 0 success, 1 invalid input (one line per problem on stderr),
2 usage error. Heavy libraries (pandas, SQLAlchemy) are imported only by the commands that need them."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from planner.problems import InputError

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _framework(args: argparse.Namespace) -> Any:
    from planner.framework import load_framework

    return load_framework(args.roles)


def _read(path: str, max_bytes: int) -> bytes:
    """A file's bytes, refusing anything over the cap before reading it all."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError.single(path, f"cannot read: {exc.strerror or exc}") from None
    return raw


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def cmd_validate(args: argparse.Namespace) -> int:
    from planner.framework import load_framework

    directory = args.directory or args.roles
    framework = load_framework(directory)
    skills = len(framework.skill_ids)
    print(
        f"{directory or 'framework'}: valid: {framework.curve.name!s}, {len(framework.curve.stages)} stages, "
        f"{len(framework.tracks)} tracks, {skills} skills"
    )
    return EXIT_OK


def cmd_framework(args: argparse.Namespace) -> int:
    _print_json(_framework(args).as_files())
    return EXIT_OK


def cmd_assess(args: argparse.Namespace) -> int:
    from planner.assessment import load_assessment
    from planner.documents import MAX_BYTES
    from planner.placement import assess

    framework = _framework(args)
    assessment = load_assessment(args.file, _read(args.file, MAX_BYTES), framework)
    if args.target is not None and framework.stage(args.target) is None:
        raise InputError.single("--target", f"stage {args.target} is not on the curve")
    plan = assess(framework, assessment, target=args.target, top=None if args.top == 0 else args.top)
    if args.format == "markdown":
        from planner.reports import plan_markdown

        sys.stdout.write(plan_markdown(framework, assessment, plan))
    else:
        _print_json(plan.model_dump(mode="json"))
    return EXIT_OK


def cmd_effort(args: argparse.Namespace) -> int:
    from planner.effort import project

    projection = project(_framework(args), args.stage, args.days)
    if args.format == "markdown":
        from planner.reports import effort_markdown

        sys.stdout.write(effort_markdown(projection))
    else:
        _print_json(projection.model_dump(mode="json", by_alias=True))
    return EXIT_OK


def _positive(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text} is negative; expected 0 or more")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="stagepath",
        description="Career-path and skills-gap planner for the AI maturity curve.",
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

    p = command("framework", cmd_framework, "Print the loaded framework in the shape of its files.")
    p.add_argument("--format", choices=["json"], default="json")

    p = command("assess", cmd_assess, "Place one assessment on the curve and list what to develop first.")
    p.add_argument("file", metavar="FILE", help="assessment file (YAML or JSON)")
    p.add_argument(
        "--target", type=int, default=None, metavar="N", help="target stage (default: the next one)"
    )
    p.add_argument("--top", type=_positive, default=3, metavar="K", help="focus items to list (0 for all)")
    p.add_argument("--format", choices=["json", "markdown"], default="json")

    p = command("effort", cmd_effort, "Project the effort of later stages from one measured stage.")
    p.add_argument("--stage", type=int, required=True, metavar="N", help="stage the team measured")
    p.add_argument("--days", type=float, required=True, metavar="D", help="working days it took")
    p.add_argument("--format", choices=["json", "markdown"], default="json")
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
