"""The base of every engine result: a frozen pydantic model, so a result handed to a cache or a page can
never be changed by whoever holds it."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Result(BaseModel):
    """An engine result: immutable once made."""

    model_config = ConfigDict(frozen=True)
