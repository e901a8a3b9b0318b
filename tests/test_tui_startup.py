"""Start-up: what the first frame is spared."""

import gc

from waiting import until


async def test_what_the_imports_made_is_frozen_while_the_app_runs(tui_app) -> None:  # type: ignore[no-untyped-def]
    """The tens of thousands of objects made before the app (modules, the preset) are frozen
    while it runs, so that the collector's full passes (one used to come before the first
    frame, 30-70 ms) skip them; they are collectable again once the app is done."""
    app = tui_app()
    async with app.run_test(size=(120, 40)) as pilot:
        assert gc.get_freeze_count() > 10_000
        area = await app.answer_area()
        # Not closing while the receiver panel mounts (its Select fails then, Textual 8).
        await until(pilot, lambda: (panel := area.receiver()) is not None and panel.is_mounted)
    assert gc.get_freeze_count() == 0
