"""One way the pages offer a report to take away: a download made only when it is clicked (the page's rerun
does not build it), named for what it holds and the day, with its kind's type and icon."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple


class Kind(NamedTuple):
    mime: str
    icon: str
    suffix: str


MARKDOWN = Kind("text/markdown", ":material/description:", "md")
CSV = Kind("text/csv", ":material/table:", "csv")
ROSTER = Kind("text/csv", ":material/group:", "csv")


def offer(
    where: Any, label: str, data: Callable[[], str], stem: str, kind: Kind, key: str, help: str | None = None
) -> None:
    """A download button in `where` (a column or the page): `data` is called only when it is clicked."""
    where.download_button(
        label,
        data=data,
        file_name=f"{stem}.{kind.suffix}",
        mime=kind.mime,
        icon=kind.icon,
        on_click="ignore",
        key=key,
        help=help,
    )
