"""Core benchmarks: expansion + body check against the standard library, and render start-up.

Run with ``make bench`` (or ``.venv/bin/python tests/bench_core.py``). Every figure is a ratio
against a baseline measured in the same run, interleaved, so that a noisy machine moves both.
"""

import json
import os
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
from smarthook.core.template import expand

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


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "0")
    for row in expansion_table() + cold_start_table():
        print(row, flush=True)
