"""The benchmark command keeps working: a quick run prints its table and writes the same rows as JSON.
(It measures nothing here: no timing is asserted in the test suite.)"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_quick_bench_prints_a_table_and_writes_json() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bench.run", "--quick", "--only", "cli", "--only", "pages"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "| measurement | ours (median) | baseline (median) | ratio |" in result.stdout
    report = json.loads((ROOT / "bench" / "results" / "quick.json").read_text())
    names = [row["name"] for row in report["rows"]]
    assert names[0].startswith("cli: stagepath assess")
    assert any(name.startswith("page rerun: ") for name in names)
    for row in report["rows"]:
        assert row["ours"] > 0 and row["base"] > 0
        assert row["ratio"] == row["ours"] / row["base"]
        assert f"{row['ratio']:.2f}x" in result.stdout
