"""The response area: what came back from the endpoint, and the verdict in words.

The status line, headers and body come from the endpoint: they are shown through
:mod:`~smarthook.core.safe_text` as data, never as markup or raw terminal text.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Static

from ..core.describe import body_text, duration, shown_part, status_line, timing_line
from ..core.problems import Problem
from ..core.request import WebhookRequest
from ..core.safe_text import safe_line, safe_text
from .arrival_view import arrival_summary

if TYPE_CHECKING:
    from ..core.receiver import Entry
    from ..core.send import Outcome

_VERDICT_LOOK = {
    "accepted": ("✔", "bold $success"),
    "ignored": ("⚠", "bold $warning"),
    "failed": ("✘", "bold $error"),
}
#: Failures after which the request certainly did not reach the endpoint.
_NOT_DELIVERED = frozenset({"dns", "connection refused", "tls"})
_STALE = "from before your last edit"


def _request_line(request: WebhookRequest) -> str:
    content_type = dict(request.headers).get("Content-Type", "")
    return safe_line(f"{len(request.body)} bytes of {content_type} to POST {request.url}")


def _sent_line(outcome: Outcome) -> Content:
    """What was sent; for a failure, what was tried and whether it can have arrived."""
    if outcome.status is not None:
        return Content.assemble(("sent    ", "dim"), _request_line(outcome.request))
    fate = "not delivered" if outcome.failure in _NOT_DELIVERED else "no answer came"
    return Content.assemble(
        ("tried   ", "dim"), _request_line(outcome.request), (f" — {fate}", "bold")
    )


def _gave_up_before(outcome: Outcome, arrival: Entry) -> float | None:
    """When the sender stopped waiting before the receiver's held-back answer: its time."""
    if outcome.status is None and outcome.failure == "timeout" and arrival.delay > 0:
        return outcome.elapsed
    return None


def describe(outcome: Outcome, arrival: Entry | None = None) -> Content:
    """Verdict, status, timing, warnings, headers, the first part of the body, and the arrival."""
    mark, style = _VERDICT_LOOK[outcome.verdict.kind]
    parts = [
        Content.assemble((f"{mark} {safe_line(outcome.verdict.summary)}", style)),
        Content.assemble(("status  ", "dim"), safe_line(status_line(outcome))),
        Content.assemble(("elapsed ", "dim"), timing_line(outcome)),
    ]
    parts += [
        Content.assemble(("⚠ ", "$warning"), safe_line(warning)) for warning in outcome.warnings()
    ]
    if arrival is not None:
        parts.append(arrival_summary(arrival, _gave_up_before(outcome, arrival)))
    if outcome.headers:
        parts.append(Content.styled("headers", "bold"))
        parts += [
            Content.assemble("  ", (f"{safe_line(name)}:", "$text-primary"), f" {safe_line(value)}")
            for name, value in outcome.headers
        ]
    if outcome.body:
        text = safe_text(shown_part(body_text(outcome), len(outcome.body)))
        parts += [Content.styled("body", "bold"), Content(text)]
    parts.append(_sent_line(outcome))
    return Content("\n").join(parts)


class ResponseView(VerticalScroll):
    """Shows one state at a time: nothing yet, sending, an outcome, or why nothing was sent."""

    # The verdict's colour down the left edge; a stale response is dimmed.
    DEFAULT_CSS = """
    ResponseView {
        border-left: blank;
    }
    ResponseView.-accepted {
        border-left: wide $success;
    }
    ResponseView.-ignored {
        border-left: wide $warning;
    }
    ResponseView.-failed {
        border-left: wide $error;
    }
    ResponseView.-stale #response {
        text-opacity: 70%;
    }
    """

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        #: The outcome on screen, if any (its body is what ``copy_body`` copies).
        self.outcome: Outcome | None = None
        self._shown = Content("")
        self._stale = False
        self._ticker: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static(
            Content.from_markup("Nothing sent yet. Press [b]ctrl+j[/] to send."), id="response"
        )

    def _set(self, content: Content, outcome: Outcome | None = None) -> None:
        if self._ticker is not None:
            self._ticker.stop()
            self._ticker = None
        self.outcome = outcome
        self._shown = content
        self._stale = False
        verdict = outcome.verdict.kind if outcome is not None else ""
        self.set_class(verdict == "accepted", "-accepted")
        self.set_class(verdict == "ignored", "-ignored")
        self.set_class(verdict == "failed", "-failed")
        self.remove_class("-stale")
        self.query_one("#response", Static).update(content)
        self.scroll_home(animate=False)

    def show_outcome(self, outcome: Outcome, arrival: Entry | None = None) -> None:
        self._set(describe(outcome, arrival), outcome)

    def show_sending(self, request: WebhookRequest) -> None:
        """Say what is being sent, with the time since it started, counting."""
        started = time.perf_counter()
        line = _request_line(request)

        def tick() -> None:
            waited = duration(time.perf_counter() - started)
            self.query_one("#response", Static).update(
                Content.assemble(
                    ("Sending… ", "bold"), waited, (" (escape cancels)\n", "dim"), line
                )
            )

        self._set(Content(""))
        tick()
        self._ticker = self.set_interval(0.1, tick)

    def show_problem(self, problem: Problem, note: str = "not sent") -> None:
        self._set(Content.assemble((f"✘ {note}: ", "bold $error"), safe_text(str(problem))))
        self.add_class("-failed")

    def show_note(self, note: str) -> None:
        self._set(Content.styled(note, "italic"))

    def mark_stale(self) -> None:
        """The preset was edited: what is on screen answered an earlier version of it."""
        if self.outcome is None or self._stale:
            return
        self._stale = True
        self.add_class("-stale")
        self.query_one("#response", Static).update(
            Content.assemble((f"↻ {_STALE}\n", "bold $warning"), self._shown)
        )

    def body(self) -> str | None:
        """The response body on screen as text (all of what was kept), if there is one."""
        if self.outcome is None or not self.outcome.body:
            return None
        return self.outcome.body.decode("utf-8", "replace")
