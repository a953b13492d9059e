"""`stagepath assess` and `stagepath effort`: one person's placement and plan, the effort of later stages."""

from __future__ import annotations

import argparse

from planner.cli.output import EXIT_OK, UsageError, output_format, print_json, write_markdown
from planner.cli.reading import check_stage, check_target, framework_of, read_confirmations, read_file
from planner.common.problems import InputError


def cmd_assess(args: argparse.Namespace) -> int:
    from planner.common.documents import MAX_BYTES
    from planner.formats.assessment import load_assessment
    from planner.service.person import person_plan

    framework = framework_of(args)
    check_target(framework, args.target)
    assessment = load_assessment(args.file, read_file(args.file, MAX_BYTES), framework)
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

        write_markdown(args, plan_markdown(framework, assessment, plan))
    else:
        print_json(plan.model_dump(mode="json"))
    return EXIT_OK


def cmd_effort(args: argparse.Namespace) -> int:
    from planner.service.person import effort

    framework = framework_of(args)
    check_stage(framework, "--stage", args.stage)
    try:
        projection = effort(framework, args.stage, args.days)
    except InputError as exc:  # a value out of its range (the days, in the framework's unit): a usage error
        raise UsageError("; ".join(f"argument {p.source}: {p.message}" for p in exc.problems)) from None
    if output_format(args, "markdown") == "markdown":
        from planner.reports.markdown import effort_markdown

        write_markdown(args, effort_markdown(projection))
    else:
        print_json(projection.model_dump(mode="json", by_alias=True))
    return EXIT_OK
