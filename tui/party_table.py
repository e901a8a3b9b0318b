"""The party list: a table of username and device, with add, edit, remove and paste."""

from dataclasses import dataclass
from typing import ClassVar

from textual import events, on, work
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

from ..core.notification import Party
from ..core.party_lines import parse_party_lines
from ..core.problems import InputError


class PartyTable(Vertical):
    """Holds the parties as a tuple (the truth) and mirrors them in a DataTable."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a,insert", "add_party", "Add party"),
        Binding("e", "edit_party", "Edit party"),
        Binding("d,delete", "remove_party", "Remove party"),
        Binding("p", "paste_parties", "Paste parties"),
    ]

    @dataclass
    class Changed(Message):
        """The list of parties changed."""

        parties: tuple[Party, ...]

    def __init__(self, parties: tuple[Party, ...] = (), **kwargs: str) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.parties = parties
        self._keys: list[RowKey] = []

    def on_mount(self) -> None:
        self._changed(announce=False)

    async def mount_table(self) -> None:
        """Show the parties in their table: the app calls this once its first frame is up,
        as a DataTable is among the costliest widgets to style."""
        table: DataTable[str] = DataTable(cursor_type="row", zebra_stripes=True)
        table.add_columns("username", "device")
        await self.mount(table)
        self._keys = table.add_rows(self.parties)

    @property
    def table(self) -> DataTable[str]:
        return self.query_one(DataTable)

    def set_parties(self, parties: tuple[Party, ...], announce: bool = True) -> None:
        """Replace the whole list (a preset was opened)."""
        self.parties = tuple(parties)
        if self.query(DataTable):
            self.table.clear()
            self._keys = self.table.add_rows(self.parties)
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
        self._keys += self.table.add_rows(parties)
        self.table.move_cursor(row=len(self.parties) - 1)
        self._changed()

    def replace(self, index: int, party: Party) -> None:
        self.parties = (*self.parties[:index], party, *self.parties[index + 1 :])
        key = self._keys[index]
        for column, value in zip(self.table.ordered_columns, party, strict=True):
            self.table.update_cell(key, column.key, value)
        self._changed()

    def remove(self, index: int) -> None:
        self.parties = self.parties[:index] + self.parties[index + 1 :]
        self.table.remove_row(self._keys.pop(index))
        self._changed()

    def _cursor(self) -> int | None:
        row = self.table.cursor_row
        return row if self.parties and 0 <= row < len(self.parties) else None

    @work
    async def action_add_party(self) -> None:
        from .dialogs import PartyDialog

        party = await self.app.push_screen_wait(PartyDialog("Add a party"))
        if party is not None:
            self.add([party])

    @work
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
            self.remove(index)

    @work
    async def action_paste_parties(self) -> None:
        from .dialogs import PasteDialog

        parties = await self.app.push_screen_wait(PasteDialog())
        if parties:
            self.add(parties)

    @on(DataTable.RowSelected)
    def _edit_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit_party()

    def on_paste(self, event: events.Paste) -> None:
        """Text pasted while the table has focus: one party a line."""
        event.stop()
        try:
            self.add(parse_party_lines(event.text))
        except InputError as exc:
            self.notify(exc.problem.message, title="Not added", severity="error")
