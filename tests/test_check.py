"""The endpoint check (SPEC §10): the battery, its runner and ``smarthook check``, over loopback."""

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from endpoint import Answer, Endpoint, free_port
from smarthook.core import check
from smarthook.core.notification import Notification
from smarthook.core.preset import Preset, open_preset
from smarthook.core.receiver import Receiver
from smarthook.core.receiver_server import ReceiverServer
from smarthook.core.webhook import JSON
from smarthook.tui.cli import main

NINE = [
    "sample",
    "no-parties",
    "one-party",
    "many-parties",
    "escaping",
    "unicode",
    "long-values",
    "plus-number",
    "repeat",
]
LIMIT = 20 * 1024


class SizeLimited(Endpoint):
    """Reads each body whole, then answers 413 when it is over 20 KB, 204 otherwise."""

    @property  # type: ignore[override]
    def answer(self) -> Answer:
        if len(self.received[-1].body) > LIMIT:
            return Answer(413, "Payload Too Large", body=b"too large")
        return Answer()

    @answer.setter
    def answer(self, value: Answer) -> None:
        pass


class RepeatConflict(Endpoint):
    """Answers 409 to a body that is the same as the one just before it (a refused repeat)."""

    @property  # type: ignore[override]
    def answer(self) -> Answer:
        repeated = len(self.received) > 1 and self.received[-2].body == self.received[-1].body
        return Answer(409, "Conflict") if repeated else Answer()

    @answer.setter
    def answer(self, value: Answer) -> None:
        pass


@pytest.fixture
def limited() -> SizeLimited:
    server = SizeLimited()
    yield server
    server.close()


def sample(name: str = "docs-json") -> Preset:
    return open_preset(name)[0]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def values(notification: Notification) -> list[str]:
    found = list(notification.scalars().values())
    for party in notification.interested_parties:
        found += [party.username, party.device]
    return found


# -- the battery as data -------------------------------------------------------------------


def test_the_battery_is_the_nine_named_cases_each_with_a_description() -> None:
    assert [case.name for case in check.BATTERY] == NINE
    assert all(case.description for case in check.BATTERY)
    assert [case.requests for case in check.BATTERY] == [1] * 8 + [2]


def test_each_case_builds_the_notification_its_name_says() -> None:
    base = sample().notification
    built = {case.name: case.build(base) for case in check.BATTERY}
    assert built["sample"] == built["repeat"] == base
    assert built["no-parties"].interested_parties == ()
    assert built["one-party"].interested_parties == base.interested_parties[:1]
    many = built["many-parties"].interested_parties
    assert len(many) == 1000 and len(set(many)) == 1000
    for value in values(built["escaping"]):
        assert all(char in value for char in "\"\\<>&'/\t"), value
    for value in values(built["unicode"]):
        assert "é" in value or "ë" in value
        assert "山" in value and "😀" in value and "ש" in value
        assert ord("😀") > 0xFFFF
    assert all(len(value) == 1000 for value in values(built["long-values"]))
    lonely = base._replace(interested_parties=())
    for case in check.BATTERY[4:7]:  # escaping, unicode, long-values: a party's values too
        assert len(case.build(lonely).interested_parties) == 1
    number = built["plus-number"].new_smart_number
    assert number == "+15551231234"
    assert sample("docs-xml").notification.new_smart_number.startswith("+")
    assert check.BATTERY[7].build(sample("docs-xml").notification).new_smart_number == (
        "+420111222333"
    )


def test_a_case_xml_cannot_carry_is_left_out_for_xml_only() -> None:
    control = check.Case("control", "a control character", lambda s: s._replace(network_id="a\x01"))
    battery = (check.BATTERY[0], control)
    assert [p.case.name for p in check.prepare(sample("docs-json"), battery)] == [
        "sample",
        "control",
    ]
    assert [p.case.name for p in check.prepare(sample("docs-xml"), battery)] == ["sample"]
    # The tab of `escaping` is carried in XML (as &#9;): all nine stay for both types.
    assert [p.case.name for p in check.prepare(sample("docs-xml"))] == NINE


def test_a_body_that_breaks_only_for_one_case_is_still_sent_with_a_warning() -> None:
    preset = sample()._replace(template='{"n": "%new_smart_number%", "raw": %network_id%}')
    preset = preset._replace(notification=preset.notification._replace(network_id="1"))
    prepared = {p.case.name: p for p in check.prepare(preset)}
    assert prepared["sample"].draft.body_problem is None
    assert prepared["escaping"].draft.body_problem is not None
    assert prepared["escaping"].draft.request is not None


