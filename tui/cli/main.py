"""The ``smarthook`` command line: the terminal UI, and the headless commands beside it.

:func:`main` is the boundary, the one place where every command ends: bad input is one line
and exit status 2, a closed standard output ends quietly with the command's own status,
Ctrl+C is 130, and anything else is one line ``smarthook: internal error: …`` and exit 70
(``EX_SOFTWARE``), never a traceback. A command is a parser and a function in
:data:`COMMANDS`; adding one there is all it takes to be inside that boundary.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from ...core import preset as presets
from ...core.draft import Draft, make_draft
from ...core.notification import Notification, Party
from ...core.preset import Preset
from ...core.problems import InputError, Problem
from ...core.safe_text import safe_line
from ...core.verdict import EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK
from ...core.webhook import DEFAULT_TIMEOUT
from . import output
from .options import Parser, add_data_options, add_wire_options, parse

if TYPE_CHECKING:
    from ...core.request import WebhookRequest


class Command(NamedTuple):
    """One subcommand: how its arguments are parsed, and what it does (returns the status)."""

    parser: Callable[[], argparse.ArgumentParser]
    run: Callable[[argparse.Namespace], int]


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status. Nothing escapes it but SystemExit."""
    output.prepare()
    args: argparse.Namespace | None = None
    try:
        words = sys.argv[1:] if argv is None else argv
        name = words[0] if words and words[0] in COMMANDS else ""
        args = parse(COMMANDS[name].parser(), words[1:] if name else words)
        status = COMMANDS[name].run(args)
        output.out("", end="")  # flush now: a closed pipe is noticed here, not at exit
        return status
    except InputError as exc:
        return bad_input(exc.problem, getattr(args, "json", False))
    except BrokenPipeError:  # argparse's --help: the one write not made through output.out
        output.stdout_closed()
        return EXIT_OK
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except RecursionError:
        output.say("error: input nested too deeply to handle")
        return EXIT_BAD_INPUT
    except Exception as exc:
        output.say(f"internal error: {type(exc).__name__}: {exc}")
        return EXIT_INTERNAL


def bad_input(problem: Problem, as_json: bool = False) -> int:
    """Say what is wrong, and where, in one line; exit status 2."""
    if as_json:
        import json

        output.out(json.dumps({"verdict": "bad input", "error": str(problem)}), trusted=True)
    output.say(str(problem))
    return EXIT_BAD_INPUT


# -- what the commands share ----------------------------------------------------------------


def load_with_data(args: argparse.Namespace) -> Preset:
    """The preset named on the command line, with the data and wire options applied."""
    preset, _ = presets.open_preset(args.preset)
    note = preset.notification
    parties = note.interested_parties
    if args.no_parties:
        parties = ()
    if args.party:
        parties = tuple(Party(username, device) for username, device in args.party)
    notification = Notification(
        args.number if args.number is not None else note.new_smart_number,
        args.network if args.network is not None else note.network_id,
        args.uri if args.uri is not None else note.new_smart_uri,
        parties,
    )
    preset = preset._replace(notification=notification)
    if args.content_type is not None:
        preset = preset._replace(content_type=args.content_type)
    for option in ("url", "user_agent", "timeout"):
        value = getattr(args, option, None)
        if value is not None:
            preset = preset._replace(**{option: value})
    return preset


def _draft(preset: Preset) -> Draft:
    """The preset drafted, its warnings on stderr; an error that stops the body is raised."""
    draft = make_draft(preset)
    for problem in draft.warnings:
        output.say(str(problem))
    if draft.expansion is None:
        raise InputError(draft.errors[0])
    return draft


def _request(draft: Draft) -> WebhookRequest:
    """The draft's request, or the error that stops it."""
    if draft.blocker is not None:
        raise InputError(draft.blocker)
    assert draft.request is not None
    return draft.request


# -- the commands: one parser and one function each -----------------------------------------


def _ui_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="smarthook",
        description="Compose, preview and send Cloud Softphone's new-smart-contact webhook. "
        f"Commands: {', '.join(name for name in COMMANDS if name)} (smarthook COMMAND --help).",
    )
    parser.add_argument(
        "preset",
        nargs="?",
        default=None,
        metavar="PRESET",
        help=f"preset to open (a path or a name; default: {presets.DEMO}, "
        "which also starts the local receiver)",
    )
    parser.add_argument(
        "--present", action="store_true", help="presenter mode: secrets in URLs shown as •••"
    )
    return parser


def _ui(args: argparse.Namespace) -> int:
    from .. import collector

    collector.starting()  # before Textual loads: its imports' young collections free nothing
    from ..app import run

    return run(args.preset, present=args.present)


def _render_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="smarthook render", description="Print the expanded body; warnings go to stderr."
    )
    parser.add_argument("preset", metavar="PRESET")
    add_data_options(parser)
    return parser


def _render(args: argparse.Namespace) -> int:
    draft = _draft(load_with_data(args))
    assert draft.expansion is not None
    output.out(draft.expansion.body, end="")
    return bad_input(draft.body_problem) if draft.body_problem else EXIT_OK


