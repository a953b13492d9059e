"""What a person or a file gave, drawn on a page as it is: plain text, never Markdown.

Streamlit reads Markdown in st.markdown, captions and alerts, and in the labels of buttons, expanders, tabs
and other widgets; its renderer makes a link of an address it finds in the text (`www.`, `http://`, an
e-mail address), escaped or not, and only an invisible character slipped into the address would stop it,
which a reader then copies along. So a name, an e-mail address, a team, a file name, a note, and a message
that may hold one (an exception's text, a file's problems) are drawn where no Markdown is read: `st.text`,
a table's cell, a widget's value. The app's own words around them stay Markdown and speak of them
generically ("the file below", "this team"); the framework's words may still go through `literal`."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

# A message queued for the next page drawn, or kept for the next run of a section: its kind ('info',
# 'success', 'warning' or 'error'), the app's own words, and what they name as plain text (may be empty).
Notice = tuple[str, str, str]


def alert(kind: str, words: str, detail: str | Iterable[str] = "", icon: str | None = None) -> None:
    """An alert ('info', 'success', 'warning' or 'error') in the app's own words, which hold nothing a user
    gave; then what it names (a file, a team, a person, an exception's text), one line each, as plain text
    beneath it: shown and copied as it is, never a link."""
    lines = [detail] if isinstance(detail, str) else list(detail)
    shown = "\n".join(line for line in lines if line)
    if not shown:
        getattr(st, kind)(words, icon=icon)
        return
    with st.container(border=True):  # the words and what they name read as one message
        getattr(st, kind)(words, icon=icon)
        st.text(shown)


def show(notice: Notice) -> None:
    kind, words, detail = notice
    alert(kind, words, detail)
