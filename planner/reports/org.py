"""The organisation report for people: the teams side by side as CSV for a spreadsheet (formulas
neutralised), and as Markdown with the hiring plan. Text from people or frameworks is escaped."""

from __future__ import annotations

from planner.formats.roster import write_csv
from planner.framework import Framework
from planner.org.plan import OrgReport
from planner.views.escape import literal

TEAM_COLUMNS = (
    "team",
    "people",
    "people_stage",
    "capability_stage",
    "operating_stage",
    "floor_breaches",
    "develop",
    "hire",
    "build",
    "stale",
)


def _build(value: int | None) -> str:
    """A count or stage known only with a groundwork record: empty where there is none."""
    return "" if value is None else str(value)


def teams_csv(framework: Framework, report: OrgReport) -> str:
    """One row per team, then the people placed at each stage (all tracks together)."""
    stages = list(range(framework.ceiling + 1))
    header = [*TEAM_COLUMNS, *(f"at_stage_{s}" for s in stages)]
    rows = (
        [
            t.team,
            t.people,
            t.people_stage,
            _build(t.capability_stage),
            t.operating_stage,
            t.floor_breaches,
            t.develop,
            t.hire,
            _build(t.build),
            t.stale,
            *(sum(counts.get(s, 0) for counts in t.distribution.values()) for s in stages),
        ]
        for t in report.teams
    )
    return write_csv(header, rows)


def _teams(names: tuple[str, ...], limit: int = 8) -> str:
    shown = ", ".join(literal(n) for n in names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def org_markdown(framework: Framework, report: OrgReport) -> str:
    """The organisation: headline figures, the teams side by side, the hiring plan ranked."""
    stage = framework.stage(report.target)
    names = framework.skill_names
    tracks = {t.id: t.name for t in framework.tracks}
    lines = ["# Organisation plan", ""]
    lines.append(f"- **People:** {report.people} in {len(report.teams)} teams")
    lines.append(f"- **Target:** stage {report.target}" + (f" ({literal(stage.name)})" if stage else ""))
    lines += [f"- {literal(w)}" for w in report.warnings]
    lines += ["", "## Teams", ""]
    lines.append(
        "| Team | People | Operating stage | Floor breaches | Develop | Hire | Build | Ratings due |"
    )
    lines.append("|---|---|---|---|---|---|---|---|")
    for t in report.teams:
        lines.append(
            f"| {literal(t.team)} | {t.people} | {t.operating_stage} | {t.floor_breaches} | {t.develop} | "
            f"{t.hire} | {_build(t.build) or 'not recorded'} | {t.stale} |"
        )
    lines += ["", "## Hiring plan, most unblocking first", ""]
    if not report.hiring_plan:
        lines.append("No team needs to hire for the target.")
    for i, row in enumerate(report.hiring_plan, start=1):
        where = "floor" if row.stage == 0 else f"stage {row.stage}"
        lines.append(
            f"{i}. {literal(tracks.get(row.track, row.track))}: {literal(names.get(row.skill, row.skill))} ({where}), "
            f"unblocks {row.unblocks} of {len(row.teams)} teams: {_teams(row.teams)}"
        )
    return "\n".join(lines) + "\n"
