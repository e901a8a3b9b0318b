"""Party lines as people paste them: one party a line, username and device apart."""

from .notification import Party
from .problems import PARTIES, error


def parse_party_lines(text: str) -> list[Party]:
    """The parties in pasted text: ``username<TAB>device`` or ``username,device`` a line.

    Blank lines are skipped and each value is stripped. A line without both values is an
    input error naming its line.
    """
    parties = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        separator = "\t" if "\t" in line else ","
        username, found, device = line.partition(separator)
        username, device = username.strip(), device.strip()
        if not found or not username or not device:
            raise error(
                PARTIES,
                f"line {number} is not 'username, device' (a tab or a comma between them): "
                f"{line.strip()!r}",
                number,
            )
        parties.append(Party(username, device))
    return parties
