"""More exact results from the survivors of ``make mutate`` (issue 12): line counting, the
draft's order of problems, the JSON form of an outcome, transport failure names, and how the
receiver shows what arrived.
"""

from datetime import datetime

import httpcore
import pytest

from smarthook.core import problems
from smarthook.core.draft import make_draft
from smarthook.core.notification import Notification, Party
from smarthook.core.preset import Preset
from smarthook.core.problems import BODY, CONTENT_TYPE, URL, Problem, line_and_column
from smarthook.core.readback import ReadBack
from smarthook.core.receiver import Entry, pretty_body
from smarthook.core.request import build
from smarthook.core.send import Outcome, _classify
from smarthook.core.verdict import judge
from smarthook.core.webhook import JSON, XML


def test_line_and_column_after_a_leading_line_break() -> None:
    assert line_and_column("\nab", 0) == (1, 1)
    assert line_and_column("\nab", 1) == (2, 1)
    assert line_and_column("\nab", 2) == (2, 2)
    assert line_and_column("\n\nab", 3) == (3, 2)


def test_a_party_place_uses_the_field_label() -> None:
    assert str(problems.party(2, "new_smart_uri")) == "party 2 new smart URI"


# --- draft --------------------------------------------------------------------------------

GOOD = Preset(
    url="http://127.0.0.1:8204/hook",
    template='{"n": "%new_smart_number%"}',
    notification=Notification("555"),
)


def test_errors_keep_the_order_they_were_found_in() -> None:
    draft = make_draft(GOOD._replace(url="ftp://x/", timeout=-1.0))
    assert [problem.where for problem in draft.errors] == [URL, problems.option("timeout")]
    assert draft.blocker is not None and draft.blocker.where == URL


def test_an_unknown_content_type_has_no_body_problem() -> None:
    draft = make_draft(GOOD._replace(content_type="text/csv"))
    assert draft.body_problem is None
    assert draft.blocker is not None and draft.blocker.where == CONTENT_TYPE


def test_lint_still_runs_when_a_value_cannot_be_carried() -> None:
    preset = GOOD._replace(content_type=XML, template="<n>%new_smart_number%</n>")
    draft = make_draft(preset._replace(notification=Notification("\x01")))
    assert draft.expansion is None
    assert Problem("warning", problems.TEMPLATE, "never uses %network_id%") in draft.warnings


def test_json_lint_runs_with_the_presets_content_type() -> None:
    draft = make_draft(GOOD._replace(template='{"n": %new_smart_number%}'))
    assert any("stands outside a JSON string" in problem.message for problem in draft.warnings)


def test_a_bad_user_agent_blocks_with_its_own_problem() -> None:
    draft = make_draft(GOOD._replace(user_agent="a\nb"))
    assert draft.request is None
    assert draft.blocker is not None
    assert draft.blocker.where == problems.option("user agent")


# --- outcome and transport failures --------------------------------------------------------------


def test_to_json_rounds_timings_to_microseconds() -> None:
    request = build("http://x/", JSON, "{}", "UA")
    outcome = Outcome(
        request,
        judge(204, 0),
        204,
        timings=(("connect", 0.00123456), ("first byte", 0.0025)),
        elapsed=0.0031234567,
        body=b"\xff",
    )
    document = outcome.to_json()
    assert document["timings_ms"] == {"connect": 1.235, "first byte": 2.5}
    assert document["elapsed_ms"] == 3.123
    assert document["body"] == "\ufffd"
    assert document["http_version"] is None


def _caused(exc: Exception, cause: BaseException) -> Exception:
    exc.__cause__ = cause
    return exc


@pytest.mark.parametrize(
    ("exc", "named"),
    [
        (httpcore.ConnectError("boom"), ("connect", "boom")),
        (httpcore.ConnectError(""), ("connect", "ConnectError")),
        (httpcore.RemoteProtocolError(""), ("protocol error", "RemoteProtocolError")),
        (httpcore.LocalProtocolError("bad"), ("protocol error", "bad")),
        (httpcore.WriteError("reset"), ("protocol error", "the connection broke: reset")),
        (httpcore.ReadError(""), ("protocol error", "the connection broke: ReadError")),
        (httpcore.UnsupportedProtocol(""), ("transport", "UnsupportedProtocol")),
        (httpcore.UnsupportedProtocol("odd"), ("transport", "odd")),
        (
            _caused(httpcore.ConnectError("x"), ConnectionRefusedError()),
            ("connection refused", "nothing is listening at that address and port"),
        ),
        (
            _caused(httpcore.ConnectError("x"), __import__("socket").gaierror(-2, "unknown")),
            ("DNS", "[Errno -2] unknown"),
        ),
    ],
)
def test_transport_failures_are_named(exc: Exception, named: tuple[str, str]) -> None:
    assert _classify(exc) == named


def test_a_tls_failure_is_named_by_its_reason_or_its_text() -> None:
    import ssl

    error = ssl.SSLError(1, "handshake went wrong")
    error.reason = None
    assert _classify(_caused(httpcore.ConnectError("x"), error)) == ("TLS", str(error))
    error.reason = "WRONG_VERSION_NUMBER"
    assert _classify(_caused(httpcore.ConnectError("x"), error)) == (
        "TLS",
        "WRONG_VERSION_NUMBER (plain HTTP on this port? try http://)",
    )


# --- what the receiver shows -------------------------------------------------------------------


def test_pretty_body() -> None:
    assert pretty_body(JSON, '{"a":[1,"é"]}') == '{\n  "a": [\n    1,\n    "é"\n  ]\n}'
    assert pretty_body(XML, "<a><b>x</b><c/></a>") == "<a>\n  <b>x</b>\n  <c />\n</a>"
    assert pretty_body(XML, "<a>") == "<a>"
    assert pretty_body(XML, '<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>') == (
        '<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>'
    )
    assert pretty_body("text/plain", '{"a":1}') == '{"a":1}'
    assert pretty_body(JSON, "<a><b/></a>") == "<a><b/></a>"


def _entry(content_type: str, **changes: object) -> Entry:
    entry = Entry(
        1,
        datetime(2026, 1, 1),
        "POST",
        "/",
        "127.0.0.1:1",
        (("Content-Type", content_type), ("X-Twice", "one"), ("x-twice", "two")),
        b"{}",
        2,
        204,
    )
    return entry.__class__(**{**entry.__dict__, **changes})


def test_entry_headers() -> None:
    entry = _entry(JSON)
    assert entry.header("x-twice") == "one"
    assert entry.header("X-TWICE") == "one"
    assert entry.header("missing") == ""
    assert entry.content_type == JSON


def test_entry_verdicts() -> None:
    assert _entry(JSON).verdict() == "JSON parses"
    assert _entry("application/xml; charset=utf-8").verdict() == "XML parses"
    refused = _entry(JSON, problem=Problem("error", BODY, "body too large"))
    assert refused.verdict() == "body too large"
    differs = _entry(XML, readback_problem=Problem("error", BODY, "expected <b>", 2, 3))
    assert differs.verdict() == "XML parses, but differs from the template: body:2:3: expected <b>"
    note = Notification("1", interested_parties=(Party("u", "d"),))
    read = _entry(JSON, readback=ReadBack(note, ("new_smart_number",)))
    assert read.verdict() == 'number "1"'


def test_pretty_body_leaves_a_dtd_as_it_came() -> None:
    assert pretty_body(XML, "<!DOCTYPE a []><a><b/></a>") == "<!DOCTYPE a []><a><b/></a>"
