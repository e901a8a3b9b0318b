"""The URL field: in presenter mode, its secrets are shown as ••• while it is not being edited.

While it has the focus it shows the URL as it is: a field that hid what is being typed could
not be edited. So the app moves the focus out of it when presenter mode turns on, and leaving
the field hides the secrets again; what is sent is never changed.
"""

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Input

from ..core.presenter import hide_secrets


class UrlInput(Input):
    """An Input whose shown value hides secrets in presenter mode, unless it has the focus."""

    presenting = reactive(False)

    @property
    def _value(self) -> Text:
        if self.presenting and not self.has_focus:
            return Text(hide_secrets(self.value), no_wrap=True, overflow="ignore", end="")
        return super()._value

    def on_focus(self) -> None:
        self.refresh(layout=True)

    def on_blur(self) -> None:
        self.refresh(layout=True)

    def watch_presenting(self) -> None:
        self.refresh(layout=True)
