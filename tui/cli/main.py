"""The ``smarthook`` command line: the terminal UI, and the headless commands beside it."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any, NoReturn

from ...core import preset as presets
from ...core.draft import Draft, make_draft
from ...core.notification import Notification, Party
from ...core.preset import Preset
from ...core.problems import InputError, Problem
from ...core.verdict import EXIT_BAD_INPUT, EXIT_OK
from ...core.webhook import CONTENT_TYPES, DEFAULT_TIMEOUT
from . import check as check_command
from . import history as history_cli

if TYPE_CHECKING:
    from ...core.request import WebhookRequest

COMMANDS = ("render", "send", "receive", "export", "check", "presets", *history_cli.COMMANDS)


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit status 2."""

    def error(self, message: str) -> NoReturn:
        print(f"{self.prog}: error: {message} (see {self.prog} --help)", file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be above 0 seconds: {text!r}")
    return value


def _add_data_options(parser: argparse.ArgumentParser) -> None:
    data = parser.add_argument_group("sample notification (replaces the preset's values)")
    data.add_argument("--number", metavar="N", help="the new smart number")
    data.add_argument("--network", metavar="ID", help="the network id")
    data.add_argument("--uri", metavar="URI", help="the new smart SIP URI")
    data.add_argument(
        "--party",
        nargs=2,
        action="append",
        metavar=("USERNAME", "DEVICE"),
        help="one interested party; repeat for more (replaces the preset's list)",
    )
    data.add_argument(
        "--no-parties", action="store_true", help="send an empty list of interested parties"
    )
    data.add_argument("--content-type", metavar="T", help=" or ".join(CONTENT_TYPES))


def _build_parser() -> dict[str, argparse.ArgumentParser]:
    ui = _Parser(
        prog="smarthook",
        description="Compose, preview and send Cloud Softphone's new-smart-contact webhook. "
        f"Commands: {', '.join(COMMANDS)} (smarthook COMMAND --help).",
    )
    ui.add_argument(
        "preset",
        nargs="?",
        default=None,
        metavar="PRESET",
        help=f"preset to open (a path or a name; default: {presets.DEMO}, "
        "which also starts the local receiver)",
    )
    ui.add_argument("--present", action="store_true", help="presenter mode: hide secrets")
    parsers: dict[str, argparse.ArgumentParser] = {"": ui}

    render = _Parser(
        prog="smarthook render", description="Print the expanded body; warnings go to stderr."
    )
    render.add_argument("preset", metavar="PRESET")
    _add_data_options(render)
    parsers["render"] = render

    send = _Parser(
        prog="smarthook send",
        description="Send the notification as Cloud Softphone would and print the verdict.",
    )
    send.add_argument("preset", metavar="PRESET")
    send.add_argument("--url", help="send to this URL instead of the preset's")
    send.add_argument(
        "--timeout",
        type=_seconds,
        metavar="S",
        help=f"seconds for the whole exchange (default: the preset's, or {DEFAULT_TIMEOUT:g})",
    )
    send.add_argument("--insecure", action="store_true", help="do not verify the TLS certificate")
    send.add_argument("--json", action="store_true", help="print the result as one JSON object")
    send.add_argument("--user-agent", metavar="UA", help="the User-Agent header")
    send.add_argument(
        "--force", action="store_true", help="send even if the body fails its JSON or XML check"
    )
    send.add_argument("--no-history", action="store_true", help="do not keep this send")
    _add_data_options(send)
    parsers["send"] = send

    receive = _Parser(
        prog="smarthook receive",
        description="Run the local endpoint and print one line per request.",
    )
    receive.add_argument(
        "--host", help="address to listen on (default: 127.0.0.1; all interfaces only if named)"
    )
    receive.add_argument("--port", type=int, help="port (default: 8204)")
    receive.add_argument(
        "--status",
        type=int,
        default=204,
        metavar="CODE",
        help="status to answer with (default: 204)",
    )
    receive.add_argument(
        "--delay", type=float, default=0.0, metavar="S", help="seconds to wait before answering"
    )
    receive.add_argument(
        "--preset",
        metavar="PRESET",
        help="read each notification back through this preset's template",
    )
    parsers["receive"] = receive

    export = _Parser(prog="smarthook export", description="Print the request in another form.")
    export.add_argument("preset", metavar="PRESET")
    export.add_argument(
        "--as",
        dest="form",
        required=True,
        choices=("curl", "http", "portal"),
        help="curl: a curl command; http: the exact request bytes; "
        "portal: the three provisioning values",
    )
    export.add_argument("--url", help="use this URL instead of the preset's")
    _add_data_options(export)
    parsers["export"] = export

    check = _Parser(prog="smarthook check", description=check_command.DESCRIPTION)
    check.add_argument("preset", metavar="PRESET")
    check_command.add_arguments(check, _seconds)
    _add_data_options(check)
    parsers["check"] = check

    parsers["presets"] = _Parser(
        prog="smarthook presets",
        description="List the presets found: name, where it comes from, path, title.",
    )
    history_cli.add_parsers(parsers, _Parser)
    return parsers


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args_list = sys.argv[1:] if argv is None else argv
    command = args_list[0] if args_list and args_list[0] in COMMANDS else ""
    parser = _build_parser()[command]
    args = parser.parse_args(args_list[1:] if command else args_list)
    try:
        return _COMMANDS[command](args)
    except InputError as exc:
        return _bad_input(exc.problem, getattr(args, "json", False))
    except KeyboardInterrupt:
        return 130


def _bad_input(problem: Problem, as_json: bool = False) -> int:
    if as_json:
        import json

        print(json.dumps({"verdict": "bad input", "error": str(problem)}))
    print(f"smarthook: {problem}", file=sys.stderr)
    return EXIT_BAD_INPUT


def load_with_data(args: argparse.Namespace) -> Preset:
    """The preset named on the command line, with the data options applied."""
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
    if getattr(args, "url", None) is not None:
        preset = preset._replace(url=args.url)
    return preset


def _draft(preset: Preset) -> Draft:
    """The preset drafted, its warnings on stderr; an error that stops the body is raised."""
    draft = make_draft(preset)
    for problem in draft.warnings:
        print(f"smarthook: {problem}", file=sys.stderr)
    if draft.expansion is None:
        raise InputError(draft.errors[0])
    return draft


def _render(args: argparse.Namespace) -> int:
    draft = _draft(load_with_data(args))
    assert draft.expansion is not None
    sys.stdout.write(draft.expansion.body)
    sys.stdout.flush()
    return _bad_input(draft.body_problem) if draft.body_problem else EXIT_OK


def _request(draft: Draft) -> WebhookRequest:
    """The draft's request, or the error that stops it."""
    if draft.blocker is not None:
        raise InputError(draft.blocker)
    assert draft.request is not None
    return draft.request


def _export(args: argparse.Namespace) -> int:
    preset = load_with_data(args)
    if args.form == "portal":
        from ...core.request import check_url

        check_url(preset.url)
        sys.stdout.write(presets.portal_values(preset))
        return EXIT_OK
    draft = _draft(preset)
    outgoing = _request(draft)
    if args.form == "http":
        sys.stdout.flush()
        sys.stdout.buffer.write(outgoing.wire())
        sys.stdout.buffer.flush()
    else:
        print(outgoing.curl(preset.timeout))
    return _bad_input(draft.body_problem) if draft.body_problem else EXIT_OK


def _send(args: argparse.Namespace) -> int:
    import asyncio

    from ...core import send
    from ...core.describe import describe_outcome

    preset = load_with_data(args)
    if args.user_agent is not None:
        preset = preset._replace(user_agent=args.user_agent)
    if args.timeout is not None:
        preset = preset._replace(timeout=args.timeout)
    draft = _draft(preset)
    outgoing = _request(draft)
    problem = draft.body_problem
    if problem and not args.force:
        problem = problem._replace(message=problem.message + "; not sent (--force sends it anyway)")
        return _bad_input(problem, args.json)
    outcome = asyncio.run(send.send(outgoing, preset.timeout, args.insecure))
    kept, outcome = outcome, history_cli.shown_outcome(outcome)  # user:password never printed
    if args.json:
        import json

        print(json.dumps(outcome.to_json(), ensure_ascii=False))
    else:
        print(describe_outcome(outcome))
    for warning in outcome.warnings():
        print(f"smarthook: warning: {warning}", file=sys.stderr)
    sys.stdout.flush()
    history_cli.record_send(args, kept, preset)  # once the result is out: it never waits
    return outcome.verdict.exit_status


def _presets(args: argparse.Namespace) -> int:
    found = presets.available()
    width = max((len(entry.key) for entry in found), default=0)
    seen: set[str] = set()
    for entry in found:
        try:
            title = presets.load(entry.path).name
        except InputError as exc:
            title = f"(cannot be read: {exc.problem.message})"
        source = entry.source if entry.key not in seen else f"{entry.source}, hidden by the user's"
        seen.add(entry.key)
        print(f"{entry.key:<{width}}  {source:<8}  {entry.path}  {title}".rstrip())
    return EXIT_OK


def _receive(args: argparse.Namespace) -> int:
    from .receive import serve_forever

    return serve_forever(args)


def _check(args: argparse.Namespace) -> int:
    return check_command.run_check(args, load_with_data(args))


def _ui(args: argparse.Namespace) -> int:
    from ..app import run

    return run(args.preset, present=args.present)


_COMMANDS: dict[str, Any] = {
    "": _ui,
    "render": _render,
    "send": _send,
    "receive": _receive,
    "export": _export,
    "check": _check,
    "presets": _presets,
    "history": history_cli.run_history,
    "replay": history_cli.run_replay,
}


if __name__ == "__main__":
    sys.exit(main())
