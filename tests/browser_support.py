"""Running the app for real: `streamlit run` on a free loopback port, and Debian's chromium driven by
Playwright (`playwright install` cannot download browsers here). Without chromium the browser tests skip
and say why, unless STAGEPATH_REQUIRE_BROWSER=1 (set in CI), where they fail."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1400, "height": 2400}  # tall: Streamlit scrolls inside stMain, full-page shots miss it


def require_browser() -> str:
    """The chromium to drive, or skip (fail under STAGEPATH_REQUIRE_BROWSER=1) with the reason."""
    found = CHROMIUM if os.access(CHROMIUM, os.X_OK) else shutil.which("chromium")
    if found:
        return found
    reason = f"no chromium at {CHROMIUM} or on PATH (apt-get install chromium)"
    if os.environ.get("STAGEPATH_REQUIRE_BROWSER") == "1":
        pytest.fail(f"STAGEPATH_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def running_app(env: dict[str, str] | None = None, timeout: float = 30) -> Iterator[str]:
    """Start the app with `streamlit run` on a free port; yield its address; stop it (and only it)."""
    with serving("app.py", ROOT, env, timeout) as (base, _):
        yield base


@contextmanager
def serving(
    script: str | Path, cwd: Path, env: dict[str, str] | None = None, timeout: float = 30
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`streamlit run` a script on a free loopback port; yield its address and process; stop it after.
    The benchmarks use it too, for the app and for the bare apps they compare it with."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.headless",
        "true",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    base = f"http://127.0.0.1:{port}"
    with answering(
        command,
        f"{base}/_stcore/health",
        f"streamlit-{port}",
        cwd,
        env,
        timeout,
        ok=lambda body: body.strip() == b"ok",
    ) as process:
        yield base, process


@contextmanager
def answering(
    command: list[str],
    url: str,
    log_name: str,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 30,
    ok: Callable[[bytes], bool] = lambda body: True,
) -> Iterator[subprocess.Popen[bytes]]:
    """Run a server as its own process, its output in test-artifacts/LOG_NAME.log, until `url` answers
    200 with a body that is `ok`; yield the process; stop it (and only it) after."""
    log = ARTIFACTS / f"{log_name}.log"
    ARTIFACTS.mkdir(exist_ok=True)
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})}
        )
        try:
            deadline = time.monotonic() + timeout
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"{' '.join(command[:3])} exited with {process.returncode}; see {log}")
                try:
                    with urllib.request.urlopen(url, timeout=1) as response:
                        if response.status == 200 and ok(response.read()):
                            break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{url} did not answer in {timeout} s; see {log}")
                time.sleep(0.2)
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def settle(page: Any, timeout: float = 60_000) -> None:
    """Wait until the app is drawn and no script run is in progress."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && document.querySelector('[data-testid=\"stMain\"] h1')",
        timeout=timeout,
    )


def shot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


@contextmanager
def launched_chromium() -> Iterator[Any]:
    """Debian's chromium through Playwright, for a module's tests (skips or fails as require_browser says)."""
    executable = require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=executable, args=LAUNCH_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@contextmanager
def visitor(browser: Any, request: pytest.FixtureRequest, timeout_ms: float = 60_000) -> Iterator[Any]:
    """A fresh visitor: its own browser context (so its own session and no cookie). A dialog opening fails
    the test (it would mean a script ran); a failing test leaves a screenshot of where it stopped."""
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    context.set_default_timeout(timeout_ms)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    failed_before = request.session.testsfailed
    yield page
    if request.session.testsfailed > failed_before:
        shot(page, f"failed-{request.node.name}")
    context.close()
    assert dialogs == [], f"a script ran and opened a dialog: {dialogs}"


@contextmanager
def app_with_database(
    tmp_path_factory: pytest.TempPathFactory,
    name: str,
    env: dict[str, str] | None = None,
    timeout: float = 30,
) -> Iterator[str]:
    """The app on a fresh SQLite database of its own, for a module's tests; yield its address."""
    require_browser()
    database = tmp_path_factory.mktemp(f"{name}-db") / "t.db"
    with running_app({"STAGEPATH_DATABASE_URL": f"sqlite:///{database}", **(env or {})}, timeout) as url:
        yield url


