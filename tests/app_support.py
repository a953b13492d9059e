"""Helpers for driving the app through Streamlit's AppTest: start it, move between pages, rate skills,
read what a visitor would read, and catch what a download button would hand over."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from planner.views.escape import WORD_JOINER

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
EXAMPLES = ROOT / "examples"
# A name with every kind of markup, and the links GFM finds by itself: an address, an e-mail address.
HOSTILE = "<script>alert(1)</script> **bold** [x](http://evil) www.evil.example/login eve@evil.example"


def start(query: dict[str, str] | None = None, page: str | None = None) -> AppTest:
    """A fresh visitor: the app run once (on the Explore page unless `page` is given)."""
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    if page:
        go(at, page)
    return at


def go(at: AppTest, page: str) -> AppTest:
    """Move to a page by its file name: 'explore', 'assess' or 'plan'."""
    at.switch_page(f"planner/ui/pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_stages(at: AppTest) -> AppTest:
    """Show every section on the Assess page, the floor's and each stage's (sections not shown draw no
    controls)."""
    framework = at.session_state["sp.framework"]
    track = framework.track(at.session_state["sp.track"])
    every = [0, *(s.number for s in track.stages if s.skills)]
    return at.segmented_control(key="assess.sections").set_value(every).run()


def open_section(at: AppTest, key: str) -> AppTest:
    """Open a section (popover or expander) that the app draws only when open."""
    at.session_state[key] = True
    return at.run()


def name_field(at: AppTest) -> Any:
    """The name field on the Assess page, beside the track and the target: in sight, never in a popover."""
    return at.text_input(key="assess.name")


def control(at: AppTest, skill: str) -> Any:
    """A skill's rating control on the Assess page, opening the stage sections when it is not drawn."""
    key = f"rate.{skill}"
    if not any(c.key == key for c in at.segmented_control):
        open_stages(at)
    return at.segmented_control(key=key)


def rate(at: AppTest, ratings: dict[str, int | None]) -> AppTest:
    """Click ratings on the Assess page, one rerun per click as in a browser (opening the stage sections
    first when a control is not drawn)."""
    for skill, level in ratings.items():
        control(at, skill).set_value(level).run()
        assert not at.exception, [e.value for e in at.exception]
    return at


def unescape(markdown: str) -> str:
    """Markdown as read: backslash escapes removed, and the invisible word joiners that keep the renderers
    from finding links in it (the app escapes every user and framework text with planner.views.escape)."""
    return resolved(markdown).replace(WORD_JOINER, "")


