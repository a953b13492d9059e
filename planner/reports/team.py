"""The team report for people: Markdown a manager can paste into a planning document, and the coverage
table as CSV for a spreadsheet. Text from people or frameworks is escaped (Markdown) or neutralised (CSV)."""

from __future__ import annotations

from collections.abc import Sequence

from planner.formats.cells import write_csv
from planner.framework import Framework
from planner.team.coverage import CoverageRow
from planner.team.hiring import Comparison, Fit, HiringProfile, ProfileSkill
from planner.team.mentors import MentorPair
from planner.team.summary import TeamReport
from planner.team.support import Support
from planner.views.escape import literal
from planner.views.team_tables import thin_words, verdict_legend
from planner.views.words import percent

COVERAGE_COLUMNS = (
    "track",
    "skill",
    "stage",
    "expected",
    "covered",
    "verdict",
    "covered_count",
    "covered_by",
    "confirmed_by",
    "develop",
    "mentors",
    "held",
    "goal",
)
LEFT_OUT_SHOWN = 10  # problems named at the top of a report; the rest are counted
PAIR_COLUMNS = ("team", "track", "skill", "person", "mentor", "mentor_team")


def no_hire_builds(count: int) -> str:
    """The note beside the hires: how many capabilities the team must build, which no hire brings."""
    things = "1 capability is" if count == 1 else f"{count} capabilities are"
    return f"No hire fixes the groundwork: {things} for the team to build, whoever it hires."


def left_out_lines(left_out: Sequence[str]) -> list[str]:
    """The note at the top of a report built while some inputs were left out: a sentence, then each
    problem (the first few, then how many more). Empty when nothing was left out."""
    if not left_out:
        return []
    count = len(left_out)
    lines = [
        f"Some inputs were left out ({count} problem{'s' if count != 1 else ''}): this report counts only "
        "what could be read. Fix them and run it again before acting on it."
    ]
    lines += list(left_out[:LEFT_OUT_SHOWN])
    if count > LEFT_OUT_SHOWN:
        lines.append(f"... and {count - LEFT_OUT_SHOWN} more")
    return lines


def left_out_markdown(left_out: Sequence[str]) -> list[str]:
    """The left-out note as a Markdown quote, with a blank line after it (nothing when none)."""
    lines = left_out_lines(left_out)
    if not lines:
        return []
    first, *rest = lines
    return [f"> **{literal(first)}**", *(f"> - {literal(line)}" for line in rest), ""]


def left_out_csv(left_out: Sequence[str]) -> str:
    """The left-out note as CSV lines that start with '#' before the header (pandas reads past them with
    `comment='#'`; a spreadsheet shows them as the first rows). Empty when nothing was left out."""
    lines = left_out_lines(left_out)
    return write_csv([f"# {lines[0]}"], ([f"# {line}"] for line in lines[1:])) if lines else ""


def coverage_csv(report: TeamReport) -> str:
    """One row per coverage row; the lists of names joined with '; '. A report built while some inputs were
    left out starts with a note (see `left_out_csv`)."""
    rows = (
        [
            r.track,
            r.skill,
            r.stage,
            r.expected,
            "yes" if r.covered else "no",
            r.verdict,
            len(r.covered_by),
            "; ".join(r.covered_by),
            "; ".join(r.confirmed_by),
            "; ".join(r.develop),
            "; ".join(r.mentors),
            "yes" if r.held else "no",
            r.goal,
        ]
        for r in report.coverage
    )
    # A capability to build is the team's, not a track's: its row leaves the track and the levels empty.
    build = (
        ["", b.capability, b.stage, "", "no", b.verdict, 0, "", "", "", "", "no", ""] for b in report.build
    )
    return left_out_csv(report.left_out) + write_csv(COVERAGE_COLUMNS, [*rows, *build])


def pairs_csv(pairs: Sequence[MentorPair]) -> str:
    """One row per person to develop and their mentor, for a manager's spreadsheet (formulas neutralised)."""
    return write_csv(
        PAIR_COLUMNS, ([p.team, p.track, p.skill, p.person, p.mentor, p.mentor_team] for p in pairs)
    )


