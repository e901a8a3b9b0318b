"""The URL field: in presenter mode, a label with its secrets as ••• stands in for it.

While the URL is being edited the field itself shows, with the URL as it is (a field that
hid what is typed could not be edited); leaving it brings the label back. What is sent is
never changed. Only public Textual API: two widgets, and classes that say which one shows.
"""

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Input, Static

from ..core.presenter import hide_secrets
from ..core.safe_text import safe_line
from .steady_input import SteadyInput


class HiddenUrl(Static, can_focus=True):
    """The URL with its secrets hidden; focusing it opens the field for editing."""

    def on_focus(self) -> None:
        if isinstance(self.parent, UrlInput):
            self.parent.edit()


class UrlInput(Horizontal):
    """The URL ``Input`` (id ``url``) and, in presenter mode, its hidden stand-in (id
    ``url-hidden``)."""

    DEFAULT_CSS = """
    UrlInput { height: 1; width: 1fr; }
    UrlInput > HiddenUrl { display: none; width: 1fr; height: 1; }
    UrlInput.-presenting > Input { display: none; }
    UrlInput.-presenting > HiddenUrl { display: block; }
    UrlInput.-presenting.-editing > Input { display: block; }
    UrlInput.-presenting.-editing > HiddenUrl { display: none; }
    """

    presenting = reactive(False)

    def __init__(self, url: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._url = url

    def compose(self) -> ComposeResult:
        # No select-on-focus: a stray key must not replace the whole URL.
        yield SteadyInput(self._url, id="url", placeholder="https://…", select_on_focus=False)
        # The stand-in mounts once presenter mode is first on (_show_hidden): most sessions
        # never need it, and each widget composed delays the first frame.

    @property
    def field(self) -> Input:
        return self.query_one("#url", Input)

    def watch_presenting(self, presenting: bool) -> None:
        self.set_class(presenting, "-presenting")
        self._show_hidden()
        if presenting:  # the field shows the URL as it is while focused: leave it
            self._leave()
            self.call_after_refresh(self._leave)  # at start, once the first focus is set

    def _leave(self) -> None:
        if self.field.has_focus:
            self.remove_class("-editing")
            self.screen.focus_next()

    @on(Input.Changed, "#url")
    def _show_hidden(self) -> None:
        if not self.presenting:
            return
        hidden = Content(safe_line(hide_secrets(self.field.value)))
        if stand_in := self.query(HiddenUrl):
            stand_in.first().update(hidden)
        else:
            self.mount(HiddenUrl(hidden, id="url-hidden"))

    def edit(self) -> None:
        """Show the field, with the URL as it is, and put the cursor in it."""
        self.add_class("-editing")
        self.call_after_refresh(self.field.focus)

    @on(Input.Blurred, "#url")
    def _done(self) -> None:
        self.remove_class("-editing")
