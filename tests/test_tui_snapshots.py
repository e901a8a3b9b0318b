"""How the main screen and the preset picker look, at two terminal sizes.

Deterministic by construction: a fixed outcome built from core types stands in for a real
send, and preset locations show as "shipped" or "user", never as absolute paths.
"""

from smarthook.core.request import build
from smarthook.core.send import Outcome
from smarthook.core.verdict import judge
from smarthook.core.webhook import DEFAULT_USER_AGENT, JSON

BODY = '{"newSmartNumber": "15551231234"}'

FIXED_OUTCOME = Outcome(
    build("http://127.0.0.1:8204/smartcontactnotification", JSON, BODY, DEFAULT_USER_AGENT),
    judge(204, 0),
    status=204,
    reason="No Content",
    http_version="HTTP/1.1",
    headers=(("Date", "Fri, 27 Nov 2026 12:00:00 GMT"), ("Server", "smarthook-test")),
    elapsed=0.0042,
    timings=(("connect", 0.0003), ("first byte", 0.0038)),
)


async def show_fixed_outcome(pilot) -> None:  # type: ignore[no-untyped-def]
    (await pilot.app.answer_area()).show_outcome(FIXED_OUTCOME)
    await pilot.pause()


def test_main_screen_120x40(snap_compare, tui_app) -> None:
    app = tui_app()
    assert snap_compare(app, terminal_size=(120, 40), run_before=show_fixed_outcome)


def test_main_screen_80x24(snap_compare, tui_app) -> None:
    app = tui_app()
    assert snap_compare(app, terminal_size=(80, 24), run_before=show_fixed_outcome)


def test_main_screen_with_problems_120x40(snap_compare, tui_app) -> None:
    template = '{\n    "number": %new_smart_number%,\n    "who": "%unknown_thing%",\n}\n'
    app = tui_app(template=template)
    assert snap_compare(app, terminal_size=(120, 40))


def test_preset_picker(snap_compare, tui_app) -> None:
    app = tui_app()
    assert snap_compare(app, terminal_size=(120, 40), press=["ctrl+o"])


def test_main_screen_200x50(snap_compare, tui_app) -> None:
    app = tui_app()
    assert snap_compare(app, terminal_size=(200, 50), run_before=show_fixed_outcome)


async def light_with_outcome(pilot) -> None:  # type: ignore[no-untyped-def]
    pilot.app.theme = "textual-light"
    await show_fixed_outcome(pilot)


def test_main_screen_light_theme_120x40(snap_compare, tui_app) -> None:
    app = tui_app()
    assert snap_compare(app, terminal_size=(120, 40), run_before=light_with_outcome)


def test_main_screen_dark_theme_80x24_answer_side(snap_compare, tui_app) -> None:
    app = tui_app()
    assert snap_compare(app, terminal_size=(80, 24), press=["f9"], run_before=show_fixed_outcome)


async def paste_with_problems(pilot) -> None:  # type: ignore[no-untyped-def]
    from smarthook.tui.party_table import PartyTable

    await pilot.app.answer_area()
    pilot.app.query_one(PartyTable).action_paste_parties("ann,phone\nx\ty\tz\na, b ,c\nbob")
    await pilot.pause()
    await pilot.pause()


def test_paste_dialog_with_problems(snap_compare, tui_app) -> None:
    app = tui_app()
    assert snap_compare(app, terminal_size=(100, 30), run_before=paste_with_problems)


def test_quit_dialog(snap_compare, tui_app) -> None:
    app = tui_app(url="http://127.0.0.1:8204/edited")
    app.saved = app.saved._replace(url="http://127.0.0.1:8204/smartcontactnotification")
    assert snap_compare(app, terminal_size=(80, 24), press=["ctrl+q"])
