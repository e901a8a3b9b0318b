"""Benchmark: read-back of 1 MiB adversarial bodies against benign bodies of the same size.

Run: ``.venv/bin/python tests/bench_readback.py [--rounds N]``

Two pairs, each through the receiver's own steps (the body parsed once, then read back):

- the template ``"sip:%new_smart_number%@%network_id%;user=phone"``: a URI of ``@``
  (a lazy ``(.*?)@(.*?)`` pattern took 15.7 s on 64 KiB of them, about an hour on 1 MiB)
  and a near miss ending ``;user=phon`` that must fail, against a URI of letters;
- the docs-json template: a party list of 90,000 nested empty arrays (the most containers a
  megabyte can hold, which must be found wrong), against a real party list of 33,000
  parties.

Rounds interleave the bodies; the medians and their ratios are printed. Target (SPEC §7,
issue #7): each adversarial body ≤ 3× its benign one, and under a second. Exits 1 when a
target is missed.
"""

import argparse
import contextlib
import statistics
import time

from smarthook.core import preset as presets
from smarthook.core.problems import InputError
from smarthook.core.readback import read_back
from smarthook.core.receiver import parse_received

SIZE = 1024 * 1024
TARGET = 3.0
LIMIT_SECONDS = 1.0
JSON = "application/json"

URI_TEMPLATE = '{"uri": "sip:%new_smart_number%@%network_id%;user=phone"}'
DOCS_TEMPLATE = presets.open_preset("docs-json")[0].template


def _uri_body(filling: str, end: str = ";user=phone") -> str:
    head, tail = '{"uri": "sip:', end + '"}'
    return head + filling * (SIZE - len(head) - len(tail)) + tail


def _party_body(item: str) -> str:
    values = {"%new_smart_number%": "1", "%network_id%": "n", "%new_smart_uri%": "u"}
    frame = DOCS_TEMPLATE
    for name, value in values.items():
        frame = frame.replace(name, value)
    room = SIZE - len(frame.replace('"%interestedParties%"', "[]"))
    count = room // (len(item) + 1)
    body = frame.replace('"%interestedParties%"', "[" + ",".join([item] * count) + "]")
    return body + " " * (SIZE - len(body))


#: (name, template, body, the benign body it is measured against)
CASES = {
    "uri: letters": (URI_TEMPLATE, _uri_body("a"), None),
    "uri: @": (URI_TEMPLATE, _uri_body("@"), "uri: letters"),
    "uri: @, near miss": (URI_TEMPLATE, _uri_body("@", ";user=phon"), "uri: letters"),
    "parties: real": (DOCS_TEMPLATE, _party_body('{"username":"u","device":"d"}'), None),
    "parties: nested arrays": (DOCS_TEMPLATE, _party_body("[[[[[]]]]]"), "parties: real"),
}


def _time(template: str, body: str) -> float:
    started = time.perf_counter()
    tree, problem = parse_received(JSON, body.encode())
    assert problem is None, problem
    with contextlib.suppress(InputError):  # an adversarial body is a difference, placed
        read_back(template, JSON, body, tree)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    options = parser.parse_args()
    assert all(len(body.encode()) == SIZE for _, body, _ in CASES.values())
    for template, body, _ in CASES.values():
        _time(template, body)  # warm: imports, the template's shape
    times: dict[str, list[float]] = {name: [] for name in CASES}
    for number in range(options.rounds):
        order = list(CASES) if number % 2 == 0 else list(reversed(CASES))
        for name in order:
            template, body, _ = CASES[name]
            times[name].append(_time(template, body))
    medians = {name: statistics.median(values) for name, values in times.items()}
    print(
        f"parse + read-back of {SIZE:,}-byte JSON bodies, {options.rounds} rounds "
        "(order alternates)"
    )
    for name, median in medians.items():
        print(f"median {name:<24} {median * 1000:8.1f} ms")
    passed = True
    for name, (_, _, benign) in CASES.items():
        if benign is None:
            continue
        ratio = medians[name] / medians[benign]
        ok = ratio <= TARGET and medians[name] < LIMIT_SECONDS
        passed &= ok
        print(
            f"ratio {name} / {benign}: {ratio:.2f}x (target <= {TARGET}x, "
            f"under {LIMIT_SECONDS:g} s): {'PASS' if ok else 'FAIL'}"
        )
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
