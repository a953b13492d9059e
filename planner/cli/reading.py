"""What the commands read: the framework, an input file behind its size cap, a target stage, and a team from
assessment files and rosters."""

from __future__ import annotations

import argparse
import gc
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from planner.cli.output import UsageError
from planner.common.problems import InputError, Problem

if TYPE_CHECKING:  # the types only: the command line imports each module when it needs it
    from planner.formats.assessment import Assessment
    from planner.formats.confirmations import Confirmation
    from planner.formats.table import Team
    from planner.framework import Framework


def framework_of(args: argparse.Namespace) -> Framework:
    """The framework `--roles` names (default: STAGEPATH_ROLES, else the shipped one), loaded and checked.

    Every command starts here, and here it imports the framework's modules and pydantic's: many objects
    that live as long as the command. They are then left out of the cyclic garbage collector's scans for
    good (gc.freeze), instead of walking them again in every later collection, should one run (the
    command line pauses the collector for a command; a program calling `main` may not): measured as whole
    processes, 5% of `assess`'s CPU and 15% of `team`'s on 10,000 people (docs/performance.md). A command
    runs once per process, so what is frozen is freed at its exit."""
    from planner.framework.loading import load_framework

    try:
        return load_framework(args.roles)
    finally:
        gc.freeze()


def read_file(path: str, max_bytes: int) -> bytes:
    """A file's bytes, refusing anything over the cap before reading it all."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError.single(path, f"cannot read: {exc.strerror or exc}") from None
    return raw


def check_stage(framework: Framework, option: str, stage: int | None) -> None:
    """Refuse a stage that is not on the curve as a usage error (exit 2), naming the stages there are."""
    if stage is not None and framework.stage(stage) is None:
        raise UsageError(f"argument {option}: stage {stage} is not on the curve; {framework.stage_range}")


def read_confirmations(
    framework: Framework, path: str | None, assessment: Assessment, today: Any, assessment_source: str
) -> tuple[Confirmation, ...]:
    """The confirmations in the file `--confirmations` names (none when it names none); refused when the
    assessment names no person, since a confirmation counts only for the person it names."""
    if path is None:
        return ()
    from planner.common.documents import MAX_BYTES
    from planner.formats.confirmations import load_confirmations

    if not assessment.name:
        raise InputError.single(
            assessment_source, "a name is needed to match confirmations to it (they name a person)", "name"
        )
    return load_confirmations(path, read_file(path, MAX_BYTES), framework, today).confirmations


def check_target(framework: Framework, target: int | None) -> None:
    """Refuse a target stage that is not on the curve, naming the stages there are."""
    check_stage(framework, "--target", target)


def team_of_inputs(framework: Framework, inputs: Sequence[str]) -> tuple[Team, list[Problem]]:
    """The team of every valid assessment in the inputs (files and rosters), and the problems found; at
    least one valid assessment, else InputError."""
    from planner.formats.inputs import TeamInput, input_cap, read_team_input
    from planner.service.team import combine

    reads = []
    for path in inputs:
        try:
            reads.append(read_team_input(path, read_file(path, input_cap(path)), framework))
        except InputError as exc:  # the file cannot be opened
            reads.append(TeamInput(None, tuple(exc.problems)))
    read = combine(framework, reads)
    problems = list(read.problems)
    if not len(read.team):
        raise InputError([*problems, Problem("team", "no one to plan for: no input gave a valid assessment")])
    return read.team, problems
