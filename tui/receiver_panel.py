"""The receiver panel: smarthook's own endpoint, switched on beside the response.

On/off, the port, the answer to give, and the log of arrivals; choosing an arrival shows its
headers, its body and the notification read back out of it. The server runs in the app's
own event loop (uvicorn serving :class:`~smarthook.core.receiver.Receiver`).
"""

from collections.abc import Callable
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import DataTable, Input, Label, Select, Static, Switch

from ..core.problems import InputError
from ..core.receiver import LOG_SIZE, Entry, Receiver, media_type
from ..core.receiver_server import (
    DEFAULT_HOST,
    DEFAULT_PORT,
    ReceiverServer,
    check_port,
    suggest_port,
)
from ..core.webhook import SUCCESS_STATUS

#: The answers a demo needs: (label, status, delay in seconds).
ANSWERS = {
    "accepted": ("204 accepted", SUCCESS_STATUS, 0.0),
    "ok": ("200 ignored", 200, 0.0),
    "error": ("500 ignored", 500, 0.0),
    "slow": ("slow: 204 after 12 s", SUCCESS_STATUS, 12.0),
}
#: How much of a body the detail view shows.
SHOWN_BODY = 8000

TemplateProvider = Callable[[], tuple[str, str] | None]


def describe_entry(entry: Entry) -> Content:
    """Everything about one arrival: answer, verdict, read-back, headers, pretty body."""
    problem = entry.problem or entry.readback_problem
    mark, style = ("✘", "bold $error") if problem else ("✔", "bold $success")
    delay = f" after {entry.delay:g} s" if entry.delay else ""
    parts = [
        Content.assemble((f"{mark} {entry.verdict()}", style)),
        Content.assemble(
            ("request ", "dim"), f"{entry.method} {entry.path}  from {entry.client or '?'}"
        ),
        Content.assemble(("answer  ", "dim"), f"{entry.status}{delay}"),
        Content.assemble(("time    ", "dim"), f"{entry.time:%Y-%m-%d %H:%M:%S}"),
    ]
    if entry.readback is not None:
        note = entry.readback.notification
        carried = entry.readback.carried
        parts.append(Content.styled("notification read back", "bold"))
        for name, value in note.scalars().items():
            if name in carried:
                parts.append(Content.assemble("  ", (f"{name}: ", "$text-primary"), repr(value)))
        if "interested_parties" in carried:
            parties = note.interested_parties
            parts.append(
                Content.assemble("  ", ("interested_parties: ", "$text-primary"), str(len(parties)))
            )
            parts += [
                Content(f"    {number}. {party.username!r} on {party.device!r}")
                for number, party in enumerate(parties, 1)
            ]
    elif entry.readback_problem is not None:
        parts.append(Content.assemble(("read-back ", "bold"), str(entry.readback_problem)))
    parts.append(Content.styled("headers", "bold"))
    parts += [
        Content.assemble("  ", (f"{name}:", "$text-primary"), f" {value}")
        for name, value in entry.headers
    ]
    if entry.body:
        text = entry.pretty
        if len(text) > SHOWN_BODY:
            text = text[:SHOWN_BODY] + f"\n… ({entry.size} bytes in all)"
        parts += [Content.styled("body", "bold"), Content(text)]
    return Content("\n").join(parts)


