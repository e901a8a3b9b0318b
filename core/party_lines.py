"""Party lines as people paste them: one party a line, username and device apart."""

from .notification import Party
from .problems import PARTIES, Problem, error
from .safe_text import safe_line


def read_party_lines(text: str) -> tuple[list[Party], list[Problem]]:
    """The parties in pasted text, and a problem for every line that is not one party.

    A line is ``username<TAB>device`` or, without a tab, ``username,device``; blank lines are
    skipped and each value is stripped. A line without both values, or with more than one
    separator (``x<TAB>y<TAB>z``, ``a, b ,c``: which part is the device?), is a problem
    naming its line.
    """
    parties, problems = [], []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        separator = "\t" if "\t" in line else ","
        username, found, device = line.partition(separator)
        username, device = username.strip(), device.strip()
        shown = safe_line(line.strip())
        if separator in device:
            name = "tab" if separator == "\t" else "comma"
            message = (
                f"line {number} has more than one {name}, so which part is the device is "
                f"unclear: '{shown}'"
            )
        elif not found or not username or not device:
            message = (
                f"line {number} is not 'username, device' (a tab or a comma between them): "
                f"'{shown}'"
            )
        else:
            parties.append(Party(username, device))
            continue
        problems.append(Problem("error", PARTIES, message, number))
    return parties, problems


def parse_party_lines(text: str) -> list[Party]:
    """The parties in pasted text; the first line that is not one party is an input error."""
    parties, problems = read_party_lines(text)
    if problems:
        first = problems[0]
        raise error(first.where, first.message, first.line)
    return parties
