"""What the JSON and XML readers share: matching text against the template's text (in
linear time), keeping the values found, and placing a difference in body and template."""

from typing import Any

from ..notification import Notification, Party
from ..problems import BODY, InputError, Problem, line_and_column
from .shape import ReadBack, Shape, quoted


class Mismatch(Exception):
    """The body differs from the template: (message, body place, template place)."""

    def __init__(self, message: str, body_place: Any, template_place: Any) -> None:
        super().__init__(message)
        self.message = message
        self.body_place = body_place
        self.template_place = template_place


class Reader:
    """Captures values and assembles the notification; a subclass walks one content type."""

    def __init__(self, shape: Shape, body: str) -> None:
        self.shape = shape
        self.body = body
        self.values: dict[str, str] = {}
        self.parties: tuple[Party, ...] | None = None

    def capture(self, expected: str, got: str, body_place: Any, template_place: Any) -> None:
        """Match ``got`` against template text that may hold sentinels; keep their values."""
        pieces = self.shape.sentinels.split(expected)
        if len(pieces) == 1:
            if expected != got:
                raise Mismatch(
                    f"expected {quoted(expected)}, found {quoted(got)}",
                    body_place,
                    template_place,
                )
            return
        values = split_on_literals(pieces, got)
        if values is None:
            raise Mismatch(
                f"expected text of the form {quoted(self.shape.shown(expected))}, "
                f"found {quoted(got)}",
                body_place,
                template_place,
            )
        names = [self.shape.names[found] for found in self.shape.sentinels.findall(expected)]
        for name, value in zip(names, values, strict=True):
            self.keep(name, value, body_place, template_place)

    def keep(self, name: str, value: str, body_place: Any, template_place: Any) -> None:
        if name in self.values and self.values[name] != value:
            raise Mismatch(
                f"%{name}% is {quoted(value)} here but {quoted(self.values[name])} earlier",
                body_place,
                template_place,
            )
        self.values[name] = value

    def keep_parties(
        self, parties: tuple[Party, ...], body_place: Any, template_place: Any
    ) -> None:
        if self.parties is not None and self.parties != parties:
            raise Mismatch(
                "this party list differs from the one earlier in the body",
                body_place,
                template_place,
            )
        self.parties = parties

    def result(self) -> ReadBack:
        values = self.values
        notification = Notification(
            values.get("new_smart_number", ""),
            values.get("network_id", ""),
            values.get("new_smart_uri", ""),
            self.parties or (),
        )
        return ReadBack(notification, self.shape.carried)

    def problem(self, message: str, body_offset: int, template_offset: int | None) -> InputError:
        line, column = line_and_column(self.body, body_offset)
        problem = Problem("error", BODY, message, line, column)
        if template_offset is not None:
            expansion = self.shape.expansion
            in_template = expansion.template_offset(template_offset)
            if in_template is not None:
                template_line, template_column = line_and_column(expansion.template, in_template)
                problem = problem._replace(
                    template_line=template_line, template_column=template_column
                )
        return InputError(problem)


def split_on_literals(pieces: list[str], text: str) -> list[str] | None:
    """The values between the literal ``pieces`` of a template text, or None if it does not fit.

    ``pieces`` are the literal parts around n ≥ 1 values (n + 1 of them). The text must start
    with the first piece and end with the last; each piece between is taken at its first
    occurrence, left to right, so each value but the last is as short as it can be, and the
    last takes the rest. Leftmost is always a fit when any placement is, so this finds what a
    lazy ``(.*?)`` pattern would, in one pass with ``str.find`` (linear, never backtracking).
    """
    first, *middle, last = pieces
    end = len(text) - len(last)
    if end < len(first) or not text.startswith(first) or not text.endswith(last):
        return None
    values = []
    position = len(first)
    for piece in middle:
        found = text.find(piece, position, end)
        if found < 0:
            return None
        values.append(text[position:found])
        position = found + len(piece)
    values.append(text[position:end])
    return values
