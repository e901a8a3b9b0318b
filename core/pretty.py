"""A received body re-indented for reading: JSON or XML through the one body parser,
numbers as they came; anything that does not parse as it is."""

import json
from collections.abc import Iterator
from typing import Any

from .body_check import Number, parse_body
from .webhook import JSON, XML

#: How much re-indented JSON is written at most, in characters: a screen shows far less,
#: and a megabyte of tiny arrays would take seconds to write out whole.
PRETTY_LIMIT = 256 * 1024


def pretty_body(kind: str, text: str, limit: int = PRETTY_LIMIT) -> str:
    """JSON or XML re-indented; anything else (or anything that does not parse) as it is.

    Numbers stay as written (``1e999999`` is not ``Infinity``, ``1.10`` not ``1.1``). JSON
    longer than ``limit`` characters once re-indented is cut there, with a line that says so.
    """
    if kind not in (JSON, XML):
        return text
    try:
        tree = parse_body(text, kind)
        if kind == JSON:
            return _cut(_json_pieces(tree), limit, len(text))
        from xml.etree.ElementTree import indent, tostring

        indent(tree)  # by two spaces
        pretty: str = tostring(tree, encoding="unicode")
        return pretty
    except Exception:  # the raw text is the best that can be shown
        return text


def _cut(pieces: Iterator[str], limit: int, size: int) -> str:
    kept: list[str] = []
    length = 0
    for piece in pieces:
        kept.append(piece)
        length += len(piece)
        if length > limit:
            return "".join(kept)[:limit] + f"\n… (re-indented this far; {size} characters in all)"
    return "".join(kept)


def _json_pieces(tree: Any) -> Iterator[str]:
    """``tree`` written with an indent of two, numbers as they came.

    No recursion, and lazy: each container's items are visited as they are written, so a
    reader that stops early (:func:`_cut`) pays only for what it took.
    """
    # One frame per open container: its items, whether it is an object, whether an item is
    # written yet.
    frames: list[tuple[Iterator[tuple[Any, Any]], bool, list[bool]]] = []
    value: Any = tree
    prefix = ""
    while True:
        if value is not _NOTHING:
            yield prefix
            if isinstance(value, dict | list) and value:
                if isinstance(value, dict):
                    frames.append((iter(value.items()), True, [False]))
                    yield "{"
                else:
                    frames.append((enumerate(value), False, [False]))
                    yield "["
            elif isinstance(value, Number):
                yield str(value)
            else:
                yield json.dumps(value, ensure_ascii=False)
        if not frames:
            return
        items, is_object, written = frames[-1]
        entry = next(items, None)
        pad = "\n" + "  " * len(frames)
        if entry is None:
            frames.pop()
            yield pad[:-2] + ("}" if is_object else "]")
            value = _NOTHING
            continue
        key, value = entry
        name = json.dumps(key, ensure_ascii=False) + ": " if is_object else ""
        prefix = ("," if written[0] else "") + pad + name
        written[0] = True


#: Marks a step that writes no value (a container was just closed).
_NOTHING = object()
