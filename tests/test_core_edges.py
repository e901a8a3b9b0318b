"""Exact forms and boundaries in the small helpers of core/: where and how a save writes its
temporary file, which leftovers it sweeps, credentials hidden, characters named, the shell
form of bytes."""

import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from smarthook.core.atomic_file import write_atomically
from smarthook.core.describe import shown_part
from smarthook.core.presenter import hide_secrets, without_credentials
from smarthook.core.request import describe_char, shell_bytes


@pytest.fixture
def umask() -> Iterator[None]:
    before = os.umask(0o022)
    yield
    os.umask(before)


def test_the_temporary_file_is_a_dot_file_beside_the_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    renamed: list[tuple[str, str]] = []
    replace = os.replace

    def spy(source: str, target: str) -> None:
        renamed.append((source, target))
        replace(source, target)

    monkeypatch.setattr(os, "replace", spy)
    write_atomically(str(tmp_path / "a.toml"), "x = 1\n", ".toml")
    [(temporary, target)] = renamed
    assert target == str(tmp_path / "a.toml")
    assert os.path.dirname(temporary) == str(tmp_path)  # same file system: the rename is atomic
    name = os.path.basename(temporary)
    assert name.startswith(".smarthook-") and name.endswith(".toml")


def test_a_new_file_gets_0666_less_the_umask(tmp_path: Path, umask: None) -> None:
    write_atomically(str(tmp_path / "new.toml"), "", ".toml")
    assert stat.S_IMODE(os.stat(tmp_path / "new.toml").st_mode) == 0o644
    os.umask(0o077)
    write_atomically(str(tmp_path / "private.toml"), "", ".toml")
    assert stat.S_IMODE(os.stat(tmp_path / "private.toml").st_mode) == 0o600


def stale(path: Path, seconds: float) -> Path:
    path.write_text("left over")
    os.utime(path, (seconds, seconds))
    return path


def test_the_sweep_reaches_every_leftover_past_other_files(tmp_path: Path) -> None:
    old = time.time() - 3600
    leftover = stale(tmp_path / ".smarthook-first.toml", old)  # listed after the others
    for n in range(20):
        (tmp_path / f"other-{n}.toml").write_text("")
    write_atomically(str(tmp_path / "a.toml"), "", ".toml")
    assert not leftover.exists()
    assert len(list(tmp_path.iterdir())) == 21


def test_one_leftover_that_cannot_be_removed_does_not_stop_the_sweep(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = time.time() - 3600
    leftovers = [stale(tmp_path / f".smarthook-{n}.toml", old) for n in range(2)]
    unlink = os.unlink
    refused: list[str] = []

    def refuse_first(path: str) -> None:
        if not refused:
            refused.append(path)
            raise PermissionError(path)
        unlink(path)

    monkeypatch.setattr(os, "unlink", refuse_first)
    write_atomically(str(tmp_path / "a.toml"), "", ".toml")
    assert [path.exists() for path in leftovers].count(True) == 1
    assert refused and Path(refused[0]).exists()


def test_a_temporary_file_exactly_a_minute_old_may_be_a_save_under_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = 2_000_000_000.0
    monkeypatch.setattr(time, "time", lambda: now)
    young = stale(tmp_path / ".smarthook-young.toml", now - 60)
    old = stale(tmp_path / ".smarthook-old.toml", now - 61)
    write_atomically(str(tmp_path / "a.toml"), "", ".toml")
    assert young.exists() and not old.exists()


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("http://@127.0.0.1/", "http://@127.0.0.1/"),  # an empty user: nothing to hide
        ("http://:@127.0.0.1/", "http://•••:•••@127.0.0.1/"),
        ("http://u@127.0.0.1/", "http://•••@127.0.0.1/"),
        ("http://u:p@127.0.0.1/", "http://•••:•••@127.0.0.1/"),
    ],
)
def test_credentials_are_hidden_exactly(url: str, shown: str) -> None:
    assert hide_secrets(url) == shown


@pytest.mark.parametrize(
    ("char", "described"),
    [
        ("\udc7f", "U+DC7F"),
        ("\udc80", "the byte \\x80, which is not UTF-8,"),
        ("\udcff", "the byte \\xff, which is not UTF-8,"),
        ("\udd00", "U+DD00"),
        (" ", "a space"),
        ("\x07", "U+0007"),
    ],
)
def test_a_character_is_named_by_what_it_is(char: str, described: str) -> None:
    assert describe_char(char) == described


def test_printable_unicode_stays_in_the_shell_form_and_the_rest_is_octal() -> None:
    assert shell_bytes("é ☃\t%\\'\n".encode()) == "'é ☃\\011%%\\\\'\\''\n'"
    assert shell_bytes(b"\xff\xe2\x80\xae") == "'\\377\\342\\200\\256'"


def test_a_body_is_shown_whole_up_to_8000_characters_then_cut_with_its_size() -> None:
    assert shown_part("x" * 8000, 8000) == "x" * 8000
    assert shown_part("x" * 8001, 9000) == "x" * 8000 + "\n… (9000 bytes in all)"


def test_credentials_with_an_at_sign_inside_are_dropped_whole() -> None:
    assert without_credentials("http://a@b:c@127.0.0.1:9/x?y") == "http://127.0.0.1:9/x?y"
    assert without_credentials("http://127.0.0.1:9/x?to=a@b") == "http://127.0.0.1:9/x?to=a@b"
