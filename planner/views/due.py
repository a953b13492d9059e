"""What is due, in words: one line per item under a heading per list, the same for `stagepath due`'s table and
the app's Due box. Pure; nothing here is HTML or Markdown."""

from __future__ import annotations

from planner.framework import Framework
from planner.service.due import AGREE, REVIEW, Due

WAITING_WORDS = {
    REVIEW: "shared with you: review it",
    AGREE: "reviewed: agree it",
}
SHARE_WORDS = "opened by a manager: share an assessment"


def due_sections(framework: Framework, due: Due) -> list[tuple[str, list[str]]]:
    """Each list's heading with its count, and its items in words (a skill by its name)."""
    names = framework.skill_names

    def skill(skill_id: str) -> str:
        return names.get(skill_id, skill_id)

    return [
        (
            f"Ratings due for re-rating ({len(due.re_rating)})",
            [
                f"{r.name}: {skill(r.skill)}, rated {r.assessed_on.isoformat()}"
                + (f" ({r.team})" if r.team else "")
                for r in due.re_rating
            ],
        ),
        (
            f"Check-ins waiting on you ({len(due.check_ins)})",
            [
                f"{c.person} ({c.team}), since {c.since.isoformat()}: {WAITING_WORDS.get(c.waiting_for, SHARE_WORDS)}"
                for c in due.check_ins
            ],
        ),
        (
            f"Confirmations asked of you ({len(due.confirmations)})",
            [
                f"{c.person}: {skill(c.skill)} at level {c.level}, asked {c.asked_at.isoformat()}"
                for c in due.confirmations
            ],
        ),
        (
            f"Overdue actions ({len(due.actions)})",
            [
                f"{a.person}: {a.text} ({skill(a.skill)}), due {a.due.isoformat()}, owner {a.owner}"
                for a in due.actions
            ],
        ),
    ]


def due_text(framework: Framework, due: Due) -> str:
    """The whole list as plain text: a heading per list, its items indented, `none` for an empty one."""
    lines = [f"Due as of {due.today.isoformat()}"]
    for heading, items in due_sections(framework, due):
        lines += ["", heading, *(f"  {item}" for item in items or ["none"])]
    return "\n".join(lines) + "\n"
