"""Presets: loading with precise errors, atomic saving, finding (SPEC §5)."""

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from smarthook.core import preset as presets
from smarthook.core.notification import Notification, Party
from smarthook.core.preset import Preset
from smarthook.core.problems import InputError

GOOD = """
name = "Mine"
[provisioning]
smartContactNotificationUrl = "https://hooks.test/x"
smartContactNotificationContentType = "application/json"
smartContactNotificationPostData = '{"n": "%new_smart_number%"}'
[notification]
new_smart_number = "1"
network_id = "n"
new_smart_uri = "u"
interested_parties = [{ username = "a", device = "b" }]
[request]
user_agent = "X/1"
timeout = 3
"""


def problem_of(text: str, path: str = "p.toml") -> str:
    with pytest.raises(InputError) as raised:
        presets.parse(text, path)
    return str(raised.value.problem)


def test_parse_a_complete_preset() -> None:
    preset = presets.parse(GOOD)
    assert preset.url == "https://hooks.test/x"
    assert preset.notification == Notification("1", "n", "u", (Party("a", "b"),))
    assert (preset.name, preset.user_agent, preset.timeout) == ("Mine", "X/1", 3.0)


def test_not_toml_names_line_and_column() -> None:
    assert problem_of('name = "x"\n[provisioning\n') == (
        "p.toml:2:14: error: not TOML: Expected ']' at the end of a table declaration"
    )


def test_unknown_key_names_file_key_and_line() -> None:
    text = GOOD.replace('network_id = "n"', 'network_id = "n"\nnetwork = "typo"')
    message = problem_of(text)
    assert message.startswith("p.toml:10: error: notification.network is not a preset key")


def test_missing_key() -> None:
    text = GOOD.replace('new_smart_uri = "u"\n', "")
    assert "notification.new_smart_uri is missing" in problem_of(text)
    assert "provisioning is missing" in problem_of('[notification]\nnew_smart_number = "1"\n')


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('new_smart_number = "1"', "new_smart_number = 1", "new_smart_number must be a string"),
        ("timeout = 3", "timeout = -1", "request.timeout must be a number of seconds above 0"),
        ("timeout = 3", 'timeout = "3"', "request.timeout must be a number"),
        ('{ username = "a", device = "b" }', '{ username = "a" }', "[1].device is missing"),
        ('{ username = "a", device = "b" }', '"a"', "entry 1 must be a table"),
        ("interested_parties = [", "interested_parties = 1 #", "must be a list"),
    ],
)
def test_wrong_types(old: str, new: str, expected: str) -> None:
    assert expected in problem_of(GOOD.replace(old, new))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as raised:
        presets.load(str(tmp_path / "nope.toml"))
    assert "no such preset file" in str(raised.value)


def test_save_then_load_round_trips(tmp_path: Path) -> None:
    preset = Preset(
        url="http://127.0.0.1:1/x",
        content_type="application/xml",
        template="<a>'''\"%network_id%\"\\</a>\n",
        notification=Notification("1", "n\n", 'u"', (Party("é", "\t"),)),
        name="Saved",
        user_agent="UA",
        timeout=2.5,
    )
    path = str(tmp_path / "saved.toml")
    presets.save(preset, path)
    assert presets.load(path) == preset


def test_save_refuses_to_replace_without_confirmation(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text("keep me")
    with pytest.raises(InputError):
        presets.save(Preset(), str(path))
    assert path.read_text() == "keep me"
    presets.save(Preset(url="http://x.test/"), str(path), overwrite=True)
    assert presets.load(str(path)).url == "http://x.test/"
    assert [p.name for p in tmp_path.iterdir()] == ["p.toml"]  # no temporary left behind


def test_save_is_atomic_when_writing_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "p.toml"
    presets.save(Preset(url="http://old.test/"), str(path))

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(InputError) as raised:
        presets.save(Preset(url="http://new.test/"), str(path), overwrite=True)
    assert "No space left" in str(raised.value)
    assert presets.load(str(path)).url == "http://old.test/"
    assert [p.name for p in tmp_path.iterdir()] == ["p.toml"]


def test_shipped_presets_load_and_lint_clean() -> None:
    from smarthook.core.template import lint

    shipped = {entry.key: entry for entry in presets.available()}
    assert {"docs-json", "docs-xml", "local-demo"} <= set(shipped)
    for entry in shipped.values():
        preset = presets.load(entry.path)
        assert lint(preset.template, preset.content_type, preset.url) == []
    assert presets.load(shipped["local-demo"].path).url.startswith("http://127.0.0.1:8204/")


def test_names_are_found_in_the_user_folder_first(user_config: Path) -> None:
    user_config.mkdir(parents=True)
    (user_config / "docs-json.toml").write_text(GOOD)
    preset, path = presets.open_preset("docs-json")
    assert preset.name == "Mine" and path == str(user_config / "docs-json.toml")
    assert presets.open_preset("docs-xml")[0].content_type == "application/xml"
    sources = [(e.key, e.source) for e in presets.available()]
    assert sources[0] == ("docs-json", "user")


def test_unknown_name_lists_the_known_ones() -> None:
    with pytest.raises(InputError) as raised:
        presets.find("nosuch")
    assert "local-demo" in str(raised.value)


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "0", "-1"])
def test_a_timeout_that_cannot_bound_a_send_is_refused_at_load(value: str) -> None:
    text = GOOD.replace("timeout = 3", f"timeout = {value}")
    shown = {"0": "0", "-1": "-1"}.get(value, str(float(value)))
    assert problem_of(text) == (
        f"p.toml:14: error: request.timeout must be a number of seconds above 0, not {shown}"
    )


