"""Problems with a place: what is wrong, where, and what would be right."""

from typing import Literal, NamedTuple

Severity = Literal["error", "warning"]


class Problem(NamedTuple):
    """One lint warning or error.

    ``where`` names the thing at fault: ``template``, ``body``, ``url``, ``content type``, a
    notification field, or a file path. ``line`` and ``column`` count from 1; 0 means unknown.
    ``template_line``/``template_column`` locate a body problem in the template, when it
    falls inside template text.
    """

    severity: Severity
    where: str
    message: str
    line: int = 0
    column: int = 0
    template_line: int = 0
    template_column: int = 0

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def location(self) -> str:
        """``where:line:column`` with the parts that are known."""
        place = self.where
        if self.line:
            place += f":{self.line}:{self.column}" if self.column else f":{self.line}"
        return place

    def __str__(self) -> str:
        text = f"{self.location()}: {self.severity}: {self.message}"
        if self.template_line:
            text += f" (template line {self.template_line}, column {self.template_column})"
        return text


class InputError(Exception):
    """Bad input that stops the work: carries the one problem to show."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def error(where: str, message: str, line: int = 0, column: int = 0) -> InputError:
    """An :class:`InputError` for one place."""
    return InputError(Problem("error", where, message, line, column))


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of a character offset into ``text``."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column
