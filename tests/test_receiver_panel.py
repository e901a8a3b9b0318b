"""The receiver panel in a tiny harness app: switch on, receive a real POST, read it back."""

import socket

import httpx
from textual.app import App, ComposeResult
from textual.widgets import DataTable, Input, Label, Select, Static, Switch

from endpoint import free_port
from smarthook.core import preset as presets
from smarthook.core.template import expand
from smarthook.tui.receiver_panel import ReceiverPanel
from waiting import until

PRESET, _ = presets.open_preset("docs-json")
BODY = expand(PRESET.template, PRESET.content_type, PRESET.notification).body.encode()


class Harness(App[None]):
    def __init__(self, port: int) -> None:
        super().__init__()
        self.port = port
        self.arrived: list[ReceiverPanel.Arrived] = []
        self.states: list[ReceiverPanel.StateChanged] = []

    def compose(self) -> ComposeResult:
        yield ReceiverPanel(
            port=self.port,
            template_provider=lambda: (PRESET.template, PRESET.content_type),
            id="receiver",
        )

    def on_receiver_panel_arrived(self, message: ReceiverPanel.Arrived) -> None:
        self.arrived.append(message)

    def on_receiver_panel_state_changed(self, message: ReceiverPanel.StateChanged) -> None:
        self.states.append(message)


def _shown(app: App[None], selector: str) -> str:
    return str(app.query_one(selector, Static).render())


async def _post(url: str, content_type: str = PRESET.content_type, body: bytes = BODY) -> int:
    async with httpx.AsyncClient(trust_env=False) as client:
        response = await client.post(url, content=body, headers={"Content-Type": content_type})
        return response.status_code


def _on_off(app: App[None]) -> str:
    return str(app.query_one("#receiver-onoff", Label).render())


async def test_switching_on_receives_a_post_and_shows_the_notification() -> None:
    port = free_port()
    app = Harness(port)
    async with app.run_test(size=(120, 50)) as pilot:
        panel = app.query_one(ReceiverPanel)
        assert _on_off(app) == "off"
        await pilot.click("#receiver-switch")
        await until(pilot, lambda: panel.running)
        assert app.query_one(Switch).value and _on_off(app) == "on"
        assert f"listening on http://127.0.0.1:{port}/" in _shown(app, "#receiver-state")
        assert [(state.state, state.port) for state in app.states] == [("on", port)]
        assert await _post(f"http://127.0.0.1:{port}/smartcontactnotification") == 204
        table = app.query_one("#receiver-log", DataTable)
        await until(pilot, lambda: table.row_count == 1)
        assert [message.entry.status for message in app.arrived] == [204]
        row = table.get_row_at(0)
        assert str(row[1]) == "/smartcontactnotification" and "2 parties" in str(row[3])
        table.move_cursor(row=0)
        await until(pilot, lambda: "read back" in _shown(app, "#receiver-entry"))
        detail = _shown(app, "#receiver-entry")
        assert "new_smart_number: '15551231234'" in detail
        assert "'madelaine' on 'madelaines_android'" in detail
        assert "content-type: application/json" in detail
        await panel.stop()
        assert not panel.running and not app.query_one(Switch).value and _on_off(app) == "off"
        await until(pilot, lambda: app.states[-1].state == "off")


async def test_the_answer_select_changes_what_the_receiver_answers() -> None:
    port = free_port()
    app = Harness(port)
    async with app.run_test(size=(120, 50)) as pilot:
        panel = app.query_one(ReceiverPanel)
        assert await panel.start()
        app.query_one("#receiver-answer", Select).value = "error"
        await pilot.pause()
        assert await _post(f"http://127.0.0.1:{port}/") == 500
        assert panel.next_answer() == "slow: 204 after 12 s"
        panel.set_answer("ok")
        assert app.query_one("#receiver-answer", Select).value == "ok"
        assert await _post(f"http://127.0.0.1:{port}/") == 200
        await until(pilot, lambda: len(app.arrived) == 2)
        assert [message.entry.status for message in app.arrived] == [500, 200]
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
            await until(pilot, lambda: bool(app.states))
            assert not panel.running and not app.query_one(Switch).value
            [failed] = app.states
            assert (failed.state, failed.port) == ("failed", port) and "taken" in failed.reason
            state = _shown(app, "#receiver-state")
            assert f"port {port} is taken" in state
            offered = app.query_one("#receiver-port", Input).value
            assert offered != str(port) and f"port {offered} is free" in state
            panel.toggle()
            await until(pilot, lambda: panel.running)
            assert panel.url == f"http://127.0.0.1:{offered}/"
            assert await _post(panel.url) == 204
            await panel.stop()


async def test_a_port_that_is_not_a_port_is_refused_by_the_port_box() -> None:
    app = Harness(free_port())
    async with app.run_test(size=(120, 50)) as pilot:
        panel = app.query_one(ReceiverPanel)
        app.query_one("#receiver-port", Input).value = "99999"
        assert not await panel.start()
        assert "from 0 to 65535" in _shown(app, "#receiver-state")
        await until(pilot, lambda: bool(app.states))
        assert [(state.state, state.port) for state in app.states] == [("failed", panel.port)]


async def test_hostile_paths_and_content_types_are_shown_as_text() -> None:
    """A POST at ``/[/]`` or with ``text/[/]`` used to end the app with a MarkupError."""
    port = free_port()
    app = Harness(port)
    async with app.run_test(size=(120, 50)) as pilot:
        panel = app.query_one(ReceiverPanel)
        assert await panel.start()
        base = f"http://127.0.0.1:{port}"
        assert await _post(base + "/[/]") == 204
        assert await _post(base + "/x", content_type="text/[/]") == 415
        assert await _post(base + "/%1b]0;owned%07[b]", content_type="text/\x1b[/b]") == 415
        table = app.query_one("#receiver-log", DataTable)
        await until(pilot, lambda: table.row_count == 3)
        assert str(table.get_row_at(0)[1]) == "/[/]"
        for row in range(3):
            table.move_cursor(row=row)
            await pilot.pause()
            detail = _shown(app, "#receiver-entry")
            assert "\x1b" not in detail
        assert "text/[/]" in _shown(app, "#receiver-entry") or "[/b]" in _shown(
            app, "#receiver-entry"
        )
        await panel.stop()


async def test_the_answer_select_keeps_its_arrow_in_a_narrow_panel() -> None:
    app = Harness(free_port())
    async with app.run_test(size=(40, 20)) as pilot:
        await pilot.pause()
        panel = app.query_one(ReceiverPanel)
        select = app.query_one("#receiver-answer", Select)
        assert select.region.width >= 12
        assert select.region.right <= panel.content_region.right
