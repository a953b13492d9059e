"""`stagepath validate` and `stagepath framework`: check a framework directory, print the framework."""

from __future__ import annotations

import argparse

from planner.cli.output import EXIT_OK, output_format, print_json, write_markdown
from planner.cli.reading import framework_of


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
    framework = framework_of(args)
    if output_format(args, "markdown") == "markdown":
        from planner.reports.markdown import framework_markdown

        write_markdown(args, framework_markdown(framework))
    else:
        print_json(framework.as_files())
    return EXIT_OK
