"""Summarise a mutmut run: survivors per module, then the mutation score as the last line.

Run from the folder mutmut ran in (``build/mutation``). A mutant counts as killed when a
test failed or timed out on it; every other outcome (survived, no tests) counts against.
"""

import json
import sys
import time
from collections import Counter
from pathlib import Path

DETECTED = {1, 3, 36, 24, -24, 152, 255}


def main() -> int:
    outcomes: dict[str, int | None] = {}
    for meta in sorted(Path("mutants").rglob("*.py.meta")):
        outcomes.update(json.loads(meta.read_text("utf-8"))["exit_code_by_key"])
    if not any(code is not None for code in outcomes.values()):
        print("no mutants checked: did `mutmut run` run here?")
        return 1
    unchecked = [name for name, code in outcomes.items() if code is None]
    if unchecked:
        print(f"  {len(unchecked)} of {len(outcomes)} mutants not checked (the run was stopped)")
        outcomes = {name: code for name, code in outcomes.items() if code is not None}
    survivors = [name for name, code in outcomes.items() if code not in DETECTED]
    by_module = Counter(name.split(".x")[0] for name in survivors)
    for module, count in sorted(by_module.items()):
        print(f"  {module}: {count} not killed")
    killed = len(outcomes) - len(survivors)
    started = Path("started")
    if started.exists():
        minutes, seconds = divmod(round(time.time() - int(started.read_text())), 60)
        print(f"run time: {minutes} min {seconds} s")
    print(
        f"mutation score: {killed} killed of {len(outcomes)} ({100 * killed / len(outcomes):.1f}%)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
