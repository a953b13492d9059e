"""Follow-through for a 1:1: a focus item made an action with an owner and a due date, and an action ticked
off. The use cases behind the One person page; the store decides, for the viewer handed to it, whether they
may (the person, a manager of one of their teams, an administrator; and for a tick, the action's owner),
raising Refused or AccessDenied saying why not. What is open and overdue is read by planner.service.due."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from planner.formats.access import Viewer
from planner.framework import Framework
from planner.person.placement import FocusItem

if TYPE_CHECKING:  # storage is imported only where the store is used
    from planner.storage import Store

__all__ = ["action_text", "add_action", "tick"]


def action_text(item: FocusItem, text: str) -> str:
    """What a focus item's action says: the words given, else the framework's first suggested action for
    the item, else "Develop" and the skill's name."""
    return text.strip() or (item.actions[0] if item.actions else f"Develop {item.name}")


def add_action(
    store: Store,
    viewer: Viewer | None,
    framework: Framework,
    person: str,
    skill: str,
    text: str,
    owner: str,
    due: dt.date,
) -> int:
    """Store an action of a person on one skill, whose it is (an e-mail) and when it is due; its id."""
    return store.add_action(person, skill, text, owner, due, framework, viewer=viewer)


def tick(store: Store, viewer: Viewer | None, action: int, today: dt.date) -> None:
    """Tick an action off, dated `today`, once."""
    store.tick(action, viewer=viewer, today=today)
