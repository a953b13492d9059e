"""The Hiring page, a file page so that it can be switched to (also by AppTest). Its content is in planner.ui.screens.hiring."""

from planner.ui.screens import hiring as hiring_view

hiring_view.render()