# -- against real loopback servers ---------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("name", ["docs-json", "docs-xml"])
async def test_the_local_receiver_passes_all_nine_and_reads_each_back(name: str) -> None:
    preset = sample(name)
    shape = (preset.template, preset.content_type)
    server = ReceiverServer(Receiver(template_provider=lambda: shape), port=free_port())
    await server.start()
    try:
        preset = preset._replace(url=f"{server.url}smartcontactnotification")
        prepared = check.prepare(preset)
        results = [result async for result in check.run(prepared, 10)]
    finally:
        await server.stop()
    assert [r.case.name for r in results] == NINE
    assert [(r.passed, r.status, r.verdict, r.why) for r in results] == [
        (True, 204, "accepted", "accepted")
    ] * 9
    assert check.exit_status(results) == 0 and check.tally(results) == "9 passed, 0 failed"
    sent = [p.notification for p in prepared]
    sent.append(sent[-1])  # repeat: twice
    log = list(server.receiver.log)
    assert [entry.status for entry in log] == [204] * 10
    assert [entry.readback.notification if entry.readback else None for entry in log] == sent


@pytest.mark.slow
@pytest.mark.parametrize("name", ["docs-json", "docs-xml"])
def test_a_server_refusing_bodies_over_20_kb_fails_exactly_many_parties(
    name: str, limited: SizeLimited, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "check", name, "--url", limited.url())
    assert status == 1
    lines = out.splitlines()
    over = {p.case.name for p in check.prepare(sample(name)) if len(p.draft.request.body) > LIMIT}
    assert over == {"many-parties"}  # long-values is under 20 KB for both shipped presets
    failed = [line for line in lines if line.startswith("✘")]
    assert len(failed) == 1
    assert failed[0].split()[1:3] == ["many-parties", "413"]
    assert failed[0].endswith("ignored: answered 413")
    assert sum(line.startswith("✔") for line in lines) == 8
    assert lines[-1] == "8 passed, 1 failed"


def test_a_server_answering_200_fails_every_case_as_ignored(
    endpoint: Endpoint, capsys: pytest.CaptureFixture[str]
) -> None:
    endpoint.answer = Answer(200, "OK", body=b"fine")
    status, out, _ = run(capsys, "check", "docs-json", "--url", endpoint.url(), "--json")
    assert status == 1
    report = json.loads(out)
    assert [case["name"] for case in report["cases"]] == NINE
    for case in report["cases"]:
        assert case["passed"] is False
        assert case["status"] == 200
        assert case["verdict"] == "ignored"
        assert case["why"].startswith("ignored: answered 200 (answer 204 No Content instead)")
        assert case["elapsed_ms"] > 0
    assert (report["passed"], report["failed"]) == (0, 9)
    assert len(endpoint.received) == 9  # repeat stops at the first answer that is not 204


