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
# For the Hiring page: the coverage rows those profiles came from, so that it can say why a team with gaps has
# nothing to hire for.
COVERAGE = "sp.team.coverage"
# The groundwork record being edited, where it came from ("own:", "stored:" or "none:" and the roster it
# belongs to), and a message from the last load or save.
GROUNDWORK = "sp.team.groundwork"
GROUNDWORK_FROM = "sp.team.groundwork_from"
GROUNDWORK_NOTICE = "sp.team.groundwork_notice"
GROUNDWORK_OPEN = "sp.team.groundwork_open"  # the stage whose section was last worked on, kept open
# The target chosen for each team saved in this visit, so that loading it back keeps it.
SAVED_TARGETS = "sp.team.saved_targets"
# For the Hiring page: how many capabilities the team has to build, which no hire fixes.
BUILD_COUNT = "sp.team.build_count"

UPLOAD_WIDGET = "team.upload"
TARGET_WIDGET = "team.target"
MIN_COVERAGE_WIDGET = "team.min_coverage"
STORED_TEAM_WIDGET = "team.stored_team"
HISTORY_WIDGET = "team.with_history"
SAVE_NAME_WIDGET = "team.save_name"
TRACK_WIDGET = "team.heatmap_track"
VIEW_WIDGET = "team.heatmap_view"
GAPS_ONLY_WIDGET = "team.gaps_only"
GROUNDWORK_UPLOAD_WIDGET = "team.gw.upload"
