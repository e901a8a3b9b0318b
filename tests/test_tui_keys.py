"""Keys: one action table behind the bindings, the help, the palette and the README; global
keys that win wherever the focus is; dialogs that show their own keys."""

import re

from conftest import REPO
from textual.widgets import Footer, Input, OptionList, Select

from endpoint import Answer, Endpoint, free_port
from smarthook.tui import actions
from smarthook.tui.app import SmarthookApp
from smarthook.tui.dialogs import PasteDialog, QuitDialog
from smarthook.tui.help_screen import HelpScreen, help_text
from smarthook.tui.party_table import PartyTable
from smarthook.tui.preview_pane import PreviewPane
from smarthook.tui.response_view import ResponseView
from smarthook.tui.template_editor import TemplateEditor
from waiting import until

GLOBAL = {"send", "cancel_send", "toggle_receiver", "next_answer", "help", "quit"}


def response_text(app: SmarthookApp) -> str:
    return str(app.query_one(ResponseView).query_one("#response").render())


def test_the_readme_key_table_is_the_action_table() -> None:
    readme = (REPO / "README.md").read_text()
    found = re.search(r"<!-- keys[^>]*-->\n(.*?)\n<!-- /keys -->", readme, re.DOTALL)
    assert found, "the README has no generated key table"
    assert found.group(1) == actions.markdown_table()


def test_the_bindings_and_the_help_come_from_the_table() -> None:
    bound = {binding.action: binding for binding in actions.bindings()}
    assert {binding.action for binding in SmarthookApp.BINDINGS} == set(bound)  # type: ignore[union-attr]
    assert {action for action, binding in bound.items() if binding.priority} == GLOBAL
    text = str(help_text())
    for key in actions.KEYS:
        assert key.shown_keys in text and key.help in text


async def test_the_palette_runs_the_actions_of_the_table(tui_app) -> None:
    app = tui_app()
    copied: list[str] = []
    app.copy_to_clipboard = copied.append
    async with app.run_test() as pilot:
        await app.ready.wait()
        commands = {command.title: command for command in app.get_system_commands(app.screen)}
        for key in actions.KEYS:
            assert (key.help in commands) == (key.in_palette and key.action != "quit")
        await commands["Copy the expanded body (OSC 52)"].callback()
        await pilot.pause()
        assert copied and copied[-1].startswith("{") and '"networkId"' in copied[-1]
        await commands["Copy the portal values: URL, content type, template (OSC 52)"].callback()
        assert copied[-1].startswith("smartContactNotificationUrl\nhttp://127.0.0.1:8204/")
        table = app.query_one(PartyTable)
        table.table.move_cursor(row=0)
        await commands["Remove the party under the cursor"].callback()
        assert [party.username for party in table.parties] == ["madelaine"]


async def test_f6_and_f7_from_the_template_editor_reach_the_receiver(tui_app) -> None:
    app = tui_app(url=f"http://127.0.0.1:{free_port()}/hook")  # not 8204: another may hold it
    async with app.run_test() as pilot:
        area = await app.answer_area()
        area.show_tab("receiver-tab")
        await until(pilot, lambda: area.receiver() is not None)
        app.query_one(TemplateEditor).focus()
        text = app.query_one(TemplateEditor).text
        await pilot.press("f7")
        await pilot.pause()
        answer: Select[str] = app.query_one("#receiver-answer", Select)
        assert answer.value != "accepted"
        await pilot.press("f6")
        await until(pilot, lambda: bool(area.receiver() and area.receiver().running))  # type: ignore[union-attr]
        assert app.query_one(TemplateEditor).text == text  # f6/f7 did not select in the editor
        await pilot.press("f6")
        await until(pilot, lambda: not area.receiver().running)  # type: ignore[union-attr]


async def test_escape_in_the_editor_cancels_a_send(tui_app, endpoint: Endpoint) -> None:
    endpoint.answer = Answer(delay=3)
    app = tui_app(url=endpoint.url())
    async with app.run_test() as pilot:
        await app.ready.wait()
        await pilot.press("ctrl+j")
        await until(pilot, lambda: "Sending" in response_text(app))
        app.query_one(TemplateEditor).focus()
        await pilot.press("escape")
        await until(pilot, lambda: "Cancelled" in response_text(app))
        assert not app.sending


async def test_tab_leaves_the_template_editor_and_says_so(tui_app) -> None:
    app = tui_app()
    async with app.run_test() as pilot:
        editor = app.query_one(TemplateEditor)
        text = editor.text
        editor.focus()
        await pilot.press("tab")
        await pilot.pause()
        assert not editor.has_focus and editor.text == text
        assert "tab" in str(editor.border_subtitle)


async def test_enter_on_the_problems_list_goes_to_the_first_without_arrows(tui_app) -> None:
    app = tui_app(template='{\n  "x": %nope%\n}\n')
    async with app.run_test() as pilot:
        await app.ready.wait()  # the list mounts after the first frame (text until then)
        problems = app.query_one("#problems", OptionList)
        problems.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.query_one(TemplateEditor).has_focus


async def test_the_paste_dialog_shows_its_own_keys(tui_app) -> None:
    app = tui_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await app.ready.wait()
        app.query_one(PartyTable).table.focus()
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, PasteDialog))
        await pilot.pause()
        footer = app.screen.query_one(Footer)
        keys = {binding.key for (_, binding, _, _) in footer.screen.active_bindings.values()}
        assert "ctrl+s" in keys
        assert "Add them (ctrl+s)" in str(app.screen.query_one("#add").render())


async def test_ctrl_q_in_the_quit_dialog_opens_no_second(tui_app) -> None:
    app = tui_app()
    async with app.run_test() as pilot:
        app.query_one("#network_id", Input).value = "othernet"
        await until(pilot, lambda: app.dirty)
        await pilot.press("ctrl+q")
        await until(pilot, lambda: isinstance(app.screen, QuitDialog))
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert sum(isinstance(screen, QuitDialog) for screen in app.screen_stack) == 1
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running and not isinstance(app.screen, QuitDialog)


async def test_save_and_quit_writes_the_file(tui_app, user_config) -> None:
    from smarthook.core import preset as presets

    app = tui_app()
    async with app.run_test() as pilot:
        app.query_one("#network_id", Input).value = "savednet"
        await until(pilot, lambda: app.dirty)
        await pilot.press("ctrl+q")
        await until(pilot, lambda: isinstance(app.screen, QuitDialog))
        await pilot.press("s")  # the demo is shipped: save asks for a name
        await until(pilot, lambda: app.screen.query("#name"))
        app.screen.query_one("#name", Input).value = "kept"
        await pilot.press("enter")
        await until(pilot, lambda: not app.is_running)
    assert presets.load(str(user_config / "kept.toml")).notification.network_id == "savednet"


async def test_help_lists_every_key_and_f1_closes_it(tui_app) -> None:
    app = tui_app()
    async with app.run_test() as pilot:
        app.query_one(TemplateEditor).focus()
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.press("f1")
        await until(pilot, lambda: not isinstance(app.screen, HelpScreen))
        assert app.query_one(PreviewPane)
