"""The Hiring page: a hiring profile built from the team's gaps (the Team page leaves them in session
state) or by hand, the interview prompts of its skills, a candidate's fit against it, and the profile as
Markdown.

The profile's choices (track, stage, must-have and nice-to-have skills) are canonical values that no
widget owns, so they survive a visit to the Team page; widgets are seeded from them and write back
through callbacks. Nothing a user gave (a candidate's name, a file name) is shown as Markdown: it is plain
text (planner.ui.plain) or a table's cell."""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from planner.formats.assessment import Assessment
from planner.framework import Framework
from planner.reports.team import no_hire_builds, profile_markdown
from planner.service.hiring import CoverageRow, HiringProfile, candidate_fit, hiring_profile, read_candidate
from planner.ui import access_gate, plain, session
from planner.ui.caching import copied
from planner.ui.screens import candidates
from planner.ui.state import BUILD_COUNT, COVERAGE, GAPS_FROM, PROFILES
from planner.ui.state import HIRING_CANDIDATE as CANDIDATE
from planner.ui.state import HIRING_CANDIDATE_WIDGET as CANDIDATE_WIDGET
from planner.ui.state import HIRING_FIT_MODE_WIDGET as FIT_MODE_WIDGET
from planner.ui.state import HIRING_FROM_GAPS as FROM_GAPS
from planner.ui.state import HIRING_MUST as MUST
from planner.ui.state import HIRING_MUST_WIDGET as MUST_WIDGET
from planner.ui.state import HIRING_NICE as NICE
from planner.ui.state import HIRING_NICE_WIDGET as NICE_WIDGET
from planner.ui.state import HIRING_QUICK as QUICK
from planner.ui.state import HIRING_STAGE as STAGE
from planner.ui.state import HIRING_STAGE_WIDGET as STAGE_WIDGET
from planner.ui.state import HIRING_TRACK as TRACK
from planner.ui.state import HIRING_TRACK_WIDGET as TRACK_WIDGET
from planner.views.team_tables import fit_frame, nothing_to_hire, profile_frame, where_label
from planner.views.words import file_stem, level_label, literal, percent, stage_option

TEAM_PAGE = "planner/ui/pages/team.py"


UPLOAD_MODE, RATE_MODE = "upload", "rate"
FIT_MODES = {UPLOAD_MODE: "Upload their assessment", RATE_MODE: "Rate them here"}


def _quick_key(skill_id: str) -> str:
    return f"hiring.rate.{skill_id}"


def _state() -> Any:
    return st.session_state


def _ensure(framework: Framework) -> None:
    ss = _state()
    ids = [t.id for t in framework.tracks]
    if ss.get(TRACK) not in ids:
        ss[TRACK] = ids[0]
    if framework.stage(ss.get(STAGE) or 0) is None:
        ss[STAGE] = framework.ceiling // 2 + 1
    allowed = set(framework.track_skill_ids(ss[TRACK]))
    ss[MUST] = [s for s in ss.get(MUST, []) if s in allowed]
    ss[NICE] = [s for s in ss.get(NICE, []) if s in allowed and s not in ss[MUST]]
    ss.setdefault(QUICK, {})
    ss.setdefault(FROM_GAPS, "")


def _forget_widgets() -> None:
    for key in (TRACK_WIDGET, STAGE_WIDGET, MUST_WIDGET, NICE_WIDGET):
        _state().pop(key, None)


# --- callbacks ------------------------------------------------------------------------------------------


def _use_profile(profile: HiringProfile, where: str) -> None:
    ss = _state()
    ss[TRACK], ss[STAGE] = profile.track, profile.stage
    ss[MUST] = [s.skill for s in profile.must_have]
    ss[NICE] = [s.skill for s in profile.nice_to_have]
    ss[FROM_GAPS] = where
    _forget_widgets()


def _on_track() -> None:
    ss = _state()
    ss[TRACK] = ss[TRACK_WIDGET]
    ss[FROM_GAPS] = ""
    # Floor skills belong to every track, so they stay; the old track's own skills go.
    ss.pop(MUST_WIDGET, None)
    ss.pop(NICE_WIDGET, None)


def _on_stage() -> None:
    _state()[STAGE] = _state()[STAGE_WIDGET]


