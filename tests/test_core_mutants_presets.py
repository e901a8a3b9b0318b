"""Exact preset files: what is written, where a fault is placed, what is listed (issue 12).

Written against the survivors of ``make mutate``, through the public functions of
``core/preset.py``.
"""

import os
import threading
from pathlib import Path

import pytest

from smarthook.core import problems
from smarthook.core.notification import Notification, Party
from smarthook.core.preset import Preset, available, dumps, load, parse, portal_values, save
from smarthook.core.problems import InputError, Problem

PRESET = Preset(
    url="http://x/",
    template='{\n  "a": 1\n}\n',
    notification=Notification("1", "2", "3", (Party("u", "d"),)),
    name="n",
    description="d",
)

TEXT = '''name = "n"
description = "d"

[provisioning]
smartContactNotificationUrl = "http://x/"
smartContactNotificationContentType = "application/json"
smartContactNotificationPostData = """
{
  \\"a\\": 1
}
"""

[notification]
new_smart_number = "1"
network_id = "2"
new_smart_uri = "3"
interested_parties = [
    { username = "u", device = "d" },
]
'''


def test_dumps_writes_the_shipped_layout() -> None:
    assert dumps(PRESET) == TEXT
    assert parse(TEXT) == PRESET


def test_save_writes_the_text_and_refuses_to_replace_unasked(tmp_path: Path) -> None:
    path = tmp_path / "new" / "p.toml"
    save(PRESET, str(path))
    assert path.read_bytes() == TEXT.encode()
    with pytest.raises(InputError) as raised:
        save(PRESET._replace(name="other"), str(path))
    assert raised.value.problem == Problem(
        "error", problems.file(str(path)), "already exists; confirm to replace it"
    )
    save(PRESET._replace(description=""), str(path), overwrite=True)
    assert "description" not in path.read_text()
    assert sorted(os.listdir(path.parent)) == ["p.toml"]


