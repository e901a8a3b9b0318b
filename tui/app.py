"""The terminal UI: one screen to compose, preview, send and read the verdict."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, ClassVar
from urllib.parse import urlsplit

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import MountError, Widget
from textual.widgets import Footer, Input, Label, OptionList, Select, Static

from ..core import preset as presets
from ..core.describe import preset_origin
from ..core.draft import Draft, is_large, make_draft
from ..core.notification import Notification
from ..core.preset import Preset
from ..core.problems import InputError
from ..core.safe_text import safe_line
from ..core.verdict import EXIT_BAD_INPUT
from ..core.webhook import CONTENT_TYPES, FIELD_LABELS, SCALAR_PARAMETERS
from . import actions
from .answer_area import AnswerArea
from .guard import guarded
from .party_table import PartyTable
from .places import go_to
from .preview_pane import PreviewPane
from .template_editor import TemplateEditor

if TYPE_CHECKING:
    from .receiver_panel import ReceiverPanel


class SmarthookApp(App[int]):
    """Compose the webhook, watch the body expand, send it and read the verdict."""

    CSS_PATH = os.path.join(os.path.dirname(__file__), "smarthook.tcss")
    TITLE = "smarthook"
    # Narrow: one column at a time (f9 swaps); normal: two; wide: a third for the answers.
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [
        (0, "-tiny"),
        (72, "-narrow"),
        (100, "-normal"),
        (180, "-wide"),
    ]
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [
        (0, "-cramped"),
        (22, "-short"),
        (32, "-tall"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = list(actions.bindings())

    #: A send is in flight (escape cancels it).
    sending = reactive(False, bindings=True)
    #: The screen differs from the preset as last opened or saved.
    dirty = reactive(False)
    #: Where the local receiver listens when that is not where the URL points (0: no matter).
    receiver_port = reactive(0, bindings=True)

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
            yield Label("content type", id="content-type-label")
            yield Select(
                _content_type_options(preset.content_type),
                value=preset.content_type,
                allow_blank=False,
                id="content-type",
                compact=True,
            )
        yield Static("", id="notice")
        yield Static(
            "The terminal is too small for smarthook: make it at least 72×22.", id="too-small"
        )
        with Grid(id="main"):
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
                editor.tab_behavior = "focus"  # tab moves on, as everywhere else
                editor.border_title = "Template"
                editor.border_subtitle = "tab leaves"
                yield editor
            yield PreviewPane(id="preview")
            # The answer area comes after the first frame (see _mount_the_rest).
        yield Footer(compact=True)

    def on_mount(self) -> None:
        if self.is_headless or not self.cursor_blink:  # tests and snapshots: no blink
            for field in self.query(Input):
                field.cursor_blink = False
            self.query_one(TemplateEditor).cursor_blink = False
        self._show_title()
        self._edited()
        self.call_after_refresh(self._mount_the_rest)

    def action_swap_pane(self) -> None:
        """On a narrow terminal: the template side or the preview and answer side."""
        self.screen.toggle_class("-results")

    def on_descendant_focus(self, event: object) -> None:
        focused = self.focused
        if isinstance(focused, OptionList) and focused.id == "problems":
            _highlight_first(focused)  # enter goes to a problem at once, with no arrow first
        # On a narrow terminal, the side that gets the focus is the side shown.
        if focused is not None and self.screen.has_class("-narrow"):
            in_compose = any(node.id == "compose" for node in focused.ancestors)
            if any(node.id in ("compose", "preview", "answer-area") for node in focused.ancestors):
                self.screen.set_class(not in_compose, "-results")

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
            await self.query_one("#main").mount(area)
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

    @guarded
    def on_receiver_panel_state_changed(self, event: ReceiverPanel.StateChanged) -> None:
        """Say so on the main screen when the receiver listens elsewhere than the URL points."""
        listening = loopback_port(event.note) if event.running else None
        aimed = loopback_port(self.query_one("#url", Input).value)
        moved = bool(aimed and listening and aimed != listening)
        self.receiver_port = listening if moved and listening else 0
        self._show_notice()

    def _show_notice(self) -> None:
        notice = self.query_one("#notice", Static)
        aimed = loopback_port(self.query_one("#url", Input).value)
        if self.receiver_port and aimed and aimed != self.receiver_port:
            notice.update(
                Content(
                    f"⚠ port {aimed} was taken: the local receiver listens on port "
                    f"{self.receiver_port}, so a send goes to another program. "
                    f"f8 points the URL at the receiver."
                )
            )
            notice.add_class("-shown")
        else:
            notice.remove_class("-shown")

    @guarded
    def action_aim_at_receiver(self) -> None:
        url = self.query_one("#url", Input)
        parts = urlsplit(url.value) if loopback_port(url.value) else None
        if parts is None or not self.receiver_port:
            self.notify("The URL already points at the local receiver.", title="Receiver")
            return
        netloc = f"{parts.hostname}:{self.receiver_port}"
        url.value = parts._replace(netloc=netloc).geturl()

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
        with self.prevent(Select.Changed):
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
        self._show_title()  # dirty may not change: the title must follow the file anyway

    @on(Input.Changed, "#endpoint Input, #notification Input")
    @on(TemplateEditor.Changed, "#template")
    @on(PartyTable.Changed)
    @guarded
    def _edited(self) -> None:
        preset = self.current_preset()
        self.query_one(PreviewPane).update_from(preset)
        self.dirty = preset != self.saved
        self._show_notice()
        if self.ready.is_set():
            _mark_stale(self.query_one(AnswerArea))

    @on(Select.Changed, "#content-type")
    @guarded
    def _content_type_changed(self, event: Select.Changed) -> None:
        content_type = str(event.value)
        self.query_one(TemplateEditor).content_type = content_type
        self._edited()
        self._offer_documented_template(content_type)

    @work(exclusive=True, group="dialog", exit_on_error=False)
    async def _offer_documented_template(self, content_type: str) -> None:
        """When the template is still a documentation example, offer the one for the new type."""
        from .dialogs import ConfirmDialog

        examples = _documented_templates()
        editor = self.query_one(TemplateEditor)
        new = examples.get(content_type)
        if new is None or editor.text == new or editor.text not in examples.values():
            return
        question = f"The template is the documentation's example. Use its {content_type} one?"
        if await self.push_screen_wait(ConfirmDialog(question, "Use it", "Keep mine")):
            editor.load_text(new)

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
        endpoint.border_title = Content(safe_line(self.title))
        endpoint.border_subtitle = Content(safe_line(self.sub_title))

    @on(PreviewPane.ProblemChosen)
    @guarded
    def _go_to_problem(self, event: PreviewPane.ProblemChosen) -> None:
        go_to(self.screen, event.problem)

    # -- sending ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        from .dialogs import QuitDialog

        dialog_open = len(self.screen_stack) > 1
        if dialog_open and action in ("send", "cancel_send", "toggle_receiver", "next_answer"):
            return False  # a dialog's own keys win there (escape closes it)
        if dialog_open and action == "help":
            return False  # f1 closes the help
        if action == "cancel_send":
            return self.sending
        if action == "quit":
            return not isinstance(self.screen, QuitDialog)
        if action == "aim_at_receiver":
            return bool(self.receiver_port)
        return True

    async def action_send(self) -> None:
        self.sending = True
        self.screen.add_class("-results")  # on a narrow terminal, show where the answer lands
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

    # -- the request and the clipboard -----------------------------------------------------

    async def _draft_or_say_why(self) -> Draft | None:
        draft = await self._draft_now()
        if draft.blocker is not None:
            self.notify(str(draft.blocker), title="No request to show", severity="error")
            return None
        return draft

    async def action_show_request(self) -> None:
        from .request_dialog import RequestDialog

        draft = await self._draft_or_say_why()
        if draft is not None and draft.request is not None:
            self.push_screen(RequestDialog(draft.request))

    async def action_copy_curl(self) -> None:
        draft = await self._draft_or_say_why()
        if draft is not None and draft.request is not None:
            self._copy(draft.request.curl(draft.preset.timeout), "the request as a curl command")

    async def action_copy_body(self) -> None:
        draft = await self._draft_now()
        if draft.expansion is None:
            self.notify("There is no body to copy yet.", title="Not copied", severity="error")
            return
        self._copy(draft.expansion.body, "the expanded body")

    def action_copy_portal(self) -> None:
        self._copy(presets.portal_values(self.current_preset()), "the three portal values")

    def _copy(self, text: str, what: str) -> None:
        self.copy_to_clipboard(text)
        self.notify(f"{what.capitalize()} is on the clipboard.", title="Copied")

    # -- presets ---------------------------------------------------------------------------

    @work(exclusive=True, group="dialog", exit_on_error=False)
    async def action_open_preset(self) -> None:
        from .dialogs import ConfirmDialog
        from .preset_picker import PresetPicker

        if self.dirty:
            question = "The preset has unsaved changes. Open another preset and lose them?"
            dialog = ConfirmDialog(question, "Open another preset", "Keep editing")
            if not await self.push_screen_wait(dialog):
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

    @work(exclusive=True, group="dialog", exit_on_error=False)
    async def action_save(self) -> None:
        await self.save()

    @work(exclusive=True, group="dialog", exit_on_error=False)
    async def action_save_as(self) -> None:
        await self.save(ask=True)

    async def save(self, ask: bool = False) -> bool:
        """Save in place (a user preset), or ask for a name; True once written."""
        from .dialogs import ask_where_to_save

        preset, path, overwrite = self.current_preset(), self.path, True
        if ask or path is None or preset_origin(path) == presets.SHIPPED:
            path = await ask_where_to_save(self, path)
            if path is None:
                return False
            # The name a picker shows is the file's, not the preset it was copied from.
            preset = preset._replace(name=os.path.basename(path).removesuffix(presets.SUFFIX))
        try:
            presets.save(preset, path, overwrite=overwrite)
        except InputError as exc:
            self.notify(str(exc.problem), title="Not saved", severity="error")
            return False
        self.saved, self.path = preset, path
        self.dirty = self.current_preset() != preset
        self._show_title()
        self.notify(f"Saved as {preset_origin(path)}: {os.path.basename(path)}", title="Saved")
        return True

    # -- the rest --------------------------------------------------------------------------

    def action_help(self) -> None:
        from .help_screen import HelpScreen

        self.push_screen(HelpScreen())

    @work(exclusive=True, group="dialog", exit_on_error=False)
    async def action_quit(self) -> None:
        from .dialogs import QuitDialog

        if not self.dirty:
            self.exit(0)
            return
        answer = await self.push_screen_wait(QuitDialog())
        if answer == "save" and not await self.save():
            return
        if answer in ("save", "quit"):
            self.exit(0)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The command palette: the action table, each command with its key."""
        yield from super().get_system_commands(screen)
        table = self.query_one(PartyTable)
        for key in actions.KEYS:
            if not key.in_palette or key.action == "quit":
                continue
            target: Widget | App[int] = table if key.where == actions.PARTIES else self
            yield SystemCommand(
                key.help, f"{key.label} ({key.first_key})", _runner(self, key.action, target)
            )


