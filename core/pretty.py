"""A received body re-indented for reading: JSON or XML through the one body parser,
numbers as they came; anything that does not parse as it is."""

import json
from typing import Any

from .body_check import Number, parse_body
from .webhook import JSON, XML


def pretty_body(kind: str, text: str) -> str:
    """JSON or XML re-indented; anything else (or anything that does not parse) as it is.

    Numbers stay as written (``1e999999`` is not ``Infinity``, ``1.10`` not ``1.1``).
    """
    if kind not in (JSON, XML):
        return text
    try:
        tree = parse_body(text, kind)
        if kind == JSON:
            return "".join(_json_lines(tree))
        from xml.etree.ElementTree import indent, tostring

        indent(tree, "  ")
        pretty: str = tostring(tree, encoding="unicode")
        return pretty
    except Exception:  # the raw text is the best that can be shown
        return text


def _json_lines(tree: Any) -> list[str]:
    """``tree`` written with an indent of two, numbers as they came (no recursion)."""
    out: list[str] = []
    # Each step: a value to write at a depth, or a closing bracket to write.
    steps: list[tuple[Any, int, str]] = [(tree, 0, "")]
    while steps:
        value, depth, prefix = steps.pop()
        if isinstance(value, _Close):
            out.append(f"\n{'  ' * depth}{value}{prefix}")
            continue
        out.append(prefix)
        if isinstance(value, Number):
            out.append(str(value))
        elif isinstance(value, dict | list) and value:
            out.append("{" if isinstance(value, dict) else "[")
            items = list(value.items()) if isinstance(value, dict) else list(enumerate(value))
            pad = "\n" + "  " * (depth + 1)
            later: list[tuple[Any, int, str]] = []
            for index, (key, item) in enumerate(items):
                comma = "," if index else ""
                name = json.dumps(key, ensure_ascii=False) + ": " if isinstance(value, dict) else ""
                later.append((item, depth + 1, f"{comma}{pad}{name}"))
            steps.append((_Close("}" if isinstance(value, dict) else "]"), depth, ""))
            steps += reversed(later)
        else:
            out.append(json.dumps(value, ensure_ascii=False))
    return out


class _Close(str):
    """A closing bracket, in :func:`_json_lines`'s steps."""
