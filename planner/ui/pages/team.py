"""The Team page, a file page so that it can be switched to (also by AppTest). Its content is in planner.ui.team_view."""

from planner.ui import team_view

team_view.render()