def _send_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="smarthook send",
        description="Send the notification as Cloud Softphone would and print the verdict.",
    )
    parser.add_argument("preset", metavar="PRESET")
    add_wire_options(parser, DEFAULT_TIMEOUT)
    parser.add_argument("--json", action="store_true", help="print the result as one JSON object")
    parser.add_argument(
        "--force", action="store_true", help="send even if the body fails its JSON or XML check"
    )
    parser.add_argument("--no-history", action="store_true", help="do not keep this send")
    add_data_options(parser)
    return parser


def _send(args: argparse.Namespace) -> int:
    import asyncio

    from ...core import send
    from ...core.describe import describe_outcome

    preset = load_with_data(args)
    draft = _draft(preset)
    outgoing = _request(draft)
    problem = draft.body_problem
    if problem and not args.force:
        problem = problem._replace(message=problem.message + "; not sent (--force sends it anyway)")
        return bad_input(problem, args.json)
    outcome = asyncio.run(send.send(outgoing, preset.timeout, args.insecure))
    from . import history as history_cli  # not before a send: render and export never load it

    kept, outcome = outcome, history_cli.shown_outcome(outcome)  # user:password never printed
    if args.json:
        import json

        output.out(json.dumps(outcome.to_json(), ensure_ascii=False))
    else:
        output.out(describe_outcome(outcome))
    for warning in outcome.warnings():
        output.say(f"warning: {warning}")
    output.out("", end="")  # the result is out before history is written: it never waits
    history_cli.record_send(args, kept, preset)
    return outcome.verdict.exit_status


def _export_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="smarthook export", description="Print the request in another form.")
    parser.add_argument("preset", metavar="PRESET")
    parser.add_argument(
        "--as",
        dest="form",
        required=True,
        choices=("curl", "http", "portal"),
        help="curl: a curl command; http: the exact request bytes; "
        "portal: the three provisioning values",
    )
    add_wire_options(parser, DEFAULT_TIMEOUT)
    add_data_options(parser)
    return parser


def _export(args: argparse.Namespace) -> int:
    preset = load_with_data(args)
    if args.form == "portal":
        from ...core.request import check_url

        check_url(preset.url)
        output.out(presets.portal_values(preset), end="")
        return EXIT_OK
    draft = _draft(preset)
    outgoing = _request(draft)
    if args.form == "http":
        output.out_bytes(outgoing.wire())
    else:
        output.out(outgoing.curl(preset.timeout, args.insecure))
    return bad_input(draft.body_problem) if draft.body_problem else EXIT_OK


def _presets_parser() -> argparse.ArgumentParser:
    return Parser(
        prog="smarthook presets",
        description="List the presets found: name, where it comes from, path, title.",
    )


def _presets(args: argparse.Namespace) -> int:
    found = presets.available()
    keys = [safe_line(entry.key) for entry in found]
    width = max(map(len, keys), default=0)
    seen: set[str] = set()
    for key, entry in zip(keys, found, strict=True):
        try:
            title = presets.load(entry.path).name
        except InputError as exc:
            title = f"(cannot be read: {exc.problem.message})"
        source = entry.source if entry.key not in seen else f"{entry.source}, hidden by the user's"
        seen.add(entry.key)
        line = f"{key:<{width}}  {source:<8}  {safe_line(entry.path)}  {safe_line(title)}"
        output.out(line.rstrip(), trusted=True)
    return EXIT_OK


def _receive_parser() -> argparse.ArgumentParser:
    from .receive import parser

    return parser()


def _receive(args: argparse.Namespace) -> int:
    from .receive import serve_forever

    return serve_forever(args)


def _check_parser() -> argparse.ArgumentParser:
    from . import check as check_command

    parser = Parser(prog="smarthook check", description=check_command.DESCRIPTION)
    parser.add_argument("preset", metavar="PRESET")
    add_wire_options(parser, DEFAULT_TIMEOUT)  # --timeout: for each request
    check_command.add_arguments(parser)
    add_data_options(parser)
    return parser


def _check(args: argparse.Namespace) -> int:
    from . import check as check_command

    return check_command.run_check(args, load_with_data(args))


def _history_parsers() -> dict[str, argparse.ArgumentParser]:
    parsers: dict[str, argparse.ArgumentParser] = {}
    from . import history as history_cli

    history_cli.add_parsers(parsers, Parser)
    return parsers


def _history(args: argparse.Namespace) -> int:
    from . import history as history_cli

    return history_cli.run_history(args)


def _replay(args: argparse.Namespace) -> int:
    from . import history as history_cli

    return history_cli.run_replay(args)


#: Every command by the word that names it ("" is the UI, with no command word).
COMMANDS: dict[str, Command] = {
    "": Command(_ui_parser, _ui),
    "render": Command(_render_parser, _render),
    "send": Command(_send_parser, _send),
    "receive": Command(_receive_parser, _receive),
    "export": Command(_export_parser, _export),
    "check": Command(_check_parser, _check),
    "presets": Command(_presets_parser, _presets),
    "history": Command(lambda: _history_parsers()["history"], _history),
    "replay": Command(lambda: _history_parsers()["replay"], _replay),
}


if __name__ == "__main__":
    sys.exit(main())
