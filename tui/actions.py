"""Every key of the UI in one table: the bindings, the F1 help, the palette and the README.

A row names its key, its action, a short label (the footer's) and a sentence (the help's and
the palette's). Global keys are priority bindings: they win wherever the focus is, the
template editor included.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Sequence
from typing import Any, NamedTuple

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen

#: Where an action runs: on the app, or on the party table (when it has the focus).
APP, PARTIES = "app", "party table"


class Key(NamedTuple):
    """One key of the UI and what it does (a tuple: the table is built as the app imports)."""

    keys: str
    action: str
    label: str
    help: str
    where: str = APP
    #: Wins wherever the focus is (the template editor, an input, the party table).
    is_global: bool = False
    #: Shown in the footer (every key is in the F1 help and the README).
    in_footer: bool = True
    #: Listed in the command palette.
    in_palette: bool = True

    @property
    def first_key(self) -> str:
        return self.keys.split(",")[0]

    @property
    def shown_keys(self) -> str:
        return ", ".join(self.keys.split(","))


KEYS: tuple[Key, ...] = (
    Key("ctrl+j", "send", "Send", "Send the webhook (from anywhere)", is_global=True),
    Key(
        "escape",
        "cancel_send",
        "Cancel send",
        "Cancel a send in flight (from anywhere)",
        is_global=True,
        in_palette=False,
    ),
    Key("f1", "help", "Help", "Show the keys and the placeholders", is_global=True),
    Key(
        "f6",
        "toggle_receiver",
        "Receiver",
        "Switch the local receiver on or off (its log is the Receiver tab)",
        is_global=True,
    ),
    Key(
        "f7",
        "next_answer",
        "Answer",
        "Cycle the receiver's answer: 204, 200, 500, slow (204 after 12 s)",
        is_global=True,
    ),
    Key("ctrl+s", "save", "Save", "Save the preset (a shipped one as a user preset)"),
    Key("ctrl+o", "open_preset", "Open", "Open a preset"),
    Key("f2", "save_as", "Save as", "Save as a new user preset"),
    Key("ctrl+r", "show_request", "Request", "Show the exact request; c copies it as curl"),
    Key("f5", "copy_curl", "Copy curl", "Copy the request as a curl command (OSC 52)"),
    Key("f3", "copy_body", "Copy body", "Copy the expanded body (OSC 52)", in_footer=False),
    Key(
        "f4",
        "copy_portal",
        "Copy portal",
        "Copy the portal values: URL, content type, template (OSC 52)",
        in_footer=False,
    ),
    Key(
        "ctrl+g",
        "aim_at_receiver",
        "Aim URL",
        "Point the URL at the port the local receiver listens on",
        in_footer=False,
    ),
    Key(
        "f9",
        "swap_pane",
        "Swap pane",
        "On a narrow terminal: show the template or the preview and answer",
        in_footer=False,
    ),
    Key(
        "f8",
        "check_endpoint",
        "Check",
        "Check endpoint: send the battery of cases (escape stops)",
        in_footer=False,
    ),
    Key(
        "ctrl+t",
        "toggle_presenter",
        "Present",
        "Presenter mode: secrets in URLs shown as •••",
        in_footer=False,
    ),
    Key("ctrl+q", "quit", "Quit", "Quit (asks if there are unsaved changes)", is_global=True),
    Key("a,insert", "add_party", "Add party", "Add a party", where=PARTIES),
    Key("e", "edit_party", "Edit party", "Edit the party under the cursor", where=PARTIES),
    Key(
        "d,delete",
        "remove_party",
        "Remove party",
        "Remove the party under the cursor",
        where=PARTIES,
    ),
    Key("ctrl+z", "undo_remove", "Undo remove", "Bring back the party last removed", PARTIES),
    Key("p", "paste_parties", "Paste parties", "Paste parties, one a line", where=PARTIES),
)

#: Global actions that give way while a dialog is open (its escape, its f1, its ctrl+j).
DIALOG_OWNS = frozenset(
    {"send", "cancel_send", "toggle_receiver", "next_answer", "help", "check_endpoint"}
)

#: Keys that are not bindings of ours but that a user needs to know.
OTHER_KEYS: tuple[tuple[str, str], ...] = (
    ("tab, shift+tab", "Move between fields (tab leaves the template editor too)"),
    ("enter", "On a problem: go to its place"),
    (
        "enter, r, e, c",
        "History tab: show, replay, load into the editor, compare with the one before",
    ),
    ("ctrl+p", "Command palette: every action by name"),
)


def available(action: str, screens: Sequence[Screen[Any]], sending: bool, moved: int) -> bool:
    """Whether an app action runs now: ``sending`` a send is in flight, ``moved`` the port the
    receiver moved to (0: it did not)."""
    from .dialogs import QuitDialog

    if len(screens) > 1 and action in DIALOG_OWNS:
        return False  # a dialog's own keys win there: escape closes it, f1 closes the help
    if action == "cancel_send":
        return sending
    if action == "quit":
        return not isinstance(screens[-1], QuitDialog)  # no second quit dialog
    if action == "aim_at_receiver":
        return bool(moved)
    return True


def bindings(where: str = APP) -> list[Binding]:
    """The Textual bindings of one place, made from :data:`KEYS`."""
    return [
        Binding(
            key.keys,
            key.action,
            key.label,
            show=key.in_footer,
            priority=key.is_global,
            tooltip=key.help,
        )
        for key in KEYS
        if key.where == where
    ]


def runner(app: App[int], action: str, target: DOMNode) -> Callable[[], Awaitable[None]]:
    """A palette command's callback: the action run through Textual, on its own target."""

    async def run() -> None:
        await app.run_action(action, target)

    return run


def palette(app: App[int], party_table: DOMNode) -> Iterator[SystemCommand]:
    """The command palette's entries: every action of the table, each with its key."""
    for key in KEYS:
        if not key.in_palette or key.action == "quit":
            continue  # Textual's own palette has quit
        target: DOMNode = party_table if key.where == PARTIES else app
        yield SystemCommand(
            key.help, f"{key.label} ({key.first_key})", runner(app, key.action, target)
        )


def key_lines() -> list[tuple[str, str]]:
    """Every key with its sentence, in table order: the F1 help's list."""
    lines = [(key.shown_keys, _described(key)) for key in KEYS]
    return lines + list(OTHER_KEYS)


def _described(key: Key) -> str:
    where = f" ({key.where})" if key.where != APP else ""
    return key.help + where


def markdown_table() -> str:
    """The README's key table."""
    rows = ["| key | what it does |", "| --- | --- |"]
    rows += [f"| `{keys}` | {what} |" for keys, what in key_lines()]
    return "\n".join(rows)


if __name__ == "__main__":  # pragma: no cover - prints the README's table
    print(markdown_table())
