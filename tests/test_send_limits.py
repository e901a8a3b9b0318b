"""What send keeps of an answer: the first 64 KiB of the body, and whether it cut (issue 12)."""

import pytest

from endpoint import Answer, Endpoint, free_port
from smarthook.core.request import build
from smarthook.core.send import send

KIB_64 = 65536


def _request(url: str):  # type: ignore[no-untyped-def]
    return build(url, "application/json", '{"a": 1}', "Sync Server 1.1")


def _body(length: int) -> bytes:
    # No repeating block of 64 KiB, so a cut in the wrong place shows.
    return bytes((i * 7 + i // 251) % 256 for i in range(length))


@pytest.mark.parametrize("length", [KIB_64 + 1, KIB_64 + 4000, 3 * KIB_64])
async def test_a_body_over_64_kib_is_cut_to_64_kib(endpoint: Endpoint, length: int) -> None:
    body = _body(length)
    endpoint.answer = Answer(200, "OK", body=body)
    outcome = await send(_request(endpoint.url()))
    assert outcome.status == 200
    assert outcome.body == body[:65536]
    assert len(outcome.body) == 65536
    assert outcome.body_truncated is True
    assert outcome.to_json()["body_truncated"] is True


@pytest.mark.parametrize("length", [0, 1, KIB_64 - 1, KIB_64])
async def test_a_body_up_to_64_kib_is_kept_whole(endpoint: Endpoint, length: int) -> None:
    body = _body(length)
    endpoint.answer = Answer(200, "OK", body=body)
    outcome = await send(_request(endpoint.url()))
    assert outcome.body == body
    assert outcome.body_truncated is False
    assert outcome.to_json()["body_truncated"] is False


async def test_the_verdict_judges_a_cut_body_by_its_declared_length(endpoint: Endpoint) -> None:
    endpoint.answer = Answer(204, "No Content", body=_body(KIB_64 + 10))
    outcome = await send(_request(endpoint.url()))
    assert outcome.verdict.kind == "accepted"
    assert outcome.verdict.warnings == (
        "a 204 carries no content, but this one declares 65546 bytes",
    )


async def test_the_outcome_records_the_answer(endpoint: Endpoint) -> None:
    endpoint.answer = Answer(201, "Created", headers=[("X-Trace", "abc")], body=b"made")
    request = _request(endpoint.url())
    outcome = await send(request, timeout=5)
    assert outcome.request == request
    assert outcome.status == 201
    assert outcome.reason == "Created"
    assert outcome.http_version == "HTTP/1.1"
    assert outcome.headers == (
        ("X-Trace", "abc"),
        ("Content-Length", "4"),
        ("Connection", "close"),
    )
    assert outcome.failure == ""
    assert outcome.insecure is False
    assert outcome.warnings() == ()
    assert [phase for phase, _ in outcome.timings] == ["connect", "first byte"]
    assert all(seconds >= 0 for _, seconds in outcome.timings)
    assert outcome.elapsed >= dict(outcome.timings)["first byte"]
    document = outcome.to_json()
    assert document["verdict"] == "ignored"
    assert document["summary"] == outcome.verdict.summary
    assert document["warnings"] == []
    assert document["failure"] is None
    assert document["status"] == 201
    assert document["reason"] == "Created"
    assert document["http_version"] == "HTTP/1.1"
    assert document["headers"] == [
        ["X-Trace", "abc"],
        ["Content-Length", "4"],
        ["Connection", "close"],
    ]
    assert document["body"] == "made"
    assert set(document["timings_ms"]) == {"connect", "first byte"}
    assert document["elapsed_ms"] == round(outcome.elapsed * 1000, 3)
    assert document["request"] == {
        "url": endpoint.url(),
        "headers": [list(header) for header in request.headers],
        "body": '{"a": 1}',
    }


async def test_a_host_name_is_looked_up_and_timed(endpoint: Endpoint) -> None:
    outcome = await send(_request(f"http://localhost:{endpoint.port}/x"))
    assert outcome.status == 204
    assert [phase for phase, _ in outcome.timings][:1] == ["dns"]


async def test_a_refused_connection_is_named() -> None:
    outcome = await send(_request(f"http://127.0.0.1:{free_port()}/"))
    assert outcome.status is None
    assert outcome.failure == "connection refused"
    assert outcome.verdict.kind == "failed"
    assert outcome.verdict.summary == (
        "no answer (connection refused): nothing is listening at that address and port"
    )
    assert outcome.body == b""
    assert outcome.to_json()["failure"] == "connection refused"


async def test_a_timeout_is_named_with_its_limit(endpoint: Endpoint) -> None:
    endpoint.answer = Answer(delay=1.0)
    outcome = await send(_request(endpoint.url()), timeout=0.25)
    assert outcome.failure == "timeout"
    assert outcome.verdict.summary == "no answer (timeout): no complete answer within 0.25 s"
    assert outcome.elapsed > 0


async def test_a_hang_up_is_a_protocol_error(endpoint: Endpoint) -> None:
    endpoint.answer = Answer(hang_up=True)
    outcome = await send(_request(endpoint.url()))
    assert outcome.failure == "protocol error"
    assert outcome.verdict.kind == "failed"
    assert outcome.verdict.summary.startswith("no answer (protocol error): ")


async def test_insecure_is_recorded_and_warned_about(endpoint: Endpoint) -> None:
    outcome = await send(_request(endpoint.url()), insecure=True)
    assert outcome.insecure is True
    assert outcome.warnings() == ("TLS verification was switched off (--insecure)",)
    assert outcome.to_json()["warnings"] == ["TLS verification was switched off (--insecure)"]


async def test_a_failure_keeps_the_insecure_flag_and_the_phases_it_reached(
    endpoint: Endpoint,
) -> None:
    refused = await send(_request(f"http://127.0.0.1:{free_port()}/"), insecure=True)
    assert refused.insecure is True
    assert refused.warnings() == ("TLS verification was switched off (--insecure)",)
    endpoint.answer = Answer(delay=1.0)
    late = await send(_request(endpoint.url()), timeout=0.25)
    assert [phase for phase, _ in late.timings] == ["connect"]


async def test_a_plain_204_carries_no_warning(endpoint: Endpoint) -> None:
    outcome = await send(_request(endpoint.url()))
    assert outcome.status == 204
    assert outcome.headers == (("Connection", "close"),)
    assert outcome.verdict.warnings == ()


async def test_a_redirect_names_its_target(endpoint: Endpoint) -> None:
    endpoint.answer = Answer(302, "Found", headers=[("Location", "http://127.0.0.1:1/final")])
    outcome = await send(_request(endpoint.url()))
    assert outcome.verdict.summary == (
        "ignored: Cloud Softphone only counts 204 and silently drops a 302"
        " (redirects to http://127.0.0.1:1/final are not followed:"
        " point the URL at the final address)"
    )
