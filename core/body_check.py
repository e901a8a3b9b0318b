"""The one body parser: JSON that parses, XML that is well-formed (no DTD, no entities).

Every body smarthook reads goes through here — a body it expanded (the check before a send,
its problems also placed in the template), a body the receiver was sent, the template read
back through, the body pretty-printed in the log — so that they all agree on what parses.
Nothing here recurses on the body: nesting deeper than :data:`MAX_DEPTH` levels is a
problem, never a ``RecursionError``, and the cost is linear in the body's size.
"""

from __future__ import annotations

import gc
import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from .problems import BODY, InputError, Problem, line_and_column
from .template import Expansion
from .webhook import JSON

if TYPE_CHECKING:  # ElementTree itself loads with the first XML body (a JSON one needs none)
    from xml.etree.ElementTree import Element

#: The deepest nesting a body may have (SPEC §7): deeper is unparsable.
MAX_DEPTH = 500

_EXPAT_POSITION = re.compile(r": line \d+, column \d+$")


class Number(str):
    """A JSON number (or ``true``/``false``/``null`` in a template's bare slot) as written.

    Kept as text so that ``1e999999`` stays ``1e999999`` and ``1.10`` stays ``1.10``.
    """


def check_text(body: str, content_type: str) -> Problem | None:
    """The first problem that keeps ``body`` from parsing as ``content_type``, or None."""
    try:
        parse_body(body, content_type)
    except InputError as exc:
        return exc.problem
    return None


def check_body(expansion: Expansion) -> Problem | None:
    """:func:`check_text` for an expanded body, placing the problem in the template too."""
    problem = check_text(expansion.body, expansion.content_type)
    if problem is None or not problem.line:
        return problem
    body_offset = offset(expansion.body, problem.line, problem.column)
    template_offset = expansion.template_offset(body_offset)
    if template_offset is None:
        return problem
    template_line, template_column = line_and_column(expansion.template, template_offset)
    return problem._replace(template_line=template_line, template_column=template_column)


def parse_body(body: str, content_type: str) -> Any:
    """The parsed body: a JSON value (numbers as :class:`Number`) or the XML root element.

    Raises :class:`InputError` placed in the ``body`` (line and column where known).
    """
    with _no_cycle_collection():
        if content_type == JSON:
            return _parse_json(body)
        return _parse_xml(body)


class _CollectorPause:
    """The cyclic garbage collector paused while any thread builds a tree.

    A parsed tree holds no cycles, and a body of a million tiny arrays would otherwise spend
    most of its time in collections it triggers (3× slower than the parse itself). The UI
    drafts in a thread while the receiver parses on its own: a count under a lock makes sure
    the collector is switched back on by the last one out, and only if it was on before.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._inside = 0
        self._was_enabled: bool  # set by the first one in, read by the last one out

    @contextmanager
    def __call__(self) -> Iterator[None]:
        with self._lock:
            if self._inside == 0:
                self._was_enabled = gc.isenabled()
                gc.disable()
            self._inside += 1
        try:
            yield
        finally:
            with self._lock:
                self._inside -= 1
                if self._inside == 0 and self._was_enabled:
                    gc.enable()


_no_cycle_collection = _CollectorPause()


def offset(text: str, line: int, column: int) -> int:
    """The character offset of a 1-based line and 1-based column (the inverse of
    :func:`~smarthook.core.problems.line_and_column`)."""
    start = 0
    for _ in range(line - 1):
        start = text.find("\n", start) + 1
    return start + max(column, 1) - 1


def _problem(message: str, line: int = 0, column: int = 0) -> InputError:
    return InputError(Problem("error", BODY, message, line, column))


def _too_deep() -> InputError:
    return _problem(f"nested deeper than {MAX_DEPTH} levels")


# -- JSON ----------------------------------------------------------------------------------


class _Refused(ValueError):
    """A JSON text Python would read but JSON has not: NaN, Infinity, a key given twice."""


def _parse_json(text: str) -> Any:
    try:
        tree = json.loads(
            text,
            parse_int=Number,
            parse_float=Number,
            parse_constant=_refuse_constant,
            object_pairs_hook=_unique_keys,
        )
    except json.JSONDecodeError as exc:
        line, column = line_and_column(text, exc.pos)
        raise _problem(f"not valid JSON: {exc.msg}", line, column) from None
    except _Refused as exc:
        raise _problem(f"not valid JSON: {exc}") from None
    except RecursionError:
        raise _too_deep() from None
    if json_depth(tree) > MAX_DEPTH:
        raise _too_deep()
    return tree


def _refuse_constant(name: str) -> Any:
    # Python's json reads NaN and Infinity; JSON itself has no such values.
    raise _Refused(f"{name} is not a JSON value")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # Python's json keeps the last of two equal keys; a reader would silently see one value.
    found = dict(pairs)
    if len(found) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Refused(f"the key {json.dumps(key, ensure_ascii=False)} appears twice")
            seen.add(key)
    return found


def json_depth(tree: Any) -> int:
    """How deep arrays and objects nest in a parsed JSON tree, counted up to one past
    :data:`MAX_DEPTH` (no recursion: level by level; a tenth of the cost of scanning the
    text for brackets outside strings)."""
    level = [tree] if type(tree) in (dict, list) else []
    depth = 0
    while level and depth <= MAX_DEPTH:
        depth += 1
        inner = []
        for node in level:
            for child in node.values() if type(node) is dict else node:
                if type(child) is dict or type(child) is list:
                    inner.append(child)
        level = inner
    return depth


# -- XML -----------------------------------------------------------------------------------


class _TooDeep(Exception):
    pass


class _DepthLimitedBuilder:
    """ElementTree's tree builder, refusing elements nested deeper than :data:`MAX_DEPTH`."""

    def __init__(self) -> None:
        from xml.etree.ElementTree import TreeBuilder

        self._builder = TreeBuilder()
        self._depth = 0

    def start(self, tag: str, attrs: dict[str, str]) -> Element:
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _TooDeep
        return self._builder.start(tag, attrs)

    def end(self, tag: str) -> Element:
        self._depth -= 1
        return self._builder.end(tag)

    def data(self, data: str) -> None:
        self._builder.data(data)

    def close(self) -> Element:
        return self._builder.close()


def _parse_xml(text: str) -> Element:
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import DefusedXMLParser

    parser = DefusedXMLParser(target=_DepthLimitedBuilder(), forbid_dtd=True)
    try:
        parser.feed(text.encode())
        root: Element = parser.close()
    except ParseError as exc:
        line, column = exc.position
        message = _EXPAT_POSITION.sub("", str(exc))
        raise _problem(f"not well-formed XML: {message}", line, column + 1) from None
    except DefusedXmlException as exc:
        raise _problem(f"refused: {_defused_reason(exc)}") from None
    except _TooDeep:
        raise _too_deep() from None
    return root


def _defused_reason(exc: Exception) -> str:
    kind = type(exc).__name__
    if kind == "DTDForbidden":
        return "the body declares a DTD (<!DOCTYPE …>), which a receiver must not process"
    return f"the body uses an XML feature a receiver must not process ({kind})"
