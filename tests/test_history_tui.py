"""The History tab and presenter mode, driven with Pilot over a real SQLite file."""

import sqlite3
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Static, TabbedContent

from endpoint import Answer, Endpoint
from smarthook.core.history import History
from smarthook.core.preset import Preset
from smarthook.core.request import build
from smarthook.core.send import Outcome
from smarthook.core.verdict import judge
from smarthook.core.webhook import DEFAULT_USER_AGENT, JSON
from smarthook.tui.history_view import HistoryView
from smarthook.tui.template_editor import TemplateEditor
from waiting import until

SECRETS = ("hunter2", "alice", "t0psecret", "s1gnature")


def fixed_outcome(body: str, status: int, url: str = "http://127.0.0.1:9/hook") -> Outcome:
    return Outcome(
        build(url, JSON, body, DEFAULT_USER_AGENT),
        judge(status, 0),
        status=status,
        reason="No Content" if status == 204 else "Internal Server Error",
        http_version="HTTP/1.1",
        headers=(("Server", "smarthook-test"),),
        elapsed=0.004,
    )


def two_sends(path: Path) -> None:
    """Two kept sends with different bodies and outcomes, at fixed times."""
    history = History(str(path))
    first = '{\n  "number": "1555",\n  "network": "a"\n}'
    second = '{\n  "number": "1666",\n  "network": "a"\n}'
    history.record_send(fixed_outcome(first, 204), Preset(template=first, name="one"))
    history.record_send(fixed_outcome(second, 500), Preset(template=second, name="two"))
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE entries SET time = '2026-11-27T12:00:0' || id || '.000+00:00'")


def many_sends(path: Path, count: int) -> None:
    """``count`` kept sends to /n0, /n1 … (newest last)."""
    history = History(str(path))
    for number in range(count):
        history.record_send(fixed_outcome("{}", 204, f"http://127.0.0.1:9/n{number}"))


async def open_history_tab(pilot) -> HistoryView:  # type: ignore[no-untyped-def]
    area = await pilot.app.answer_area()
    area.show_tab("history-tab")
    view = pilot.app.query_one(HistoryView)
    table = view.query_one(DataTable)
    await until(pilot, lambda: table.row_count > 0)
    table.focus()
    await pilot.pause()
    return view


def detail_text(view: HistoryView) -> str:
    return "\n".join(str(static.render()) for static in view.query(Static))