def test_save_names_the_file_it_cannot_write(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    path = str(tmp_path / "file" / "p.toml")
    with pytest.raises(InputError) as raised:
        save(PRESET, path)
    assert raised.value.problem.where == problems.file(path)
    assert raised.value.problem.message.startswith("cannot save: ")


def test_portal_values_keep_the_template_but_its_last_line_breaks() -> None:
    text = portal_values(PRESET._replace(template="\n  x  \n\n"))
    assert text == (
        "smartContactNotificationUrl\nhttp://x/\n\n"
        "smartContactNotificationContentType\napplication/json\n\n"
        "smartContactNotificationPostData\n\n  x  \n"
    )


def test_a_party_fault_is_placed_on_its_own_line() -> None:
    text = TEXT.replace(
        'interested_parties = [\n    { username = "u", device = "d" },\n]\n',
        '\n[[notification.interested_parties]]\nusername = 5\ndevice = "d"\n',
    )
    with pytest.raises(InputError) as raised:
        parse(text, "p.toml")
    problem = raised.value.problem
    assert problem.message == "notification.interested_parties[1].username must be a string"
    assert text.splitlines()[problem.line - 1] == "username = 5"


def test_a_missing_key_has_no_line() -> None:
    text = TEXT.replace('smartContactNotificationUrl = "http://x/"\n', "")
    with pytest.raises(InputError) as raised:
        parse(text, "p.toml")
    assert raised.value.problem == Problem(
        "error", problems.file("p.toml"), "provisioning.smartContactNotificationUrl is missing"
    )


def test_available_lists_only_visible_toml_files(user_config: Path) -> None:
    user_config.mkdir(parents=True)
    for name in ("b.toml", "a.toml", ".hidden.toml", "notes.txt", "toml"):
        (user_config / name).write_text("")
    mine = [(found.key, found.source) for found in available() if found.source == "user"]
    assert mine == [("a", "user"), ("b", "user")]
    shipped = [found.key for found in available() if found.source == "shipped"]
    assert shipped == ["docs-json", "docs-xml", "local-demo"]


def test_portal_values_strip_only_line_breaks() -> None:
    assert portal_values(PRESET._replace(template="<aX>\n")).endswith("\n<aX>\n")


def test_a_lone_surrogate_is_refused_at_the_file_before_writing(tmp_path: Path) -> None:
    path = str(tmp_path / "p.toml")
    with pytest.raises(InputError) as raised:
        save(PRESET._replace(description="a\udc80b"), path)
    assert raised.value.problem == Problem(
        "error",
        problems.file(path),
        "cannot save: a value holds U+DC80, a lone surrogate UTF-8 cannot carry",
    )
    assert os.listdir(tmp_path) == []


def test_portal_values_leave_a_trailing_letter_alone() -> None:
    assert portal_values(PRESET._replace(template="<X>\nX\n")).endswith("\n<X>\nX\n")


def test_a_value_that_looks_like_the_carriage_return_placeholder_reads_back() -> None:
    preset = PRESET._replace(name="None0", description="a\r\nb")
    assert parse(dumps(preset)) == preset


PROVISIONING = (
    '[provisioning]\nsmartContactNotificationUrl = "http://x/"\n'
    'smartContactNotificationContentType = "application/json"\n'
    'smartContactNotificationPostData = "{}"\n'
)


def test_a_party_that_is_not_a_table_is_placed_at_the_list() -> None:
    notification = '[notification]\nnew_smart_number = "1"\nnetwork_id = "n"\nnew_smart_uri = "u"\n'
    text = PROVISIONING + notification + 'interested_parties = ["x"]\n'
    with pytest.raises(InputError) as raised:
        parse(text, "p.toml")
    assert raised.value.problem.line == 9, raised.value.problem


def test_a_fault_in_an_inline_table_is_said_without_a_line() -> None:
    text = 'name = "n"\nnotification = { new_smart_number = 5 }\n' + PROVISIONING
    with pytest.raises(InputError) as raised:
        parse(text, "p.toml")
    assert raised.value.problem == Problem(
        "error", problems.file("p.toml"), "notification.new_smart_number must be a string"
    )


def faults(path: Path) -> Problem:
    with pytest.raises(InputError) as raised:
        load(str(path))
    return raised.value.problem


def test_a_file_that_cannot_be_a_preset_is_named_and_said_why(tmp_path: Path) -> None:
    where = problems.file(str(tmp_path / "x.toml"))
    assert faults(tmp_path / "x.toml") == Problem("error", where, "no such preset file")
    (tmp_path / "dir.toml").mkdir()
    assert faults(tmp_path / "dir.toml") == Problem(
        "error",
        problems.file(str(tmp_path / "dir.toml")),
        "is not a regular file (a folder, a pipe or a device)",
    )
    (tmp_path / "bin.toml").write_bytes(b'name = "\xff"')
    assert faults(tmp_path / "bin.toml") == Problem(
        "error", problems.file(str(tmp_path / "bin.toml")), "not UTF-8 text (byte 8)"
    )
    (tmp_path / "loop.toml").symlink_to(tmp_path / "loop.toml")
    assert faults(tmp_path / "loop.toml") == Problem(
        "error",
        problems.file(str(tmp_path / "loop.toml")),
        "cannot read: Too many levels of symbolic links",
    )


def test_a_pipe_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    said: list[Problem] = []
    reader = threading.Thread(target=lambda: said.append(faults(fifo)), daemon=True)
    reader.start()
    reader.join(timeout=10)  # a blocking open would wait for a writer for ever
    assert [problem.message for problem in said] == [
        "is not a regular file (a folder, a pipe or a device)"
    ]


def test_a_preset_of_exactly_one_mib_is_read_whole_and_one_byte_more_is_refused(
    tmp_path: Path,
) -> None:
    tail = TEXT.rstrip("\n")  # the last byte closes a string: a byte short would not parse
    exact = "#" * (1024 * 1024 - len(tail.encode()) - 1) + "\n" + tail
    assert len(exact.encode()) == 1024 * 1024
    (tmp_path / "exact.toml").write_text(exact)
    assert load(str(tmp_path / "exact.toml")) == PRESET
    (tmp_path / "over.toml").write_text("#" + exact)
    assert faults(tmp_path / "over.toml") == Problem(
        "error", problems.file(str(tmp_path / "over.toml")), "is over 1024 KiB: not a preset"
    )
