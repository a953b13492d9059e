"""The One person page, for a 1:1, a file page so that it can be switched to (also by AppTest). Its content is in planner.ui.screens.person."""

from planner.ui.screens import person

person.render()
