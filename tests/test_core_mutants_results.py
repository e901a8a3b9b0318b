"""Exact results of the request, the body check, the draft and the descriptions of a send.

Written against the survivors of ``make mutate`` (issue 12), through public functions only.
"""

import os

import pytest

from smarthook.core import describe, problems
from smarthook.core.body_check import check_body, check_text
from smarthook.core.draft import LARGE, check_timeout, is_large, make_draft
from smarthook.core.notification import Notification, Party
from smarthook.core.preset import Preset
from smarthook.core.problems import BODY, URL, InputError, Problem
from smarthook.core.request import WebhookRequest, build, check_url
from smarthook.core.send import Outcome
from smarthook.core.template import expand
from smarthook.core.verdict import judge, transport_failure
from smarthook.core.webhook import JSON, XML

# --- request -------------------------------------------------------------------------------


def test_wire_is_exact() -> None:
    built = build("http://x.test:8080/a%20b?c=%C3%A9", JSON, '{"é": 1}', "UA 1")
    assert built.target == "/a%20b?c=%C3%A9"
    assert built.wire() == (
        b"POST /a%20b?c=%C3%A9 HTTP/1.1\r\n"
        b"Host: x.test:8080\r\n"
        b"Connection: close\r\n"
        b"Cache-Control: max-age=0\r\n"
        b"User-Agent: UA 1\r\n"
        b"Content-Type: application/json\r\n"
        b"Content-Length: 9\r\n"
        b"\r\n"
        b'{"\xc3\xa9": 1}'
    )


@pytest.mark.parametrize(
    ("url", "host", "target"),
    [
        ("http://x.test", "x.test", "/"),
        ("http://x.test:80/", "x.test", "/"),
        ("https://x.test:443/p", "x.test", "/p"),
        ("http://x.test:443/p", "x.test:443", "/p"),
        ("https://x.test:80/p", "x.test:80", "/p"),
        ("http://[::1]/p", "[::1]", "/p"),
        ("http://[::1]:8204/p", "[::1]:8204", "/p"),
        ("http://bücher.test/", "xn--bcher-kva.test", "/"),
        ("http://x.test/?q", "x.test", "/?q"),
        ("http://x.test/p?", "x.test", "/p"),
        ("http://x.test/ü?ü=ü", "x.test", "/%C3%BC?%C3%BC=%C3%BC"),
        ("http://x.test/!#$&'()*+,/:;=?@[]~", "x.test", "/!"),
        (
            "http://x.test/a!$&'()*+,/:;=@[]~\"<>^`{|}",
            "x.test",
            "/a!$&'()*+,/:;=@[]~%22%3C%3E%5E%60%7B%7C%7D",
        ),
    ],
)
def test_host_and_target(url: str, host: str, target: str) -> None:
    built = build(url, XML, "", "UA")
    assert dict(built.headers)["Host"] == host
    assert built.target == target
    assert built.url == url
    assert dict(built.headers)["Content-Length"] == "0"


def test_a_host_that_idna_cannot_encode_is_named() -> None:
    with pytest.raises(InputError) as raised:
        build("http://a..b/", JSON, "", "UA")
    assert raised.value.problem == Problem(
        "error", URL, "has a host name that cannot be encoded: a..b"
    )


@pytest.mark.parametrize(
    ("url", "message", "column"),
    [
        ("http://x.test/a b", "holds a space at column 16", 16),
        ("\x00http://x", "holds U+0000 at column 1", 1),
        ("http://x/\x1f", "holds U+001F at column 10", 10),
        ("http://x/\x7f", "holds U+007F at column 10", 10),
        ("http://x/\t", "holds U+0009 at column 10", 10),
    ],
)
def test_unsendable_characters_are_placed(url: str, message: str, column: int) -> None:
    with pytest.raises(InputError) as raised:
        check_url(url)
    assert raised.value.problem == Problem("error", URL, message, 1, column)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "must start with http:// or https:// (got no scheme): (empty)"),
        ("ftp://x.test/", "must start with http:// or https:// (got ftp:): ftp://x.test/"),
        ("x.test/h", "must start with http:// or https:// (got no scheme): x.test/h"),
        ("http://", "has no host: http://"),
        ("https://:80/", "has no host: https://:80/"),
        ("http://x:65536/", "has a port that is not a number from 0 to 65535: http://x:65536/"),
        ("http://x:ab/", "has a port that is not a number from 0 to 65535: http://x:ab/"),
    ],
)
def test_bad_urls_exactly(url: str, message: str) -> None:
    with pytest.raises(InputError) as raised:
        check_url(url)
    assert raised.value.problem == Problem("error", URL, message)


