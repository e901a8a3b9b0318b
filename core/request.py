"""The request exactly as Cloud Softphone's contacts server sends it, and its exports."""

import math
import re
import shlex
from typing import NamedTuple
from urllib.parse import SplitResult, quote, urlsplit

from .problems import URL, error, option
from .safe_text import safe_line

_DEFAULT_PORTS = {"http": 80, "https": 443}
# Characters a URL keeps as they are; anything else (spaces aside) is percent-encoded,
# as httpx does on the wire.
_URL_SAFE = "!#$%&'()*+,/:;=?@[]~"
_UNSENDABLE = re.compile(r"[\x00-\x20\x7f\ud800-\udfff]")
_HEADER_VALUE = re.compile(r"[\x20-\x7e]*")


class WebhookRequest(NamedTuple):
    """A POST ready to send: the URL, the request target, the six headers and the body."""

    url: str
    target: str
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def wire(self) -> bytes:
        """The request's bytes as they go on the wire (HTTP/1.1)."""
        head = f"POST {self.target} HTTP/1.1\r\n"
        head += "".join(f"{name}: {value}\r\n" for name, value in self.headers)
        return (head + "\r\n").encode("latin-1") + self.body

    def curl(self, timeout: float, insecure: bool = False) -> str:
        """A shell command that sends the same bytes with curl, for any body.

        The body goes on curl's standard input (``--data-binary @-``), written by the shell's
        ``printf`` builtin: a body starting with ``@`` never names a file, and a body of any
        size never meets the argument-list limit of a program's arguments. curl's own extra
        headers are switched off.
        """
        lines = [f"printf -- {shell_bytes(self.body)} |"]
        # The URL as it goes on the wire (IDNA host, percent-encoded target, no user:password@,
        # which curl would turn into an Authorization header): curl then sends it unchanged.
        wire_url = f"{split_url(self.url).scheme}://{dict(self.headers)['Host']}{self.target}"
        lines.append(f"curl --http1.1 --request POST {shlex.quote(wire_url)}")
        lines += [
            f"--header {shlex.quote(f'{name}: {value}')}"
            for name, value in self.headers
            if name not in ("Host", "Content-Length")
        ]
        lines += ["--header 'Accept:'", "--header 'Expect:'"]
        lines.append(f"--max-time {timeout:g}")
        if insecure:
            lines.append("--insecure")
        lines.append("--data-binary @-")
        return lines[0] + "\n" + " \\\n  ".join(lines[1:])


def shell_bytes(data: bytes) -> str:
    """``data`` as a quoted ``printf`` format that prints exactly those bytes.

    Printable text and line feeds stay readable; ``%`` and ``\\`` are doubled, and every other
    character (tab, controls, bidi controls, bytes that are not UTF-8) is written as ``\\ooo``
    octal escapes, so the command itself holds nothing that could act on a terminal.
    """
    text = data.decode("utf-8", "surrogateescape")
    return "'" + _SHELL_SPECIAL.sub(_shell_escape, text) + "'"


# Everything but printable ASCII and LF: printable Unicode is kept, the rest is octal.
_SHELL_SPECIAL = re.compile(r"[^\x20-\x24\x26\x28-\x5b\x5d-\x7e\n]")
_SHELL_NAMED = {"%": "%%", "\\": "\\\\", "'": "'\\''"}


def _shell_escape(found: re.Match[str]) -> str:
    char = found.group()
    if char in _SHELL_NAMED:
        return _SHELL_NAMED[char]
    if char.isprintable():  # never a surrogate (a byte that was not UTF-8): those are Cs
        return char
    return "".join(f"\\{byte:03o}" for byte in char.encode("utf-8", "surrogateescape"))


def split_url(url: str) -> SplitResult:
    """``urlsplit``, with its ValueError (``http://[``) turned into a URL problem."""
    try:
        return urlsplit(url)
    except ValueError as exc:
        raise error(URL, f"cannot be parsed ({exc}): {safe_line(url)}") from None


def describe_char(char: str) -> str:
    """A character for a message: ``a space``, ``U+0007``, or ``the byte \\xff`` for a byte
    that was not UTF-8 (carried as a surrogate by Python's ``surrogateescape``)."""
    code = ord(char)
    if char == " ":
        return "a space"
    if 0xDC80 <= code <= 0xDCFF:
        return f"the byte \\x{code - 0xDC00:02x}, which is not UTF-8,"
    return f"U+{code:04X}"


def check_url(url: str) -> None:
    """Refuse a URL Cloud Softphone could not call: absolute http(s) with a host."""
    unsendable = _UNSENDABLE.search(url)
    if unsendable:
        column = unsendable.start() + 1
        raise error(URL, f"holds {describe_char(unsendable.group())} at column {column}", 1, column)
    parts = split_url(url)
    shown = safe_line(url)
    if parts.scheme not in _DEFAULT_PORTS:
        got = f"{parts.scheme}:" if parts.scheme else "no scheme"
        raise error(URL, f"must start with http:// or https:// (got {got}): {shown or '(empty)'}")
    try:
        hostname = parts.hostname
        parts.port  # noqa: B018 - reading it validates it
    except ValueError:
        raise error(URL, f"has a port that is not a number from 0 to 65535: {shown}") from None
    if not hostname:
        raise error(URL, f"has no host: {shown}")


def check_timeout(timeout: float) -> None:
    """Refuse a timeout that cannot bound a send: not a number, infinite, or not above 0."""
    if not (math.isfinite(timeout) and timeout > 0):
        raise error(option("timeout"), f"must be a number of seconds above 0, not {timeout}")


def build(url: str, content_type: str, body: str, user_agent: str) -> WebhookRequest:
    """The request for a checked URL and an expanded body."""
    host, target = host_and_target(url)
    if not _HEADER_VALUE.fullmatch(user_agent):
        raise error(
            option("user agent"), f"must be one line of printable ASCII: {safe_line(user_agent)}"
        )
    data = body.encode()
    headers = (
        ("Host", host),
        ("Connection", "close"),
        ("Cache-Control", "max-age=0"),
        ("User-Agent", user_agent),
        ("Content-Type", content_type),
        ("Content-Length", str(len(data))),
    )
    return WebhookRequest(url, target, headers, data)


def host_and_target(url: str) -> tuple[str, str]:
    """The Host header and the request target for ``url`` (checked first)."""
    check_url(url)
    parts = split_url(url)
    host = parts.hostname or ""
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise error(URL, f"has a host name that cannot be encoded: {parts.hostname}") from None
    if ":" in host:
        host = f"[{host}]"
    if parts.port is not None and parts.port != _DEFAULT_PORTS[parts.scheme]:
        host += f":{parts.port}"
    target = quote(parts.path or "/", safe=_URL_SAFE)
    if parts.query:
        target += "?" + quote(parts.query, safe=_URL_SAFE)
    return host, target
