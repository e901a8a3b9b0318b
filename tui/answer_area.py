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
from textual.message import Message
from textual.widgets import TabbedContent, TabPane, Tabs
from textual.worker import Worker, get_current_worker

from ..core.draft import Draft
from . import collector
from .guard import guarded
from .history_view import HistoryView
from .response_view import ResponseView

if TYPE_CHECKING:
    from ..core.receiver import Entry
    from ..core.request import WebhookRequest
    from ..core.send import Outcome
    from .receiver_panel import ReceiverPanel, TemplateProvider


class AnswerArea(Vertical):
    """Two tabs: the response (with the verdict), and the receiver's panel and log."""

    DEFAULT_CSS = """
    AnswerArea #answer {
        height: 1fr;
    }
    AnswerArea #answer TabPane {
        padding: 0 1;
    }
    AnswerArea #answer ReceiverPanel {
        border: none;
        padding: 0;
    }
    """

    @dataclass
    class SendingChanged(Message):
        """A send started or ended (the app shows escape only while one is in flight)."""

        sending: bool

    def __init__(
        self,
        receiver_port: int,
        template_provider: TemplateProvider,
        start_receiver: bool,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.receiver_port = receiver_port
        self.template_provider = template_provider
        self.start_receiver = start_receiver
        self._sending: Worker[None] | None = None
        self._edited_while_sending = False
        #: A send's outcome shown before its arrival at the local receiver was heard (the
        #: receiver's count before the send, and the outcome).
        self._awaiting: tuple[int, Outcome] | None = None

    def compose(self) -> ComposeResult:
        with TabbedContent(id="answer"):
            with TabPane("Response", id="response-tab"):
                yield ResponseView(id="response-view")
            yield TabPane("Receiver", id="receiver-tab")
            with TabPane("History", id="history-tab"):
                yield HistoryView(id="history-view")

    @on(TabbedContent.TabActivated, "#answer")
    async def _mount_receiver(self) -> None:
        """Mount the receiver panel once the tabs are up (uvicorn loads then).

        Not ``Lazy``: a ``Lazy`` panel (or one composed with the tabs) lost its ``Select``'s
        overlay now and then (Textual 8), which ended the app.
        """
        from .receiver_panel import ReceiverPanel

        tab = self.query_one("#receiver-tab", TabPane)
        if tab.children:
            return  # mounted already: this runs each time a tab is chosen
        await tab.mount(
            ReceiverPanel(
                self.receiver_port, self.template_provider, start=self.start_receiver, id="receiver"
            )
        )
        collector.start_up_done()  # the last of start-up: no full collection walks it again

    # -- sending ---------------------------------------------------------------------------

    @work(exclusive=True, group="send")
    @guarded  # a fault is said on screen, never the end of the session
    async def send(self, draft_now: Callable[[], Awaitable[Draft]]) -> None:
        """Expand, confirm a body that fails its check, send, and show the outcome.

        Exclusive: a second send cancels the first, whose outcome is then never shown.
        """
        from .dialogs import ConfirmDialog

        me = get_current_worker()
        self._sending = me
        self._edited_while_sending = False
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

            # Let the screen settle first (footer, "Sending…"): the UI's own work must not
            # land inside the send's clock, which should measure the network only.
            await response.wait_for_refresh()

            panel = self.receiver()
            heard = panel.receiver.total if panel else 0
            outcome = await send(request, draft.preset.timeout)
            arrival = None
            if panel is not None and panel.receiver.total > heard:
                arrival = panel.receiver.log[-1]
            self.show_outcome(outcome, arrival)
            # Not heard yet (a busy machine): the arrival is added when it comes in.
            self._awaiting = (heard, outcome) if panel and arrival is None else None
            self.query_one(HistoryView).keep_send(outcome, draft.preset)
            if self._edited_while_sending:
                response.mark_stale()
        except asyncio.CancelledError:
            if self._sending is me:  # not when a newer send took its place
                response.show_note("Cancelled: the send was stopped before an answer came.")
            raise
        finally:
            if self._sending is me:
                self._sending = None
                self.post_message(self.SendingChanged(False))

    @on(HistoryView.Replay)
    @work(exclusive=True, group="send")
    @guarded  # a fault is said on screen, never the end of the session
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
        tabbed = self.query_one(TabbedContent)
        leaving, focused = tabbed.active_pane, self.screen.focused
        if tab != tabbed.active and leaving is not None and focused in leaving.walk_children():
            # Textual hands the focus of a widget it hides to a sibling, here one in the same
            # hidden pane, which turns the tab back (``r`` in History would never show the
            # response): the tab strip takes it first, as a click on a tab would.
            self.screen.set_focus(tabbed.query_one(Tabs))
        tabbed.active = tab

    def mark_stale(self) -> None:
        """The preset was edited: the response on screen (or on its way) answers an older one."""
        self._edited_while_sending = self._sending is not None
        self.query_one(ResponseView).mark_stale()

    def copy_body(self) -> str | None:
        """Copy the response body to the clipboard; what was copied (None: no body)."""
        body = self.query_one(ResponseView).body()
        if body is not None:
            self.app.copy_to_clipboard(body)
        return body

    # -- the local receiver ----------------------------------------------------------------

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
        if self._awaiting is not None:
            heard, outcome = self._awaiting
            response = self.query_one(ResponseView)
            late = event.entry.number == heard + 1 and event.entry.path == outcome.request.target
            shown = response.outcome
            fresh = not response.has_class("-stale")  # an edit since: leave it as marked
            if late and fresh and shown is not None and shown.request.body == outcome.request.body:
                response.show_outcome(shown, event.entry)
            self._awaiting = None
        label = f"Receiver ({event.entry.number})"
        self.query_one(TabbedContent).get_tab("receiver-tab").label = label
        self.query_one(HistoryView).keep_arrival(event.entry)
