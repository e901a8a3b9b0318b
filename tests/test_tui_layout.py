"""The screen laid out for the size it has, and a notice when the receiver moved."""

import pytest
from textual.widgets import Input, Select

from smarthook.tui.app import SmarthookApp
from smarthook.tui.endpoint_bar import ReceiverNotice, aimed_at, loopback_port
from smarthook.tui.receiver_panel import ReceiverPanel
from smarthook.tui.template_editor import TemplateEditor
from waiting import until


def shown(app: SmarthookApp, selector: str) -> bool:
    widget = app.query_one(selector)
    return widget.display and widget.region.area > 0


@pytest.mark.parametrize(
    ("size", "classes", "side_by_side", "third_column"),
    [
        ((80, 24), "-narrow", False, False),
        ((120, 40), "-normal", True, False),
        ((200, 50), "-wide", True, True),
    ],
)
async def test_the_layout_follows_the_terminal_size(
    tui_app, size, classes, side_by_side, third_column
) -> None:
    app = tui_app()
    async with app.run_test(size=size) as pilot:
        await app.ready.wait()
        await pilot.pause()
        assert app.screen.has_class(classes)
        assert shown(app, "#compose")
        assert shown(app, "#preview") == side_by_side
        url = app.query_one("#url", Input)
        assert url.region.width > len(url.value)  # the URL is not clipped
        if third_column:
            preview, answers = (
                app.query_one("#preview").region,
                app.query_one("#answer-area").region,
            )
            assert answers.x >= preview.right and answers.height > 20
        assert not shown(app, "#too-small")


async def test_a_narrow_terminal_swaps_sides_with_f9_and_on_send(tui_app) -> None:
    app = tui_app(url="http://127.0.0.1:1/nowhere")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.ready.wait()
        await pilot.press("f9")
        await until(pilot, lambda: shown(app, "#preview"))
        assert not shown(app, "#compose") and shown(app, "#answer-area")
        await pilot.press("f9")
        await until(pilot, lambda: shown(app, "#compose"))
        app.query_one(TemplateEditor).focus()
        await pilot.press("ctrl+j")  # from the editor: the answer side comes up
        await until(pilot, lambda: shown(app, "#answer-area"))


async def test_every_global_key_is_in_the_footer_or_help_at_80x24(tui_app) -> None:
    from textual.widgets import Footer

    app = tui_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.ready.wait()
        await pilot.pause()
        footer = app.query_one(Footer)
        keys = [key for key in footer.query("FooterKey") if key.region.right <= 80]
        labels = " ".join(str(key.render()) for key in keys if key.region.width)
        assert "Help" in labels and "Send" in labels


async def test_a_too_small_terminal_says_so(tui_app) -> None:
    app = tui_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await app.ready.wait()
        # (the receiver panel mounts after the first frame; closing before it is up races)
        await until(pilot, lambda: bool(app.query("#receiver-log")))
        await until(pilot, lambda: app.query_one("#receiver-answer", Select).value == "accepted")
        await until(pilot, lambda: shown(app, "#too-small"))
        assert "too small" in str(app.query_one("#too-small").render())


def listening_on(port: int) -> ReceiverPanel.StateChanged:
    """The receiver's "listening" message, in today's shape or the typed one (state, port)."""
    if "state" in ReceiverPanel.StateChanged.__dataclass_fields__:
        return ReceiverPanel.StateChanged("on", port)  # type: ignore[arg-type]
    return ReceiverPanel.StateChanged(True, f"http://127.0.0.1:{port}/")


def test_loopback_ports_never_raise_on_typed_urls() -> None:
    assert loopback_port("http://[") is None
    assert loopback_port("http://127.0.0.1:99999/") is None
    assert loopback_port("http://localhost/x") == 80
    assert aimed_at("http://127.0.0.1:8204/hook?x=1", 8300) == "http://127.0.0.1:8300/hook?x=1"
    assert aimed_at("https://example.org/", 8300) == "https://example.org/"


async def test_a_receiver_on_another_port_is_said_and_ctrl_g_aims_the_url(tui_app) -> None:
    app = tui_app(url="http://127.0.0.1:8204/smartcontactnotification")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.ready.wait()
        notice = app.query_one(ReceiverNotice)
        assert not notice.display
        app.post_message(listening_on(8299))
        await until(pilot, lambda: notice.display)
        assert "8204" in str(notice.render()) and "8299" in str(notice.render())
        await pilot.press("ctrl+g")
        await until(pilot, lambda: not notice.display)
        assert (
            app.query_one("#url", Input).value == "http://127.0.0.1:8299/smartcontactnotification"
        )


async def test_a_port_taken_by_another_program_is_said_on_the_main_screen() -> None:
    import socket

    from smarthook.core.preset import open_preset

    other = socket.socket()
    other.bind(("127.0.0.1", 0))
    other.listen()
    port = other.getsockname()[1]
    try:
        preset, path = open_preset("local-demo")
        app = SmarthookApp(preset._replace(url=f"http://127.0.0.1:{port}/hook"), path)
        async with app.run_test(size=(120, 40)) as pilot:
            await app.ready.wait()  # the notice line mounts after the first frame
            notice = app.query_one(ReceiverNotice)
            await until(pilot, lambda: notice.display)
            assert f"port {port} is another program's" in str(notice.render())
            await until(pilot, lambda: bool(app.query(ReceiverPanel)))
            panel = app.query_one(ReceiverPanel)
            await until(pilot, lambda: "free" in str(panel.query_one("#receiver-state").render()))
            # The receiver offers a free port; switched on there, ctrl+g aims the URL at it.
            await pilot.press("f6")
            await until(pilot, lambda: panel.running)
            await pilot.press("ctrl+g")
            await until(pilot, lambda: not notice.display)
            assert app.query_one("#url", Input).value == f"http://127.0.0.1:{panel.port}/hook"
    finally:
        other.close()
