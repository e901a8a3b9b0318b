"""Core benchmarks: expansion + body check against the standard library, start-up of render
and send, and the worst cases of #7 (lint of unknown placeholders, 10,000 ``--party``).

Run with ``make bench`` (or ``.venv/bin/python tests/bench_core.py``). Every figure is a ratio
against a baseline measured in the same run, interleaved, so that a noisy machine moves both.
Exits non-zero when a target fails.
"""

import contextlib
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

from smarthook.core import preset as presets
from smarthook.core.body_check import check_body
from smarthook.core.notification import Notification, Party
from smarthook.core.template import expand, lint
from smarthook.tui.cli import main as cli

BIN = Path(sys.executable).parent


def notification(parties: int) -> Notification:
    return Notification(
        "15551231234",
        "mynetwork",
        "johnsnow@pbx.acrobits.net",
        tuple(Party(f"user{i}", f"device_{i}_iphone") for i in range(parties)),
    )


def json_baseline(note: Notification) -> Callable[[], object]:
    def run() -> object:
        data = {
            "newSmartNumber": note.new_smart_number,
            "networkId": note.network_id,
            "newSmartUri": note.new_smart_uri,
            "interestedParties": [p._asdict() for p in note.interested_parties],
        }
        return json.loads(json.dumps(data, ensure_ascii=False))

    return run


def xml_baseline(note: Notification) -> Callable[[], object]:
    def run() -> object:
        root = ET.Element("root")
        for name, value in note.scalars().items():
            ET.SubElement(root, name).text = value
        listing = ET.SubElement(ET.SubElement(root, "interested_parties"), "list")
        for party in note.interested_parties:
            element = ET.SubElement(listing, "party")
            ET.SubElement(element, "username").text = party.username
            ET.SubElement(element, "device").text = party.device
        return ET.fromstring(ET.tostring(root, encoding="utf-8"))

    return run


def ours(preset_name: str, note: Notification) -> Callable[[], object]:
    preset, _ = presets.open_preset(preset_name)

    def run() -> object:
        expansion = expand(preset.template, preset.content_type, note)
        problem = check_body(expansion)
        assert problem is None, problem
        return expansion

    return run


def best_of(function: Callable[[], object], budget: float) -> float:
    """The fastest of as many runs as fit in ``budget`` seconds (at least 3)."""
    times = []
    deadline = time.perf_counter() + budget
    while len(times) < 3 or time.perf_counter() < deadline:
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def side_by_side(
    first: Callable[[], object], second: Callable[[], object], rounds: int, budget: float
) -> tuple[float, float]:
    """Interleaved rounds; the best time of each over all rounds."""
    a, b = [], []
    for _ in range(rounds):
        a.append(best_of(first, budget))
        b.append(best_of(second, budget))
    return min(a), min(b)


def expansion_table() -> list[str]:
    rows = ["expand + check vs stdlib (best of interleaved runs)", ""]
    rows.append(f"{'type':<5} {'parties':>8} {'smarthook':>11} {'stdlib':>11} {'ratio':>6}  target")
    for kind, preset_name, baseline in (
        ("JSON", "docs-json", json_baseline),
        ("XML", "docs-xml", xml_baseline),
    ):
        for count in (10, 1_000, 10_000, 100_000):
            note = notification(count)
            budget = 0.3 if count < 100_000 else 1.0
            mine, base = side_by_side(ours(preset_name, note), baseline(note), 3, budget)
            ratio = mine / base
            target = ("PASS" if ratio <= 1.5 else "FAIL") + " (<= 1.5x)" if count == 10_000 else ""
            times = f"{mine * 1000:>8.2f} ms {base * 1000:>8.2f} ms"
            rows.append(f"{kind:<5} {count:>8,} {times} {ratio:>5.2f}x  {target}")
    return rows


def median_run(argv: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return times


def cold_start_table(runs: int = 25) -> list[str]:
    python = str(BIN / "python")
    smarthook = str(BIN / "smarthook")
    path = str(Path(presets.shipped_folder()) / "docs-json.toml")
    commands = {
        'python -c "import tomllib, json"': [python, "-c", "import tomllib, json"],
        "smarthook render docs-json": [smarthook, "render", "docs-json"],
        "smarthook render <path>": [smarthook, "render", path],
    }
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):  # interleaved, so that load on the machine hits all alike
        for name, argv in commands.items():
            samples[name] += median_run(argv, 1)
    base = statistics.median(samples['python -c "import tomllib, json"'])
    rows = ["", f"cold start, median of {runs} interleaved runs", ""]
    for name, times in samples.items():
        ratio = statistics.median(times) / base
        target = (
            "" if name.startswith("python") else ("PASS" if ratio <= 2 else "FAIL") + " (<= 2x)"
        )
        rows.append(
            f"{name:<34} {statistics.median(times) * 1000:>7.1f} ms {ratio:>5.2f}x  {target}"
        )
    return rows


