"""Small modal dialogs: confirm, quit, one party, pasted parties, a name to save under."""

from __future__ import annotations

import os
import re
from typing import ClassVar

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Footer, Input, Label, Static, TextArea

from ..core import preset as presets
from ..core.notification import Party
from ..core.party_lines import read_party_lines
from ..core.problems import InputError
from ..core.safe_text import safe_line
from .dialog_screen import DialogScreen

_PRESET_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


class ConfirmDialog(DialogScreen[bool]):
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
            yield Static(Content(self.question), classes="question")
            with Horizontal(classes="buttons"):
                yield Button(f"{self.yes} (y)", variant="warning", id="yes")
                yield Button(f"{self.no} (n)", variant="primary", id="no")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class QuitDialog(DialogScreen[str]):
    """Unsaved changes at quit: "save", "quit" (without saving) or "stay"."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "answer('stay')", "Keep editing"),
        Binding("s", "answer('save')", "Save and quit"),
        Binding("q", "answer('quit')", "Quit without saving"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static("The preset has unsaved changes.", classes="question")
            with Horizontal(classes="buttons"):
                yield Button("Save and quit (s)", variant="success", id="save")
                yield Button("Quit without saving (q)", variant="warning", id="quit")
                yield Button("Keep editing", variant="primary", id="stay")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#save", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "stay")

    def action_answer(self, answer: str) -> None:
        self.dismiss(answer)


class PartyDialog(DialogScreen[Party | None]):
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
        yield Footer(compact=True)

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


class PasteDialog(DialogScreen[list[Party] | None]):
    """Several parties at once: one a line, username and device apart by a tab or comma."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("ctrl+s", "add", "Add them", priority=True),
    ]

    def __init__(self, text: str = "") -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide") as dialog:
            dialog.border_title = "Paste parties"
            yield Static("One party a line: username, then a tab or a comma, then device.")
            yield TextArea(self.text, id="lines", soft_wrap=False)
            yield Static("", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Add them (ctrl+s)", variant="primary", id="add")
                yield Button("Cancel", id="cancel")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        if self.text:
            self._check()

    @on(TextArea.Changed, "#lines")
    def _check(self) -> None:
        """Every line that is not one party, said as it is typed."""
        _, problems = read_party_lines(self.query_one("#lines", TextArea).text)
        error = self.query_one(".error", Static)
        error.update(Content("\n".join(safe_line(problem.message) for problem in problems)))

    @on(Button.Pressed, "#add")
    def action_add(self) -> None:
        parties, problems = read_party_lines(self.query_one("#lines", TextArea).text)
        if problems:
            self._check()  # nothing is added, and nothing typed is lost: the text stays
            return
        self.dismiss(parties)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class SaveAsDialog(DialogScreen[str | None]):
    """The name to save the preset under, in the user's preset folder."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, folder: str, name: str = "") -> None:
        super().__init__()
        self.folder, self.suggested = folder, name

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide") as dialog:
            dialog.border_title = "Save preset as"
            yield Static(Content(f"Name (saved as NAME.toml in {self.folder})"), classes="label")
            yield Input(self.suggested, id="name", placeholder="my-endpoint")
            yield Static("", classes="warning")
            yield Static("", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._shadows()

    @on(Input.Changed)
    def _shadows(self) -> None:
        """Warn before a user preset hides a shipped one of the same name."""
        name = self.query_one("#name", Input).value.strip().removesuffix(presets.SUFFIX)
        shipped = {found.key for found in presets.available() if found.source == presets.SHIPPED}
        warning = (
            f"A shipped preset is called {name}: yours will hide it (the picker says so)."
            if name in shipped
            else ""
        )
        self.query_one(".warning", Static).update(Content(warning))

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


async def ask_where_to_save(app: App[int], current: str | None) -> str | None:
    """The path to save under, in the user's preset folder: asks for a name until one is
    free or may be replaced; None if the user cancels."""
    folder = presets.user_folder()
    name = os.path.basename(current or "").removesuffix(presets.SUFFIX)
    while True:
        answer: str | None = await app.push_screen_wait(SaveAsDialog(_shortened(folder), name))
        if answer is None:
            return None
        name = answer
        path = os.path.join(folder, name + presets.SUFFIX)
        if not os.path.exists(path):
            return path
        question = f"A user preset called {name} already exists. Replace it?"
        if await app.push_screen_wait(ConfirmDialog(question, "Replace", "Keep it")):
            return path
        # Keep it: back to the name, to choose another.


def _shortened(path: str) -> str:
    home = os.path.expanduser("~")
    return "~" + path[len(home) :] if path.startswith(home + os.sep) else path


def _documented_templates() -> dict[str, str]:
    """The documentation's example template for each content type (the shipped docs presets)."""
    examples = {}
    for name in ("docs-json", "docs-xml"):
        try:
            preset = presets.load(os.path.join(presets.shipped_folder(), name + presets.SUFFIX))
        except InputError:
            continue
        examples[preset.content_type] = preset.template
    return examples


async def documented_template(app: App[int], template: str, content_type: str) -> str | None:
    """When the template is still a documentation example and the content type changes: the
    documentation's template for the new type, if the user takes the offer."""
    examples = _documented_templates()
    new = examples.get(content_type)
    if new is None or template == new or template not in examples.values():
        return None
    question = f"The template is the documentation's example. Use its {content_type} one?"
    return (
        new if await app.push_screen_wait(ConfirmDialog(question, "Use it", "Keep mine")) else None
    )
