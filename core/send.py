"""Sending a request as Cloud Softphone does, and recording what came back.

httpcore (the transport under httpx) sends the request's own bytes: nothing here adds a
header, follows a redirect or reads the environment. httpx itself is not needed, and not
imported, which keeps a cold ``smarthook send`` fast; nor is a TLS context built for plain
``http://``.
"""

import asyncio
import ipaddress
import socket
import ssl
import time
from functools import lru_cache
from typing import Any, NamedTuple

import anyio
import h11  # noqa: F401 - loaded now rather than inside the first timed exchange
import httpcore

from .request import WebhookRequest, split_url
from .verdict import Verdict, judge, transport_failure
from .webhook import DEFAULT_TIMEOUT

#: How much of a response body is kept to show.
BODY_LIMIT = 64 * 1024

# httpcore's trace events that end each phase, by the phase's name.
_PHASE_EVENTS = {
    "connection.connect_tcp": "connect",
    "connection.start_tls": "tls",
}


class Outcome(NamedTuple):
    """Everything known about one send: the answer, its timing, and the verdict."""

    request: WebhookRequest
    verdict: Verdict
    status: int | None = None
    reason: str = ""
    http_version: str = ""
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    body_truncated: bool = False
    #: Seconds from the start of the send to the end of the exchange (or the failure).
    elapsed: float = 0.0
    #: Phase name (dns, connect, tls, first byte) to seconds, for the phases that happened.
    timings: tuple[tuple[str, float], ...] = ()
    #: Set when TLS verification was switched off for this send.
    insecure: bool = False
    #: For a transport failure: dns, connection refused, tls, timeout, protocol error…
    failure: str = ""

    def to_json(self) -> dict[str, Any]:
        """The outcome as one JSON-ready object (``smarthook send --json``)."""
        return {
            "verdict": self.verdict.kind,
            "summary": self.verdict.summary,
            "warnings": list(self.warnings()),
            "failure": self.failure or None,
            "status": self.status,
            "reason": self.reason,
            "http_version": self.http_version or None,
            "elapsed_ms": round(self.elapsed * 1000, 3),
            "timings_ms": {phase: round(seconds * 1000, 3) for phase, seconds in self.timings},
            "headers": [list(header) for header in self.headers],
            "body": self.body.decode("utf-8", "replace"),
            "body_truncated": self.body_truncated,
            "request": {
                "url": self.request.url,
                "headers": [list(header) for header in self.request.headers],
                "body": self.request.body.decode(),
            },
        }

    def warnings(self) -> tuple[str, ...]:
        extra: tuple[str, ...] = ()
        chunked = any(
            name.lower() == "transfer-encoding" and "chunked" in value.lower()
            for name, value in self.headers
        )
        if self.status == 204 and chunked and not self.verdict.warnings:
            extra += ("a 204 carries no content, but this one declares a chunked body",)
        if self.insecure:
            extra += ("TLS verification was switched off (--insecure)",)
        return self.verdict.warnings + extra


async def send(
    request: WebhookRequest, timeout: float = DEFAULT_TIMEOUT, insecure: bool = False
) -> Outcome:
    """POST the request with only its own headers; never raises for a network fault."""
    https = split_url(request.url).scheme == "https"
    async with _pool(https, insecure) as pool:
        # httpcore loads anyio's backend and h11 on its first connection: do it before the
        # clock starts, or the first send of a process would time imports, not the network.
        await anyio.sleep(0)
        clock = _Clock()  # started once the pool is ready: the timings are the network's
        try:
            async with asyncio.timeout(timeout):
                await _resolve(request.url, clock)
                return await _exchange(pool, request, insecure, clock, timeout)
        except _Failure as failure:
            kind, detail = failure.args
        except (TimeoutError, httpcore.TimeoutException):
            kind, detail = "timeout", f"no complete answer within {timeout:g} s"
        except (httpcore.NetworkError, httpcore.ProtocolError, OSError) as exc:
            kind, detail = _classify(exc)
    return Outcome(
        request,
        transport_failure(kind, detail),
        elapsed=clock.now(),
        timings=clock.timings(),
        insecure=insecure,
        failure=kind,
    )


@lru_cache(maxsize=2)
def _ssl_context(insecure: bool) -> ssl.SSLContext:
    """Built once per process, and only for https: loading the CA bundle takes longer than
    a loopback send."""
    if insecure:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        return context
    import certifi

    return ssl.create_default_context(cafile=certifi.where())


def _pool(https: bool, insecure: bool) -> httpcore.AsyncConnectionPool:
    # httpcore writes the head and the body apart; without TCP_NODELAY the body can wait
    # for a delayed ACK, and the timings would show the stack instead of the endpoint.
    return httpcore.AsyncConnectionPool(
        ssl_context=_ssl_context(insecure) if https else None,
        socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)],
        retries=0,
    )


