"""The Check-ins page (shared deployments only), a file page so that it can be switched to (also by AppTest). Its content is in planner.ui.screens.checkins."""

from planner.ui.screens import checkins

checkins.render()
