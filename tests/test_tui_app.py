"""Behaviour of the terminal UI, driven through Textual's Pilot."""

import io
import json

from rich.console import Console
from textual.widgets import Input, OptionList, Select
from textual.worker import WorkerCancelled

from endpoint import Answer, Endpoint, free_port
from smarthook.core import preset as presets
from smarthook.core.notification import Notification, Party
from smarthook.core.webhook import JSON, XML
from smarthook.tui.app import SmarthookApp
from smarthook.tui.body_preview import BodyPreview
from smarthook.tui.dialogs import (
    ConfirmDialog,
    PartyDialog,
    PasteDialog,
    QuitDialog,
    SaveAsDialog,
)
from smarthook.tui.party_table import PartyTable
from smarthook.tui.preset_picker import PresetPicker
from smarthook.tui.response_view import ResponseView
from smarthook.tui.template_editor import TemplateEditor
from waiting import until


def preview_text(app: SmarthookApp) -> str:
    return app.query_one(BodyPreview).text


def response_text(app: SmarthookApp) -> str:
    static = app.query_one(ResponseView).query_one("#response")
    return str(static.render())


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait for the workers; one that a newer edit cancelled is not a failure."""
    for _ in range(20):
        try:
            await pilot.app.workers.wait_for_complete()
            break
        except WorkerCancelled:
            continue
    await pilot.pause()


async def test_the_preview_shows_the_expanded_body_at_start(tui_app) -> None:
    app = tui_app()
    async with app.run_test():
        body = json.loads(preview_text(app))
        assert body["newSmartNumber"] == "15551231234"
        assert [party["username"] for party in body["interestedParties"]] == ["eric", "madelaine"]


async def test_typing_in_a_field_changes_the_preview(tui_app) -> None:
    app = tui_app()
    async with app.run_test() as pilot:
        app.query_one("#new_smart_number", Input).value = ""
        await pilot.click("#new_smart_number")
        await pilot.press(*"4420", '"')
        await pilot.pause()
        assert json.loads(preview_text(app))["newSmartNumber"] == '4420"'
        assert app.dirty and app.title.endswith("*")


async def test_typing_in_the_template_changes_the_preview(tui_app) -> None:
    app = tui_app()
    async with app.run_test() as pilot:
        editor = app.query_one(TemplateEditor)
        editor.load_text('{"n": "%new_smart_number%", "x": %oops%}')
        editor.focus()
        editor.move_cursor((0, 2))
        await pilot.press("m")
        await pilot.pause()
        assert preview_text(app) == '{"mn": "15551231234", "x": %oops%}'
        labels = [str(option.prompt) for option in app.query_one("#problems", OptionList).options]
        assert any("%oops% is not a parameter" in label for label in labels)
        assert any("not valid JSON" in label for label in labels)


async def test_adding_editing_and_removing_parties(tui_app) -> None:
    app = tui_app()
    async with app.run_test() as pilot:
        await pilot.app.ready.wait()  # the party table mounts after the first frame
        table = app.query_one(PartyTable)
        table.table.focus()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, PartyDialog)
        await pilot.press(*"zoe", "enter", *"zoes_ipad", "enter")
        await pilot.pause()
        assert table.parties[-1] == Party("zoe", "zoes_ipad")
        assert json.loads(preview_text(app))["interestedParties"][-1] == {
            "username": "zoe",
            "device": "zoes_ipad",
        }
        await pilot.press("e")
        await pilot.pause()
        device = app.screen.query_one("#device", Input)
        device.value = "zoes_phone"
        device.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert table.parties[-1] == Party("zoe", "zoes_phone")
        table.table.move_cursor(row=0)
        await pilot.press("d")
        await pilot.pause()
        assert [party.username for party in table.parties] == ["madelaine", "zoe"]
        assert table.table.row_count == 2
        usernames = [p["username"] for p in json.loads(preview_text(app))["interestedParties"]]
        assert usernames == ["madelaine", "zoe"]


async def test_pasting_several_party_lines(tui_app) -> None:
    app = tui_app(notification=Notification("1", "n", "u"))
    async with app.run_test() as pilot:
        await pilot.app.ready.wait()  # the party table mounts after the first frame
        table = app.query_one(PartyTable)
        table.table.focus()
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PasteDialog)
        app.screen.query_one("#lines").load_text("ann\tphone one\nbob, phone two\n")
        await pilot.click("#add")
        await pilot.pause()
        assert table.parties == (Party("ann", "phone one"), Party("bob", "phone two"))
        # A terminal paste straight into the table works too.
        from textual import events

        table.table.post_message(events.Paste("cat,tablet\n\ndan\tdesk"))
        await pilot.pause()
        assert [party.username for party in table.parties] == ["ann", "bob", "cat", "dan"]
        assert len(json.loads(preview_text(app))["interestedParties"]) == 4


async def test_a_bad_pasted_line_adds_nothing_and_says_which(tui_app) -> None:
    app = tui_app()
    async with app.run_test() as pilot:
        await pilot.app.ready.wait()  # the party table mounts after the first frame
        app.query_one(PartyTable).table.focus()
        await pilot.press("p")
        await pilot.pause()
        app.screen.query_one("#lines").load_text("ann,phone\nbob")
        await pilot.click("#add")
        await pilot.pause()
        assert isinstance(app.screen, PasteDialog)
        assert "line 2" in str(app.screen.query_one(".error").render())


async def test_switching_the_content_type_re_renders(tui_app, endpoint: Endpoint) -> None:
    app = tui_app("docs-xml", url=endpoint.url())
    async with app.run_test() as pilot:
        await app.ready.wait()  # the content type's Select mounts after the first frame
        assert preview_text(app).startswith("<")
        assert "<list><party>" in preview_text(app).replace("\n", "").replace(" ", "")
        app.query_one("#content-type", Select).value = JSON
        # The template is still the documentation's XML example: the JSON one is offered.
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("n")
        await until(pilot, lambda: not isinstance(app.screen, ConfirmDialog))
        labels = [str(option.prompt) for option in app.query_one("#problems", OptionList).options]
        assert any("not valid JSON" in label for label in labels)
        await pilot.press("ctrl+j")  # the XML body fails its JSON check: asked first
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await until(pilot, lambda: len(endpoint.received) == 1)
        assert ("Content-Type", JSON) in endpoint.received[0].headers
        assert endpoint.received[0].body.startswith(b"<")
        app.query_one("#content-type", Select).value = XML
        await until(pilot, lambda: not app.dirty)
        assert app.query_one(TemplateEditor).content_type == XML


async def test_the_documented_template_is_offered_for_the_new_type(tui_app) -> None:
    app = tui_app("docs-xml")
    async with app.run_test() as pilot:
        await app.ready.wait()  # the content type's Select mounts after the first frame
        app.query_one("#content-type", Select).value = JSON
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await until(pilot, lambda: preview_text(app).startswith("{"))
        assert app.query_one(TemplateEditor).text == presets.open_preset("docs-json")[0].template
        assert json.loads(preview_text(app))["networkId"]


async def test_choosing_a_problem_moves_the_editor_cursor(tui_app) -> None:
    app = tui_app(template='{\n  "n": "%new_smart_number%",\n  "x": %nope%\n}\n')
    async with app.run_test() as pilot:
        await app.ready.wait()  # the list mounts after the first frame (text until then)
        problems = app.query_one("#problems", OptionList)
        labels = [str(option.prompt) for option in problems.options]
        index = next(i for i, label in enumerate(labels) if "%nope%" in label)
        problems.focus()
        problems.highlighted = index
        await pilot.press("enter")
        await pilot.pause()
        editor = app.query_one(TemplateEditor)
        assert editor.has_focus
        assert editor.cursor_location == (2, 7)


async def test_ctrl_j_against_a_204_shows_accepted(tui_app, endpoint: Endpoint) -> None:
    app = tui_app(url=endpoint.url())
    async with app.run_test() as pilot:
        await pilot.press("ctrl+j")
        await settle(pilot)
        text = response_text(app)
        assert "accepted: Cloud Softphone counts the notification as delivered" in text
        assert "204 No Content" in text
        assert len(endpoint.received) == 1
        assert json.loads(endpoint.received[0].body)["networkId"] == "mynetwork"


async def test_a_200_shows_the_ignored_verdict(tui_app, endpoint: Endpoint) -> None:
    endpoint.answer = Answer(status=200, reason="OK", body=b"thanks")
    app = tui_app(url=endpoint.url())
    async with app.run_test() as pilot:
        app.query_one(TemplateEditor).focus()  # ctrl+j works from the editor too
        await pilot.press("ctrl+j")
        await settle(pilot)
        text = response_text(app)
        assert "ignored" in text and "answer 204 No Content instead of 200" in text
        assert "thanks" in text
        assert app.query_one(ResponseView).has_class("-ignored")


async def test_a_refused_port_shows_the_transport_failure(tui_app) -> None:
    app = tui_app(url=f"http://127.0.0.1:{free_port()}/hook")
    async with app.run_test() as pilot:
        await pilot.press("ctrl+j")
        await settle(pilot)
        text = response_text(app)
        assert "no answer (connection refused)" in text
        assert app.query_one(ResponseView).has_class("-failed")


async def test_a_bad_url_is_shown_not_raised(tui_app) -> None:
    app = tui_app(url="ftp://example.com/hook")
    async with app.run_test() as pilot:
        await pilot.press("ctrl+j")
        await settle(pilot)
        assert "must start with http:// or https://" in response_text(app)
        labels = [str(option.prompt) for option in app.query_one("#problems", OptionList).options]
        assert any(label.startswith("✘ url") for label in labels)


async def test_a_body_that_fails_its_check_asks_first(tui_app, endpoint: Endpoint) -> None:
    app = tui_app(url=endpoint.url(), template='{"n": "%new_smart_number%",}')
    async with app.run_test() as pilot:
        await pilot.press("ctrl+j")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot)
        assert endpoint.received == []
        assert "not sent" in response_text(app)
        await pilot.press("ctrl+j")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert endpoint.received[0].body == b'{"n": "15551231234",}'
        assert "accepted" in response_text(app)


async def test_escape_cancels_a_send_in_flight(tui_app, endpoint: Endpoint) -> None:
    endpoint.answer = Answer(delay=3)
    app = tui_app(url=endpoint.url())
    async with app.run_test() as pilot:
        await pilot.press("ctrl+j")
        await until(pilot, lambda: "Sending" in response_text(app))
        assert app.sending
        await pilot.press("escape")
        await settle(pilot)
        assert not app.sending
        assert "Cancelled" in response_text(app)


async def test_a_second_send_replaces_the_first(tui_app, endpoint: Endpoint) -> None:
    endpoint.answer = Answer(delay=0.5)
    app = tui_app(url=endpoint.url())
    async with app.run_test() as pilot:
        await pilot.press("ctrl+j")
        await until(pilot, lambda: len(endpoint.received) == 1)
        app.query_one("#network_id", Input).value = "second"
        await pilot.press("ctrl+j")
        await settle(pilot)
        assert "accepted" in response_text(app)
        assert not app.sending
        assert json.loads(endpoint.received[-1].body)["networkId"] == "second"


async def test_ctrl_j_in_a_dialog_does_not_send(tui_app, endpoint: Endpoint) -> None:
    app = tui_app(url=endpoint.url())
    async with app.run_test() as pilot:
        await pilot.press("f1")
        await pilot.pause()
        await pilot.press("ctrl+j")
        await settle(pilot)
        assert endpoint.received == []


async def test_quitting_with_unsaved_changes_asks_first(tui_app) -> None:
    app = tui_app()
    async with app.run_test() as pilot:
        app.query_one("#network_id", Input).value = "othernet"
        await pilot.pause()
        assert app.dirty
        assert "unsaved changes" in app.sub_title
        await pilot.press("ctrl+q")
        await until(pilot, lambda: isinstance(app.screen, QuitDialog))
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running and not isinstance(app.screen, QuitDialog)
        await pilot.press("ctrl+q")
        await until(pilot, lambda: isinstance(app.screen, QuitDialog))
        await pilot.press("q")
        await until(pilot, lambda: not app.is_running)
    assert app.return_code == 0


async def test_quitting_without_changes_does_not_ask(tui_app) -> None:
    app = tui_app()
    async with app.run_test() as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


async def test_opening_another_preset_with_unsaved_changes_asks_first(tui_app) -> None:
    app = tui_app()
    async with app.run_test() as pilot:
        app.query_one("#network_id", Input).value = "othernet"
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert app.query_one("#network_id", Input).value == "othernet"
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, PresetPicker)
        keys = [found.key for found in presets.available()]
        app.screen.query_one(OptionList).highlighted = keys.index("docs-xml")
        await pilot.press("enter")
        await until(pilot, lambda: app.query_one("#content-type", Select).value == XML)
        assert app.saved.name == "Docs example (XML)"
        assert not app.dirty
        # The border names the file ctrl+s would write, at once, with nothing edited.
        endpoint = app.query_one("#endpoint")
        assert str(endpoint.border_title) == "Docs example (XML)"
        assert str(endpoint.border_subtitle) == "shipped: docs-xml.toml"
        assert preview_text(app).startswith("<")


async def test_save_as_and_reopen_round_trips(tui_app, user_config) -> None:
    app = tui_app()
    async with app.run_test() as pilot:
        await pilot.app.ready.wait()  # the party table mounts after the first frame
        app.query_one("#url", Input).value = "https://hooks.example.org/new"
        app.query_one("#new_smart_uri", Input).value = "ann@example.org"
        app.query_one(PartyTable).add([Party("zoe", "zoes_ipad")])
        await pilot.pause()
        edited = app.current_preset()
        await pilot.press("ctrl+s")  # a shipped preset is saved as a user preset
        await pilot.pause()
        assert isinstance(app.screen, SaveAsDialog)
        app.screen.query_one(Input).value = "mine"
        await pilot.press("enter")
        await pilot.pause()
        assert not app.dirty
        assert app.sub_title == "user: mine.toml"
        saved = presets.load(str(user_config / "mine.toml"))
        # The saved file holds what was typed, and its name is the file's (not "Local demo").
        assert saved == edited._replace(name="mine")
        text = (user_config / "mine.toml").read_text()
        assert 'Url = "https://hooks.example.org/new"' in text and "zoes_ipad" in text

    reopened = tui_app("mine")
    async with reopened.run_test():
        assert reopened.current_preset() == edited._replace(name="mine")
        assert not reopened.dirty


async def test_save_as_over_an_existing_preset_asks_first(tui_app, user_config) -> None:
    app = tui_app()
    async with app.run_test() as pilot:
        for attempt in range(2):
            app.query_one("#network_id", Input).value = f"net{attempt}"
            await until(pilot, lambda: app.dirty)
            await pilot.press("f2")
            await until(pilot, lambda: isinstance(app.screen, SaveAsDialog))
            app.screen.query_one(Input).value = "twice"
            await pilot.press("enter")
            await until(pilot, lambda: not isinstance(app.screen, SaveAsDialog))
        assert isinstance(app.screen, ConfirmDialog)
        before = (user_config / "twice.toml").read_bytes()
        await pilot.press("n")  # keep it: back to the name, the file untouched
        await until(pilot, lambda: isinstance(app.screen, SaveAsDialog))
        assert (user_config / "twice.toml").read_bytes() == before
        assert presets.load(str(user_config / "twice.toml")).notification.network_id == "net0"
        app.screen.query_one(Input).value = "other"
        await pilot.press("enter")
        await until(pilot, lambda: not app.dirty)
        assert presets.load(str(user_config / "other.toml")).notification.network_id == "net1"
        await pilot.press("f2")
        await until(pilot, lambda: isinstance(app.screen, SaveAsDialog))
        app.screen.query_one(Input).value = "twice"
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await until(pilot, lambda: app.sub_title == "user: twice.toml")
        assert presets.load(str(user_config / "twice.toml")).notification.network_id == "net1"


async def test_saving_as_a_shipped_name_warns_and_the_picker_says_hidden(
    tui_app, user_config
) -> None:
    app = tui_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f2")
        await until(pilot, lambda: isinstance(app.screen, SaveAsDialog))
        app.screen.query_one(Input).value = "docs-json"
        await until(pilot, lambda: "hide" in str(app.screen.query_one(".warning").render()))
        await pilot.press("enter")
        await until(pilot, lambda: (user_config / "docs-json.toml").exists())
        await pilot.press("ctrl+o")
        await until(pilot, lambda: isinstance(app.screen, PresetPicker))
        console = Console(width=100, record=True, file=io.StringIO())
        for option in app.screen.query_one(OptionList).options:
            console.print(option.prompt)
        shown = console.export_text()
        assert "docs-json" in shown and "hidden by yours" in shown


async def test_a_typed_url_is_where_the_send_goes_and_what_is_saved(
    tui_app, endpoint: Endpoint, user_config
) -> None:
    app = tui_app(url="http://127.0.0.1:1/nowhere")
    async with app.run_test() as pilot:
        await app.ready.wait()
        url = app.query_one("#url", Input)
        url.value = ""
        url.focus()
        await pilot.press(*endpoint.url("/typed/path"))
        await pilot.press("ctrl+j")
        await until(pilot, lambda: len(endpoint.received) == 1)
        assert endpoint.received[0].request_line == "POST /typed/path HTTP/1.1"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, SaveAsDialog))
        app.screen.query_one(Input).value = "typed"
        await pilot.press("enter")
        await until(pilot, lambda: (user_config / "typed.toml").exists())
    assert presets.load(str(user_config / "typed.toml")).url == endpoint.url("/typed/path")


async def test_ctrl_s_saves_a_user_preset_in_place(tui_app, user_config) -> None:
    preset, _ = presets.open_preset("local-demo")
    user_config.mkdir(parents=True)
    presets.save(preset, str(user_config / "own.toml"))
    app = tui_app("own")
    async with app.run_test() as pilot:
        app.query_one("#network_id", Input).value = "changed"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.dirty
    assert presets.load(str(user_config / "own.toml")).notification.network_id == "changed"


async def test_the_request_modal_shows_the_wire_and_copies_curl(tui_app) -> None:
    from smarthook.tui.request_dialog import RequestDialog

    app = tui_app()
    copied: list[str] = []
    app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
    async with app.run_test() as pilot:
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, RequestDialog)
        wire = app.screen.query_one("#wire").text
        assert wire.startswith("POST /smartcontactnotification HTTP/1.1\nHost: 127.0.0.1:8204\n")
        assert "Content-Type: application/json" in wire
        await pilot.press("c")
        await pilot.pause()
        assert copied and "\ncurl --http1.1 --request POST" in copied[0]
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, RequestDialog)


async def test_f1_shows_keys_and_placeholders(tui_app) -> None:
    from smarthook.tui.help_screen import HelpScreen

    app = tui_app()
    async with app.run_test() as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("Static").render())
        assert "ctrl+j" in text and "%interestedParties%" in text


async def test_ten_thousand_parties_render_in_a_worker(tui_app) -> None:
    parties = tuple(Party(f"user{i}", f"device{i}") for i in range(10_000))
    app = tui_app(notification=Notification("1", "n", "u", parties))
    async with app.run_test() as pilot:
        await settle(pilot)
        assert len(app.query_one(BodyPreview).lines) > 40_000
        app.query_one("#network_id", Input).value = "big"
        await settle(pilot)
        assert '"networkId" : "big"' in preview_text(app)[:200]


async def test_a_first_keystroke_does_not_replace_the_url(tui_app) -> None:
    app = tui_app()
    async with app.run_test() as pilot:
        url = app.query_one("#url", Input)
        url.focus()
        await pilot.pause()
        await pilot.press("x")
        assert url.value.startswith("http://127.0.0.1:8204/") and "x" in url.value