def _runner(app: App[int], action: str, target: Widget | App[int]) -> Callable[[], Awaitable[None]]:
    async def run() -> None:
        await app.run_action(action, target)

    return run


def _highlight_first(problems: OptionList) -> None:
    if problems.highlighted is None and problems.option_count:
        problems.highlighted = 0 if not problems.get_option_at_index(0).disabled else None


def _mark_stale(area: AnswerArea) -> None:
    """The answer on screen is from before the edit (the answer area marks it, if it can)."""
    mark = getattr(area, "mark_stale", None)
    if callable(mark):
        mark()


def loopback_port(url: str) -> int | None:
    """The port of a plain-HTTP loopback URL: where the local receiver should listen for it."""
    try:
        parts = urlsplit(url)
        if parts.scheme != "http" or parts.hostname not in ("127.0.0.1", "localhost", "::1"):
            return None
        return parts.port or 80
    except ValueError:  # http://[ and other URLs that do not parse
        return None


def _documented_templates() -> dict[str, str]:
    """The documentation's example template for each content type (the shipped docs presets)."""
    examples = {}
    for name in ("docs-json", "docs-xml"):
        try:
            preset = presets.load(os.path.join(presets.shipped_folder(), name + presets.SUFFIX))
        except InputError:
            continue
        examples[preset.content_type] = preset.template
    return examples


def _content_type_options(current: str) -> list[tuple[str, str]]:
    known = list(CONTENT_TYPES)
    if current not in known:
        known.append(current)
    return [(safe_line(content_type), content_type) for content_type in known]


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
