"""The endpoint check (SPEC §10): a fixed battery of notifications, and the runner that sends it.

Each case is data: a name, one line saying what it proves, and a function that builds its
notification from the preset's sample. Every case is drafted through :func:`make_draft` and
sent through :func:`send`, so a case's request is byte for byte what ``smarthook send`` would
put on the wire for that notification. No Textual here: the command line and the UI both
run the battery through :func:`prepare` and :func:`run`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from . import problems
from .draft import Draft, make_draft
from .escaping import check_notification_encodable, escape_xml
from .notification import Notification, Party
from .preset import Preset
from .problems import InputError
from .verdict import EXIT_IGNORED, EXIT_NO_ANSWER, EXIT_OK, Kind
from .webhook import SUCCESS_STATUS, XML

if TYPE_CHECKING:
    from .send import Outcome

#: How many parties ``many-parties`` sends, and how long every value of ``long-values`` is.
MANY = 1000
LONG = 1000
#: The characters that break hand-written templates and parsers: ``escaping``'s values.
SPECIALS = "\"\\<>&'/\t"
#: Accented Latin, CJK, an emoji outside the BMP and right-to-left text: ``unicode``'s values.
UNICODE = "Zoë Çelik 山田太郎 😀 שלום"
#: A number in E.164 form, for a sample whose number holds no digits.
E164 = "+15551231234"


class Case(NamedTuple):
    """One notification of the battery: its name, what it proves, and how it is built."""

    name: str
    description: str
    build: Callable[[Notification], Notification]
    #: How many times it is sent in a row (``repeat`` sends the sample twice).
    requests: int = 1


def _every_value(notification: Notification, change: Callable[[str], str]) -> Notification:
    """The notification with ``change`` applied to the three scalars and every party's values.

    A sample without parties gets one, so that a party's values are tested too.
    """
    parties = tuple(
        Party(change(p.username), change(p.device))
        for p in notification.interested_parties or (_first_party(notification),)
    )
    return Notification(
        change(notification.new_smart_number),
        change(notification.network_id),
        change(notification.new_smart_uri),
        parties,
    )


def _first_party(notification: Notification) -> Party:
    parties = notification.interested_parties
    return parties[0] if parties else Party("eric", "erics_iphone")


def _many_parties(sample: Notification) -> Notification:
    first = _first_party(sample)
    parties = tuple(Party(f"{first.username}{n}", f"{first.device}{n}") for n in range(1, MANY + 1))
    return sample._replace(interested_parties=parties)


def _long(value: str) -> str:
    return ((value or "x") * LONG)[:LONG]


def _plus_number(sample: Notification) -> Notification:
    digits = "".join(char for char in sample.new_smart_number if char.isascii() and char.isdigit())
    return sample._replace(new_smart_number=f"+{digits}" if digits else E164)


BATTERY: tuple[Case, ...] = (
    Case("sample", "the preset's own notification", lambda sample: sample),
    Case(
        "no-parties",
        "an empty party list",
        lambda sample: sample._replace(interested_parties=()),
    ),
    Case(
        "one-party",
        "a single party",
        lambda sample: sample._replace(interested_parties=(_first_party(sample),)),
    ),
    Case("many-parties", f"{MANY:,} parties", _many_parties),
    Case(
        "escaping",
        "every field holds \" \\ < > & ' / and a tab",
        lambda sample: _every_value(sample, lambda value: f"{value} {SPECIALS} end"),
    ),
    Case(
        "unicode",
        "every field holds accented Latin, CJK, an emoji outside the BMP and right-to-left text",
        lambda sample: _every_value(sample, lambda value: f"{value} {UNICODE}"),
    ),
    Case(
        "long-values",
        f"every field {LONG:,} characters long",
        lambda sample: _every_value(sample, _long),
    ),
    Case("plus-number", "the number in E.164 form, with a leading +", _plus_number),
    Case("repeat", "the sample twice in a row: both must be answered 204", lambda s: s, 2),
)


def carries(content_type: str, notification: Notification) -> bool:
    """Whether the content type can carry every value of the notification at all."""
    values = [*notification.scalars().values()]
    for party in notification.interested_parties:
        values += [party.username, party.device]
    try:
        check_notification_encodable(notification)
        if content_type == XML:
            for value in values:
                escape_xml(problems.BODY, value)
    except InputError:
        return False
    return True


class Prepared(NamedTuple):
    """A case drafted from a preset: its notification and its request, ready to send."""

    case: Case
    draft: Draft

    @property
    def notification(self) -> Notification:
        return self.draft.preset.notification


def prepare(preset: Preset, battery: Sequence[Case] = BATTERY) -> tuple[Prepared, ...]:
    """Draft every case the preset's content type can carry; bad input is an InputError.

    The sample's body must pass its check (as for ``smarthook send``); another case whose
    body fails it is still sent, as Cloud Softphone would, with the failure kept on its draft.
    """
    prepared = []
    for case in battery:
        notification = case.build(preset.notification)
        if case.name != "sample" and not carries(preset.content_type, notification):
            continue
        draft = make_draft(preset._replace(notification=notification))
        if draft.blocker is not None:
            raise InputError(draft.blocker)
        if case.name == "sample" and draft.body_problem is not None:
            problem = draft.body_problem
            raise InputError(
                problem._replace(message=f"{problem.message}; fix the template before the check")
            )
        prepared.append(Prepared(case, draft))
    return tuple(prepared)


class CaseResult(NamedTuple):
    """What the endpoint made of one case: every answer, and the verdict on the case."""

    case: Case
    draft: Draft
    #: One outcome per request sent (``repeat`` stops after the first answer that is not 204).
    outcomes: tuple[Outcome, ...]
    #: The timeout each request had, for the words of a timeout.
    timeout: float

    @property
    def passed(self) -> bool:
        return len(self.outcomes) == self.case.requests and all(
            outcome.verdict.kind == "accepted" for outcome in self.outcomes
        )

    @property
    def outcome(self) -> Outcome:
        """The answer that decided the case: the first that is not 204, else the last."""
        return next((o for o in self.outcomes if o.verdict.kind != "accepted"), self.outcomes[-1])

    @property
    def status(self) -> int | None:
        return self.outcome.status

    @property
    def verdict(self) -> Kind:
        return self.outcome.verdict.kind

    @property
    def elapsed(self) -> float:
        """Seconds on the network, summed over the case's requests."""
        return sum(outcome.elapsed for outcome in self.outcomes)

    @property
    def why(self) -> str:
        """The verdict in a few words: ``accepted``, ``ignored: answered 413``, ``no answer: …``."""
        words = answer_words(self.outcome, self.timeout)
        position = self.outcomes.index(self.outcome)
        if not self.passed and self.case.requests > 1:
            words += f" (request {position + 1} of {self.case.requests})"
        return words

    def warnings(self) -> tuple[str, ...]:
        """What to know even when the case passed: a body that fails its check, a 204 body."""
        found: list[str] = []
        if self.draft.body_problem is not None:
            found.append(
                f"the body Cloud Softphone would send fails its check: {self.draft.body_problem}"
            )
        for outcome in self.outcomes:
            found += [warning for warning in outcome.warnings() if warning not in found]
        return tuple(found)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.case.name,
            "description": self.case.description,
            "passed": self.passed,
            "status": self.status,
            "verdict": self.verdict,
            "why": self.why,
            "elapsed_ms": round(self.elapsed * 1000, 3),
            "requests": len(self.outcomes),
            "bytes": len(self.draft.request.body) if self.draft.request else 0,
            "warnings": list(self.warnings()),
        }


