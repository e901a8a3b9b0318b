"""The check a body must pass: JSON that parses, XML that is well-formed (no DTD, no entities).

The same check serves a body smarthook expanded (its problems are also placed in the
template) and a body the receiver was sent.
"""

import json
import re
from typing import Any

from .problems import BODY, Problem, line_and_column
from .template import Expansion
from .webhook import JSON

_EXPAT_POSITION = re.compile(r": line \d+, column \d+$")


def check_text(body: str, content_type: str) -> Problem | None:
    """The first problem that keeps ``body`` from parsing as ``content_type``, or None."""
    if content_type == JSON:
        return _check_json(body)
    return _check_xml(body)


def check_body(expansion: Expansion) -> Problem | None:
    """:func:`check_text` for an expanded body, placing the problem in the template too."""
    problem = check_text(expansion.body, expansion.content_type)
    if problem is None or not problem.line:
        return problem
    body_offset = _offset(expansion.body, problem.line, problem.column)
    template_offset = expansion.template_offset(body_offset)
    if template_offset is None:
        return problem
    template_line, template_column = line_and_column(expansion.template, template_offset)
    return problem._replace(template_line=template_line, template_column=template_column)


def _check_json(body: str) -> Problem | None:
    try:
        json.loads(body, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        line, column = line_and_column(body, exc.pos)
        return Problem("error", BODY, f"not valid JSON: {exc.msg}", line, column)
    except ValueError as exc:
        return Problem("error", BODY, f"not valid JSON: {exc}")
    return None


def _refuse_constant(name: str) -> Any:
    # Python's json reads NaN and Infinity; JSON itself has no such values.
    raise ValueError(f"{name} is not a JSON value")


def _check_xml(body: str) -> Problem | None:
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        fromstring(body.encode(), forbid_dtd=True)
    except ParseError as exc:
        line, column = exc.position
        message = _EXPAT_POSITION.sub("", str(exc))
        return Problem("error", BODY, f"not well-formed XML: {message}", line, column + 1)
    except DefusedXmlException as exc:
        return Problem("error", BODY, f"refused: {_defused_reason(exc)}")
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
