"""The template editor: a TextArea coloured as JSON or XML, with placeholders marked.

Colouring goes through TextArea's public hook, ``get_line``: each visible line is styled
from :mod:`.highlight` (cached per line), in the current theme's colours.
"""

from rich.style import Style
from rich.text import Text
from textual.theme import Theme
from textual.widgets import TextArea
from textual.widgets.text_area import TextAreaTheme

from ..core.webhook import JSON
from .highlight import line_spans, theme_styles


class TemplateEditor(TextArea):
    """Edits the body template; colours come from :mod:`.highlight`, not tree-sitter."""

    def __init__(
        self,
        text: str,
        content_type: str = JSON,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(
            text, soft_wrap=False, tab_behavior="indent", name=name, id=id, classes=classes
        )
        self._content_type = content_type
        self._styles: dict[str, Style] = {}
        self.indent_width = 4

    def on_mount(self) -> None:
        if self.app.is_headless:
            self.cursor_blink = False  # a still screen for tests and snapshots
        self._use_theme()
        self.app.theme_changed_signal.subscribe(self, self._use_theme)

    def _use_theme(self, theme: Theme | None = None) -> None:
        self._styles = theme_styles(self.app.theme_variables)
        # The cursor line is marked by its background only: its text keeps its colours.
        cursor_line = self.get_component_rich_style("text-area--cursor-line")
        look = TextAreaTheme(
            name=f"smarthook-{self.app.theme}", cursor_line_style=Style(bgcolor=cursor_line.bgcolor)
        )
        self.register_theme(look)
        self.theme = look.name
        self._restyle()

    @property
    def content_type(self) -> str:
        return self._content_type

    @content_type.setter
    def content_type(self, content_type: str) -> None:
        if content_type != self._content_type:
            self._content_type = content_type
            self._restyle()

    def _restyle(self) -> None:
        self.notify_style_update()  # drops TextArea's rendered lines: they are coloured anew
        self.refresh()

    def get_line(self, line_index: int) -> Text:
        """The line with its syntax and placeholder colours (TextArea's public hook)."""
        line = super().get_line(line_index)
        styles = self._styles
        for start, end, name in line_spans(self._content_type, line.plain):
            style = styles.get(name)
            if style is not None:
                line.stylize(style, start, end)
        return line

    def move_to(self, line: int, column: int) -> None:
        """Put the cursor at a 1-based line and column, and focus the editor."""
        self.move_cursor((max(line - 1, 0), max(column - 1, 0)), center=True)
        self.focus()
