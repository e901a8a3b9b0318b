"""Presets: the three portal settings and a sample notification, in a TOML file."""

import os
import re
import stat
import tomllib
from typing import Any, NamedTuple

from . import problems
from .notification import Notification, Party
from .problems import InputError, error
from .request import check_timeout
from .webhook import (
    CONTENT_TYPE_SETTING,
    DEFAULT_TIMEOUT,
    DEFAULT_USER_AGENT,
    JSON,
    PARTY_KEYS,
    PORTAL_SETTINGS,
    SCALAR_PARAMETERS,
    TEMPLATE_SETTING,
    URL_SETTING,
)

SUFFIX = ".toml"
#: The shipped preset the UI opens with no argument: aimed at the built-in receiver.
DEMO = "local-demo"
SHIPPED = "shipped"
USER = "user"


class Preset(NamedTuple):
    """Everything smarthook needs to expand and send one notification."""

    url: str = ""
    content_type: str = JSON
    template: str = ""
    notification: Notification = Notification()
    name: str = ""
    description: str = ""
    user_agent: str = DEFAULT_USER_AGENT
    timeout: float = DEFAULT_TIMEOUT


class PresetFile(NamedTuple):
    """A preset found on disk: what to type to open it, and where it comes from."""

    key: str
    path: str
    source: str


# -- reading -------------------------------------------------------------------------------


#: A preset is a few kilobytes; past this size a file is refused unread.
MAX_PRESET_BYTES = 1024 * 1024


def load(path: str) -> Preset:
    """Read and check one preset file; every fault names the file and the key.

    Only a regular file under :data:`MAX_PRESET_BYTES` is read: a folder, a FIFO or a
    device (``/dev/zero``) is refused at once, never waited on.
    """
    where = problems.file(path)
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise error(where, "no such preset file") from None
    except OSError as exc:
        raise error(where, f"cannot read: {exc.strerror}") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise error(where, "is not a regular file (a folder, a pipe or a device)")
        if info.st_size > MAX_PRESET_BYTES:
            raise error(where, f"is over {MAX_PRESET_BYTES // 1024} KiB: not a preset")
        with os.fdopen(descriptor, "rb", closefd=False) as file:
            raw = file.read(MAX_PRESET_BYTES + 1)
    except OSError as exc:
        raise error(where, f"cannot read: {exc.strerror}") from None
    finally:
        os.close(descriptor)
    if len(raw) > MAX_PRESET_BYTES:
        raise error(where, f"is over {MAX_PRESET_BYTES // 1024} KiB: not a preset")
    try:
        text = raw.decode()
    except UnicodeDecodeError as exc:
        raise error(where, f"not UTF-8 text (byte {exc.start})") from None
    return parse(text, path)


