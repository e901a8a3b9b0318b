"""The party table: undo a removal, columns that widen, a paste that loses nothing."""

from textual import events
from textual.widgets import TextArea

from smarthook.core.notification import Party
from smarthook.tui.dialogs import PasteDialog
from smarthook.tui.party_table import PartyTable
from waiting import until


async def test_ctrl_z_brings_back_a_removed_party(tui_app) -> None:
    app = tui_app()
    async with app.run_test() as pilot:
        await app.ready.wait()
        table = app.query_one(PartyTable)
        table.table.focus()
        table.table.move_cursor(row=0)
        await pilot.press("d")
        await until(pilot, lambda: len(table.parties) == 1)
        assert app.dirty
        await pilot.press("ctrl+z")
        await until(pilot, lambda: len(table.parties) == 2)
        assert table.parties[0] == Party("eric", "erics_iphone")
        assert table.table.get_row_at(0)[0].plain == "eric"
        assert not app.dirty


async def test_columns_widen_for_longer_values(tui_app) -> None:
    app = tui_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await app.ready.wait()
        table = app.query_one(PartyTable)
        long = "a-much-longer-username-than-before"
        table.replace(0, Party(long, "erics_iphone"))
        await pilot.pause()
        assert table.table.ordered_columns[0].get_render_width(table.table) >= len(long)


async def test_a_pasted_ambiguous_line_opens_the_dialog_with_the_text(tui_app) -> None:
    app = tui_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await app.ready.wait()
        table = app.query_one(PartyTable)
        table.table.focus()
        text = "ann,phone\nx\ty\tz"
        table.table.post_message(events.Paste(text))
        await until(pilot, lambda: isinstance(app.screen, PasteDialog))
        dialog = app.screen
        await until(pilot, lambda: "more than one tab" in str(dialog.query_one(".error").render()))
        assert dialog.query_one("#lines", TextArea).text == text  # nothing typed is lost
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PasteDialog) and len(table.parties) == 2
