"""The Team page's values in session state, shared by its parts and read by the Hiring page: the roster in
use, the target and, for the Hiring page, the profiles built from the team's gaps. A module of its own, so
that no page imports another."""

from __future__ import annotations

# Canonical values (no widget owns them, so they survive a visit to another page).
SOURCE = "sp.team.source"
TARGET = "sp.team.target"
MIN_COVERAGE = "sp.team.min_coverage"
SAVED = "sp.team.saved"
UPLOAD_SEEN = "sp.team.upload_seen"
STAMP = "sp.team.stamp"
NOTICE = "sp.team.notice"
ADDRESS_TEAM = "sp.team.address_team"  # the ?team= already opened, so that it opens once
# For the Hiring page: the profiles built from the current team's gaps, and a sentence on where from.
PROFILES = "sp.team.profiles"
GAPS_FROM = "sp.team.gaps_from"

UPLOAD_WIDGET = "team.upload"
TARGET_WIDGET = "team.target"
MIN_COVERAGE_WIDGET = "team.min_coverage"
STORED_TEAM_WIDGET = "team.stored_team"
HISTORY_WIDGET = "team.with_history"
SAVE_NAME_WIDGET = "team.save_name"
TRACK_WIDGET = "team.heatmap_track"
VIEW_WIDGET = "team.heatmap_view"
GAPS_ONLY_WIDGET = "team.gaps_only"
