"""The history store over a real SQLite file (SPEC §9): schema, bound, damage, concurrency."""

import os
import re
import sqlite3
import stat
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from smarthook.core.history import KEEP, VERSION, History, default_path, enabled
from smarthook.core.history_entry import parse_wire, retarget
from smarthook.core.preset import Preset
from smarthook.core.receiver import Entry
from smarthook.core.request import build
from smarthook.core.send import Outcome
from smarthook.core.verdict import judge, transport_failure

BODY = '{"newSmartNumber": "1555"}'


def outcome(url: str = "http://127.0.0.1:9/hook?token=s3cret", status: int | None = 204) -> Outcome:
    request = build(url, "application/json", BODY, "Sync Server 1.1")
    if status is None:
        return Outcome(request, transport_failure("timeout", "no answer"), failure="timeout")
    return Outcome(
        request,
        judge(status, 0),
        status=status,
        reason="No Content",
        http_version="HTTP/1.1",
        headers=(("date", "today"),),
        body=b"x" * (70 * 1024),
        elapsed=0.01,
        timings=(("connect", 0.001),),
    )


@pytest.fixture
def history(tmp_path: Path) -> History:
    warnings: list[str] = []
    store = History(str(tmp_path / "data" / "history.sqlite3"), warnings.append)
    store.warnings = warnings  # type: ignore[attr-defined]
    return store


def test_a_send_is_kept_whole_and_read_back(history: History) -> None:
    preset = Preset(url="http://x/", template=BODY, name="demo")
    sent = outcome()
    entry_id = history.record_send(sent, preset)
    assert entry_id == 1
    entry = history.get(1)
    assert entry is not None
    assert entry.wire == sent.request.wire()
    assert entry.request() == sent.request
    assert entry.summary.preset == "demo"
    assert entry.summary.status == 204 and entry.summary.verdict == "accepted"
    assert entry.source is not None and entry.source["template"] == BODY
    assert len(entry.body) == 64 * 1024
    again = entry.outcome()
    assert again.verdict == sent.verdict and again.headers == sent.headers
    assert again.timings == sent.timings and again.body_truncated


def test_the_file_is_private_and_versioned(history: History) -> None:
    history.record_send(outcome())
    assert stat.S_IMODE(os.stat(history.path).st_mode) == 0o600
    with sqlite3.connect(history.path) as connection:
        assert connection.execute("PRAGMA user_version").fetchone() == (VERSION,)
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_credentials_are_not_kept_and_a_failure_has_no_status(history: History) -> None:
    history.record_send(outcome("http://user:pw@127.0.0.1:9/", status=None))
    [summary] = history.entries()
    assert summary.url == "http://127.0.0.1:9/"
    assert summary.status is None and summary.verdict == "failed"


def test_only_the_newest_thousand_are_kept(history: History) -> None:
    sent = outcome()
    for _ in range(KEEP + 5):
        history.record_send(sent)
    summaries = history.entries()
    assert len(summaries) == KEEP
    assert summaries[0].id == KEEP + 5 and summaries[-1].id == 6
    assert history.get(5) is None


def test_listing_filters_by_kind_and_text(history: History) -> None:
    history.record_send(outcome("http://127.0.0.1:9/alpha"))
    history.record_send(outcome("http://127.0.0.1:9/beta", status=500))
    history.record_arrival(arrival())
    assert [s.kind for s in history.entries()] == ["received", "sent", "sent"]
    assert [s.url for s in history.entries(text="alpha")] == ["http://127.0.0.1:9/alpha"]
    assert [s.id for s in history.entries(kind="sent", limit=1)] == [2]
    assert history.previous_of_kind(2).id == 1  # type: ignore[union-attr]
    assert history.previous_of_kind(1) is None
    assert history.previous_of_kind(3) is None


def arrival() -> Entry:
    return Entry(
        7,
        datetime.now().astimezone(),
        "POST",
        "/hook",
        "127.0.0.1:5000",
        (("host", "127.0.0.1:8204"), ("content-type", "application/json")),
        BODY.encode(),
        len(BODY),
        204,
    )


def test_an_arrival_is_kept_with_its_answer(history: History) -> None:
    history.record_arrival(arrival(), "local-demo")
    entry = history.get(1)
    assert entry is not None and entry.kind == "received"
    assert entry.summary.preset == "local-demo"
    assert entry.summary.url == "http://127.0.0.1:8204/hook"
    history.record_arrival(arrival())
    assert history.entries()[0].preset == ""
    assert entry.detail["answer"] == 204
    assert entry.request().body == BODY.encode()