def test_an_unknown_key_is_found_on_its_own_line() -> None:
    text = GOOD.replace('new_smart_uri = "u"', 'new_smart_uri = "u"\nname = "again"')
    assert problem_of(text).startswith("p.toml:11: error: notification.name is not a preset key")


def test_arrays_nested_deeper_than_the_parser_can_go_are_one_error() -> None:
    text = GOOD + "[extra]\nx = " + "[" * 5000 + "]" * 5000 + "\n"
    assert problem_of(text) == "p.toml: error: not a preset: nested too deeply to read"


# -- only regular files are read (#7 item 10) ------------------------------------------------


LOAD = """
import sys
from smarthook.core import preset
try:
    preset.load(sys.argv[1])
except preset.InputError as exc:
    print(exc.problem)
"""


@pytest.mark.parametrize("kind", ["fifo", "device", "folder", "huge"])
def test_only_a_regular_file_under_the_size_cap_is_read(kind: str, tmp_path: Path) -> None:
    path = str(tmp_path / "p.toml")
    if kind == "fifo":
        os.mkfifo(path)  # nobody writes to it: reading would wait for ever
    elif kind == "device":
        path = "/dev/zero"  # reading would never end
    elif kind == "folder":
        os.mkdir(path)
    else:
        Path(path).write_text(GOOD + "#" * (1024 * 1024))
    # In a process of its own, with a deadline: a load that waits fails here, not hangs.
    done = subprocess.run(
        [sys.executable, "-c", LOAD, path], capture_output=True, text=True, timeout=30
    )
    expected = {
        "huge": "is over 1024 KiB: not a preset",
    }.get(kind, "is not a regular file (a folder, a pipe or a device)")
    assert done.stdout == f"{path}: error: {expected}\n"


def test_the_listing_marks_a_fifo_without_waiting(
    user_config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from smarthook.tui.cli import main

    user_config.mkdir(parents=True)
    os.mkfifo(user_config / "pipe.toml")
    # A writer that opens the pipe after a deadline: a listing that waits is unblocked, fails.
    unblock = threading.Timer(10, lambda: os.close(os.open(user_config / "pipe.toml", os.O_WRONLY)))
    unblock.start()
    try:
        assert main(["presets"]) == 0
    finally:
        unblock.cancel()
    [row] = [line for line in capsys.readouterr().out.splitlines() if line.startswith("pipe ")]
    assert row.endswith("(cannot be read: is not a regular file (a folder, a pipe or a device))")


# -- saves keep what was there (#7 item 14) --------------------------------------------------

CRLF = Preset(
    url="http://x.test/a\r\nb",
    template='{"n": "%new_smart_number%",\r\n "x": "\r"}\r\n\n',
    notification=Notification("1\r\n2", "\r", "u\n", (Party("a\r\nb", "\r\n"),)),
)


def test_a_save_keeps_every_cr(tmp_path: Path) -> None:
    path = str(tmp_path / "crlf.toml")
    presets.save(CRLF, path)
    assert presets.load(path) == CRLF
    readable = Preset(template='{\n  "a": 1\n}\n')
    presets.save(readable, path, overwrite=True)
    assert '"""' in Path(path).read_text()  # without CRs, multi-line strings as before
    assert presets.load(path) == readable


def test_a_save_keeps_the_mode_and_a_new_file_follows_the_umask(tmp_path: Path) -> None:
    kept = tmp_path / "kept.toml"
    presets.save(Preset(), str(kept))
    os.chmod(kept, 0o644)
    presets.save(Preset(url="http://x.test/"), str(kept), overwrite=True)
    assert kept.stat().st_mode & 0o777 == 0o644
    old = os.umask(0o027)
    try:
        presets.save(Preset(), str(tmp_path / "new.toml"))
    finally:
        os.umask(old)
    assert (tmp_path / "new.toml").stat().st_mode & 0o777 == 0o640


def test_a_save_through_a_symlink_writes_its_target(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "p.toml"
    presets.save(Preset(), str(target))
    link = tmp_path / "link.toml"
    link.symlink_to(target)
    presets.save(Preset(url="http://x.test/"), str(link), overwrite=True)
    assert link.is_symlink()
    assert presets.load(str(target)).url == "http://x.test/"


def test_a_save_sweeps_its_own_stale_temporary_files(tmp_path: Path) -> None:
    stale = tmp_path / ".smarthook-abc123.toml"
    fresh = tmp_path / ".smarthook-def456.toml"
    other = tmp_path / ".other-abc.toml"
    for leftover in (stale, fresh, other):
        leftover.write_text("half a preset")
    os.utime(stale, (0, 0))
    os.utime(other, (0, 0))
    presets.save(Preset(), str(tmp_path / "p.toml"))
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".other-abc.toml", ".smarthook-def456.toml", "p.toml"
    ]  # fmt: skip


def test_a_save_syncs_the_folder_after_the_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[str] = []
    real_fsync = os.fsync

    def fsync(descriptor: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{descriptor}"))
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", fsync)
    presets.save(Preset(), str(tmp_path / "p.toml"))
    assert synced[-1] == str(tmp_path)
