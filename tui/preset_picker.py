"""The preset picker: every preset found, with where it comes from."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from ..core import preset as presets
from ..core.problems import InputError
from ..core.safe_text import safe_line
from .dialog_screen import DialogScreen


def _label(found: presets.PresetFile, hidden: bool) -> Table:
    try:
        preset = presets.load(found.path)
        title, description = preset.name, preset.description
    except InputError as exc:
        title, description = "(cannot be read)", exc.problem.message
    key = Text(safe_line(found.key), style="bold")
    if hidden:
        key.append("\nhidden by yours", style="dim italic")
    grid = Table.grid(padding=(0, 2))
    grid.add_column(width=18)
    grid.add_column(width=8, no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(
        key,
        Text(found.source, no_wrap=True),
        Text.assemble((safe_line(title), "bold"), "\n", (safe_line(description), "dim")),
    )
    return grid


class PresetPicker(DialogScreen[str | None]):
    """Choose a preset to open; returns its path."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Cancel")]

    def compose(self) -> ComposeResult:
        self._found = presets.available()
        seen: set[str] = set()
        options = []
        for found in self._found:
            options.append(Option(_label(found, found.key in seen)))
            seen.add(found.key)
        with Vertical(classes="dialog wide") as dialog:
            dialog.border_title = "Open a preset"
            yield Static("user: your preset folder · shipped: installed with smarthook")
            yield OptionList(*options, id="presets")
        yield Footer(compact=True)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self._found[event.option_index].path)


async def choose_preset(app: App[int], dirty: bool) -> tuple[presets.Preset, str] | None:
    """Ask (if there are unsaved changes), pick a preset and read it; None if nothing opens."""
    from .dialogs import ConfirmDialog

    if dirty:
        question = "The preset has unsaved changes. Open another preset and lose them?"
        if not await app.push_screen_wait(ConfirmDialog(question, "Open another", "Keep editing")):
            return None
    path = await app.push_screen_wait(PresetPicker())
    if path is None:
        return None
    try:
        return presets.load(path), path
    except InputError as exc:
        app.notify(str(exc.problem), title="Cannot open", severity="error", markup=False)
        return None
