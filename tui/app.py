"""The terminal UI: one screen to compose, preview, send and read the verdict."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import BindingType
from textual.containers import Grid, Vertical
from textual.css.query import NoMatches
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import MountError
from textual.widgets import Footer, OptionList, Select

from ..core import preset as presets
from ..core.draft import Draft
from ..core.notification import Notification
from ..core.preset import Preset
from ..core.problems import InputError
from ..core.receiver_port import DEFAULT_PORT
from ..core.request import WebhookRequest
from ..core.verdict import EXIT_BAD_INPUT
from . import actions, collector, layout
from .endpoint_bar import EndpointBar, ReceiverNotice, aimed_at, loopback_port, port_taken
from .guard import guarded
from .notification_fields import NotificationFields
from .party_table import PartyTable
from .places import go_to, highlight_first
from .preview_pane import PreviewPane
from .template_editor import TemplateEditor
from .url_input import UrlInput

if TYPE_CHECKING:
    from ..core.send import Outcome
    from .answer_area import AnswerArea
    from .history_view import HistoryView
    from .receiver_panel import ReceiverPanel


class SmarthookApp(App[int]):
    """Compose the webhook, watch the body expand, send it and read the verdict."""

    CSS_PATH = os.path.join(os.path.dirname(__file__), "smarthook.tcss")
    TITLE = "smarthook"
    # Narrow: one column at a time (f9 swaps); normal: two; wide: a third for the answers.
    HORIZONTAL_BREAKPOINTS = layout.WIDTHS
    VERTICAL_BREAKPOINTS = layout.HEIGHTS
    BINDINGS: ClassVar[list[BindingType]] = list(actions.bindings())

    #: A send is in flight (escape cancels it).
    sending = reactive(False, bindings=True)
    #: The screen differs from the preset as last opened or saved.
    dirty = reactive(False)
    #: Where the local receiver listens when that is not where the URL points (0: no matter).
    receiver_port = reactive(0, bindings=True)
    #: Presenter mode (SPEC §11): secrets in URLs shown as ••• wherever they would be shown.
    presenting = reactive(False)

    def __init__(
        self,
        preset: Preset,
        path: str | None = None,
        start_receiver: bool = True,
    ) -> None:
        super().__init__()
        collector.set_aside()  # the imports' objects live on: full collections skip them
        self.saved, self.path = preset, path
        self.start_receiver = start_receiver
        #: Set once everything is mounted (see _mount_the_rest).
        self.ready = asyncio.Event()
        self._answers: AnswerArea | None = None

    # -- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        preset = self.saved
        # No Header: the preset's name and state stand in the endpoint's border (_show_title),
        # which leaves one more row for the work at 80x24 and mounts faster.
        yield EndpointBar(preset.url, preset.content_type, id="endpoint")
        with Grid(id="main"):
            with Vertical(id="compose"):
                yield NotificationFields(preset.notification.scalars(), id="notification")
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
        self.watch_presenting(self.presenting)  # which shows the title
        for field in self.query("#endpoint Input, #notification Input"):
            self.watch(field, "value", self._edited, init=False)
        self._edited()
        self.call_after_refresh(self._mount_the_rest)

    def on_unmount(self) -> None:
        collector.thaw()  # collectable again once the app is done (tests run many in one process)

    def action_swap_pane(self) -> None:
        """On a narrow terminal: the template side or the preview and answer side."""
        self.screen.toggle_class("-results")

    def on_descendant_focus(self, event: object) -> None:
        focused = self.focused
        if isinstance(focused, OptionList) and focused.id == "problems":
            highlight_first(focused)  # enter goes to a problem at once, with no arrow first
        if focused is not None:
            layout.follow_focus(self.screen, focused)

    async def _mount_the_rest(self) -> None:
        """Once the preview is on screen: the notice lines, the party table's rows, the answers
        (the first frame, without the costliest widgets, comes sooner)."""
        from .answer_area import AnswerArea

        port = loopback_port(self.saved.url) or DEFAULT_PORT
        notice = ReceiverNotice(port if self.start_receiver and port_taken(port) else 0)
        area = AnswerArea(port, self._template_for_receiver, self.start_receiver, id="answer-area")
        screen = self.screen_stack[0]  # the main one (a key may have opened a dialog already)
        try:
            await screen.mount(notice, layout.too_small_notice(), before="#main")
            self._show_notice()
            await screen.query_one(EndpointBar).mount_select()
            await screen.query_one(PartyTable).mount_table()
            await screen.query_one(PreviewPane).mount_problem_list()
            await screen.query_one("#main").mount(area)
        except (MountError, NoMatches):
            return  # the app is closing before its first frame settled
        self._answers = area
        self.ready.set()

    async def answer_area(self) -> AnswerArea:
        """The answer area, once mounted (right after the first frame)."""
        await self.ready.wait()
        assert self._answers is not None
        return self._answers

    def _template_for_receiver(self) -> tuple[str, str]:
        """The receiver reads each arrival back through the template as it is on screen."""
        return self.query_one(TemplateEditor).text, self.query_one(EndpointBar).content_type

    @guarded
    def on_receiver_panel_state_changed(self, event: ReceiverPanel.StateChanged) -> None:
        """Say on the main screen when the receiver could not start, or listens elsewhere than
        the URL points (a port taken by another program: a send would go there)."""
        if event.state == "failed":
            self.screen_stack[0].query_one(ReceiverNotice).taken = event.port
            self.notify(event.reason, title="Receiver not started", severity="error", markup=False)
        self.receiver_port = event.port if event.running else 0
        self._show_notice()

    def _show_notice(self) -> None:
        main = self.screen_stack[0]  # the editor's, also while a dialog is on top of it
        aimed = loopback_port(main.query_one(EndpointBar).url)
        for notice in main.query(ReceiverNotice):  # none before the first frame is up
            notice.show_ports(aimed, self.receiver_port)

    def action_aim_at_receiver(self) -> None:
        bar = self.query_one(EndpointBar)
        bar.url = aimed_at(bar.url, self.receiver_port)

    async def action_toggle_receiver(self) -> None:
        (await self.answer_area()).toggle_receiver()

    async def action_next_answer(self) -> None:
        label = (await self.answer_area()).next_answer()
        if label is not None:
            self.notify(f"The receiver now answers {label}.", title="Receiver")

    # -- the preset on screen --------------------------------------------------------------

    def current_preset(self) -> Preset:
        """The preset as the screen holds it now."""
        scalars = self.query_one(NotificationFields).values
        parties = self.query_one(PartyTable).parties
        notification = Notification(**scalars, interested_parties=parties)
        bar = self.query_one(EndpointBar)
        return self.saved._replace(
            url=bar.url,
            content_type=bar.content_type,
            template=self.query_one(TemplateEditor).text,
            notification=notification,
        )

    def load(self, preset: Preset, path: str | None) -> None:
        """Put a preset on screen: it becomes the saved state."""
        self.saved, self.path = preset, path
        self.query_one(EndpointBar).load(preset.url, preset.content_type)
        self.query_one(NotificationFields).load(preset.notification.scalars())
        self.query_one(PartyTable).set_parties(preset.notification.interested_parties)
        editor = self.query_one(TemplateEditor)
        editor.content_type = preset.content_type
        editor.load_text(preset.template)
        self._edited()
        self._show_title()  # dirty may not change: the title must follow the file anyway

    @on(TemplateEditor.Changed, "#template")
    @on(PartyTable.Changed)
    @guarded
    def _edited(self) -> None:
        preset = self.current_preset()
        self.dirty = preset != self.saved  # first: whatever fails next, quit still asks
        self._show_notice()
        self.query_one(PreviewPane).update_from(preset)
        if (area := self._answers) is not None:
            area.mark_stale()
            if (panel := area.receiver()) is not None:
                panel.template_changed((preset.template, preset.content_type))

    @on(Select.Changed, "#content-type")
    @guarded
    def _content_type_changed(self, event: Select.Changed) -> None:
        content_type = str(event.value)
        self.query_one(TemplateEditor).content_type = content_type
        self._edited()
        self._offer_documented_template(content_type)

    @work(exclusive=True, group="dialog", exit_on_error=False)
    async def _offer_documented_template(self, content_type: str) -> None:
        from .dialogs import documented_template

        editor = self.query_one(TemplateEditor)
        if (new := await documented_template(self, editor.text, content_type)) is not None:
            editor.load_text(new)

    def action_toggle_presenter(self) -> None:
        self.presenting = not self.presenting

    def watch_dirty(self) -> None:
        self._show_title()

    def watch_presenting(self, presenting: bool) -> None:
        if not self.screen_stack:
            return  # set before the screen is up: on_mount applies it
        self.query_one(UrlInput).presenting = presenting
        if self._answers is not None:  # else the history reads it as it mounts
            from .history_view import HistoryView

            self._answers.query_one(HistoryView).presenting = presenting
        self._show_title()

    def on_history_view_load(self, event: HistoryView.Load) -> None:
        """Put a kept send's URL, content type, template and notification into the editor."""
        saved = self.saved
        self.load(event.entry.as_preset(saved), self.path)
        self.saved = saved  # an edit like any other: the screen now differs from the file
        self._edited()
        self.notify(f"History entry #{event.entry.id} is in the editor.", title="History")

    def _show_title(self) -> None:
        shown = (self.saved.name, self.path, self.dirty, self.presenting)
        self.title, self.sub_title = self.query_one(EndpointBar).show_preset(*shown)

    @on(PreviewPane.ProblemChosen)
    @guarded
    def _go_to_problem(self, event: PreviewPane.ProblemChosen) -> None:
        go_to(self.screen, event.problem)

    # -- sending ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return actions.available(action, self.screen_stack, self.sending, self.receiver_port)

    async def action_send(self) -> None:
        self.sending = True
        self.screen.add_class("-results")  # on a narrow terminal, show where the answer lands
        (await self.answer_area()).send(self._draft_now)

    async def action_cancel_send(self) -> None:
        (await self.answer_area()).cancel_send()

    def on_answer_area_sending_changed(self, event: AnswerArea.SendingChanged) -> None:
        self.sending = event.sending

    async def _draft_now(self) -> Draft:
        """The draft of the screen as it is: the preview's, or a fresh one."""
        return await self.query_one(PreviewPane).draft_of(self.current_preset())

    async def action_check_endpoint(self) -> None:
        from .check_view import CheckScreen
        from .history_view import HistoryView

        history = (await self.answer_area()).query_one(HistoryView)

        def keep(draft: Draft, outcome: Outcome) -> None:  # each case is kept, as a send is
            history.keep_send(outcome, draft.preset)

        self.push_screen(CheckScreen(self.current_preset(), sent=keep))

    async def _request(self) -> tuple[WebhookRequest, float] | None:
        draft = await self._draft_now()
        if draft.request is None:
            self.notify(str(draft.blocker), title="No request", severity="error", markup=False)
            return None
        return draft.request, draft.preset.timeout

    async def action_show_request(self) -> None:
        from .request_dialog import RequestDialog

        if found := await self._request():
            self.push_screen(RequestDialog(found[0]))

    async def action_copy_curl(self) -> None:
        if found := await self._request():
            self._copy(found[0].curl(found[1]), "the request as a curl command")

    async def action_copy_body(self) -> None:
        expansion = (await self._draft_now()).expansion
        self._copy(expansion.body if expansion else "", "the expanded body")

    def action_copy_portal(self) -> None:
        self._copy(presets.portal_values(self.current_preset()), "the three portal values")

    def _copy(self, text: str, what: str) -> None:
        self.copy_to_clipboard(text)
        self.notify(f"{what.capitalize()} is on the clipboard.", title="Copied")

    # -- presets ---------------------------------------------------------------------------

    @work(exclusive=True, group="dialog", exit_on_error=False)
    async def action_open_preset(self) -> None:
        from .preset_picker import choose_preset

        chosen = await choose_preset(self, self.dirty)
        if chosen is not None:
            self.load(*chosen)

    @work(exclusive=True, group="dialog", exit_on_error=False)
    async def action_save(self) -> None:
        await self.save()

    @work(exclusive=True, group="dialog", exit_on_error=False)
    async def action_save_as(self) -> None:
        await self.save(ask=True)

    async def save(self, ask: bool = False) -> bool:
        """Save in place (a user preset), or ask for a name; True once written."""
        from .saving import save

        saved = await save(self, self.current_preset(), self.path, ask)
        if saved is None:
            return False
        self.saved, self.path = saved
        self.dirty = self.current_preset() != self.saved
        self._show_title()
        return True

    # -- the rest --------------------------------------------------------------------------

    def action_help(self) -> None:
        from .help_screen import HelpScreen

        self.push_screen(HelpScreen())

    async def action_quit(self) -> None:
        self._quit()

    @work(exclusive=True, group="dialog", exit_on_error=False)
    async def _quit(self) -> None:
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
        """The command palette: Textual's own commands, then the action table's."""
        yield from super().get_system_commands(screen)
        yield from actions.palette(self, self.query_one(PartyTable))


def run(argument: str | None, present: bool = False) -> int:
    """Open the UI on a preset (the local demo by default); returns the exit status."""
    try:
        preset, path = presets.open_preset(argument or presets.DEMO)
    except InputError as exc:
        print(f"smarthook: {exc.problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    app = SmarthookApp(preset, path, start_receiver=argument is None)
    app.presenting = present
    app.run()
    return int(app.return_code or 0)
