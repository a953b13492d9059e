"""`stagepath due`: what is due for one viewer (planner.service.due), for a scheduled job to mail. With `--as`
the viewer is worked out from the access file (STAGEPATH_ACCESS) as the app does, on every run; without it the
command line acts as an administrator and lists what waits on anyone."""

from __future__ import annotations

import argparse
import sys

from planner.cli.output import EXIT_OK, output_format, print_json
from planner.cli.reading import framework_of
from planner.common.problems import InputError


def cmd_due(args: argparse.Namespace) -> int:
    from planner.formats.access import AccessDenied, access_from_env
    from planner.service.database import StorageError, open_store, storage_problem
    from planner.service.due import due
    from planner.views.due import due_text

    framework = framework_of(args)
    viewer = None
    if args.viewer is not None:
        try:
            viewer = access_from_env().viewer(args.viewer)
        except AccessDenied as exc:
            raise InputError.single("--as", str(exc)) from None
    try:
        with open_store() as store:
            result = due(store, framework, viewer, args.today)
    except StorageError as exc:
        raise storage_problem(exc) from None
    if output_format(args, "table") == "table":
        sys.stdout.write(due_text(framework, result))
    else:
        print_json(result.model_dump(mode="json"))
    return EXIT_OK
