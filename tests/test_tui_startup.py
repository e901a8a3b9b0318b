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


async def test_young_collections_are_rare_until_start_up_is_done(tui_app) -> None:  # type: ignore[no-untyped-def]
    """From the app's building until start-up is done, the young generation is collected
    every 100,000 allocations, not 2,000 (start-up's objects live: such a collection frees
    nothing); then as before, and as before once the app is done."""
    from smarthook.tui import collector

    usual = gc.get_threshold()
    app = tui_app()
    assert gc.get_threshold() == (collector.STARTING_THRESHOLD, *usual[1:])
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: gc.get_threshold() == usual)  # the receiver panel is up
        assert (panel := (await app.answer_area()).receiver()) is not None and panel.is_mounted
    assert gc.get_threshold() == usual


async def test_the_content_type_select_comes_after_the_first_frame() -> None:
    """The endpoint bar shows the content type as text until the app mounts its Select (an
    option list inside: among the costliest widgets to style); the value is the bar's own,
    so nothing waits for the Select, and its mounting is no change of content type."""
    from textual.app import App, ComposeResult
    from textual.widgets import Select, Static

    from smarthook.core.webhook import JSON, XML
    from smarthook.tui.endpoint_bar import EndpointBar

    changes: list[object] = []

    class Bar(App[None]):
        def compose(self) -> ComposeResult:
            yield EndpointBar("http://127.0.0.1:8204/", XML, id="endpoint")

        def on_select_changed(self, event: Select.Changed) -> None:
            changes.append(event.value)

    app = Bar()
    async with app.run_test() as pilot:
        bar = app.query_one(EndpointBar)
        assert not app.query(Select)
        assert str(app.query_one("#content-type-shown", Static).render()) == XML
        bar.load("http://127.0.0.1:8204/", JSON)
        assert bar.content_type == JSON
        assert str(app.query_one("#content-type-shown", Static).render()) == JSON
        await bar.mount_select()
        await pilot.pause()
        assert app.query_one("#content-type", Select).value == JSON
        assert not app.query("#content-type-shown")
        assert changes == []
        app.query_one("#content-type", Select).value = XML
        await until(pilot, lambda: changes == [XML])
        assert bar.content_type == XML


async def test_a_key_typed_at_launch_lands_in_the_url_field(tui_app) -> None:  # type: ignore[no-untyped-def]
    """The URL field has the focus from the first frame: a key pressed as the app starts,
    before the rest has mounted, is typed there and not lost (it once was, when the first
    focus waited for the first frame to be done)."""
    app = tui_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        await app.ready.wait()
        await pilot.pause()
        assert app.focused is app.query_one("#url")
        assert app.query_one("#url").value.endswith("x")


def test_the_ui_command_collects_rarely_before_it_loads_the_app(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """``smarthook`` (the UI) raises the young generation's threshold before it imports the
    app and Textual with it: loading them set off some seventy young collections."""
    from smarthook.tui import app as app_module
    from smarthook.tui import collector
    from smarthook.tui.cli import main

    usual = gc.get_threshold()
    seen: list[tuple[int, ...]] = []
    monkeypatch.setattr(app_module, "run", lambda *_, **__: seen.append(gc.get_threshold()) or 0)
    try:
        assert main([]) == 0
    finally:
        collector.thaw()
    assert seen == [(collector.STARTING_THRESHOLD, *usual[1:])]
    assert gc.get_threshold() == usual


async def test_the_problem_list_comes_after_the_first_frame() -> None:
    """The preview's problems show as text in their box until the app mounts the list (an
    OptionList: costly to style); the list then holds the same lines, under the same title
    and count, in the one box with that id."""
    from textual.widgets import OptionList, Static

    from smarthook.core.preset import open_preset
    from smarthook.tui.preview_pane import PreviewPane

    preset, _ = open_preset("local-demo")

    app = pane_app()
    async with app.run_test() as pilot:
        pane = app.query_one(PreviewPane)
        pane.update_from(preset._replace(template='{"x": %nope%}'))
        await pilot.pause()
        box = app.query_one("#problems", Static)
        lines = str(box.render()).split("\n")
        assert lines[0].startswith("✘ body:1:7: not valid JSON")
        assert "⚠ template:1:7: %nope% is not a parameter" in lines[1]
        assert box.border_subtitle == "1 error, 5 warnings" and not box.has_class("-empty")
        await pane.mount_problem_list()
        await pilot.pause()
        problems = app.query_one("#problems", OptionList)
        assert [str(option.prompt) for option in problems.options] == lines
        assert problems.border_title == "Problems"
        assert problems.border_subtitle == box.border_subtitle
        assert len(app.query("#problems")) == 1
        pane.update_from(preset)  # and on: the list follows the edits
        await pilot.pause()
        assert [str(option.prompt) for option in problems.options] == [
            "✔ no problems: the body parses"
        ]
        assert problems.has_class("-empty") and not problems.border_subtitle


async def test_the_problem_box_says_nothing_before_the_first_draft() -> None:
    """A large preset is drafted in a thread: until its draft lands, the box (text or list)
    is empty; it does not say there are no problems before the check has run."""
    from textual.widgets import OptionList, Static

    from smarthook.tui.preview_pane import PreviewPane

    app = pane_app()
    async with app.run_test() as pilot:
        pane = app.query_one(PreviewPane)
        assert str(app.query_one("#problems", Static).render()) == ""
        await pane.mount_problem_list()
        await pilot.pause()
        assert app.query_one("#problems", OptionList).option_count == 0


def pane_app():  # type: ignore[no-untyped-def]
    """An app holding only the preview pane (with its problem box)."""
    from textual.app import App, ComposeResult

    from smarthook.tui.preview_pane import PreviewPane

    class Pane(App[None]):
        def compose(self) -> ComposeResult:
            yield PreviewPane(id="preview")

    return Pane()
