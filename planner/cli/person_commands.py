"""`stagepath assess` and `stagepath effort`: one person's placement and plan, the effort of later stages."""

from __future__ import annotations

import argparse
import sys

from planner.cli.output import EXIT_OK, output_format, print_json
from planner.cli.reading import check_target, framework_of, read_confirmations, read_file


def cmd_assess(args: argparse.Namespace) -> int:
    from planner.common.documents import MAX_BYTES
    from planner.formats.assessment import load_assessment
    from planner.service.person import person_plan

    framework = framework_of(args)
    assessment = load_assessment(args.file, read_file(args.file, MAX_BYTES), framework)
    check_target(framework, args.target)
    confirmations = read_confirmations(framework, args.confirmations, assessment, args.today, args.file)
    plan = person_plan(
        framework,
        assessment,
        target=args.target,
        top=None if args.top == 0 else args.top,
        today=args.today,
        confirmations=confirmations,
    )
    if output_format(args, "markdown") == "markdown":
        from planner.reports.markdown import plan_markdown

        sys.stdout.write(plan_markdown(framework, assessment, plan))
    else:
        print_json(plan.model_dump(mode="json"))
    return EXIT_OK


def cmd_effort(args: argparse.Namespace) -> int:
    from planner.person.effort import project

    projection = project(framework_of(args), args.stage, args.days)
    if output_format(args, "markdown") == "markdown":
        from planner.reports.markdown import effort_markdown

        sys.stdout.write(effort_markdown(projection))
    else:
        print_json(projection.model_dump(mode="json", by_alias=True))
    return EXIT_OK