class _Failure(Exception):
    """A transport failure already named: (kind, detail)."""


class _Clock:
    """Phase timings from httpcore's trace events, relative to the start of the send."""

    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.started: dict[str, float] = {}
        self.phases: dict[str, float] = {}

    def now(self) -> float:
        return time.perf_counter() - self.start

    def record(self, phase: str, seconds: float) -> None:
        self.phases[phase] = seconds

    async def trace(self, event: str, info: dict[str, Any]) -> None:
        name, _, stage = event.rpartition(".")
        if stage == "started":
            self.started[name] = self.now()
        elif stage == "complete" and name in _PHASE_EVENTS:
            self.record(_PHASE_EVENTS[name], self.now() - self.started.get(name, 0.0))
        elif stage == "complete" and name.endswith("receive_response_headers"):
            self.record("first byte", self.now())

    def timings(self) -> tuple[tuple[str, float], ...]:
        order = ("dns", "connect", "tls", "first byte")
        return tuple((phase, self.phases[phase]) for phase in order if phase in self.phases)


async def _resolve(url: str, clock: _Clock) -> None:
    """Look the host up first, so that a DNS failure is named and its time shown."""
    parts = split_url(url)
    host = parts.hostname or ""
    try:
        ipaddress.ip_address(host)
        return
    except ValueError:
        pass
    started = clock.now()
    loop = asyncio.get_running_loop()
    try:
        await loop.getaddrinfo(host, parts.port or 443, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise _Failure("DNS", f"cannot resolve {host}: {exc.strerror}") from None
    clock.record("dns", clock.now() - started)


async def _exchange(
    pool: httpcore.AsyncConnectionPool,
    request: WebhookRequest,
    insecure: bool,
    clock: _Clock,
    timeout: float,
) -> Outcome:
    parts = split_url(request.url)
    default_port = 443 if parts.scheme == "https" else 80
    host = (parts.hostname or "").encode("idna")
    url = httpcore.URL(
        scheme=parts.scheme.encode(),
        host=host,
        port=parts.port or default_port,
        target=request.target.encode("ascii"),
    )
    limits = dict.fromkeys(("connect", "read", "write", "pool"), timeout)
    async with pool.stream(
        "POST",
        url,
        headers=[(name.encode(), value.encode("latin-1")) for name, value in request.headers],
        content=request.body,
        extensions={"trace": clock.trace, "timeout": limits},
    ) as response:
        body, truncated = await _read_bounded(response)
    elapsed = clock.now()
    headers = tuple(
        (name.decode("latin-1"), value.decode("latin-1")) for name, value in response.headers
    )
    found = {name.lower(): value for name, value in reversed(headers)}
    # h11 reads no body after a 204 whatever the headers say: judge by the declared length too.
    declared = found.get("content-length", "0")
    body_length = max(len(body), int(declared) if declared.isdigit() else 0)
    extensions = response.extensions
    return Outcome(
        request,
        judge(response.status, body_length, found.get("location")),
        status=response.status,
        reason=bytes(extensions.get("reason_phrase", b"")).decode("latin-1"),
        http_version=bytes(extensions.get("http_version", b"HTTP/1.1")).decode("latin-1"),
        headers=headers,
        body=body,
        body_truncated=truncated,
        elapsed=elapsed,
        timings=clock.timings(),
        insecure=insecure,
    )


async def _read_bounded(response: httpcore.Response) -> tuple[bytes, bool]:
    kept = bytearray()
    async for chunk in response.aiter_stream():
        kept += chunk
        if len(kept) > BODY_LIMIT:
            return bytes(kept[:BODY_LIMIT]), True
    return bytes(kept), False


def _classify(exc: Exception) -> tuple[str, str]:
    """Name a transport failure from httpcore's exception and what caused it."""
    causes = list(_chain(exc))
    for cause in causes:
        if isinstance(cause, ssl.SSLCertVerificationError):
            return "TLS", f"certificate not trusted: {cause.verify_message}"
        if isinstance(cause, ssl.SSLError):
            detail = cause.reason or str(cause)
            if cause.reason == "WRONG_VERSION_NUMBER":
                detail += " (plain HTTP on this port? try http://)"
            return "TLS", detail
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused", "nothing is listening at that address and port"
        if isinstance(cause, socket.gaierror):
            return "DNS", str(cause)
    if isinstance(exc, httpcore.ConnectError):
        return "connect", str(exc) or type(exc).__name__
    if isinstance(exc, httpcore.RemoteProtocolError | httpcore.LocalProtocolError):
        return "protocol error", str(exc) or type(exc).__name__
    if isinstance(exc, httpcore.ReadError | httpcore.WriteError | OSError):
        return "protocol error", f"the connection broke: {str(exc) or type(exc).__name__}"
    return "transport", str(exc) or type(exc).__name__


def _chain(exc: BaseException | None) -> Any:
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__
