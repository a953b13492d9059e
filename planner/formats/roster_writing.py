"""Rosters written: assessments in the roster format, and a blank roster with every skill id, both through
the one CSV writer (planner.formats.cells), so no cell runs as a formula in a spreadsheet."""

from __future__ import annotations

from collections.abc import Sequence

from planner.formats.assessment import Assessment
from planner.formats.cells import write_csv
from planner.formats.roster import DATE_COLUMN, REQUIRED, TEAM_COLUMN
from planner.framework import Framework


def template_csv(framework: Framework) -> str:
    """A blank roster: the header alone, name, track, rater, assessed_on and team, then every skill id of
    the framework in order (the floor first, then each track's by stage)."""
    return write_csv([*REQUIRED, DATE_COLUMN, TEAM_COLUMN, *framework.skill_names], [])


def roster_csv(framework: Framework, assessments: Sequence[Assessment]) -> str:
    """Assessments in the roster format: name, track, rater, assessed_on when any is dated, team when any
    names one, then the
    framework's skill ids in order, then any other skill ids the assessments rate (from an older
    framework), so that nothing is dropped."""
    skills = list(framework.skill_names)
    known = set(skills)
    skills += sorted({s for a in assessments for s in a.ratings if s not in known})
    dated = any(a.assessed_on for a in assessments)
    teamed = any(a.team for a in assessments)
    header = [*REQUIRED, *([DATE_COLUMN] if dated else []), *([TEAM_COLUMN] if teamed else []), *skills]
    rows = (
        [
            a.name or "",
            a.track,
            a.rater,
            *([a.assessed_on.isoformat() if a.assessed_on else ""] if dated else []),
            *([a.team or ""] if teamed else []),
            *(a.ratings.get(s, "") for s in skills),
        ]
        for a in assessments
    )
    return write_csv(header, rows)