@pytest.mark.parametrize("url", ["http://x:0/", "http://x:65535/", "HTTPS://x/"])
def test_good_urls(url: str) -> None:
    check_url(url.lower() if url.startswith("HTTPS") else url)


@pytest.mark.parametrize("agent", ["", " ", "~", "Sync Server 1.1"])
def test_printable_user_agents(agent: str) -> None:
    assert dict(build("http://x/", JSON, "", agent).headers)["User-Agent"] == agent


@pytest.mark.parametrize(
    ("agent", "shown"),
    [("a\x1f", "a\\u001f"), ("a\x7f", "a\\u007f"), ("é", "é"), ("a\nb", "a\\nb")],
)
def test_user_agent_refused(agent: str, shown: str) -> None:
    with pytest.raises(InputError) as raised:
        build("http://x/", JSON, "", agent)
    assert raised.value.problem == Problem(
        "error",
        problems.option("user agent"),
        f"must be one line of printable ASCII: {shown}",
    )


def test_curl_is_exact() -> None:
    built = build("https://u:p@x.test:8443/h?q=1", JSON, "{'a'}", "UA")
    assert built.curl(2.5) == (
        "printf -- '{'\\''a'\\''}' |\n"
        "curl --http1.1 --request POST 'https://x.test:8443/h?q=1' \\\n"
        "  --header 'Connection: close' \\\n"
        "  --header 'Cache-Control: max-age=0' \\\n"
        "  --header 'User-Agent: UA' \\\n"
        "  --header 'Content-Type: application/json' \\\n"
        "  --header 'Accept:' \\\n"
        "  --header 'Expect:' \\\n"
        "  --max-time 2.5 \\\n"
        "  --data-binary @-"
    )
    insecure = build("http://x.test/", XML, "<a/>", "UA").curl(10, insecure=True)
    assert insecure.endswith(" \\\n  --max-time 10 \\\n  --insecure \\\n  --data-binary @-")
    assert insecure.startswith(
        "printf -- '<a/>' |\ncurl --http1.1 --request POST http://x.test/ \\\n"
    )


# --- body check ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "content_type", "found"),
    [
        ("{}", JSON, None),
        ("<a/>", XML, None),
        (
            '{"a": 1,}',
            JSON,
            ("not valid JSON: Expecting property name enclosed in double quotes", 1, 9),
        ),
        ('{\n "a": x}', JSON, ("not valid JSON: Expecting value", 2, 7)),
        ("[NaN]", JSON, ("not valid JSON: NaN is not a JSON value", 0, 0)),
        ("[-Infinity]", JSON, ("not valid JSON: -Infinity is not a JSON value", 0, 0)),
        ("\n\n  <a>\n <b></a>", XML, ("not well-formed XML: mismatched tag", 4, 7)),
        ("<a>", XML, ("not well-formed XML: no element found", 1, 4)),
        (
            "<!DOCTYPE a []><a/>",
            XML,
            (
                "refused: the body declares a DTD (<!DOCTYPE …>), which a receiver must not"
                " process",
                0,
                0,
            ),
        ),
    ],
)
def test_check_text(body: str, content_type: str, found: tuple[str, int, int] | None) -> None:
    expected = None if found is None else Problem("error", BODY, *found)
    assert check_text(body, content_type) == expected


def test_check_body_places_the_problem_in_the_template_too() -> None:
    template = '{\n  "n": "%new_smart_number%",\n  "x": oops\n}'
    expansion = expand(template, JSON, Notification("12345"))
    assert check_body(expansion) == Problem(
        "error", BODY, "not valid JSON: Expecting value", 3, 8, 3, 8
    )
    template = '{"n": "%new_smart_number%", "x": oops}'
    expansion = expand(template, JSON, Notification("12345"))
    assert check_body(expansion) == Problem(
        "error", BODY, "not valid JSON: Expecting value", 1, 21, 1, 34
    )


