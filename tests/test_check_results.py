"""A case's result in words and as JSON, built from outcomes directly (no endpoint needed):
the words of each kind of answer, the warnings kept once, the figures of the JSON report."""

import pytest

from smarthook.core import check
from smarthook.core.check import Case, CaseResult, answer_words
from smarthook.core.draft import make_draft
from smarthook.core.preset import Preset
from smarthook.core.request import build
from smarthook.core.send import Outcome
from smarthook.core.verdict import judge, transport_failure

TEMPLATE = '{"n": "%new_smart_number%"}'
PRESET = Preset(url="http://127.0.0.1:9/hook", template=TEMPLATE)
REQUEST = build(PRESET.url, "application/json", '{"n": "1"}', "ua")


def answered(status: int, body_length: int = 0, elapsed: float = 0.0) -> Outcome:
    return Outcome(REQUEST, judge(status, body_length), status=status, elapsed=elapsed)


def failed(failure: str) -> Outcome:
    return Outcome(REQUEST, transport_failure(failure, "detail"), failure=failure)


@pytest.mark.parametrize(
    ("outcome", "words"),
    [
        (answered(204), "accepted"),
        (answered(200), "ignored: answered 200 (answer 204 No Content instead)"),
        (answered(299), "ignored: answered 299"),
        (answered(300), "ignored: answered 300 (redirects are not followed)"),
        (answered(301), "ignored: answered 301 (redirects are not followed)"),
        (answered(399), "ignored: answered 399 (redirects are not followed)"),
        (answered(400), "ignored: answered 400"),
        (answered(500), "ignored: answered 500"),
        (failed("timeout"), "no answer: timeout after 2.5 s"),
        (failed("connection refused"), "no answer: connection refused"),
    ],
)
def test_each_kind_of_answer_in_a_few_words(outcome: Outcome, words: str) -> None:
    assert answer_words(outcome, 2.5) == words


def result(case: Case, *outcomes: Outcome, preset: Preset = PRESET) -> CaseResult:
    return CaseResult(case, make_draft(preset), outcomes, 2.5)


def test_a_passed_case_as_json() -> None:
    repeat = Case("repeat", "the same notification twice", lambda n: n, requests=2)
    done = result(repeat, answered(204, elapsed=0.0061234), answered(204, elapsed=0.0062222))
    assert done.to_json() == {
        "name": "repeat",
        "description": "the same notification twice",
        "passed": True,
        "status": 204,
        "verdict": "accepted",
        "why": "accepted",
        "elapsed_ms": 12.346,
        "requests": 2,
        "bytes": len(make_draft(PRESET).request.body),  # type: ignore[union-attr]
        "warnings": [],
    }


def test_a_case_that_could_not_be_built_sends_no_bytes() -> None:
    case = Case("sample", "the sample", lambda n: n)
    blocked = result(case, failed("connection refused"), preset=PRESET._replace(url="ftp://x/"))
    assert blocked.draft.request is None
    assert blocked.to_json()["bytes"] == 0
    assert blocked.to_json()["why"] == "no answer: connection refused"


def test_warnings_are_the_body_check_then_each_answers_warning_once() -> None:
    broken = PRESET._replace(template='{"n": %new_smart_number%}')  # a number left unquoted
    draft = make_draft(
        broken._replace(notification=broken.notification._replace(new_smart_number="1+1"))
    )
    assert draft.body_problem is not None
    case = Case("repeat", "twice", lambda n: n, requests=2)
    done = CaseResult(case, draft, (answered(204, 5), answered(204, 5), answered(204, 7)), 2.5)
    assert done.warnings() == (
        f"the body Cloud Softphone would send fails its check: {draft.body_problem}",
        "a 204 carries no content, but this one declares 5 bytes",
        "a 204 carries no content, but this one declares 7 bytes",
    )
    assert result(case, answered(204), answered(204)).warnings() == ()


def test_a_failed_repeat_says_which_request_failed() -> None:
    case = Case("repeat", "twice", lambda n: n, requests=2)
    second = result(case, answered(204), answered(409))
    assert second.why == "ignored: answered 409 (request 2 of 2)"
    assert check.exit_status([second]) != 0
