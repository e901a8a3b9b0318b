"""How an arrival at the local receiver reads on screen: a log row, and its details.

Everything here comes from outside (a path, headers, a body anyone on this machine may
send), so every piece goes through :mod:`~smarthook.core.safe_text` and is built as data,
never parsed as markup.
"""

from rich.text import Text
from textual.content import Content

from ..core.describe import shown_part
from ..core.receiver import Entry, media_type
from ..core.safe_text import safe_line, safe_text
from ..core.webhook import SUCCESS_STATUS


def log_row(entry: Entry) -> tuple[Text, Text, Content, Text]:
    """The receiver log's cells for one arrival: time, path, status, short verdict."""
    status = Content.styled(
        str(entry.status), "$success" if entry.status == SUCCESS_STATUS else "$warning"
    )
    return (
        Text(f"{entry.time:%H:%M:%S}"),
        Text(safe_line(entry.path)),
        status,
        Text(safe_line(short_verdict(entry))),
    )


def short_verdict(entry: Entry) -> str:
    """A few words for the log: what was wrong, or whose notification it was."""
    if entry.problem is not None:
        return entry.problem.message
    if entry.readback_problem is not None:
        return "differs from the template"
    if entry.readback is not None:
        note = entry.readback.notification
        count = len(note.interested_parties)
        parties = "1 party" if count == 1 else f"{count} parties"
        return f"{note.new_smart_number or 'notification'}, {parties}"
    return f"{media_type(entry.content_type)} parses"


def arrival_details(entry: Entry) -> Content:
    """Everything about one arrival: answer, verdict, read-back, headers, pretty body."""
    problem = entry.problem or entry.readback_problem
    mark, style = ("✘", "bold $error") if problem else ("✔", "bold $success")
    delay = f" after {entry.delay:g} s" if entry.delay else ""
    parts = [
        Content.assemble((f"{mark} {safe_line(entry.verdict())}", style)),
        Content.assemble(
            ("request ", "dim"),
            safe_line(f"{entry.method} {entry.path}  from {entry.client or '?'}"),
        ),
        Content.assemble(("answer  ", "dim"), f"{entry.status}{delay}"),
        Content.assemble(("time    ", "dim"), f"{entry.time:%Y-%m-%d %H:%M:%S}"),
    ]
    if entry.readback is not None:
        note = entry.readback.notification
        carried = entry.readback.carried
        parts.append(Content.styled("notification read back", "bold"))
        for name, value in note.scalars().items():
            if name in carried:
                parts.append(
                    Content.assemble("  ", (f"{name}: ", "$text-primary"), safe_line(repr(value)))
                )
        if "interested_parties" in carried:
            parties = note.interested_parties
            parts.append(
                Content.assemble("  ", ("interested_parties: ", "$text-primary"), str(len(parties)))
            )
            parts += [
                Content(safe_line(f"    {number}. {party.username!r} on {party.device!r}"))
                for number, party in enumerate(parties, 1)
            ]
    elif entry.readback_problem is not None:
        parts.append(
            Content.assemble(("read-back ", "bold"), safe_line(str(entry.readback_problem)))
        )
    parts.append(Content.styled("headers", "bold"))
    parts += [
        Content.assemble("  ", (f"{safe_line(name)}:", "$text-primary"), f" {safe_line(value)}")
        for name, value in entry.headers
    ]
    if entry.body:
        text = safe_text(shown_part(entry.pretty, entry.size))
        parts += [Content.styled("body", "bold"), Content(text)]
    return Content("\n").join(parts)


def arrival_summary(entry: Entry, gave_up_at: float | None = None) -> Content:
    """The receiving side of a send to the local receiver, in two lines.

    ``gave_up_at`` is the sender's timeout when it stopped waiting before the receiver's
    held-back answer: then the answer came after the sender had given up, and that is said.
    """
    problem = entry.problem or entry.readback_problem
    mark, style = ("✘", "$error") if problem else ("✔", "$success")
    if gave_up_at is not None:
        answered = (
            f" by the local receiver as #{entry.number}: it answered {entry.status} after "
            f"Cloud Softphone had given up at {gave_up_at:.1f} s (it held the answer "
            f"{entry.delay:g} s)\n"
        )
    else:
        answered = f" by the local receiver as #{entry.number}, answered {entry.status}\n"
    return Content.assemble(
        ("received", "bold"), (answered, "dim"), (f"  {mark} ", style), safe_line(entry.verdict())
    )