def test_check_body_leaves_the_template_out_when_the_problem_is_in_a_value() -> None:
    template = '{"list": %interestedParties%}'
    expansion = expand(template, JSON, Notification(interested_parties=(Party("a", "b"),)))
    assert check_body(expansion) is None
    template = "<a>%new_smart_number%</a>"
    # A value cannot break XML (it is escaped), but a placeholder left bare in JSON can.
    expansion = expand('{"n": %new_smart_number%}', JSON, Notification("x"))
    problem = check_body(expansion)
    assert problem is not None
    assert (problem.line, problem.column) == (1, 7)
    assert (problem.template_line, problem.template_column) == (0, 0)
    assert check_body(expand(template, XML, Notification("x"))) is None
    assert check_body(expand("[NaN]", JSON, Notification())) == Problem(
        "error", BODY, "not valid JSON: NaN is not a JSON value"
    )


# --- draft ------------------------------------------------------------------------------------

GOOD = Preset(
    url="http://127.0.0.1:8204/hook",
    template='{"n": "%new_smart_number%"}',
    notification=Notification("555"),
)


def test_a_good_draft_has_a_request_and_no_blocker() -> None:
    draft = make_draft(GOOD)
    assert draft.request == build(GOOD.url, JSON, '{"n": "555"}', "Sync Server 1.1")
    assert draft.blocker is None
    assert draft.body_problem is None
    assert draft.expansion is not None and draft.expansion.body == '{"n": "555"}'
    assert draft.preset == GOOD


def test_a_bad_url_blocks_but_the_body_is_still_expanded() -> None:
    draft = make_draft(GOOD._replace(url="ftp://x/"))
    assert draft.request is None
    assert draft.blocker == Problem(
        "error", URL, "must start with http:// or https:// (got ftp:): ftp://x/"
    )
    assert draft.expansion is not None


def test_a_bad_timeout_blocks() -> None:
    draft = make_draft(GOOD._replace(timeout=0.0))
    assert draft.request is None
    assert draft.blocker == Problem(
        "error", problems.option("timeout"), "must be a number of seconds above 0, not 0.0"
    )


def test_a_body_that_does_not_parse_is_not_a_blocker() -> None:
    preset = GOOD._replace(template='{"n": %new_smart_number%}')
    draft = make_draft(preset._replace(notification=Notification("x5")))
    assert draft.body_problem is not None
    assert draft.body_problem in draft.errors
    assert draft.request is not None
    assert draft.blocker is None


def test_errors_come_first_and_warnings_are_kept() -> None:
    draft = make_draft(GOOD._replace(template='{"n": "%new_smart_numbr%"}', url="x"))
    kinds = [problem.severity for problem in draft.problems]
    assert kinds == sorted(kinds)  # "error" sorts before "warning"
    assert draft.errors and draft.warnings
    assert all(problem.is_error for problem in draft.errors)
    assert not any(problem.is_error for problem in draft.warnings)
    assert draft.problems == draft.errors + draft.warnings


def test_an_unknown_content_type_is_one_error_without_lint() -> None:
    draft = make_draft(GOOD._replace(content_type="text/plain"))
    assert draft.expansion is None
    assert draft.request is None
    assert [problem.where for problem in draft.problems] == [problems.CONTENT_TYPE]


def test_a_value_xml_cannot_carry_blocks() -> None:
    preset = GOOD._replace(content_type=XML, template="<n>%new_smart_number%</n>")
    draft = make_draft(preset._replace(notification=Notification("\x01")))
    assert draft.request is None
    assert draft.blocker is not None
    assert draft.blocker.where == problems.field("new_smart_number")


@pytest.mark.parametrize("timeout", [0.0, -1.0, float("nan"), float("inf"), float("-inf")])
def test_check_timeout_refuses(timeout: float) -> None:
    with pytest.raises(InputError) as raised:
        check_timeout(timeout)
    assert raised.value.problem.message == f"must be a number of seconds above 0, not {timeout}"


@pytest.mark.parametrize("timeout", [1e-9, 0.5, 10.0, 1e300])
def test_check_timeout_accepts(timeout: float) -> None:
    check_timeout(timeout)


def test_is_large() -> None:
    assert LARGE == 20_000
    assert is_large(GOOD._replace(template="x" * 20_000)) is False
    assert is_large(GOOD._replace(template="x" * 20_001)) is True
    parties = (Party("u", "d"),)
    assert not is_large(GOOD._replace(notification=Notification(interested_parties=parties * 833)))
    assert is_large(GOOD._replace(notification=Notification(interested_parties=parties * 834)))