def test_the_stamp_changes_with_every_entry_added_or_removed(history: History) -> None:
    assert history.stamp() == (0, 0)
    history.record_send(outcome())
    history.record_arrival(arrival())
    assert history.stamp() == (2, 2)
    assert History(history.path).stamp() == (2, 2)  # another process sees the same
    history.clear()
    assert history.stamp() == (0, 0)
    history.record_send(outcome())
    assert history.stamp() == (3, 1)  # ids are not reused: a clear and a send still differ


def test_clear_removes_everything(history: History) -> None:
    history.record_send(outcome())
    assert history.clear() == 1
    assert history.entries() == []


def test_a_damaged_file_is_moved_aside_with_one_warning(history: History) -> None:
    os.makedirs(os.path.dirname(history.path))
    Path(history.path).write_bytes(b"not a database at all " * 100)
    assert history.record_send(outcome()) == 1
    assert len(history.warnings) == 1  # type: ignore[attr-defined]
    assert "damaged" in history.warnings[0]  # type: ignore[attr-defined]
    aside = [name for name in os.listdir(os.path.dirname(history.path)) if ".damaged-" in name]
    assert len(aside) == 1
    assert re.fullmatch(r"history\.sqlite3\.damaged-\d{8}T\d{6}", aside[0]), aside
    assert history.entries()[0].id == 1


def test_the_damaged_files_journal_goes_aside_with_it(history: History) -> None:
    for _ in range(30):
        history.record_send(outcome())
    keeper = sqlite3.connect(history.path)  # another process's connection keeps -wal and -shm
    keeper.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    keeper.execute("BEGIN")
    keeper.execute("SELECT 1").fetchall()
    data = bytearray(Path(history.path).read_bytes())
    data[4096:] = b"\xff" * (len(data) - 4096)
    Path(history.path).write_bytes(bytes(data))
    with pytest.raises(sqlite3.DatabaseError):
        History(history.path, history.warn).entries()
    keeper.close()
    names = sorted(path.name for path in Path(history.path).parent.iterdir())
    assert [re.sub(r"\d{8}T\d{6}", "T", name) for name in names] == [
        "history.sqlite3.damaged-T",
        "history.sqlite3.damaged-T-shm",
        "history.sqlite3.damaged-T-wal",
    ]


def test_a_write_that_cannot_happen_is_a_warning(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    warnings: list[str] = []
    history = History(str(blocker / "history.sqlite3"), warnings.append)
    assert history.record_send(outcome()) is None
    assert len(warnings) == 1 and "not kept" in warnings[0]


def test_a_version_1_database_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.executescript(
            """
            CREATE TABLE entries (
                id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL, kind TEXT NOT NULL,
                url TEXT NOT NULL, wire BLOB NOT NULL, source TEXT, status INTEGER,
                verdict TEXT, detail TEXT NOT NULL DEFAULT '{}', body BLOB NOT NULL DEFAULT x''
            );
            INSERT INTO entries (time, kind, url, wire, status, verdict)
                VALUES ('2026-01-01T00:00:00', 'sent', 'http://old/', x'504f5354', 204, 'accepted');
            PRAGMA user_version = 1;
            """
        )
    history = History(str(path))
    [old] = history.entries()
    assert old.url == "http://old/" and old.preset == ""
    history.record_send(outcome(), Preset(name="new"))
    assert [s.preset for s in history.entries()] == ["new", ""]
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA user_version").fetchone() == (VERSION,)


def test_a_newer_schema_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute(f"PRAGMA user_version = {VERSION + 1}")
    warnings: list[str] = []
    assert History(str(path), warnings.append).record_send(outcome()) is None
    assert "newer smarthook" in warnings[0]
    assert os.path.exists(path)


WRITER = """
import sys
from smarthook.core.history import History
from smarthook.core.request import build
from smarthook.core.send import Outcome
from smarthook.core.verdict import judge
request = build("http://127.0.0.1:9/" + sys.argv[2], "application/json", "{}", "ua")
history = History(sys.argv[1], lambda m: print(m, file=sys.stderr))
for _ in range(40):
    assert history.record_send(Outcome(request, judge(204, 0), status=204)) is not None
"""


@pytest.mark.slow
def test_several_processes_write_at_once(tmp_path: Path) -> None:
    path = str(tmp_path / "history.sqlite3")
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, path, f"w{n}"], stderr=subprocess.PIPE, text=True
        )
        for n in range(4)
    ]
    for writer in writers:
        _, err = writer.communicate(timeout=60)
        assert writer.returncode == 0, err
        assert err == ""
    summaries = History(path).entries()
    assert len(summaries) == 160
    assert sorted(s.id for s in summaries) == list(range(1, 161))
    assert {s.url.rsplit("/", 1)[1] for s in summaries} == {"w0", "w1", "w2", "w3"}


