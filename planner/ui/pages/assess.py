"""The assess page, a file page so that it can be switched to (also by AppTest). Its content is in planner.ui.assess."""

from planner.ui import assess

assess.render()
