"""The command line end to end: real sends over loopback, exit statuses, bad input (SPEC §6)."""

import importlib
import json
import os
import shutil
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


def test_send_204_with_a_chunked_body_warns(
    endpoint: Endpoint, capsys: pytest.CaptureFixture[str]
) -> None:
    # The head declares a chunked body (h11 reads none after a 204, whatever follows).
    endpoint.answer = Answer(204, "No Content", headers=[("Transfer-Encoding", "chunked")])
    status, _, err = run(capsys, "send", "local-demo", "--url", endpoint.url())
    assert status == 0
    assert (
        err
        == "smarthook: warning: a 204 carries no content, but this one declares a chunked body\n"
    )


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
    assert json.loads(out)["summary"] == (
        "no answer (TLS): WRONG_VERSION_NUMBER (plain HTTP on this port? try http://)"
    )


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


def test_export_portal(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "export", "docs-xml", "--as", "portal")
    assert status == 0
    assert out.startswith(
        "smartContactNotificationUrl\nhttps://example.com/smartcontactnotification\n"
    )
    assert "smartContactNotificationPostData\n<root>\n" in out


needs_curl = pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")


def run_script(command: str, tmp_path: Path) -> subprocess.CompletedProcess[bytes]:
    """Run an exported command as a user would: from a script (no argument-list limit)."""
    script = tmp_path / "exported.sh"
    script.write_text(command + "\n")
    return subprocess.run(["sh", str(script)], capture_output=True, timeout=60)