# The browser and the visitor every browser test module uses (tests/conftest.py makes them fixtures
# everywhere); a module gives its app's address as its own `base_url` fixture.
@pytest.fixture(scope="module")
def browser(base_url: str) -> Iterator[Any]:
    """One chromium for the module, launched once the module's app answers."""
    with launched_chromium() as chromium:
        yield chromium


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh visitor for each test: their own browser context and session (see `visitor`)."""
    with visitor(browser, request) as page:
        yield page


# --- what a visitor does --------------------------------------------------------------------------------


def heading(page: Any, text: str) -> None:
    """Wait for the page whose heading holds `text` to be drawn, its run ended."""
    page.locator('[data-testid="stMain"] h1', has_text=text).wait_for()
    settle(page)


MANAGERS = "For managers"  # the menu's group that holds Team, Hiring and Organisation


def open_page(page: Any, link: str, title: str) -> None:
    """Move to a page through the top menu, as a visitor does (the session is kept)."""
    target = page.locator('[data-testid="stTopNavLink"]', has_text=link)
    if not target.count():
        page.get_by_text(MANAGERS, exact=True).first.click()
        target = page.locator('[data-testid="stTopNavDropdownLink"]', has_text=link)
    target.first.click()
    page.locator('[data-testid="stMain"] h1', has_text=title).wait_for()
    settle(page)
    # Charts draw after the run ends: wait until every plotly chart on the page has its data.
    page.wait_for_function(
        "() => [...document.querySelectorAll('.js-plotly-plot')].every(p => p.data && p._fullLayout)"
    )


def open_team(page: Any, base_url: str) -> None:
    """Open the Team page by its address, in a new session."""
    page.goto(f"{base_url}/team")
    heading(page, "Team")


def heatmap_drawn(page: Any) -> None:
    """Wait until a heatmap is drawn with its data (charts draw after the run ends)."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('.js-plotly-plot')].some(p => p.data && p.data[0].type === 'heatmap')"
    )


def upload_roster(page: Any, files: Any, shown: str) -> None:
    """On the Team page, upload rosters or assessments through the page's real file input, then wait for
    the roster line `shown` and the drawn page, heatmap included."""
    page.locator('[data-testid="stFileUploader"] input[type="file"]').first.set_input_files(files)
    page.get_by_text(shown).wait_for()
    settle(page)
    heatmap_drawn(page)


def load_sample_team(page: Any) -> None:
    """On the Team page, load the sample team with its button, and wait for the page drawn with it."""
    page.get_by_role("button", name="Try the sample team").click()
    page.get_by_text("Showing 10 people").wait_for()
    settle(page)


def metric(page: Any, label: str) -> str:
    """The value of the metric with this label, as shown."""
    box = page.locator(
        '[data-testid="stMetric"]', has=page.locator('[data-testid="stMetricLabel"]', has_text=label)
    )
    return str(box.first.locator('[data-testid="stMetricValue"]').inner_text()).strip()


def table_cells(page: Any, header: str) -> list[str]:
    """The cells of the first dataframe with this column header, as the grid's accessible table has them."""
    page.wait_for_function(
        "(header) => [...document.querySelectorAll('[data-testid=stDataFrame] [role=columnheader]')]"
        ".some(h => h.textContent.trim() === header)",
        arg=header,
    )
    result: list[str] = page.evaluate(
        """(header) => {
            const frame = [...document.querySelectorAll('[data-testid=stDataFrame]')].find(f =>
                [...f.querySelectorAll('[role=columnheader]')].some(h => h.textContent.trim() === header));
            return frame ? [...frame.querySelectorAll('[role=gridcell]')].map(c => c.textContent.trim()) : [];
        }""",
        header,
    )
    return result
