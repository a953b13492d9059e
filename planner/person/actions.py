"""Follow-through: a focus item made an action, with an owner and a due date. The rules about an action that
need no database: when it is overdue, and the due date a new one is offered. Pure; today is passed in."""

from __future__ import annotations

import datetime as dt

# The due date a new action is offered: a week from the day it is made.
DEFAULT_DUE_DAYS = 7


def overdue(due: dt.date, done_at: dt.date | None, today: dt.date) -> bool:
    """An action is overdue when its due date is before today and it is not ticked off."""
    return done_at is None and due < today


def default_due(today: dt.date) -> dt.date:
    """The due date a new action is offered: DEFAULT_DUE_DAYS from today."""
    return today + dt.timedelta(days=DEFAULT_DUE_DAYS)
