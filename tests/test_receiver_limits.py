"""The receiver's 1 MiB limit, pinned with literal numbers (issue 12).

Driven through the receiver's ASGI interface, without a server: 1,048,576 bytes are read,
1,048,577 are answered 413, whether declared in Content-Length or only sent.
"""

from typing import Any

from smarthook.core.receiver import Receiver

LIMIT = 1_048_576  # 1 MiB, written out: not taken from the code under test


def _json_of(size: int) -> bytes:
    body = b'{"pad": "' + b"x" * (size - 11) + b'"}'
    assert len(body) == size
    return body


async def _post(body: bytes, declare: bool, chunk: int = 65536) -> tuple[Receiver, list[Any]]:
    receiver = Receiver()
    headers = [(b"content-type", b"application/json")]
    if declare:
        headers.append((b"content-length", str(len(body)).encode()))
    scope = {
        "type": "http",
        "method": "POST",
        "path": "/hook",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
    }
    pieces = [body[i : i + chunk] for i in range(0, len(body), chunk)] or [b""]
    messages = [
        {"type": "http.request", "body": piece, "more_body": i < len(pieces) - 1}
        for i, piece in enumerate(pieces)
    ]

    async def receive() -> dict[str, Any]:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    sent: list[Any] = []

    async def send(message: Any) -> None:
        sent.append(message)

    await receiver(scope, receive, send)
    return receiver, sent


async def test_exactly_1_mib_declared_is_read_and_accepted() -> None:
    receiver, sent = await _post(_json_of(LIMIT), declare=True)
    assert sent[0]["status"] == 204
    (entry,) = receiver.log
    assert entry.status == 204
    assert len(entry.body) == LIMIT
    assert entry.problem is None


async def test_exactly_1_mib_sent_without_length_is_read_and_accepted() -> None:
    receiver, sent = await _post(_json_of(LIMIT), declare=False)
    assert sent[0]["status"] == 204
    assert len(receiver.log[0].body) == LIMIT


async def test_one_byte_over_declared_is_413_without_reading() -> None:
    receiver, sent = await _post(_json_of(LIMIT + 1), declare=True)
    assert sent[0]["status"] == 413
    assert (b"connection", b"close") in sent[0]["headers"]
    assert sent[1]["body"] == (
        b"body too large: the request declares 1048577 bytes; the limit is 1 MiB\n"
    )
    (entry,) = receiver.log
    assert entry.status == 413
    assert entry.body == b""
    assert entry.problem is not None
    assert (entry.problem.severity, str(entry.problem.where)) == ("error", "body")


async def test_one_byte_over_sent_without_length_is_413() -> None:
    receiver, sent = await _post(_json_of(LIMIT + 1), declare=False)
    assert sent[0]["status"] == 413
    assert sent[1]["body"] == (
        b"body too large: the request sent more than 1048576 bytes; the limit is 1 MiB\n"
    )
    assert receiver.log[0].status == 413


async def test_the_limit_counts_bytes_across_chunks() -> None:
    _, sent = await _post(_json_of(LIMIT + 1), declare=False, chunk=1000)
    assert sent[0]["status"] == 413
    _, sent = await _post(_json_of(LIMIT), declare=False, chunk=1000)
    assert sent[0]["status"] == 204
