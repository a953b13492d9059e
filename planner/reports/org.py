"""The organisation report for people: the teams side by side as CSV for a spreadsheet (formulas
neutralised), the whole report (teams, hiring plan, mentor pairs) as CSV sections and as Markdown. Text
from people or frameworks is escaped."""

from __future__ import annotations

from planner.formats.cells import write_csv
from planner.framework import Framework
from planner.org.plan import OrgReport
from planner.reports.team import left_out_csv, left_out_markdown, pairs_csv
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
    "thin",
    "confirmed",
    "of",
)
PLAN_COLUMNS = ("track", "skill", "stage", "unblocks", "teams_count", "teams")
PAIRS_SHOWN = 50  # mentor pairs listed in the Markdown; the CSV carries them all


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
            t.thin,
            t.confirmed,
            t.of,
            *(sum(counts.get(s, 0) for counts in t.distribution.values()) for s in stages),
        ]
        for t in report.teams
    )
    return write_csv(header, rows)


def hiring_plan_csv(report: OrgReport) -> str:
    """The organisation's hiring plan, one row per skill to hire for, most unblocking first."""
    return write_csv(
        PLAN_COLUMNS,
        (
            [r.track, r.skill, r.stage, r.unblocks, len(r.teams), "; ".join(r.teams)]
            for r in report.hiring_plan
        ),
    )


def org_csv(framework: Framework, report: OrgReport) -> str:
    """The whole organisation report as CSV: the teams, the hiring plan and the mentor pairs, each a table
    under a line starting with '#' that names it, separated by a blank line (a note first when some inputs
    were left out)."""
    return (
        left_out_csv(report.left_out)
        + "# teams\n"
        + teams_csv(framework, report)
        + "\n# hiring plan\n"
        + hiring_plan_csv(report)
        + "\n# mentor pairs\n"
        + pairs_csv(report.mentoring)
    )


def _teams(names: tuple[str, ...], limit: int = 8) -> str:
    shown = ", ".join(literal(n) for n in names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def org_markdown(framework: Framework, report: OrgReport) -> str:
    """The organisation: headline figures, the teams side by side, the hiring plan ranked."""
    stage = framework.stage(report.target)
    names = framework.skill_names
    tracks = {t.id: t.name for t in framework.tracks}
    lines = ["# Organisation plan", "", *left_out_markdown(report.left_out)]
    lines.append(f"- **People:** {report.people} in {len(report.teams)} teams")
    lines.append(f"- **Target:** stage {report.target}" + (f" ({literal(stage.name)})" if stage else ""))
    lines += [f"- {literal(w)}" for w in report.warnings]
    lines += ["", "## Teams", ""]
    lines.append(
        "| Team | People | Operating stage | Floor breaches | Thin | Develop | Hire | Build | Ratings due "
        "| Ratings confirmed |"
    )
    lines.append("|---|---|---|---|---|---|---|---|---|---|")
    for t in report.teams:
        lines.append(
            f"| {literal(t.team)} | {t.people} | {t.operating_stage} | {t.floor_breaches} | {t.thin} | "
            f"{t.develop} | {t.hire} | {_build(t.build) or 'not recorded'} | {t.stale} | {t.confirmed} of {t.of} |"
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
    lines += ["", "## Mentors", "", *_mentors(framework, report)]
    return "\n".join(lines) + "\n"


def _mentors(framework: Framework, report: OrgReport) -> list[str]:
    """The mentor pairs, the first few of them (the CSV carries all), mentors from another team marked."""
    pairs = report.mentoring
    if not pairs:
        return ["No one to develop has a mentor to pair with at the target."]
    names = framework.skill_names
    lines = ["| Team | Person | Skill | Mentor | Mentor's team |", "|---|---|---|---|---|"]
    lines += [
        f"| {literal(p.team)} | {literal(p.person)} | {literal(names.get(p.skill, p.skill))} | "
        f"{literal(p.mentor)} | {literal(p.mentor_team) + (' (another team)' if p.mentor_team != p.team else '')} |"
        for p in pairs[:PAIRS_SHOWN]
    ]
    if len(pairs) > PAIRS_SHOWN:
        lines += ["", f"The first {PAIRS_SHOWN} of {len(pairs)} pairs; the CSV carries all of them."]
    return lines
