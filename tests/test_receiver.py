"""The local receiver: its answers, its log, its socket, and the whole loop send -> receive."""

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable

import httpx
import pytest

from endpoint import free_port
from smarthook.core import preset as presets
from smarthook.core.problems import BODY, InputError, Problem
from smarthook.core.receiver import Entry, Receiver
from smarthook.core.receiver_port import bind, suggest_port
from smarthook.core.receiver_server import ReceiverServer
from smarthook.core.template import expand

SMARTHOOK = os.path.join(os.path.dirname(sys.executable), "smarthook")


def _sample(name: str) -> tuple[str, str, bytes]:
    """A preset's template, content type and expanded body."""
    preset, _ = presets.open_preset(name)
    body = expand(preset.template, preset.content_type, preset.notification).body
    return preset.template, preset.content_type, body.encode()


JSON_TEMPLATE, JSON_TYPE, JSON_BODY = _sample("docs-json")
XML_TEMPLATE, XML_TYPE, XML_BODY = _sample("docs-xml")


@pytest.fixture
async def server() -> AsyncIterator[ReceiverServer]:
    """A receiver reading JSON back through the docs template, on a free loopback port."""
    receiver = Receiver(template_provider=lambda: (JSON_TEMPLATE, JSON_TYPE))
    running = ReceiverServer(receiver, port=free_port())
    await running.start()
    yield running
    await running.stop()


async def _post(url: str, body: bytes, content_type: str = JSON_TYPE) -> httpx.Response:
    async with httpx.AsyncClient(trust_env=False) as client:
        return await client.post(url, content=body, headers={"Content-Type": content_type})


async def _until(condition: Callable[[], bool], seconds: float = 10) -> None:
    """Let the server run until ``condition`` holds; fail after ``seconds``."""
    for _ in range(int(seconds / 0.01)):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the receiver never got there")


