"""The "Check endpoint" action in the terminal UI: the table fills in, escape stops it."""

import re

from test_check import NINE
from textual.command import CommandPalette
from textual.widgets import DataTable, Static

from endpoint import Answer, Endpoint
from smarthook.tui.check_view import CheckScreen
from waiting import until


def detail(screen: CheckScreen) -> str:
    return str(screen.query_one("#check-detail", Static).render())


async def test_f8_fills_the_table_as_cases_finish_and_shows_a_chosen_case(
    tui_app, endpoint: Endpoint
) -> None:
    endpoint.answer = Answer(413, "Payload Too Large")
    app = tui_app(url=endpoint.url("/hook").replace("http://", "http://someone:s3cr3t@"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f8")
        await until(pilot, lambda: isinstance(app.screen, CheckScreen))
        screen = app.screen
        assert isinstance(screen, CheckScreen)
        table = screen.query_one(DataTable)
        await until(pilot, lambda: table.row_count == 9 and not screen.running)
        assert [str(table.get_row_at(n)[1]) for n in range(9)] == NINE
        assert screen.progress == "9/9 · 0 passed, 9 failed"
        verdicts = {str(table.get_row_at(n)[4]) for n in range(9)}
        assert verdicts == {"ignored: answered 413", "ignored: answered 413 (request 1 of 2)"}
        table.focus()
        table.move_cursor(row=3)
        await pilot.pause()
        shown = detail(screen)
        assert "many-parties: 1,000 parties" in shown
        assert "POST /hook HTTP/1.1" in shown and "Content-Type: application/json" in shown
        assert "413 Payload Too Large" in shown
        target = str(screen.query_one("#check-target", Static).render())
        assert f"127.0.0.1:{endpoint.port}/hook" in target and "to POST http://127.0.0.1" in shown
        assert "s3cr3t" not in shown + target and "someone" not in shown + target
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, CheckScreen))
        assert len(endpoint.received) == 9


async def test_escape_stops_the_check_and_says_after_how_many(tui_app, endpoint: Endpoint) -> None:
    endpoint.answer = Answer(delay=0.3)
    app = tui_app(url=endpoint.url())
    async with app.run_test() as pilot:
        await pilot.press("f8")
        await until(pilot, lambda: isinstance(app.screen, CheckScreen))
        screen = app.screen
        table = screen.query_one(DataTable)
        await until(pilot, lambda: table.row_count >= 1)
        await pilot.press("escape")
        await until(pilot, lambda: not screen.running)
        done = table.row_count
        assert done < 9
        assert screen.progress == f"stopped after {done} of 9"
        assert isinstance(app.screen, CheckScreen)  # the first escape stops, it does not close
        assert screen.query_one("#check").border_subtitle == "escape closes"
        await pilot.pause(0.5)
        assert table.row_count == done  # nothing more was added after the stop
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, CheckScreen))


async def test_check_endpoint_is_in_the_command_palette_and_a_bad_url_sends_nothing(
    tui_app,
) -> None:
    app = tui_app(url="ftp://nowhere/")
    async with app.run_test() as pilot:
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"check endpoint")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, CheckScreen))
        screen = app.screen
        await until(pilot, lambda: not screen.running and "nothing sent" in screen.progress)
        assert re.search(r"url.*http", screen.progress)
        assert screen.query_one(DataTable).row_count == 0
