"""Benchmark: the whole endpoint check against ``smarthook receive``, next to its network time.

Run: ``.venv/bin/python tests/bench_check.py [--rounds N]``

``smarthook receive`` runs in its own process on a free 127.0.0.1 port. Each round drafts the
battery (``check.prepare``) and sends it (``check.run``) for the JSON and the XML docs preset;
the round's wall time is set beside the sum of its requests' network times (each outcome's
elapsed: connect to last byte). The target: the check's own overhead keeps the wall time
within 2x the network time (median over the rounds). One untimed round first loads httpx.
A run of the command itself (``smarthook check``, a new process) is timed too, for reference.
Exits 1 when the target is missed.
"""

import argparse
import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time

TARGET = 2.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"smarthook receive exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"smarthook receive did not listen on port {port} within 20 s")


async def _battery(name: str, url: str) -> tuple[float, float, int, int]:
    """One whole check: (wall seconds, network seconds, requests, cases passed)."""
    from smarthook.core import check
    from smarthook.core.preset import open_preset

    preset = open_preset(name)[0]._replace(url=url)
    started = time.perf_counter()
    prepared = check.prepare(preset)
    results = [result async for result in check.run(prepared, preset.timeout)]
    wall = time.perf_counter() - started
    network = sum(outcome.elapsed for result in results for outcome in result.outcomes)
    requests = sum(len(result.outcomes) for result in results)
    return wall, network, requests, sum(result.passed for result in results)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    options = parser.parse_args()
    smarthook = shutil.which("smarthook", path=os.path.dirname(sys.executable)) or "smarthook"
    port = _free_port()
    url = f"http://127.0.0.1:{port}/smartcontactnotification"
    server = subprocess.Popen(
        [smarthook, "receive", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    presets = ("docs-json", "docs-xml")
    ratios: dict[str, list[float]] = {name: [] for name in presets}
    print(
        f"server: smarthook receive (uvicorn) in its own process, prints to /dev/null; "
        f"{options.rounds} rounds per preset after one untimed; {os.cpu_count()} CPUs"
    )
    try:
        _wait_for(port, server)
        for name in presets:
            asyncio.run(_battery(name, url))  # loads httpx and the CA bundle: not timed
        for number in range(options.rounds):
            for name in presets:
                wall, network, requests, passed = asyncio.run(_battery(name, url))
                ratios[name].append(wall / network)
                print(
                    f"  round {number + 1}  {name:<9}  wall {wall * 1000:7.1f} ms  "
                    f"network {network * 1000:7.1f} ms ({requests} requests)  "
                    f"ratio {wall / network:4.2f}x  {passed}/9 passed"
                )
        started = time.perf_counter()
        done = subprocess.run(
            [smarthook, "check", "docs-json", "--url", url], capture_output=True, text=True
        )
        process_wall = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(10)
    print()
    print(
        f"for reference: `smarthook check docs-json` as a new process: {process_wall:.2f} s wall "
        f"(exit {done.returncode}: {done.stdout.strip().splitlines()[-1]})"
    )
    missed = False
    for name, values in ratios.items():
        median = statistics.median(values)
        verdict = "PASS" if median <= TARGET else "FAIL"
        missed |= median > TARGET
        print(f"median wall / network, {name}: {median:.2f}x (target <= {TARGET}x): {verdict}")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