def _on_skills() -> None:
    ss = _state()
    ss[MUST] = list(ss.get(MUST_WIDGET) or [])
    ss[NICE] = [s for s in ss.get(NICE_WIDGET) or [] if s not in ss[MUST]]
    ss.pop(NICE_WIDGET, None)  # a skill just made a must-have leaves the nice-to-haves
    ss[FROM_GAPS] = ""


def _fill_to_stage(framework: Framework) -> None:
    """Every skill the track expects up to the chosen stage, the floor included, as must-haves."""
    ss = _state()
    ss[MUST] = [e.id for e in framework.expectations(ss[TRACK], ss[STAGE])]
    ss[NICE] = []
    ss[FROM_GAPS] = ""
    _forget_widgets()


def _on_clear() -> None:
    ss = _state()
    ss[MUST], ss[NICE], ss[FROM_GAPS] = [], [], ""
    _forget_widgets()


def _on_candidate() -> None:
    uploaded = _state().get(CANDIDATE_WIDGET)
    _state()[CANDIDATE] = (uploaded.name, uploaded.getvalue()) if uploaded else None


def _on_quick(skill_id: str) -> None:
    value = _state().get(_quick_key(skill_id))
    quick: dict[str, int] = _state()[QUICK]
    if value is None:
        quick.pop(skill_id, None)
    else:
        quick[skill_id] = int(value)


# --- the page ---------------------------------------------------------------------------------------------


def render() -> None:
    framework = session.framework_in_use()
    _ensure(framework)
    st.title("Hiring")
    st.caption(
        "Whom to hire: the skills a candidate must and should bring, what to ask them, and how well a "
        "candidate fits."
    )
    _from_team(framework)
    profile = _builder(framework)
    if profile is None:
        _empty_state()
        return
    _profile(framework, profile)
    _fit(framework, profile)
    candidates.comparison(framework, profile)


def _from_team(framework: Framework) -> None:
    profiles: tuple[HiringProfile, ...] | None = access_gate.kept(PROFILES)
    where = access_gate.kept(GAPS_FROM, "")
    st.subheader("From your team's gaps", anchor=False)
    if profiles is None:
        st.caption("Load a team on the Team page and its gaps turn into a profile here in one click.")
        st.page_link(TEAM_PAGE, label="Go to the Team page", icon=":material/groups:")
        return
    build = int(access_gate.kept(BUILD_COUNT) or 0)
    if build:
        st.info(literal(no_hire_builds(build)), icon=":material/construction:")
    rows: tuple[CoverageRow, ...] = access_gate.kept(COVERAGE, ())
    tracks = {t.id: t.name for t in framework.tracks}
    present = list(dict.fromkeys(r.track for r in rows))
    if not profiles:
        if all(r.verdict == "covered" for r in rows):
            st.success(literal(f"No gaps to hire for: from {where}, every skill is covered."))
            return
        # Gaps, but none to hire for: say so and why, track by track, and where to act on them.
        st.info(
            literal(
                f"Nothing to hire for: from {where}, every skill is held by someone or has someone within "
                "one level of it, and a profile takes only the skills nobody is within one level of."
            ),
            icon=":material/trending_up:",
        )
        for track in present:
            st.caption(literal(f"{tracks.get(track, track)}: {nothing_to_hire(rows, track)}."))
        st.page_link(TEAM_PAGE, label="Whom to develop, on the Team page", icon=":material/groups:")
        return
    st.caption(
        literal(
            f"From {where}. Must have: the floor ({framework.floor_skills_phrase}) and every skill nobody "
            "is within one level of; "
            "nice to have: the skills the team can develop."
        )
    )
    hired = {p.track for p in profiles}
    for track in present:
        if track not in hired:
            st.caption(
                literal(f"{tracks.get(track, track)}: nothing to hire, {nothing_to_hire(rows, track)}.")
            )
    for column, profile in zip(st.columns(len(profiles)), profiles, strict=True):
        hire = len(profile.must_have) - len(framework.curve.floor.skills)
        name = tracks.get(profile.track, profile.track)
        # The counts go under the button, not in its label: a button's label does not wrap, and on a
        # phone a long one is cut off.
        column.button(  # a button's label is Markdown: the track's name is framework text, shown literally
            literal(f"Use the {name} gaps"),
            icon=":material/person_add:",
            on_click=_use_profile,
            args=(profile, f"the {name} gaps on {where}"),
            key=f"hiring.use.{profile.track}",
        )
        column.caption(f"{hire:,} to hire, {len(profile.nice_to_have):,} to develop")


