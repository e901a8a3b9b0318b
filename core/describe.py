"""Plain-text descriptions of results (words, no Textual), shared by the command line and the UI.

What the endpoint sent (reason phrase, headers, body) is outside text: it is escaped here
(SPEC §8a), so that every front end that shows these descriptions shows it safely.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .safe_text import from_bytes, safe_line

if TYPE_CHECKING:
    from .send import Outcome


def duration(seconds: float) -> str:
    """``3.2 ms`` or ``1.25 s``."""
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def timing_line(outcome: Outcome) -> str:
    """Elapsed time with the phases the transport reported: ``12.0 ms (connect 0.3 ms, …)``."""
    phases = ", ".join(f"{phase} {duration(seconds)}" for phase, seconds in outcome.timings)
    return duration(outcome.elapsed) + (f" ({phases})" if phases else "")


def status_line(outcome: Outcome) -> str:
    """``HTTP/1.1 204 No Content`` or the transport failure's name."""
    if outcome.status is None:
        return f"no answer: {outcome.failure}"
    return safe_line(f"{outcome.http_version} {outcome.status} {outcome.reason}".strip())


def body_text(outcome: Outcome) -> str:
    """The kept part of the response body as text, marked when it was cut."""
    text = from_bytes(outcome.body)
    if outcome.body_truncated:
        text += f"\n… (only the first {len(outcome.body)} bytes are shown)"
    return text


def describe_outcome(outcome: Outcome) -> str:
    """The whole result of a send, as ``smarthook send`` prints it."""
    request = outcome.request
    content_type = dict(request.headers).get("Content-Type", "")
    lines = [
        safe_line(f"POST {request.url} ({content_type}, {len(request.body)} bytes)"),
        f"{status_line(outcome)} in {timing_line(outcome)}",
        safe_line(outcome.verdict.summary),
    ]
    lines += [f"  {safe_line(name)}: {safe_line(value)}" for name, value in outcome.headers]
    if outcome.body:
        lines += ["", body_text(outcome)]
    return "\n".join(lines)


def preset_origin(path: str | None) -> str:
    """Where a preset file lives, shortly: ``shipped``, ``user``, or the path from here/home."""
    import os

    from .preset import SHIPPED, USER, shipped_folder, user_folder

    if path is None:
        return "new"
    folder = os.path.dirname(os.path.abspath(path))
    for known, source in ((shipped_folder(), SHIPPED), (user_folder(), USER)):
        if os.path.abspath(known) == folder:
            return source
    relative = os.path.relpath(path)
    if not relative.startswith(os.pardir):
        return relative
    home = os.path.expanduser("~")
    return "~" + path[len(home) :] if path.startswith(home + os.sep) else path


#: How much of a body a screen shows (a response's or an arrival's); the rest is left out.
SHOWN_BODY = 8000


def shown_part(text: str, size: int) -> str:
    """The first :data:`SHOWN_BODY` characters of a body of ``size`` bytes, the cut said."""
    if len(text) <= SHOWN_BODY:
        return text
    return text[:SHOWN_BODY] + f"\n… ({size} bytes in all)"
