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
