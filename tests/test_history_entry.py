"""A history entry field by field: the row written for a send or an arrival, and what is read
back from it (the request, the outcome, the notification, the texts shown and compared)."""

import json
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from smarthook.core.history import History
from smarthook.core.history_entry import (
    BODY_LIMIT,
    HistoryEntry,
    Summary,
    body_diff,
    describe,
    now,
    outcome_text,
    parse_wire,
    received_row,
    retarget,
    sent_row,
)
from smarthook.core.notification import Notification, Party
from smarthook.core.preset import Preset
from smarthook.core.problems import BODY, Problem
from smarthook.core.readback import read_back
from smarthook.core.receiver import Entry
from smarthook.core.request import WebhookRequest, build
from smarthook.core.send import Outcome
from smarthook.core.verdict import Verdict, judge

TEMPLATE = '{"n": "%new_smart_number%", "p": "%interestedParties%"}'
NOTE = Notification("1555", "net", "sip:a@b", (Party("eric", "iphone"), Party("ann", "pixel")))
PRESET = Preset(url="http://127.0.0.1:9/x", template=TEMPLATE, notification=NOTE, name="demo")
IGNORED = (
    "ignored: Cloud Softphone only counts 204 and silently drops a 200 "
    "(answer 204 No Content instead of 200)"
)
WHEN = datetime(2026, 11, 29, 13, 0, 0, 123456, tzinfo=timezone(timedelta(hours=1)))


def answered(body: bytes = b"hello", truncated: bool = False) -> Outcome:
    request = build("http://127.0.0.1:9/hook?x=1", "application/json", '{"a": 1}', "ua")
    return Outcome(
        request,
        judge(200, len(body)),
        status=200,
        reason="OK",
        http_version="HTTP/1.1",
        headers=(("content-length", "5"), ("x-two", "a: b")),
        body=body,
        body_truncated=truncated,
        elapsed=0.25,
        timings=(("connect", 0.001), ("first byte", 0.2)),
    )


@pytest.fixture
def history(tmp_path: Path) -> History:
    return History(str(tmp_path / "history.sqlite3"))


def kept(history: History, outcome: Outcome, preset: Preset | None = PRESET) -> HistoryEntry:
    entry = history.get(history.record_send(outcome, preset) or 0)
    assert entry is not None
    return entry


def an_entry(detail: dict[str, object], kind: str = "sent", source: object = None) -> HistoryEntry:
    request = build("http://127.0.0.1:9/h", "application/json", "{}", "ua")
    summary = Summary(4, "t", kind, "", request.url, None, None)
    return HistoryEntry(summary, request.wire(), source, detail, b"")  # type: ignore[arg-type]


# -- the row of a send, and the outcome read back from it -------------------------------------


def test_a_sends_row_holds_every_field_of_its_outcome_and_source() -> None:
    row = sent_row(answered(), PRESET)
    assert set(row) == {
        "time", "kind", "preset", "url", "wire", "source", "status", "verdict", "detail", "body"
    }  # fmt: skip
    assert row["kind"] == "sent" and row["preset"] == "demo"
    assert row["url"] == "http://127.0.0.1:9/hook?x=1"
    assert row["wire"] == answered().request.wire()
    assert (row["status"], row["verdict"], row["body"]) == (200, "ignored", b"hello")
    assert json.loads(row["source"]) == {
        "template": TEMPLATE,
        "content_type": "application/json",
        "notification": {
            "new_smart_number": "1555",
            "network_id": "net",
            "new_smart_uri": "sip:a@b",
            "interested_parties": [["eric", "iphone"], ["ann", "pixel"]],
        },
    }
    assert json.loads(row["detail"]) == {
        "verdict": "ignored",
        "summary": IGNORED,
        "warnings": [],
        "reason": "OK",
        "http_version": "HTTP/1.1",
        "headers": [["content-length", "5"], ["x-two", "a: b"]],
        "body_truncated": False,
        "elapsed": 0.25,
        "timings": [["connect", 0.001], ["first byte", 0.2]],
        "failure": "",
    }


def test_a_send_without_a_preset_has_no_source_and_no_name() -> None:
    row = sent_row(answered(), None)
    assert row["source"] is None and row["preset"] == ""


