"""The Organisation page, a file page so that it can be switched to (also by AppTest). Its content is in planner.ui.org_view."""

from planner.ui import org_view

org_view.render()
