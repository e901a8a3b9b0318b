"""Small modal dialogs: confirm, one party, pasted parties, a name to save under."""

import re
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static, TextArea

from ..core.notification import Party
from ..core.party_lines import parse_party_lines
from ..core.problems import InputError

_PRESET_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


class ConfirmDialog(ModalScreen[bool]):
    """A question with a yes and a no; escape means no."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,n", "answer(False)", "No"),
        Binding("y", "answer(True)", "Yes"),
    ]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question, self.yes, self.no = question, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="question")
            with Horizontal(classes="buttons"):
                yield Button(self.yes, variant="warning", id="yes")
                yield Button(self.no, variant="primary", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class PartyDialog(ModalScreen[Party | None]):
    """Username and device of one party."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, title: str, party: Party | None = None) -> None:
        super().__init__()
        self.title_text, self.party = title, party or Party("", "")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as dialog:
            dialog.border_title = self.title_text
            yield Label("username")
            yield Input(self.party.username, id="username")
            yield Label("device")
            yield Input(self.party.device, id="device")
            yield Static("", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("OK", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    @on(Input.Submitted, "#username")
    def _next(self) -> None:
        self.query_one("#device", Input).focus()

    @on(Input.Submitted, "#device")
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        username = self.query_one("#username", Input).value.strip()
        device = self.query_one("#device", Input).value.strip()
        if not username or not device:
            self.query_one(".error", Static).update("Both a username and a device are needed.")
            return
        self.dismiss(Party(username, device))

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class PasteDialog(ModalScreen[list[Party] | None]):
    """Several parties at once: one a line, username and device apart by a tab or comma."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("ctrl+s", "add", "Add them", priority=True),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide") as dialog:
            dialog.border_title = "Paste parties"
            yield Static("One party a line: username, then a tab or a comma, then device.")
            yield TextArea(id="lines", soft_wrap=False)
            yield Static("", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Add them", variant="primary", id="add")
                yield Button("Cancel", id="cancel")

    @on(Button.Pressed, "#add")
    def action_add(self) -> None:
        try:
            parties = parse_party_lines(self.query_one("#lines", TextArea).text)
        except InputError as exc:
            self.query_one(".error", Static).update(exc.problem.message)
            return
        self.dismiss(parties)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class SaveAsDialog(ModalScreen[str | None]):
    """The name to save the preset under, in the user's preset folder."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, folder: str, name: str = "") -> None:
        super().__init__()
        self.folder, self.suggested = folder, name

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as dialog:
            dialog.border_title = "Save preset as"
            yield Label(f"Name (saved as NAME.toml in {self.folder})")
            yield Input(self.suggested, id="name", placeholder="my-endpoint")
            yield Static("", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        name = self.query_one("#name", Input).value.strip()
        if name.endswith(".toml"):
            name = name[: -len(".toml")]
        if not _PRESET_NAME.fullmatch(name):
            self.query_one(".error", Static).update(
                "Use letters, digits, '-', '_' or '.', starting with a letter or digit."
            )
            return
        self.dismiss(name)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