def short_verdict(entry: Entry) -> str:
    if entry.problem is not None:
        return entry.problem.message
    if entry.readback_problem is not None:
        return "differs from the template"
    if entry.readback is not None:
        note = entry.readback.notification
        count = len(note.interested_parties)
        parties = "1 party" if count == 1 else f"{count} parties"
        return f"{note.new_smart_number or 'notification'}, {parties}"
    return f"{media_type(entry.content_type)} parses"


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
    ReceiverPanel #receiver-controls Label {
        padding: 0 1 0 2;
    }
    ReceiverPanel #receiver-port {
        width: 7;
    }
    ReceiverPanel #receiver-answer {
        width: 26;
    }
    ReceiverPanel #receiver-state {
        height: auto;
        color: $text-muted;
    }
    ReceiverPanel #receiver-state.-problem {
        color: $error;
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
        """The receiver started or stopped; ``note`` says where it listens, or why not."""

        running: bool
        note: str

    def __init__(
        self,
        port: int = DEFAULT_PORT,
        template_provider: TemplateProvider | None = None,
        host: str = DEFAULT_HOST,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.host = host
        self.port = port
        self.receiver = Receiver(template_provider=template_provider)
        self.receiver.subscribe(self._heard)
        self._server: ReceiverServer | None = None
        self._rows: list[str] = []
        self.border_title = "Receiver · off"

    def compose(self) -> ComposeResult:
        with Horizontal(id="receiver-controls"):
            yield Switch(False, id="receiver-switch", tooltip="Switch the local receiver on or off")
            yield Label("port")
            yield Input(
                str(self.port), type="integer", id="receiver-port", max_length=5, compact=True
            )
            yield Label("answer")
            yield Select(
                [(label, key) for key, (label, _, _) in ANSWERS.items()],
                value="accepted",
                allow_blank=False,
                id="receiver-answer",
                compact=True,
            )
        yield Static("off", id="receiver-state")
        table: DataTable[str] = DataTable(id="receiver-log", cursor_type="row", zebra_stripes=True)
        yield table
        with VerticalScroll(id="receiver-detail"):
            yield Static(
                "Choose an arrival to see its headers, body and notification.", id="receiver-entry"
            )

    def on_mount(self) -> None:
        table = self.query_one("#receiver-log", DataTable)
        table.add_columns("time", "path", "status", "verdict")

    async def on_unmount(self) -> None:
        # The children are gone by now: stop the server without showing it.
        server, self._server = self._server, None
        if server is not None:
            await server.stop()

    # -- the API the app uses ---------------------------------------------------------------

    @property
    def url(self) -> str:
        """Where the receiver listens ("" when it is off)."""
        return self._server.url if self._server is not None and self.running else ""

    async def start(self) -> bool:
        """Start listening on the port in the port box; False (and the reason shown) if not."""
        if self._server is not None and self._server.running:
            return True
        port_box = self.query_one("#receiver-port", Input)
        try:
            port = int(port_box.value or "x")
            check_port(port)
        except ValueError:
            self._show_state(
                f"the port must be a number from 0 to 65535, not {port_box.value!r}", problem=True
            )
            self._set_switch(False)
            return False
        except InputError as exc:
            self._show_state(exc.problem.message, problem=True)
            self._set_switch(False)
            return False
        server = ReceiverServer(self.receiver, self.host, port)
        try:
            await server.start()
        except InputError as exc:
            free = suggest_port(self.host, port)
            offer = (
                f"; port {free} is free (it is in the port box: switch on again)" if free else ""
            )
            if free:
                port_box.value = str(free)
            self._show_state(exc.problem.message + offer, problem=True)
            self._set_switch(False)
            return False
        self._server = server
        self.port = server.address[1]
        self.running = True
        self._set_switch(True)
        self._show_state(f"listening on {server.url}")
        self.post_message(self.StateChanged(True, server.url))
        return True

    async def stop(self) -> None:
        """Stop listening; requests held back by a slow answer are answered at once."""
        server, self._server = self._server, None
        if server is not None:
            await server.stop()
        if self.running:
            self.running = False
            self._set_switch(False)
            self._show_state("off")
            self.post_message(self.StateChanged(False, "off"))

    def toggle(self) -> None:
        """Switch the receiver on if it is off, off if it is on."""
        if self.running:
            self.run_worker(self.stop(), group="receiver", exclusive=True)
        else:
            self.run_worker(self.start(), group="receiver", exclusive=True)

    def set_answer(self, key: str) -> None:
        """Answer with one of :data:`ANSWERS` from the next request on."""
        _, status, delay = ANSWERS[key]
        self.receiver.status, self.receiver.delay = status, delay
        select: Select[str] = self.query_one("#receiver-answer", Select)
        if select.value != key:
            select.value = key

    def next_answer(self) -> str:
        """Switch to the answer after the current one (204, 200, 500, slow, 204…); its label."""
        keys = list(ANSWERS)
        current = self.query_one("#receiver-answer", Select).value
        following = keys[(keys.index(str(current)) + 1) % len(keys)]
        self.set_answer(following)
        return ANSWERS[following][0]

    # -- events -------------------------------------------------------------------------------

    def watch_running(self, running: bool) -> None:
        self.set_class(running, "-running")
        self.border_title = f"Receiver · on :{self.port}" if running else "Receiver · off"

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
            self.query_one("#receiver-entry", Static).update(describe_entry(self._shown(entry)))

    def _shown(self, entry: Entry) -> Entry:
        """The entry as the screen shows it: in presenter mode, secrets in its path hidden."""
        from dataclasses import replace

        from ..core.presenter import shown

        return replace(entry, path=shown(entry.path, getattr(self.app, "presenting", False)))

    def _heard(self, entry: Entry) -> None:
        """The receiver's listener: runs in the app's loop for every request."""
        self.post_message(self.Arrived(entry))

    @on(Arrived)
    def _show_arrival(self, event: Arrived) -> None:
        entry = event.entry
        table = self.query_one("#receiver-log", DataTable)
        status = Content.styled(
            str(entry.status), "$success" if entry.status == SUCCESS_STATUS else "$warning"
        )
        key = str(entry.number)
        path = self._shown(entry).path
        table.add_row(f"{entry.time:%H:%M:%S}", path, status, short_verdict(entry), key=key)
        self._rows.append(key)
        if len(self._rows) > LOG_SIZE:
            table.remove_row(self._rows.pop(0))
        if table.cursor_row >= table.row_count - 2:
            table.move_cursor(row=table.row_count - 1)

    # -- helpers ---------------------------------------------------------------------------------

    def _show_state(self, text: str, problem: bool = False) -> None:
        state = self.query_one("#receiver-state", Static)
        state.update(text)
        state.set_class(problem, "-problem")

    def _set_switch(self, value: bool) -> None:
        switch = self.query_one("#receiver-switch", Switch)
        if switch.value != value:
            with self.prevent(Switch.Changed):
                switch.value = value
