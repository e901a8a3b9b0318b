"""Reading a JSON body back: the body's tree walked beside the template's."""

import json
import re
from typing import Any

from ..body_check import Number
from ..notification import Party
from ..webhook import PARTY_KEYS
from .reader import Mismatch, Reader
from .shape import ReadBack, count, quoted

_LITERALS = {True: "true", False: "false"}

Path = tuple[str | int, ...]


class JsonReader(Reader):
    def read(self, tree: Any) -> ReadBack:
        try:
            self.walk(self.shape.tree, tree, (), ())
        except Mismatch as mismatch:
            raise self.problem(
                mismatch.message,
                _json_offset(self.body, mismatch.body_place),
                _json_offset(self.shape.expansion.body, mismatch.template_place),
            ) from None
        return self.result()

    def walk(self, expected: Any, got: Any, path: Path, template_path: Path) -> None:
        if isinstance(expected, list) and self.is_party_list(expected):
            self.keep_parties(self.read_parties(got, path, template_path), path, template_path)
        elif isinstance(expected, dict):
            self.walk_object(expected, got, path, template_path)
        elif isinstance(expected, list):
            if not isinstance(got, list):
                raise Mismatch(f"expected an array, found {_kind(got)}", path, template_path)
            if len(got) != len(expected):
                raise Mismatch(
                    f"expected an array of {len(expected)} items, found {len(got)}",
                    path,
                    template_path,
                )
            for index, (item, found) in enumerate(zip(expected, got, strict=True)):
                self.walk(item, found, (*path, index), (*template_path, index))
        elif isinstance(expected, Number):
            if isinstance(got, Number):
                text = str(got)
            elif isinstance(got, bool) or got is None:
                text = "null" if got is None else _LITERALS[got]
            else:
                written = self.shape.shown(expected)
                raise Mismatch(
                    f"expected a bare value like {written}, found {_kind(got)}", path, template_path
                )
            self.capture(str(expected), text, path, template_path)
        elif isinstance(expected, str):
            if not isinstance(got, str) or isinstance(got, Number):
                raise Mismatch(f"expected a string, found {_kind(got)}", path, template_path)
            self.capture(expected, got, path, template_path)
        elif type(got) is not type(expected) or got != expected:
            raise Mismatch(
                f"expected {json.dumps(expected)}, found {_kind(got)}", path, template_path
            )

    def walk_object(
        self, expected: dict[str, Any], got: Any, path: Path, template_path: Path
    ) -> None:
        if not isinstance(got, dict):
            raise Mismatch(f"expected an object, found {_kind(got)}", path, template_path)
        search = self.shape.sentinels.search
        templated = [key for key in expected if search(key)]
        for key in expected:
            if key in templated:
                continue
            if key not in got:
                raise Mismatch(
                    f"expected the key {quoted(key)} in this object", path, template_path
                )
            self.walk(expected[key], got[key], (*path, key), (*template_path, key))
        rest = [key for key in got if key not in expected or key in templated]
        if len(rest) > len(templated):
            extra = rest[len(templated)]
            raise Mismatch(
                f"unexpected key {quoted(extra)}: the template has no such key",
                (*path, extra),
                template_path,
            )
        if len(rest) < len(templated):
            wanted = self.shape.shown(templated[len(rest)])
            raise Mismatch(
                f"expected a key of the form {quoted(wanted)} in this object", path, template_path
            )
        for key, found in zip(templated, rest, strict=True):
            self.capture(key, found, (*path, found), (*template_path, key))
            self.walk(expected[key], got[found], (*path, found), (*template_path, key))

    def is_party_list(self, expected: list[Any]) -> bool:
        return (
            len(expected) == 1
            and isinstance(expected[0], dict)
            and expected[0].get("username") == self.shape.party_username
        )

    def read_parties(self, got: Any, path: Path, template_path: Path) -> tuple[Party, ...]:
        if not isinstance(got, list):
            raise Mismatch(
                f"expected the party list (an array), found {_kind(got)}",
                path,
                template_path,
            )
        parties = []
        for index, item in enumerate(got):
            where = (*path, index)
            if not isinstance(item, dict):
                raise Mismatch(
                    f"party {index + 1}: expected an object {{username, device}}, "
                    f"found {_kind(item)}",
                    where,
                    template_path,
                )
            for key in PARTY_KEYS:
                if key not in item:
                    raise Mismatch(f"party {index + 1} has no {quoted(key)}", where, template_path)
                value = item[key]
                if not isinstance(value, str) or isinstance(value, Number):
                    raise Mismatch(
                        f"party {index + 1}: {key} must be a string, found {_kind(value)}",
                        (*where, key),
                        template_path,
                    )
            for key in item:
                if key not in PARTY_KEYS:
                    raise Mismatch(
                        f"party {index + 1} has an unexpected key {quoted(key)} "
                        "(a party has username and device)",
                        (*where, key),
                        template_path,
                    )
            parties.append(Party(item["username"], item["device"]))
        return tuple(parties)


def _kind(value: Any) -> str:
    if isinstance(value, Number):
        return f"the bare value {value}"
    if isinstance(value, bool) or value is None:
        return f"the bare value {json.dumps(value)}"
    if isinstance(value, str):
        return f"the string {quoted(value)}"
    if isinstance(value, list):
        return f"an array of {count(len(value), 'item', 'items')}"
    return "an object"


_scanstring: Any = getattr(json.decoder, "scanstring")  # noqa: B009 - untyped in typeshed
_WHITESPACE = re.compile(r"[ \t\n\r]*")


def _json_offset(text: str, path: Path) -> int:
    """Where the value at ``path`` starts in JSON ``text`` (best effort: the nearest parent)."""
    decoder = json.JSONDecoder()

    def skip(position: int) -> int:
        found = _WHITESPACE.match(text, position)
        return found.end() if found else position

    position = skip(0)
    try:
        for step in path:
            opening = "{" if isinstance(step, str) else "["
            if text[position] != opening:
                return position
            container = position
            position = skip(position + 1)
            index = 0
            while text[position] not in "}]":
                if isinstance(step, str):
                    key, position = _scanstring(text, position + 1)
                    position = skip(skip(position) + 1)
                    if key == step:
                        break
                elif index == step:
                    break
                _, position = decoder.raw_decode(text, position)
                position = skip(position)
                if text[position] == ",":
                    position = skip(position + 1)
                index += 1
            else:
                return container
    except (IndexError, ValueError):
        pass
    return min(position, len(text))
