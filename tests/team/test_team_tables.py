"""The numbers behind the Team and Hiring pages, checked without Streamlit: the averages threshold from the
environment, the heatmap's grid and its table, level counts, and the key results are cached under."""

from __future__ import annotations

import numpy as np
import pytest

from planner.formats.table import make_team
from planner.framework import Framework
from planner.team.averages import skill_averages
from planner.views.team_tables import (
    grid_frame,
    heatmap_grid,
    level_counts,
    min_group_setting,
    names_in_cell,
    team_key,
)


def team_of(framework: Framework, names: list[str], ratings: dict[str, list[float]]) -> object:
    skills = list(framework.skill_names)
    grid = np.full((len(names), len(skills)), np.nan)
    for skill, values in ratings.items():
        grid[:, skills.index(skill)] = values
    return make_team(
        framework, names, ["developer"] * len(names), ["self"] * len(names), [None] * len(names), grid
    )


@pytest.mark.parametrize(
    ("raw", "value", "noted"), [("", 3, False), ("5", 5, False), ("0", 3, True), ("x", 3, True)]
)
def test_the_averages_threshold_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, raw: str, value: int, noted: bool
) -> None:
    monkeypatch.setenv("STAGEPATH_MIN_GROUP", raw)
    found, note = min_group_setting()
    assert found == value
    assert bool(note) is noted


def test_names_in_a_cell_say_how_many_more() -> None:
    assert names_in_cell(["A", "B"]) == "A, B"
    assert names_in_cell([f"P{i}" for i in range(1203)]) == "P0, P1, P2 and 1,200 more"


def test_the_grid_shows_the_target_skills_floor_first_and_a_person_named_like_a_row(
    shipped: Framework,
) -> None:
    team = team_of(
        shipped,
        ["Team average", "Bo", "Cy"],
        {
            "read-code": [3, 2, np.nan],
            "write-code": [3, 3, 3],
            "debug-code": [3, 3, 3],
            "assisted-coding": [4, 1, 0],
        },
    )
    grid = heatmap_grid(shipped, team, "developer", target=2, limit=50)
    assert grid.skills[:4] == ("read-code", "write-code", "debug-code", "assisted-coding")
    assert grid.stages[:4] == (0, 0, 0, 2)
    assert grid.below[:, 0].tolist() == [False, True, True]  # Bo at 2 and Cy unrated, against the floor's 3
    frame = grid_frame(shipped, grid, skill_averages(shipped, team, min_group=3))
    assert list(frame["Person"]) == ["Expected at the target", "Team average", "Bo", "Cy", "Team average"]
    assert frame.iloc[-1, 1] == "1.7"  # (3 + 2 + 0) / 3, unrated counting as 0
    assert frame.iloc[3, 1] == ""  # Cy's unrated cell stays empty
    withheld = grid_frame(shipped, grid, skill_averages(shipped, team, min_group=4))
    assert set(withheld.iloc[-1, 1:]) == {"withheld"}


def test_level_counts_cover_everyone_on_the_track(shipped: Framework) -> None:
    team = team_of(shipped, [f"P{i}" for i in range(7)], {"read-code": [0, 1, 1, 3, 3, 3, 4]})
    counts = level_counts(shipped, team, "developer", target=3)
    assert counts.ratings[:, 0].tolist() == [1, 2, 0, 3, 1]
    assert (counts.ratings.sum(axis=0) == 7).all()


def test_the_team_key_changes_with_any_rating_and_only_then(shipped: Framework) -> None:
    one = team_of(shipped, ["A", "B"], {"read-code": [3, 2]})
    same = team_of(shipped, ["A", "B"], {"read-code": [3, 2]})
    other = team_of(shipped, ["A", "B"], {"read-code": [3, 3]})
    assert team_key(one) == team_key(same) != team_key(other)
