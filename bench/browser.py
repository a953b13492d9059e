"""Timing pages in the browser from inside the page, so that Playwright's own round trips are not counted:
a page switch from the menu link's click, a first render from the start of navigation, each until the page
has settled. Settled means: the server has ended the run (its script_finished message) and sent nothing
more for a quiet spell (not counted), the page's heading is drawn, no element is stale, the status widget is gone
and every plotly chart is drawn. The same clock and rule time the app and the bare apps it is compared with.
"""

from __future__ import annotations

from pathlib import Path

from planner.ui.access_gate import menu_visibility
from planner.ui.menu import PAGES

QUIET_MS = 300

# Installed before any page script: counts the websocket messages the page receives, when the last came and
# how many ended a run (script_finished), and offers window.__settled(since, quiet), which resolves with the
# time (performance.now()) at which the page was last seen drawn after run end number `since`, once nothing
# has arrived for `quiet` ms (a slow server may pause longer than that mid-run, so the end is what counts).
SETTLE_SCRIPT = """(() => {
  const state = { last: 0, count: 0, finished: 0 };
  window.__bench = state;
  // Whether a ForwardMsg (protobuf) is the run's end: its top-level field 6, script_finished, is present.
  const varint = (bytes, at) => {
    let value = 0; let shift = 0; let i = at;
    while (i < bytes.length) {
      const b = bytes[i++]; value += (b & 0x7f) * 2 ** shift; shift += 7;
      if (b < 0x80) break;
    }
    return [value, i];
  };
  const finishes = (data) => {
    if (!(data instanceof ArrayBuffer)) return false;
    const bytes = new Uint8Array(data);
    let i = 0;
    while (i < bytes.length) {
      const [tag, next] = varint(bytes, i);
      const field = Math.floor(tag / 8); const wire = tag % 8;
      if (field === 6) return true;
      if (wire === 0) i = varint(bytes, next)[1];
      else if (wire === 2) { const [size, from] = varint(bytes, next); i = from + size; }
      else if (wire === 1) i = next + 8;
      else if (wire === 5) i = next + 4;
      else return false;
    }
    return false;
  };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        state.last = performance.now(); state.count += 1;
        if (finishes(event.data)) state.finished += 1;
      });
    }
  };
  const drawn = () => {
    const main = document.querySelector('[data-testid="stMain"]');
    return main !== null && main.querySelector('h1') !== null
      && !document.querySelector('[data-testid="stStatusWidget"]')
      && !document.querySelector('[data-stale="true"]')
      && [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
        .every((chart) => chart.querySelector('.main-svg') !== null);
  };
  window.__settled = (since, quiet) => new Promise((resolve) => {
    let seen = state.count;
    let readyAt = null;
    const tick = () => {
      const now = performance.now();
      if (state.count !== seen) { seen = state.count; readyAt = null; }
      if (readyAt === null && state.finished > since && drawn()) readyAt = now;
      if (readyAt !== null && now - Math.max(readyAt, state.last) >= quiet) resolve(readyAt);
      else setTimeout(tick, 4);
    };
    tick();
  });
})();"""

# Clicks the menu link to `path` (a section's dropdown must be open for its pages) and resolves with the milliseconds until the new page has settled.
SWITCH_SCRIPT = """async ([path, quiet]) => {
  const link = [...document.querySelectorAll(
    'a[data-testid="stTopNavLink"], a[data-testid="stTopNavDropdownLink"]')]
    .find((a) => new URL(a.href).pathname === path);
  if (link === undefined) throw new Error('no menu link to ' + path);
  const since = window.__bench.finished;
  const start = performance.now();
  link.click();
  return (await window.__settled(since, quiet)) - start;
}"""

# On a page just opened: the milliseconds from the start of navigation until it has settled.
FIRST_RENDER_SCRIPT = "async (quiet) => await window.__settled(0, quiet)"


def menu_pages() -> list[tuple[str, str, str]]:
    """(title, address path, menu section) of every page in the single-user menu, in menu order."""
    return [
        (spec.title, "/" if spec.default else f"/{spec.url_path}", spec.section)
        for spec in PAGES
        if menu_visibility(spec.url_path, shared=False) == "visible"
    ]


def write_bare_multipage(workdir: Path) -> Path:
    """A bare app with the app's pages and menu (titles, icons, sections, what is hidden, page layout), each
    page a heading and one line; returns its main script."""
    folder = workdir / "bare_pages"
    folder.mkdir(exist_ok=True)
    lines = [
        "import streamlit as st",
        "st.set_page_config(page_title='Bare', layout='wide', initial_sidebar_state='collapsed')",
        "sections = {}",
    ]
    for spec in PAGES:
        (folder / spec.file).write_text(
            f"import streamlit as st\nst.title({spec.title!r})\nst.write('Hello')\n"
        )
        lines.append(
            f"sections.setdefault({spec.section!r}, []).append(st.Page('bare_pages/{spec.file}', "
            f"title={spec.title!r}, icon={spec.icon!r}, url_path={spec.url_path!r}, "
            f"default={spec.default!r}, visibility={menu_visibility(spec.url_path, shared=False)!r}))"
        )
    lines.append("st.navigation(sections if list(sections) != [''] else sections[''], position='top').run()")
    main = workdir / "bare_multipage.py"
    main.write_text("\n".join(lines) + "\n")
    return main
