"""The local receiver: a plain ASGI application that answers like an endpoint, and its log.

POST with a supported content type and a body that parses gets the chosen status (204 by
default) after the chosen delay; everything else gets an answer that says what was wrong.
Every request becomes an :class:`Entry` in a bounded log and is handed to the listeners, so
that the command line and the terminal UI can show it as it arrives.
"""

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any

from .body_check import parse_body
from .pretty import pretty_body
from .problems import BODY, CONTENT_TYPE, TEMPLATE, InputError, Problem, error, option
from .readback import ReadBack, read_back
from .webhook import CONTENT_TYPES, JSON, SUCCESS_STATUS

#: The largest body the receiver reads; a larger one is answered 413.
MAX_BODY = 1024 * 1024
#: How many entries the in-memory log keeps.
LOG_SIZE = 1000
#: How many bytes of bodies the in-memory log keeps, at most (SPEC §7): the oldest go first.
LOG_BYTES = 64 * 1024 * 1024
#: Seconds a request's body may take to arrive, in all; after that it is answered 408.
BODY_TIMEOUT = 10.0

_log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
#: The template to read bodies back through, asked for each request: (template, content type).
TemplateProvider = Callable[[], tuple[str, str] | None]
Listener = Callable[["Entry"], None]


@dataclass(frozen=True)
class Entry:
    """One request as it arrived, the answer it got, and what was made of its body."""

    number: int
    time: datetime
    method: str
    #: The request target: path and query string.
    path: str
    client: str
    headers: tuple[tuple[str, str], ...]
    #: The body as received (nothing when it was refused unread for its size).
    body: bytes
    #: The body's size in bytes: as received, or as declared by a refused Content-Length.
    size: int
    status: int
    #: Seconds the answer was held back.
    delay: float = 0.0
    #: What was wrong with the request, when it was refused.
    problem: Problem | None = None
    #: The notification read back through the template, when one was given and it matched.
    readback: ReadBack | None = None
    #: Where the body differs from the template, when one was given and it did not match.
    readback_problem: Problem | None = None

    @property
    def content_type(self) -> str:
        return self.header("content-type")

    def header(self, name: str) -> str:
        """The first value of a header, by case-insensitive name ("" when absent)."""
        name = name.lower()
        return next((value for key, value in self.headers if key.lower() == name), "")

    @property
    def text(self) -> str:
        """The body as text (UTF-8; undecodable bytes shown as �)."""
        return self.body.decode("utf-8", "replace")

    @cached_property
    def pretty(self) -> str:
        """The body re-indented for reading; as received when it does not parse."""
        return pretty_body(media_type(self.content_type), self.text)

    @property
    def accepted(self) -> bool:
        """Whether the request was a notification that parsed (whatever status it got)."""
        return self.problem is None

    def verdict(self) -> str:
        """One short line: what was wrong, or what was read back."""
        if self.problem is not None:
            return self.problem.message
        kind = "JSON" if media_type(self.content_type) == JSON else "XML"
        if self.readback_problem is not None:
            place = self.readback_problem.location()
            return f"{kind} parses, but differs from the template: {place}: " + (
                self.readback_problem.message
            )
        if self.readback is not None:
            return self.readback.summary()
        return f"{kind} parses"


