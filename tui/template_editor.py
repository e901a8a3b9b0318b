"""The template editor: a TextArea coloured as JSON or XML, with placeholders marked."""

from textual.widgets import TextArea
from textual.widgets.text_area import TextAreaTheme

from ..core.webhook import JSON
from .highlight import STYLES, line_spans

THEME = TextAreaTheme(name="smarthook", syntax_styles=dict(STYLES))


class TemplateEditor(TextArea):
    """Edits the body template; colours come from :mod:`.highlight`, not tree-sitter."""

    def __init__(self, text: str, content_type: str = JSON, **kwargs: object) -> None:
        # Set before TextArea's constructor, which builds the first highlight map.
        self._content_type = content_type
        super().__init__(text, soft_wrap=False, tab_behavior="indent", **kwargs)  # type: ignore[arg-type]
        self.register_theme(THEME)
        self.theme = THEME.name
        self.indent_width = 4

    @property
    def content_type(self) -> str:
        return self._content_type

    @content_type.setter
    def content_type(self, content_type: str) -> None:
        if content_type != self._content_type:
            self._content_type = content_type
            self._build_highlight_map()
            self.refresh()

    def _build_highlight_map(self) -> None:
        # TextArea calls this after every edit; it wants UTF-8 byte offsets per line.
        self._line_cache.clear()
        highlights = self._highlights
        highlights.clear()
        content_type = getattr(self, "_content_type", JSON)
        for row, line in enumerate(self.document.lines):
            spans = line_spans(content_type, line)
            if not spans:
                continue
            if line.isascii():
                highlights[row] = [(start, end, name) for start, end, name in spans]
            else:
                highlights[row] = [
                    (len(line[:start].encode()), len(line[:end].encode()), name)
                    for start, end, name in spans
                ]

    def move_to(self, line: int, column: int) -> None:
        """Put the cursor at a 1-based line and column, and focus the editor."""
        self.move_cursor((max(line - 1, 0), max(column - 1, 0)), center=True)
        self.focus()
