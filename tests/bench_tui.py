"""Benchmarks of the terminal UI against a bare Textual app, as ratios measured in one run.

Run: .venv/bin/python tests/bench_tui.py [--runs N]

1. start to the expanded preview on screen, vs the first paint of a bare app (one Input, one
   TextArea, a Footer), each in a fresh subprocess, the two interleaved run by run, median
   of N (15: on a shared machine five starts of each moved the ratio by ±0.1 from run to
   run); the pairs' ratios are printed beside it, with their quartiles;
2. keystroke to updated preview (median) at 10 and 10,000 parties, as a ratio to a bare
   app's keystroke echo (an Input redrawing its new value) measured the same way in the same
   run; and the longest stall of the UI thread while the 10,000-party body is being edited;
3. idle memory (RSS) of the app vs the bare app;
4. where valgrind is installed, for information (no target): the instructions each start
   executes up to its first paint, one start of each under callgrind — a count that the
   machine's noise does not move, to tell a change of a few milliseconds from chance.

Prints PASS/FAIL per target and exits 1 when one fails. The receiver is not started.
"""

import argparse
import asyncio
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
IDLE_SECONDS = 1.0
# An installed smarthook has compiled bytecode, like Textual has: let the children write and
# use it (a warm-up start of each kind comes first), even where the shell turns it off.
CHILD_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def rss_kib() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


# -- children: one app, started cold, reporting its first paint and idle memory ------------


def child(kind: str, exit_at_paint: bool = False) -> None:
    """Start one app cold; print when its first frame (with the preview) is composited."""
    if kind == "app":  # as the ``smarthook`` command starts its UI (tui/cli/main.py, _ui)
        from smarthook.tui import collector

        collector.starting()
    from textual.app import App
    from textual.screen import Screen

    if kind == "bare":
        from textual.app import ComposeResult
        from textual.widgets import Footer, Input, TextArea

        class Bare(App[None]):
            def compose(self) -> ComposeResult:
                yield Input()
                yield TextArea()
                yield Footer()

        app: App[object] = Bare()
    else:
        from smarthook.core.preset import open_preset
        from smarthook.tui.app import SmarthookApp
        from smarthook.tui.body_preview import BodyPreview

        preset, path = open_preset("local-demo")
        app = SmarthookApp(preset, path, start_receiver=False)

    def shows_preview(screen: Screen[object]) -> bool:
        if kind == "bare":
            return True
        previews = screen.query(BodyPreview)
        return bool(previews) and bool(previews.first().lines)

    composite = Screen._compositor_refresh
    painted = False

    def first_frame(screen: Screen[object]) -> None:
        nonlocal painted
        composite(screen)
        if not painted and shows_preview(screen):
            painted = True
            print("painted", flush=True)
            if exit_at_paint:
                os._exit(0)  # counting instructions: nothing after the first paint
            app.set_timer(IDLE_SECONDS, idle)

    def idle() -> None:
        print(f"rss {rss_kib()}", flush=True)
        app.exit()

    Screen._compositor_refresh = first_frame  # type: ignore[method-assign]
    app.run(headless=True, size=(120, 40))