def median_of_interleaved(
    functions: dict[str, Callable[[], object]], runs: int
) -> dict[str, float]:
    """The median time of each function over ``runs`` rounds, one run of each per round."""
    samples: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(runs):
        for name, function in functions.items():
            start = time.perf_counter()
            function()
            samples[name].append(time.perf_counter() - start)
    return {name: statistics.median(times) for name, times in samples.items()}


def ratio_row(name: str, seconds: float, base: float, limit: float | None) -> str:
    ratio = seconds / base
    target = "" if limit is None else f"{'PASS' if ratio <= limit else 'FAIL'} (<= {limit:g}x)"
    return f"{name:<44} {seconds * 1000:>8.1f} ms {ratio:>6.2f}x  {target}"


def cold_send_table(runs: int = 15) -> list[str]:
    """A cold ``smarthook send`` to a loopback http:// endpoint, against Python's start-up."""
    from endpoint import Endpoint

    server = Endpoint()
    url = server.url()
    python = str(BIN / "python")

    def command(argv: list[str]) -> Callable[[], object]:
        return lambda: subprocess.run(argv, stdout=subprocess.DEVNULL, check=False)

    commands = {
        'python -c "import tomllib, json"': command([python, "-c", "import tomllib, json"]),
        "smarthook send docs-json (http://)": command(
            [str(BIN / "smarthook"), "send", "docs-json", "--url", url]
        ),
    }
    httpie = shutil.which("http")
    if httpie:
        commands["HTTPie: http POST (same body)"] = command(
            [httpie, "--ignore-stdin", "-q", "POST", url, "a=b"]
        )
    try:
        times = median_of_interleaved(commands, runs)
    finally:
        server.close()
    base = times['python -c "import tomllib, json"']
    rows = ["", f"cold send, median of {runs} interleaved runs", ""]
    for name, seconds in times.items():
        limit = None if name.startswith(("python", "HTTPie")) else 5.0
        rows.append(ratio_row(name, seconds, base, limit))
    if httpie:
        mine, theirs = (
            times["smarthook send docs-json (http://)"],
            times["HTTPie: http POST (same body)"],
        )
        rows.append(ratio_row("smarthook send vs HTTPie", mine, theirs, 1.0))
    else:
        rows.append("(HTTPie is not installed: no comparison with it)")
    return rows


def worst_cases_table(runs: int = 5) -> list[str]:
    """#7: lint of unknown placeholders and 10,000 --party options, each beside a benign
    input of the same size."""
    unknown = "%ab%\n" * 80_000
    known = '"%network_id%"\n' * 80_000
    parties = [("--party", f"user{i}", f"device_{i}") for i in range(10_000)]
    party_args = [word for triple in parties for word in triple]
    folder = Path(os.environ.get("TMPDIR", "/tmp")) / f"smarthook-bench-{os.getpid()}"
    folder.mkdir(exist_ok=True)
    preset_path = folder / "parties.toml"
    shipped = (Path(presets.shipped_folder()) / "docs-json.toml").read_text()
    listing = ",\n".join(
        f'  {{ username = "user{i}", device = "device_{i}" }}' for i in range(10_000)
    )
    start = shipped.index("interested_parties")
    end = shipped.index("]", shipped.index("[", start)) + 1
    preset_path.write_text(
        shipped[:start] + f"interested_parties = [\n{listing}\n]" + shipped[end:]
    )

    def render(argv: list[str]) -> Callable[[], object]:
        def run() -> object:
            with (
                contextlib.redirect_stdout(io.StringIO()),
                contextlib.redirect_stderr(io.StringIO()),
            ):
                status = cli(argv)
            assert status == 0, status
            return status

        return run

    times = median_of_interleaved(
        {
            "lint, 80,000 unknown placeholders": lambda: lint(unknown, "application/json"),
            "lint, 80,000 known placeholders": lambda: lint(known, "application/json"),
            "render with 10,000 --party options": render(["render", "docs-json", *party_args]),
            "render with 10,000 parties in the preset": render(["render", str(preset_path)]),
        },
        runs,
    )
    preset_path.unlink()
    folder.rmdir()
    rows = ["", f"worst cases (#7), median of {runs} interleaved runs, against a benign input", ""]
    rows.append(
        ratio_row(
            "lint, 80,000 known placeholders",
            times["lint, 80,000 known placeholders"],
            times["lint, 80,000 known placeholders"],
            None,
        )
    )
    rows.append(
        ratio_row(
            "lint, 80,000 unknown placeholders",
            times["lint, 80,000 unknown placeholders"],
            times["lint, 80,000 known placeholders"],
            3.0,
        )
    )
    benign = times["render with 10,000 parties in the preset"]
    rows.append(ratio_row("render with 10,000 parties in the preset", benign, benign, None))
    rows.append(
        ratio_row(
            "render with 10,000 --party options",
            times["render with 10,000 --party options"],
            benign,
            3.0,
        )
    )
    return rows


if __name__ == "__main__":
    # Bytecode is written as usual, so that start-up is measured as users see it.
    failed = False
    for table in (expansion_table, cold_start_table, cold_send_table, worst_cases_table):
        for row in table():
            print(row, flush=True)
            failed = failed or "FAIL" in row
    sys.exit(1 if failed else 0)
