"""The endpoint bar: the URL and the content type, under the preset's name and origin; and
the notice line beneath it that says when a send would not reach the local receiver."""

from __future__ import annotations

import os
import socket
from urllib.parse import urlsplit

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Input, Select, Static

from ..core import preset as presets
from ..core.describe import preset_origin
from ..core.safe_text import safe_line
from ..core.webhook import CONTENT_TYPES
from .url_input import UrlInput


def loopback_port(url: str) -> int | None:
    """The port of a plain-HTTP loopback URL: where the local receiver should listen for it."""
    try:
        parts = urlsplit(url)
        if parts.scheme != "http" or parts.hostname not in ("127.0.0.1", "localhost", "::1"):
            return None
        return parts.port or 80
    except ValueError:  # http://[ and other URLs that do not parse
        return None


def port_taken(port: int, host: str = "127.0.0.1") -> bool:
    """Whether another program listens on a loopback port (so a send there reaches it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the receiver binds
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False


def aimed_at(url: str, port: int) -> str:
    """A loopback URL with its port changed (any other URL as it is)."""
    if loopback_port(url) is None:
        return url
    parts = urlsplit(url)
    host = f"[{parts.hostname}]" if parts.hostname == "::1" else parts.hostname
    return parts._replace(netloc=f"{host}:{port}").geturl()


def _content_type_options(current: str) -> list[tuple[str, str]]:
    known = list(CONTENT_TYPES)
    if current not in known:
        known.append(current)
    return [(safe_line(content_type), content_type) for content_type in known]


class EndpointBar(Horizontal):
    """URL and content type; the border shows the preset's name, origin and state.

    Holds the content type (the truth) and shows it in a ``Select``, which mounts after the
    first frame: with its option list inside, it is among the costliest widgets to style.
    Until then the first frame shows the content type as text in its place.
    """

    def __init__(self, url: str, content_type: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._url, self._content_type = url, content_type

    def compose(self) -> ComposeResult:
        # Static, not Label: one widget class fewer to style before the first frame.
        yield Static("URL", classes="label")
        yield UrlInput(self._url, id="url-box")
        yield Static("content type", id="content-type-label", classes="label")
        yield Static(Content(safe_line(self._content_type)), id="content-type-shown")

    async def mount_select(self) -> None:
        """Put the content type's ``Select`` in place of its text (the app calls this once its
        first frame is up)."""
        shown = self.query_one("#content-type-shown")
        select = Select(
            _content_type_options(self._content_type),
            value=self._content_type,
            allow_blank=False,
            id="content-type",
            compact=True,
        )
        await self.mount(select, after=shown)
        await shown.remove()

    @on(Select.Changed, "#content-type")
    def _chosen(self, event: Select.Changed) -> None:
        if str(event.value) == self._content_type:
            event.stop()  # the Select mounting (it says its first value): not a change
        self._content_type = str(event.value)  # before the app hears of it (it bubbles on)

    @property
    def url(self) -> str:
        return self.query_one("#url", Input).value

    @url.setter
    def url(self, url: str) -> None:
        self.query_one("#url", Input).value = url

    @property
    def content_type(self) -> str:
        return self._content_type

    def load(self, url: str, content_type: str) -> None:
        """Show another preset's URL and content type (no Select.Changed: nothing was chosen)."""
        self.url = url
        self._content_type = content_type
        for shown in self.query("#content-type-shown").results(Static):
            shown.update(Content(safe_line(content_type)))  # the Select is not up yet
        for select in self.query("#content-type").results(Select):
            with self.prevent(Select.Changed):
                select.set_options(_content_type_options(content_type))
                select.value = content_type

    def show_preset(
        self, name: str, path: str | None, dirty: bool, presenting: bool
    ) -> tuple[str, str]:
        """Show the preset's name and state, and where it comes from, in the border (also the
        app's title and sub-title, which it returns)."""
        name = name or (os.path.basename(path) if path else "new preset")
        title = f"{name} *" if dirty else name
        if presenting:
            title += " · presenter mode: secrets hidden"
        origin = preset_origin(path)
        if origin in (presets.SHIPPED, presets.USER):
            origin = f"{origin}: {os.path.basename(path or '')}"
        subtitle = f"{origin} · unsaved changes" if dirty else origin
        self.border_title = Content(safe_line(title))
        self.border_subtitle = Content(safe_line(subtitle))
        return title, subtitle


class ReceiverNotice(Static):
    """One line, shown only when the local receiver listens elsewhere than the URL points."""

    DEFAULT_CSS = """
    ReceiverNotice {
        display: none;
        padding: 0 1;
        color: $text-warning;
    }
    ReceiverNotice.-shown {
        display: block;
    }
    """

    def __init__(self, taken: int = 0) -> None:
        super().__init__(id="notice")
        #: A loopback port found taken by another program before the receiver started (the
        #: app probes it before starting its own).
        self.taken = taken

    def show_ports(self, aimed: int | None, listening: int) -> None:
        moved = bool(listening and aimed and aimed != listening)
        other = bool(aimed and aimed == self.taken and aimed != listening)
        if moved:
            self.update(
                Content(
                    f"⚠ port {aimed} is another program's: the local receiver listens on port "
                    f"{listening}, so a send goes elsewhere. ctrl+g points the URL at the receiver."
                )
            )
        elif other:
            self.update(
                Content(
                    f"⚠ port {aimed} is another program's: a send goes to it, not to the local "
                    "receiver (its tab offers a free port; then ctrl+g points the URL there)."
                )
            )
        self.set_class(moved or other, "-shown")
