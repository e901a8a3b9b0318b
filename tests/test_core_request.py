"""The request as Cloud Softphone sends it (SPEC §3), and its agreement with httpx's wire."""

import httpx
import pytest

from smarthook.core import request
from smarthook.core.problems import InputError
from smarthook.core.verdict import judge

URLS = [
    "http://example.com",
    "http://example.com:80/a",
    "https://example.com:443/a?b=c",
    "https://Example.COM:8443/a/b/?x=1&y=%20z",
    "http://127.0.0.1:8204/smartcontactnotification",
    "http://[::1]:8204/hook",
    "http://bücher.example/straße?q=ü",
    "http://example.com/a;b/c@d:e!$&'()*+,=~",
]


@pytest.mark.parametrize("url", URLS)
def test_host_and_target_agree_with_httpx(url: str) -> None:
    ours = request.build(url, "application/json", "{}", "UA")
    theirs = httpx.Request("POST", url)
    assert dict(ours.headers)["Host"] == theirs.headers["Host"]
    assert ours.target == theirs.url.raw_path.decode("ascii")


def test_exactly_six_headers_in_order() -> None:
    built = request.build("https://x.test/h", "application/xml", "<a>é</a>", "Sync Server 1.1")
    assert built.headers == (
        ("Host", "x.test"),
        ("Connection", "close"),
        ("Cache-Control", "max-age=0"),
        ("User-Agent", "Sync Server 1.1"),
        ("Content-Type", "application/xml"),
        ("Content-Length", "9"),
    )
    assert built.wire().startswith(b"POST /h HTTP/1.1\r\nHost: x.test\r\n")
    assert built.wire().endswith(b"\r\n\r\n<a>\xc3\xa9</a>")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "must start with http:// or https:// (got no scheme)"),
        ("ftp://x.test/", "must start with http:// or https:// (got ftp:)"),
        ("example.com/hook", "got no scheme"),
        ("http://", "has no host"),
        ("http://x.test:99999/", "port that is not a number"),
        ("http://x.test/a b", "holds a space at column 16"),
    ],
)
def test_bad_urls(url: str, message: str) -> None:
    with pytest.raises(InputError) as raised:
        request.check_url(url)
    assert message in raised.value.problem.message
    assert str(raised.value.problem.where) == "url"


def test_user_agent_must_be_one_printable_line() -> None:
    with pytest.raises(InputError):
        request.build("http://x.test/", "application/json", "{}", "a\r\nX-Injected: 1")


def test_verdicts() -> None:
    assert judge(204, 0).kind == "accepted" and not judge(204, 0).warnings
    assert judge(204, 12).warnings
    assert "instead of 200" in judge(200, 0).summary
    assert judge(500, 0).kind == "ignored" and judge(500, 0).exit_status == 1
    assert "not followed" in judge(301, 0, "https://y.test/").summary


def test_curl_leaves_credentials_out_as_send_does() -> None:
    built = request.build("https://user:pw@x.test:8443/h?q=1", "application/json", "{}", "UA")
    command = built.curl(10)
    assert command.startswith("curl --http1.1 --request POST 'https://x.test:8443/h?q=1' ")
    assert "pw" not in command
