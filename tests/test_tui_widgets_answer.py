"""The answer area in a harness app: sending, what the response says, stale, copy, cancel."""

from textual.app import App, ComposeResult
from textual.worker import WorkerState

from endpoint import Answer, Endpoint, free_port
from smarthook.core import preset as presets
from smarthook.core.draft import Draft, make_draft
from smarthook.tui.answer_area import AnswerArea
from smarthook.tui.receiver_panel import ReceiverPanel
from smarthook.tui.response_view import ResponseView
from waiting import until

PRESET, _ = presets.open_preset("docs-json")


class Harness(App[None]):
    def __init__(self, receiver_port: int = 0, start_receiver: bool = False) -> None:
        super().__init__()
        self.preset = PRESET
        self.receiver_port = receiver_port or free_port()
        self.start_receiver = start_receiver

    def compose(self) -> ComposeResult:
        yield AnswerArea(
            self.receiver_port,
            lambda: (self.preset.template, self.preset.content_type),
            self.start_receiver,
            id="answer-area",
        )

    async def draft_now(self) -> Draft:
        return make_draft(self.preset)


def shown(app: App[None]) -> str:
    return str(app.query_one(ResponseView).query_one("#response").render())


def send_to(app: Harness, url: str, timeout: float = 10.0):  # type: ignore[no-untyped-def]
    app.preset = PRESET._replace(url=url, timeout=timeout)
    return app.query_one(AnswerArea).send(app.draft_now)


async def test_a_send_that_never_left_does_not_say_it_was_sent() -> None:
    app = Harness()
    async with app.run_test() as pilot:
        send_to(app, f"http://127.0.0.1:{free_port()}/x")
        await until(pilot, lambda: "no answer" in shown(app))
        text = shown(app)
        assert "not delivered" in text
        assert "sent " not in text


async def test_a_second_send_cancels_the_first_and_only_its_outcome_is_shown() -> None:
    slow, quick = Endpoint(), Endpoint()
    slow.answer = Answer(status=500, reason="Held", delay=3)
    quick.answer = Answer(status=204)
    try:
        app = Harness()
        async with app.run_test() as pilot:
            first = send_to(app, slow.url())
            await until(pilot, lambda: bool(slow.received))
            second = send_to(app, quick.url())
            await until(pilot, lambda: "204 No Content" in shown(app))
            await app.workers.wait_for_complete()
            assert first.state == WorkerState.CANCELLED
            assert second.state == WorkerState.SUCCESS
            text = shown(app)
            assert "Held" not in text and "Cancelled" not in text
    finally:
        slow.close()
        quick.close()


async def test_while_sending_the_elapsed_time_counts() -> None:
    held = Endpoint()
    held.answer = Answer(delay=2)
    try:
        app = Harness()
        async with app.run_test() as pilot:
            send_to(app, held.url())
            await until(pilot, lambda: "Sending…" in shown(app))
            first = shown(app)
            await until(pilot, lambda: "Sending…" in shown(app) and shown(app) != first)
            app.query_one(AnswerArea).cancel_send()
    finally:
        held.close()


async def test_hostile_reason_headers_and_body_are_shown_escaped_and_literal() -> None:
    hostile = Endpoint()
    osc52 = "\x1b]52;c;ZWNobyBwd25lZA==\x1b\\"
    hostile.answer = Answer(
        status=400,
        reason="Bad [/] \x1b[2J",
        headers=[("X-Title", "\x1b]0;owned\x07[b]x[/b]")],
        body=f"[/] {osc52} \u202eevil".encode(),
    )
    try:
        app = Harness()
        async with app.run_test() as pilot:
            send_to(app, hostile.url())
            await until(pilot, lambda: "Bad" in shown(app))
            text = shown(app)
            assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
            assert "Bad [/] \\u001b[2J" in text
            assert "\\u001b]0;owned\\u0007[b]x[/b]" in text
            assert "\\u001b]52;c;ZWNobyBwd25lZA==\\u001b\\" in text and "\\u202eevil" in text
    finally:
        hostile.close()


async def test_after_an_edit_the_response_says_it_is_from_before_it() -> None:
    endpoint = Endpoint()
    try:
        app = Harness()
        async with app.run_test() as pilot:
            area = app.query_one(AnswerArea)
            area.mark_stale()  # nothing on screen yet: nothing to mark
            assert "before your last edit" not in shown(app)
            send_to(app, endpoint.url())
            await until(pilot, lambda: "204 No Content" in shown(app))
            assert "before your last edit" not in shown(app)
            area.mark_stale()
            await pilot.pause()
            assert "from before your last edit" in shown(app)
            assert app.query_one(ResponseView).has_class("-stale")
            send_to(app, endpoint.url())
            await until(pilot, lambda: "before your last edit" not in shown(app))
    finally:
        endpoint.close()


async def test_copy_body_puts_the_response_body_on_the_clipboard() -> None:
    endpoint = Endpoint()
    endpoint.answer = Answer(status=400, reason="Bad Request", body=b'{"error": "[b]no"}')
    try:
        app = Harness()
        async with app.run_test() as pilot:
            area = app.query_one(AnswerArea)
            assert area.copy_body() is None
            send_to(app, endpoint.url())
            await until(pilot, lambda: "Bad Request" in shown(app))
            assert area.copy_body() == '{"error": "[b]no"}'
            assert app.clipboard == '{"error": "[b]no"}'
    finally:
        endpoint.close()


async def test_a_receiver_answering_after_the_sender_gave_up_is_said_as_such() -> None:
    app = Harness(start_receiver=True)
    async with app.run_test() as pilot:
        area = app.query_one(AnswerArea)
        await until(pilot, lambda: area.receiver() is not None and area.receiver().running)  # type: ignore[union-attr]
        panel = area.receiver()
        assert panel is not None
        panel.set_answer("slow")
        send_to(app, panel.url + "smartcontactnotification", timeout=0.5)
        await until(pilot, lambda: "no answer" in shown(app))
        text = shown(app)
        assert "answered 204 after Cloud Softphone had given up at 0.5 s" in text
        assert "answered 204\n" not in text
        await panel.stop()


async def test_the_receiver_panel_mounts_after_the_first_frame_and_starts() -> None:
    app = Harness(start_receiver=True)
    async with app.run_test() as pilot:
        area = app.query_one(AnswerArea)
        await until(pilot, lambda: bool(app.query(ReceiverPanel)))
        panel = area.receiver()
        assert panel is not None
        await until(pilot, lambda: panel.running)
        assert panel.url == f"http://127.0.0.1:{app.receiver_port}/"


async def test_the_request_dialog_shows_a_hostile_url_and_body_as_text() -> None:
    from textual.widgets import Static, TextArea

    from smarthook.tui.request_dialog import RequestDialog

    preset = PRESET._replace(url="http://127.0.0.1:1/[/]?[b]", template='{"a": "\x1b]0;x\x07"}')
    request = make_draft(preset).request
    assert request is not None
    app = Harness()
    async with app.run_test() as pilot:
        await app.push_screen(RequestDialog(request))
        await pilot.pause()
        line = str(app.screen.query_one(Static).render())
        assert "POST http://127.0.0.1:1/[/]?[b]" in line
        wire = app.screen.query_one(TextArea).text
        assert "\x1b" not in wire and "\\u001b]0;x\\u0007" in wire
