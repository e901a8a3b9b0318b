"""The check an expanded body must pass: JSON that parses, XML that is well-formed."""

import json
import re

from .problems import Problem, line_and_column
from .template import Expansion
from .webhook import JSON

_EXPAT_POSITION = re.compile(r": line \d+, column \d+$")


def check_body(expansion: Expansion) -> Problem | None:
    """The first problem that keeps the body from parsing, or None if it parses."""
    if expansion.content_type == JSON:
        return _check_json(expansion)
    return _check_xml(expansion)


def _check_json(expansion: Expansion) -> Problem | None:
    try:
        json.loads(expansion.body)
    except json.JSONDecodeError as exc:
        return _located(expansion, f"not valid JSON: {exc.msg}", exc.pos)
    return None


def _check_xml(expansion: Expansion) -> Problem | None:
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        fromstring(expansion.body.encode(), forbid_dtd=True)
    except ParseError as exc:
        line, column = exc.position
        message = _EXPAT_POSITION.sub("", str(exc))
        offset = _offset(expansion.body, line, column + 1)
        return _located(expansion, f"not well-formed XML: {message}", offset)
    except DefusedXmlException as exc:
        return Problem("error", "body", f"refused: {_defused_reason(exc)}")
    return None


def _defused_reason(exc: Exception) -> str:
    kind = type(exc).__name__
    if kind == "DTDForbidden":
        return "the body declares a DTD (<!DOCTYPE …>), which a receiver must not process"
    if kind == "EntitiesForbidden":
        return "the body declares entities, which a receiver must not expand"
    return f"the body uses an XML feature a receiver must not process ({kind})"


def _offset(text: str, line: int, column: int) -> int:
    """The character offset of a 1-based line and column."""
    start = 0
    for _ in range(line - 1):
        start = text.find("\n", start) + 1
    return start + column - 1


def _located(expansion: Expansion, message: str, offset: int) -> Problem:
    line, column = line_and_column(expansion.body, offset)
    template_offset = expansion.template_offset(offset)
    if template_offset is None:
        return Problem("error", "body", message, line, column)
    template_line, template_column = line_and_column(expansion.template, template_offset)
    return Problem("error", "body", message, line, column, template_line, template_column)
