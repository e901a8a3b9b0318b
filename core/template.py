"""Placeholders in a template: finding them, expanding them, and the lint around them."""

import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from . import escaping
from .notification import Notification
from .problems import CONTENT_TYPE, TEMPLATE, URL, Problem, error, field
from .webhook import (
    CONTENT_TYPES,
    JSON,
    PARTY_LIST_PARAMETER,
    PARTY_LIST_PLACEHOLDER,
    PARTY_LIST_SPELLINGS,
    PLACEHOLDERS,
    SCALAR_PARAMETERS,
)

PLACEHOLDER = re.compile(r"%([A-Za-z_][A-Za-z0-9_]*)%")
# A JSON string as it stands in template text; a raw newline ends it, so that one
# unbalanced quote does not swallow the rest of the template.
_JSON_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"?')


class Placeholder(NamedTuple):
    """One ``%name%`` in a template; ``start``/``end`` span the text that is replaced."""

    name: str
    start: int
    end: int
    #: The JSON party list written ``"%interestedParties%"``: the quotes are replaced too.
    quoted: bool = False
    #: Stands inside a JSON string (for a quoted party list: inside its own quotes).
    in_json_string: bool = False

    @property
    def known(self) -> bool:
        return self.name in PLACEHOLDERS

    @property
    def is_party_list(self) -> bool:
        return self.name in PARTY_LIST_SPELLINGS


class Expansion(NamedTuple):
    """An expanded body, with the map from body offsets back to template text."""

    body: str
    content_type: str
    template: str
    #: Literal runs of template text copied into the body: (body start, template start).
    literal_runs: tuple[tuple[int, int, int], ...]

    def template_offset(self, body_offset: int) -> int | None:
        """Where a body offset came from in the template, if it falls in template text."""
        starts = [run[0] for run in self.literal_runs]
        index = bisect_right(starts, body_offset) - 1
        if index < 0:
            return None
        body_start, template_start, length = self.literal_runs[index]
        if body_offset - body_start < length:
            return template_start + body_offset - body_start
        return None


def find_placeholders(template: str, content_type: str = JSON) -> list[Placeholder]:
    """Every placeholder-shaped ``%name%``, known or not, in order."""
    return list(_placeholders(template, content_type))


def _placeholders(
    template: str, content_type: str, known_only: bool = False
) -> Iterator[Placeholder]:
    strings = [(m.start(), m.end()) for m in _JSON_STRING.finditer(template)]
    string_starts = [start for start, _ in strings]
    for match in PLACEHOLDER.finditer(template):
        name = match.group(1)
        if known_only and name not in PLACEHOLDERS:
            continue
        start, end = match.span()
        quoted = (
            content_type == JSON
            and name in PARTY_LIST_SPELLINGS
            and template[start - 1 : start] == '"'
            and template[end : end + 1] == '"'
        )
        index = bisect_right(string_starts, start) - 1
        inside = index >= 0 and strings[index][0] < start < strings[index][1]
        if quoted:
            start, end = start - 1, end + 1
        yield Placeholder(name, start, end, quoted, inside)


def check_content_type(content_type: str) -> None:
    """Refuse anything but the two content types Cloud Softphone sends."""
    if content_type not in CONTENT_TYPES:
        shown = content_type or "(empty)"
        raise error(
            CONTENT_TYPE,
            f"{shown} is not supported: use {CONTENT_TYPES[0]} or {CONTENT_TYPES[1]}",
        )


def expand(template: str, content_type: str, notification: Notification) -> Expansion:
    """The body Cloud Softphone would send for this template and notification.

    Raises :class:`InputError` for an unsupported content type or a value the content type
    cannot carry. Unknown placeholders are left exactly as written.
    """
    check_content_type(content_type)
    scalars = notification.scalars()
    if content_type == JSON:
        values = {name: escaping.escape_json(value) for name, value in scalars.items()}
    else:
        values = {name: escaping.escape_xml(field(name), value) for name, value in scalars.items()}
    parts: list[str] = []
    runs: list[tuple[int, int, int]] = []
    body_length = 0
    previous = 0
    for placeholder in _placeholders(template, content_type, known_only=True):
        literal = template[previous : placeholder.start]
        runs.append((body_length, previous, len(literal)))
        if placeholder.is_party_list:
            value = _render_parties(template, placeholder, content_type, notification)
        else:
            value = values[placeholder.name]
        parts += (literal, value)
        body_length += len(literal) + len(value)
        previous = placeholder.end
    runs.append((body_length, previous, len(template) - previous))
    parts.append(template[previous:])
    body = "".join(parts)
    if escaping.has_surrogate(body):
        escaping.check_notification_encodable(notification)
    return Expansion(body, content_type, template, tuple(runs))


