"""Summarise a mutmut run: survivors per module, then the mutation score as the last line.

Run from the folder mutmut ran in (``build/mutation``). A mutant counts as killed when a
test failed or timed out on it. The survivors listed in ``equivalent.md`` (next to this
file: the mutants that behave exactly as the code does, each with its reason) are set
aside: no test can kill them, so they count neither way. Every other outcome (survived, no
tests) counts against.

``--survivors`` prints the names of the mutants not killed and not set aside, one a line
(``make mutate-again`` checks them again after new tests).
"""

import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

DETECTED = {1, 3, 36, 24, -24, 152, 255}
EQUIVALENT = Path(__file__).with_name("equivalent.md")
NAME = re.compile(r"`(smarthook\.core\.[^`\s]+__mutmut_\d+)`")


def outcomes() -> dict[str, int | None]:
    found: dict[str, int | None] = {}
    for meta in sorted(Path("mutants").rglob("*.py.meta")):
        found.update(json.loads(meta.read_text("utf-8"))["exit_code_by_key"])
    return found


def main(argv: list[str]) -> int:
    everything = outcomes()
    if not any(code is not None for code in everything.values()):
        print("no mutants checked: did `mutmut run` run here?")
        return 1
    equivalent = set(NAME.findall(EQUIVALENT.read_text("utf-8")))
    checked = {name: code for name, code in everything.items() if code is not None}
    survivors = sorted(name for name, code in checked.items() if code not in DETECTED)
    # A listed mutant that a test kills (or that no longer exists) is not set aside.
    aside = [name for name in survivors if name in equivalent]
    survivors = [name for name in survivors if name not in equivalent]
    if "--survivors" in argv:
        print("\n".join(survivors))
        return 0
    unchecked = len(everything) - len(checked)
    if unchecked:
        print(f"  {unchecked} of {len(everything)} mutants not checked (the run was stopped)")
    for module, count in sorted(Counter(name.split(".x")[0] for name in survivors).items()):
        print(f"  {module}: {count} not killed")
    stale = sorted(equivalent - set(everything))
    if stale:
        print(f"  {len(stale)} names in equivalent.md are no mutant of this run: {stale[0]} …")
    started = Path("started")
    if started.exists():
        minutes, seconds = divmod(round(time.time() - int(started.read_text())), 60)
        print(f"run time: {minutes} min {seconds} s")
    total = len(checked) - len(aside)
    killed = total - len(survivors)
    print(
        f"{len(aside)} equivalent mutants set aside (tests/mutation/equivalent.md); "
        f"counting them as survivors: {killed} of {len(checked)} "
        f"({100 * killed / len(checked):.1f}%)"
    )
    print(f"mutation score: {killed} killed of {total} ({100 * killed / total:.1f}%)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
