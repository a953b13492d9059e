"""The Organisation page, a file page so that it can be switched to (also by AppTest). Its content is in planner.ui.screens.org.page."""

from planner.ui.screens.org import page as org_view

org_view.render()
