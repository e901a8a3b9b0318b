"""Hostile text in every field, and a fault in a handler: the app stays up, the values survive."""

from textual import events
from textual.widgets import Input

from smarthook.core import preset as presets
from smarthook.core.notification import Notification, Party
from smarthook.tui.dialogs import SaveAsDialog
from smarthook.tui.party_table import PartyTable
from smarthook.tui.preview_pane import PreviewPane
from waiting import until

HOSTILE = ["[bold]x[/]", "[/]", "eric[/bold]", "\x1b[31mred\x1b[0m", "a\u202eb", "[link=x]y"]


async def save_as(pilot, name: str) -> None:  # type: ignore[no-untyped-def]
    app = pilot.app
    await pilot.press("f2")
    await until(pilot, lambda: isinstance(app.screen, SaveAsDialog))
    app.screen.query_one(Input).value = name
    await pilot.press("enter")
    await until(pilot, lambda: not isinstance(app.screen, SaveAsDialog))


async def test_markup_in_a_party_does_not_crash_the_start(tui_app, user_config) -> None:
    parties = (Party("[/]", "eric[/bold]"), Party("[b]x", "\x1b[2J"))
    app = tui_app(notification=Notification("1", "n", "u", parties))
    async with app.run_test() as pilot:
        await app.ready.wait()
        table = app.query_one(PartyTable).table
        await until(pilot, lambda: table.row_count == 2)
        assert table.get_row_at(0)[0].plain == "[/]"
        assert "\x1b" not in table.get_row_at(1)[1].plain
        await save_as(pilot, "marked")
    assert presets.load(str(user_config / "marked.toml")).notification.interested_parties == parties


async def test_hostile_text_typed_into_every_field_survives_into_the_file(
    tui_app, user_config
) -> None:
    app = tui_app()
    async with app.run_test() as pilot:
        await app.ready.wait()
        typed = {}
        for number, field in enumerate(app.query("#notification Input").results(Input)):
            field.value = ""
            field.focus()
            text = "".join(HOSTILE) + str(number)
            field.insert_text_at_cursor(text)
            typed[field.id] = text
        url = app.query_one("#url", Input)
        url.value = ""
        url.insert_text_at_cursor("http://[")  # a URL that does not parse: a problem, no crash
        await pilot.pause()
        table = app.query_one(PartyTable)
        table.table.focus()
        table.table.post_message(events.Paste("\n".join(f"{h},{h}dev" for h in HOSTILE)))
        await until(pilot, lambda: len(table.parties) == 2 + len(HOSTILE))
        await save_as(pilot, "hostile")
        assert app.is_running
    saved = presets.load(str(user_config / "hostile.toml"))
    assert saved.url == "http://["
    assert saved.notification.scalars() == typed
    assert [p.username for p in saved.notification.interested_parties[2:]] == HOSTILE


async def test_a_lone_surrogate_does_not_end_the_session(tui_app) -> None:
    app = tui_app()
    async with app.run_test() as pilot:
        field = app.query_one("#network_id", Input)
        field.insert_text_at_cursor("\ud800")
        await pilot.pause()
        await pilot.press("ctrl+j")
        await pilot.pause()
        assert app.is_running


async def test_a_fault_in_a_handler_keeps_the_app_and_the_edits(
    tui_app, user_config, monkeypatch
) -> None:
    def broken(self, preset) -> None:  # type: ignore[no-untyped-def]
        raise RuntimeError("preview broke")

    app = tui_app()
    async with app.run_test() as pilot:
        await app.ready.wait()
        monkeypatch.setattr(PreviewPane, "update_from", broken)
        app.query_one("#network_id", Input).value = "kept"
        await until(pilot, lambda: app.dirty)  # quit would still ask
        assert app.is_running
        await save_as(pilot, "after-fault")
    assert presets.load(str(user_config / "after-fault.toml")).notification.network_id == "kept"
