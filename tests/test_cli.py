"""The command line end to end: real sends over loopback, exit statuses, bad input (SPEC §6)."""

import json
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from endpoint import Answer, Endpoint, free_port
from smarthook.tui.cli import main

SIX_HEADERS = [
    "Host",
    "Connection",
    "Cache-Control",
    "User-Agent",
    "Content-Type",
    "Content-Length",
]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_send_204_is_accepted_with_exactly_six_headers(
    endpoint: Endpoint, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "send", "docs-json", "--url", endpoint.url())
    assert status == 0
    assert "204 No Content" in out and "accepted" in out
    [request] = endpoint.received
    assert request.request_line == "POST /smartcontactnotification HTTP/1.1"
    assert [name for name, _ in request.headers] == SIX_HEADERS
    headers = dict(request.headers)
    assert headers["Host"] == f"127.0.0.1:{endpoint.port}"
    assert headers["Connection"] == "close"
    assert headers["Cache-Control"] == "max-age=0"
    assert headers["User-Agent"] == "Sync Server 1.1"
    assert headers["Content-Type"] == "application/json"
    assert int(headers["Content-Length"]) == len(request.body)
    assert json.loads(request.body)["interestedParties"][0] == {
        "username": "eric",
        "device": "erics_iphone",
    }


def test_credentials_in_the_url_are_not_sent_and_are_warned_about(
    endpoint: Endpoint, capsys: pytest.CaptureFixture[str]
) -> None:
    url = endpoint.url().replace("http://", "http://user:secret@")
    status, _, err = run(capsys, "send", "local-demo", "--url", url)
    assert status == 0
    assert "url: warning: holds credentials" in err
    [request] = endpoint.received
    assert [name for name, _ in request.headers] == SIX_HEADERS
    assert dict(request.headers)["Host"] == f"127.0.0.1:{endpoint.port}"


