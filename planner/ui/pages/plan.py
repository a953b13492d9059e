"""The plan page, a file page so that it can be switched to (also by AppTest). Its content is in planner.ui.plan."""

from planner.ui import plan

plan.render()
