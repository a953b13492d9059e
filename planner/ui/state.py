"""Every key the app keeps in session state, in one registry: the values a page keeps between runs (`sp.`)
and the keys of the widgets whose state the code reads or sets. A screen imports its keys from here under
its own names, so no two screens can take the same key by accident and no page imports another. The Team
page's keys come first (its parts share them, and the Hiring page reads its profiles and gaps)."""

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

# --- What a person's session holds: their ratings and notes, the framework in use, the Assess and Explore widgets ---
SESSION_RATINGS, SESSION_EVIDENCE, SESSION_TRACK, SESSION_TARGET, SESSION_NAME, SESSION_RATER = (
    "sp.ratings",
    "sp.evidence",
    "sp.track",
    "sp.target",
    "sp.name",
    "sp.rater",
)
SESSION_NOTICES = "sp.notices"
SESSION_SHARED = "sp.shared"  # the share link opened in this session, as it stands in the address
SESSION_ASSESSED_ON = "sp.assessed_on"  # the loaded file's date until a rating or note changes
SESSION_FRAMEWORK = "sp.framework"
SESSION_TRACK_WIDGET, SESSION_TARGET_WIDGET, SESSION_NAME_WIDGET = (
    "assess.track",
    "assess.target",
    "assess.name",
)
SESSION_SECTIONS_WIDGET = (
    "assess.sections"  # the Assess page's sections shown: 0 for the floor, else stage numbers
)
SESSION_NOTES_WIDGET = "assess.notes_on"
SESSION_EXPLORE_STAGE, SESSION_EXPLORE_TRACK = "explore.stage", "explore.track"

# --- The framework picker ---
FRAMEWORK_CHOICE = "framework.choice"  # the radio; the choice itself is kept in SOURCE, which no widget owns
FRAMEWORK_SOURCE = "sp.framework.source"
FRAMEWORK_FILES = "framework.files"
FRAMEWORK_UPLOADED = "sp.framework.uploaded"
FRAMEWORK_PROBLEMS = "sp.framework.problems"
FRAMEWORK_IN_USE = "sp.framework.digest"
FRAMEWORK_OPEN = "framework.open"

# --- Access ---
ACCESS_NOW = "sp.access.now"  # the Access of the run in progress, worked out at its start (see begin_run)

# --- Assess ---
ASSESS_UPLOAD_KEY = "assess.upload"
ASSESS_NEXT_KEY = "assess.next"
ASSESS_SAVE_KEY, ASSESS_SHARE_KEY, ASSESS_RESET_KEY = (
    "assess.save_open",
    "assess.share_open",
    "assess.reset_open",
)
ASSESS_UPLOAD_PROBLEMS = "sp.assess.upload_problems"

# --- Explore ---
EXPLORE_LADDER_TAB_KEY = "explore.ladder_tab"

# --- Hiring ---
HIRING_TRACK, HIRING_STAGE, HIRING_MUST, HIRING_NICE = (
    "sp.hiring.track",
    "sp.hiring.stage",
    "sp.hiring.must",
    "sp.hiring.nice",
)
HIRING_CANDIDATE = "sp.hiring.candidate"  # (file name, bytes) of the uploaded candidate assessment
HIRING_QUICK = "sp.hiring.quick"  # skill id -> the level given by hand
HIRING_FROM_GAPS = "sp.hiring.from_gaps"  # the sentence saying which team gaps the profile came from
HIRING_TRACK_WIDGET, HIRING_STAGE_WIDGET = "hiring.track", "hiring.stage"
HIRING_MUST_WIDGET, HIRING_NICE_WIDGET = "hiring.must", "hiring.nice"
HIRING_CANDIDATE_WIDGET, HIRING_FIT_MODE_WIDGET = "hiring.candidate", "hiring.fit_mode"

# --- Hiring's candidates compared ---
CANDIDATES_COMPARE_WIDGET = "hiring.compare_upload"

# --- My assessments ---
MINE_PICK_WIDGET = "mine.pick"

# --- Check-ins (widgets per check-in or request add its id: CHECKINS_REVIEW_WIDGET + "7") ---
CHECKINS_SHARE_PICK, CHECKINS_SHARE_TEAM = "checkins.share_pick", "checkins.share_team"
CHECKINS_ASK_SKILL, CHECKINS_ASK_LEVEL = "checkins.ask_skill", "checkins.ask_level"
CHECKINS_ASK_OF, CHECKINS_ASK_EVIDENCE = "checkins.ask_of", "checkins.ask_evidence"
CHECKINS_OPEN_TEAM, CHECKINS_OPEN_PERSON = "checkins.open_team", "checkins.open_person"
CHECKINS_REVIEW_WIDGET = "checkins.review."
CHECKINS_ANSWER_WIDGET = "checkins.answer."
CHECKINS_SCAN_UPLOAD = "checkins.scan_upload"

# --- My plan ---
PLAN_ALL_GAPS_KEY = "plan.all_gaps"

# --- Organisation ---
ORG_UPLOAD_WIDGET = "org.upload"
ORG_GROUNDWORK_WIDGET = "org.groundwork"
ORG_TARGET_WIDGET = "org.target"
ORG_MIN_COVERAGE_WIDGET = "org.min_coverage"
ORG_RELOAD = "sp.org.reload"  # a counter: bumped to read the database again (no access decision is kept)
ORG_SAMPLE_SHOWN = "sp.org.sample"
