"""Waiting on a child process's output, with a deadline."""

import selectors
import time
from typing import IO


def wait_for_line(stream: IO[str] | None, needle: str, seconds: float = 30) -> str:
    """Read lines from ``stream`` until one holds ``needle``; fail after ``seconds``."""
    assert stream is not None
    deadline = time.monotonic() + seconds
    with selectors.DefaultSelector() as selector:
        selector.register(stream, selectors.EVENT_READ)
        while time.monotonic() < deadline:
            if selector.select(timeout=max(deadline - time.monotonic(), 0)):
                line = stream.readline()
                if needle in line:
                    return line
                if not line:
                    break
    raise AssertionError(f"never printed a line holding {needle!r}")
