"""The explore page, a file page so that it can be switched to (also by AppTest). Its content is in planner.ui.explore."""

from planner.ui import explore

explore.render()
