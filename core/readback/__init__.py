"""Read-back: the notification recovered from a received body through the template.

Expansion reversed. The template is expanded once with a unique marker (a sentinel) for
each parameter and parsed (:mod:`.shape`); the received body is parsed too, by the same
parser as the body check, and both trees are walked side by side (:mod:`.json_reader`,
:mod:`.xml_reader`, sharing :mod:`.reader`). Where the template's tree holds a sentinel, the
body's tree holds the value; where it holds the party list, the body holds the list of
parties. Anything else must be equal, or the body differs from the template and the first
difference is reported with its line and column in the body (and, where known, in the
template). Every step is linear in the body's size.
"""

from typing import Any

from ..body_check import parse_body
from ..problems import TEMPLATE, InputError, Problem
from ..webhook import JSON
from .json_reader import JsonReader
from .shape import ReadBack, shape
from .xml_reader import XmlReader

__all__ = ["ReadBack", "read_back"]


def read_back(template: str, content_type: str, body: str, parsed: Any = None) -> ReadBack:
    """The notification a body carries, matched against the template's structure.

    ``parsed`` is the body as :func:`~smarthook.core.body_check.parse_body` returned it, when
    the caller has parsed it already (the receiver, after its check); it is parsed otherwise.

    Raises :class:`InputError` with the place where the body differs from the template
    (``where`` is ``body``), or why the template cannot be read back through (``template``).
    """
    found = shape(template, content_type)
    reader = JsonReader(found, body) if content_type == JSON else XmlReader(found, body)
    if parsed is None:
        parsed = parse_body(body, content_type)
    try:
        return reader.read(parsed)
    except RecursionError:
        # Bodies are parsed to at most 500 levels, but a walk beside a template nested that
        # deep needs two frames a level: more than Python's stack allows.
        raise InputError(
            Problem("error", TEMPLATE, "nested too deeply to read a body back through")
        ) from None
