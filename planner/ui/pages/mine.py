"""The My assessments page (shared deployments only), a file page so that it can be switched to (also by AppTest). Its content is in planner.ui.screens.mine."""

from planner.ui.screens import mine

mine.render()
