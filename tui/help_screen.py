"""F1: the keys (from the action table) and the placeholders, on one page."""

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Static

from ..core.webhook import FIELD_LABELS, PARTY_LIST_PARAMETER, PARTY_LIST_PLACEHOLDER
from .actions import key_lines
from .dialog_screen import DialogScreen

PLACEHOLDER_HELP = (
    ("%new_smart_number%", FIELD_LABELS["new_smart_number"] + ", escaped"),
    ("%network_id%", FIELD_LABELS["network_id"] + ", escaped"),
    ("%new_smart_uri%", FIELD_LABELS["new_smart_uri"] + ", escaped"),
    (f"%{PARTY_LIST_PLACEHOLDER}%", "the parties: a JSON array, or <list> in XML"),
    (f"%{PARTY_LIST_PARAMETER}%", "the same, with a warning (undocumented)"),
)


def help_text() -> Content:
    lines: list[Content | str] = [Content.styled("Keys", "bold $text-primary")]
    lines += [Content.assemble((f"  {key:<16} ", "bold"), what) for key, what in key_lines()]
    lines += ["", Content.styled("Placeholders", "bold $text-primary")]
    lines += [
        Content.assemble((f"  {name:<22}", "bold $text-success"), what)
        for name, what in PLACEHOLDER_HELP
    ]
    lines += [
        "",
        "  Any other %name% is sent as written, marked as unknown.",
        "  Only a 204 answer counts as delivered; any other is dropped.",
    ]
    return Content("\n").join(lines)


class HelpScreen(DialogScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,f1,q", "dismiss(None)", "Close help")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide") as dialog:
            dialog.border_title = "smarthook help"
            dialog.border_subtitle = "escape closes"
            yield Static(help_text())
        yield Footer(compact=True)
