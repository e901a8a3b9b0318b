"""The local receiver's own thread: uvicorn in an event loop of its own, beside the UI's.

The UI's loop draws and handles keys; the receiver's loop accepts connections, reads bodies
and reads them back. Neither waits on the other, so the timings a send shows measure the
network, and a costly read-back cannot freeze the screen. Arrivals come back to the UI as
messages (``post_message`` is thread-safe).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any, TypeVar

from ..core.receiver import Receiver

if TYPE_CHECKING:
    from ..core.receiver_server import ReceiverServer

T = TypeVar("T")


class ReceiverThread:
    """One thread running ``asyncio.run``; servers start and stop in it, awaited from the UI."""

    def __init__(self, receiver: Receiver) -> None:
        self.receiver = receiver
        self.server: ReceiverServer | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._finish: asyncio.Event | None = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="smarthook receiver", daemon=True)

    @property
    def running(self) -> bool:
        return self.server is not None and self.server.running

    async def start(self, host: str, port: int) -> ReceiverServer:
        """Listen on ``host:port``; raises the server's ``InputError`` (port taken…)."""
        from ..core.receiver_server import ReceiverServer  # uvicorn: only once one listens

        server = ReceiverServer(self.receiver, host, port)
        await self._in_thread(server.start())
        self.server = server
        return server

    async def stop(self) -> None:
        """Stop listening (held-back requests are answered at once); the thread stays."""
        server, self.server = self.server, None
        if server is not None:
            await self._in_thread(server.stop())

    async def close(self) -> None:
        """Stop listening and end the thread."""
        await self.stop()
        if self._loop is not None and self._finish is not None:
            self._loop.call_soon_threadsafe(self._finish.set)
            await asyncio.to_thread(self._thread.join, 5)

    async def _in_thread(self, work: Coroutine[Any, Any, T]) -> T:
        if not self._thread.is_alive():
            self._thread.start()
            await asyncio.to_thread(self._ready.wait)
        assert self._loop is not None
        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(work, self._loop))

    def _run(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._finish = asyncio.Event()
        self._ready.set()
        await self._finish.wait()
