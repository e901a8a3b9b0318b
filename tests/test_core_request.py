"""The request as Cloud Softphone sends it (SPEC §3), and its agreement with httpx's wire."""

import subprocess

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
        ("http://[", "cannot be parsed (Invalid IPv6 URL): http://["),
        ("http://[::1/x", "cannot be parsed (Invalid IPv6 URL): http://[::1/x"),
        ("https://[::1]:x/", "port that is not a number"),
        ("http://x.test/\udcff", "holds the byte \\xff, which is not UTF-8, at column 15"),
        ("http://x.test/\x1b[2J", "holds U+001B at column 15"),
    ],
)
def test_bad_urls(url: str, message: str) -> None:
    with pytest.raises(InputError) as raised:
        request.check_url(url)
    assert message in raised.value.problem.message
    assert str(raised.value.problem.where) == "url"


def test_user_agent_must_be_one_printable_line() -> None:
    with pytest.raises(InputError) as raised:
        request.build("http://x.test/", "application/json", "{}", "a\r\nX-Injected: 1")
    assert str(raised.value.problem) == (
        "user agent: error: must be one line of printable ASCII: a\\r\\nX-Injected: 1"
    )


@pytest.mark.parametrize("timeout", [0.0, -1.0, float("nan"), float("inf"), float("-inf")])
def test_a_timeout_that_cannot_bound_a_send_is_refused(timeout: float) -> None:
    with pytest.raises(InputError) as raised:
        request.check_timeout(timeout)
    assert raised.value.problem.message == f"must be a number of seconds above 0, not {timeout}"


def test_verdicts() -> None:
    assert judge(204, 0) == (
        "accepted", "accepted: Cloud Softphone counts the notification as delivered", ()
    )  # fmt: skip
    assert judge(204, 12).warnings == ("a 204 carries no content, but this one declares 12 bytes",)
    dropped = "ignored: Cloud Softphone only counts 204 and silently drops a"
    assert judge(200, 0).summary == f"{dropped} 200 (answer 204 No Content instead of 200)"
    assert (judge(500, 0).kind, judge(500, 0).summary, judge(500, 0).exit_status) == (
        "ignored", f"{dropped} 500", 1
    )  # fmt: skip
    assert judge(301, 0, "https://y.test/").summary == (
        f"{dropped} 301 (redirects to https://y.test/ are not followed: "
        "point the URL at the final address)"
    )


def test_curl_leaves_credentials_out_as_send_does() -> None:
    built = request.build("https://user:pw@x.test:8443/h?q=1", "application/json", "{}", "UA")
    command = built.curl(10)
    assert command.startswith(
        "printf -- '{}' |\ncurl --http1.1 --request POST 'https://x.test:8443/h?q=1' "
    )
    assert command.endswith(" \\\n  --max-time 10 \\\n  --data-binary @-")
    assert "pw" not in command


@pytest.mark.parametrize("shell", ["sh", "bash"])
def test_the_curl_body_is_printed_exactly_for_any_bytes(shell: str) -> None:
    text = "".join(map(chr, range(1, 0x250))) + "\u202e\u2066\udcff@-%s%%\\'\"$(id)`id`\n"
    body = text.encode("utf-8", "surrogateescape")
    printf = request.shell_bytes(body)
    assert all(char == "\n" or " " <= char <= "~" or char.isprintable() for char in printf)
    done = subprocess.run([shell, "-c", f"printf -- {printf}"], capture_output=True, timeout=30)
    assert done.returncode == 0
    assert done.stdout == body