def test_send_xml_with_data_options_and_utf8_length(
    endpoint: Endpoint, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, _ = run(
        capsys, "send", "docs-xml", "--url", endpoint.url(), "--number", "+420 ☎",
        "--party", "zoë", "tablet", "--party", "b&c", "<d>", "--user-agent", "Probe/2",
    )  # fmt: skip
    assert status == 0
    [request] = endpoint.received
    headers = dict(request.headers)
    assert headers["Content-Type"] == "application/xml"
    assert headers["User-Agent"] == "Probe/2"
    assert int(headers["Content-Length"]) == len(request.body) > len(request.body.decode())
    body = request.body.decode()
    assert "<new_smart_number>+420 ☎</new_smart_number>" in body
    assert body.count("<party>") == 2 and "<username>b&amp;c</username>" in body


def test_export_http_is_the_exact_wire_request(
    endpoint: Endpoint, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    url = endpoint.url("/hook/é?a=1&b=%20x~y")
    assert main(["export", "docs-json", "--as", "http", "--url", url, "--party", "é", "d"]) == 0
    exported = capsysbinary.readouterr().out
    assert main(["send", "docs-json", "--url", url, "--party", "é", "d"]) == 0
    assert endpoint.received[0].raw == exported


def test_send_200_is_ignored(endpoint: Endpoint, capsys: pytest.CaptureFixture[str]) -> None:
    endpoint.answer = Answer(200, "OK", body=b"fine")
    status, out, _ = run(capsys, "send", "local-demo", "--url", endpoint.url())
    assert status == 1
    assert "ignored" in out and "answer 204 No Content instead of 200" in out
    assert "fine" in out


def test_send_204_with_a_body_warns(endpoint: Endpoint, capsys: pytest.CaptureFixture[str]) -> None:
    endpoint.answer = Answer(204, "No Content", headers=[("Content-Length", "3")], body=b"abc")
    status, _, err = run(capsys, "send", "local-demo", "--url", endpoint.url())
    assert status == 0
    assert "a 204 carries no content" in err


def test_redirect_is_not_followed(endpoint: Endpoint, capsys: pytest.CaptureFixture[str]) -> None:
    endpoint.answer = Answer(302, "Found", headers=[("Location", endpoint.url("/elsewhere"))])
    status, out, _ = run(capsys, "send", "local-demo", "--url", endpoint.url(), "--json")
    result = json.loads(out)
    assert status == 1 and result["verdict"] == "ignored" and result["status"] == 302
    assert "not followed" in result["summary"]
    assert len(endpoint.received) == 1


def test_refused_connection_is_a_transport_failure(capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{free_port()}/x"
    status, out, _ = run(capsys, "send", "local-demo", "--url", url, "--json")
    result = json.loads(out)
    assert status == 3
    assert result["verdict"] == "failed" and result["failure"] == "connection refused"


def test_timeout_is_a_transport_failure(
    endpoint: Endpoint, capsys: pytest.CaptureFixture[str]
) -> None:
    endpoint.answer = Answer(delay=2.0)
    status, out, _ = run(capsys, "send", "local-demo", "--url", endpoint.url(), "--timeout", "0.3")
    assert status == 3
    assert "no answer (timeout)" in out


def test_a_hang_up_is_a_protocol_error(
    endpoint: Endpoint, capsys: pytest.CaptureFixture[str]
) -> None:
    endpoint.answer = Answer(hang_up=True)
    status, out, _ = run(capsys, "send", "local-demo", "--url", endpoint.url(), "--json")
    result = json.loads(out)
    assert status == 3 and result["failure"] == "protocol error"
    assert "disconnected" in result["summary"]


def test_dns_failure_is_named(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The resolver is answered here, so that no lookup leaves the machine.
    def no_such_name(host: str, *args: object, **kwargs: object) -> object:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_name)
    status, out, _ = run(capsys, "send", "local-demo", "--url", "http://hooks.example.test/x")
    assert status == 3
    assert "no answer (DNS): cannot resolve hooks.example.test: Name or service not known" in out


@pytest.fixture
def tls_endpoint() -> Iterator[tuple[Endpoint, Path]]:
    trustme = pytest.importorskip("trustme")
    authority = trustme.CA()
    import ssl

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(context)
    server = Endpoint(tls=context)
    yield server, authority
    server.close()


def test_untrusted_certificate_is_a_tls_failure_and_insecure_warns(
    tls_endpoint: tuple[Endpoint, object], capsys: pytest.CaptureFixture[str]
) -> None:
    server, _ = tls_endpoint
    status, out, _ = run(capsys, "send", "local-demo", "--url", server.url(), "--json")
    assert status == 3 and json.loads(out)["failure"] == "TLS"
    status, out, err = run(capsys, "send", "local-demo", "--url", server.url(), "--insecure")
    assert status == 0
    assert "TLS verification was switched off" in err
    assert [name for name, _ in server.received[0].headers] == SIX_HEADERS


def test_plain_http_server_behind_https_url_is_a_tls_failure(
    endpoint: Endpoint, capsys: pytest.CaptureFixture[str]
) -> None:
    url = endpoint.url().replace("http://", "https://")
    status, out, _ = run(capsys, "send", "local-demo", "--url", url, "--json")
    assert status == 3 and json.loads(out)["failure"] == "TLS"


def test_render_prints_the_body_and_warnings_go_to_stderr(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    preset = tmp_path / "p.toml"
    text = (Path(__file__).parent.parent / "presets" / "docs-json.toml").read_text()
    preset.write_text(text.replace('"%network_id%"', '"%network%"'))
    status, out, err = run(capsys, "render", str(preset), "--number", 'a"b')
    assert status == 0
    assert json.loads(out)["newSmartNumber"] == 'a"b'
    assert json.loads(out)["networkId"] == "%network%"
    assert "template:3:20: warning: %network% is not a parameter" in err
    assert "never uses %network_id%" in err


BAD_TEMPLATE = """
[provisioning]
smartContactNotificationUrl = "%s"
smartContactNotificationContentType = "%s"
smartContactNotificationPostData = '{"n": "%%new_smart_number%%",}'
[notification]
new_smart_number = "1"
network_id = "n"
new_smart_uri = "u"
"""


@pytest.mark.parametrize(
    ("command", "content", "expected"),
    [
        (["render"], "name = \n", "p.toml:1:8: error: not TOML"),
        (["render"], 'bogus = 1\n[provisioning]\n', "p.toml:1: error: bogus is not a preset key"),
        (["render"], BAD_TEMPLATE % ("http://x.test/", "text/xml"),
         "content type: error: text/xml is not supported: use application/json or application/xml"),
        (["send"], BAD_TEMPLATE % ("x.test/hook", "application/json"),
         "url: error: must start with http:// or https:// (got no scheme)"),
        (["send"], BAD_TEMPLATE % ("http:///hook", "application/json"), "url: error: has no host"),
        (["render"], BAD_TEMPLATE % ("http://x.test/", "application/json"),
         "body:1:11: error: not valid JSON: Expecting property name enclosed in double quotes "
         "(template line 1, column 28)"),
        (["send"], BAD_TEMPLATE % ("http://127.0.0.1:9/", "application/json"), "not sent (--force"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_and_exit_2(
    command: list[str], content: str, expected: str, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    preset = tmp_path / "p.toml"
    preset.write_text(content)
    status, _, err = run(capsys, *command, str(preset))
    assert status == 2
    errors = [line for line in err.splitlines() if ": error: " in line]
    assert len(errors) == 1 and expected in errors[0]
    assert "Traceback" not in err


def test_xml_cannot_carry_a_control_character(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "render", "docs-xml", "--uri", "a\x02b")
    assert status == 2
    assert "new smart URI: error: holds U+0002, a character XML 1.0 cannot carry" in err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["send", "local-demo", "--timeout", "soon"])
    assert exited.value.code == 2
    assert "not a number of seconds" in capsys.readouterr().err


def test_presets_lists_name_then_source(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "presets")
    rows = [line.split() for line in out.splitlines()]
    assert status == 0
    assert [row[:2] for row in rows] == [
        ["docs-json", "shipped"],
        ["docs-xml", "shipped"],
        ["local-demo", "shipped"],
    ]


def test_export_portal_and_curl(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "export", "docs-xml", "--as", "portal")
    assert status == 0
    assert out.startswith(
        "smartContactNotificationUrl\nhttps://example.com/smartcontactnotification\n"
    )
    assert "smartContactNotificationPostData\n<root>\n" in out
    status, out, _ = run(capsys, "export", "docs-json", "--as", "curl")
    assert "--header 'Accept:'" in out and "--data-binary '{" in out


def test_a_missing_preset_is_one_line_without_traceback(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "smarthook.tui.cli", "render", str(tmp_path / "none.toml")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == f"smarthook: {tmp_path / 'none.toml'}: error: no such preset file"
    assert "Traceback" not in done.stderr
