"""The exact request, as it goes on the wire, with a copy-as-curl key."""

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Footer, Static, TextArea

from ..core.presenter import shown
from ..core.request import WebhookRequest
from ..core.safe_text import safe_line, safe_text
from .dialog_screen import DialogScreen


def wire_text(request: WebhookRequest) -> str:
    """The wire bytes as text: CRLF shown as line ends, the body as UTF-8, controls escaped."""
    head, _, body = request.wire().partition(b"\r\n\r\n")
    text = head.decode("latin-1").replace("\r\n", "\n") + "\n\n" + body.decode()
    return safe_text(text)


class RequestDialog(DialogScreen[None]):
    """Shows the request exactly as ``smarthook export --as http`` prints it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "dismiss(None)", "Close"),
        Binding("c", "app.copy_curl", "Copy as curl"),
    ]

    def __init__(self, request: WebhookRequest) -> None:
        super().__init__()
        self.request = request

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog full") as dialog:
            dialog.border_title = "The request, exactly as sent"
            dialog.border_subtitle = "c copy as curl · escape close"
            presenting = getattr(self.app, "presenting", False)  # presenter mode: secrets hidden
            yield Static(
                Text(safe_line(f"POST {shown(self.request.url, presenting)}")), classes="dim"
            )
            wire = shown(wire_text(self.request), presenting)
            yield TextArea(wire, read_only=True, soft_wrap=False, id="wire")
        yield Footer()
