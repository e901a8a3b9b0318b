"""``history``, ``replay`` and ``--no-history`` end to end, over a real SQLite file (SPEC §9)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from endpoint import Answer, Endpoint
from smarthook.core.history import History
from smarthook.tui.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_a_send_is_listed_and_shown(endpoint: Endpoint, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "send", "local-demo", "--url", endpoint.url())[0] == 0
    endpoint.answer = Answer(500, "Server Error")
    assert run(capsys, "send", "local-demo", "--url", endpoint.url("/two"))[0] == 1
    status, out, _ = run(capsys, "history", "--json")
    assert status == 0
    listed = json.loads(out)
    assert [(e["id"], e["kind"], e["status"], e["verdict"]) for e in listed] == [
        (2, "sent", 500, "ignored"),
        (1, "sent", 204, "accepted"),
    ]
    assert listed[0]["url"] == endpoint.url("/two")
    _, out, _ = run(capsys, "history")
    assert out.splitlines()[0].split()[:5] == ["2", *out.split()[1:3], "sent", "500"]
    _, out, _ = run(capsys, "history", "show", "1", "--as", "http")
    assert out.encode() == endpoint.received[0].raw
    _, out, _ = run(capsys, "history", "show", "1")
    assert "204 No Content" in out and "accepted" in out
    _, out, _ = run(capsys, "history", "show", "2", "--as", "json")
    assert json.loads(out)["source"]["notification"]["new_smart_number"]


def test_replay_sends_the_same_bytes(
    endpoint: Endpoint, capsys: pytest.CaptureFixture[str]
) -> None:
    url = endpoint.url("/hook?token=abc&x=%20y")
    assert run(capsys, "send", "local-demo", "--url", url)[0] == 0
    endpoint.answer = Answer(200, "OK")
    status, out, _ = run(capsys, "replay", "1", "--json")
    assert status == 1 and json.loads(out)["status"] == 200
    first, second = endpoint.received
    assert second.raw == first.raw
    [latest, _] = History().entries()
    assert latest.id == 2 and latest.kind == "sent" and latest.status == 200
    assert History().get(2).summary.preset == History().get(1).summary.preset  # type: ignore[union-attr]


@pytest.mark.slow
def test_replay_to_another_url_recomputes_host_and_target(
    endpoint: Endpoint, capsys: pytest.CaptureFixture[str]
) -> None:
    other = Endpoint()
    try:
        assert run(capsys, "send", "local-demo", "--url", endpoint.url())[0] == 0
        assert (
            run(capsys, "replay", "1", "--url", other.url("/elsewhere"), "--timeout", "5")[0] == 0
        )
        [first], [moved] = endpoint.received, other.received
        assert moved.request_line == "POST /elsewhere HTTP/1.1"
        assert dict(moved.headers)["Host"] == f"127.0.0.1:{other.port}"
        assert moved.body == first.body
        assert [n for n, _ in moved.headers] == [n for n, _ in first.headers]
    finally:
        other.close()


def test_an_unknown_id_is_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (("history", "show", "7"), ("replay", "7")):
        status, _, err = run(capsys, *argv)
        assert status == 2 and "no history entry 7" in err and err.count("\n") == 1
    with pytest.raises(SystemExit) as exit_:
        main(["history", "show", "x"])
    assert exit_.value.code == 2


def test_no_history_keeps_nothing(
    endpoint: Endpoint, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(capsys, "send", "local-demo", "--url", endpoint.url(), "--no-history")[0] == 0
    monkeypatch.setenv("SMARTHOOK_NO_HISTORY", "1")
    assert run(capsys, "send", "local-demo", "--url", endpoint.url())[0] == 0
    monkeypatch.delenv("SMARTHOOK_NO_HISTORY")
    assert run(capsys, "send", "local-demo", "--url", endpoint.url())[0] == 0
    assert run(capsys, "replay", "1", "--no-history")[0] == 0
    assert len(endpoint.received) == 4
    assert [entry.id for entry in History().entries()] == [1]


def test_credentials_are_never_printed(
    endpoint: Endpoint, capsys: pytest.CaptureFixture[str]
) -> None:
    url = endpoint.url().replace("http://", "http://alice:hunter2@")
    for argv in (
        ("send", "local-demo", "--url", url),
        ("send", "local-demo", "--url", url, "--json"),
    ):
        _, out, err = run(capsys, *argv)
        assert "hunter2" not in out + err and "alice" not in out
    for argv in (("history",), ("history", "--json"), ("history", "show", "1"), ("replay", "1")):
        _, out, err = run(capsys, *argv)
        assert "hunter2" not in out + err


def test_clear_without_a_terminal_does_not_ask(
    endpoint: Endpoint, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "send", "local-demo", "--url", endpoint.url())
    status, out, _ = run(capsys, "history", "clear")
    assert status == 0 and "Removed 1" in out
    assert History().entries() == []


@pytest.mark.slow
def test_sends_from_several_processes_are_all_kept(endpoint: Endpoint, history_file: Path) -> None:
    command = [sys.executable, "-m", "smarthook.tui.cli", "send", "local-demo"]
    env = {**os.environ, "SMARTHOOK_HISTORY": str(history_file)}
    senders = [
        subprocess.Popen(
            [*command, "--url", endpoint.url(f"/p{n}")],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(4)
    ]
    for sender in senders:
        _, err = sender.communicate(timeout=60)
        assert sender.returncode == 0, err
        assert "warning" not in err
    kept = History(str(history_file)).entries()
    assert sorted(entry.url.rsplit("/", 1)[1] for entry in kept) == ["p0", "p1", "p2", "p3"]


@pytest.mark.slow
def test_receive_keeps_each_arrival(history_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from waiting_process import wait_for_line

    from endpoint import free_port

    port = free_port()
    receiver = subprocess.Popen(
        [sys.executable, "-m", "smarthook.tui.cli", "receive", "--port", str(port)],
        env={**os.environ, "SMARTHOOK_HISTORY": str(history_file)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for_line(receiver.stderr, "listening on")
        url = f"http://127.0.0.1:{port}/hook?token=abc"
        assert run(capsys, "send", "local-demo", "--url", url, "--no-history")[0] == 0
        wait_for_line(receiver.stdout, "/hook")
    finally:
        receiver.terminate()
        receiver.wait(timeout=30)
    [arrival] = History(str(history_file)).entries()
    assert arrival.kind == "received" and arrival.status == 204
    assert arrival.url == url