def cold_start(kind: str) -> tuple[float, int]:
    """Seconds from process start to first paint, and idle RSS in KiB."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, __file__, "--child", kind],
        stdout=subprocess.PIPE,
        text=True,
        cwd=HERE,
        env=CHILD_ENV,
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    painted = time.perf_counter() - started
    second = process.stdout.readline()
    process.wait(timeout=30)
    if first.strip() != "painted" or not second.startswith("rss "):
        raise RuntimeError(f"child {kind} said {first!r} {second!r}")
    return painted, int(second.split()[1])


def instructions() -> tuple[int, int] | None:
    """Instructions the bare app and smarthook execute up to their first paint (callgrind,
    one start each, side by side); None without valgrind."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        return None
    env = {**CHILD_ENV, "PYTHONHASHSEED": "0"}
    callgrind = [valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable]
    runs = [
        subprocess.Popen(
            [*callgrind, __file__, "--child", kind, "--exit-at-paint"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            cwd=HERE,
            env=env,
        )
        for kind in ("bare", "app")
    ]
    counts = [re.search(r"Collected : (\d+)", run.communicate()[1]) for run in runs]
    if not all(counts):
        return None
    bare, ours = (int(count[1]) for count in counts if count)
    return bare, ours


# -- in process: keystroke to preview, and UI-thread stalls ---------------------------------


async def keystrokes(parties: int, presses: int) -> tuple[list[float], float]:
    """Latencies of typing into the number field, and the longest loop stall meanwhile."""
    from smarthook.core.notification import Notification, Party
    from smarthook.core.preset import open_preset
    from smarthook.tui.app import SmarthookApp
    from smarthook.tui.body_preview import BodyPreview

    preset, path = open_preset("local-demo")
    notification = Notification(
        "1", "net", "uri", tuple(Party(f"user{i}", f"device{i}") for i in range(parties))
    )
    app = SmarthookApp(preset._replace(notification=notification), path, start_receiver=False)

    seen: dict[str, float] = {}
    original = BodyPreview.render_line

    def timed_render_line(self: BodyPreview, y: int) -> object:
        lines = self.lines
        if len(lines) > 1 and lines[1] not in seen:
            seen[lines[1]] = time.perf_counter()
        return original(self, y)

    BodyPreview.render_line = timed_render_line  # type: ignore[method-assign]
    latencies = []
    stall = 0.0
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            from textual.worker import WorkerCancelled

            for _ in range(100):  # a draft cancelled by a newer one is no failure here
                try:
                    await app.workers.wait_for_complete()
                    break
                except WorkerCancelled:
                    await pilot.pause()
            await pilot.pause()
            await pilot.click("#new_smart_number")
            await pilot.press("end")

            async def watch() -> None:
                nonlocal stall
                while True:
                    before = time.perf_counter()
                    await asyncio.sleep(0.002)
                    stall = max(stall, time.perf_counter() - before - 0.002)

            watcher = asyncio.create_task(watch())
            number = "1"
            for press in range(presses):
                digit = str(press % 10)
                number += digit
                expected = f'    "newSmartNumber" : "{number}",'
                pressed = time.perf_counter()
                await pilot.press(digit)
                latencies.append(await _shown_after(seen, expected, pressed))
            watcher.cancel()
    finally:
        BodyPreview.render_line = original  # type: ignore[method-assign]
    return latencies, stall


async def _shown_after(seen: dict[str, float], expected: str, pressed: float) -> float:
    """Seconds from the key press to ``expected`` drawn; infinity if it never was (2 s)."""
    for _ in range(2000):
        if expected in seen:
            return seen[expected] - pressed
        await asyncio.sleep(0.001)
    return float("inf")


async def echo(presses: int) -> list[float]:
    """A bare app's keystroke echo, measured as the preview is: press to the new value drawn."""
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Input, TextArea

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Input(id="box")
            yield TextArea()
            yield Footer()

    seen: dict[str, float] = {}
    original = Input.render_line

    def timed_render_line(self: Input, y: int) -> object:
        if self.value not in seen:
            seen[self.value] = time.perf_counter()
        return original(self, y)

    Input.render_line = timed_render_line  # type: ignore[method-assign]
    latencies = []
    try:
        async with Bare().run_test(size=(120, 40)) as pilot:
            await pilot.click("#box")
            value = ""
            for press in range(presses):
                digit = str(press % 10)
                value += digit
                pressed = time.perf_counter()
                await pilot.press(digit)
                latencies.append(await _shown_after(seen, value, pressed))
    finally:
        Input.render_line = original  # type: ignore[method-assign]
    return latencies


# -- the table -------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--presses", type=int, default=30)
    parser.add_argument("--child")
    parser.add_argument("--exit-at-paint", action="store_true")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.exit_at_paint)
        return 0

    cold_start("bare"), cold_start("app")  # warm-up: bytecode written, disk cache warm
    bare, ours = [], []
    for _ in range(args.runs):  # interleaved: a busy moment of the machine hits both
        bare.append(cold_start("bare"))
        ours.append(cold_start("app"))
    bare_paint = statistics.median(seconds for seconds, _ in bare)
    our_paint = statistics.median(seconds for seconds, _ in ours)
    pairs = [mine / theirs for (mine, _), (theirs, _) in zip(ours, bare, strict=True)]
    quartiles = statistics.quantiles(pairs, n=4)
    bare_rss = statistics.median(kib for _, kib in bare)
    our_rss = statistics.median(kib for _, kib in ours)

    echoes: list[float] = []
    small: list[float] = []
    for _ in range(3):  # interleaved too, in thirds
        echoes += asyncio.run(echo(args.presses // 3))
        small += asyncio.run(keystrokes(10, args.presses // 3))[0]
    large, stall = asyncio.run(keystrokes(10_000, args.presses))
    echo_median = statistics.median(echoes)
    small_median = statistics.median(small)
    large_median = statistics.median(large)
    small_ratio = small_median / echo_median

    rows = [
        ("start to preview (s)", f"{our_paint:.3f}", f"bare {bare_paint:.3f}",
         f"{our_paint / bare_paint:.2f}x", "<= 1.3x", our_paint <= 1.3 * bare_paint),
        ("keystroke to preview, 10 parties (ms)", f"{small_median * 1000:.1f}",
         f"echo {echo_median * 1000:.1f}", f"{small_ratio:.1f}x", "<= 5x", small_ratio <= 5),
        ("keystroke to preview, 10,000 parties (ms)", f"{large_median * 1000:.1f}",
         f"max {max(large) * 1000:.1f}", "", "<= 100 ms", large_median <= 0.100),
        ("longest UI stall, 10,000 parties (ms)", f"{stall * 1000:.1f}", "", "",
         "< 100 ms", stall < 0.100),
        ("idle RSS (MiB)", f"{our_rss / 1024:.1f}", f"bare {bare_rss / 1024:.1f}",
         f"{our_rss / bare_rss:.2f}x", "<= 1.5x", our_rss <= 1.5 * bare_rss),
    ]  # fmt: skip
    import textual

    python = sys.version.split()[0]
    print(f"smarthook TUI benchmark: textual {textual.__version__}, python {python}")
    print(f"{args.runs} cold starts each, {args.presses} keystrokes per party count\n")
    header = ("measure", "smarthook", "reference", "ratio", "target", "")
    widths = (42, 10, 12, 7, 10, 4)
    print("  ".join(f"{cell:<{width}}" for cell, width in zip(header, widths, strict=True)))
    for *cells, ok in rows:
        line = [*cells, verdict(bool(ok))]
        print("  ".join(f"{cell:<{width}}" for cell, width in zip(line, widths, strict=True)))
    print(
        f"\nstart to preview, start by start: median {statistics.median(pairs):.2f}x the bare "
        f"start beside it, quartiles {quartiles[0]:.2f}x-{quartiles[2]:.2f}x"
    )
    counted = instructions()
    if counted is None:
        print("start to preview in instructions: valgrind is not installed (for information)")
    else:
        bare_count, our_count = counted
        print(
            f"start to preview in instructions (callgrind, for information): "
            f"{our_count / 1e6:,.0f} M against bare {bare_count / 1e6:,.0f} M, "
            f"{our_count / bare_count:.2f}x"
        )
    never = sum(latency == float("inf") for latency in small + large)
    if never:
        print(f"FAIL: the preview never showed {never} of the keystrokes (2 s each)")
    return 0 if never == 0 and all(ok for *_, ok in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
