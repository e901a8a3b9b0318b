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
"""

import gc


def set_aside() -> None:
    """Set aside what exists now: the imports' objects, before the first frame is built."""
    gc.freeze()


def start_up_done() -> None:
    """Set aside what start-up made (after freeing the young garbage: a millisecond or two)."""
    gc.collect(1)
    gc.freeze()


def thaw() -> None:
    """Give the objects set aside back to the collector (the app is ending)."""
    gc.unfreeze()