class Receiver:
    """The ASGI application: answers requests and keeps the log.

    ``status`` and ``delay`` may be changed at any time; the next request uses them.
    """

    def __init__(
        self,
        status: int = SUCCESS_STATUS,
        delay: float = 0.0,
        template_provider: TemplateProvider | None = None,
        log_size: int = LOG_SIZE,
        log_bytes: int = LOG_BYTES,
        body_timeout: float = BODY_TIMEOUT,
    ) -> None:
        check_status(status)
        check_delay(delay)
        self.status = status
        self.delay = delay
        self.template_provider = template_provider
        self.log: deque[Entry] = deque(maxlen=log_size)
        #: The most bytes of bodies the log keeps; the oldest entries go first.
        self.log_bytes = log_bytes
        #: Bytes of bodies the log holds now.
        self.kept_bytes = 0
        self.body_timeout = body_timeout
        #: Requests seen since the start, including those the bounded log has dropped.
        self.total = 0
        self.listeners: list[Listener] = []
        self._closing = asyncio.Event()

    def subscribe(self, listener: Listener) -> None:
        """Call ``listener`` with each new entry (in the server's event loop)."""
        self.listeners.append(listener)

    def release_waiting(self) -> None:
        """Answer every request held back by the delay now (the server is stopping)."""
        self._closing.set()

    def hold_again(self) -> None:
        """Hold requests back for the delay again (the server is starting)."""
        self._closing.clear()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        headers = tuple(
            (name.decode("latin-1"), value.decode("latin-1")) for name, value in scope["headers"]
        )
        request = _Request(scope, headers)
        answered = False

        async def sending(message: Message) -> None:
            nonlocal answered
            answered = True
            await send(message)

        try:
            await self._handle(request, receive, sending)
        except Exception as exc:  # one request's fault is its 500, a log line, and no more
            _log.exception("receiver failed on a request")
            fault = Problem("error", BODY, f"the receiver failed on this request: {exc!r}")
            if not request.logged:  # log it now, once
                with contextlib.suppress(Exception):
                    self._record(request, b"", 0, 500, problem=fault)
            if not answered:
                await self._answer(send, 500, fault.message, [(b"connection", b"close")])

    async def _handle(self, request: "_Request", receive: Receive, send: Send) -> None:
        if request.method != "POST":
            wrong = Problem("error", option("method"), f"{request.method} is not allowed: use POST")
            self._record(request, b"", 0, 405, problem=wrong)
            await self._answer(send, 405, wrong.message, [(b"allow", b"POST")])
            return
        body, size, status, problem = await self._read(request, receive)
        tree = None
        if problem is None:
            tree, problem = parse_received(request.header("content-type"), body)
            status = 415 if problem is not None and problem.where == CONTENT_TYPE else 400
        if problem is not None:
            self._record(request, body, size, status, problem=problem)
            close = [(b"connection", b"close")] if status in (408, 413) else []
            await self._answer(send, status, problem.message, close)
            return
        readback, readback_problem = self._read_back(request, body, tree)
        status, delay = self.status, self.delay
        entry = self._record(request, body, size, status, delay, None, readback, readback_problem)
        if delay > 0 and not self._closing.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._closing.wait(), delay)
        await self._answer(send, entry.status, "")

    async def _read(
        self, request: "_Request", receive: Receive
    ) -> tuple[bytes, int, int, Problem | None]:
        """The body, its size, and the status and problem of a body that does not come whole."""
        declared = request.header("content-length")
        if declared.isdigit() and int(declared) > MAX_BODY:
            return b"", int(declared), 413, _too_large(int(declared))
        chunks: list[bytes] = []
        size = 0
        more = True
        deadline = asyncio.get_running_loop().time() + self.body_timeout
        while more:
            try:
                async with asyncio.timeout_at(deadline):
                    message = await receive()
            except TimeoutError:
                return b"".join(chunks), size, 408, _too_slow(self.body_timeout, size)
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > MAX_BODY:
                return b"".join(chunks), size, 413, _too_large(size, declared=False)
            chunks.append(chunk)
            more = message.get("more_body", False)
        return b"".join(chunks), size, 0, None

    def _read_back(
        self, request: "_Request", body: bytes, tree: Any
    ) -> tuple[ReadBack | None, Problem | None]:
        if self.template_provider is None:
            return None, None
        try:
            given = self.template_provider()
            if given is None:
                return None, None
            template, content_type = given
            received_type = media_type(request.header("content-type"))
            if received_type != content_type:
                return None, Problem(
                    "error",
                    CONTENT_TYPE,
                    f"the body came as {received_type}, the template is for {content_type}",
                )
            return read_back(template, content_type, body.decode(), tree), None
        except InputError as exc:
            return None, exc.problem
        except Exception as exc:  # a read-back fault must not cost the sender its answer
            return None, Problem("error", TEMPLATE, f"failed: {exc!r}")

    def _record(
        self,
        request: "_Request",
        body: bytes,
        size: int,
        status: int,
        delay: float = 0.0,
        problem: Problem | None = None,
        readback: ReadBack | None = None,
        readback_problem: Problem | None = None,
    ) -> Entry:
        self.total += 1
        request.logged = True
        entry = Entry(
            self.total,
            datetime.now().astimezone(),
            request.method,
            request.target,
            request.client,
            request.headers,
            body,
            size,
            status,
            delay,
            problem,
            readback,
            readback_problem,
        )
        self._keep(entry)
        for listener in list(self.listeners):
            try:
                listener(entry)
            except Exception:  # a listener's fault must not cost the sender its answer
                _log.exception("receiver listener failed")
        return entry

    def _keep(self, entry: Entry) -> None:
        """Append to the log, dropping the oldest entries to stay within both bounds."""
        log = self.log
        if log.maxlen is not None and len(log) == log.maxlen:
            self.kept_bytes -= len(log.popleft().body)
        log.append(entry)
        self.kept_bytes += len(entry.body)
        while self.kept_bytes > self.log_bytes and len(log) > 1:
            self.kept_bytes -= len(log.popleft().body)

    async def _answer(
        self, send: Send, status: int, text: str, headers: list[tuple[bytes, bytes]] | None = None
    ) -> None:
        body = (text + "\n").encode() if text and status >= 400 else b""
        extra = list(headers or [])
        if body:
            extra.append((b"content-type", b"text/plain; charset=utf-8"))
        if status != 204 and not 100 <= status < 200 and status != 304:
            extra.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": status, "headers": extra})
        await send({"type": "http.response.body", "body": body})