def parse(text: str, path: str = "preset") -> Preset:
    """Check a preset's TOML text and build the :class:`Preset` it describes."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message, line, column = _toml_position(str(exc))
        raise error(problems.file(path), f"not TOML: {message}", line, column) from None
    except RecursionError:
        raise error(problems.file(path), "not a preset: nested too deeply to read") from None
    return _Reader(text, path).preset(data)


def _toml_position(message: str) -> tuple[str, int, int]:
    found = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
    if found is None:
        return message, 0, 0
    return message[: found.start()], int(found.group(1)), int(found.group(2))


class _Reader:
    """Walks the parsed TOML, naming the file, the key and its line in every error."""

    def __init__(self, text: str, path: str) -> None:
        self.text = text
        self.path = path

    def preset(self, data: dict[str, Any]) -> Preset:
        self.only(data, "", ("name", "description", "provisioning", "notification", "request"))
        provisioning = self.table(data, "provisioning", required=True)
        self.only(provisioning, "provisioning", PORTAL_SETTINGS)
        notification = self.table(data, "notification", required=True)
        self.only(notification, "notification", (*SCALAR_PARAMETERS, "interested_parties"))
        request = self.table(data, "request", required=False)
        self.only(request, "request", ("user_agent", "timeout"))
        timeout = self.value(request, "request.timeout", (int, float), DEFAULT_TIMEOUT)
        try:
            check_timeout(timeout)
        except InputError:
            raise self.fault(
                "request.timeout", f"must be a number of seconds above 0, not {timeout}"
            ) from None
        return Preset(
            url=self.value(provisioning, f"provisioning.{URL_SETTING}", str),
            content_type=self.value(provisioning, f"provisioning.{CONTENT_TYPE_SETTING}", str),
            template=self.value(provisioning, f"provisioning.{TEMPLATE_SETTING}", str),
            notification=Notification(
                new_smart_number=self.value(notification, "notification.new_smart_number", str),
                network_id=self.value(notification, "notification.network_id", str),
                new_smart_uri=self.value(notification, "notification.new_smart_uri", str),
                interested_parties=self.parties(notification),
            ),
            name=self.value(data, "name", str, ""),
            description=self.value(data, "description", str, ""),
            user_agent=self.value(request, "request.user_agent", str, DEFAULT_USER_AGENT),
            timeout=float(timeout),
        )

    def parties(self, notification: dict[str, Any]) -> tuple[Party, ...]:
        key = "notification.interested_parties"
        entries = self.value(notification, key, list, [])
        parties = []
        for number, entry in enumerate(entries, 1):
            where = f"{key}[{number}]"
            if not isinstance(entry, dict):
                raise self.fault(key, f"entry {number} must be a table {{ username, device }}")
            self.only(entry, where, PARTY_KEYS)
            parties.append(
                Party(*(self.value(entry, f"{where}.{field}", str) for field in PARTY_KEYS))
            )
        return tuple(parties)

    def table(self, data: dict[str, Any], key: str, required: bool) -> dict[str, Any]:
        table: dict[str, Any] = self.value(data, key, dict, None if required else {})
        return table

    def value(self, data: dict[str, Any], dotted: str, kind: Any, default: Any = None) -> Any:
        key = dotted.rsplit(".", 1)[-1].split("[")[0]
        if key not in data:
            if default is None:
                raise self.fault(dotted, "is missing")
            return default
        value = data[key]
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            raise self.fault(dotted, f"must be {_KIND_NAMES.get(kind, 'a number')}")
        return value

    def only(self, data: dict[str, Any], table: str, allowed: tuple[str, ...]) -> None:
        for key in data:
            if key not in allowed:
                dotted = f"{table}.{key}" if table else key
                raise self.fault(
                    dotted, f"is not a preset key; expected one of: {', '.join(allowed)}"
                )

    def fault(self, dotted: str, message: str) -> InputError:
        return error(problems.file(self.path), f"{dotted} {message}", self.line_of(dotted))

    def line_of(self, dotted: str) -> int:
        """The line a key is written on, best effort: 0 when it cannot be told.

        A key of a table is looked for after the table's header, so that ``name`` in
        ``[notification]`` is not found at the top-level ``name`` of line 1.
        """
        table, _, key = dotted.rpartition(".")  # a key is a name: indices are in the table
        start = 0
        if table and "[" not in table:
            header = re.compile(rf"^[ \t]*\[[ \t]*\"?{re.escape(table)}\"?[ \t]*\]", re.M)
            found_header = header.search(self.text)
            start = found_header.end() if found_header else 0
        pattern = re.compile(
            rf"^[ \t]*(\[+[ \t]*)?([\w.\" ]*\.)?\"?{re.escape(key)}\"?[ \t]*[=\]]", re.M
        )
        found = pattern.search(self.text, start) or pattern.search(self.text)
        return self.text.count("\n", 0, found.start()) + 1 if found else 0


_KIND_NAMES = {str: "a string", list: "a list", dict: "a table", (int, float): "a number"}


_SURROGATE = re.compile("[\ud800-\udfff]")

# -- writing -------------------------------------------------------------------------------


def dumps(preset: Preset) -> str:
    """The TOML text of a preset, in the layout of the shipped ones.

    Strings with line breaks are written as multi-line strings, except those holding a CR:
    a multi-line string cannot keep ``\\r\\n`` apart from ``\\n``, so they are written as
    one-line strings with the CR escaped, and every value reads back exactly.
    """
    import tomli_w

    data: dict[str, Any] = {}
    if preset.name:
        data["name"] = preset.name
    if preset.description:
        data["description"] = preset.description
    data["provisioning"] = {
        URL_SETTING: preset.url,
        CONTENT_TYPE_SETTING: preset.content_type,
        TEMPLATE_SETTING: preset.template,
    }
    notification = preset.notification
    data["notification"] = {
        **notification.scalars(),
        "interested_parties": [party._asdict() for party in notification.interested_parties],
    }
    if (preset.user_agent, preset.timeout) != (DEFAULT_USER_AGENT, DEFAULT_TIMEOUT):
        data["request"] = {"user_agent": preset.user_agent, "timeout": preset.timeout}
    one_line: dict[str, str] = {}
    marker = f"\0smarthook-{os.urandom(8).hex()}-"
    parties = data["notification"]["interested_parties"]
    for table in (data, data["provisioning"], data["notification"], *parties):
        for key, value in table.items():
            if isinstance(value, str) and "\r" in value:
                table[key] = f"{marker}{len(one_line)}"
                written = tomli_w.dumps({"v": table[key]})[4:-1]
                one_line[written] = tomli_w.dumps({"v": value})[4:-1]
    text = tomli_w.dumps(data, multiline_strings=True)
    for written, value in one_line.items():
        text = text.replace(written, value, 1)
    return text


def save(preset: Preset, path: str, overwrite: bool = False) -> None:
    """Write atomically: a temporary file renamed over the target, never half a preset.

    An existing file is replaced only with ``overwrite`` (after the user confirmed). The
    file keeps its mode, a symbolic link stays a link (see :mod:`core.atomic_file`).
    """
    from .atomic_file import write_atomically

    if not overwrite and os.path.lexists(path):
        raise error(problems.file(path), "already exists; confirm to replace it")
    text = dumps(preset)
    unwritable = _SURROGATE.search(text)
    if unwritable:
        code = ord(unwritable.group())
        message = f"cannot save: a value holds U+{code:04X}, a lone surrogate UTF-8 cannot carry"
        raise error(problems.file(path), message)
    try:
        write_atomically(path, text, SUFFIX)
    except OSError as exc:
        raise error(problems.file(path), f"cannot save: {exc.strerror}") from None


def portal_values(preset: Preset) -> str:
    """The three provisioning values, each under its portal name, ready to paste."""
    values = (
        (URL_SETTING, preset.url),
        (CONTENT_TYPE_SETTING, preset.content_type),
        (TEMPLATE_SETTING, preset.template.rstrip("\n")),
    )
    return "\n\n".join(f"{name}\n{value}" for name, value in values) + "\n"


# -- finding -------------------------------------------------------------------------------


def shipped_folder() -> str:
    """The presets installed with smarthook: ``presets/`` beside ``core/``, as in the repository."""
    return os.path.normpath(os.path.join(os.path.dirname(__file__), os.pardir, "presets"))


def user_folder() -> str:
    """The user's own presets: ``presets/`` in the platform's config folder for smarthook."""
    from platformdirs import user_config_dir

    return os.path.join(user_config_dir("smarthook"), "presets")


def find(argument: str) -> str:
    """Resolve a preset argument: a path, else a name in the user's folder, then shipped."""
    if os.path.exists(argument) or os.sep in argument or argument.endswith(SUFFIX):
        return argument
    for folder in (user_folder(), shipped_folder()):
        candidate = os.path.join(folder, argument + SUFFIX)
        if os.path.exists(candidate):
            return candidate
    known = ", ".join(sorted({found.key for found in available()})) or "none"
    raise error(problems.file(argument), f"no such preset file or preset name (presets: {known})")


def open_preset(argument: str) -> tuple[Preset, str]:
    """Find and load a preset argument; returns the preset and the path it came from."""
    path = find(argument)
    return load(path), path


def available() -> list[PresetFile]:
    """Every preset found, the user's first, each folder in name order."""
    found = []
    for folder, source in ((user_folder(), USER), (shipped_folder(), SHIPPED)):
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue
        found += [
            PresetFile(name[: -len(SUFFIX)], os.path.join(folder, name), source)
            for name in names
            if name.endswith(SUFFIX) and not name.startswith(".")
        ]
    return found
