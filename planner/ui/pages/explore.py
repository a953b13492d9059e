"""The explore page, a file page so that it can be switched to (also by AppTest). Its content is in planner.ui.screens.explore."""

from planner.ui.screens import explore

explore.render()
