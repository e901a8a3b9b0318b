"""F1: the keys and the placeholders, on one page."""

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ..core.webhook import FIELD_LABELS, PARTY_LIST_PARAMETER, PARTY_LIST_PLACEHOLDER

KEYS = (
    ("ctrl+j", "send (from anywhere); escape cancels"),
    ("ctrl+r", "the exact request; c copies it as curl"),
    ("f5", "copy as curl (terminal clipboard, OSC 52)"),
    ("ctrl+o", "open a preset"),
    ("ctrl+s, f2", "save; save as a new user preset"),
    ("f6", "switch the local receiver on or off (its log is the Receiver tab)"),
    ("f7", "change the receiver's answer: 204, 200, 500, slow (204 after 12 s)"),
    ("tab, shift+tab", "move between fields"),
    ("a e d p", "party table: add, edit, remove, paste"),
    ("enter r e c", "History tab: show, replay, load into the editor, compare with the one before"),
    ("ctrl+t", "presenter mode: secrets in URLs shown as •••"),
    ("enter", "on a problem: go to it in the template"),
    ("ctrl+p", "command palette: every action by name"),
    ("ctrl+q", "quit (asks if there are unsaved changes)"),
)

PLACEHOLDER_HELP = (
    ("%new_smart_number%", FIELD_LABELS["new_smart_number"] + ", escaped"),
    ("%network_id%", FIELD_LABELS["network_id"] + ", escaped"),
    ("%new_smart_uri%", FIELD_LABELS["new_smart_uri"] + ", escaped"),
    (f"%{PARTY_LIST_PLACEHOLDER}%", "the parties: a JSON array, or <list> in XML"),
    (f"%{PARTY_LIST_PARAMETER}%", "the same, with a warning (undocumented)"),
)


def help_text() -> Content:
    lines = [Content.styled("Keys", "bold $text-primary")]
    lines += [Content.assemble((f"  {key:<16}", "bold"), what) for key, what in KEYS]
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


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,f1,q", "dismiss(None)", "Close help")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide") as dialog:
            dialog.border_title = "smarthook help"
            dialog.border_subtitle = "escape closes"
            yield Static(help_text())
