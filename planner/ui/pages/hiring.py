"""The Hiring page, a file page so that it can be switched to (also by AppTest). Its content is in planner.ui.hiring_view."""

from planner.ui import hiring_view

hiring_view.render()
