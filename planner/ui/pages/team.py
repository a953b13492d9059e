"""The Team page, a file page so that it can be switched to (also by AppTest). Its content is in planner.ui.screens.team.page."""

from planner.ui.screens.team import page as team_view

team_view.render()
