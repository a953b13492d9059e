"""Text as Markdown that shows exactly that text: the one escape for the app's Markdown and the exports.

A name, a note, a file name or a framework's words may hold anything. Put into Markdown as it is, it could
become a link, an image, HTML, a heading, a list, emphasis, a table cell boundary, or one of Streamlit's
own marks (emoji and icons `:name:`, colours `:red[...]`, math `$...$`). `literal` escapes exactly what
would take effect, so that a Markdown export still reads cleanly as plain text (`2026.11`, `Punch-out`,
`(Orchestrate)` stay as they are).

Autolinks and Streamlit's emoji and icons need more than backslashes. GitHub's and Streamlit's renderers
find `www.`, `http://`, e-mail addresses and `:smile:` in the text *after* escapes are resolved, so
`www\\.example\\.org` is still a link and `\\:smile\\:` still an emoji. What stops them is a break inside
the pattern they look for: an invisible WORD JOINER (U+2060) after `www`, after every `@`, and after a `:`
that a name or `/` follows. It shows as nothing and keeps the line from breaking there; copied text carries
it along."""

from __future__ import annotations

import functools
import re

WORD_JOINER = "\u2060"

# Characters that take effect wherever they stand: code spans, emphasis and strikethrough, links and
# images, HTML and autolinks, table cells, math, backslash escapes (the backslash only before punctuation).
_ANYWHERE = re.compile(r"[`*~\[\]<|$]|\\(?=[!-/:-@\[-`{-~]|$)")
# `_` makes emphasis only beside a space or punctuation: between letters or digits (snake_case) it is text.
_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
# `&` starts a character reference (`&amp;`, `&#64;`) only when a name or number and `;` follow.
_REFERENCE = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# What starts a block at the start of a line: a heading, a quote, a list item, a thematic break or a
# setext underline (the mark is escaped; of a list number, the `.` or `)` after it); and a heading's
# closing `#`s at the end of a line.
_BLOCK_MARK = re.compile(r"^(?:[#>]|[-+=](?=[-+=\s]|$))")
_LIST_NUMBER = re.compile(r"^(\d{1,9})(?=[.)](?:\s|$))")
_CLOSING_HASHES = re.compile(r"(?<=\s)#+$")
# Where an autolink or one of Streamlit's marks would be found in the unescaped text: after `www` before a
# dot, after `@`, and after a `:` followed at once by a name or `/` (`://`, `:smile:`, `:material/x:`,
# `:red[...]`; "Note: x" is left alone).
_FOUND_AFTER_ESCAPES = re.compile(r"(?i)(?<=www)(?=\.)|(?<=@)|(?<=:)(?=[0-9a-z_+\-/])")


@functools.lru_cache(maxsize=8192)  # framework texts repeat on every rerun of the app
def literal(text: str) -> str:
    """Any text as Markdown that shows exactly that text, on one line (white space runs become one space):
    no link (autolinked or written), image, HTML, heading, list, emphasis, code, table cell, emoji, icon,
    colour or math can come from it, and only what would take effect is escaped."""
    line = " ".join(str(text).split())
    line = _ANYWHERE.sub(lambda m: "\\" + m.group(0), line)
    line = _UNDERSCORE.sub(r"\\_", line)
    line = _REFERENCE.sub(r"\\&", line)
    line = _CLOSING_HASHES.sub(lambda m: "\\" + m.group(0), line)
    line = _BLOCK_MARK.sub(lambda m: "\\" + m.group(0), line)
    line = _LIST_NUMBER.sub(r"\1\\", line)
    return _FOUND_AFTER_ESCAPES.sub(WORD_JOINER, line)
