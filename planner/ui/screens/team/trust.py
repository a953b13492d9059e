"""The Team page's view of trusted ratings: how many of the team's ratings someone besides the person
confirmed, where people stand on those alone, and whose placement rests on ratings nobody confirmed."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from planner.framework import Framework
from planner.service.team import TeamReport
from planner.ui.screens.team import results as team_results
from planner.ui.sources import Loaded
from planner.views.team_tables import ROWS_SHOWN, distribution_frame
from planner.views.words import literal, percent, stage_name


def section(framework: Framework, loaded: Loaded, report: TeamReport) -> None:
    trusted = report.trusted
    if trusted is None or not trusted.of:
        return
    st.subheader("On confirmed ratings", anchor=False)
    if not trusted.confirmed:
        st.caption(
            literal(
                f"None of the team's {trusted.of:,} ratings is confirmed yet, so every placement above rests on "
                'the ratings alone. A rating is confirmed when agreed in a check-in (or given as rater "agreed" '
                "in a file) or confirmed by a colleague."
            )
        )
        return
    share = percent(trusted.confirmed / trusted.of)
    st.caption(
        literal(
            f"{trusted.confirmed:,} of {trusted.of:,} ratings are confirmed ({share}): agreed in a check-in or "
            "confirmed by a colleague. The placements above count every rating; here an unconfirmed rating "
            "counts as unrated, so a stage shown here rests on what someone besides the person vouched for."
        )
    )
    st.dataframe(
        distribution_frame(framework, trusted.distribution), hide_index=True, key="team.trusted.distribution"
    )
    people = team_results.people_trust(
        framework,
        framework.digest,
        loaded.key,
        loaded.team,
        dt.date.today(),
        loaded.confirmations_key,
        loaded.confirmations,
    )
    lifted = sorted((p for p in people if p.trusted < p.placement), key=lambda p: p.trusted - p.placement)
    if not lifted:
        st.caption("Everyone stands where their confirmed ratings place them.")
        return
    st.markdown(
        literal(
            f"{len(lifted):,} of {len(people):,} people are placed higher than their confirmed ratings place them:"
        )
    )
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Name": p.name,
                    "Placement": stage_name(framework, p.placement),
                    "On confirmed ratings": stage_name(framework, p.trusted),
                    "Ratings confirmed": f"{p.confirmed} of {p.of}",
                }
                for p in lifted[:ROWS_SHOWN]
            ]
        ),
        hide_index=True,
        key="team.trusted.people",
    )
    if len(lifted) > ROWS_SHOWN:
        st.caption(literal(f"The first {ROWS_SHOWN:,} of {len(lifted):,}, the widest gaps first."))