def test_text_is_kept_as_written_not_escaped_to_ascii() -> None:
    note = NOTE._replace(network_id="réseau")
    row = sent_row(answered()._replace(reason="Très bien"), PRESET._replace(notification=note))
    assert '"réseau"' in row["source"] and '"Très bien"' in row["detail"]


def test_the_body_kept_is_the_first_64_kib_and_says_it_was_cut() -> None:
    assert BODY_LIMIT == 65536
    for size, cut in ((65536, False), (65537, True)):
        row = sent_row(answered(b"b" * size), PRESET)
        assert len(row["body"]) == 65536
        assert json.loads(row["detail"])["body_truncated"] is cut
    row = sent_row(answered(b"b" * 10, truncated=True), PRESET)  # cut already by the send
    assert json.loads(row["detail"])["body_truncated"] is True


def test_the_outcome_read_back_equals_the_one_sent(history: History) -> None:
    sent = answered()
    assert kept(history, sent).outcome() == sent


def test_an_outcome_with_nothing_recorded_reads_back_as_a_failure_with_defaults() -> None:
    entry = an_entry({})
    assert entry.outcome() == Outcome(entry.request(), Verdict("failed", "", ()))
    assert type(entry.outcome().elapsed) is float and entry.outcome().body_truncated is False


def test_a_transport_failure_reads_back_with_its_failure(history: History) -> None:
    request = build("http://127.0.0.1:9/", "application/json", "{}", "ua")
    failed = Outcome(request, Verdict("failed", "timeout: no answer", ("w",)), failure="timeout")
    again = kept(history, failed).outcome()
    assert again == failed and again.status is None


def test_timings_and_elapsed_are_numbers_even_when_stored_as_text() -> None:
    entry = an_entry({"elapsed": "0.5", "timings": [["connect", "0.25"]]})
    assert entry.outcome().elapsed == 0.5
    assert entry.outcome().timings == (("connect", 0.25),)


# -- the notification and the preset a send came from -----------------------------------------


def test_the_notification_and_preset_come_back_from_the_source(history: History) -> None:
    entry = kept(history, answered())
    assert entry.notification() == NOTE
    base = Preset(url="http://other/", content_type="application/xml", template="<x/>", name="b")
    assert entry.as_preset(base) == base._replace(
        url="http://127.0.0.1:9/hook?x=1",
        content_type="application/json",
        template=TEMPLATE,
        notification=NOTE,
    )


def test_without_a_source_the_preset_keeps_its_own_values() -> None:
    base = Preset(url="http://other/", content_type="application/xml", template="<x/>", name="b")
    entry = an_entry({})
    assert entry.notification() is None
    assert entry.as_preset(base) == base._replace(url="http://127.0.0.1:9/h")


def test_a_source_missing_parts_gives_empty_fields() -> None:
    entry = an_entry({}, source={"template": "T"})
    assert entry.notification() == Notification("", "", "", ())
    base = Preset(url="http://other/", content_type="application/xml", template="<x/>", name="b")
    assert entry.as_preset(base).content_type == "application/xml"
    assert entry.as_preset(base).template == "T"
    numbers = an_entry(
        {}, source={"notification": {"network_id": 7, "interested_parties": [[1, 2]]}}
    )
    assert numbers.notification() == Notification("", "7", "", (Party("1", "2"),))


# -- JSON and text ---------------------------------------------------------------------------


def test_the_summary_and_the_entry_as_json(history: History) -> None:
    entry = kept(history, answered())
    summary = entry.summary
    assert summary.to_json() == {
        "id": 1,
        "time": summary.time,
        "kind": "sent",
        "preset": "demo",
        "url": "http://127.0.0.1:9/hook?x=1",
        "status": 200,
        "verdict": "ignored",
    }
    whole = entry.to_json()
    assert whole == {
        **summary.to_json(),
        "request": answered().request.wire().decode(),
        "source": json.loads(sent_row(answered(), PRESET)["source"]),
        "detail": json.loads(sent_row(answered(), PRESET)["detail"]),
        "body": "hello",
    }
    broken = HistoryEntry(summary, b"\xff", None, {}, b"\xfe")
    assert broken.to_json()["request"] == "\ufffd" and broken.to_json()["body"] == "\ufffd"


