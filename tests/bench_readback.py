"""Benchmark: read-back of a 1 MiB adversarial body against a benign body of the same size.

Run: ``.venv/bin/python tests/bench_readback.py [--rounds N]``

The template is ``"sip:%new_smart_number%@%network_id%;user=phone"``. The adversarial body
fills the URI with ``@`` (a lazy ``(.*?)@(.*?)`` pattern took 15.7 s on 64 KiB of them,
about an hour on 1 MiB) and, second, with a near miss that ends ``;user=phon``, so that the
match must fail; the benign body holds ordinary letters. Rounds interleave the bodies; the
medians and their ratios are printed. Target (SPEC §7, issue #7): adversarial ≤ 3× benign,
and each under a second. Exits 1 when a target is missed.
"""

import argparse
import contextlib
import statistics
import time

from smarthook.core.problems import InputError
from smarthook.core.readback import read_back

TEMPLATE = '{"uri": "sip:%new_smart_number%@%network_id%;user=phone"}'
SIZE = 1024 * 1024
TARGET = 3.0
LIMIT_SECONDS = 1.0


def _body(filling: str, end: str = ";user=phone") -> str:
    head, tail = '{"uri": "sip:', end + '"}'
    return head + filling * (SIZE - len(head) - len(tail)) + tail


BODIES = {
    "benign": _body("a"),
    "adversarial @": _body("@"),
    "adversarial near miss": _body("@", ";user=phon"),
}


def _time(body: str) -> float:
    started = time.perf_counter()
    with contextlib.suppress(InputError):  # the near miss is a difference, found and placed
        read_back(TEMPLATE, "application/json", body)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    options = parser.parse_args()
    assert all(len(body.encode()) == SIZE for body in BODIES.values())
    _time(BODIES["benign"])  # warm: imports, the template's shape
    times: dict[str, list[float]] = {name: [] for name in BODIES}
    for number in range(options.rounds):
        order = list(BODIES) if number % 2 == 0 else list(reversed(BODIES))
        for name in order:
            times[name].append(_time(BODIES[name]))
    medians = {name: statistics.median(values) for name, values in times.items()}
    print(f"read-back of {SIZE:,}-byte JSON bodies, {options.rounds} rounds (order alternates)")
    for name, median in medians.items():
        print(f"median {name:<22} {median * 1000:8.1f} ms")
    passed = True
    for name in BODIES:
        if name == "benign":
            continue
        ratio = medians[name] / medians["benign"]
        ok = ratio <= TARGET and medians[name] < LIMIT_SECONDS
        passed &= ok
        print(
            f"ratio {name} / benign: {ratio:.2f}x (target <= {TARGET}x, "
            f"under {LIMIT_SECONDS:g} s): {'PASS' if ok else 'FAIL'}"
        )
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
