"""The expanded body, highlighted one visible line at a time (a line-API scroll view)."""

from functools import lru_cache
from itertools import groupby

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.theme import Theme

from ..core.webhook import JSON
from .highlight import line_spans, theme_styles

_GUTTER = Style(dim=True)
#: Each theme's resolved styles, by theme name (filled as themes are used).
_THEME_STYLES: dict[str, dict[str, Style]] = {}


@lru_cache(maxsize=4096)
def _line_strip(theme: str, content_type: str, line: str) -> Strip:
    """One body line as styled segments; cached, so scrolling back costs nothing."""
    look = _THEME_STYLES.get(theme, {})
    styles: list[Style | None] = [None] * len(line)
    for start, end, name in line_spans(content_type, line, unknown_only=True):
        styles[start:end] = [look.get(name)] * (end - start)  # later spans lie on top
    segments = []
    position = 0
    for style, run in groupby(styles):
        length = len(list(run))
        segments.append(Segment(line[position : position + length], style))
        position += length
    return Strip(segments)


class BodyPreview(ScrollView, can_focus=True):
    """Shows a body's lines with line numbers; only the lines on screen are ever styled."""

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._lines: tuple[str, ...] = ()
        self._content_type = JSON
        self._gutter_width = 2
        self._needed_width = 0
        self._theme = ""

    def on_mount(self) -> None:
        self._use_theme()
        self.app.theme_changed_signal.subscribe(self, self._use_theme)

    def _use_theme(self, theme: Theme | None = None) -> None:
        self._theme = self.app.theme
        _THEME_STYLES[self._theme] = theme_styles(self.app.theme_variables)
        _line_strip.cache_clear()
        self.refresh()

    @property
    def lines(self) -> tuple[str, ...]:
        return self._lines

    @property
    def text(self) -> str:
        return "\n".join(self._lines)

    def show(self, lines: tuple[str, ...], width: int, content_type: str) -> None:
        """Replace the body shown; the scroll position is kept where it still makes sense."""
        self._lines = tuple(line.expandtabs(4) if "\t" in line else line for line in lines)
        self._content_type = content_type
        self._gutter_width = len(str(len(lines))) + 1
        # virtual_size lays the whole screen out again when it changes: keep it still while
        # typing. Lines that fit keep the view's width; wider ones round up to 32 columns.
        self._needed_width = width + self._gutter_width + 1
        self._size_virtually()
        self.refresh()

    def on_resize(self) -> None:
        self._size_virtually()

    def _size_virtually(self) -> None:
        needed, fits = self._needed_width, self.scrollable_content_region.width
        shown_width = fits if needed <= fits else -(-needed // 32) * 32
        self.virtual_size = Size(shown_width, len(self._lines))

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = y + scroll_y
        width = self.size.width
        base = self.rich_style
        if index >= len(self._lines):
            return Strip.blank(width, base)
        gutter = Segment(f"{index + 1:>{self._gutter_width - 1}} ", _GUTTER)
        body_width = max(width - self._gutter_width, 0)
        body = _line_strip(self._theme, self._content_type, self._lines[index])
        body = body.crop_extend(scroll_x, scroll_x + body_width, None)
        return Strip([gutter, *body]).apply_style(base)
