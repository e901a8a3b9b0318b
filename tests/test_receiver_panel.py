"""The receiver panel in a tiny harness app: switch on, receive a real POST, read it back."""

import socket

import httpx
from textual.app import App, ComposeResult
from textual.widgets import DataTable, Input, Select, Static, Switch

from endpoint import free_port
from smarthook.core import preset as presets
from smarthook.core.template import expand
from smarthook.tui.receiver_panel import ReceiverPanel

PRESET, _ = presets.open_preset("docs-json")
BODY = expand(PRESET.template, PRESET.content_type, PRESET.notification).body.encode()


class Harness(App[None]):
    def __init__(self, port: int) -> None:
        super().__init__()
        self.port = port
        self.arrived: list[ReceiverPanel.Arrived] = []

    def compose(self) -> ComposeResult:
        yield ReceiverPanel(
            port=self.port,
            template_provider=lambda: (PRESET.template, PRESET.content_type),
            id="receiver",
        )

    def on_mount(self) -> None:
        for box in self.query(Input):
            box.cursor_blink = False

    def on_receiver_panel_arrived(self, message: ReceiverPanel.Arrived) -> None:
        self.arrived.append(message)


def _shown(app: App[None], selector: str) -> str:
    return str(app.query_one(selector, Static).render())


async def _post(url: str) -> int:
    async with httpx.AsyncClient(trust_env=False) as client:
        response = await client.post(
            url, content=BODY, headers={"Content-Type": PRESET.content_type}
        )
        return response.status_code


async def test_switching_on_receives_a_post_and_shows_the_notification() -> None:
    port = free_port()
    app = Harness(port)
    async with app.run_test(size=(120, 50)) as pilot:
        panel = app.query_one(ReceiverPanel)
        await pilot.click("#receiver-switch")
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert panel.running and app.query_one(Switch).value
        assert f"listening on http://127.0.0.1:{port}/" in _shown(app, "#receiver-state")
        assert await _post(f"http://127.0.0.1:{port}/smartcontactnotification") == 204
        await pilot.pause()
        assert [message.entry.status for message in app.arrived] == [204]
        table = app.query_one("#receiver-log", DataTable)
        assert table.row_count == 1
        row = table.get_row_at(0)
        assert row[1] == "/smartcontactnotification" and "2 parties" in row[3]
        table.move_cursor(row=0)
        await pilot.pause()
        detail = _shown(app, "#receiver-entry")
        assert "new_smart_number: '15551231234'" in detail
        assert "'madelaine' on 'madelaines_android'" in detail
        assert "content-type: application/json" in detail
        await panel.stop()
        assert not panel.running and not app.query_one(Switch).value


async def test_the_answer_select_changes_what_the_receiver_answers() -> None:
    port = free_port()
    app = Harness(port)
    async with app.run_test(size=(120, 50)) as pilot:
        panel = app.query_one(ReceiverPanel)
        assert await panel.start()
        app.query_one("#receiver-answer", Select).value = "error"
        await pilot.pause()
        assert await _post(f"http://127.0.0.1:{port}/") == 500
        panel.set_answer("slow")
        assert (panel.receiver.status, panel.receiver.delay) == (204, 12.0)
        panel.set_answer("accepted")
        assert await _post(f"http://127.0.0.1:{port}/") == 204
        await pilot.pause()
        assert [message.entry.status for message in app.arrived] == [500, 204]
        await panel.stop()


async def test_a_taken_port_is_said_in_the_panel_and_another_is_offered() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        app = Harness(port)
        async with app.run_test(size=(120, 50)) as pilot:
            panel = app.query_one(ReceiverPanel)
            panel.toggle()
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert not panel.running and not app.query_one(Switch).value
            state = _shown(app, "#receiver-state")
            assert f"port {port} is taken" in state
            offered = app.query_one("#receiver-port", Input).value
            assert offered != str(port) and f"port {offered} is free" in state
            panel.toggle()
            await pilot.pause()
            await app.workers.wait_for_complete()
            assert panel.running and panel.url == f"http://127.0.0.1:{offered}/"
            assert await _post(panel.url) == 204
            await panel.stop()
