"""Listening: the receiver served by uvicorn inside the running event loop, on a port of ours.

The socket is bound here first, so that a taken port is a plain :class:`InputError` at once
(uvicorn would otherwise log and exit the process). No client can hold a connection
forever: a request head must arrive within :data:`HEAD_TIMEOUT` seconds and stay under
h11's size limit, a body within the receiver's body timeout, and an idle keep-alive
connection is closed after uvicorn's ``timeout_keep_alive``.
"""

import asyncio
import contextlib
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from .receiver import Receiver
from .receiver_port import DEFAULT_HOST, DEFAULT_PORT, bind

#: Seconds a request head (request line and headers) may take to arrive.
HEAD_TIMEOUT = 10.0
#: Seconds an idle keep-alive connection stays open.
KEEP_ALIVE = 5
#: The largest request head h11 buffers, in bytes (a longer one is refused with 400).
HEAD_LIMIT = 16 * 1024


@dataclass
class ReceiverServer:
    """uvicorn serving a :class:`Receiver` inside the running event loop.

    ``start`` binds first, so that a taken port is an :class:`InputError` right away (uvicorn
    would otherwise exit the process); ``stop`` answers held-back requests and closes.
    """

    receiver: Receiver
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    head_timeout: float = HEAD_TIMEOUT
    _server: "_QuietServer | None" = field(default=None, init=False)
    _task: "asyncio.Task[None] | None" = field(default=None, init=False)
    _address: tuple[str, int] = field(default=("", 0), init=False)

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    @property
    def address(self) -> tuple[str, int]:
        """The address and port actually bound (the port is real even when 0 was asked)."""
        return self._address

    @property
    def url(self) -> str:
        host, port = self._address
        return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"

    async def start(self) -> None:
        if self.running:
            return
        listener = bind(self.host, self.port)
        bound = listener.getsockname()
        self._address = (str(bound[0]), int(bound[1]))
        config = uvicorn.Config(
            self.receiver,
            log_level="warning",
            log_config=None,
            lifespan="off",
            access_log=False,
            proxy_headers=False,
            server_header=False,
            timeout_graceful_shutdown=2,
            timeout_keep_alive=KEEP_ALIVE,
            h11_max_incomplete_event_size=HEAD_LIMIT,
            http=_head_timed(self.head_timeout),
        )
        self._server = server = _QuietServer(config)
        self.receiver.hold_again()
        self._task = task = asyncio.get_running_loop().create_task(
            server.serve(sockets=[listener]), name="smarthook receiver"
        )
        ready = asyncio.ensure_future(server.ready.wait())
        await asyncio.wait([ready, task], return_when=asyncio.FIRST_COMPLETED)
        ready.cancel()
        if task.done():
            listener.close()
            task.result()

    async def stop(self) -> None:
        if self._task is None:
            return
        self.receiver.release_waiting()
        if self._server is not None:
            self._server.should_exit = True
        try:
            await self._task
        finally:
            self._task = None


class _QuietServer(uvicorn.Server):
    """uvicorn without its own signal handling: whoever started it decides when it stops.

    ``ready`` is set once it listens.
    """

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.ready = asyncio.Event()

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        self.ready.set()

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def _head_timed(seconds: float) -> type[H11Protocol]:
    """uvicorn's h11 protocol, closing a connection whose request head is not complete
    ``seconds`` after the connection (or its last answer): no slowloris holds it forever."""

    class HeadTimedProtocol(H11Protocol):
        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            self._arm(None)

        def on_response_complete(self) -> None:
            answered = self.cycle  # before a pipelined request may start the next one
            super().on_response_complete()
            self._arm(answered)

        def _arm(self, waiting_for: object) -> None:
            # Closed unless a request (a new cycle) has started by then.
            self.loop.call_later(seconds, self._head_late, waiting_for)

        def _head_late(self, waiting_for: object) -> None:
            if self.cycle is waiting_for and not self.transport.is_closing():
                self.transport.close()

    return HeadTimedProtocol
