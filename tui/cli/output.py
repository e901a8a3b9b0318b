"""What the command line writes: outside text made safe, a closed pipe ended quietly.

Every command writes through :func:`out` (standard output) and :func:`say` (one line on
standard error). Both escape what could act on a terminal (SPEC §8a) and never fail on a
strict encoding; :func:`out` turns a reader that went away (``smarthook send … | head -1``)
into silence, so that the command still ends with the exit status of what it did.
"""

import contextlib
import io
import os
import sys

from ...core.safe_text import safe_line, safe_text

_closed = False


def prepare() -> None:
    """Make the standard streams write any text: what the encoding lacks is escaped."""
    global _closed
    _closed = False
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")


def stdout_closed() -> None:
    """The reader went away: send the rest of the output (and the final flush) nowhere."""
    global _closed
    _closed = True
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, io.UnsupportedOperation):
        pass  # not a real file (a test's capture): nothing is flushed to a pipe at exit


def out(text: str, end: str = "\n", trusted: bool = False) -> None:
    """Write ``text`` to standard output; unless ``trusted``, control characters escaped."""
    if _closed:
        return
    try:
        sys.stdout.write((text if trusted else safe_text(text)) + end)
        sys.stdout.flush()
    except BrokenPipeError:
        stdout_closed()


def out_bytes(data: bytes) -> None:
    """Write bytes as they are (``export --as http``: the exact request)."""
    if _closed:
        return
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        stdout_closed()


def say(message: str) -> None:
    """One line on standard error: ``smarthook: message``, escaped to one line."""
    with contextlib.suppress(BrokenPipeError, ValueError):  # nobody is listening any more
        print(f"smarthook: {safe_line(message)}", file=sys.stderr, flush=True)
