"""``smarthook receive``: the local receiver in the foreground, one line per request."""

import argparse
import asyncio
import signal
import sys

from ...core import preset as presets
from ...core.problems import InputError
from ...core.receiver import Entry, Receiver, check_delay, check_status, media_type
from ...core.receiver_port import DEFAULT_HOST, DEFAULT_PORT, check_port
from ...core.receiver_server import ReceiverServer
from ...core.safe_text import safe_line
from ...core.template import check_content_type
from ...core.verdict import EXIT_BAD_INPUT, EXIT_OK
from . import output
from .options import Parser


def parser() -> argparse.ArgumentParser:
    """``smarthook receive``'s options."""
    receive = Parser(
        prog="smarthook receive",
        description="Run the local endpoint and print one line per request.",
    )
    receive.add_argument(
        "--host", help="address to listen on (default: 127.0.0.1; all interfaces only if named)"
    )
    receive.add_argument("--port", type=int, help="port (default: 8204)")
    receive.add_argument(
        "--status",
        type=int,
        default=204,
        metavar="CODE",
        help="status to answer with (default: 204)",
    )
    receive.add_argument(
        "--delay", type=float, default=0.0, metavar="S", help="seconds to wait before answering"
    )
    receive.add_argument(
        "--preset",
        metavar="PRESET",
        help="read each notification back through this preset's template",
    )
    return receive


def describe_entry(entry: Entry) -> str:
    """One line for one request: time, method, path, answer, type, size, verdict.

    Everything in it that came from the client is escaped to one line (SPEC §8a).
    """
    kind = media_type(entry.content_type) or "no content type"
    delay = f" after {entry.delay:g} s" if entry.delay else ""
    return safe_line(
        f"{entry.time:%H:%M:%S.%f}"[:-3]
        + f"  {entry.method} {entry.path} -> {entry.status}{delay}  {kind}, {entry.size} bytes"
        + f"  {entry.verdict()}"
    )


def serve_forever(args: argparse.Namespace) -> int:
    """Run the receiver until Ctrl+C (or SIGTERM); returns the exit status."""
    host = DEFAULT_HOST if args.host is None else args.host
    port = DEFAULT_PORT if args.port is None else args.port
    try:
        check_port(port)
        check_status(args.status)
        check_delay(args.delay)
        provider = None
        if args.preset:
            preset, _ = presets.open_preset(args.preset)
            check_content_type(preset.content_type)
            shape = (preset.template, preset.content_type)
            provider = lambda: shape  # noqa: E731 - the template does not change
        receiver = Receiver(args.status, args.delay, provider)
        return asyncio.run(_serve(ReceiverServer(receiver, host, port), args))
    except InputError as exc:
        print(f"smarthook receive: {safe_line(str(exc.problem))}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return EXIT_OK


async def _serve(server: ReceiverServer, args: argparse.Namespace) -> int:
    stopped = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signal_number, stopped.set)

    from concurrent.futures import ThreadPoolExecutor

    from .history import open_history, recording

    history = open_history() if recording(args) else None
    keeper = ThreadPoolExecutor(max_workers=1)  # one thread: entries kept in arrival order

    def show(entry: Entry) -> None:
        try:
            print(describe_entry(entry), flush=True)
        except BrokenPipeError:
            output.stdout_closed()
        if history is not None:  # off the loop: keeping it never holds back the answer
            keeper.submit(history.record_arrival, entry, args.preset or "")

    server.receiver.subscribe(show)
    await server.start()
    delay = f" after {args.delay:g} s" if args.delay else ""
    reading = f", reading back through {safe_line(args.preset)}" if args.preset else ""
    print(
        f"smarthook receive: listening on {server.url} (answering {args.status}{delay}{reading}); "
        "Ctrl+C stops",
        file=sys.stderr,
        flush=True,
    )
    try:
        await stopped.wait()
    finally:
        await server.stop()
        keeper.shutdown(wait=True)
    print(f"smarthook receive: stopped after {server.receiver.total} requests", file=sys.stderr)
    return EXIT_OK
