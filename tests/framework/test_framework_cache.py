"""The framework cache: a directory that loaded before loads again from its entry, to the same framework;
a change to any file is a new entry, never a stale framework; a bad framework is never kept; a broken,
unwritable or switched-off cache costs the YAML and nothing else."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from planner.common.problems import InputError
from planner.framework.cache import ENV_CACHE_DIR, KEPT_ENTRIES
from planner.framework.loading import load_framework, load_framework_files, read_framework_dir


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv(ENV_CACHE_DIR, str(directory))
    return directory


def entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("framework-*.json"))


def test_a_second_load_reads_the_entry_and_gives_the_same_framework(cache: Path, roles_copy: Path) -> None:
    first = load_framework(roles_copy)
    [entry] = entries(cache)
    second = load_framework(roles_copy)
    assert second == first
    assert second.digest == first.digest
    assert second.model_dump() == load_framework_files(read_framework_dir(roles_copy)).model_dump()
    # The entry is what the second load read: an entry edited in place shows through.
    data = json.loads(entry.read_bytes())
    data["curve"]["stages"][0]["name"] = "Renamed in the entry"
    entry.write_text(json.dumps(data))
    assert load_framework(roles_copy).curve.stages[0].name == "Renamed in the entry"


def test_an_edited_file_is_a_new_entry_not_a_stale_framework(cache: Path, roles_copy: Path) -> None:
    before = load_framework(roles_copy)
    curve = roles_copy / "curve.yaml"
    old_name = before.curve.stages[0].name
    curve.write_text(curve.read_text().replace(f"name: {old_name}", "name: Edited on disk", 1))
    after = load_framework(roles_copy)
    assert after.curve.stages[0].name == "Edited on disk"
    assert after.digest != before.digest
    assert len(entries(cache)) == 2


def test_a_bad_framework_is_never_kept_and_is_refused_every_time(cache: Path, roles_copy: Path) -> None:
    (roles_copy / "qa.yaml").write_text("track: [unclosed\n")
    for _ in range(2):
        with pytest.raises(InputError) as caught:
            load_framework(roles_copy)
        assert "qa.yaml" in str(caught.value)
    assert entries(cache) == []


@pytest.mark.parametrize("damage", [b"", b'{"curve": ', b'{"curve": {}, "tracks": []}', b"\xff\xfe not json"])
def test_a_damaged_entry_is_ignored_and_written_again(cache: Path, roles_copy: Path, damage: bytes) -> None:
    expected = load_framework(roles_copy)
    [entry] = entries(cache)
    entry.write_bytes(damage)
    assert load_framework(roles_copy) == expected
    assert json.loads(entry.read_bytes())["curve"]["stages"]  # a whole entry again


def test_a_cache_that_cannot_be_written_costs_nothing_but_the_yaml(
    tmp_path: Path, roles_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("a file where the cache directory would be")
    monkeypatch.setenv(ENV_CACHE_DIR, str(blocked))
    assert load_framework(roles_copy) == load_framework_files(read_framework_dir(roles_copy))
    assert blocked.read_text() == "a file where the cache directory would be"


def test_off_keeps_no_cache(tmp_path: Path, roles_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_CACHE_DIR, "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.chdir(tmp_path)
    load_framework(roles_copy)
    assert not (tmp_path / "xdg").exists()
    assert not (tmp_path / "off").exists()


def test_the_default_place_is_under_xdg_cache_home(
    tmp_path: Path, roles_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV_CACHE_DIR)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    load_framework(roles_copy)
    assert len(entries(tmp_path / "xdg" / "stagepath")) == 1


def test_only_the_newest_entries_are_kept(cache: Path, roles_copy: Path) -> None:
    curve = roles_copy / "curve.yaml"
    text = curve.read_text()
    written: list[Path] = []
    for version in range(KEPT_ENTRIES + 3):
        curve.write_text(f"{text}\n# version {version}\n")
        before = set(entries(cache))
        load_framework(roles_copy)
        [new] = set(entries(cache)) - before
        # Dated a second apart, so which is oldest does not hang on the clock's resolution.
        os.utime(new, (1_000_000 + version, 1_000_000 + version))
        written.append(new)
    assert entries(cache) == sorted(written[-KEPT_ENTRIES:])
