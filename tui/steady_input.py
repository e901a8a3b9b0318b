"""An ``Input`` whose typing does not lay the whole screen out again on every keystroke.

Textual's ``Input`` sets its virtual size from the width of its value, and a new virtual
size reflows the screen: cheap in a bare app, about 20 ms on smarthook's. Rounding the width
up to a step means a reflow only every ``STEP`` characters; scrolling to the cursor, which
uses the content region, is unchanged.
"""

from typing import Any

from textual.reactive import reactive
from textual.widgets import Input

STEP = 64


class SteadyInput(Input):
    """An ``Input`` with its content width rounded up to :data:`STEP` cells; compact unless
    told otherwise."""

    #: ``Input`` marks itself ``-valid`` as its value is set (with no validators it always
    #: is), and ``-textual-compact`` as ``compact`` is set (smarthook's fields all are):
    #: starting with the marks spares restyling each field before it is even mounted.
    DEFAULT_CLASSES = "-valid -textual-compact"
    #: Compact by default, so that the mark above stands (``compact=False`` takes it off).
    compact = reactive(True, toggle_class="-textual-compact")

    def __init__(self, value: str | None = None, *, compact: bool = True, **options: Any) -> None:
        super().__init__(value, compact=compact, **options)

    def on_mount(self) -> None:
        if self.app.is_headless:
            self.cursor_blink = False  # a still screen for tests and snapshots

    @property
    def content_width(self) -> int:
        return -(-super().content_width // STEP) * STEP