@pytest.mark.slow
@needs_curl
@pytest.mark.parametrize(
    "data",
    [
        ["--user-agent", "Probe/3", "--timeout", "7", "--number", "@/etc/hostname"],
        ["--number", "%s%%\\n'\"$(id)`id`", "--party", "\u202e\x1b[2J", "d\x7f"],
        [arg for i in range(10_000) for arg in ("--party", f"user{i}", f"device {i}")],
    ],
    ids=["wire options", "shell and terminal specials", "10,000 parties"],
)
def test_export_curl_sends_exactly_what_send_sends(
    data: list[str], endpoint: Endpoint, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url = endpoint.url("/hook/é?a=1&b=%20x~y")
    status, command, _ = run(capsys, "export", "docs-json", "--as", "curl", "--url", url, *data)
    assert status == 0
    assert "\x1b" not in command and "\u202e" not in command
    if "--timeout" in data:
        assert "--max-time 7 " in command
    done = run_script(command, tmp_path)
    assert done.returncode == 0, done.stderr
    assert run(capsys, "send", "docs-json", "--url", url, *data)[0] == 0
    by_curl, by_send = endpoint.received
    assert by_curl.raw == by_send.raw
    if "--user-agent" in data:
        assert dict(by_send.headers)["User-Agent"] == "Probe/3"
        assert json.loads(by_send.body)["newSmartNumber"] == "@/etc/hostname"


def test_a_missing_preset_is_one_line_without_traceback(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "smarthook.tui.cli", "render", str(tmp_path / "none.toml")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == f"smarthook: {tmp_path / 'none.toml'}: error: no such preset file"
    assert "Traceback" not in done.stderr


# -- the boundary (#7 items 13, 15; "catch at the boundary, once") ---------------------------

SMARTHOOK = [sys.executable, "-m", "smarthook.tui.cli"]


def test_any_other_exception_is_one_line_and_exit_70(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cli = importlib.import_module("smarthook.tui.cli.main")

    def broken(*args: object) -> object:
        raise RuntimeError("boom\x1b[2J")

    monkeypatch.setattr(cli, "make_draft", broken)
    status, _, err = run(capsys, "render", "docs-json")
    assert status == 70
    assert err == "smarthook: internal error: RuntimeError: boom\\u001b[2J\n"


def test_ctrl_c_exits_130(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cli = importlib.import_module("smarthook.tui.cli.main")

    def interrupted(*args: object) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "make_draft", interrupted)
    assert run(capsys, "send", "docs-json")[0] == 130


def test_a_closed_stdout_ends_quietly_with_the_commands_status(endpoint: Endpoint) -> None:
    # 64 KiB of control bytes, each printed as a 6-character escape: far more than a pipe holds.
    endpoint.answer = Answer(200, "OK", body=b"\x01" * 65536)
    command = " ".join([*SMARTHOOK, "send", "local-demo", "--url", endpoint.url()])
    done = subprocess.run(
        ["bash", "-c", f"{command} | head -c 1 >/dev/null; exit ${{PIPESTATUS[0]}}"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1  # what send did: the endpoint answered 200
    assert done.stderr == ""


def test_an_invalid_byte_in_argv_is_named_as_the_byte() -> None:
    done = subprocess.run(
        [*SMARTHOOK, "send", "local-demo", "--url", b"http://127.0.0.1:1/\xff"],
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr == (
        b"smarthook: url:1:20: error: holds the byte \\xff, which is not UTF-8, at column 20\n"
    )


def test_a_strict_stdout_never_crashes(tmp_path: Path, user_config: Path) -> None:
    user_config.mkdir(parents=True)
    shipped = Path(__file__).parent.parent / "presets" / "docs-json.toml"
    (user_config / "caf\u00e9.toml").write_bytes(shipped.read_bytes())
    os.rename(user_config / "caf\u00e9.toml", os.fsencode(user_config) + b"/caf\xe9.toml")
    environment = {
        **os.environ,
        "PYTHONIOENCODING": "ascii",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    listing = subprocess.run(
        [*SMARTHOOK, "presets"], capture_output=True, env=environment, timeout=60
    )
    assert listing.returncode == 0 and listing.stderr == b""
    assert listing.stdout.startswith(b"caf\\xe9     user ")
    assert b"/caf\\xe9.toml  Docs example (JSON)\n" in listing.stdout
    portal = subprocess.run(
        [*SMARTHOOK, "export", "docs-json", "--as", "portal", "--url", "http://x.test/\u00e9"],
        capture_output=True,
        env=environment,
        timeout=60,
    )
    assert portal.returncode == 0 and portal.stderr == b""
    assert b"http://x.test/\\xe9\n" in portal.stdout


# -- outside text never reaches the terminal raw (#7 item 5) --------------------------------

HOSTILE = "\x1b]0;title\x07\x1b[2J\x9b31m\u202eevil"


def test_send_escapes_the_reason_headers_and_body(
    endpoint: Endpoint, capsys: pytest.CaptureFixture[str]
) -> None:
    endpoint.answer = Answer(
        200,
        "OK\x1b[2J",
        headers=[("X-Evil", "\x1b]52;c;ZXZpbA==\x1b\\")],
        body=("\x1b]52;c;ZXZpbA==\x07" + HOSTILE).encode(),
    )
    status, out, err = run(capsys, "send", "local-demo", "--url", endpoint.url())
    assert status == 1
    for text in (out, err):
        assert not any(char in text for char in "\x1b\x07\x9b\u202e")
    assert "200 OK\\u001b[2J" in out
    assert "X-Evil: \\u001b]52;c;ZXZpbA==\\u001b\\" in out
    assert "\\u001b]0;title\\u0007\\u001b[2J\\u009b31m\\u202eevil" in out


def test_an_escape_in_a_preset_key_is_escaped_in_the_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    preset = tmp_path / "p.toml"
    preset.write_text('"a\\u001b[31m\\u202eb" = 1\n')
    status, _, err = run(capsys, "render", str(preset))
    assert status == 2
    assert "a\\u001b[31m\\u202eb is not a preset key" in err
    assert "\x1b" not in err and "\u202e" not in err


def test_receive_log_lines_escape_what_the_client_sent() -> None:
    from datetime import datetime

    from smarthook.core.receiver import Entry
    from smarthook.tui.cli.receive import describe_entry

    entry = Entry(
        1, datetime(2026, 1, 1), "POST", "/a\u202e\x1b[2J\n", "127.0.0.1",
        (("Content-Type", "text/\x1b[2J\x07plain"),), b"", 0, 415,
    )  # fmt: skip
    line = describe_entry(entry)
    assert "\n" not in line and "\x1b" not in line and "\u202e" not in line and "\x07" not in line
    assert "/a\\u202e\\u001b[2J\\n -> 415" in line
    assert "text/\\u001b[2j\\u0007plain" in line


@pytest.mark.parametrize(
    "words",
    [
        ["p", "--party", "a", "b", "--number", "3", "--party", "c", "d"],
        ["p", "--party", "-1", "x", "--party", "c", "d"],
        ["p", "--number", "--party", "--party", "a", "b"],
        ["--party", "a", "b", "p"],
        ["p", "--", "--party"],
        ["p"],
    ],
)
def test_the_party_shortcut_parses_as_argparse_does(words: list[str]) -> None:
    from smarthook.tui.cli.options import parse

    parser = importlib.import_module("smarthook.tui.cli.main")._render_parser()
    try:
        expected: object = vars(parser.parse_args(words))
    except SystemExit as exc:
        expected = exc.code
    try:
        got: object = vars(parse(parser, words))
    except SystemExit as exc:
        got = exc.code
    if isinstance(expected, dict) and isinstance(got, dict):
        expected["party"] = [list(pair) for pair in expected["party"]]
    assert got == expected
