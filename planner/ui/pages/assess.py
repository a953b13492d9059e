"""The assess page, a file page so that it can be switched to (also by AppTest). Its content is in planner.ui.screens.assess."""

from planner.ui.screens import assess

assess.render()
