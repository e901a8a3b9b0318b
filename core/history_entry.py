"""One history entry: what was sent or received, and what came of it, as stored and shown.

The store (:mod:`.history`) keeps these as rows; this module turns a send's outcome or an
arrival at the receiver into a row, and a row back into a request and an outcome.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from .notification import Notification, Party
from .request import WebhookRequest, host_and_target
from .verdict import Kind, Verdict, judge

if TYPE_CHECKING:
    from .preset import Preset
    from .receiver import Entry
    from .send import Outcome

SENT: Literal["sent"] = "sent"
RECEIVED: Literal["received"] = "received"
#: How much of a response body an entry keeps.
BODY_LIMIT = 64 * 1024


@dataclass(frozen=True)
class Summary:
    """An entry as the list shows it: no bytes, so that a thousand of them read fast."""

    id: int
    time: str
    kind: str
    preset: str
    url: str
    status: int | None
    verdict: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "time": self.time,
            "kind": self.kind,
            "preset": self.preset,
            "url": self.url,
            "status": self.status,
            "verdict": self.verdict,
        }


@dataclass(frozen=True)
class HistoryEntry:
    """An entry whole: the request's bytes, where it came from, and the outcome or answer."""

    summary: Summary
    #: The request exactly as it went on the wire (a send) or as it arrived (an arrival).
    wire: bytes
    #: For a send: ``template``, ``content_type`` and ``notification`` it was expanded from.
    source: dict[str, Any] | None
    #: For a send: the outcome's fields; for an arrival: the answer given and its read-back.
    detail: dict[str, Any]
    #: The first 64 KiB of the response body (a send).
    body: bytes

    @property
    def id(self) -> int:
        return self.summary.id

    @property
    def kind(self) -> str:
        return self.summary.kind

    def request(self) -> WebhookRequest:
        """The stored bytes parsed back into the request they are (sends and arrivals alike)."""
        return parse_wire(self.summary.url, self.wire)

    def outcome(self) -> Outcome:
        """The stored outcome of a send, rebuilt for :func:`describe_outcome` and the UI."""
        from .send import Outcome

        detail = self.detail
        verdict = Verdict(
            detail.get("verdict", "failed"),
            detail.get("summary", ""),
            tuple(detail.get("warnings", ())),
        )
        return Outcome(
            self.request(),
            verdict,
            status=self.summary.status,
            reason=detail.get("reason", ""),
            http_version=detail.get("http_version", ""),
            headers=tuple((name, value) for name, value in detail.get("headers", ())),
            body=self.body,
            body_truncated=bool(detail.get("body_truncated")),
            elapsed=float(detail.get("elapsed", 0.0)),
            timings=tuple((phase, float(sec)) for phase, sec in detail.get("timings", ())),
            failure=detail.get("failure", ""),
        )

    def notification(self) -> Notification | None:
        """The notification a send was expanded from."""
        if not self.source:
            return None
        note = self.source.get("notification", {})
        parties = tuple(Party(str(u), str(d)) for u, d in note.get("interested_parties", ()))
        return Notification(
            str(note.get("new_smart_number", "")),
            str(note.get("network_id", "")),
            str(note.get("new_smart_uri", "")),
            parties,
        )

    def as_preset(self, base: Preset) -> Preset:
        """``base`` with this send's URL, content type, template and notification."""
        source = self.source or {}
        return base._replace(
            url=self.summary.url,
            content_type=str(source.get("content_type", base.content_type)),
            template=str(source.get("template", base.template)),
            notification=self.notification() or base.notification,
        )

    def to_json(self) -> dict[str, Any]:
        """The entry whole as JSON (``history show --as json``)."""
        data = self.summary.to_json()
        data["request"] = self.wire.decode("utf-8", "replace")
        data["source"] = self.source
        data["detail"] = self.detail
        data["body"] = self.body.decode("utf-8", "replace")
        return data


def now() -> str:
    return datetime.now().astimezone().isoformat(timespec="milliseconds")


def parse_wire(url: str, wire: bytes) -> WebhookRequest:
    """The request whose :meth:`WebhookRequest.wire` is ``wire`` (the head is latin-1)."""
    head, _, body = wire.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ")
    target = parts[1] if len(parts) > 1 else "/"
    headers = tuple(
        (name, value.lstrip(" "))
        for name, _, value in (line.partition(":") for line in lines[1:])
        if name
    )
    return WebhookRequest(url, target, headers, body)