def _names(names: tuple[str, ...], limit: int = 12) -> str:
    shown = ", ".join(literal(n) for n in names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _stage_label(framework: Framework, number: int | None) -> str:
    stage = framework.stage(number) if number is not None else None
    return f"stage {number} ({literal(stage.name)})" if stage else f"stage {number}"


def _effort(framework: Framework, effort: tuple[float, float] | None) -> str:
    if effort is None or framework.curve.effort is None:
        return "not given"
    low, high = (f"{v:g}" for v in effort)
    return f"{low} to {high} {literal(framework.curve.effort.unit)}"


def operating_markdown(framework: Framework, report: TeamReport) -> list[str]:
    """The operating stage beside the people's and the groundwork's, what blocks the next stage, and the
    capabilities to build, as Markdown lines."""
    groundwork = (
        f"groundwork at {_stage_label(framework, report.capability_stage)}"
        if report.capability_stage is not None
        else "groundwork not recorded"
    )
    lines = [
        f"- **Operating stage:** {_stage_label(framework, report.operating_stage)}: people at "
        f"{_stage_label(framework, report.people_stage)}, {groundwork}"
    ]
    lines += [f"- **Note:** {literal(w)}" for w in report.warnings]
    blocked = report.blocked_by
    if blocked is not None:
        names = framework.skill_names
        tracks = {t.id: t.name for t in framework.tracks}
        lines += ["", f"## What blocks {_stage_label(framework, blocked.stage)}", ""]
        lines += [f"- Build: {literal(b.name)} (stage {b.stage})" for b in blocked.capabilities]
        lines += [
            f"- {row.verdict.capitalize()}: {literal(names.get(row.skill, row.skill))} "
            f"({literal(tracks.get(row.track, row.track))}, {'floor' if row.stage == 0 else f'stage {row.stage}'})"
            for row in blocked.skills
        ]
        if not blocked.capabilities and not blocked.skills:
            lines.append("Nothing recorded blocks it.")
    if report.build:
        lines += ["", "## Groundwork to build", "", "| Capability | Stage | Reference effort | Evidence |"]
        lines.append("|---|---|---|---|")
        lines += [
            f"| {literal(b.name)} | {b.stage} | {_effort(framework, b.effort)} | "
            f"{literal(b.evidence) + (' (suggested, not confirmed)' if b.suggested else '')} |"
            for b in report.build
        ]
    return lines


def team_markdown(framework: Framework, report: TeamReport, support: Support | None = None) -> str:
    """The whole team report: headline figures and the operating stage, distribution, floor, coverage with
    verdicts, the groundwork to build, hiring."""
    stage = framework.stage(report.target)
    names = framework.skill_names
    tracks = {t.id: t.name for t in framework.tracks}
    lines = ["# Team plan", "", *left_out_markdown(report.left_out)]
    lines.append(f"- **People:** {report.people}")
    target_name = f" ({literal(stage.name)})" if stage else ""
    lines.append(f"- **Target:** stage {report.target}{target_name}")
    lines.append(f"- **Floor breaches:** {len(report.floor_breaches)}")
    unheld = sum(not r.held for r in report.coverage)
    thin = sum(r.verdict == "thin" for r in report.coverage)
    lines.append(f"- **Skills no one holds at the target:** {unheld} of {len(report.coverage)}")
    lines.append(f"- **Skills resting on too few people:** {thin} of {len(report.coverage)}")
    if support is not None:
        lines.append(
            f"- **Support to plan for, by the source's figure:** {support.plan_for} of {support.people} "
            f"people ({literal(support.basis)}; an estimate from it, not a measurement of this team)"
        )
    lines += operating_markdown(framework, report)
    lines += ["", "## Stage distribution", "", *_distribution(framework, report.distribution)]
    lines += trusted_markdown(framework, report)
    if report.met:
        lines += [
            "",
            "## Skills held, by stage",
            "",
            "Skills met (held by someone on the track) of those each stage judges.",
            "",
            *_held(framework, report),
        ]
    lines += ["", f"## {literal(framework.curve.floor.name)}", ""]
    if not report.floor_breaches:
        lines.append("Everyone meets the floor.")
    for breach in report.floor_breaches:
        lines.append(
            f"- {literal(breach.name)}: {literal(names.get(breach.skill, breach.skill))} rated {breach.rating}, "
            f"minimum {breach.minimum}"
        )
    lines += ["", "## Coverage at the target", "", literal(verdict_legend(report.min_coverage)), ""]
    lines.append(
        "| Track | Skill | Stage | Expected | Covered by | Confirmed | Verdict | Develop | Mentors |"
    )
    lines.append("|---|---|---|---|---|---|---|---|---|")
    for row in report.coverage:
        where = "floor" if row.stage == 0 else str(row.stage)
        lines.append(
            f"| {literal(tracks.get(row.track, row.track))} | {literal(names.get(row.skill, row.skill))} | {where} | "
            f"{row.expected} | {_names(row.covered_by) or 'no one'} | {_confirmed(row)} | {row.verdict} | "
            f"{_names(row.develop)} | {_names(row.mentors)} |"
        )
    lines += ["", "## Rests on one person", ""]
    thin_rows = [r for r in report.coverage if r.verdict == "thin"]
    if not thin_rows:
        lines.append("No skill the team holds rests on fewer people than its goal.")
    lines += [
        f"- {literal(tracks.get(r.track, r.track))}: {literal(names.get(r.skill, r.skill))} "
        f"({'floor' if r.stage == 0 else f'stage {r.stage}'}), held by {_names(r.covered_by)} only "
        f"(goal {r.goal}); {literal(thin_words(r))}"
        for r in thin_rows
    ]
    if report.stale:
        lines += ["", "## Due for re-rating", ""]
        lines += [
            f"- {literal(r.name)}: {literal(names.get(r.skill, r.skill))}, rated {r.assessed_on.isoformat()}"
            for r in report.stale
        ]
    for profile in report.hiring_profiles:
        lines += ["", profile_markdown(framework, profile, level=2).rstrip("\n")]
    if report.build:
        lines += ["", no_hire_builds(len(report.build))]
    return "\n".join(lines) + "\n"


def _held(framework: Framework, report: TeamReport) -> list[str]:
    """How many of each stage's skills each track holds, of how many, as a table (stages judging none
    show a dash)."""
    tracks = {t.id: t.name for t in framework.tracks}
    stages = [s.number for s in sorted(framework.curve.stages, key=lambda s: s.number)]
    lines = ["| Track | " + " | ".join(f"Stage {n}" for n in stages) + " |", "|---" * (len(stages) + 1) + "|"]
    for track, per in report.met.items():
        cells = " | ".join(f"{per[n].met} of {per[n].of}" if n in per and per[n].of else "—" for n in stages)
        lines.append(f"| {literal(tracks.get(track, track))} | {cells} |")
    return lines


def _confirmed(row: CoverageRow) -> str:
    """Of a coverage row's holders, those whose rating is confirmed: 'all', 'none' or their names."""
    if not row.covered_by:
        return "—"
    if len(row.confirmed_by) == len(row.covered_by):
        return "all"
    return _names(row.confirmed_by) or "none"


def trusted_markdown(framework: Framework, report: TeamReport) -> list[str]:
    """How many of the team's ratings are confirmed, and the stage distribution on them alone."""
    trusted = report.trusted
    if trusted is None:
        return []
    share = f" ({percent(trusted.confirmed / trusted.of)})" if trusted.of else ""
    return [
        "",
        "## On confirmed ratings",
        "",
        f"{trusted.confirmed} of {trusted.of} ratings are confirmed{share}: agreed in a check-in or vouched "
        "for by a colleague. Unconfirmed ratings count above; here they count as unrated.",
        "",
        *_distribution(framework, trusted.distribution),
    ]


def _distribution(framework: Framework, distribution: dict[str, dict[int, int]]) -> list[str]:
    """How many people each track has at each stage a person can be placed at, as a table; a column for
    the people not yet placed only when there are any."""
    tracks = {t.id: t.name for t in framework.tracks}
    unplaced = any(counts.get(0, 0) for counts in distribution.values())
    stages = [n for n in range(0 if unplaced else 1, framework.ceiling + 1) if n == 0 or framework.stage(n)]
    heads = ["Not yet placed" if n == 0 else f"Stage {n}" for n in stages]
    lines = ["| Track | " + " | ".join(heads) + " |", "|---" * (len(stages) + 1) + "|"]
    for track, counts in distribution.items():
        cells = " | ".join(str(counts.get(n, 0)) for n in stages)
        lines.append(f"| {literal(tracks.get(track, track))} | {cells} |")
    return lines


def _skills(skills: tuple[ProfileSkill, ...]) -> list[str]:
    return [f"- {literal(s.name)} at level {s.expected} or above" for s in skills] or ["- nothing"]


def profile_markdown(framework: Framework, profile: HiringProfile, level: int = 1) -> str:
    """A hiring profile on its own: what a candidate must and should bring, and what to ask them."""
    track = framework.track(profile.track)
    stage = framework.stage(profile.stage)
    names = framework.skill_names
    title = f"Hiring profile: {literal(track.name if track else profile.track)}, stage {profile.stage}"
    if stage:
        title += f" ({literal(stage.name)})"
    lines = ["#" * level + " " + title, "", "Must have:", "", *_skills(profile.must_have)]
    lines += ["", "Nice to have:", "", *_skills(profile.nice_to_have)]
    if profile.interview:
        lines += ["", "Ask:", ""]
        lines += [
            f"- {literal(p.prompt)} ({literal(names.get(p.skill, p.skill))})" for p in profile.interview
        ]
    return "\n".join(lines) + "\n"


FIT_COLUMNS = ("kind", "skill", "name", "expected", "rating", "gap")


def _fit_gaps(fit: Fit) -> list[tuple[str, str, str, int, int]]:
    return [("must", g.skill, g.name, g.expected, g.rating) for g in fit.missing_must] + [
        ("nice", g.skill, g.name, g.expected, g.rating) for g in fit.missing_nice
    ]


def fit_markdown(framework: Framework, profile: HiringProfile, candidate: str, fit: Fit) -> str:
    """One candidate's fit to a profile, to keep with the hiring notes: the score, whether every must-have
    is met, and each skill where the candidate is below what the profile asks."""
    track = framework.track(profile.track)
    title = f"# Candidate fit: {literal(candidate)}, {literal(track.name if track else profile.track)}, stage {profile.stage}"
    lines = [
        title,
        "",
        f"- **Fit:** {round(fit.score * 100)}%",
        f"- **Every must-have met:** {'yes' if fit.fits else 'no'}",
    ]
    gaps = _fit_gaps(fit)
    lines += ["", "## Below what the profile asks", ""]
    if not gaps:
        lines.append("Nothing: the candidate meets every skill of the profile.")
    else:
        lines += ["| Kind | Skill | Profile asks | Candidate | Gap |", "|---|---|---|---|---|"]
        lines += [
            f"| {'Must have' if kind == 'must' else 'Nice to have'} | {literal(name)} | {asks} | {rating} | {asks - rating} |"
            for kind, _, name, asks, rating in gaps
        ]
    return "\n".join(lines) + "\n"


def fit_csv(fit: Fit) -> str:
    """One candidate's gaps to a profile, one row per skill below what it asks (formulas neutralised)."""
    return write_csv(FIT_COLUMNS, ([k, s, n, e, r, e - r] for k, s, n, e, r in _fit_gaps(fit)))


def comparison_markdown(framework: Framework, comparison: Comparison) -> str:
    """Several candidates side by side: their fit in order (those who meet every must-have first), then
    each skill of the profile with each candidate's rating."""
    track = framework.track(comparison.track)
    names = [literal(c.name) for c in comparison.candidates]
    by_name = {c.name: c.fit for c in comparison.candidates}
    lines = [
        f"# Candidates compared: {literal(track.name if track else comparison.track)}, stage {comparison.stage}",
        "",
        "## In order",
        "",
    ]
    lines += [
        f"{i}. {literal(name)}: fit {round(by_name[name].score * 100)}%, "
        f"{'every must-have met' if by_name[name].fits else f'{len(by_name[name].missing_must)} must-have(s) short'}"
        for i, name in enumerate(comparison.ranked, 1)
    ]
    lines += ["", "## Skill by skill", "", "| Skill | Kind | Profile asks | " + " | ".join(names) + " |"]
    lines.append("|---|---|---|" + "---|" * len(names))
    lines += [
        f"| {literal(s.name)} | {'Must have' if s.kind == 'must' else 'Nice to have'} | {s.expected} | "
        + " | ".join(f"{r}" + ("" if r >= s.expected else " (below)") for r in s.ratings)
        + " |"
        for s in comparison.skills
    ]
    return "\n".join(lines) + "\n"


def comparison_csv(comparison: Comparison) -> str:
    """The comparison as a table: one row per skill, one column per candidate's rating, then a row of
    fit scores (0..1)."""
    header = ["skill", "kind", "expected", *(c.name for c in comparison.candidates)]
    rows: list[list[object]] = [[s.skill, s.kind, s.expected, *s.ratings] for s in comparison.skills]
    rows.append(["fit", "", "", *(c.fit.score for c in comparison.candidates)])
    return write_csv(header, rows)
