"""The answer area: the response to the last send, and the local receiver beside it.

It owns the send lifecycle (a worker: confirm a body that fails its check, send, show the
outcome) and hosts the receiver panel, so that the app only routes keys to it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.css.query import NoMatches
from textual.message import Message
from textual.widget import MountError
from textual.widgets import Static, TabbedContent, TabPane

from ..core.draft import Draft
from .history_view import HistoryView
from .response_view import ResponseView

if TYPE_CHECKING:
    from ..core.receiver import Entry
    from ..core.request import WebhookRequest
    from ..core.send import Outcome
    from .receiver_panel import ReceiverPanel, TemplateProvider


class AnswerArea(Vertical):
    """Two tabs: the response (with the verdict), and the receiver's panel and log."""

    @dataclass
    class SendingChanged(Message):
        """A send started or ended (the app shows escape only while one is in flight)."""

        sending: bool

    def __init__(
        self,
        receiver_port: int,
        template_provider: TemplateProvider,
        start_receiver: bool,
        **kwargs: str,
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.receiver_port = receiver_port
        self.template_provider = template_provider
        self.start_receiver = start_receiver

    def compose(self) -> ComposeResult:
        with TabbedContent(id="answer"):
            with TabPane("Response", id="response-tab"):
                yield ResponseView(id="response-view")
            with TabPane("Receiver", id="receiver-tab"):
                yield Static("Starting the local receiver…", id="receiver-pane")
            with TabPane("History", id="history-tab"):
                yield HistoryView(id="history-view")

    # -- sending ---------------------------------------------------------------------------

    @work(exclusive=True, group="send")
    async def send(self, draft_now: Callable[[], Awaitable[Draft]]) -> None:
        """Expand, confirm a body that fails its check, send, and show the outcome."""
        from .dialogs import ConfirmDialog

        response = self.query_one(ResponseView)
        self.show_tab("response-tab")
        self.post_message(self.SendingChanged(True))
        try:
            draft = await draft_now()
            request = draft.request
            if request is None:
                assert draft.blocker is not None
                response.show_problem(draft.blocker)
                return
            if draft.body_problem:
                question = (
                    f"The body fails its check:\n\n{draft.body_problem}\n\n"
                    "Cloud Softphone would send it as it is. Send it anyway?"
                )
                if not await self.app.push_screen_wait(ConfirmDialog(question, "Send anyway")):
                    response.show_problem(draft.body_problem)
                    return
            response.show_sending(self._shown(request))
            from ..core.send import send  # httpx is imported on the first send only

            panel = self.receiver()
            heard = panel.receiver.total if panel else 0
            outcome = await send(request, draft.preset.timeout)
            arrival = None
            if panel is not None and panel.receiver.total > heard:
                arrival = panel.receiver.log[-1]
            self.show_outcome(outcome, arrival)
            self.query_one(HistoryView).keep_send(outcome, draft.preset)
        except asyncio.CancelledError:
            response.show_note("Cancelled: the send was stopped before an answer came.")
            raise
        finally:
            self.post_message(self.SendingChanged(False))

    @on(HistoryView.Replay)
    @work(exclusive=True, group="send")
    async def replay(self, event: HistoryView.Replay) -> None:
        """Send a kept request again, byte for byte, through the same send as ctrl+j."""
        from ..core.send import send
        from ..core.webhook import DEFAULT_TIMEOUT

        request = event.entry.request()
        self.query_one(ResponseView).show_sending(self._shown(request))
        self.post_message(self.SendingChanged(True))
        try:
            outcome = await send(request, DEFAULT_TIMEOUT)
            self.show_outcome(outcome)
            self.query_one(HistoryView).keep_send(outcome, None, event.entry)
        except asyncio.CancelledError:
            self.query_one(ResponseView).show_note("Cancelled: the replay was stopped.")
            raise
        finally:
            self.post_message(self.SendingChanged(False))

    def _shown(self, request: WebhookRequest) -> WebhookRequest:
        """The request as the screen shows it: in presenter mode, its secrets hidden."""
        from ..core.presenter import shown

        presenting = getattr(self.app, "presenting", False)
        return request._replace(url=shown(request.url, presenting))

    def cancel_send(self) -> None:
        self.workers.cancel_group(self, "send")

    def show_outcome(self, outcome: Outcome, arrival: Entry | None = None) -> None:
        """Show the result of a send, and what the local receiver made of it if it came there."""
        self.show_tab("response-tab")
        outcome = outcome._replace(request=self._shown(outcome.request))
        self.query_one(ResponseView).show_outcome(outcome, arrival)

    def show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    # -- the local receiver ----------------------------------------------------------------

    @on(TabbedContent.TabActivated, "#answer")
    async def _mount_receiver(self) -> None:
        """Mount the receiver panel the first time the tabs are up (uvicorn loads then)."""
        from .receiver_panel import ReceiverPanel

        if not self.query("#receiver-pane"):
            return  # mounted already: this runs each time a tab is chosen
        panel = ReceiverPanel(self.receiver_port, self.template_provider, id="receiver")
        try:
            await self.query_one("#receiver-pane").remove()
            await self.query_one("#receiver-tab", TabPane).mount(panel)
        except (MountError, NoMatches):
            return  # the app is closing
        if self.start_receiver:
            await panel.start()

    def receiver(self) -> ReceiverPanel | None:
        """The receiver panel, once it is mounted."""
        from .receiver_panel import ReceiverPanel

        found = self.query(ReceiverPanel)
        return found.first() if found else None

    def toggle_receiver(self) -> None:
        panel = self.receiver()
        if panel is not None:
            panel.toggle()
            self.show_tab("receiver-tab")

    def next_answer(self) -> str | None:
        """Switch the receiver to its next answer; returns that answer's label."""
        panel = self.receiver()
        return panel.next_answer() if panel is not None else None

    def on_receiver_panel_arrived(self, event: ReceiverPanel.Arrived) -> None:
        label = f"Receiver ({event.entry.number})"
        self.query_one(TabbedContent).get_tab("receiver-tab").label = label
        self.query_one(HistoryView).keep_arrival(event.entry)
