"""Real git repositories for the scan tests, made with the `git` program and nothing from the user's
configuration (no global or system config, no hooks)."""

from __future__ import annotations

import itertools
import os
import subprocess
from pathlib import Path

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Ada Dev",
    "GIT_AUTHOR_EMAIL": "ada@example.com",
    "GIT_COMMITTER_NAME": "Ada Dev",
    "GIT_COMMITTER_EMAIL": "ada@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}


# Each commit a second after the last, so that "newest first" is one order (git dates have whole seconds).
_SECONDS = itertools.count(1_760_000_000)


def git(repo: Path, *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None) -> str:
    """Run git in `repo` with hooks off; its output as text."""
    env = {**os.environ, **GIT_ENV, **(env or {})}
    done = subprocess.run(
        ["git", "-c", "core.hooksPath=/dev/null", "-C", str(repo), *args],
        input=stdin,
        env=env,
        capture_output=True,
        check=True,
    )
    return done.stdout.decode()


def by(name: str, email: str) -> dict[str, str]:
    """The environment that makes `name <email>` the author and committer of a commit."""
    return {
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
    }


def new_repo(path: Path) -> Path:
    """An empty repository on branch main."""
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    return path


def commit(
    repo: Path,
    files: dict[str, bytes | str] | None = None,
    message: str = "Change",
    author: dict[str, str] | None = None,
) -> str:
    """Write the files (paths relative to the repository), commit them all (as `author`, an environment
    such as `by` gives, else Ada Dev); the new commit's id."""
    for name, content in (files or {}).items():
        target = repo / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode() if isinstance(content, str) else content)
    git(repo, "add", "-A")
    when = f"{next(_SECONDS)} +0000"
    dates = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    git(
        repo,
        "commit",
        "-q",
        "--allow-empty",
        "-F",
        "-",
        stdin=message.encode(),
        env={**dates, **(author or {})},
    )
    return git(repo, "rev-parse", "HEAD").strip()


def repo_with(path: Path, files: dict[str, bytes | str], message: str = "Start") -> Path:
    """A repository with one commit holding these files."""
    commit(new_repo(path), files, message)
    return path


def add_signals(roles: Path, lines: str) -> None:
    """Give the first stage-4 capability of a framework copy these extra signal lines."""
    path = roles / "curve.yaml"
    text = path.read_text()
    start = text.index("      - id: workflow-protection-gates\n")
    at = text.index("        signals:\n", start) + len("        signals:\n")
    path.write_text(text[:at] + lines + text[at:])


def add_skill_signals(roles: Path, skill: str, lines: str, track: str = "developer.yaml") -> int:
    """Give a skill of a framework copy's track file these signal lines (under a `signals:` key of its own,
    or under the one it has); the number of the first line added."""
    path = roles / track
    text = path.read_text()
    start = text.index(f"      - id: {skill}\n")
    end = text.find("      - id: ", start + 1)
    end = len(text) if end < 0 else end
    signals = text.find("        signals:\n", start, end)
    if signals < 0:
        at = text.index("        source: ", start)
        at = text.index("\n", at) + 1
        lines = "        signals:\n" + lines
        first = text[:at].count("\n") + 2
    else:
        at = signals + len("        signals:\n")
        first = text[:at].count("\n") + 1
    path.write_text(text[:at] + lines + text[at:])
    return first


GATE = "on:\n  pull_request:\njobs:\n  test:\n    runs-on: ubuntu-latest\n"


def commit_as(
    repo: Path, who: dict[str, str], files: dict[str, str] | None = None, message: str = "Change"
) -> str:
    return commit(repo, dict(files or {}), message, who)


ADA = by("Ada", "ada@example.com")
BO = by("Bo", "bo@example.com")
BO_AT_WORK = by("Bo", "Bo@Example.COM")  # the same address in other letters
CY = by("Cy", "cy@example.com")


def team_history(repo: Path) -> dict[str, str]:
    """Three people's commits: Ada adds an instruction file and later edits it with an Assisted-by
    trailer; Bo adds a pull-request workflow in a commit Claude co-wrote, and co-writes one with Cursor from
    another spelling of his address; Cy edits Bo's workflow (adding nothing), mentions a co-author in a body
    (not a trailer), and adds a Claude Code command. Their short ids, by name."""
    new_repo(repo)
    ids = {
        "ada1": commit_as(repo, ADA, {"README.md": "hi\n", "AGENTS.md": "# How we work\n"}, "Start"),
        "bo1": commit_as(
            repo,
            BO,
            {".github/workflows/ci.yml": GATE},
            "Add CI\n\nRuns the tests on pull requests.\n\nCo-Authored-By: Claude <noreply@anthropic.com>",
        ),
        "ada2": commit_as(
            repo,
            ADA,
            {"AGENTS.md": "# How we work\n\nTests first.\n"},
            "Tests first\n\nAssisted-by: Copilot:gpt-5",
        ),
        "cy1": commit_as(
            repo,
            CY,
            {".github/workflows/ci.yml": GATE + "# cached\n"},
            "Cache\n\nCo-authored-by: Claude is how the others mark it; I do not.\n\nSigned-off-by: Cy <cy@example.com>",
        ),
        "bo2": commit_as(
            repo,
            BO_AT_WORK,
            {"src/a.py": "x = 1\n"},
            "Add a\n\nCo-authored-by: Cursor <cursoragent@cursor.com>",
        ),
        "cy2": commit_as(repo, CY, {".claude/commands/review.md": "Review the diff.\n"}, "A review command"),
    }
    return {name: full[:12] for name, full in ids.items()}
