"""The one error storage raises for the database, and how a SQLAlchemy error becomes it."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from sqlalchemy.exc import SQLAlchemyError


class StorageError(Exception):
    """The database cannot be used: unreachable, written by a newer Stagepath, or failing a query. The one
    error storage raises for the database (besides AccessDenied and ValueError for a refused write), so
    that no caller needs to know SQLAlchemy's; the message is one line, the driver's own first line."""


P = ParamSpec("P")
R = TypeVar("R")


def storage_errors(method: Callable[P, R]) -> Callable[P, R]:
    """The method, with any SQLAlchemy error raised as a StorageError (the cause kept for the log)."""

    @functools.wraps(method)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except SQLAlchemyError as exc:
            raise StorageError(f"database error: {reason(exc)}") from exc

    return guarded


def reason(exc: SQLAlchemyError) -> str:
    """The driver's own first line, without SQLAlchemy's SQL and background links."""
    original = getattr(exc, "orig", None)
    message = str(original if original is not None else exc).strip().splitlines()
    return message[0] if message else type(exc).__name__


class Refused(ValueError):
    """A write refused for what is stored, or not stored: an id or a name the viewer has no such record
    of, a snapshot retracted already, a restore into a database that is not empty. One line that says why."""
