"""The app's pages, in menu order: what each is called, where it lives and how it is linked to. A module of
its own so that the shell and any page can list the pages without one page importing another."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    file: str
    title: str
    icon: str
    url_path: str
    section: str = ""
    default: bool = False
    # The page shows the visitor's status itself (Assess, where a fragment keeps it current; My plan, in its
    # headline figures): the sidebar leaves its copy out there.
    own_status: bool = False


# Every page of the app, in menu order. Pages for managers (Team, Hiring) join here with their section.
PAGES: tuple[PageSpec, ...] = (
    PageSpec("explore.py", "Explore the curve", ":material/explore:", "explore", default=True),
    PageSpec("assess.py", "Assess yourself", ":material/checklist:", "assess", own_status=True),
    PageSpec("plan.py", "My plan", ":material/flag:", "plan", own_status=True),
    # In the menu of a shared deployment only (access_gate.SHARED_ONLY_PAGES): a person's stored assessments.
    PageSpec("mine.py", "My assessments", ":material/history:", "mine"),
    # Shared deployments only too: check-ins with a manager and confirmations asked of colleagues.
    PageSpec("checkins.py", "Check-ins", ":material/handshake:", "checkins"),
    PageSpec("team.py", "Team", ":material/groups:", "team", section="For managers"),
    PageSpec("hiring.py", "Hiring", ":material/person_add:", "hiring", section="For managers"),
    PageSpec("org.py", "Organisation", ":material/account_tree:", "org", section="For managers"),
    # In the menu of a shared deployment only (access_gate.SHARED_ONLY_PAGES): one person for a 1:1, opened
    # from the Team page's people in single-user mode too.
    PageSpec("person.py", "One person", ":material/person:", "person", section="For managers"),
)


def page_path(file: str) -> str:
    """A page's path as st.page_link and st.switch_page want it: relative to the app's main script."""
    return f"planner/ui/pages/{file}"
