"""``smarthook history`` and ``smarthook replay``: the kept sends and arrivals (SPEC §9)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from ...core.presenter import without_credentials
from ...core.problems import error, option
from ...core.safe_text import from_bytes, safe_line, safe_text
from ...core.verdict import EXIT_OK
from ...core.webhook import DEFAULT_TIMEOUT
from . import output

if TYPE_CHECKING:
    from ...core.history import History, HistoryEntry
    from ...core.preset import Preset
    from ...core.send import Outcome

COMMANDS = ("history", "replay")


def _warn(message: str) -> None:
    output.say(f"warning: {message}")


def open_history() -> History:
    from ...core.history import History  # sqlite3: only for the commands that keep or read

    return History(warn=_warn)


def recording(args: argparse.Namespace) -> bool:
    """Whether this command keeps what it sends (``--no-history``, SMARTHOOK_NO_HISTORY=1)."""
    from ...core.history import enabled

    return enabled() and not getattr(args, "no_history", False)


def record_send(args: argparse.Namespace, outcome: Outcome, preset: Preset) -> None:
    """Keep a send of ``smarthook send`` (after it is done: history never delays a send)."""
    if recording(args):
        open_history().record_send(outcome, preset)


def shown_outcome(outcome: Outcome) -> Outcome:
    """The outcome to print: the URL's user and password are never printed."""
    request = outcome.request
    return outcome._replace(request=request._replace(url=without_credentials(request.url)))


def add_parsers(parsers: dict[str, argparse.ArgumentParser], parser_class: Any) -> None:
    """The ``history`` and ``replay`` commands' parsers, added to the command line's."""
    history = parser_class(
        prog="smarthook history",
        description="List the kept sends and arrivals, newest first; show one; clear them.",
    )
    history.add_argument("--limit", type=int, default=20, metavar="N", help="at most N entries")
    history.add_argument("--json", action="store_true", help="print a JSON array")
    actions = history.add_subparsers(dest="action", parser_class=parser_class)
    show = actions.add_parser("show", help="show one entry whole")
    show.add_argument("id", type=int, metavar="ID")
    show.add_argument(
        "--as",
        dest="form",
        choices=("http", "curl", "json"),
        help="http: the request bytes; curl: a curl command; json: the entry whole",
    )
    actions.add_parser("clear", help="remove every entry (asks first on a terminal)")
    parsers["history"] = history

    replay = parser_class(
        prog="smarthook replay",
        description="Send a kept request again, byte for byte; exit status as for send.",
    )
    replay.add_argument("id", type=int, metavar="ID")
    replay.add_argument("--url", help="send to this URL instead (Host and target follow it)")
    replay.add_argument("--timeout", type=float, metavar="S", help="seconds for the exchange")
    replay.add_argument("--insecure", action="store_true", help="do not verify TLS")
    replay.add_argument("--json", action="store_true", help="print the result as JSON")
    replay.add_argument("--no-history", action="store_true", help="do not keep this send")
    parsers["replay"] = replay


def _entry(history: History, entry_id: int) -> HistoryEntry:
    entry = history.get(entry_id)
    if entry is None:
        raise error(option("id"), f"no history entry {entry_id} (smarthook history lists them)")
    return entry


def run_history(args: argparse.Namespace) -> int:
    history = open_history()
    if args.action == "show":
        return _show(_entry(history, args.id), args.form)
    if args.action == "clear":
        return _clear(history)
    summaries = history.entries(limit=max(args.limit, 0))
    if args.json:
        output.out(json.dumps([summary.to_json() for summary in summaries]))
        return EXIT_OK
    for summary in summaries:
        answer = f"{summary.status or '-'} {summary.verdict or ''}".strip()
        line = f"{summary.id:>5}  {summary.time[:19].replace('T', ' ')}  {summary.kind:<8}  "
        output.out(line + f"{answer:<12}  POST {safe_line(summary.url)}")
    return EXIT_OK


def _show(entry: HistoryEntry, form: str | None) -> int:
    if form == "json":
        output.out(json.dumps(entry.to_json()))
    elif form == "curl":
        output.out(safe_text(entry.request().curl(DEFAULT_TIMEOUT)))
    elif form == "http":
        output.out(from_bytes(entry.wire), end="", trusted=True)
    else:
        from ...core.history_entry import describe

        output.out(safe_text(describe(entry)))
    return EXIT_OK


def _clear(history: History) -> int:
    count = len(history.entries())
    if sys.stdin.isatty():
        answer = input(f"Remove all {count} history entries? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            output.out("Nothing removed.")
            return EXIT_OK
    history.clear()
    output.out(f"Removed {count} history entries.")
    return EXIT_OK


def run_replay(args: argparse.Namespace) -> int:
    import asyncio

    from ...core import send
    from ...core.describe import describe_outcome
    from ...core.draft import check_timeout
    from ...core.history_entry import retarget

    history = open_history()
    entry = _entry(history, args.id)
    timeout = args.timeout if args.timeout is not None else DEFAULT_TIMEOUT
    check_timeout(timeout)
    request = entry.request()
    if args.url is not None:
        request = retarget(request, args.url)
    outcome = asyncio.run(send.send(request, timeout, args.insecure))
    shown = shown_outcome(outcome)
    if args.json:
        output.out(json.dumps(shown.to_json(), ensure_ascii=False))
    else:
        output.out(safe_text(describe_outcome(shown)))
    for warning in outcome.warnings():
        _warn(warning)
    if recording(args):  # once the result is out: keeping it never delays it
        history.record_replay(outcome, entry)
    return outcome.verdict.exit_status
