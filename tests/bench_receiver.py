"""Benchmark: smarthook's receiver against a bare uvicorn app that only answers 204.

Run: ``.venv/bin/python tests/bench_receiver.py [--rounds N] [--requests N]``

Each server runs in its own process on 127.0.0.1; this script is the one client for all of
them: 16 keep-alive connections over raw asyncio streams (no HTTP library, so that the client
costs little on a small machine), each posting the local demo's JSON body back to back.
Rounds alternate the order of the servers; the medians and their ratio are printed, with
PASS when smarthook's receiver reaches half the bare app's rate. Only 204 answers count
toward a rate (a server answering fast with errors is not fast). Exits 1 when the target
is missed.
"""

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time

CONNECTIONS = 16
TARGET = 0.5
ROUND_TIME_LIMIT = 20.0

BARE_APP = """
import sys, uvicorn

async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    more = True
    while more:
        message = await receive()
        more = message.get("more_body", False)
    await send({"type": "http.response.start", "status": 204, "headers": []})
    await send({"type": "http.response.body", "body": b""})

uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning",
            lifespan="off", access_log=False, proxy_headers=False, server_header=False)
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _demo_body() -> bytes:
    from smarthook.core import preset as presets
    from smarthook.core.template import expand

    preset, _ = presets.open_preset("local-demo")
    return expand(preset.template, preset.content_type, preset.notification).body.encode()


def _request(body: bytes) -> bytes:
    return (
        b"POST /smartcontactnotification HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"User-Agent: Sync Server 1.1\r\nContent-Type: application/json\r\n"
        b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
    )


async def _connection(port: int, request: bytes, count: int, statuses: list[bytes]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.transport.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        for _ in range(count):
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            statuses.append(head[9:12])
            lower = head.lower()
            found = lower.find(b"content-length:")
            if found >= 0:
                length = int(lower[found + 15 : lower.find(b"\r\n", found)])
                if length:
                    await reader.readexactly(length)
    finally:
        writer.close()


async def _measure(port: int, request: bytes, requests: int) -> tuple[float, int]:
    """204 answers per second over ``requests`` POSTs on 16 connections; and how many were 204."""
    per_connection = requests // CONNECTIONS
    statuses: list[bytes] = []
    await asyncio.gather(*(_connection(port, request, 5, []) for _ in range(CONNECTIONS)))
    started = time.perf_counter()
    await asyncio.wait_for(
        asyncio.gather(
            *(_connection(port, request, per_connection, statuses) for _ in range(CONNECTIONS))
        ),
        ROUND_TIME_LIMIT,
    )
    elapsed = time.perf_counter() - started
    accepted = statuses.count(b"204")
    return accepted / elapsed, accepted


def _wait_for(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"a server exited early with status {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"no server listened on port {port}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=4000, help="POSTs per server per round")
    options = parser.parse_args()
    smarthook = os.path.join(os.path.dirname(sys.executable), "smarthook")
    ports = {name: _free_port() for name in ("bare", "receive", "receive --preset")}
    commands = {
        "bare": [sys.executable, "-c", BARE_APP, str(ports["bare"])],
        "receive": [smarthook, "receive", "--port", str(ports["receive"])],
        "receive --preset": [
            smarthook,
            "receive",
            "--port",
            str(ports["receive --preset"]),
            "--preset",
            "local-demo",
        ],
    }
    servers = {
        name: subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=os.environ
        )
        for name, command in commands.items()
    }
    request = _request(_demo_body())
    rates: dict[str, list[float]] = {name: [] for name in servers}
    print(
        f"client: raw asyncio streams, {CONNECTIONS} keep-alive connections, TCP_NODELAY, "
        f"{options.requests} POSTs of {len(request)} bytes per server per round, "
        f"{options.rounds} rounds (order alternates); {os.cpu_count()} CPUs"
    )
    print("servers: uvicorn (h11) in separate processes; smarthook receive prints to /dev/null")
    try:
        for name, process in servers.items():
            _wait_for(ports[name], process)
        for number in range(options.rounds):
            order = list(servers) if number % 2 == 0 else list(reversed(servers))
            for name in order:
                rate, accepted = asyncio.run(_measure(ports[name], request, options.requests))
                rates[name].append(rate)
                print(f"  round {number + 1}  {name:<17} {rate:8.0f} 204/s  ({accepted} x 204)")
    finally:
        for process in servers.values():
            process.terminate()
        for process in servers.values():
            process.wait(10)
    medians = {name: statistics.median(values) for name, values in rates.items()}
    print()
    for name, median in medians.items():
        print(f"median {name:<17} {median:8.0f} 204/s")
    ratio = medians["receive"] / medians["bare"]
    with_preset = medians["receive --preset"] / medians["bare"]
    verdict = "PASS" if ratio >= TARGET else "FAIL"
    print(
        f"ratio receive / bare: {ratio:.2f}x (target >= {TARGET}x): {verdict}; "
        f"with read-back (--preset local-demo): {with_preset:.2f}x"
    )
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    raise SystemExit(main())
