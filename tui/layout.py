"""The screen's layout by size: which side a narrow terminal shows."""

from __future__ import annotations

from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

#: Width classes (narrow: one side at a time; wide: a third column) and height classes.
WIDTHS = [(0, "-tiny"), (72, "-narrow"), (100, "-normal"), (180, "-wide")]
HEIGHTS = [(0, "-cramped"), (22, "-short"), (32, "-tall")]

_SIDES = ("compose", "preview", "answer-area")


def too_small_notice() -> Static:
    """The line that says the terminal is too small (the stylesheet shows it when it is)."""
    width, height = WIDTHS[1][0], HEIGHTS[1][0]
    return Static(
        f"The terminal is too small for smarthook: make it at least {width}×{height}.",
        id="too-small",
    )


def follow_focus(screen: Screen[object], focused: Widget) -> None:
    """On a narrow terminal, the side that gets the focus is the side shown."""
    sides = [node.id for node in focused.ancestors if node.id in _SIDES]
    if sides and screen.has_class("-narrow", "-tiny"):
        screen.set_class(sides[0] != "compose", "-results")
