"""The terminal UI: one screen to compose, preview, send and read the verdict."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, ClassVar
from urllib.parse import urlsplit

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import MountError
from textual.widgets import Footer, Input, Label, Select, Static

from ..core import preset as presets
from ..core.describe import preset_origin
from ..core.draft import Draft, is_large, make_draft
from ..core.notification import Notification
from ..core.preset import Preset
from ..core.problems import CONTENT_TYPE, PARTIES, TEMPLATE, URL, InputError
from ..core.request import WebhookRequest
from ..core.verdict import EXIT_BAD_INPUT
from ..core.webhook import CONTENT_TYPES, FIELD_LABELS, SCALAR_PARAMETERS
from .answer_area import AnswerArea
from .body_preview import BodyPreview
from .party_table import PartyTable
from .preview_pane import PreviewPane
from .template_editor import TemplateEditor

if TYPE_CHECKING:
    from .receiver_panel import ReceiverPanel


class SmarthookApp(App[int]):
    """Compose the webhook, watch the body expand, send it and read the verdict."""

    CSS_PATH = os.path.join(os.path.dirname(__file__), "smarthook.tcss")
    TITLE = "smarthook"
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-short"), (32, "-tall")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+j", "send", "Send", priority=True),
        Binding("escape", "cancel_send", "Cancel send"),
        Binding("ctrl+r", "show_request", "Request"),
        Binding("f5", "copy_curl", "Copy curl", tooltip="Copy the request as a curl command"),
        Binding("ctrl+o", "open_preset", "Open"),
        Binding("ctrl+s", "save", "Save"),
        Binding("f2", "save_as", "Save as"),
        Binding("f6", "toggle_receiver", "Receiver", tooltip="Switch the local receiver on or off"),
        Binding(
            "f7",
            "next_answer",
            "Answer",
            tooltip="Cycle the receiver's answer: 204, 200, 500, slow",
        ),
        Binding("f1", "help", "Help"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    #: A send is in flight (escape cancels it).
    sending = reactive(False, bindings=True)
    #: The screen differs from the preset as last opened or saved.
    dirty = reactive(False)

    def __init__(
        self,
        preset: Preset,
        path: str | None = None,
        start_receiver: bool = True,
        cursor_blink: bool = True,
    ) -> None:
        super().__init__()
        self.saved = preset
        self.path = path
        self.start_receiver = start_receiver
        self.cursor_blink = cursor_blink
        #: Set once everything is mounted (see _mount_the_rest).
        self.ready = asyncio.Event()

    # -- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        preset = self.saved
        # No Header: the preset's name and state stand in the endpoint's border (_show_title),
        # which leaves one more row for the work at 80x24 and mounts faster.
        with Horizontal(id="endpoint"):
            yield Label("URL")
            # No select-on-focus: a stray key must not replace the whole URL or value.
            yield Input(
                preset.url, id="url", compact=True, placeholder="https://…", select_on_focus=False
            )
            yield Label("content type")
            yield Select(
                _content_type_options(preset.content_type),
                value=preset.content_type,
                allow_blank=False,
                id="content-type",
                compact=True,
            )
        with Horizontal(id="main"):
            with Vertical(id="compose"):
                with Horizontal(id="notification") as notification:
                    notification.border_title = "Notification"
                    yield Static("\n".join(FIELD_LABELS[name] for name in SCALAR_PARAMETERS))
                    with Vertical():
                        for name, value in preset.notification.scalars().items():
                            yield Input(value, id=name, compact=True, select_on_focus=False)
                parties = PartyTable(preset.notification.interested_parties, id="parties")
                parties.border_title = "Interested parties"
                yield parties
                editor = TemplateEditor(preset.template, preset.content_type, id="template")
                editor.border_title = "Template"
                yield editor
            with Vertical(id="results"):
                yield PreviewPane(id="preview")
                # The answer area comes after the first frame (see _mount_answer).
        yield Footer()

    def on_mount(self) -> None:
        if not self.cursor_blink:
            for widget in self.query("Input, TextArea"):
                widget.cursor_blink = False  # type: ignore[attr-defined]
        self._show_title()
        self._edited()
        self.call_after_refresh(self._mount_the_rest)

    # -- the answer area: response and receiver -------------------------------------------

    async def _mount_the_rest(self) -> None:
        """Once the preview is on screen: the party table's rows, the response and receiver.

        The first frame does without the costliest widgets, which show nothing a user could
        act on before the next frame anyway, and so it comes sooner.
        """
        from ..core.receiver_server import DEFAULT_PORT  # uvicorn: not before the first frame

        port = loopback_port(self.saved.url) or DEFAULT_PORT
        area = AnswerArea(port, self._template_for_receiver, self.start_receiver, id="answer-area")
        try:
            await self.query_one(PartyTable).mount_table()
            await self.query_one("#results").mount(area)
        except (MountError, NoMatches):
            return  # the app is closing before its first frame settled
        self.ready.set()

    async def answer_area(self) -> AnswerArea:
        """The answer area, once mounted (right after the first frame)."""
        await self.ready.wait()
        return self.query_one(AnswerArea)

    def _template_for_receiver(self) -> tuple[str, str]:
        """The receiver reads each arrival back through the template as it is on screen."""
        preset = self.current_preset()
        return preset.template, preset.content_type

    def on_receiver_panel_state_changed(self, event: ReceiverPanel.StateChanged) -> None:
        """Say so when the receiver listens elsewhere than the loopback URL points."""
        url = self.query_one("#url", Input).value
        aimed = loopback_port(url)
        listening = event.port
        if event.state == "failed":
            self.notify(event.reason, title="Receiver not started", severity="error", markup=False)
        elif event.running and aimed and aimed != listening:
            self.notify(
                f"The receiver listens on port {listening}, but the URL points at port {aimed}: "
                f"change the URL to reach it.",
                title="Receiver",
                severity="warning",
                timeout=8,
            )

    async def action_toggle_receiver(self) -> None:
        (await self.answer_area()).toggle_receiver()

    async def action_next_answer(self) -> None:
        label = (await self.answer_area()).next_answer()
        if label is not None:
            self.notify(f"The receiver now answers {label}.", title="Receiver")

    # -- the preset on screen --------------------------------------------------------------

    def current_preset(self) -> Preset:
        """The preset as the screen holds it now."""
        scalars = [self.query_one(f"#{name}", Input).value for name in SCALAR_PARAMETERS]
        notification = Notification(*scalars, self.query_one(PartyTable).parties)
        return self.saved._replace(
            url=self.query_one("#url", Input).value,
            content_type=str(self.query_one("#content-type", Select).value),
            template=self.query_one(TemplateEditor).text,
            notification=notification,
        )

    def load(self, preset: Preset, path: str | None) -> None:
        """Put a preset on screen: it becomes the saved state."""
        self.saved, self.path = preset, path
        self.query_one("#url", Input).value = preset.url
        select: Select[str] = self.query_one("#content-type", Select)
        select.set_options(_content_type_options(preset.content_type))
        select.value = preset.content_type
        for name, value in preset.notification.scalars().items():
            self.query_one(f"#{name}", Input).value = value
        self.query_one(PartyTable).set_parties(preset.notification.interested_parties)
        editor = self.query_one(TemplateEditor)
        editor.content_type = preset.content_type
        editor.load_text(preset.template)
        self._edited()

    @on(Input.Changed, "#endpoint Input, #notification Input")
    @on(TemplateEditor.Changed, "#template")
    @on(PartyTable.Changed)
    def _edited(self) -> None:
        preset = self.current_preset()
        self.query_one(PreviewPane).update_from(preset)
        self.dirty = preset != self.saved

    @on(Select.Changed, "#content-type")
    def _content_type_changed(self, event: Select.Changed) -> None:
        self.query_one(TemplateEditor).content_type = str(event.value)
        self._edited()

    def watch_dirty(self) -> None:
        self._show_title()

    def _show_title(self) -> None:
        name = self.saved.name or (os.path.basename(self.path) if self.path else "new preset")
        self.title = f"{name} *" if self.dirty else name
        origin = preset_origin(self.path)
        if origin in (presets.SHIPPED, presets.USER):
            origin = f"{origin}: {os.path.basename(self.path or '')}"
        self.sub_title = f"{origin} · unsaved changes" if self.dirty else origin
        endpoint = self.query_one("#endpoint")
        endpoint.border_title = self.title
        endpoint.border_subtitle = self.sub_title

    # -- problems --------------------------------------------------------------------------

    @on(PreviewPane.ProblemChosen)
    def _go_to_problem(self, event: PreviewPane.ProblemChosen) -> None:
        problem = event.problem
        editor = self.query_one(TemplateEditor)
        if problem.template_line:
            editor.move_to(problem.template_line, problem.template_column)
            return
        place = problem.where
        if place == TEMPLATE:
            if problem.line:
                editor.move_to(problem.line, problem.column)
            else:
                editor.focus()
        elif place == URL:
            url = self.query_one("#url", Input)
            url.focus()
            url.cursor_position = max(problem.column - 1, 0)
        elif place.kind == "field" and place.name in SCALAR_PARAMETERS:
            self.query_one(f"#{place.name}", Input).focus()
        elif place == CONTENT_TYPE:
            self.query_one("#content-type", Select).focus()
        elif place.kind == "party":
            parties = self.query_one(PartyTable)
            parties.table.move_cursor(row=place.number - 1)
            parties.table.focus()
        elif place == PARTIES:
            self.query_one(PartyTable).table.focus()
        elif problem.line:
            preview = self.query_one(BodyPreview)
            preview.scroll_to(y=max(problem.line - 3, 0), animate=False)
            preview.focus()

    # -- sending ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "send" and len(self.screen_stack) > 1:
            return False  # a dialog is open: ctrl+j belongs to it
        if action == "cancel_send":
            return self.sending
        return True

    async def action_send(self) -> None:
        self.sending = True
        (await self.answer_area()).send(self._draft_now)

    async def action_cancel_send(self) -> None:
        (await self.answer_area()).cancel_send()

    @on(AnswerArea.SendingChanged)
    def _sending_changed(self, event: AnswerArea.SendingChanged) -> None:
        self.sending = event.sending

    async def _draft_now(self) -> Draft:
        """The draft of the screen as it is: the preview's, or a fresh one."""
        preset = self.current_preset()
        shown = self.query_one(PreviewPane).draft
        if shown is not None and shown.preset == preset:
            return shown
        if is_large(preset):
            return await asyncio.to_thread(make_draft, preset)
        return make_draft(preset)

    # -- the request -----------------------------------------------------------------------

    async def _request_or_say_why(self) -> WebhookRequest | None:
        draft = await self._draft_now()
        if draft.blocker is not None:
            self.notify(str(draft.blocker), title="No request to show", severity="error")
        return draft.request

    async def action_show_request(self) -> None:
        from .request_dialog import RequestDialog

        request = await self._request_or_say_why()
        if request is not None:
            self.push_screen(RequestDialog(request))

    async def action_copy_curl(self) -> None:
        request = await self._request_or_say_why()
        if request is not None:
            self.copy_to_clipboard(request.curl(self.current_preset().timeout))
            self.notify("The request is on the clipboard as a curl command.", title="Copied")

    # -- presets ---------------------------------------------------------------------------

    async def _discard_ok(self, doing: str) -> bool:
        from .dialogs import ConfirmDialog

        if not self.dirty:
            return True
        question = f"The preset has unsaved changes. {doing} and lose them?"
        return bool(await self.push_screen_wait(ConfirmDialog(question, doing, "Keep editing")))

    @work(exclusive=True, group="dialog")
    async def action_open_preset(self) -> None:
        from .preset_picker import PresetPicker

        if not await self._discard_ok("Open another preset"):
            return
        path = await self.push_screen_wait(PresetPicker())
        if path is None:
            return
        try:
            preset = presets.load(path)
        except InputError as exc:
            self.notify(str(exc.problem), title="Cannot open", severity="error")
            return
        self.load(preset, path)

    @work(exclusive=True, group="dialog")
    async def action_save(self) -> None:
        if self.path is None or preset_origin(self.path) == presets.SHIPPED:
            await self._save_as()
        else:
            self._write(self.path, overwrite=True)

    @work(exclusive=True, group="dialog")
    async def action_save_as(self) -> None:
        await self._save_as()

    async def _save_as(self) -> None:
        from .dialogs import ConfirmDialog, SaveAsDialog

        suggested = os.path.basename(self.path or "").removesuffix(presets.SUFFIX)
        folder = presets.user_folder()
        name = await self.push_screen_wait(SaveAsDialog(_shortened(folder), suggested))
        if name is None:
            return
        path = os.path.join(folder, name + presets.SUFFIX)
        overwrite = False
        if os.path.exists(path):
            question = f"A user preset called {name} already exists. Replace it?"
            if not await self.push_screen_wait(ConfirmDialog(question, "Replace", "Keep it")):
                return
            overwrite = True
        self._write(path, overwrite)

    def _write(self, path: str, overwrite: bool) -> None:
        preset = self.current_preset()
        try:
            presets.save(preset, path, overwrite=overwrite)
        except InputError as exc:
            self.notify(str(exc.problem), title="Not saved", severity="error")
            return
        self.saved, self.path = preset, path
        self.dirty = False
        self._show_title()
        self.notify(f"Saved as {preset_origin(path)}: {os.path.basename(path)}", title="Saved")

    # -- the rest --------------------------------------------------------------------------

    def action_help(self) -> None:
        from .help_screen import HelpScreen

        self.push_screen(HelpScreen())

    async def action_quit(self) -> None:
        from .dialogs import ConfirmDialog

        if not self.dirty:
            self.exit(0)
            return

        def answered(quit_anyway: bool | None) -> None:
            if quit_anyway:
                self.exit(0)

        question = "The preset has unsaved changes. Quit and lose them?"
        self.push_screen(ConfirmDialog(question, "Quit", "Keep editing"), answered)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The command palette lists every action of the screen with its key."""
        yield from super().get_system_commands(screen)
        table = self.query_one(PartyTable)
        actions = [(binding, self) for binding in self.BINDINGS if isinstance(binding, Binding)]
        actions += [(binding, table) for binding in table.BINDINGS if isinstance(binding, Binding)]
        for binding, target in actions:
            if binding.action in ("quit", "cancel_send") or not binding.description:
                continue
            key = binding.key.split(",")[0]
            yield SystemCommand(
                binding.tooltip or binding.description,
                f"{binding.tooltip or binding.description} ({key})",
                _runner(target, binding.action),
            )


def _runner(target: object, action: str) -> Callable[[], object]:
    def run() -> object:
        return getattr(target, f"action_{action}")()

    return run


def loopback_port(url: str) -> int | None:
    """The port of a plain-HTTP loopback URL: where the local receiver should listen for it."""
    parts = urlsplit(url)
    if parts.scheme != "http" or parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        return None
    try:
        return parts.port or 80
    except ValueError:
        return None


def _content_type_options(current: str) -> list[tuple[str, str]]:
    known = list(CONTENT_TYPES)
    if current not in known:
        known.append(current)
    return [(content_type, content_type) for content_type in known]


def _shortened(path: str) -> str:
    home = os.path.expanduser("~")
    return "~" + path[len(home) :] if path.startswith(home + os.sep) else path


def run(argument: str | None) -> int:
    """Open the UI on a preset (the local demo by default); returns the exit status."""
    try:
        preset, path = presets.open_preset(argument or presets.DEMO)
    except InputError as exc:
        print(f"smarthook: {exc.problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    app = SmarthookApp(preset, path, start_receiver=argument is None)
    app.run()
    return app.return_code or 0