def test_now_is_local_time_to_the_millisecond_with_its_offset() -> None:
    stamp = now()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d", stamp), stamp
    assert abs(datetime.fromisoformat(stamp) - datetime.now().astimezone()) < timedelta(minutes=1)


def test_a_sends_outcome_text_leaves_out_the_request_line(history: History) -> None:
    assert outcome_text(kept(history, answered())) == (
        "HTTP/1.1 200 OK in 250.0 ms (connect 1.0 ms, first byte 200.0 ms)\n"
        f"{IGNORED}\n"
        "  content-length: 5\n"
        "  x-two: a: b\n"
        "\n"
        "hello"
    )


def test_describe_gives_when_the_request_and_the_outcome(history: History) -> None:
    entry = kept(history, answered())
    assert describe(entry) == (
        f"#1 sent {entry.summary.time} (demo)\n\n"
        "POST /hook?x=1 HTTP/1.1\nHost: 127.0.0.1:9\nConnection: close\n"
        "Cache-Control: max-age=0\nUser-Agent: ua\nContent-Type: application/json\n"
        'Content-Length: 8\n\n{"a": 1}\n\n' + outcome_text(entry)
    )
    split = HistoryEntry(entry.summary, b"POST / HTTP/1.1\r\n\r\na\r\n\r\n\xffb", None, {}, b"")
    assert describe(split).split("\n\n")[1:3] == ["POST / HTTP/1.1", "a\r\n\r\n\udcffb"]
    nameless = kept(history, answered(), None)
    assert describe(nameless).startswith(f"#2 sent {nameless.summary.time}\n\nPOST ")


# -- arrivals ----------------------------------------------------------------------------------


def arrival(body: bytes = b'{"n": "1"}', **fields: Any) -> Entry:
    headers = (("Host", "127.0.0.1:8999"), ("content-type", "application/json"))
    at = (3, WHEN, "POST", "/hook?k=v", "127.0.0.1:5000")
    return Entry(*at, headers, body, len(body), 500, delay=0.5, **fields)


def test_an_arrivals_row_holds_the_request_as_it_came_and_the_answer() -> None:
    row = received_row(arrival(b"\xff\x00"), "demo")
    assert row == {
        "time": "2026-11-29T13:00:00.123+01:00",
        "kind": "received",
        "preset": "demo",
        "url": "http://127.0.0.1:8999/hook?k=v",
        "wire": b"POST /hook?k=v HTTP/1.1\r\nHost: 127.0.0.1:8999\r\n"
        b"content-type: application/json\r\n\r\n\xff\x00",
        "source": None,
        "status": 500,
        "verdict": "ignored",
        "detail": row["detail"],
        "body": b"",
    }
    assert json.loads(row["detail"]) == {
        "answer": 500,
        "delay": 0.5,
        "verdict_line": arrival(b"\xff\x00").verdict(),
        "problem": None,
        "readback": None,
        "readback_problem": None,
    }
    assert received_row(arrival())["preset"] == ""
    refused = arrival(problem=Problem("error", BODY, "réseau"))
    assert "réseau" in received_row(refused)["detail"]  # kept as written, not as \u00e9


def test_an_arrival_without_a_host_is_filed_under_loopback() -> None:
    bare = Entry(3, WHEN, "GET", "/", "c", (), b"", 0, 204)
    assert received_row(bare)["url"] == "http://127.0.0.1/"
    assert received_row(bare)["verdict"] == "accepted"
    assert received_row(bare)["wire"] == b"GET / HTTP/1.1\r\n\r\n"


def test_a_header_that_is_not_latin_1_is_kept_with_a_question_mark() -> None:
    odd = Entry(3, WHEN, "POST", "/", "c", (("x-name", "Zoë ☃"),), b"", 0, 204)
    assert b"x-name: Zo\xeb ?\r\n" in received_row(odd)["wire"]


