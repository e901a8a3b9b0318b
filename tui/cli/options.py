"""The command line's option parsing: one-line usage errors, checked values, the data options."""

import argparse
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from ...core.problems import InputError
from ...core.request import check_timeout
from ...core.safe_text import safe_line
from ...core.verdict import EXIT_BAD_INPUT
from ...core.webhook import CONTENT_TYPES


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit status 2."""

    def error(self, message: str) -> NoReturn:
        line = safe_line(f"{self.prog}: error: {message} (see {self.prog} --help)")
        print(line, file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT)


def seconds(text: str) -> float:
    """A ``--timeout``: a finite number of seconds above 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    try:
        check_timeout(value)
    except InputError:
        raise argparse.ArgumentTypeError(f"must be a number of seconds above 0: {text!r}") from None
    return value


class AppendPair(argparse.Action):
    """``append`` for ``--party``, in place: argparse's own copies the list on every use,
    which makes 10,000 parties quadratic."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        found = getattr(namespace, self.dest, None)
        if not isinstance(found, list):
            found = list(found or ())
            setattr(namespace, self.dest, found)
        found.append(values)


def parse(parser: argparse.ArgumentParser, words: list[str]) -> argparse.Namespace:
    """``parser.parse_args(words)``, in time linear in the number of ``--party`` options.

    argparse looks at every remaining option for each option it takes (10,000 parties: 20 s),
    so the ``--party USERNAME DEVICE`` triples are taken out first, in order, and argparse
    parses the rest. Anything unusual (a value that starts with ``-``, ``--``) is left to
    argparse whole, so that the meaning of a command line never depends on this shortcut.
    """
    if parser.get_default("party") is None:  # the command has no --party
        return parser.parse_args(words)
    rest: list[str] = []
    parties: list[list[str]] = []
    index = 0
    while index < len(words):
        word = words[index]
        if word == "--":
            return parser.parse_args(words)
        pair = words[index + 1 : index + 3]
        if word == "--party" and len(pair) == 2:
            if any(value.startswith("-") for value in pair):
                return parser.parse_args(words)
            parties.append(pair)
            index += 3
        else:
            rest.append(word)
            index += 1
    return parser.parse_args(rest, argparse.Namespace(party=parties))


def add_data_options(parser: argparse.ArgumentParser) -> None:
    """The sample notification's options, shared by render, send and export."""
    data = parser.add_argument_group("sample notification (replaces the preset's values)")
    data.add_argument("--number", metavar="N", help="the new smart number")
    data.add_argument("--network", metavar="ID", help="the network id")
    data.add_argument("--uri", metavar="URI", help="the new smart SIP URI")
    data.add_argument(
        "--party",
        nargs=2,
        action=AppendPair,
        default=(),
        metavar=("USERNAME", "DEVICE"),
        help="one interested party; repeat for more (replaces the preset's list)",
    )
    data.add_argument(
        "--no-parties", action="store_true", help="send an empty list of interested parties"
    )
    data.add_argument("--content-type", metavar="T", help=" or ".join(CONTENT_TYPES))


def add_wire_options(parser: argparse.ArgumentParser, default_timeout: float) -> None:
    """The options that change what goes on the wire, shared by send and export (SPEC §6)."""
    parser.add_argument("--url", help="use this URL instead of the preset's")
    parser.add_argument(
        "--timeout",
        type=seconds,
        metavar="S",
        help=f"seconds for the whole exchange (default: the preset's, or {default_timeout:g})",
    )
    parser.add_argument("--user-agent", metavar="UA", help="the User-Agent header")
    parser.add_argument("--insecure", action="store_true", help="do not verify the TLS certificate")
