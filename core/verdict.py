"""What Cloud Softphone would make of the endpoint's answer."""

from typing import Final, Literal, NamedTuple

from .webhook import SUCCESS_STATUS

Kind = Literal["accepted", "ignored", "failed"]

#: Exit statuses of every command: success (for ``send``, the answer was 204), another
#: status, bad input, no answer.
EXIT_OK: Final = 0
EXIT_IGNORED: Final = 1
EXIT_BAD_INPUT: Final = 2
EXIT_NO_ANSWER: Final = 3
#: The command line's own: interrupted (Ctrl+C, 128 + SIGINT), and a bug (``EX_SOFTWARE``).
EXIT_INTERRUPTED: Final = 130
EXIT_INTERNAL: Final = 70

#: Exit status of ``smarthook send`` for each kind of verdict.
EXIT_STATUS: dict[Kind, int] = {
    "accepted": EXIT_OK,
    "ignored": EXIT_IGNORED,
    "failed": EXIT_NO_ANSWER,
}


class Verdict(NamedTuple):
    kind: Kind
    #: One line: what Cloud Softphone does with this answer.
    summary: str
    warnings: tuple[str, ...] = ()

    @property
    def exit_status(self) -> int:
        return EXIT_STATUS[self.kind]


def judge(status: int, body_length: int, location: str | None = None) -> Verdict:
    """The verdict on an HTTP answer."""
    if status == SUCCESS_STATUS:
        warnings: tuple[str, ...] = ()
        if body_length:
            warnings = (f"a 204 carries no content, but this one declares {body_length} bytes",)
        return Verdict(
            "accepted", "accepted: Cloud Softphone counts the notification as delivered", warnings
        )
    summary = f"ignored: Cloud Softphone only counts {SUCCESS_STATUS} and silently drops a {status}"
    if status == 200:
        summary += " (answer 204 No Content instead of 200)"
    elif 300 <= status < 400:
        target = f" to {location}" if location else ""
        summary += f" (redirects{target} are not followed: point the URL at the final address)"
    return Verdict("ignored", summary)


def transport_failure(kind: str, detail: str) -> Verdict:
    """The verdict when no answer came: ``kind`` names the failure (DNS, TLS, timeout…)."""
    return Verdict("failed", f"no answer ({kind}): {detail}")
