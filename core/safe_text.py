"""Text from outside made safe to show: SPEC §8a, for a screen and a terminal alike.

A response, an arrival at the receiver, a preset file or a paste is data. Before it is
shown, control characters (C0 but tab and line breaks, C1, DEL), the bidi controls and lone
surrogates are written as escapes, so that nothing in it can move a cursor, clear a screen,
set a title, write the clipboard (OSC 52) or turn text around (U+202E). Markup is not this
module's business: the UI builds ``Text``/``Content`` from what this returns, never markup.
"""

import re

_BIDI = "\u202a-\u202e\u2066-\u2069"
# Tab and LF stay; a CR stays only as half of CRLF.
_UNSAFE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}\ud800-\udfff]|\r(?!\n)")
# On one line, every control character is escaped, line breaks and tabs included.
_UNSAFE_ON_ONE_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}\ud800-\udfff]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(found: re.Match[str]) -> str:
    char = found.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, carried by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"


def safe_text(text: str) -> str:
    """``text`` with every character that could act on a terminal escaped; lines kept."""
    return _UNSAFE.sub(_escape, text)


def safe_line(text: str) -> str:
    """``text`` as one line: line breaks and tabs escaped too (log lines, messages)."""
    return _UNSAFE_ON_ONE_LINE.sub(_escape, text)


def from_bytes(data: bytes) -> str:
    """Bytes from outside as text to show: UTF-8, with each other byte as ``\\xNN``."""
    return safe_text(data.decode("utf-8", "surrogateescape"))
