"""The dialogs' common screen: a ``.dialog`` box over the dimmed editor, styled here.

Its rules come with it (``DEFAULT_CSS``), so the app's stylesheet, parsed before the first
frame, holds only what the main screen shows.
"""

from typing import TypeVar

from textual.screen import ModalScreen

ResultType = TypeVar("ResultType")


class DialogScreen(ModalScreen[ResultType]):
    """A modal screen whose content is a box of class ``dialog`` (``wide``, ``full``)."""

    DEFAULT_CSS = """
    .dialog {
        width: 64;
        height: auto;
        max-height: 90%;
        border: round $accent;
        border-title-color: $text-accent;
        background: $surface;
        padding: 1 2;
    }
    .dialog.wide {
        width: 90%;
        max-width: 110;
    }
    .dialog.full {
        width: 95%;
        height: 90%;
    }
    .dialog .question {
        margin-bottom: 1;
    }
    .dialog .buttons {
        height: auto;
        align-horizontal: right;
        margin-top: 1;
    }
    .dialog .buttons Button {
        margin-left: 2;
    }
    .dialog .error {
        color: $text-error;
        height: auto;
    }
    .dialog .warning {
        color: $text-warning;
        height: auto;
    }
    .dialog .label {
        height: auto;
    }
    .dialog #lines {
        height: 10;
    }
    .dialog #presets {
        height: auto;
        max-height: 24;
        border: none;
    }
    .dialog #wire {
        height: 1fr;
    }
    .dim {
        color: $text-muted;
    }
    """
