"""Escaping of the scalar values and rendering of the party list, per content type."""

import re
from json.encoder import encode_basestring

from . import problems
from .notification import Notification, Party
from .problems import Place, error

# Characters XML 1.0 cannot carry at all, even as character references.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# The five specials, and the three white-space characters a parser would otherwise
# normalise (CR to LF in text; tab, LF and CR to spaces in attribute values).
_XML_SPECIAL = re.compile("[&<>\"'\t\n\r]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_INDENT = "    "


def has_surrogate(text: str) -> bool:
    """Whether ``text`` holds a lone surrogate, which UTF-8 cannot carry."""
    return _SURROGATE.search(text) is not None


def check_notification_encodable(notification: Notification) -> None:
    """Name the first field of ``notification`` that UTF-8 cannot carry."""
    fields = [(problems.field(name), value) for name, value in notification.scalars().items()]
    for number, party in enumerate(notification.interested_parties, 1):
        fields += [(problems.party(number, "username"), party.username)]
        fields += [(problems.party(number, "device"), party.device)]
    for place, value in fields:
        found = _SURROGATE.search(value)
        if found:
            raise error(place, f"holds {_codepoint(found.group())}, which is not UTF-8")


def escape_json(value: str) -> str:
    """The inside of a JSON string holding ``value``: quotes, backslashes, controls escaped."""
    return encode_basestring(value)[1:-1]


def escape_xml(place: Place, value: str) -> str:
    """``value`` as XML character data, or an error naming ``place`` if XML cannot carry it."""
    forbidden = _XML_FORBIDDEN.search(value)
    if forbidden:
        raise error(
            place,
            f"holds {_codepoint(forbidden.group())}, a character XML 1.0 cannot carry "
            "(use application/json, or remove it)",
        )
    if _XML_SPECIAL.search(value) is None:
        return value
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&apos;")
        .replace("\t", "&#9;")
        .replace("\n", "&#10;")
        .replace("\r", "&#13;")
    )


def render_parties_json(parties: tuple[Party, ...], indent: str = "") -> str:
    """The party list as a JSON array of ``{"username", "device"}`` objects.

    ``indent`` is the indentation of the line the placeholder stands on, so that the array
    lines up with the template around it.
    """
    if not parties:
        return "[]"
    item = indent + _INDENT
    key = item + _INDENT
    objects = ",\n".join(
        f'{item}{{\n{key}"username": {encode_basestring(party.username)},\n'
        f'{key}"device": {encode_basestring(party.device)}\n{item}}}'
        for party in parties
    )
    return f"[\n{objects}\n{indent}]"


def render_parties_xml(parties: tuple[Party, ...], indent: str = "") -> str:
    """The party list as ``<list><party><username/><device/></party>…</list>``."""
    if not parties:
        return "<list></list>"
    item = indent + _INDENT * 2
    field = item + _INDENT
    rows = [f"\n{indent}{_INDENT}<list>"]
    for number, party in enumerate(parties, 1):
        username = escape_xml(problems.party(number, "username"), party.username)
        device = escape_xml(problems.party(number, "device"), party.device)
        rows.append(
            f"\n{item}<party>\n{field}<username>{username}</username>\n"
            f"{field}<device>{device}</device>\n{item}</party>"
        )
    rows.append(f"\n{indent}{_INDENT}</list>\n{indent}")
    return "".join(rows)


def _codepoint(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, carried by surrogateescape
        return f"the byte \\x{code - 0xDC00:02x}"
    if has_surrogate(char):
        return f"U+{code:04X} (a lone surrogate)"
    return f"U+{code:04X}"
