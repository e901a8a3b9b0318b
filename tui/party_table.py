"""The party list: a table of username and device, with add, edit, remove and paste."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, work
from textual.binding import BindingType
from textual.containers import Vertical
from textual.message import Message

from ..core.notification import Party
from ..core.party_lines import read_party_lines
from ..core.safe_text import safe_line
from . import actions

if TYPE_CHECKING:  # DataTable itself loads with the table, after the first frame
    from textual.widgets import DataTable
    from textual.widgets.data_table import RowKey


def _cells(party: Party) -> tuple[Text, Text]:
    """A party's cells: plain text made safe, never markup (a username may be ``[/]``)."""
    return Text(safe_line(party.username)), Text(safe_line(party.device))


def _rows(parties: Iterable[Party]) -> list[tuple[Text, Text]]:
    return [_cells(party) for party in parties]


class PartyTable(Vertical):
    """Holds the parties as a tuple (the truth) and mirrors them in a DataTable."""

    BINDINGS: ClassVar[list[BindingType]] = list(actions.bindings(actions.PARTIES))

    @dataclass
    class Changed(Message):
        """The list of parties changed."""

        parties: tuple[Party, ...]

    def __init__(self, parties: tuple[Party, ...] = (), *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.parties = parties
        self._keys: list[RowKey] = []
        #: The parties removed, last first, with where they were: ctrl+z brings them back.
        self._removed: list[tuple[int, Party]] = []

    def on_mount(self) -> None:
        self._changed(announce=False)

    async def mount_table(self) -> None:
        """Show the parties in their table: the app calls this once its first frame is up,
        as a DataTable is among the costliest widgets to style (and to import)."""
        from textual.widgets import DataTable

        table: DataTable[Text] = DataTable(cursor_type="row", zebra_stripes=True)
        table.add_columns("username", "device")
        await self.mount(table)
        self._keys = table.add_rows(_rows(self.parties))

    @property
    def table(self) -> DataTable[Text]:
        from textual.widgets import DataTable

        return self.query_one(DataTable)

    def set_parties(self, parties: tuple[Party, ...], announce: bool = True) -> None:
        """Replace the whole list (a preset was opened)."""
        self.parties = tuple(parties)
        if self.children:  # the table, once mounted
            self.table.clear()
            self._keys = self.table.add_rows(_rows(self.parties))
        self._changed(announce)

    def _changed(self, announce: bool = True) -> None:
        count = len(self.parties)
        self.border_subtitle = f"{count} part{'y' if count == 1 else 'ies'}"
        if announce:
            self.post_message(self.Changed(self.parties))

    def add(self, parties: list[Party]) -> None:
        """Append parties at the end and put the cursor on the last one."""
        if not parties:
            return
        self.parties += tuple(parties)
        self._keys += self.table.add_rows(_rows(parties))
        self.table.move_cursor(row=len(self.parties) - 1)
        self._changed()

    def replace(self, index: int, party: Party) -> None:
        self.parties = (*self.parties[:index], party, *self.parties[index + 1 :])
        key = self._keys[index]
        for column, value in zip(self.table.ordered_columns, _cells(party), strict=True):
            self.table.update_cell(key, column.key, value, update_width=True)
        self._changed()

    def remove_at(self, index: int) -> None:
        self._removed.append((index, self.parties[index]))
        self.parties = self.parties[:index] + self.parties[index + 1 :]
        self.table.remove_row(self._keys.pop(index))
        self._changed()

    def _cursor(self) -> int | None:
        row = self.table.cursor_row
        return row if self.parties and 0 <= row < len(self.parties) else None

    @work(exit_on_error=False)
    async def action_add_party(self) -> None:
        from .dialogs import PartyDialog

        party = await self.app.push_screen_wait(PartyDialog("Add a party"))
        if party is not None:
            self.add([party])

    @work(exit_on_error=False)
    async def action_edit_party(self) -> None:
        from .dialogs import PartyDialog

        index = self._cursor()
        if index is None:
            return
        party = await self.app.push_screen_wait(PartyDialog("Edit party", self.parties[index]))
        if party is not None:
            self.replace(index, party)

    def action_remove_party(self) -> None:
        index = self._cursor()
        if index is not None:
            self.remove_at(index)

    def action_undo_remove(self) -> None:
        """Put the party last removed back where it was."""
        if not self._removed:
            self.notify("No removed party to bring back.", title="Undo")
            return
        index, party = self._removed.pop()
        index = min(index, len(self.parties))
        self.set_parties((*self.parties[:index], party, *self.parties[index:]))
        self.table.move_cursor(row=index)

    @work(exit_on_error=False)
    async def action_paste_parties(self, text: str = "") -> None:
        from .dialogs import PasteDialog

        parties = await self.app.push_screen_wait(PasteDialog(text))
        if parties:
            self.add(parties)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit_party()

    def on_paste(self, event: events.Paste) -> None:
        """Text pasted while the table has focus: one party a line."""
        event.stop()
        parties, problems = read_party_lines(event.text)
        if problems:
            # Nothing is lost: the paste dialog opens on the text, its problems said there.
            self.action_paste_parties(event.text)
        else:
            self.add(parties)
