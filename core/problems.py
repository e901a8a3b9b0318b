"""Problems with a place: what is wrong, where (a typed place), and what would be right."""

from typing import Final, Literal, NamedTuple

from .webhook import FIELD_LABELS

Severity = Literal["error", "warning"]

#: What a problem can be about. ``field`` is a notification field, ``party`` one field of
#: one party, ``file`` a preset file, ``option`` a setting of a command or of the receiver.
PlaceKind = Literal[
    "url", "content type", "template", "body", "parties", "field", "party", "file", "option"
]


class Place(NamedTuple):
    """Where a problem is: typed, so that a front end finds the thing without parsing a label.

    ``name`` is the field's name (``new_smart_uri``), the party key (``device``), the file's
    path or the option's name; ``number`` counts parties from 1.
    """

    kind: PlaceKind
    name: str = ""
    number: int = 0

    def __str__(self) -> str:
        if self.kind == "field":
            return FIELD_LABELS.get(self.name, self.name)
        if self.kind == "party":
            return f"party {self.number} {FIELD_LABELS.get(self.name, self.name)}"
        if self.kind == "parties":
            return FIELD_LABELS["interested_parties"]
        if self.kind in ("file", "option"):
            return self.name
        return self.kind


URL: Final = Place("url")
CONTENT_TYPE: Final = Place("content type")
TEMPLATE: Final = Place("template")
BODY: Final = Place("body")
PARTIES: Final = Place("parties")


def field(name: str) -> Place:
    """A notification field, by its parameter name."""
    return Place("field", name)


def party(number: int, key: str) -> Place:
    """One field (``username`` or ``device``) of party ``number`` (from 1)."""
    return Place("party", key, number)


def file(path: str) -> Place:
    """A preset file, or a preset argument that names none."""
    return Place("file", path)


def option(name: str) -> Place:
    """A setting: a command's option, the receiver's port, the preset's timeout…"""
    return Place("option", name)


class Problem(NamedTuple):
    """One lint warning or error.

    ``line`` and ``column`` count from 1; 0 means unknown. ``template_line`` and
    ``template_column`` locate a body problem in the template, when it falls inside
    template text.
    """

    severity: Severity
    where: Place
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
        place = str(self.where)
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


def error(where: Place, message: str, line: int = 0, column: int = 0) -> InputError:
    """An :class:`InputError` for one place."""
    return InputError(Problem("error", where, message, line, column))


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of a character offset into ``text``."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column
