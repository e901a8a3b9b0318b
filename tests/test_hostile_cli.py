"""The command line under attack (#7): hostile values through render, export and send (to a
loopback endpoint that answers with a hostile reason, headers and body). Every run ends with
the exit status SPEC §6 gives, nothing escapes ``main``, nothing raw reaches the terminal,
and the values arrive as they were given."""

import io
import json
import re
import sys
from collections.abc import Iterator

import pytest
from hostile import hostile_text, raw_control_in
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from endpoint import Answer, Endpoint
from smarthook.tui.cli import main

SURROGATE = re.compile("[\ud800-\udfff]")
# A party value is a positional word after --party: one starting with "-" is an option.
party_value = hostile_text.map(lambda text: "p" + text)
scalars = st.tuples(hostile_text, hostile_text, hostile_text)
parties = st.lists(st.tuples(party_value, party_value), max_size=3)


def as_bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def run(*argv: str) -> tuple[int, bytes, str]:
    """``main`` in this process, with binary-backed standard streams."""
    stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    stderr = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = stdout, stderr
    try:
        status = main(list(argv))
    finally:
        sys.stdout, sys.stderr = saved
    stdout.flush()
    stderr.flush()
    out = stdout.buffer.getvalue()  # type: ignore[attr-defined]
    err = stderr.buffer.getvalue().decode()  # type: ignore[attr-defined]
    return status, out, err


def data_options(values: tuple[str, str, str], pairs: list[tuple[str, str]]) -> list[str]:
    number, network, uri = values
    words = [f"--number={number}", f"--network={network}", f"--uri={uri}"]
    for username, device in pairs:
        words += ["--party", username, device]
    return words if pairs else [*words, "--no-parties"]


def carried(values: tuple[str, str, str], pairs: list[tuple[str, str]]) -> bool:
    """Whether UTF-8 can carry every value (a lone surrogate comes only from argv bytes)."""
    return not any(SURROGATE.search(v) for v in (*values, *(p for pair in pairs for p in pair)))


def assert_safe(out: bytes, err: str) -> None:
    assert "Traceback" not in err
    assert raw_control_in(out.decode("utf-8", "replace")) == []
    assert raw_control_in(err) == []
    assert len(err.splitlines()) <= 10  # warnings and at most one error, each on one line


def parsed_values(body: dict[str, object]) -> tuple[object, ...]:
    return (
        body["newSmartNumber"],
        body["networkId"],
        body["newSmartUri"],
        [(p["username"], p["device"]) for p in body["interestedParties"]],  # type: ignore[attr-defined, index]
    )


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(values=scalars, pairs=parties)
def test_render_json_shows_every_value_safely_and_exactly(
    values: tuple[str, str, str], pairs: list[tuple[str, str]]
) -> None:
    status, out, err = run("render", "docs-json", *data_options(values, pairs))
    assert_safe(out, err)
    if not carried(values, pairs):
        assert (status == 2 and "which is not UTF-8" in err) or "lone surrogate" in err
        return
    assert status == 0
    # Control characters are shown as JSON's own escapes: the output still reads back exact.
    assert parsed_values(json.loads(out)) == (*values, [tuple(pair) for pair in pairs])


@pytest.mark.slow
@settings(max_examples=100, deadline=None)
@given(values=scalars, pairs=parties, form=st.sampled_from(["curl", "portal", "http"]),
       content_type=st.sampled_from(["application/json", "application/xml"]))  # fmt: skip
def test_export_ends_with_its_status_and_nothing_raw(
    values: tuple[str, str, str], pairs: list[tuple[str, str]], form: str, content_type: str
) -> None:
    preset = "docs-json" if content_type == "application/json" else "docs-xml"
    status, out, err = run("export", preset, "--as", form, *data_options(values, pairs))
    assert "Traceback" not in err and raw_control_in(err) == []
    if form != "http":  # --as http prints the exact request bytes, by design
        assert_safe(out, err)
    if form == "portal":  # the data options do not change the provisioning values
        assert status == 0
    elif not carried(values, pairs):
        assert status == 2
    else:
        assert status in (0, 2)  # 2: XML cannot carry a control character


@pytest.fixture(scope="module")
def hostile_endpoint() -> Iterator[Endpoint]:
    server = Endpoint()
    yield server
    server.close()


latin1_line = st.text(st.characters(max_codepoint=0xFF, exclude_characters="\r\n"), max_size=30)
header_name = st.text(st.sampled_from("abcXYZ-_1"), min_size=1, max_size=10)


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    values=scalars,
    pairs=parties,
    status=st.sampled_from([200, 204, 302, 404, 500]),
    reason=st.one_of(latin1_line, st.sampled_from(["OK\x1b[2J", "\x1b]0;t\x07", "\x9b1m\u00ae"])),
    headers=st.lists(st.tuples(header_name, latin1_line), max_size=3),
    body=st.one_of(st.binary(max_size=300), hostile_text.map(as_bytes)),
)  # fmt: skip
def test_send_to_a_hostile_endpoint(
    hostile_endpoint: Endpoint,
    values: tuple[str, str, str],
    pairs: list[tuple[str, str]],
    status: int,
    reason: str,
    headers: list[tuple[str, str]],
    body: bytes,
) -> None:
    hostile_endpoint.received.clear()
    hostile_endpoint.answer = Answer(status, reason, headers=headers, body=body)
    url = hostile_endpoint.url()
    code, out, err = run("send", "docs-json", "--url", url, "--timeout", "5",
                         *data_options(values, pairs))  # fmt: skip
    assert_safe(out, err)
    if not carried(values, pairs):
        assert code == 2 and hostile_endpoint.received == []
        return
    assert code in (0, 1, 3)  # 3: an answer h11 refuses to read is a protocol error
    [request] = hostile_endpoint.received
    assert parsed_values(json.loads(request.body)) == (*values, [tuple(pair) for pair in pairs])
    if code == 0:
        assert status == 204
