"""The audit trail in words, the same on the command line and on the administrator's page: one row per
entry, its ids by kind of record as ranges (`snapshots 1-3, 7`). Nothing but what the trail holds: who,
when, what kind and which ids."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from planner.storage.base import iso
from planner.storage.records import AuditRow


def id_ranges(ids: Sequence[int]) -> str:
    """Ids as runs: `1-3, 7`."""
    runs: list[list[int]] = []
    for i in sorted(set(ids)):
        if runs and i == runs[-1][1] + 1:
            runs[-1][1] = i
        else:
            runs.append([i, i])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def ids_text(ids: dict[str, Any]) -> str:
    """Which ids an entry names, by kind of record: `people 4; snapshots 1-3`."""
    return "; ".join(f"{kind} {id_ranges(found)}" for kind, found in sorted(ids.items()) if found) or "-"


def audit_table(entries: Sequence[AuditRow]) -> list[dict[str, str]]:
    """The entries as rows of text: Entry, When (UTC), Who, What, Ids."""
    return [
        {
            "Entry": str(e.id),
            "When (UTC)": iso(e.at) or "",
            "Who": e.actor,
            "What": e.action,
            "Ids": ids_text(e.ids),
        }
        for e in entries
    ]


def audit_json(entries: Sequence[AuditRow]) -> list[dict[str, Any]]:
    """The entries as JSON: {id, at, actor, action, ids}, as a backup holds them."""
    return [
        {"id": e.id, "at": iso(e.at), "actor": e.actor, "action": e.action, "ids": e.ids} for e in entries
    ]