def test_an_arrivals_read_back_and_problems_are_kept_and_shown(history: History) -> None:
    body = '{"n": "1555", "p": [{"username": "eric", "device": "iphone"}]}'
    template = '{"n": "%new_smart_number%", "p": %interestedParties%}'
    found = read_back(template, "application/json", body)
    came = arrival(body.encode(), readback=found)
    entry = history.get(history.record_arrival(came) or 0)
    assert entry is not None
    assert entry.detail["readback"] == {
        "summary": 'number "1555", 1 party',
        "carried": ["new_smart_number", "interested_parties"],
        "new_smart_number": "1555",
        "network_id": "",
        "new_smart_uri": "",
        "interested_parties": [["eric", "iphone"]],
    }
    assert outcome_text(entry) == "\n".join(
        [
            "answered 500",
            came.verdict(),
            'read back: number "1555", 1 party',
            "  'eric' on 'iphone'",
        ]
    )
    problem = Problem("error", BODY, "the party list is missing")
    refused = arrival(problem=problem, readback_problem=Problem("error", BODY, "no such key"))
    entry = history.get(history.record_arrival(refused) or 0)
    assert entry is not None
    assert entry.detail["problem"] == str(problem)
    assert entry.detail["readback_problem"] == str(Problem("error", BODY, "no such key"))
    assert outcome_text(entry) == "\n".join(
        ["answered 500", refused.verdict(), f"read-back: {Problem('error', BODY, 'no such key')}"]
    )
    assert outcome_text(an_entry({}, kind="received")) == "answered None\n"
    bare = an_entry({"answer": 204, "verdict_line": "v", "readback": {"carried": []}}, "received")
    assert outcome_text(bare) == "answered 204\nv\nread back: "


# -- the wire, retargeting and the compare view -----------------------------------------------


def test_wire_parsing_keeps_values_and_tolerates_a_bare_request_line() -> None:
    wire = b"POST /a?b HTTP/1.1\r\nX:  two spaces\r\nY:v:w\r\n\r\nbody\r\n\r\nmore"
    assert parse_wire("http://h/a?b", wire) == WebhookRequest(
        "http://h/a?b", "/a?b", (("X", "two spaces"), ("Y", "v:w")), b"body\r\n\r\nmore"
    )
    assert parse_wire("http://h/", b"POST\r\n\r\n") == WebhookRequest("http://h/", "/", (), b"")
    assert parse_wire("http://h/a", b"POST /a\r\n\r\n").target == "/a"  # no version given
    tab = parse_wire("http://h/", b"POST / HTTP/1.1\r\nA: \tv\r\n\r\n")
    assert tab.headers == (("A", "\tv"),)  # the separator's spaces go, the value's tab stays
    assert parse_wire("http://h/", b"POST / HTTP/1.1\r\nA: Xv X\r\n\r\n").headers == (
        ("A", "Xv X"),
    )


def test_retarget_moves_host_and_target_and_keeps_the_rest() -> None:
    request = WebhookRequest(
        "http://127.0.0.1:9/a", "/a", (("host", "127.0.0.1:9"), ("X-Host", "keep")), b"b"
    )
    moved = retarget(request, "http://127.0.0.1:8000/b/c?d=e")
    assert moved == WebhookRequest(
        "http://127.0.0.1:8000/b/c?d=e",
        "/b/c?d=e",
        (("host", "127.0.0.1:8000"), ("X-Host", "keep")),
        b"b",
    )


def test_the_body_diff_is_a_unified_diff_named_by_entry(history: History) -> None:
    def sent(body: str) -> HistoryEntry:
        request = build("http://127.0.0.1:9/", "application/json", body, "ua")
        return kept(history, Outcome(request, judge(204, 0), status=204))

    older = sent("a\nb\nc\nd\ne\nf\n")
    newer = sent("a\nb\nc\nD\ne\nf\n")
    assert body_diff(older, newer) == [
        "--- #1",
        "+++ #2",
        "@@ -2,5 +2,5 @@",
        " b",
        " c",
        "-d",
        "+D",
        " e",
        " f",
    ]
    assert body_diff(older, older) == []
    broken = HistoryEntry(older.summary, older.wire.replace(b"a\nb", b"\xff\nb"), None, {}, b"")
    assert body_diff(older, broken)[3:5] == ["-a", "+\udcff"]  # undecodable bytes still compare