def test_wire_parses_back_and_retargets() -> None:
    request = build("http://127.0.0.1:9/a?b=c", "application/json", BODY, "ua")
    assert parse_wire(request.url, request.wire()) == request
    moved = retarget(request, "https://example.test/other")
    assert moved.target == "/other"
    assert dict(moved.headers)["Host"] == "example.test"
    assert [name for name, _ in moved.headers] == [name for name, _ in request.headers]
    assert moved.body == request.body


def test_damage_inside_the_file_is_moved_aside_too(history: History) -> None:
    for _ in range(30):
        history.record_send(outcome())
    with sqlite3.connect(history.path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(Path(history.path).read_bytes())
    page = 4096
    data[page:] = b"\xff" * (len(data) - page)  # every page but the first (the header)
    Path(history.path).write_bytes(bytes(data))
    fresh = History(history.path, history.warn)
    with pytest.raises(sqlite3.DatabaseError):
        fresh.entries()
    assert any("damaged" in warning for warning in history.warnings)  # type: ignore[attr-defined]
    assert fresh.record_send(outcome()) == 1
    assert [entry.id for entry in fresh.entries()] == [1]


def test_the_default_file_is_in_the_user_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SMARTHOOK_HISTORY", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_path() == str(tmp_path / "smarthook" / "history.sqlite3")
    monkeypatch.setenv("SMARTHOOK_HISTORY", str(tmp_path / "elsewhere.db"))
    assert default_path() == str(tmp_path / "elsewhere.db")


def test_a_replay_is_credited_to_the_entry_it_replays(history: History) -> None:
    preset = Preset(url="http://x/", template="réseau %new_smart_number%", name="demo")
    history.record_send(outcome(), preset)
    original = history.get(1)
    assert original is not None
    replayed = outcome("http://user:pw@127.0.0.1:9/again")
    assert history.record_replay(replayed, original) == 2
    again = history.get(2)
    assert again is not None
    assert again.summary.url == "http://127.0.0.1:9/again"
    assert again.summary.preset == "demo" and again.source == original.source
    with sqlite3.connect(history.path) as connection:
        [(source,)] = connection.execute("SELECT source FROM entries WHERE id = 2")
    assert "réseau" in source  # kept as written
    history.record_send(outcome(), None)
    bare = history.get(3)
    assert bare is not None and history.record_replay(replayed, bare) == 4
    assert history.get(4).source is None  # type: ignore[union-attr]
    with sqlite3.connect(history.path) as connection:
        assert connection.execute("SELECT source FROM entries WHERE id = 4").fetchone() == (None,)


@pytest.mark.parametrize(("value", "on"), [("", True), ("0", True), ("1", False), ("yes", False)])
def test_history_is_off_when_asked(value: str, on: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMARTHOOK_NO_HISTORY", value)
    assert enabled() is on


def test_a_new_folder_is_private_too(tmp_path: Path) -> None:
    before = os.umask(0o022)
    try:
        History(str(tmp_path / "new" / "history.sqlite3")).record_send(outcome())
    finally:
        os.umask(before)
    assert stat.S_IMODE(os.stat(tmp_path / "new").st_mode) == 0o700


def test_a_kind_and_a_text_filter_together(history: History) -> None:
    history.record_send(outcome("http://127.0.0.1:9/alpha"))
    history.record_arrival(arrival())
    history.record_send(outcome("http://127.0.0.1:9/beta"))
    assert [s.url for s in history.entries(kind="sent", text="alpha")] == [
        "http://127.0.0.1:9/alpha"
    ]
    assert history.entries(kind="received", text="alpha") == []