def sent_row(outcome: Outcome, preset: Preset | None) -> dict[str, Any]:
    """The columns for one send."""
    source = None
    if preset is not None:
        note = preset.notification
        source = {
            "template": preset.template,
            "content_type": preset.content_type,
            "notification": {
                **note.scalars(),
                "interested_parties": [list(party) for party in note.interested_parties],
            },
        }
    detail = {
        "verdict": outcome.verdict.kind,
        "summary": outcome.verdict.summary,
        "warnings": list(outcome.verdict.warnings),
        "reason": outcome.reason,
        "http_version": outcome.http_version,
        "headers": [list(header) for header in outcome.headers],
        "body_truncated": outcome.body_truncated or len(outcome.body) > BODY_LIMIT,
        "elapsed": outcome.elapsed,
        "timings": [list(timing) for timing in outcome.timings],
        "failure": outcome.failure,
    }
    return {
        "time": now(),
        "kind": SENT,
        "preset": preset.name if preset is not None else "",
        "url": outcome.request.url,
        "wire": outcome.request.wire(),
        "source": json.dumps(source, ensure_ascii=False) if source else None,
        "status": outcome.status,
        "verdict": outcome.verdict.kind,
        "detail": json.dumps(detail, ensure_ascii=False),
        "body": outcome.body[:BODY_LIMIT],
    }


def received_row(entry: Entry, preset_name: str = "") -> dict[str, Any]:
    """The columns for one arrival at the local receiver."""
    head = f"{entry.method} {entry.path} HTTP/1.1\r\n"
    head += "".join(f"{name}: {value}\r\n" for name, value in entry.headers)
    wire = (head + "\r\n").encode("latin-1", "replace") + entry.body
    host = entry.header("host") or "127.0.0.1"
    readback = None
    if entry.readback is not None:
        note = entry.readback.notification
        readback = {
            "summary": entry.readback.summary(),
            "carried": list(entry.readback.carried),
            **note.scalars(),
            "interested_parties": [list(party) for party in note.interested_parties],
        }
    kind: Kind = judge(entry.status, 0).kind
    detail = {
        "answer": entry.status,
        "delay": entry.delay,
        "verdict_line": entry.verdict(),
        "problem": str(entry.problem) if entry.problem else None,
        "readback": readback,
        "readback_problem": str(entry.readback_problem) if entry.readback_problem else None,
    }
    return {
        "time": entry.time.isoformat(timespec="milliseconds"),
        "kind": RECEIVED,
        "preset": preset_name,
        "url": f"http://{host}{entry.path}",
        "wire": wire,
        "source": None,
        "status": entry.status,
        "verdict": kind,
        "detail": json.dumps(detail, ensure_ascii=False),
        "body": b"",
    }


def retarget(request: WebhookRequest, url: str) -> WebhookRequest:
    """The same request aimed at another URL: the Host header and request target recomputed."""
    host, target = host_and_target(url)
    headers = tuple(
        (name, host if name.lower() == "host" else value) for name, value in request.headers
    )
    return WebhookRequest(url, target, headers, request.body)


def outcome_text(entry: HistoryEntry) -> str:
    """What came of an entry, in plain text: the send's outcome, or the answer and read-back."""
    if entry.kind == SENT:
        from .describe import describe_outcome

        lines = describe_outcome(entry.outcome()).split("\n")
        return "\n".join(lines[1:])  # the first line repeats the request
    detail = entry.detail
    lines = [f"answered {detail.get('answer')}", str(detail.get("verdict_line", ""))]
    readback = detail.get("readback")
    if readback:
        lines.append("read back: " + str(readback.get("summary", "")))
        lines += [f"  {u!r} on {d!r}" for u, d in readback.get("interested_parties", ())]
    elif detail.get("readback_problem"):
        lines.append(f"read-back: {detail['readback_problem']}")
    return "\n".join(lines)


def describe(entry: HistoryEntry) -> str:
    """An entry whole in plain text (not yet made safe to show): when, the request, the outcome."""
    summary = entry.summary
    preset = f" ({summary.preset})" if summary.preset else ""
    head, _, body = entry.wire.partition(b"\r\n\r\n")
    request = head.decode("latin-1").replace("\r\n", "\n") + "\n\n"
    request += body.decode("utf-8", "surrogateescape")
    return (
        f"#{summary.id} {summary.kind} {summary.time}{preset}\n\n{request}\n\n{outcome_text(entry)}"
    )


def body_diff(older: HistoryEntry, newer: HistoryEntry) -> list[str]:
    """The request bodies' difference, line by line (unified diff, without line ends)."""
    import difflib

    def lines(entry: HistoryEntry) -> list[str]:
        return entry.request().body.decode("utf-8", "surrogateescape").splitlines()

    return list(
        difflib.unified_diff(
            lines(older), lines(newer), f"#{older.id}", f"#{newer.id}", lineterm="", n=2
        )
    )
