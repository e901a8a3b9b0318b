"""The cyclic garbage collector over a session: what start-up made is set aside once it is up.

A full collection walks every object the collector tracks, and after start-up that is about
100,000 (Textual, Rich, the widgets, uvicorn): 30–250 ms on the UI thread, at whatever moment
allocations tip it over — most often the first time a tab is laid out, such as History.
Those objects live as long as the app, so the walk finds next to nothing. ``gc.freeze`` sets
them aside twice: the imports' objects when the app is built (no full collection before the
first frame), and the widgets' once start-up is done; later collections walk only what came
after (a full one then takes a millisecond or two). ``thaw`` gives them back when the app
ends, so that a process that runs several apps (the tests, the benchmarks) still frees each
one's garbage.

Until start-up is done the young generation is collected rarely too, from before Textual is
imported (``smarthook`` calls :func:`starting` first): loading Textual and building the screen
allocate some hundred thousand objects that all live, and the hundred-odd young collections
they set off (some 25 ms before the first frame) found next to nothing to free.
"""

import gc

#: Allocations between young collections while the app starts (Python's default is 2,000).
STARTING_THRESHOLD = 100_000

_thresholds: tuple[int, int, int] | None = None


def starting() -> None:
    """Collect the young generation rarely until start-up is done (the UI's imports are next)."""
    global _thresholds
    if _thresholds is None:
        _thresholds = gc.get_threshold()
        gc.set_threshold(STARTING_THRESHOLD, *_thresholds[1:])


def set_aside() -> None:
    """Set aside what exists now: the imports' objects, before the first frame is built; and
    collect the young generation rarely until start-up is done."""
    gc.freeze()
    starting()


def start_up_done() -> None:
    """Set aside what start-up made (after freeing the young garbage: a millisecond or two),
    and collect as usual from now on."""
    _restore()
    gc.collect(1)
    gc.freeze()


def thaw() -> None:
    """Give the objects set aside back to the collector (the app is ending)."""
    _restore()
    gc.unfreeze()


def _restore() -> None:
    global _thresholds
    if _thresholds is not None:
        gc.set_threshold(*_thresholds)
        _thresholds = None
