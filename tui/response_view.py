"""The response area: what came back from the endpoint, and the verdict in words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ..core.describe import body_text, status_line, timing_line
from ..core.problems import Problem
from ..core.request import WebhookRequest

if TYPE_CHECKING:
    from ..core.receiver import Entry
    from ..core.send import Outcome

#: How much of the response body the screen shows (the rest is in ``smarthook send``).
SHOWN_BODY = 4000

_VERDICT_LOOK = {
    "accepted": ("✔", "bold $success"),
    "ignored": ("⚠", "bold $warning"),
    "failed": ("✘", "bold $error"),
}


def _request_line(request: WebhookRequest) -> str:
    content_type = dict(request.headers).get("Content-Type", "")
    return f"{len(request.body)} bytes of {content_type} to POST {request.url}"


def describe_arrival(entry: Entry) -> Content:
    """The receiving side of a send to the local receiver, in two lines."""
    problem = entry.problem or entry.readback_problem
    mark, style = ("✘", "$error") if problem else ("✔", "$success")
    return Content.assemble(
        ("received", "bold"),
        (f" by the local receiver as #{entry.number}, answered {entry.status}\n", "dim"),
        (f"  {mark} ", style),
        entry.verdict(),
    )


def describe(outcome: Outcome, arrival: Entry | None = None) -> Content:
    """Verdict, status, timing, warnings, headers, the first part of the body, and the arrival."""
    mark, style = _VERDICT_LOOK[outcome.verdict.kind]
    parts = [
        Content.assemble((f"{mark} {outcome.verdict.summary}", style)),
        Content.assemble(("status  ", "dim"), status_line(outcome)),
        Content.assemble(("elapsed ", "dim"), timing_line(outcome)),
    ]
    parts += [Content.assemble(("⚠ ", "$warning"), warning) for warning in outcome.warnings()]
    if arrival is not None:
        parts.append(describe_arrival(arrival))
    if outcome.headers:
        parts.append(Content.styled("headers", "bold"))
        parts += [
            Content.assemble("  ", (f"{name}:", "$text-primary"), f" {value}")
            for name, value in outcome.headers
        ]
    if outcome.body:
        text = body_text(outcome)
        if len(text) > SHOWN_BODY:
            text = text[:SHOWN_BODY] + f"\n… ({len(outcome.body)} bytes in all)"
        parts += [Content.styled("body", "bold"), Content(text)]
    parts.append(Content.assemble(("sent    ", "dim"), _request_line(outcome.request)))
    return Content("\n").join(parts)


class ResponseView(VerticalScroll):
    """Shows one state at a time: nothing yet, sending, an outcome, or why nothing was sent."""

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(
            Content.from_markup("Nothing sent yet. Press [b]ctrl+j[/] to send."), id="response"
        )

    def _set(self, content: Content, state: str) -> None:
        self.query_one("#response", Static).update(content)
        self.set_class(state == "accepted", "-accepted")
        self.set_class(state == "ignored", "-ignored")
        self.set_class(state in ("failed", "problem"), "-failed")
        self.scroll_home(animate=False)

    def show_outcome(self, outcome: Outcome, arrival: Entry | None = None) -> None:
        self._set(describe(outcome, arrival), outcome.verdict.kind)

    def show_sending(self, request: WebhookRequest) -> None:
        self._set(
            Content.assemble(
                ("Sending… ", "bold"), ("(escape cancels)\n", "dim"), _request_line(request)
            ),
            "sending",
        )

    def show_problem(self, problem: Problem, note: str = "not sent") -> None:
        self._set(Content.assemble((f"✘ {note}: ", "bold $error"), str(problem)), "problem")

    def show_note(self, note: str) -> None:
        self._set(Content.styled(note, "italic"), "note")
