"""The plan page, a file page so that it can be switched to (also by AppTest). Its content is in planner.ui.screens.plan."""

from planner.ui.screens import plan

plan.render()
