"""Share links carry the track, target and ratings by skill id, versioned, and never the name or notes;
reading one keeps what fits the framework and explains what it leaves out."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from hypothesis import given
from hypothesis import strategies as st

from planner.formats.assessment import Assessment
from planner.formats.sharing import SHARE_VERSION, decode, encode, is_share_link, query_string
from planner.framework import Framework
from planner.framework.loading import load_framework
from tests.conftest import FIVE_STAGE

SHIPPED = load_framework()


def test_a_link_holds_version_track_target_and_ratings_by_skill_id() -> None:
    a = Assessment(track="developer", target=5, ratings={"read-code": 3, "write-code": 2})
    assert encode(a) == {"sp": "1", "track": "developer", "target": "5", "r": "read-code.3,write-code.2"}
    assert query_string(encode(a)) == "sp=1&track=developer&target=5&r=read-code.3,write-code.2"


def test_a_link_never_carries_the_name_or_the_evidence() -> None:
    a = Assessment(
        name="Ada <script>alert(1)</script>",
        track="developer",
        ratings={"read-code": 3},
        evidence={"read-code": "reviewed the secret-project PR"},
    )
    text = query_string(encode(a))
    assert "Ada" not in text and "script" not in text and "secret" not in text
    assert set(parse_qs(text)) == {"sp", "track", "r"}


def test_a_link_without_a_target_leaves_the_target_to_the_plan() -> None:
    link = decode(encode(Assessment(track="qa", ratings={"debug-code": 4})), SHIPPED)
    assert link.assessment == Assessment(track="qa", ratings={"debug-code": 4})
    assert link.notes == ()


def test_order_of_ratings_in_a_link_does_not_matter() -> None:
    one = decode({"sp": "1", "track": "developer", "r": "read-code.3,write-code.2"}, SHIPPED)
    two = decode({"sp": "1", "track": "developer", "r": "write-code.2,read-code.3"}, SHIPPED)
    assert one.assessment is not None and two.assessment is not None
    assert one.assessment.ratings == two.assessment.ratings == {"read-code": 3, "write-code": 2}


def test_unknown_skills_and_levels_off_the_scale_are_ignored_with_a_note_each() -> None:
    link = decode(
        {"sp": "1", "track": "developer", "r": "read-code.3,reed-code.2,write-code.9,debug-code.x,junk"},
        SHIPPED,
    )
    assert link.assessment is not None
    assert link.assessment.ratings == {"read-code": 3}
    assert len(link.notes) == 4
    assert any("'reed-code'" in n and "did you mean 'read-code'" in n for n in link.notes)
    assert any("'9'" in n and "off the scale" in n for n in link.notes)
    assert any("'x'" in n for n in link.notes)
    assert any("'junk'" in n and "not a rating" in n for n in link.notes)


def test_a_skill_of_another_track_is_unknown_here() -> None:
    link = decode({"sp": "1", "track": "qa", "r": "assisted-coding.3,assisted-test-drafting.2"}, SHIPPED)
    assert link.assessment is not None
    assert link.assessment.ratings == {"assisted-test-drafting": 2}
    assert any("assisted-coding" in n for n in link.notes)


def test_a_target_off_the_curve_is_dropped_and_said() -> None:
    for bad in ("12", "0", "five", "²"):
        link = decode({"sp": "1", "track": "developer", "target": bad, "r": ""}, SHIPPED)
        assert link.assessment is not None and link.assessment.target is None
        assert any("not a stage on the curve" in n for n in link.notes), bad


def test_an_unknown_version_or_track_loads_nothing_and_says_why() -> None:
    future = decode({"sp": "2", "track": "developer", "r": "read-code.3"}, SHIPPED)
    assert future.assessment is None and "format '2'" in future.notes[0]
    stranger = decode({"sp": "1", "track": "developper", "r": "read-code.3"}, SHIPPED)
    assert stranger.assessment is None and "did you mean 'developer'" in stranger.notes[0]
    missing = decode({"r": "read-code.3"}, SHIPPED)
    assert missing.assessment is None and "no version" in missing.notes[0]


def test_hostile_link_values_are_quoted_and_clipped_in_notes() -> None:
    link = decode({"sp": "1", "track": "developer", "r": "<script>" * 20 + ".3"}, SHIPPED)
    assert link.assessment is not None and link.assessment.ratings == {}
    assert all(len(n) < 200 for n in link.notes)


def test_very_long_or_noisy_links_are_bounded() -> None:
    long = decode({"sp": "1", "track": "developer", "r": "x" * 30_000}, SHIPPED)
    assert long.assessment is not None and long.assessment.ratings == {}
    noisy = decode({"sp": "1", "track": "developer", "r": ",".join(f"bad{i}.1" for i in range(50))}, SHIPPED)
    assert len(noisy.notes) == 10 and "more problems" in noisy.notes[-1]


def test_repeated_parameters_use_the_last_value() -> None:
    link = decode({"sp": ["1"], "track": ["qa", "developer"], "r": ["read-code.1", "read-code.2"]}, SHIPPED)
    assert link.assessment is not None
    assert (link.assessment.track, link.assessment.ratings) == ("developer", {"read-code": 2})


def test_is_share_link_only_for_share_parameters() -> None:
    assert is_share_link({"sp": "1"}) and is_share_link({"r": "x.1"})
    assert not is_share_link({}) and not is_share_link({"embed": "true"})


def test_a_link_works_with_any_framework() -> None:
    five = load_framework(FIVE_STAGE)
    link = decode({"sp": SHARE_VERSION, "track": "sre", "target": "4", "r": "slo-gates.2,read-code.3"}, five)
    assert link.assessment == Assessment(track="sre", target=4, ratings={"slo-gates": 2, "read-code": 3})


def _ratings_for(framework: Framework, track: str) -> st.SearchStrategy[dict[str, int]]:
    ids = framework.track_skill_ids(track)
    return st.dictionaries(st.sampled_from(ids), st.sampled_from(framework.levels), max_size=len(ids))


@given(
    track=st.sampled_from(["developer", "qa"]),
    target=st.one_of(st.none(), st.integers(1, 8)),
    data=st.data(),
)
def test_every_valid_assessment_survives_a_round_trip_through_a_link(
    track: str, target: int | None, data: st.DataObject
) -> None:
    ratings = data.draw(_ratings_for(SHIPPED, track))
    a = Assessment(name="Someone", track=track, target=target, ratings=ratings, evidence={})
    url = "https://stagepath.example/plan?" + query_string(encode(a))
    params = {k: v[-1] for k, v in parse_qs(urlsplit(url).query, keep_blank_values=True).items()}
    link = decode(params, SHIPPED)
    assert link.notes == ()
    assert link.assessment == a.model_copy(update={"name": None})
