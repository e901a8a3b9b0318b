"""Typing in a field does not lay the whole screen out again on every keystroke."""

from textual.widget import Widget
from textual.widgets import Input

from waiting import until


async def test_typing_in_a_notification_field_asks_for_no_layout(tui_app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    layouts: list[str] = []
    refresh = Widget.refresh

    def counting(self: Widget, *regions: object, **options: bool) -> Widget:
        if options.get("layout"):
            layouts.append(type(self).__name__)
        return refresh(self, *regions, **options)  # type: ignore[arg-type]

    app = tui_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await app.ready.wait()
        field = app.query_one("#network_id", Input)
        field.focus()
        await pilot.pause()
        monkeypatch.setattr(Widget, "refresh", counting)
        await pilot.press(*"abcdefghij")
        await until(pilot, lambda: field.value.endswith("abcdefghij"))
        assert layouts == []
        await until(pilot, lambda: '"networkId" : "mynetworkabcdefghij"' in _preview(app))


def _preview(app) -> str:  # type: ignore[no-untyped-def]
    from smarthook.tui.body_preview import BodyPreview

    return "\n".join(app.query_one(BodyPreview).lines)


async def test_an_edited_field_reaches_the_preview_before_the_next_frame(tui_app) -> None:  # type: ignore[no-untyped-def]
    """The app watches the fields' values rather than waiting for ``Input.Changed`` to bubble
    up through six message queues: the frame that echoes a typed key shows the new preview
    with it, instead of one frame (1/60 s) later."""
    app = tui_app()
    async with app.run_test(size=(120, 40)) as pilot:
        area = await app.answer_area()
        for name, key in (("new_smart_number", "newSmartNumber"), ("network_id", "networkId")):
            field = app.query_one(f"#{name}", Input)
            field.value += "7"  # what a key press does; no await, so no message is handled
            assert f'"{key}" : "{field.value}"' in _preview(app)
        # Not closing while the receiver panel mounts (its Select fails then, Textual 8).
        await until(pilot, lambda: (panel := area.receiver()) is not None and panel.is_mounted)


async def test_a_field_with_a_value_is_not_restyled_before_it_is_mounted(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Input marks itself -valid as its value is set, which restyles it even before it is
    mounted; SteadyInput starts with the mark, so building one restyles nothing."""
    from textual.app import App

    from smarthook.tui.steady_input import SteadyInput

    restyled: list[object] = []
    async with App[None]().run_test() as pilot:
        monkeypatch.setattr(
            pilot.app, "update_styles", lambda node, animate=True: restyled.append(node)
        )
        field = SteadyInput("15551231234", id="number")
        assert restyled == []
        assert field.has_class("-valid")
