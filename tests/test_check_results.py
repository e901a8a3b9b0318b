"""A case's result in words and as JSON, built from outcomes directly (no endpoint needed):
the words of each kind of answer, the warnings kept once, the figures of the JSON report."""

import pytest

from endpoint import Answer, Endpoint
from smarthook.core import check
from smarthook.core.check import Case, CaseResult, answer_words
from smarthook.core.draft import make_draft
from smarthook.core.notification import Notification, Party
from smarthook.core.preset import Preset
from smarthook.core.problems import InputError
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


# -- the battery, drafted ----------------------------------------------------------------------

SAMPLE = Notification("1 (555) 12-34", "net", "sip:a@b", (Party("ann", "pixel"), Party("bo", "x")))


def drafted(preset: Preset) -> dict[str, Notification]:
    return {prepared.case.name: prepared.notification for prepared in check.prepare(preset)}


def test_each_case_is_the_sample_changed_one_way() -> None:
    cases = drafted(PRESET._replace(notification=SAMPLE))
    assert list(cases) == [case.name for case in check.BATTERY]
    assert cases["sample"] == cases["repeat"] == SAMPLE
    assert cases["no-parties"] == SAMPLE._replace(interested_parties=())
    assert cases["one-party"] == SAMPLE._replace(interested_parties=(Party("ann", "pixel"),))
    many = cases["many-parties"].interested_parties
    assert len(many) == 1000 and many[0] == Party("ann1", "pixel1")
    assert many[-1] == Party("ann1000", "pixel1000")
    assert cases["escaping"] == Notification(
        "1 (555) 12-34 \"\\<>&'/\t end",
        "net \"\\<>&'/\t end",
        "sip:a@b \"\\<>&'/\t end",
        (Party("ann \"\\<>&'/\t end", "pixel \"\\<>&'/\t end"),
         Party("bo \"\\<>&'/\t end", "x \"\\<>&'/\t end")),
    )  # fmt: skip
    assert cases["unicode"].network_id == "net Zoë Çelik 山田太郎 😀 שלום"
    long = cases["long-values"]
    assert long.network_id == "net" * 333 + "n"
    assert long.interested_parties[1] == Party("bo" * 500, "x" * 1000)
    assert cases["plus-number"] == SAMPLE._replace(new_smart_number="+15551234")


def test_a_sample_without_parties_or_digits_gets_the_documented_ones() -> None:
    bare = Notification("unknown", "", "u", ())
    cases = drafted(PRESET._replace(notification=bare))
    assert cases["one-party"].interested_parties == (Party("eric", "erics_iphone"),)
    assert cases["many-parties"].interested_parties[0] == Party("eric1", "erics_iphone1")
    assert cases["escaping"].interested_parties == (
        Party("eric \"\\<>&'/\t end", "erics_iphone \"\\<>&'/\t end"),
    )
    assert cases["long-values"].network_id == "x" * 1000  # an empty value is made long too
    assert cases["plus-number"].new_smart_number == "+15551231234"
    assert cases["plus-number"].network_id == ""
    arabic = drafted(PRESET._replace(notification=bare._replace(new_smart_number="٣4")))
    assert arabic["plus-number"].new_smart_number == "+4"  # E.164 digits are ASCII


def test_a_case_the_content_type_cannot_carry_is_left_out() -> None:
    control = Case("control", "a control character", lambda n: n._replace(network_id="a\x01"))
    xml = PRESET._replace(content_type="application/xml", template="<n>%network_id%</n>")
    assert [p.case.name for p in check.prepare(xml, (check.BATTERY[0], control))] == ["sample"]
    assert [p.case.name for p in check.prepare(PRESET, (control,))] == ["control"]  # JSON: \u0001
    with pytest.raises(InputError):  # the sample itself is never left out: it is refused
        check.prepare(xml._replace(notification=SAMPLE._replace(network_id="a\x01")))
    assert not check.carries("application/json", SAMPLE._replace(network_id="\udc80"))
    assert check.carries("application/xml", SAMPLE)
    assert not check.carries("application/xml", SAMPLE._replace(
        interested_parties=(Party("a", "\x02"),)))  # fmt: skip


def test_a_sample_that_fails_its_check_stops_the_check_before_anything_is_sent() -> None:
    broken = PRESET._replace(template='{"n": %new_smart_number%}')
    with pytest.raises(InputError) as raised:
        check.prepare(broken._replace(notification=SAMPLE))
    assert raised.value.problem.message.endswith("; fix the template before the check")
    with pytest.raises(InputError):
        check.prepare(PRESET._replace(url="ftp://x/"))


# -- the run, over loopback --------------------------------------------------------------------


async def test_the_run_sends_each_case_and_stops_a_repeat_at_its_first_failure() -> None:
    endpoint = Endpoint()
    endpoint.answer = Answer(status=500, reason="Oops")
    preset = PRESET._replace(url=endpoint.url())
    sample, repeat = check.BATTERY[0], check.BATTERY[-1]
    sent: list[int | None] = []
    try:
        prepared = check.prepare(preset, (sample, repeat))
        results = [
            r async for r in check.run(prepared, 2.0, sent=lambda d, o: sent.append(o.status))
        ]
    finally:
        endpoint.close()
    assert [(r.case.name, len(r.outcomes), r.status) for r in results] == [
        ("sample", 1, 500),
        ("repeat", 1, 500),  # the second request would only cost time
    ]
    assert sent == [500, 500] and len(endpoint.received) == 2
    assert [r.outcome.insecure for r in results] == [False, False]
