"""The one-laptop demo: the UI starts its own receiver, and ctrl+j ends in a 204 on screen."""

import socket

from textual.widgets import TabbedContent

from endpoint import free_port
from smarthook.core.preset import open_preset
from smarthook.tui.app import SmarthookApp
from smarthook.tui.receiver_panel import ReceiverPanel
from smarthook.tui.response_view import ResponseView
from waiting import until


def demo_app(port: int) -> SmarthookApp:
    preset, path = open_preset("local-demo")
    url = f"http://127.0.0.1:{port}/smartcontactnotification"
    return SmarthookApp(preset._replace(url=url), path, start_receiver=True)


def response_text(app: SmarthookApp) -> str:
    return str(app.query_one(ResponseView).query_one("#response").render())


def receiver_running(app: SmarthookApp) -> bool:
    found = app.query(ReceiverPanel)
    return bool(found) and found.first().running


async def test_first_send_ends_in_a_204_from_the_own_receiver() -> None:
    port = free_port()
    app = demo_app(port)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: receiver_running(app))
        panel = app.query_one(ReceiverPanel)
        assert panel.url == f"http://127.0.0.1:{port}/"
        await pilot.press("ctrl+j")
        await until(pilot, lambda: "received by the local receiver" in response_text(app))
        text = response_text(app)
        assert "accepted" in text and "204 No Content" in text
        assert 'number "15551231234"' in text and "2 parties" in text
        tab = app.query_one(TabbedContent).get_tab("receiver-tab")
        assert str(tab.label) == "Receiver (1)"
        [entry] = panel.receiver.log
        assert entry.readback is not None
        assert entry.readback.notification.interested_parties[0].username == "eric"


async def test_switching_the_answer_shows_what_cloud_softphone_ignores() -> None:
    app = demo_app(free_port())
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: receiver_running(app))
        await pilot.press("f7")  # 204 -> 200
        await pilot.press("ctrl+j")
        await until(pilot, lambda: "received by the local receiver" in response_text(app))
        assert "ignored" in response_text(app) and "instead of 200" in response_text(app)
        await pilot.press("f7", "ctrl+j")  # 200 -> 500
        await until(pilot, lambda: "#2, answered 500" in response_text(app))
        assert "drops a 500" in response_text(app)


async def test_a_taken_port_is_said_on_the_main_screen() -> None:
    """The panel's own account is tested in test_receiver_panel; here: the app says it."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        app = demo_app(port)
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await until(pilot, lambda: any("taken" in toast_text for toast_text in toasts(app)))
            panel = app.query_one(ReceiverPanel)
            assert not panel.running
            await pilot.press("f6")  # switch on: the offered port
            await until(pilot, lambda: panel.running)
            # The demo's URL still points at the taken port: the main screen says so.
            notice = app.query_one("#notice")
            await until(pilot, lambda: f"listens on port {panel.port}" in str(notice.render()))


def toasts(app: SmarthookApp) -> list[str]:
    return [str(toast.render()) for toast in app.screen.query("Toast")]
