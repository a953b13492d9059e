"""The Hiring page's candidates taken away and compared: one candidate's fit as Markdown and CSV, and several
candidates' assessments side by side against the profile, through the same report functions a script would
use (planner.reports.team)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from planner.framework import Framework
from planner.reports.team import comparison_csv, comparison_markdown, fit_csv, fit_markdown
from planner.service.hiring import Fit, HiringProfile, candidates_compared
from planner.ui import plain
from planner.ui.downloads import CSV, MARKDOWN, offer
from planner.ui.state import CANDIDATES_COMPARE_WIDGET as COMPARE_WIDGET
from planner.views.words import file_stem, percent


def fit_downloads(framework: Framework, profile: HiringProfile, name: str, fit: Fit) -> None:
    """One candidate's fit, to keep with the hiring notes."""
    today = dt.date.today()
    left, right, _ = st.columns([1, 1, 2])
    offer(
        left,
        "Fit (Markdown)",
        lambda: fit_markdown(framework, profile, name, fit),
        file_stem(name, "fit", today),
        MARKDOWN,
        "hiring.fit_md",
    )
    offer(right, "Gaps (CSV)", lambda: fit_csv(fit), file_stem(name, "fit", today), CSV, "hiring.fit_csv")


def comparison(framework: Framework, profile: HiringProfile) -> None:
    """Several candidates' assessment files side by side against the profile: who fits, in order, and each
    skill with each candidate's rating."""
    st.subheader("Compare candidates", anchor=False)
    uploads = st.file_uploader(
        "Candidates' assessments (YAML or JSON), two or more",
        type=["yaml", "yml", "json"],
        accept_multiple_files=True,
        key=COMPARE_WIDGET,
        help="Each file is one candidate: the file a candidate saves on the Assess page, or one you fill in.",
    )
    read = candidates_compared(framework, profile, ((u.name, u.getvalue()) for u in uploads or []))
    # Each file's name and problems as plain text under its alert: shown and copied as given, never links.
    for name, problems in read.refused:
        plain.alert("error", "This file cannot be used:", [name, *problems])
    for name, track in read.other_track:
        plain.alert(
            "warning", f"This file is on the {track} track; the profile is for {profile.track}:", name
        )
    compared = read.comparison
    if compared is None:
        st.caption("Upload two or more candidates' files to see them side by side.")
        return
    st.dataframe(
        [
            {
                "Candidate": c.name,
                "Fits": "yes" if c.fit.fits else "not yet",
                "Must-haves missing": len(c.fit.missing_must),
                "Weighted match": percent(c.fit.score),
            }
            for c in compared.candidates
        ],
        hide_index=True,
        key="hiring.compare_table",
    )
    today = dt.date.today()
    left, right, _ = st.columns([1, 1, 2])
    offer(
        left,
        "Comparison (Markdown)",
        lambda: comparison_markdown(framework, compared),
        file_stem("candidates", profile.track, today),
        MARKDOWN,
        "hiring.compare_md",
    )
    offer(
        right,
        "Comparison (CSV)",
        lambda: comparison_csv(compared),
        file_stem("candidates", profile.track, today),
        CSV,
        "hiring.compare_csv",
    )