async def test_a_send_is_kept_and_replayed_from_the_tab(tui_app, endpoint: Endpoint) -> None:  # type: ignore[no-untyped-def]
    app = tui_app(url=endpoint.url("/hook?x=1"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.app.ready.wait()
        await pilot.press("ctrl+j")
        await until(pilot, lambda: len(History().entries()) == 1)
        view = await open_history_tab(pilot)
        endpoint.answer = Answer(200, "OK")
        await pilot.press("r")
        await until(pilot, lambda: len(History().entries()) == 2)
        await until(pilot, lambda: view.query_one(DataTable).row_count == 2)
        await pilot.pause()
        assert app.query_one(TabbedContent).active == "response-tab"  # the replay's outcome
        assert "200 OK" in screen_text(app)
    first, second = endpoint.received
    assert second.raw == first.raw
    latest = History().entries()[0]
    assert latest.kind == "sent" and latest.status == 200 and latest.verdict == "ignored"


async def test_enter_shows_an_entry_whole_and_c_compares(tui_app, history_file: Path) -> None:  # type: ignore[no-untyped-def]
    two_sends(history_file)
    async with tui_app().run_test(size=(120, 40)) as pilot:
        await pilot.app.ready.wait()
        view = await open_history_tab(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: "#2 sent" in detail_text(view))
        assert "POST /hook HTTP/1.1" in detail_text(view)
        await pilot.press("c")
        await until(pilot, lambda: "body diff" in detail_text(view))
        text = detail_text(view)
        assert '-  "number": "1555",' in text and '+  "number": "1666",' in text
        assert "204 No Content" in text and "500 Internal Server Error" in text


async def test_e_loads_a_send_into_the_editor(tui_app, history_file: Path) -> None:  # type: ignore[no-untyped-def]
    two_sends(history_file)
    async with tui_app().run_test(size=(120, 40)) as pilot:
        await pilot.app.ready.wait()
        await open_history_tab(pilot)
        await pilot.press("e")
        editor = pilot.app.query_one(TemplateEditor)
        await until(pilot, lambda: "1666" in editor.text)
        assert pilot.app.query_one("#url", Input).value == "http://127.0.0.1:9/hook"
        assert pilot.app.dirty


SECRET_URL = "http://alice:hunter2@127.0.0.1:{port}/hook?token=t0psecret&sig=s1gnature&page=2"


def screen_text(app) -> str:  # type: ignore[no-untyped-def]
    """Every character on screen now (the screenshot holds what each widget rendered)."""
    import html

    return html.unescape(app.export_screenshot()).replace("\xa0", " ")


async def test_presenter_mode_shows_no_secret_anywhere(tui_app, endpoint: Endpoint) -> None:  # type: ignore[no-untyped-def]
    app = tui_app(url=SECRET_URL.format(port=endpoint.port))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.app.ready.wait()
        assert "t0psecret" in screen_text(app)  # shown until presenter mode is on
        assert app.query_one("#url").has_focus
        await pilot.press("ctrl+t")  # the focus leaves the URL field, which then hides them
        await pilot.pause()
        assert "presenter mode" in app.title
        seen = [screen_text(app)]
        await pilot.press("ctrl+j")
        await until(pilot, lambda: len(endpoint.received) == 1 and History().entries() != [])
        await pilot.pause()
        seen.append(screen_text(app))
        await open_history_tab(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: "#1 sent" in detail_text(app.query_one(HistoryView)))
        seen.append(screen_text(app))
        await pilot.press("ctrl+r")
        await pilot.pause()
        seen.append(screen_text(app))
    for shown in seen:
        for secret in SECRETS:
            assert secret not in shown
    assert "token=•••" in seen[0] and "•••:•••@" in seen[0]
    assert "token=•••" in seen[-1]
    assert b"token=t0psecret" in endpoint.received[0].raw  # what is sent is unchanged


def test_presenter_mode_snapshot(snap_compare, tui_app) -> None:  # type: ignore[no-untyped-def]
    app = tui_app(url=SECRET_URL.format(port=8204))

    async def present(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.app.ready.wait()
        pilot.app.query_one(TemplateEditor).focus()
        await pilot.press("ctrl+t")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=present)


def test_compare_view_snapshot(snap_compare, tui_app, history_file: Path) -> None:  # type: ignore[no-untyped-def]
    two_sends(history_file)

    async def compare(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.app.ready.wait()
        view = await open_history_tab(pilot)
        await pilot.press("c")
        await until(pilot, lambda: "body diff" in detail_text(view))

    assert snap_compare(tui_app(), terminal_size=(120, 40), run_before=compare)


async def test_presenter_mode_from_the_start_hides_the_receiver_log_too() -> None:
    from endpoint import free_port
    from smarthook.core.preset import open_preset
    from smarthook.tui.app import SmarthookApp

    port = free_port()
    preset, path = open_preset("local-demo")
    url = SECRET_URL.format(port=port)
    app = SmarthookApp(preset._replace(url=url), path, start_receiver=True)
    app.presenting = True  # as ``smarthook --present`` does
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.app.ready.wait()
        await pilot.pause()
        assert "token=•••" in screen_text(app)  # the URL field does not start focused
        area = await pilot.app.answer_area()
        area.show_tab("receiver-tab")
        await until(pilot, lambda: area.receiver() is not None and area.receiver().running)  # type: ignore[union-attr]
        await pilot.press("ctrl+j")
        await until(pilot, lambda: len(History().entries()) == 2)  # the send and its arrival
        area.show_tab("receiver-tab")
        await pilot.pause()
        shown = screen_text(app)
        assert "presenter mode" in app.title
        assert "/hook?token=•••" in shown
        for secret in SECRETS:
            assert secret not in shown


async def test_the_list_pages_in_and_filters(tui_app, history_file: Path) -> None:  # type: ignore[no-untyped-def]
    many_sends(history_file, 120)
    async with tui_app().run_test(size=(120, 40)) as pilot:
        await pilot.app.ready.wait()
        view = await open_history_tab(pilot)
        table = view.query_one(DataTable)
        assert table.row_count == 50
        for _ in range(3):
            await pilot.press("ctrl+end")  # to the last row: the next page comes
            await pilot.pause()
        assert table.row_count == 120
        assert view.chosen_id() == 1
        view.query_one("#history-filter", Input).value = "/n7"
        await until(pilot, lambda: table.row_count == 11)  # n7, n70 … n79


async def test_the_list_is_current_while_the_tab_is_hidden(tui_app, history_file: Path) -> None:  # type: ignore[no-untyped-def]
    many_sends(history_file, 120)
    async with tui_app().run_test(size=(120, 40)) as pilot:
        await pilot.app.ready.wait()
        area = await pilot.app.answer_area()
        view = await open_history_tab(pilot)
        table = view.query_one(DataTable)
        for _ in range(3):
            await pilot.press("ctrl+end")  # deep in the list: three pages in
            await pilot.pause()
        assert table.row_count == 120 and view.chosen_id() == 1
        area.show_tab("response-tab")
        await pilot.pause()
        area.show_tab("history-tab")  # nothing changed: the list is as it was left
        await until(pilot, lambda: view.region.height > 0)
        await pilot.pause()  # the view is shown, and has looked whether anything changed
        await until(pilot, lambda: not view.workers)
        assert table.row_count == 120, "the list was read again"
        assert view.chosen_id() == 1
        area.show_tab("response-tab")
        view.keep_send(fixed_outcome("{}", 204, "http://127.0.0.1:9/ours"), None)
        await until(pilot, lambda: table.row_count == 121)  # listed while hidden
        assert view.chosen_id() == 1  # the cursor stays on its entry
        History(str(history_file)).record_send(
            fixed_outcome("{}", 204, "http://127.0.0.1:9/theirs")
        )
        area.show_tab("history-tab")  # another process wrote meanwhile: read again
        await until(pilot, lambda: table.row_count == 122)
        assert view.chosen_id() == 1
        assert str(table.get_row_at(0)[4]) == "http://127.0.0.1:9/theirs"


async def test_a_url_is_shown_as_it_is_never_read_as_markup(tui_app, history_file: Path) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime

    from smarthook.core.receiver import Entry

    path = "/[b]x[/b][/x]"  # an arrival's target is anyone's to choose
    arrival = Entry(1, datetime.now().astimezone(), "POST", path, "127.0.0.1:5000", (), b"", 0, 204)
    History(str(history_file)).record_arrival(arrival)
    async with tui_app().run_test(size=(240, 40)) as pilot:  # wide: the URL column whole
        await pilot.app.ready.wait()
        view = await open_history_tab(pilot)
        assert str(view.query_one(DataTable).get_row_at(0)[4]).endswith(path)
        assert f"127.0.0.1{path}" in screen_text(pilot.app)


async def test_typing_in_the_filter_is_not_taken_for_keys(tui_app, history_file: Path) -> None:  # type: ignore[no-untyped-def]
    two_sends(history_file)
    async with tui_app().run_test(size=(120, 40)) as pilot:
        await pilot.app.ready.wait()
        view = await open_history_tab(pilot)
        view.query_one("#history-filter", Input).focus()
        await pilot.press("r", "e", "c", "1")
        assert view.query_one("#history-filter", Input).value == "rec1"
        assert "body diff" not in detail_text(view)


def test_present_opens_the_ui_in_presenter_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    import smarthook.tui.app as app_module
    from smarthook.tui.cli import main

    opened: list[tuple[str | None, bool]] = []
    monkeypatch.setattr(
        app_module, "run", lambda preset, present=False: opened.append((preset, present)) or 0
    )
    assert main(["--present", "docs-json"]) == 0
    assert main([]) == 0
    assert opened == [("docs-json", True), (None, False)]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_list_and_an_entry_both_have_room(tui_app, history_file: Path, size) -> None:  # type: ignore[no-untyped-def]
    """The list takes the tab's height until an entry is shown (at 120x40 it showed three
    rows), and a shown entry has a line at least even at 80x24 (it had none there)."""
    two_sends(history_file)
    app = tui_app()
    async with app.run_test(size=size) as pilot:
        await app.ready.wait()
        if size == (80, 24):
            await pilot.press("f9")  # a narrow terminal shows the preview and answer side
        view = await open_history_tab(pilot)
        table, detail = view.query_one(DataTable), view.query_one("#history-detail", Static)
        assert table.region.height >= (3 if size == (80, 24) else 10)
        await pilot.press("enter")
        await until(pilot, lambda: "#2 sent" in detail_text(view))
        await pilot.pause()
        shown = detail.region.intersection(view.region)
        assert shown.height >= 1 and "#2 sent" in screen_text(app)