def _skill_label(framework: Framework, track_id: str) -> dict[str, str]:
    """Each skill as a picker option and chip: where it sits and its name. Short, so that a profile's
    chips fit a row; the level asked, which depends on the stage the hire works at, is in the profile
    table below."""
    return {e.id: f"{where_label(e.stage)} · {e.name}" for e in framework.expectations(track_id)}


def _builder(framework: Framework) -> HiringProfile | None:
    ss = _state()
    st.subheader("The profile", anchor=False)
    if ss[FROM_GAPS]:
        st.caption(literal(f"Built from {ss[FROM_GAPS]}; change anything below."))
    session.seed(TRACK_WIDGET, ss[TRACK])
    session.seed(STAGE_WIDGET, ss[STAGE])
    session.seed(MUST_WIDGET, ss[MUST])
    session.seed(NICE_WIDGET, ss[NICE])
    labels = _skill_label(framework, ss[TRACK])
    left, middle, right = st.columns([1, 1, 1])
    left.selectbox(
        "Track",
        [t.id for t in framework.tracks],
        format_func=lambda t: next((x.name for x in framework.tracks if x.id == t), t),
        key=TRACK_WIDGET,
        on_change=_on_track,
    )
    middle.selectbox(
        "Stage the hire works at",
        [s.number for s in framework.curve.stages],
        format_func=lambda n: stage_option(framework, n),
        key=STAGE_WIDGET,
        on_change=_on_stage,
    )
    with right:
        st.button(
            "Fill in every skill up to this stage",
            icon=":material/playlist_add:",
            on_click=_fill_to_stage,
            args=(framework,),
            key="hiring.fill",
            help="Every skill the track expects up to the chosen stage, the floor included, as must-haves.",
        )
        st.button("Clear the skills", icon=":material/close:", on_click=_on_clear, key="hiring.clear")
    options = list(labels)
    st.multiselect(
        "Must have",
        options,
        format_func=lambda s: labels.get(s, s),
        key=MUST_WIDGET,
        on_change=_on_skills,
        # One row that scrolls sideways: wrapped, Streamlit caps the chips at four and a half rows and cuts
        # the fifth in half. Every chosen skill is listed in the profile table just below.
        wrap=False,
        placeholder="Skills a candidate cannot be hired without",
    )
    st.multiselect(
        "Nice to have",
        [s for s in options if s not in ss[MUST]],
        format_func=lambda s: labels.get(s, s),
        key=NICE_WIDGET,
        on_change=_on_skills,
        # One row that scrolls sideways: wrapped, Streamlit caps the chips at four and a half rows and cuts
        # the fifth in half. Every chosen skill is listed in the profile table just below.
        wrap=False,
        placeholder="Skills that would shorten the wait while the team develops them",
    )
    if not ss[MUST] and not ss[NICE]:
        return None
    return hiring_profile(framework, ss[TRACK], ss[STAGE], ss[MUST], ss[NICE])


def _empty_state() -> None:
    with st.container(border=True):
        st.markdown(
            "**No profile yet.** Start from your team's gaps above, or choose a track and a stage and the "
            "skills a candidate must bring (**Fill in every skill up to this stage** does it for you). The "
            "interview prompts for those skills, a candidate's fit and a Markdown export follow here."
        )


def _profile(framework: Framework, profile: HiringProfile) -> None:
    left, right = st.columns([1, 1], gap="large")
    with left:
        st.dataframe(profile_frame(framework, profile), hide_index=True, key="hiring.profile")
        stem = file_stem("hiring-profile", profile.track, dt.date.today())
        st.download_button(
            "Profile (Markdown)",
            data=lambda: profile_markdown(framework, profile),
            file_name=f"{stem}.md",
            mime="text/markdown",
            icon=":material/description:",
            on_click="ignore",
            key="hiring.download_md",
        )
    with right:
        st.markdown("**Ask in the interview**")
        names = framework.skill_names
        musts = {s.skill for s in profile.must_have}
        by_skill: dict[str, list[str]] = {}
        for prompt in profile.interview:
            by_skill.setdefault(prompt.skill, []).append(prompt.prompt)
        if not by_skill:
            st.caption("The framework gives no interview prompts for these skills.")
        for skill, prompts in by_skill.items():
            kind = "must have" if skill in musts else "nice to have"
            st.markdown(
                f"**{literal(names.get(skill, skill))}** ({kind})\n"
                + "\n".join(f"- {literal(p)}" for p in prompts)
            )


