"""The History tab: kept sends and arrivals, newest first; show, replay, edit, compare (SPEC §9).

The list reads summaries only (no bytes), in a thread, so that a thousand entries are on
screen at once; an entry is read whole when it is chosen. The list is kept current while the
tab is hidden (read ahead when the view mounts, again after each entry this process keeps),
so that opening the tab is a layout and a paint: it reads again only when the history
changed under it (another process writes too). Replaying and loading into the editor are
messages: the answer area sends (the one send path), the app edits.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import DataTable, Input, Static

from ..core.history_entry import HistoryEntry, Summary, body_diff, describe, outcome_text
from ..core.presenter import shown
from ..core.safe_text import safe_line, safe_text

#: Rows added to the list at a time.
PAGE = 50

#: What a list on screen was read from: the history's stamp, the filter and presenter mode.
Listed = tuple[tuple[int, int], str | None, bool]

if TYPE_CHECKING:
    from ..core.history import History
    from ..core.preset import Preset
    from ..core.receiver import Entry
    from ..core.send import Outcome


class HistoryView(Vertical):
    """The list of kept entries, a filter above it, and the chosen entry (or a compare) below."""

    DEFAULT_CSS = """
    HistoryView { height: 1fr; }
    HistoryView #history-table { height: 1fr; min-height: 3; scrollbar-gutter: stable; }
    HistoryView #history-detail-scroll {
        height: auto; min-height: 2; max-height: 60%; border-top: solid $primary 50%;
    }
    HistoryView #history-sides { display: none; height: auto; margin-top: 1; }
    HistoryView #history-sides Static { width: 1fr; padding-right: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "replay", "Replay", tooltip="Send the chosen entry's request again"),
        Binding("e", "edit", "Edit", tooltip="Load the chosen send into the editor"),
        Binding("c", "compare", "Compare", tooltip="Compare with the previous entry of its kind"),
    ]

    #: Presenter mode: secrets in URLs are shown as •••.
    presenting = reactive(False)

    @dataclass
    class Replay(Message):
        """Send this entry's request again."""

        entry: HistoryEntry

    @dataclass
    class Load(Message):
        """Put this send's URL, content type, template and notification into the editor."""

        entry: HistoryEntry

    def __init__(self, history: History | None = None, **kwargs: str) -> None:
        from ..core.history import History, enabled  # sqlite3: not before the first frame

        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.history = history or History(warn=self._warn)
        self.recording = enabled()
        self._keeper = ThreadPoolExecutor(max_workers=1, thread_name_prefix="history")
        self._summaries: list[Summary] = []
        #: What the list on screen was read from (None: not read yet).
        self._listed: Listed | None = None
        #: The ids of the rows on screen, in order.
        self._ids: list[int] = []

    def compose(self) -> ComposeResult:
        yield Input(placeholder="filter: URL, preset, status…", id="history-filter", compact=True)
        yield DataTable(id="history-table", cursor_type="row")
        with VerticalScroll(id="history-detail-scroll"):
            yield Static(
                Content("enter shows an entry · r replays · e edits · c compares"),
                id="history-detail",
            )
            with Horizontal(id="history-sides"):
                yield Static(id="history-older")
                yield Static(id="history-newer")

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("#", "time", "kind", "answer", "URL")
        self.set_reactive(HistoryView.presenting, getattr(self.app, "presenting", False))
        self.reload()  # read ahead (the answer area mounts after the first frame): opening
        # the tab then shows rows at once

    def on_show(self) -> None:
        """Opening the tab: the list is current unless another process changed the history."""
        self.reload(unless_unchanged=True)

    def _warn(self, message: str) -> None:
        self.app.call_from_thread(
            self.app.notify, safe_line(message), title="History", severity="warning"
        )

    # -- the list --------------------------------------------------------------------------

    @work(exclusive=True, group="history-list", exit_on_error=False)
    async def reload(self, unless_unchanged: bool = False) -> None:
        """Read the list again (filtered), off the event loop; ``unless_unchanged``: only if
        the history, the filter or presenter mode changed since the list on screen was read.

        Exclusive: a newer reload cancels an older one, whose list is then never shown (and
        ``_listed`` still says what is on screen, so the newer one reads if it must).
        """
        text = self.query_one("#history-filter", Input).value.strip() or None
        on_screen = self._listed if unless_unchanged else None
        try:
            read = await asyncio.to_thread(self._read, text, self.presenting, on_screen)
        except Exception as exc:  # a history that cannot be read must not stop the screen
            self.query_one("#history-detail", Static).update(
                Content(f"The history cannot be read: {safe_line(str(exc))}")
            )
            return
        if read is not None and self.is_attached:  # the app may have closed meanwhile
            self._fill(*read)

    def _read(
        self, text: str | None, presenting: bool, on_screen: Listed | None
    ) -> tuple[Listed, list[Summary]] | None:
        """(In a thread.) The list, or None when it would be the one ``on_screen``."""
        # The stamp before the list: a write between the two leaves the stamp older than the
        # list, so the next look reads again; a change is never missed.
        listed = (self.history.stamp(), text, presenting)
        if listed == on_screen:
            return None
        return listed, self.history.entries(text=text)

    def _fill(self, listed: Listed, summaries: list[Summary]) -> None:
        """Show the newest page of rows now; the next pages as the cursor nears the end."""
        chosen = self.chosen_id()
        self._listed, self._summaries, self._ids = listed, summaries, []
        table = self.query_one(DataTable)
        table.clear()
        self._add_page()
        row = next((row for row, entry in enumerate(summaries) if entry.id == chosen), None)
        if row is not None:  # read again: the cursor stays on the same entry, pages and all
            while len(self._ids) <= row:
                self._add_page()
            table.move_cursor(row=row, animate=False)

    def _add_page(self) -> None:
        # A DataTable measures every row it holds: a page costs a screenful, a thousand a second.
        start = len(self._ids)
        page = self._summaries[start : start + PAGE]
        # Text, never a string: DataTable reads a string as markup, and a URL is from outside.
        self.query_one(DataTable).add_rows(
            [
                Text(str(summary.id)),
                Text(summary.time[11:19]),
                Text(summary.kind),
                Text(f"{summary.status or '-'} {summary.verdict or ''}".strip()),
                Text(safe_line(shown(summary.url, self.presenting))),
            ]
            for summary in page
        )
        self._ids += [summary.id for summary in page]

    @on(DataTable.RowHighlighted, "#history-table")
    def _near_the_end(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= len(self._ids) - PAGE // 2 and len(self._ids) < len(self._summaries):
            self._add_page()

    @on(Input.Changed, "#history-filter")
    def _filtered(self) -> None:
        self.reload()

    def watch_presenting(self) -> None:
        if self.is_mounted:
            self.reload()
            self._show(Content(""))

    def chosen_id(self) -> int | None:
        table = self.query_one(DataTable)
        ids = self._ids
        return ids[table.cursor_row] if 0 <= table.cursor_row < len(ids) else None

    async def _chosen(self) -> HistoryEntry | None:
        entry_id = self.chosen_id()
        if entry_id is None:
            self.app.notify("No entry chosen.", title="History")
            return None
        return await asyncio.to_thread(self.history.get, entry_id)

    # -- keeping ---------------------------------------------------------------------------

    async def _keep(self, record: Callable[..., int | None], *args: object) -> None:
        """Write in the one keeper thread, so that entries are kept in the order they came."""
        await asyncio.get_running_loop().run_in_executor(self._keeper, record, *args)

    def on_unmount(self) -> None:
        self._keeper.shutdown(wait=False)

    @work(group="history-keep", exit_on_error=False)
    async def keep_send(
        self, outcome: Outcome, preset: Preset | None, replayed: HistoryEntry | None = None
    ) -> None:
        """Keep a send (in a thread: it never delays the send), then list it."""
        if not self.recording:
            return
        if replayed is not None:
            await self._keep(self.history.record_replay, outcome, replayed)
        else:
            await self._keep(self.history.record_send, outcome, preset)
        self.reload()

    @work(group="history-keep", exit_on_error=False)
    async def keep_arrival(self, entry: Entry) -> None:
        """Keep an arrival at the local receiver, then list it."""
        if self.recording:
            await self._keep(self.history.record_arrival, entry)
            self.reload()

    # -- actions ---------------------------------------------------------------------------

    def _text(self, text: str) -> str:
        return safe_text(shown(text, self.presenting))

    def _show(
        self, detail: Content, older: Content | None = None, newer: Content | None = None
    ) -> None:
        self.query_one("#history-older", Static).update(older or Content(""))
        self.query_one("#history-newer", Static).update(newer or Content(""))
        self.query_one("#history-sides").display = older is not None
        self.query_one("#history-detail", Static).update(detail)
        self.query_one("#history-detail-scroll").scroll_home(animate=False)

    @on(DataTable.RowSelected, "#history-table")
    async def action_show(self) -> None:
        entry = await self._chosen()
        if entry is not None:
            self._show(Content(self._text(describe(entry))))

    async def action_replay(self) -> None:
        entry = await self._chosen()
        if entry is not None:
            self.post_message(self.Replay(entry))

    async def action_edit(self) -> None:
        entry = await self._chosen()
        if entry is None:
            return
        if not entry.source:
            self.app.notify(
                "Only a send from a preset can be loaded into the editor.",
                title="History",
                severity="warning",
            )
            return
        self.post_message(self.Load(entry))

    async def action_compare(self) -> None:
        entry = await self._chosen()
        if entry is None:
            return
        older = await asyncio.to_thread(self.history.previous_of_kind, entry.id)
        if older is None:
            self.app.notify(
                f"No {entry.kind} entry before #{entry.id} to compare with.", title="History"
            )
            return
        self._show(*compare(older, entry, self._text))


def compare(
    older: HistoryEntry, newer: HistoryEntry, text: object
) -> tuple[Content, Content, Content]:
    """The bodies' diff (highlighted + and −) and the two outcomes side by side."""
    assert callable(text)
    lines = body_diff(older, newer)
    styled = []
    for line in lines or [f"The bodies of #{older.id} and #{newer.id} are the same."]:
        style = ""
        if line.startswith("+") and not line.startswith("+++"):
            style = "$success"
        elif line.startswith("-") and not line.startswith("---"):
            style = "$error"
        elif line.startswith("@@"):
            style = "$text-primary"
        styled.append(Content.styled(text(line), style) if style else Content(text(line)))
    diff = Content("\n").join([Content.styled("body diff", "bold"), *styled])

    def side(entry: HistoryEntry) -> Content:
        title = f"#{entry.id} {entry.summary.time[11:19]}"
        return Content.assemble((title, "bold"), "\n", text(outcome_text(entry)))

    return diff, side(older), side(newer)