def resolved(markdown: str) -> str:
    """Markdown with its backslash escapes resolved, as CommonMark reads them: a backslash before ASCII
    punctuation stands for that character; before anything else it is itself."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)


# What the renderers find in the text once backslash escapes are resolved, after GFM's autolink literals
# (mdast-util-gfm-autolink-literal: `www.` or `http(s)://` and a domain; an e-mail address) and Streamlit's
# emoji, icons and colours: only a break inside the pattern stops them.
_FOUND_IN_TEXT = re.compile(
    r"(?i)(?:https?://|www\.)[-.\w]+(?:/[-.\w/]*)?|[-.\w+]+@[-\w]+(?:\.[-\w]+)+|:[a-z0-9_+-]+:|:[a-z]+\["
)
# Read left to right: an escaped character, else a mark that takes effect where it stands (a link or image
# written out, bold, an HTML tag or autolink, emphasis, code, strikethrough, a table cell, math).
_TOKEN = re.compile(r"\\[!-/:-@\[-`{-~]|(!?\[[^\]]*\]\([^)]*\)|\*\*\w*|<[a-z]*|[*~`\[\]|$])|.", re.DOTALL)


def live_in(markdown: str) -> list[str]:
    """What in a Markdown text would take effect rather than show as text: each mark not escaped, then each
    link, emoji or colour the renderers would find."""
    marks = [m.group(1) for m in _TOKEN.finditer(markdown) if m.group(1)]
    return marks + [m.group(0) for m in _FOUND_IN_TEXT.finditer(resolved(markdown))]


# The tests' hostile texts: what of them would take effect, found among the page's own Markdown.
_HOSTILE_MARK = re.compile(
    r"(?<!\\)<(?:script|img|b)\b|(?<!\\)\]\((?:[^)]*vil|javascript:)|(?<!\\)\*\*(?:bold|x)\b"
)


def hostile_live(markdown: str) -> list[str]:
    """What of the tests' hostile texts would take effect in a Markdown body: a tag, a written link, bold,
    and any link the renderers would find to an address of theirs (the `evil` ones)."""
    found = [m.group(0) for m in _HOSTILE_MARK.finditer(markdown)]
    return found + [m.group(0) for m in _FOUND_IN_TEXT.finditer(resolved(markdown)) if "vil" in m.group(0)]


def live_markup(at: AppTest) -> list[str]:
    """Hostile markup from the tests' hostile texts that would take effect in a Markdown element the page
    sends, sidebar included."""
    elements = [
        *at.markdown,
        *at.caption,
        *at.title,
        *at.header,
        *at.subheader,
        *at.warning,
        *at.info,
        *at.error,
        *at.success,
    ]
    return [found for e in elements for found in hostile_live(str(e.value))]


def shown_text(at: AppTest) -> str:
    """Everything a visitor can read as text on the page, one element per line, escapes removed."""
    parts: list[str] = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "text",
        "code",
        "error",
        "warning",
        "info",
        "success",
    ):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [f"{m.label}: {m.value}" + (f"\n{m.proto.delta}" if m.proto.delta else "") for m in at.metric]
    parts += [str(p.proto.text) for p in at.get("progress")]
    return unescape("\n".join(parts))


# What shows as nothing: never to be slipped into a name or an address on its way to the screen (word joiners,
# zero-width spaces and joiners, soft hyphens, direction marks, fillers, byte order marks).
INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u206a-\u206f\u3164\ufeff\uffa0]"
)


def plain_text(at: AppTest) -> list[str]:
    """What the page, sidebar included, draws as plain text (st.text): no Markdown is read in it, so it is
    shown and copied exactly as given and nothing in it becomes a link."""
    return [str(t.value) for t in at.text]


def metric(at: AppTest, label: str) -> str:
    found = [m.value for m in at.metric if m.label == label]
    assert found, f"no metric {label!r}; metrics: {[m.label for m in at.metric]}"
    return str(found[0])


def charts(at: AppTest) -> list[dict[str, Any]]:
    """The plotly figures on the page, as their JSON."""
    return [json.loads(e.proto.spec) for e in at.get("plotly_chart")]


def frames(at: AppTest) -> list[Any]:
    """The tables on the page (interactive dataframes and static tables), as pandas DataFrames."""
    return [d.value for d in [*at.dataframe, *at.table]]


def catch_downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, Callable[[], Any]]:
    """What each download button would hand over, by file name, caught where Streamlit registers it
    (the app generates downloads only on click, so their contents are callables)."""
    caught: dict[str, Callable[[], Any]] = {}
    original = MediaFileManager.add_deferred

    def record(self: MediaFileManager, data_callable: Callable[[], Any], *args: Any, **kwargs: Any) -> str:
        name = kwargs.get("file_name") or (args[2] if len(args) > 2 else None)
        caught[str(name)] = data_callable
        return original(self, data_callable, *args, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return caught


def content(download: Callable[[], Any]) -> bytes:
    data = download()
    return data.encode() if isinstance(data, str) else bytes(data)


def elements(node: Any) -> list[Any]:
    """The elements under a node of the page (at.main, at.sidebar), in the order drawn, blocks opened."""
    children = getattr(node, "children", None)
    if children is None:
        return [node]
    return [leaf for child in children.values() for leaf in elements(child)]


def named_by(at: AppTest, words: str) -> str:
    """What the alert that says `words` names (planner.ui.plain.alert): the plain text drawn right under it,
    shown and copied as it is. Fails when there is no such alert or nothing plain under it."""
    for root in (at.main, at.sidebar):
        drawn = elements(root)
        for alert, after in itertools.pairwise(drawn):
            if getattr(alert, "type", "") in ("error", "warning", "info", "success") and alert.value == words:
                assert getattr(after, "type", "") == "text", f"nothing plain under {words!r}: {after}"
                return str(after.value)
    alerts = [str(a.value) for a in [*at.error, *at.warning, *at.info, *at.success]]
    raise AssertionError(f"no alert {words!r}; alerts: {alerts}")