# --- describe --------------------------------------------------------------------------------

REQUEST = WebhookRequest(
    "http://x.test/h", "/h", (("Host", "x.test"), ("Content-Type", "application/json")), b"{}"
)


def test_duration() -> None:
    assert describe.duration(0.0032) == "3.2 ms"
    assert describe.duration(0.99999) == "1000.0 ms"
    assert describe.duration(1) == "1.00 s"
    assert describe.duration(1.256) == "1.26 s"


def test_describe_an_answer() -> None:
    outcome = Outcome(
        REQUEST,
        judge(200, 2),
        status=200,
        reason="OK",
        http_version="HTTP/1.1",
        headers=(("A", "1"), ("B", "2")),
        body=b"ok",
        elapsed=0.012,
        timings=(("connect", 0.0003), ("first byte", 0.011)),
    )
    assert describe.timing_line(outcome) == "12.0 ms (connect 0.3 ms, first byte 11.0 ms)"
    assert describe.status_line(outcome) == "HTTP/1.1 200 OK"
    assert describe.body_text(outcome) == "ok"
    assert describe.describe_outcome(outcome) == (
        "POST http://x.test/h (application/json, 2 bytes)\n"
        "HTTP/1.1 200 OK in 12.0 ms (connect 0.3 ms, first byte 11.0 ms)\n"
        "ignored: Cloud Softphone only counts 204 and silently drops a 200"
        " (answer 204 No Content instead of 200)\n"
        "  A: 1\n"
        "  B: 2\n"
        "\n"
        "ok"
    )


def test_describe_a_cut_body_and_no_body() -> None:
    cut = Outcome(
        REQUEST, judge(200, 9), 200, "OK", "HTTP/1.1", body=b"ab\xff", body_truncated=True
    )
    assert describe.body_text(cut) == "ab\\xff\n… (only the first 3 bytes are shown)"
    empty = Outcome(REQUEST, judge(204, 0), 204, "", "HTTP/1.1", elapsed=2.0)
    assert describe.status_line(empty) == "HTTP/1.1 204"
    assert describe.timing_line(empty) == "2.00 s"
    assert describe.describe_outcome(empty) == (
        "POST http://x.test/h (application/json, 2 bytes)\n"
        "HTTP/1.1 204 in 2.00 s\n"
        "accepted: Cloud Softphone counts the notification as delivered"
    )


def test_describe_no_answer() -> None:
    failed = Outcome(
        REQUEST._replace(headers=()), transport_failure("timeout", "late"), failure="timeout"
    )
    assert describe.status_line(failed) == "no answer: timeout"
    assert describe.describe_outcome(failed) == (
        "POST http://x.test/h (, 2 bytes)\nno answer: timeout in 0.0 ms\nno answer (timeout): late"
    )


def test_preset_origin(tmp_path: object) -> None:
    from smarthook.core.preset import shipped_folder, user_folder

    assert describe.preset_origin(None) == "new"
    assert describe.preset_origin(os.path.join(shipped_folder(), "a.toml")) == "shipped"
    assert describe.preset_origin(os.path.join(user_folder(), "a.toml")) == "user"
    assert describe.preset_origin(os.path.join("sub", "a.toml")) == os.path.join("sub", "a.toml")
    home = os.path.expanduser("~")
    outside = os.path.join(home, "elsewhere-smarthook-test", "a.toml")
    if not os.path.relpath(outside).startswith(os.pardir):
        pytest.skip("the working folder is above the home folder")
    assert describe.preset_origin(outside) == os.path.join(
        "~", "elsewhere-smarthook-test", "a.toml"
    )
    root = os.path.join(os.sep, "smarthook-nowhere", "a.toml")
    assert describe.preset_origin(root) == root


def test_curl_drops_credentials_whose_password_holds_an_at_sign() -> None:
    built = build("https://u:p@ss@x.test/h", JSON, "{}", "UA")
    assert built.curl(1).startswith(
        "printf -- '{}' |\ncurl --http1.1 --request POST https://x.test/h \\\n"
    )
    assert dict(built.headers)["Host"] == "x.test"
