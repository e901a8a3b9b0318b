"""The endpoint check on screen: a table that fills in as the cases finish (SPEC §10).

The battery and its runner are core's (``core/check.py``); this screen runs them in a worker,
shows a row per finished case and a progress count, stops on ``escape``, and shows the
chosen case's request and response.
"""

from __future__ import annotations

import asyncio
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Footer, Static

from ..core import check
from ..core.describe import duration
from ..core.presenter import without_credentials
from ..core.preset import Preset
from ..core.problems import InputError
from ..core.safe_text import safe_line, safe_text
from .dialog_screen import DialogScreen
from .guard import guarded
from .request_dialog import wire_text
from .response_view import describe

#: How much of a case's request the detail shows (many-parties is some 100 KB).
SHOWN_REQUEST = 3000


class CheckScreen(DialogScreen[None]):
    """Sends the battery to the endpoint on screen and lists each case as it finishes."""

    DEFAULT_CSS = """
    CheckScreen #check-cases {
        height: 1fr;
        min-height: 6;
    }
    CheckScreen #check-detail-scroll {
        height: 1fr;
        border-top: solid $panel-lighten-2;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "stop_or_close", "Stop / close"),
    ]

    def __init__(self, preset: Preset, sent: check.SentHook | None = None) -> None:
        super().__init__()
        self.preset = preset
        #: Called after every request; history (SPEC §9) hands its recorder in here.
        self.sent = sent
        self.results: dict[str, check.CaseResult] = {}
        self.total = 0
        self.running = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog full", id="check") as dialog:
            dialog.border_title = "Check endpoint"
            dialog.border_subtitle = "escape stops · escape again closes"
            target = f"{without_credentials(self.preset.url)} ({self.preset.content_type})"
            yield Static(Content(safe_line(target)), classes="dim", id="check-target")
            yield Static("Preparing the cases…", id="check-progress")
            yield DataTable(id="check-cases", cursor_type="row")
            with VerticalScroll(id="check-detail-scroll"):
                yield Static(
                    Content.styled("Choose a case to see its request and response.", "italic"),
                    id="check-detail",
                )
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("", "case", "status", "time", "verdict")
        self.run_battery()

    @property
    def progress(self) -> str:
        return str(self.query_one("#check-progress", Static).render())

    def _say(self, text: str) -> None:
        self.query_one("#check-progress", Static).update(Content(text))

    @work(exclusive=True, group="check")
    @guarded  # a fault is said on screen, never the end of the session
    async def run_battery(self) -> None:
        self.running = True
        try:
            try:
                prepared = await asyncio.to_thread(_prepare, self.preset)
            except InputError as exc:
                self._say(f"✘ nothing sent: {exc.problem}")
                return
            self.total = len(prepared)
            self._say(f"0/{self.total}")
            table = self.query_one(DataTable)
            async for result in check.run(prepared, self.preset.timeout, sent=self.sent):
                self.results[result.case.name] = result
                table.add_row(*_row(result), key=result.case.name)
                self._say(f"{len(self.results)}/{self.total}")
            self._say(f"{self.total}/{self.total} · {check.tally(list(self.results.values()))}")
        except asyncio.CancelledError:
            self._say(f"stopped after {len(self.results)} of {self.total}")
            raise
        finally:
            self.running = False
            self.query_one("#check").border_subtitle = "escape closes"

    def action_stop_or_close(self) -> None:
        if self.running:
            self.workers.cancel_group(self, "check")
        else:
            self.dismiss(None)

    @on(DataTable.RowHighlighted, "#check-cases")
    def _show_case(self, event: DataTable.RowHighlighted) -> None:
        result = self.results.get(str(event.row_key.value))
        if result is not None:
            self.query_one("#check-detail", Static).update(case_detail(result))


def _prepare(preset: Preset) -> tuple[check.Prepared, ...]:
    """Draft the cases off the screen's event loop (1,000 parties), and load httpx there too."""
    from ..core import send  # noqa: F401 - the first send would otherwise import it on screen

    return check.prepare(preset)


def _row(result: check.CaseResult) -> tuple[Content, str, str, str, str]:
    mark = Content.styled("✔", "$success") if result.passed else Content.styled("✘", "$error")
    status = "—" if result.status is None else str(result.status)
    return mark, result.case.name, status, duration(result.elapsed), result.why


def case_detail(result: check.CaseResult) -> Content:
    """The case in words, its request (as sent, cut if long) and each answer it got."""
    request = result.draft.request
    parts = [
        Content.assemble((result.case.name, "bold"), ": ", result.case.description),
        *[Content.styled(f"⚠ {warning}", "$warning") for warning in result.warnings()],
        Content.styled("request", "bold"),
    ]
    if request is not None:
        text = wire_text(request)
        if len(text) > SHOWN_REQUEST:
            text = text[:SHOWN_REQUEST] + f"\n… ({len(request.body)} bytes of body in all)"
        parts.append(Content(safe_text(text)))
    for number, outcome in enumerate(result.outcomes, 1):
        # A URL's user and password are never shown (SPEC §11).
        outcome = outcome._replace(
            request=outcome.request._replace(url=without_credentials(outcome.request.url))
        )
        requests = result.case.requests
        heading = "response" if requests == 1 else f"response to request {number} of {requests}"
        parts += [Content.styled(heading, "bold"), describe(outcome)]
    return Content("\n").join(parts)