def answer_words(outcome: Outcome, timeout: float) -> str:
    """One answer's verdict in a few words (the full sentence is ``outcome.verdict.summary``)."""
    kind = outcome.verdict.kind
    if kind == "accepted":
        return "accepted"
    if kind == "ignored":
        hint = ""
        if outcome.status == 200:
            hint = f" (answer {SUCCESS_STATUS} No Content instead)"
        elif outcome.status is not None and 300 <= outcome.status < 400:
            hint = " (redirects are not followed)"
        return f"ignored: answered {outcome.status}{hint}"
    if outcome.failure == "timeout":
        return f"no answer: timeout after {timeout:.1f} s"
    return f"no answer: {outcome.failure}"


#: Called after every request the check sends (history records them here, SPEC §9).
SentHook = Callable[[Draft, "Outcome"], None]


async def run(
    prepared: Sequence[Prepared],
    timeout: float,
    insecure: bool = False,
    sent: SentHook | None = None,
) -> AsyncIterator[CaseResult]:
    """Send the cases one after another, yielding each result as its case finishes."""
    from .send import send  # httpx: only once something is sent

    for case, draft in prepared:
        request = draft.request
        assert request is not None  # prepare() refuses a draft without one
        outcomes: list[Outcome] = []
        for _ in range(case.requests):
            outcome = await send(request, timeout, insecure)
            if sent is not None:
                sent(draft, outcome)
            outcomes.append(outcome)
            if outcome.verdict.kind != "accepted":
                break  # the case has failed; another request would only cost time
        yield CaseResult(case, draft, tuple(outcomes), timeout)


def exit_status(results: Sequence[CaseResult]) -> int:
    """0 all passed; 1 at least one answered with another status; 3 otherwise (no answer)."""
    if all(result.passed for result in results):
        return EXIT_OK
    if any(result.verdict == "ignored" for result in results):
        return EXIT_IGNORED
    return EXIT_NO_ANSWER


def tally(results: Sequence[CaseResult]) -> str:
    """``N passed, M failed``."""
    passed = sum(result.passed for result in results)
    return f"{passed} passed, {len(results) - passed} failed"