def _render_parties(
    template: str, placeholder: Placeholder, content_type: str, notification: Notification
) -> str:
    line_start = template.rfind("\n", 0, placeholder.start) + 1
    line = template[line_start : placeholder.start]
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    if content_type == JSON:
        return escaping.render_parties_json(notification.interested_parties, indent)
    return escaping.render_parties_xml(notification.interested_parties, indent)


#: At most this many warnings about placeholders are listed; the rest are counted.
MAX_PLACEHOLDER_WARNINGS = 100


def lint(template: str, content_type: str, url: str = "") -> list[Problem]:
    """Warnings about a template (and URL) that expand but may not do what was meant.

    Linear in the template: lines are found once, and after
    :data:`MAX_PLACEHOLDER_WARNINGS` placeholder warnings the rest is only counted.
    """
    problems: list[Problem] = []
    names = PLACEHOLDER.findall(template)
    used = set(names)
    lines = _LineStarts(template)
    for checked, placeholder in enumerate(_placeholders(template, content_type)):
        if len(problems) == MAX_PLACEHOLDER_WARNINGS:
            rest = len(names) - checked
            message = (
                f"only the first {MAX_PLACEHOLDER_WARNINGS} placeholder warnings are listed; "
                f"{rest} more placeholders after them were not checked"
            )
            problems.append(Problem("warning", TEMPLATE, message))
            break
        problem = _placeholder_warning(placeholder, content_type)
        if problem is not None:
            line, column = lines.locate(placeholder.start + placeholder.quoted)
            problems.append(Problem("warning", TEMPLATE, problem, line, column))
    for name in SCALAR_PARAMETERS:
        if name not in used:
            problems.append(Problem("warning", TEMPLATE, f"never uses %{name}%"))
    if not used.intersection(PARTY_LIST_SPELLINGS):
        problems.append(Problem("warning", TEMPLATE, f"never uses %{PARTY_LIST_PLACEHOLDER}%"))
    if "@" in url.partition("://")[2].partition("/")[0]:
        problems.append(
            Problem(
                "warning",
                URL,
                "holds credentials (user@): smarthook sends only the six documented headers, so "
                "they are not sent; how Cloud Softphone treats them is not documented",
            )
        )
    for count, match in enumerate(PLACEHOLDER.finditer(url)):
        if count == MAX_PLACEHOLDER_WARNINGS:
            break
        problems.append(
            Problem(
                "warning",
                URL,
                f"{match.group()} is not expanded in the URL: Cloud Softphone calls it as written",
                1,
                match.start() + 1,
            )
        )
    return problems


class _LineStarts:
    """Line and column of offsets into one text, its lines found once (n log n in all)."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [found.end() for found in re.finditer("\n", text)]

    def locate(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column of a character offset."""
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


def _placeholder_warning(placeholder: Placeholder, content_type: str) -> str | None:
    name = placeholder.name
    if not placeholder.known:
        hint = _did_you_mean(name)
        return f"%{name}% is not a parameter of this webhook and is sent as written{hint}"
    if name == PARTY_LIST_PARAMETER:
        return (
            f"%{name}% is not the documented spelling: the documentation's templates use "
            f"%{PARTY_LIST_PLACEHOLDER}%, and Cloud Softphone's handling of this one is not "
            "documented"
        )
    if content_type != JSON:
        return None
    if placeholder.is_party_list and placeholder.in_json_string and not placeholder.quoted:
        return (
            f"%{name}% expands to a JSON array, which cannot stand inside a string: write it "
            f'bare or as "%{name}%"'
        )
    if not placeholder.is_party_list and not placeholder.in_json_string:
        return (
            f"%{name}% stands outside a JSON string: its value is inserted as the inside of a "
            f'string, so quote it: "%{name}%"'
        )
    return None


#: Longer names are not compared for a suggestion: none of the known ones is near them.
_LONGEST_SUGGESTED = 2 * max(map(len, PLACEHOLDERS))


@lru_cache(maxsize=1024)
def _did_you_mean(name: str) -> str:
    """A known placeholder close to ``name``: same letters but ``_`` and case, or similar."""

    def folded(text: str) -> str:
        return text.replace("_", "").lower()

    for known in PLACEHOLDERS:
        if folded(known) == folded(name):
            return f" (did you mean %{known}%?)"
    if len(name) > _LONGEST_SUGGESTED:
        return ""
    import difflib

    close = difflib.get_close_matches(name, PLACEHOLDERS, n=1, cutoff=0.75)
    return f" (did you mean %{close[0]}%?)" if close else ""
