"""The receiver panel: smarthook's own endpoint, switched on beside the response.

On/off, the port, the answer to give, and the log of arrivals; choosing an arrival shows its
headers, its body and the notification read back out of it. The server runs on a thread of
its own (:mod:`.receiver_thread`), so that neither loop waits on the other.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.validation import Integer
from textual.widget import Widget
from textual.widgets import DataTable, Input, Label, Select, Static, Switch

from ..core.problems import InputError
from ..core.receiver import LOG_SIZE, Entry, Receiver
from ..core.receiver_port import DEFAULT_HOST, DEFAULT_PORT, suggest_port
from ..core.safe_text import safe_line
from ..core.webhook import SUCCESS_STATUS
from .arrival_view import arrival_details, log_row
from .receiver_thread import ReceiverThread

#: The answers a demo needs: (label, status, delay in seconds).
ANSWERS = {
    "accepted": ("204 accepted", SUCCESS_STATUS, 0.0),
    "ok": ("200 ignored", 200, 0.0),
    "error": ("500 ignored", 500, 0.0),
    "slow": ("slow: 204 after 12 s", SUCCESS_STATUS, 12.0),
}
TemplateProvider = Callable[[], tuple[str, str] | None]


class ReceiverPanel(Widget):
    """smarthook's own endpoint, with its controls and its log of arrivals."""

    DEFAULT_CSS = """
    ReceiverPanel {
        height: 1fr;
        border: round $primary 50%;
        border-title-color: $text-primary;
        padding: 0 1;
        layout: vertical;
    }
    ReceiverPanel.-running {
        border: round $success;
    }
    ReceiverPanel #receiver-controls {
        height: 1;
    }
    ReceiverPanel #receiver-switch {
        border: none;
        height: 1;
        width: auto;
        padding: 0;
    }
    ReceiverPanel #receiver-controls #receiver-onoff {
        width: 4;
        padding: 0 0 0 1;
        text-style: bold;
    }
    ReceiverPanel.-running #receiver-onoff {
        color: $text-success;
    }
    ReceiverPanel #receiver-controls Label {
        padding: 0 1 0 1;
    }
    ReceiverPanel #receiver-port {
        width: 7;
    }
    ReceiverPanel #receiver-answer {
        width: 1fr;
        margin-left: 2;
        max-width: 26;
        min-width: 12;
    }
    ReceiverPanel #receiver-state {
        height: auto;
        color: $text-muted;
    }
    ReceiverPanel #receiver-state.-problem {
        color: $text-error;
    }
    ReceiverPanel #receiver-log {
        height: 1fr;
        min-height: 4;
    }
    ReceiverPanel #receiver-detail {
        height: 2fr;
        border-top: solid $primary 30%;
    }
    """

    running: reactive[bool] = reactive(False)

    @dataclass
    class Arrived(Message):
        """A request reached the receiver (posted for every one, refused or not)."""

        entry: Entry

    @dataclass
    class StateChanged(Message):
        """The receiver is on, off, or could not start; the port it has or wanted, and why."""

        state: Literal["on", "off", "failed"]
        #: The port it listens on ("on"), or the port it could not listen on ("failed").
        port: int
        #: Why it could not start ("failed" only).
        reason: str = ""

        @property
        def running(self) -> bool:
            return self.state == "on"

    def __init__(
        self,
        port: int = DEFAULT_PORT,
        template_provider: TemplateProvider | None = None,
        host: str = DEFAULT_HOST,
        *,
        start: bool = False,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.host = host
        self.port = port
        #: The answer the receiver gives, a key of ANSWERS (the Select shows it).
        self.answer = "accepted"
        self._template_provider = template_provider
        #: The template and content type on screen, as the receiver's thread reads them back.
        self._template: tuple[str, str] | None = None
        provider = self._template_from_screen if template_provider is not None else None
        self.receiver = Receiver(template_provider=provider)
        self.receiver.subscribe(self._heard)
        self._thread = ReceiverThread(self.receiver)
        self._rows: list[str] = []
        self._start_on_mount = start
        self.border_title = "Receiver · off"

    def compose(self) -> ComposeResult:
        with Horizontal(id="receiver-controls"):
            yield Switch(False, id="receiver-switch", tooltip="Switch the local receiver on or off")
            yield Label("off", id="receiver-onoff")
            yield Label("port")
            yield Input(
                str(self.port),
                type="integer",
                validators=[Integer(0, 65535, failure_description="from 0 to 65535")],
                id="receiver-port",
                max_length=5,
                compact=True,
            )
            yield Select(
                [(label, key) for key, (label, _, _) in ANSWERS.items()],
                value="accepted",
                allow_blank=False,
                id="receiver-answer",
                compact=True,
                tooltip="The answer the receiver gives (f7 cycles)",
            )
        yield Static("off", id="receiver-state")
        table: DataTable[object] = DataTable(
            id="receiver-log", cursor_type="row", zebra_stripes=True
        )
        yield table
        with VerticalScroll(id="receiver-detail"):
            yield Static(
                "Choose an arrival to see its headers, body and notification.", id="receiver-entry"
            )

    def on_mount(self) -> None:
        self.template_changed()
        table: DataTable[object] = self.query_one("#receiver-log", DataTable)
        table.add_columns("time", "path", "status", "verdict")
        if self._start_on_mount:
            self.run_worker(self.start(), group="receiver", exclusive=True)

    async def on_unmount(self) -> None:
        # The children are gone by now: stop the server and its thread without showing it.
        await self._thread.close()

    # -- the API the app uses ---------------------------------------------------------------

    @property
    def url(self) -> str:
        """Where the receiver listens ("" when it is off)."""
        server = self._thread.server
        return server.url if server is not None and self.running else ""

    async def start(self) -> bool:
        """Start listening on the port in the port box; False (and the reason shown) if not."""
        if self._thread.running:
            return True
        port_box = self.query_one("#receiver-port", Input)
        checked = port_box.validate(port_box.value)
        if checked is not None and not checked.is_valid:
            reason = f"the port must be a number from 0 to 65535, not {port_box.value!r}"
            return self._failed(self.port, safe_line(reason))
        port = int(port_box.value)
        try:
            server = await self._thread.start(self.host, port)
        except InputError as exc:
            free = suggest_port(self.host, port)
            offer = (
                f"; port {free} is free (it is in the port box: switch on again)" if free else ""
            )
            if free:
                port_box.value = str(free)
            return self._failed(port, exc.problem.message + offer)
        self.port = server.address[1]
        self.running = True
        self._set_switch(True)
        self._show_state(f"listening on {server.url}")
        self.post_message(self.StateChanged("on", self.port))
        return True

    async def stop(self) -> None:
        """Stop listening; requests held back by a slow answer are answered at once."""
        await self._thread.stop()
        if self.running:
            self.running = False
            self._set_switch(False)
            self._show_state("off")
            self.post_message(self.StateChanged("off", self.port))

    def toggle(self) -> None:
        """Switch the receiver on if it is off, off if it is on."""
        if self.running:
            self.run_worker(self.stop(), group="receiver", exclusive=True)
        else:
            self.run_worker(self.start(), group="receiver", exclusive=True)

    def set_answer(self, key: str) -> None:
        """Answer with one of :data:`ANSWERS` from the next request on."""
        _, status, delay = ANSWERS[key]
        self.answer = key
        self.receiver.status, self.receiver.delay = status, delay
        select: Select[str] = self.query_one("#receiver-answer", Select)
        if select.value != key:
            select.value = key

    def next_answer(self) -> str:
        """Switch to the answer after the current one (204, 200, 500, slow, 204…); its label.

        The panel's own ``answer`` is the truth (the Select only shows it): a key pressed while
        the Select is still mounting must not find it blank.
        """
        keys = list(ANSWERS)
        following = keys[(keys.index(self.answer) + 1) % len(keys)]
        self.set_answer(following)
        return ANSWERS[following][0]

    # -- events -------------------------------------------------------------------------------

    def watch_running(self, running: bool) -> None:
        self.set_class(running, "-running")
        self.border_title = f"Receiver · on :{self.port}" if running else "Receiver · off"
        self.query_one("#receiver-onoff", Label).update("on" if running else "off")

    @on(Switch.Changed, "#receiver-switch")
    def _switched(self, event: Switch.Changed) -> None:
        event.stop()
        if event.value != self.running:
            self.toggle()

    @on(Select.Changed, "#receiver-answer")
    def _answer_chosen(self, event: Select.Changed) -> None:
        event.stop()
        if isinstance(event.value, str) and event.value in ANSWERS:
            self.set_answer(event.value)

    @on(Input.Submitted, "#receiver-port")
    async def _port_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        await self.stop()
        await self.start()

    @on(DataTable.RowHighlighted, "#receiver-log")
    def _arrival_chosen(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        key = event.row_key.value
        entry = next((each for each in self.receiver.log if str(each.number) == key), None)
        if entry is not None:
            self.query_one("#receiver-entry", Static).update(arrival_details(self._shown(entry)))

    def _shown(self, entry: Entry) -> Entry:
        """The entry as the screen shows it: in presenter mode, secrets in its path hidden."""
        from dataclasses import replace

        from ..core.presenter import shown

        return replace(entry, path=shown(entry.path, getattr(self.app, "presenting", False)))

    def template_changed(self, template: tuple[str, str] | None = None) -> None:
        """Take the template on screen now (on the UI's thread, after each edit): the one
        given, or the provider's."""
        if self._template_provider is not None:
            self._template = template or self._template_provider()

    def _template_from_screen(self) -> tuple[str, str] | None:
        """The template last taken from the screen: the receiver's thread never waits on the
        UI's (a round trip to it would land in the sender's first-byte time)."""
        return self._template

    def _heard(self, entry: Entry) -> None:
        """The receiver's listener: runs on the receiver's thread for every request."""
        self.post_message(self.Arrived(entry))

    @on(Arrived)
    def _show_arrival(self, event: Arrived) -> None:
        entry = event.entry
        table: DataTable[object] = self.query_one("#receiver-log", DataTable)
        key = str(entry.number)
        table.add_row(*log_row(self._shown(entry)), key=key)
        self._rows.append(key)
        if len(self._rows) > LOG_SIZE:
            table.remove_row(self._rows.pop(0))
        if table.cursor_row >= table.row_count - 2:
            table.move_cursor(row=table.row_count - 1)

    # -- helpers ---------------------------------------------------------------------------------

    def _failed(self, port: int, reason: str) -> bool:
        self._show_state(reason, problem=True)
        self._set_switch(False)
        self.post_message(self.StateChanged("failed", port, reason))
        return False

    def _show_state(self, text: str, problem: bool = False) -> None:
        state = self.query_one("#receiver-state", Static)
        state.update(Text(text))
        state.set_class(problem, "-problem")

    def _set_switch(self, value: bool) -> None:
        switch = self.query_one("#receiver-switch", Switch)
        if switch.value != value:
            with self.prevent(Switch.Changed):
                switch.value = value