async def _raw(port: int, request: bytes) -> bytes:
    """Send raw bytes, return the status line of the answer."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(request)
        await writer.drain()
        return await asyncio.wait_for(reader.readline(), 5)
    finally:
        writer.close()


async def test_a_notification_gets_204_and_is_read_back(server: ReceiverServer) -> None:
    response = await _post(server.url + "smartcontactnotification", JSON_BODY)
    assert response.status_code == 204 and response.content == b""
    (entry,) = server.receiver.log
    assert (entry.method, entry.path, entry.status, entry.problem) == (
        "POST",
        "/smartcontactnotification",
        204,
        None,
    )
    assert entry.readback is not None
    assert entry.readback.notification == presets.open_preset("docs-json")[0].notification
    assert entry.header("Content-Type") == JSON_TYPE
    assert '"newSmartNumber": "15551231234"' in entry.pretty
    assert entry.size == len(JSON_BODY)


BAD_INPUTS = [
    ("GET", "application/json", b"", 405, "GET is not allowed"),
    ("PUT", "application/json", JSON_BODY, 405, "PUT is not allowed"),
    ("POST", "text/plain", JSON_BODY, 415, "text/plain is not supported"),
    ("POST", "application/jsonx", JSON_BODY, 415, "is not supported"),
    ("POST", "", JSON_BODY, 415, "content type none is not supported"),
    ("POST", "application/json", b'{"a": ', 400, "not valid JSON"),
    ("POST", "application/json", b"\xff\xfe{}", 400, "not UTF-8"),
    ("POST", "application/json", b'{"n": NaN}', 400, "NaN is not a JSON value"),
    ("POST", "application/xml", b"<root><a></root>", 400, "not well-formed XML"),
    ("POST", "application/xml", b'<!DOCTYPE r [<!ENTITY x "y">]><r>&x;</r>', 400, "refused"),
    ("POST", "application/xml", b'<!DOCTYPE r SYSTEM "http://x/r.dtd"><r/>', 400, "refused"),
]


@pytest.mark.parametrize(
    ("method", "content_type", "body", "status", "message"),
    BAD_INPUTS,
    ids=[f"{case[3]}-{case[1] or 'none'}-{i}" for i, case in enumerate(BAD_INPUTS)],
)
async def test_each_bad_input_is_answered_and_logged_and_serving_goes_on(
    server: ReceiverServer, method: str, content_type: str, body: bytes, status: int, message: str
) -> None:
    async with httpx.AsyncClient(trust_env=False) as client:
        headers = {"Content-Type": content_type} if content_type else {}
        response = await client.request(method, server.url + "x", content=body, headers=headers)
        assert response.status_code == status
        assert message in response.text
        if status == 405:
            assert response.headers["allow"] == "POST"
        good = await client.post(
            server.url + "x", content=JSON_BODY, headers={"Content-Type": JSON_TYPE}
        )
    assert good.status_code == 204
    bad, fine = server.receiver.log
    assert (bad.method, bad.status) == (method, status)
    assert bad.problem is not None and message in bad.problem.message
    assert (fine.status, fine.problem) == (204, None)


async def test_a_declared_body_over_1_mib_is_refused_without_reading_it(
    server: ReceiverServer,
) -> None:
    # Only the head is sent: an answer proves the body was never waited for.
    head = (
        b"POST /big HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: 1048577\r\n\r\n"
    )
    status_line = await _raw(server.address[1], head)
    assert status_line.startswith(b"HTTP/1.1 413")
    (entry,) = server.receiver.log
    assert (entry.status, entry.size, entry.body) == (413, 1_048_577, b"")
    assert (await _post(server.url, JSON_BODY)).status_code == 204


async def test_a_chunked_body_is_cut_off_once_it_passes_1_mib(server: ReceiverServer) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", server.address[1])
    writer.write(
        b"POST /big HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n"
    )
    chunk = b"a" * 65536

    async def push() -> None:
        try:
            for _ in range(24):
                writer.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                await writer.drain()
            writer.write(b"0\r\n\r\n")
            await writer.drain()
        except OSError:
            pass  # the receiver stopped reading, as it should

    pushing = asyncio.create_task(push())
    status_line = await asyncio.wait_for(reader.readline(), 5)
    await pushing
    writer.close()
    assert status_line.startswith(b"HTTP/1.1 413")
    (entry,) = server.receiver.log
    assert entry.status == 413 and 1_048_576 < entry.size < 24 * len(chunk)
    assert (await _post(server.url, JSON_BODY)).status_code == 204


@pytest.mark.slow
async def test_the_answer_and_delay_can_change_while_serving(server: ReceiverServer) -> None:
    server.receiver.status = 500
    assert (await _post(server.url, JSON_BODY)).status_code == 500
    server.receiver.status, server.receiver.delay = 200, 60
    held = asyncio.create_task(_post(server.url, JSON_BODY))
    await _until(lambda: len(server.receiver.log) == 2)
    # Logged at once, but the answer is held back: without the delay it would long be here.
    await asyncio.sleep(0.5)
    assert not held.done()
    server.receiver.release_waiting()
    assert (await asyncio.wait_for(held, 5)).status_code == 200
    assert [entry.status for entry in server.receiver.log] == [500, 200]
    assert server.receiver.log[1].delay == 60


async def test_stopping_answers_a_request_held_back_by_a_long_delay() -> None:
    receiver = Receiver(delay=60)
    running = ReceiverServer(receiver, port=free_port())
    await running.start()
    waiting = asyncio.create_task(_post(running.url, JSON_BODY))
    await _until(lambda: bool(receiver.log))
    await asyncio.wait_for(running.stop(), 5)
    assert (await asyncio.wait_for(waiting, 5)).status_code == 204


async def test_a_body_that_differs_from_the_template_is_answered_and_located(
    server: ReceiverServer,
) -> None:
    response = await _post(server.url, b'{"newSmartNumber": "1"}')
    assert response.status_code == 204  # it parses: the sender is answered as configured
    (entry,) = server.receiver.log
    assert entry.readback is None and entry.readback_problem is not None
    assert entry.readback_problem.location() == "body:1:1"
    assert "differs from the template" in entry.verdict()
    await _post(server.url, XML_BODY, XML_TYPE)
    assert "the template is for application/json" in server.receiver.log[1].verdict()


@pytest.mark.slow
async def test_300_concurrent_posts_from_16_clients_are_all_answered_and_logged(
    server: ReceiverServer,
) -> None:
    clients = [httpx.AsyncClient(trust_env=False) for _ in range(16)]
    template = JSON_BODY.decode()

    async def post(number: int) -> int:
        body = template.replace("15551231234", f"n{number}").encode()
        response = await clients[number % 16].post(
            server.url + "smartcontactnotification",
            content=body,
            headers={"Content-Type": JSON_TYPE},
        )
        return response.status_code

    try:
        statuses = await asyncio.gather(*(post(number) for number in range(300)))
    finally:
        await asyncio.gather(*(client.aclose() for client in clients))
    assert statuses == [204] * 300
    log = list(server.receiver.log)
    assert len(log) == 300 and server.receiver.total == 300
    numbers = {entry.readback.notification.new_smart_number for entry in log if entry.readback}
    assert numbers == {f"n{number}" for number in range(300)}


async def test_the_socket_is_bound_to_loopback_by_default() -> None:
    running = ReceiverServer(Receiver(), port=free_port())
    await running.start()
    try:
        assert running.address[0] == "127.0.0.1"
        assert (await _post(running.url, JSON_BODY)).status_code == 204
    finally:
        await running.stop()
    listener = bind(port=0)
    try:
        assert listener.getsockname()[0] == "127.0.0.1"
    finally:
        listener.close()


async def test_a_taken_port_is_one_clear_error_and_another_is_suggested() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(InputError) as caught:
            await ReceiverServer(Receiver(), port=port).start()
        assert caught.value.problem.message == (
            f"port {port} is taken: something already listens on 127.0.0.1:{port}"
        )
        suggested = suggest_port(near=port)
        assert suggested != port
        bind(port=suggested).close()


async def test_the_log_is_bounded_and_a_failing_listener_costs_no_answer() -> None:
    receiver = Receiver(log_size=3)
    heard: list[Entry] = []

    def broken(entry: Entry) -> None:
        raise RuntimeError("listener bug")

    receiver.subscribe(broken)
    receiver.subscribe(heard.append)
    running = ReceiverServer(receiver, port=free_port())
    await running.start()
    try:
        statuses = [(await _post(running.url, JSON_BODY)).status_code for _ in range(5)]
    finally:
        await running.stop()
    assert statuses == [204] * 5
    assert [entry.number for entry in receiver.log] == [3, 4, 5]
    assert len(heard) == 5


# -- limits, written as literal numbers (SPEC §7: 1 MiB, 500 levels, 64 MiB) -------------


def _json_of_size(size: int) -> bytes:
    """A JSON string body of exactly ``size`` bytes."""
    return b'"' + b"a" * (size - 2) + b'"'


@pytest.mark.parametrize(("size", "status"), [(1_048_576, 204), (1_048_577, 413)])
async def test_the_limit_is_exactly_1_mib_for_a_declared_body(
    size: int, status: int, server: ReceiverServer
) -> None:
    server.receiver.template_provider = None
    response = await _post(server.url, _json_of_size(size))
    assert response.status_code == status
    (entry,) = server.receiver.log
    assert (entry.status, entry.size) == (status, size)


@pytest.mark.parametrize(("size", "status"), [(1_048_576, 204), (1_048_577, 413)])
async def test_the_limit_is_exactly_1_mib_for_a_chunked_body(
    size: int, status: int, server: ReceiverServer
) -> None:
    server.receiver.template_provider = None
    body = _json_of_size(size)

    async def chunks() -> AsyncIterator[bytes]:  # no length known: sent chunked
        for start in range(0, size, 65536):
            yield body[start : start + 65536]

    async with httpx.AsyncClient(trust_env=False) as client:
        try:
            response = await client.post(
                server.url, content=chunks(), headers={"Content-Type": JSON_TYPE}
            )
            answered = response.status_code
        except httpx.HTTPError:  # refused while still sending: the log says what was answered
            answered = 413
    assert answered == status
    (entry,) = server.receiver.log
    assert entry.status == status
    assert entry.size == 1_048_576 if status == 204 else entry.size > 1_048_576


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/json", b"[" * 100_000 + b"]" * 100_000),
        ("application/json", b'{"a":' * 100_000 + b"1" + b"}" * 100_000),
        ("application/xml", b"<a>" * 100_000 + b"</a>" * 100_000),
        ("application/json", b"[" * 501 + b"]" * 501),
    ],
    ids=["json-array", "json-object", "xml", "json-501"],
)
async def test_a_body_nested_too_deep_is_a_400_logged_and_counted(
    content_type: str, body: bytes, server: ReceiverServer
) -> None:
    response = await _post(server.url, body, content_type)
    assert response.status_code == 400
    assert "nested deeper than 500 levels" in response.text
    (entry,) = server.receiver.log
    assert entry.status == 400 and server.receiver.total == 1
    assert entry.problem is not None and "nested deeper than 500" in entry.problem.message
    assert entry.pretty == entry.text  # shown as it came, not a crash
    assert (await _post(server.url, JSON_BODY)).status_code == 204


async def test_500_levels_are_still_a_body(server: ReceiverServer) -> None:
    server.receiver.template_provider = None
    response = await _post(server.url, b"[" * 500 + b"]" * 500)
    assert response.status_code == 204


async def test_duplicate_keys_are_refused_not_read_as_the_last(server: ReceiverServer) -> None:
    response = await _post(server.url, b'{"a": 1, "a": 2}')
    assert response.status_code == 400
    assert 'the key "a" appears twice' in response.text


async def test_numbers_are_shown_as_written(server: ReceiverServer) -> None:
    server.receiver.template_provider = None
    await _post(server.url, b'{"big": 1e999999, "exact": 1.10, "int": 12345678901234567890}')
    pretty = server.receiver.log[0].pretty
    assert '"big": 1e999999' in pretty and "Infinity" not in pretty
    assert '"exact": 1.10' in pretty and '"int": 12345678901234567890' in pretty


async def test_a_body_that_never_arrives_is_answered_408_and_logged() -> None:
    receiver = Receiver(body_timeout=0.5)
    running = ReceiverServer(receiver, port=free_port())
    await running.start()
    try:
        # Content-Length says 100 bytes; only 10 come, and the client waits.
        head = (
            b"POST /slow HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 100\r\n\r\n" + b'{"a": "bcd'
        )
        status_line = await _raw(running.address[1], head)
        assert status_line.startswith(b"HTTP/1.1 408")
        (entry,) = receiver.log
        assert (entry.status, entry.path, entry.body) == (408, "/slow", b'{"a": "bcd')
        assert entry.problem == Problem(
            "error", BODY, "the body did not arrive within 0.5 s (10 bytes came): answered 408"
        )
    finally:
        await running.stop()


@pytest.mark.slow
async def test_a_head_that_never_completes_is_closed() -> None:
    running = ReceiverServer(Receiver(), port=free_port(), head_timeout=0.5)
    await running.start()
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", running.address[1])
        writer.write(b"POST / HTTP/1.1\r\nHost: x\r\n")  # and never the rest
        await writer.drain()
        assert await asyncio.wait_for(reader.read(), 10) == b""  # closed by the receiver
        writer.close()
        idle_reader, idle_writer = await asyncio.open_connection("127.0.0.1", running.address[1])
        assert await asyncio.wait_for(idle_reader.read(), 10) == b""  # nothing sent at all
        idle_writer.close()
        assert (await _post(running.url, JSON_BODY)).status_code == 204
    finally:
        await running.stop()


async def test_a_head_over_16_kib_is_refused_at_once(server: ReceiverServer) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", server.address[1])
    writer.write(b"POST / HTTP/1.1\r\nHost: x\r\nX-Long: " + b"a" * 16_400)  # no end
    await writer.drain()
    answer = await asyncio.wait_for(reader.read(), 10)
    writer.close()
    assert answer.startswith(b"HTTP/1.1 400")
    assert (await _post(server.url, JSON_BODY)).status_code == 204


@pytest.mark.slow
async def test_the_head_timeout_never_cuts_a_request_that_is_being_answered() -> None:
    receiver = Receiver(delay=1.0)  # held back longer than the head timeout
    running = ReceiverServer(receiver, port=free_port(), head_timeout=0.3)
    await running.start()
    request = (
        b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: %d\r\n\r\n%s" % (len(JSON_BODY), JSON_BODY)
    )
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", running.address[1])
        writer.write(request * 3)  # pipelined on one keep-alive connection
        await writer.drain()
        for _ in range(3):
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
            assert head.startswith(b"HTTP/1.1 204")
        assert await asyncio.wait_for(reader.read(), 10) == b""  # then idle: closed
        writer.close()
    finally:
        await running.stop()
    assert [entry.status for entry in receiver.log] == [204, 204, 204]


async def _call(receiver: Receiver, body: bytes) -> int:
    """One POST straight into the ASGI application; the status it answered."""
    scope = {
        "type": "http",
        "method": "POST",
        "path": "/",
        "raw_path": b"/",
        "query_string": b"",
        "headers": [(b"content-type", b"application/json")],
        "client": ("127.0.0.1", 1),
    }
    sent = [{"type": "http.request", "body": body, "more_body": False}]
    answers: list[int] = []

    async def receive() -> dict[str, object]:
        return sent.pop() if sent else {"type": "http.disconnect"}

    async def send(message: object) -> None:
        if message["type"] == "http.response.start":  # type: ignore[index]
            answers.append(message["status"])  # type: ignore[index]

    await receiver(scope, receive, send)
    (status,) = answers
    return status


async def test_the_log_keeps_at_most_64_mib_of_bodies() -> None:
    receiver = Receiver()
    one_mib = _json_of_size(1_048_576)
    for _ in range(70):
        assert await _call(receiver, one_mib) == 204
    assert receiver.total == 70
    assert len(receiver.log) == 64  # 64 × 1,048,576 = 67,108,864 bytes
    assert sum(len(entry.body) for entry in receiver.log) == 67_108_864
    assert [entry.number for entry in receiver.log] == list(range(7, 71))
    assert await _call(receiver, b"[]") == 204  # a small one fits beside 63 of them
    assert len(receiver.log) == 64 and receiver.log[0].number == 8


async def test_a_fault_while_handling_is_a_500_and_a_log_line(
    server: ReceiverServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from smarthook.core import receiver as module

    def broken(content_type: str, body: bytes) -> None:
        raise RuntimeError("bug in the check")

    monkeypatch.setattr(module, "parse_received", broken)
    response = await _post(server.url + "x", JSON_BODY)
    assert response.status_code == 500
    assert "bug in the check" in response.text
    (entry,) = server.receiver.log
    assert entry.status == 500 and entry.path == "/x"
    assert entry.problem is not None and "RuntimeError" in entry.problem.message
    monkeypatch.undo()
    assert (await _post(server.url, JSON_BODY)).status_code == 204
    assert server.receiver.total == 2


# -- the command line: smarthook send -> smarthook receive ----------------------------------


def _wait_for_port(port: int, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"smarthook receive never listened on {port}")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sender", "reader"),
    [("local-demo", "local-demo"), ("docs-xml", "docs-xml")],
    ids=["json", "xml"],
)
def test_the_whole_loop_send_then_receive(sender: str, reader: str) -> None:
    port = free_port()
    receiving = subprocess.Popen(
        [SMARTHOOK, "receive", "--port", str(port), "--preset", reader],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for_port(port, receiving)
        url = f"http://127.0.0.1:{port}/smartcontactnotification"
        sent = subprocess.run(
            [SMARTHOOK, "send", sender, "--url", url],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert sent.returncode == 0, sent.stderr
        assert "accepted" in sent.stdout
    finally:
        receiving.send_signal(signal.SIGINT)
        out, err = receiving.communicate(timeout=15)
    assert receiving.returncode == 0, err
    assert "Traceback" not in err
    (line,) = out.splitlines()
    kind = "application/json" if sender == "local-demo" else "application/xml"
    assert f"POST /smartcontactnotification -> 204  {kind}" in line
    number = presets.open_preset(sender)[0].notification.new_smart_number
    assert f'number "{number}"' in line and "2 parties" in line
    assert "stopped after 1 requests" in err


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--port", "70000"], "port: error: must be from 0 to 65535, not 70000"),
        (["--status", "99"], "status: error: must be a final HTTP status from 200 to 599"),
        (["--delay", "-1"], "delay: error: must be a number of seconds, 0 or more"),
        (["--preset", "no-such-preset"], "no such preset"),
        (["--port", "x"], "invalid int value"),
    ],
)
def test_bad_receive_arguments_are_one_line_and_exit_2(arguments: list[str], message: str) -> None:
    done = subprocess.run(
        [SMARTHOOK, "receive", *arguments], capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 2
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_receive_on_a_taken_port_is_one_line_and_exit_2() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [SMARTHOOK, "receive", "--port", str(port)], capture_output=True, text=True, timeout=30
        )
    assert done.returncode == 2
    assert done.stderr.strip() == (
        f"smarthook receive: port: error: port {port} is taken: something already listens on "
        f"127.0.0.1:{port}"
    )


@pytest.mark.slow
def test_pretty_json_is_cut_once_long_and_equals_the_standard_indent_before() -> None:
    from smarthook.core.pretty import pretty_body

    text = '{"a": [1, {"b": [], "c": {}, "d": "\\u00e9", "e": [true, null]}], "f": 2.50}'
    expected = json.dumps(json.loads(text), indent=2, ensure_ascii=False).replace("2.5", "2.50")
    assert pretty_body("application/json", text) == expected
    many = "[" + ",".join(["[[[[[]]]]]"] * 90_000) + "]"
    cut = pretty_body("application/json", many)
    head, note = cut.rsplit("\n", 1)
    assert len(head) == 262_144 and head == expected_prefix(many, 262_144)
    assert note == f"… (re-indented this far; {len(many)} characters in all)"


def expected_prefix(text: str, length: int) -> str:
    return json.dumps(json.loads(text), indent=2)[:length]
