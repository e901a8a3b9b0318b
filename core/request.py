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
        """A curl command that sends the same bytes (curl's own extra headers switched off)."""
        lines = [f"curl --http1.1 --request POST {shlex.quote(_without_credentials(self.url))}"]
        lines += [
            f"--header {shlex.quote(f'{name}: {value}')}"
            for name, value in self.headers
            if name not in ("Host", "Content-Length")
        ]
        lines += ["--header 'Accept:'", "--header 'Expect:'"]
        lines.append(f"--max-time {timeout:g}")
        if insecure:
            lines.append("--insecure")
        lines.append(f"--data-binary {shlex.quote(self.body.decode())}")
        return " \\\n  ".join(lines)


def _without_credentials(url: str) -> str:
    """The URL without user:password@, which curl would turn into an Authorization header."""
    parts = split_url(url)
    if "@" not in parts.netloc:
        return url
    return parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()


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
    check_url(url)
    if not _HEADER_VALUE.fullmatch(user_agent):
        raise error(
            option("user agent"), f"must be one line of printable ASCII: {safe_line(user_agent)}"
        )
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