@copied(32)
def _parse(_framework: Framework, digest: str, name: str, raw: bytes) -> Assessment | list[str]:
    return read_candidate(_framework, name, raw)


def _candidate(framework: Framework, profile: HiringProfile) -> Assessment | None:
    mode = st.segmented_control(
        "How to rate the candidate",
        list(FIT_MODES),
        format_func=lambda m: FIT_MODES[m],
        default=RATE_MODE,
        required=True,
        key=FIT_MODE_WIDGET,
        label_visibility="collapsed",
    )
    if mode == UPLOAD_MODE:
        st.file_uploader(
            "The candidate's assessment (YAML or JSON)",
            type=["yaml", "yml", "json"],
            key=CANDIDATE_WIDGET,
            on_change=_on_candidate,
            help="The file a candidate saves on the Assess page, or one you fill in after the interview.",
        )
        uploaded = _state().get(CANDIDATE)
        if not uploaded:
            st.caption("Upload a file to see the fit.")
            return None
        name, raw = uploaded
        result = _parse(framework, framework.digest, name, raw)
        if isinstance(result, list):
            plain.alert("error", "That file cannot be used:", result)
            return None
        who = result.name or name
        st.text(f"Candidate: {who} ({result.track} track)")  # the name as given, never a link
        if result.track != profile.track:
            st.warning(
                literal(
                    f"This assessment is on the {result.track} track and the profile is for {profile.track}: "
                    "skills it does not rate count as 0."
                )
            )
        return result
    st.caption("Rate the candidate on each skill of the profile, as you judged it in the interview.")
    quick: dict[str, int] = _state()[QUICK]
    skills = [*profile.must_have, *profile.nice_to_have]
    # Two to a row, a row at a time: on a phone the columns stack, and row by row keeps the profile's
    # order (must-haves first). Stretched, a control wraps its levels instead of cutting them off.
    for start in range(0, len(skills), 2):
        for column, skill in zip(st.columns(2), skills[start : start + 2], strict=False):
            key = _quick_key(skill.skill)
            session.seed(key, quick.get(skill.skill))
            column.segmented_control(  # label and options are Markdown: framework text shown literally
                literal(f"{skill.name} (at least {skill.expected})"),
                list(framework.levels),
                format_func=lambda lv: literal(level_label(framework, lv)),
                key=key,
                on_change=_on_quick,
                args=(skill.skill,),
                width="stretch",
            )
    ratings = {s.skill: quick[s.skill] for s in skills if s.skill in quick}
    if not ratings:
        st.caption("Rate at least one skill to see the fit (a skill left unrated counts as 0).")
        return None
    return Assessment(track=profile.track, rater="manager", ratings=ratings)


def _fit(framework: Framework, profile: HiringProfile) -> None:
    st.subheader("Candidate fit", anchor=False)
    candidate = _candidate(framework, profile)
    if candidate is None:
        return
    fit = candidate_fit(profile, candidate)
    # The verdict first: a missing must-have decides it, so the weighted match is only a note under it,
    # never a large figure that could read as "78% fit" beside "does not fit".
    verdict, musts, _ = st.columns([1, 1, 2])
    verdict.metric("Verdict", "Fits" if fit.fits else "Does not fit yet", border=True)
    met = len(profile.must_have) - len(fit.missing_must)
    musts.metric("Must-haves met", f"{met} of {len(profile.must_have)}", border=True)
    st.caption(
        f"Weighted match {percent(fit.score)}: each skill earns its rating up to the level asked and "
        "must-haves count twice; it ranks candidates who fit, it never outweighs a missing must-have."
    )
    if fit.fits:
        st.success("Fits the profile: every must-have is at or above the level asked.")
    else:
        missing = ", ".join(g.name for g in fit.missing_must)
        st.warning(literal(f"Does not fit yet: below the level asked in {missing}."))
    gaps = fit_frame(framework, fit)
    if not gaps.empty:
        st.dataframe(gaps, hide_index=True, key="hiring.fit_gaps")
    candidates.fit_downloads(framework, profile, candidate.name or "candidate", fit)