class _Request:
    """The parts of an ASGI scope the receiver reads."""

    __slots__ = ("client", "headers", "logged", "method", "target")

    def __init__(self, scope: Scope, headers: tuple[tuple[str, str], ...]) -> None:
        self.method: str = scope["method"]
        target = scope.get("raw_path") or scope["path"].encode()
        query = scope.get("query_string", b"")
        self.target = target.decode("latin-1") + (f"?{query.decode('latin-1')}" if query else "")
        client = scope.get("client")
        self.client = f"{client[0]}:{client[1]}" if client else ""
        self.headers = headers
        #: Whether the request has its entry in the log.
        self.logged = False

    def header(self, name: str) -> str:
        return next((value for key, value in self.headers if key.lower() == name), "")


# -- checking and showing bodies ------------------------------------------------------------


def media_type(content_type: str) -> str:
    """The media type of a Content-Type value, without parameters, in lower case."""
    return content_type.split(";", 1)[0].strip().lower()


def parse_received(content_type: str, body: bytes) -> tuple[Any, Problem | None]:
    """The parsed body (see :func:`~.body_check.parse_body`), or what keeps it from being a
    notification: its type, its encoding, its syntax."""
    kind = media_type(content_type)
    if kind not in CONTENT_TYPES:
        shown = content_type or "none"
        return None, Problem(
            "error",
            CONTENT_TYPE,
            f"content type {shown} is not supported: use {CONTENT_TYPES[0]} or {CONTENT_TYPES[1]}",
        )
    try:
        return parse_body(body.decode(), kind), None
    except UnicodeDecodeError as exc:
        return None, Problem("error", BODY, f"not UTF-8 text (byte {exc.start})")
    except InputError as exc:
        return None, exc.problem


def _too_slow(timeout: float, size: int) -> Problem:
    return Problem(
        "error",
        BODY,
        f"the body did not arrive within {timeout:g} s ({size} bytes came): answered 408",
    )


def _too_large(size: int, declared: bool = True) -> Problem:
    how = "declares" if declared else "sent more than"
    amount = f"{size} bytes" if declared else f"{MAX_BODY} bytes"
    return Problem("error", BODY, f"body too large: the request {how} {amount}; the limit is 1 MiB")


# -- settings -------------------------------------------------------------------------------


def check_status(status: int) -> None:
    """The receiver answers with a final status: 200 to 599."""
    if not 200 <= status <= 599:
        raise error(option("status"), f"must be a final HTTP status from 200 to 599, not {status}")


def check_delay(delay: float) -> None:
    if not delay >= 0 or delay == float("inf"):
        raise error(option("delay"), f"must be a number of seconds, 0 or more, not {delay:g}")
