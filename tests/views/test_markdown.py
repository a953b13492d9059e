"""The one Markdown escape (`planner.views.escape.literal`): what would take effect is escaped, nothing else.

What the real renderers make of it is checked in a real chromium (tests/ui/test_browser.py, the hostile name on
the pages and its link-free page); here each case is checked by what it escapes and by `live_in`, the tests'
reading of Streamlit's and GitHub's rules, which is shown to see the links the old escape let through."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.views.escape import WORD_JOINER, literal
from tests.app_support import HOSTILE, live_in, unescape

J = WORD_JOINER


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        # Autolinks: backslashes do not stop them (they are found after escapes are resolved).
        ("www.example.org/login", f"www{J}.example.org/login"),
        ("WWW.EXAMPLE.ORG", f"WWW{J}.EXAMPLE.ORG"),
        ("http://evil.example/x", f"http:{J}//evil.example/x"),
        ("https://evil.example", f"https:{J}//evil.example"),
        ("mailto:bob@example.com", f"mailto:{J}bob@{J}example.com"),
        ("bob@example.com", f"bob@{J}example.com"),
        # Written links and images, HTML, autolinks in angle brackets.
        ("[x](https://evil.example)", f"\\[x\\](https:{J}//evil.example)"),
        ("![i](x.png)", "!\\[i\\](x.png)"),
        ("<img src=x onerror=alert(1)>", "\\<img src=x onerror=alert(1)>"),
        ("<https://evil.example>", f"\\<https:{J}//evil.example>"),
        ("&amp; &#64; R&D", "\\&amp; \\&#64; R&D"),
        # Blocks: a heading, a quote, lists, a thematic break, a setext underline, a closing '#'.
        ("# Head", "\\# Head"),
        ("> quoted", "\\> quoted"),
        ("- item", "\\- item"),
        ("+ item", "\\+ item"),
        ("1. item", "1\\. item"),
        ("2026) item", "2026\\) item"),
        ("---", "\\---"),
        ("===", "\\==="),
        ("Title #", "Title \\#"),
        # Inline marks: emphasis, code, strikethrough, table cells, math; Streamlit's emoji, icons, colours.
        ("**bold** *it* _em_", "\\*\\*bold\\*\\* \\*it\\* \\_em\\_"),
        ("`code`", "\\`code\\`"),
        ("~gone~", "\\~gone\\~"),
        ("a | b", "a \\| b"),
        ("$x^2$", "\\$x^2\\$"),
        (":smile: :material/home: :red[hot]", f":{J}smile: :{J}material/home: :{J}red\\[hot\\]"),
        # A backslash before punctuation would escape it; before a letter it is text.
        ("C:\\temp \\*", "C:\\temp \\\\\\*"),
        ("trailing \\", "trailing \\\\"),
        # Lines are joined: no block can start inside the text.
        ("one\n# two\n\n- three", "one # two - three"),
    ],
)
def test_what_would_take_effect_is_escaped(text: str, escaped: str) -> None:
    assert literal(text) == escaped


@pytest.mark.parametrize(
    "text",
    [
        "2026.11",
        "Punch-out points",
        "(Orchestrate)",
        "Stage 3: Task",
        "snake_case_name",
        "Ada Lovelace, 2025-01-10",
        "R&D -5 +1 100% 3.5!",
        "a.b.c example.org",
    ],
)
def test_plain_text_stays_as_it_is(text: str) -> None:
    """A Markdown export reads cleanly as plain text: nothing is escaped that would not take effect."""
    assert literal(text) == text


@given(st.text(max_size=200))
def test_any_text_reads_back_as_itself(text: str) -> None:
    assert unescape(literal(text)) == " ".join(text.split())


@given(st.text(alphabet="wW.:/@[]()<>*_`~|$#&!-+=x1 ", max_size=60))
def test_no_mark_or_link_survives_in_any_text(text: str) -> None:
    assert live_in(literal(text)) == [], text


def test_the_check_sees_the_links_a_backslash_escape_lets_through() -> None:
    """`live_in` can fail: the escape that backslash-escaped every punctuation mark left these live."""
    every_mark = "".join(f"\\{c}" if not c.isalnum() and not c.isspace() else c for c in HOSTILE)
    assert live_in(every_mark) != []
    assert {"www.evil.example/login", "eve@evil.example"} <= set(live_in(every_mark))
    assert live_in("[x](https://evil.example) **b** <img src=x>") == [
        "[x](https://evil.example)",
        "**b",
        "**",
        "<img",
        "https://evil.example",
    ]
    assert live_in(literal(HOSTILE)) == []
