"""The Organisation page's downloads: the organisation report as `stagepath org` writes it."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from planner.framework import Framework
from planner.reports.org import org_csv, org_markdown
from planner.service.org import OrgReport
from planner.ui.downloads import CSV, MARKDOWN, offer
from planner.views.words import file_stem


def section(framework: Framework, report: OrgReport) -> None:
    """The organisation report as `stagepath org` writes it for the same people, target, goal and day."""
    st.markdown("**Take it with you**")
    today = dt.date.today()
    left, right, _ = st.columns([1, 1, 2])
    offer(
        left,
        "Organisation report (Markdown)",
        lambda: org_markdown(framework, report),
        file_stem("organisation", "report", today),
        MARKDOWN,
        "org.download_md",
    )
    offer(
        right,
        "Organisation report (CSV)",
        lambda: org_csv(framework, report),
        file_stem("organisation", "report", today),
        CSV,
        "org.download_csv",
        help="Three tables: the teams, the hiring plan, and the mentor pairs.",
    )
