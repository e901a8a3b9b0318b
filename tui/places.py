"""Where a problem lives on the screen: the field, party row or template line to go to."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Input, OptionList, Select

from ..core.problems import CONTENT_TYPE, PARTIES, TEMPLATE, URL, Problem
from ..core.webhook import SCALAR_PARAMETERS
from .body_preview import BodyPreview
from .party_table import PartyTable
from .template_editor import TemplateEditor


def go_to(screen: Screen[object], problem: Problem) -> None:
    """Move the focus (and the cursor) to the place a problem names."""
    editor = screen.query_one(TemplateEditor)
    place = problem.where
    if problem.template_line:
        editor.move_to(problem.template_line, problem.template_column)
    elif place == TEMPLATE:
        if problem.line:
            editor.move_to(problem.line, problem.column)
        else:
            editor.focus()
    elif place == URL:
        url = screen.query_one("#url", Input)
        url.focus()
        url.cursor_position = max(problem.column - 1, 0)
    elif place.kind == "field" and place.name in SCALAR_PARAMETERS:
        screen.query_one(f"#{place.name}", Input).focus()
    elif place == CONTENT_TYPE:
        screen.query_one("#content-type", Select).focus()
    elif place.kind == "party":
        parties = screen.query_one(PartyTable)
        parties.table.move_cursor(row=place.number - 1)
        parties.table.focus()
    elif place == PARTIES:
        screen.query_one(PartyTable).table.focus()
    elif problem.line:
        preview = screen.query_one(BodyPreview)
        preview.scroll_to(y=max(problem.line - 3, 0), animate=False)
        preview.focus()


def highlight_first(problems: OptionList) -> None:
    """Highlight the first problem, if none is: enter then goes to it with no arrow first."""
    first = problems.get_option_at_index(0) if problems.option_count else None
    if problems.highlighted is None and first is not None and not first.disabled:
        problems.highlighted = 0
