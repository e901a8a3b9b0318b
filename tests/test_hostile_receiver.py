"""The receiver attacked: hostile paths, Content-Type values and bodies, POSTed to a real
receiver on loopback. It stays up, answers every request, logs every request, and what it
logs is safe to show once passed through ``safe_line`` (SPEC §7, §8a; issue #7)."""

import asyncio
import contextlib
import json
import re
import socket
import threading
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from endpoint import free_port
from smarthook.core import preset as presets
from smarthook.core.receiver import Entry, Receiver
from smarthook.core.receiver_server import ReceiverServer
from smarthook.core.safe_text import safe_line
from smarthook.core.template import expand
from smarthook.tui.cli.receive import describe_entry

_PRESET, _ = presets.open_preset("docs-json")
TEMPLATE = _PRESET.template
GOOD_BODY = expand(TEMPLATE, _PRESET.content_type, _PRESET.notification).body

#: What a hostile client would try: markup, escape sequences (CSI, OSC title and clipboard,
#: with BEL and ST ends), C1 controls, bidi controls, lone surrogates, line breaks, NUL.
HOSTILE = [
    "[/]",
    "[bold]",
    "[/bold]",
    "eric[/bold]",
    "[link=file:///etc/passwd]x[/link]",
    "\x1b[2J",
    "\x1b[31m",
    "\x1b]0;pwned\x07",
    "\x1b]52;c;aGVsbG8=\x1b\\",
    "\x9b31m",
    "\x9d0;title\x9c",
    "\x85",
    "\u202e",
    "\u2066",
    "\u2069",
    "\x7f",
    "\x00",
    "\ud800",
    "\udfff",
    "\r",
    "\n",
    "\t",
]
#: A character that must never survive ``safe_line``.
RAW_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")

hostile_text = st.lists(
    st.one_of(st.sampled_from(HOSTILE), st.text(max_size=4)), min_size=1, max_size=8
).map("".join)


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")  # a lone surrogate: bytes that are not UTF-8


def _header_value(text: str) -> bytes:
    """``text`` as a header value h11 lets through: any byte but NUL and whitespace inside."""
    value = re.sub(rb"[\x00\t\n\r\x0b\x0c ]", b"_", _utf8(text))
    return value or b"_"


paths = hostile_text.map(lambda text: "/" + quote(_utf8(text), safe="/[]:@!$&'()*+,;=-._~"))
content_types = st.one_of(
    hostile_text.map(lambda text: b"application/json;p=" + _header_value(text)),
    hostile_text.map(lambda text: b"text/" + _header_value(text)),
    st.sampled_from([b"text/[/]", b"application/xml", b"application/json"]),
)


def _json_with(values: list[str]) -> bytes:
    body = json.loads(GOOD_BODY)
    body["newSmartNumber"] = values[0]
    body["interestedParties"] = [{"username": value, "device": value} for value in values]
    return _utf8(json.dumps(body, ensure_ascii=False))


bodies = st.one_of(
    st.lists(hostile_text, min_size=1, max_size=4).map(_json_with),
    st.integers(1, 3000).map(lambda depth: b"[" * depth + b"]" * depth),
    st.integers(1, 3000).map(lambda depth: b"<a>" * depth + b"</a>" * depth),
    st.integers(0, 1_048_600).map(lambda size: b'"' + b"\x1b" * size + b'"'),
    hostile_text.map(lambda text: _utf8(f"<r a='{text}'>{text}</r>")),
    hostile_text.map(_utf8),
    st.binary(max_size=64),
)


class _Background:
    """A receiver served by uvicorn in its own thread and event loop."""

    def __init__(self) -> None:
        self.receiver = Receiver(template_provider=lambda: (TEMPLATE, "application/json"))
        self.server = ReceiverServer(self.receiver, port=free_port())
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def __enter__(self) -> "_Background":
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self.server.start(), self.loop).result(15)
        return self

    def __exit__(self, *_: object) -> None:
        asyncio.run_coroutine_threadsafe(self.server.stop(), self.loop).result(15)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(15)
        self.loop.close()


@pytest.fixture(scope="module")
def background() -> Iterator[_Background]:
    with _Background() as running:
        yield running


def _post(port: int, path: str, content_type: bytes, body: bytes) -> int:
    """One POST over a raw socket (no client library to tidy the request up); its status."""
    head = (
        (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
            f"Content-Length: {len(body)}\r\n"
        ).encode()
        + b"Content-Type: "
        + content_type
        + b"\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        connection.sendall(head)
        # Refused before the whole body went (413): the answer is still there to read.
        with contextlib.suppress(OSError):
            connection.sendall(body)
        answer = b""
        while b"\r\n" not in answer:
            chunk = connection.recv(4096)
            if not chunk:
                break
            answer += chunk
    status_line = answer.split(b"\r\n", 1)[0]
    assert status_line.startswith(b"HTTP/1.1 "), answer[:200]
    return int(status_line[9:12])


def _shown(entry: Entry) -> list[str]:
    """Every text a front end shows of an entry."""
    texts = [entry.path, entry.content_type, entry.verdict(), entry.text, entry.pretty]
    texts += [describe_entry(entry), *(value for _, value in entry.headers)]
    problem = entry.problem or entry.readback_problem
    if problem is not None:
        texts.append(str(problem))
    return texts


@pytest.mark.slow
@given(paths, content_types, bodies)
@settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_hostile_requests_are_answered_logged_and_safe_to_show(
    background: _Background, path: str, content_type: bytes, body: bytes
) -> None:
    receiver = background.receiver
    before = receiver.total
    status = _post(background.server.address[1], path, content_type, body)
    assert status in (204, 400, 413, 415)
    assert receiver.total == before + 1
    entry = receiver.log[-1]
    assert (entry.number, entry.path, entry.status) == (before + 1, path, status)
    assert safe_line(entry.content_type) == safe_line(content_type.decode("latin-1"))
    for text in _shown(entry):
        assert RAW_CONTROL.search(safe_line(text)) is None


def test_the_receiver_is_still_up_after_the_attack(background: _Background) -> None:
    status = _post(background.server.address[1], "/", b"application/json", GOOD_BODY.encode())
    assert status == 204
    assert background.receiver.log[-1].readback is not None
    assert background.server.running