@pytest.mark.slow
def test_a_closed_port_exits_3_and_says_no_answer(capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{free_port()}/hook"
    status, out, _ = run(capsys, "check", "docs-xml", "--url", url)
    assert status == 3
    lines = out.splitlines()
    assert len(lines) == 11 and lines[-1] == "0 passed, 9 failed"
    for line in lines[1:-1]:
        assert line.startswith("✘") and "no answer: connection refused" in line
    status, out, _ = run(capsys, "check", "docs-xml", "--url", url, "--json")
    assert status == 3
    cases = json.loads(out)["cases"]
    assert {(c["verdict"], c["status"], c["passed"]) for c in cases} == {("failed", None, False)}


@pytest.mark.slow
def test_a_timeout_is_said_in_the_verdicts_words(
    endpoint: Endpoint, capsys: pytest.CaptureFixture[str]
) -> None:
    endpoint.answer = Answer(delay=2)
    status, out, _ = run(
        capsys, "check", "docs-json", "--url", endpoint.url(), "--timeout", "0.2", "--no-parties"
    )
    assert status == 3
    assert "no answer: timeout after 0.2 s" in out


@pytest.mark.slow
def test_a_repeat_refused_the_second_time_fails_only_repeat(
    capsys: pytest.CaptureFixture[str],
) -> None:
    server = RepeatConflict()
    try:
        status, out, _ = run(capsys, "check", "docs-json", "--url", server.url())
    finally:
        server.close()
    assert status == 1
    failed = [line for line in out.splitlines() if line.startswith("✘")]
    assert [line.split()[1] for line in failed] == ["repeat"]
    assert failed[0].endswith("ignored: answered 409 (request 2 of 2)")


def test_the_junit_report_has_a_testcase_per_case_and_a_failure_per_failed_one(
    limited: SizeLimited, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "report.xml"
    status, _, _ = run(capsys, "check", "docs-json", "--url", limited.url(), "--junit", str(report))
    assert status == 1
    root = ET.parse(report).getroot()
    [suite] = root.findall("testsuite")
    cases = suite.findall("testcase")
    assert [case.get("name") for case in cases] == NINE
    assert (suite.get("tests"), suite.get("failures")) == ("9", "1")
    failed = {case.get("name"): case.find("failure") for case in cases}
    assert [name for name, failure in failed.items() if failure is not None] == ["many-parties"]
    failure = failed["many-parties"]
    assert failure.get("message") == "ignored: answered 413"
    assert failure.get("type") == "ignored"
    assert "413 Payload Too Large" in failure.text and "too large" in failure.text
    assert all(float(case.get("time")) > 0 for case in cases)


def test_outside_text_in_the_junit_report_is_escaped(
    endpoint: Endpoint, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    endpoint.answer = Answer(500, "Bad\x1b]52;c;aGk=\x07", body=b"oops \x1b[2J\x00 <b>&")
    report = tmp_path / "report.xml"
    status, out, _ = run(
        capsys, "check", "docs-json", "--url", endpoint.url(), "--junit", str(report)
    )
    assert status == 1
    text = report.read_text("utf-8")
    assert "\x1b" not in text and "\x00" not in text and "\x1b" not in out
    failure = ET.parse(report).getroot().find("testsuite/testcase/failure")
    assert "\\u001b]52;c;aGk=\\u0007" in failure.text
    assert "oops \\u001b[2J\\u0000 <b>&" in failure.text


@pytest.mark.slow
def test_each_cases_request_is_byte_for_byte_what_export_gives(
    endpoint: Endpoint, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    url = endpoint.url("/hook")
    assert main(["check", "docs-xml", "--url", url]) == 0
    capsysbinary.readouterr()
    prepared = check.prepare(sample("docs-xml")._replace(url=url))
    received = [request.raw for request in endpoint.received]
    assert len(received) == 10
    assert received[:9] == [p.draft.request.wire() for p in prepared]
    assert received[9] == received[8] == received[0]
    for item in prepared:
        note = item.notification
        argv = [
            "export",
            "docs-xml",
            "--as",
            "http",
            "--url",
            url,
            "--number",
            note.new_smart_number,
        ]
        argv += ["--network", note.network_id, "--uri", note.new_smart_uri]
        for party in note.interested_parties:
            argv += ["--party", party.username, party.device]
        if not note.interested_parties:
            argv.append("--no-parties")
        assert main(argv) == 0
        assert capsysbinary.readouterr().out == item.draft.request.wire(), item.case.name


def test_the_urls_user_and_password_are_never_printed(
    endpoint: Endpoint, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = endpoint.url().replace("http://", "http://someone:s3cr3t@")
    endpoint.answer = Answer(418, "Teapot")
    report = tmp_path / "report.xml"
    for extra in ([], ["--json"]):
        status, out, err = run(
            capsys, "check", "local-demo", "--url", url, "--junit", str(report), *extra
        )
        assert status == 1
        assert "s3cr3t" not in out + err and "someone" not in out + err
        assert "s3cr3t" not in report.read_text()
        assert f"127.0.0.1:{endpoint.port}" in out
    assert all("authorization" not in dict(r.headers) for r in endpoint.received)


def test_bad_input_exits_2_and_sends_nothing(
    endpoint: Endpoint, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(
        capsys, "check", "docs-json", "--url", endpoint.url(), "--content-type", "text/plain"
    )
    assert status == 2 and out == ""
    assert len(err.splitlines()) == 1 and "content type" in err
    report = tmp_path / "missing" / "report.xml"
    status, _, err = run(
        capsys, "check", "docs-json", "--url", endpoint.url(), "--junit", str(report)
    )
    assert status == 2 and "junit" in err and "Traceback" not in err
    status, _, err = run(capsys, "check", "docs-json", "--url", "ftp://x/")
    assert status == 2 and "url" in err
    with pytest.raises(SystemExit) as usage:
        main(["check", "docs-json", "--timeout", "0"])
    assert usage.value.code == 2
    assert endpoint.received == []


def test_exit_status_is_3_only_when_nothing_was_answered_with_another_status() -> None:
    prepared = check.prepare(sample())
    from smarthook.core.request import build
    from smarthook.core.send import Outcome
    from smarthook.core.verdict import judge, transport_failure

    request = build("http://x.test/", JSON, "{}", "ua")
    ok = Outcome(request, judge(204, 0), status=204)
    ignored = Outcome(request, judge(500, 0), status=500)
    lost = Outcome(request, transport_failure("timeout", "late"), failure="timeout")

    def results(*outcomes: Outcome) -> list[check.CaseResult]:
        return [
            check.CaseResult(p.case, p.draft, (o,) * p.case.requests, 1.0)
            for p, o in zip(prepared, outcomes, strict=False)
        ]

    assert check.exit_status(results(ok, ok)) == 0
    assert check.exit_status(results(ok, ignored, lost)) == 1
    assert check.exit_status(results(ok, lost)) == 3
    assert check.exit_status(results(lost, lost)) == 3
