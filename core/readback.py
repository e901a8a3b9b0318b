"""Read-back: the notification recovered from a received body through the template.

Expansion reversed. The template is expanded once with a unique marker (a sentinel) for
each parameter and parsed; the received body is parsed too, and both trees are walked side
by side. Where the template's tree holds a sentinel, the body's tree holds the value; where
it holds the party list, the body holds the list of parties. Anything else must be equal,
or the body differs from the template and the first difference is reported with its line
and column in the body (and, where known, in the template).
"""

import json
import re
from contextlib import suppress
from functools import lru_cache
from typing import Any, NamedTuple
from xml.etree.ElementTree import Element

from .notification import Notification, Party
from .problems import BODY, TEMPLATE, InputError, Problem, line_and_column
from .template import Expansion, check_content_type, expand, find_placeholders
from .webhook import JSON, PARTY_KEYS, PARTY_LIST_PARAMETER, SCALAR_PARAMETERS

_QUOTED_TEXT_LIMIT = 60


class ReadBack(NamedTuple):
    """A notification read back out of a body, and which of its fields the template carries."""

    notification: Notification
    #: The parameters the template carries, in webhook order; the others are left empty.
    carried: tuple[str, ...]

    def summary(self) -> str:
        """One line: ``number 1555…, network n, URI u, 2 parties`` (the carried fields only)."""
        note = self.notification
        labels = {
            "new_smart_number": f"number {_quoted(note.new_smart_number)}",
            "network_id": f"network {_quoted(note.network_id)}",
            "new_smart_uri": f"URI {_quoted(note.new_smart_uri)}",
            PARTY_LIST_PARAMETER: _count(len(note.interested_parties), "party", "parties"),
        }
        kept = [text for name, text in labels.items() if name in self.carried]
        return ", ".join(kept) if kept else "the template carries no parameter"


def read_back(template: str, content_type: str, body: str) -> ReadBack:
    """The notification a body carries, matched against the template's structure.

    Raises :class:`InputError` with the place where the body differs from the template
    (``where`` is ``body``), or why the template cannot be read back through (``template``).
    """
    shape = _shape(template, content_type)
    if content_type == JSON:
        return _JsonReader(shape, body).read()
    return _XmlReader(shape, body).read()


# -- the template's shape ----------------------------------------------------------------


class _Shape(NamedTuple):
    """A template expanded with sentinels: where each parameter sits in its parsed tree."""

    content_type: str
    expansion: Expansion
    tree: Any
    #: Sentinel text to parameter name (``username``/``device`` for the party fields).
    names: dict[str, str]
    sentinels: re.Pattern[str]
    #: The sentinel username of the one party the template's party list is expanded with.
    party_username: str
    carried: tuple[str, ...]
    #: Capture patterns already built, by the template text they match.
    patterns: dict[str, tuple[re.Pattern[str], tuple[str, ...]]]

    def shown(self, text: str) -> str:
        """Template text as written: each sentinel back to its ``%name%``."""
        return self.sentinels.sub(lambda found: f"%{self.names[found.group()]}%", text)


@lru_cache(maxsize=32)
def _shape(template: str, content_type: str) -> _Shape:
    check_content_type(content_type)
    sentinels = _sentinels(template)
    names = dict(zip(sentinels, (*SCALAR_PARAMETERS, *PARTY_KEYS), strict=True))
    by_name = {name: sentinel for sentinel, name in names.items()}
    notification = Notification(
        by_name["new_smart_number"],
        by_name["network_id"],
        by_name["new_smart_uri"],
        (Party(by_name["username"], by_name["device"]),),
    )
    expansion = expand(template, content_type, notification)
    pattern = re.compile("|".join(sentinels))
    placeholders = [p for p in find_placeholders(template, content_type) if p.known]
    uses_parties = any(placeholder.is_party_list for placeholder in placeholders)
    used = {placeholder.name for placeholder in placeholders}
    tree = _parse_template(expansion, content_type)
    text = _tree_text(tree, content_type)
    carried = tuple(
        name for name in SCALAR_PARAMETERS if name in used and by_name[name] in text
    ) + ((PARTY_LIST_PARAMETER,) if uses_parties and by_name["username"] in text else ())
    return _Shape(content_type, expansion, tree, names, pattern, by_name["username"], carried, {})


def _sentinels(template: str) -> tuple[str, ...]:
    """Five markers that the template does not hold, plain digits so they fit anywhere.

    Digits keep a placeholder written outside a JSON string (``"n": %new_smart_number%``)
    a valid JSON number, and need no escaping in either content type.
    """
    count = len(SCALAR_PARAMETERS) + len(PARTY_KEYS)
    for attempt in range(1, 100):
        sentinels = tuple(
            f"9{attempt:02d}{index}4711{index}0815{attempt:02d}9" for index in range(count)
        )
        if not any(sentinel in template for sentinel in sentinels):
            return sentinels
    raise InputError(Problem("error", TEMPLATE, "cannot be read back: it holds every marker"))


def _parse_template(expansion: Expansion, content_type: str) -> Any:
    try:
        if content_type == JSON:
            return _load_json(expansion.body)
        return _load_xml(expansion.body)
    except (ValueError, _XmlRefused) as exc:
        kind = "JSON" if content_type == JSON else "well-formed XML"
        raise InputError(
            Problem(
                "error",
                TEMPLATE,
                f"does not expand to {kind}, so a body cannot be read back through it ({exc})",
            )
        ) from None


def _tree_text(tree: Any, content_type: str) -> str:
    """Every string in a parsed tree, joined: to tell which sentinels survived parsing."""
    if content_type == JSON:
        return json.dumps(tree, ensure_ascii=False)
    parts: list[str] = []
    for element in tree.iter():
        parts += [element.text or "", element.tail or "", *element.attrib.values()]
    return "\n".join(parts)


# -- shared walking machinery -------------------------------------------------------------


class _Mismatch(Exception):
    """The body differs from the template: (message, body place, template place)."""

    def __init__(self, message: str, body_place: Any, template_place: Any) -> None:
        super().__init__(message)
        self.message = message
        self.body_place = body_place
        self.template_place = template_place


class _Reader:
    """What the two content types share: capturing values and assembling the notification."""

    def __init__(self, shape: _Shape, body: str) -> None:
        self.shape = shape
        self.body = body
        self.values: dict[str, str] = {}
        self.parties: tuple[Party, ...] | None = None

    def capture(self, expected: str, got: str, body_place: Any, template_place: Any) -> None:
        """Match ``got`` against template text that may hold sentinels; keep their values."""
        if self.shape.sentinels.search(expected) is None:
            if expected != got:
                raise _Mismatch(
                    f"expected {_quoted(expected)}, found {_quoted(got)}",
                    body_place,
                    template_place,
                )
            return
        pattern, names = self.pattern(expected)
        found = pattern.fullmatch(got)
        if found is None:
            raise _Mismatch(
                f"expected text of the form {_quoted(self.shape.shown(expected))}, "
                f"found {_quoted(got)}",
                body_place,
                template_place,
            )
        for name, value in zip(names, found.groups(), strict=True):
            self.keep(name, value, body_place, template_place)

    def pattern(self, expected: str) -> tuple[re.Pattern[str], tuple[str, ...]]:
        """A pattern for template text with sentinels: its literal parts, a group per sentinel."""
        known = self.shape.patterns.get(expected)
        if known is None:
            parts: list[str] = []
            order: list[str] = []
            previous = 0
            for found in self.shape.sentinels.finditer(expected):
                parts += [re.escape(expected[previous : found.start()]), "(.*?)"]
                order.append(self.shape.names[found.group()])
                previous = found.end()
            parts.append(re.escape(expected[previous:]))
            if len(order) == 1:
                parts[1] = "(.*)"
            known = re.compile("".join(parts), re.DOTALL), tuple(order)
            self.shape.patterns[expected] = known
        return known

    def keep(self, name: str, value: str, body_place: Any, template_place: Any) -> None:
        if name in self.values and self.values[name] != value:
            raise _Mismatch(
                f"%{name}% is {_quoted(value)} here but {_quoted(self.values[name])} earlier",
                body_place,
                template_place,
            )
        self.values[name] = value

    def keep_parties(
        self, parties: tuple[Party, ...], body_place: Any, template_place: Any
    ) -> None:
        if self.parties is not None and self.parties != parties:
            raise _Mismatch(
                "this party list differs from the one earlier in the body",
                body_place,
                template_place,
            )
        self.parties = parties

    def result(self) -> ReadBack:
        values = self.values
        notification = Notification(
            values.get("new_smart_number", ""),
            values.get("network_id", ""),
            values.get("new_smart_uri", ""),
            self.parties or (),
        )
        return ReadBack(notification, self.shape.carried)

    def problem(self, message: str, body_offset: int, template_offset: int | None) -> InputError:
        line, column = line_and_column(self.body, body_offset)
        problem = Problem("error", BODY, message, line, column)
        if template_offset is not None:
            expansion = self.shape.expansion
            in_template = expansion.template_offset(template_offset)
            if in_template is not None:
                template_line, template_column = line_and_column(expansion.template, in_template)
                problem = problem._replace(
                    template_line=template_line, template_column=template_column
                )
        return InputError(problem)


def _quoted(text: str) -> str:
    shown = json.dumps(text, ensure_ascii=False)
    if len(shown) > _QUOTED_TEXT_LIMIT:
        shown = shown[: _QUOTED_TEXT_LIMIT - 2] + '…"'
    return shown


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


# -- JSON ----------------------------------------------------------------------------------


class _Number(str):
    """A JSON number (or literal) as written, so that the text is kept exactly."""


_LITERALS = {True: "true", False: "false"}


def _load_json(text: str) -> Any:
    return json.loads(text, parse_int=_Number, parse_float=_Number, parse_constant=_Number)


Path = tuple[str | int, ...]


class _JsonReader(_Reader):
    def read(self) -> ReadBack:
        try:
            tree = _load_json(self.body)
        except json.JSONDecodeError as exc:
            line, column = line_and_column(self.body, exc.pos)
            raise InputError(
                Problem("error", BODY, f"not valid JSON: {exc.msg}", line, column)
            ) from None
        try:
            self.walk(self.shape.tree, tree, (), ())
        except _Mismatch as mismatch:
            raise self.problem(
                mismatch.message,
                _json_offset(self.body, mismatch.body_place),
                _json_offset(self.shape.expansion.body, mismatch.template_place),
            ) from None
        return self.result()

    def walk(self, expected: Any, got: Any, path: Path, template_path: Path) -> None:
        if isinstance(expected, list) and self.is_party_list(expected):
            self.keep_parties(self.read_parties(got, path), path, template_path)
        elif isinstance(expected, dict):
            self.walk_object(expected, got, path, template_path)
        elif isinstance(expected, list):
            if not isinstance(got, list):
                raise _Mismatch(f"expected an array, found {_kind(got)}", path, template_path)
            if len(got) != len(expected):
                raise _Mismatch(
                    f"expected an array of {len(expected)} items, found {len(got)}",
                    path,
                    template_path,
                )
            for index, (item, found) in enumerate(zip(expected, got, strict=True)):
                self.walk(item, found, (*path, index), (*template_path, index))
        elif isinstance(expected, _Number):
            if isinstance(got, _Number):
                text = str(got)
            elif isinstance(got, bool) or got is None:
                text = "null" if got is None else _LITERALS[got]
            else:
                written = self.shape.shown(expected)
                raise _Mismatch(
                    f"expected a bare value like {written}, found {_kind(got)}", path, template_path
                )
            self.capture(str(expected), text, path, template_path)
        elif isinstance(expected, str):
            if not isinstance(got, str) or isinstance(got, _Number):
                raise _Mismatch(f"expected a string, found {_kind(got)}", path, template_path)
            self.capture(expected, got, path, template_path)
        elif type(got) is not type(expected) or got != expected:
            raise _Mismatch(
                f"expected {json.dumps(expected)}, found {_kind(got)}", path, template_path
            )

    def walk_object(
        self, expected: dict[str, Any], got: Any, path: Path, template_path: Path
    ) -> None:
        if not isinstance(got, dict):
            raise _Mismatch(f"expected an object, found {_kind(got)}", path, template_path)
        search = self.shape.sentinels.search
        templated = [key for key in expected if search(key)]
        for key in expected:
            if key in templated:
                continue
            if key not in got:
                raise _Mismatch(
                    f"expected the key {_quoted(key)} in this object", path, template_path
                )
            self.walk(expected[key], got[key], (*path, key), (*template_path, key))
        rest = [key for key in got if key not in expected or key in templated]
        if len(rest) > len(templated):
            extra = rest[len(templated)]
            raise _Mismatch(
                f"unexpected key {_quoted(extra)}: the template has no such key",
                (*path, extra),
                template_path,
            )
        if len(rest) < len(templated):
            wanted = self.shape.shown(templated[len(rest)])
            raise _Mismatch(
                f"expected a key of the form {_quoted(wanted)} in this object", path, template_path
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

    def read_parties(self, got: Any, path: Path) -> tuple[Party, ...]:
        if not isinstance(got, list):
            raise _Mismatch(f"expected the party list (an array), found {_kind(got)}", path, path)
        parties = []
        for index, item in enumerate(got):
            where = (*path, index)
            if not isinstance(item, dict):
                raise _Mismatch(
                    f"party {index + 1}: expected an object {{username, device}}, "
                    f"found {_kind(item)}",
                    where,
                    path,
                )
            for key in PARTY_KEYS:
                if key not in item:
                    raise _Mismatch(f"party {index + 1} has no {_quoted(key)}", where, path)
                value = item[key]
                if not isinstance(value, str) or isinstance(value, _Number):
                    raise _Mismatch(
                        f"party {index + 1}: {key} must be a string, found {_kind(value)}",
                        (*where, key),
                        path,
                    )
            for key in item:
                if key not in PARTY_KEYS:
                    raise _Mismatch(
                        f"party {index + 1} has an unexpected key {_quoted(key)} "
                        "(a party has username and device)",
                        (*where, key),
                        path,
                    )
            parties.append(Party(item["username"], item["device"]))
        return tuple(parties)


def _kind(value: Any) -> str:
    if isinstance(value, _Number):
        return f"the bare value {value}"
    if isinstance(value, bool) or value is None:
        return f"the bare value {json.dumps(value)}"
    if isinstance(value, str):
        return f"the string {_quoted(value)}"
    if isinstance(value, list):
        return f"an array of {_count(len(value), 'item', 'items')}"
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


# -- XML -----------------------------------------------------------------------------------


class _XmlRefused(Exception):
    """A DTD or an entity declaration: refused, never processed."""


def _load_xml(text: str) -> Element:
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        root: Element = fromstring(text.encode(), forbid_dtd=True)
    except ParseError:
        raise
    except DefusedXmlException as exc:
        raise _XmlRefused(f"refused: {type(exc).__name__}") from None
    return root


class _XmlReader(_Reader):
    def read(self) -> ReadBack:
        from xml.etree.ElementTree import ParseError

        try:
            root = _load_xml(self.body)
        except ParseError as exc:
            line, column = exc.position
            message = re.sub(r": line \d+, column \d+$", "", str(exc))
            raise InputError(
                Problem("error", BODY, f"not well-formed XML: {message}", line, column + 1)
            ) from None
        except _XmlRefused:
            raise InputError(
                Problem("error", BODY, "refused: the body declares a DTD or entities")
            ) from None
        try:
            self.walk(self.shape.tree, root)
        except _Mismatch as mismatch:
            raise self.problem(
                mismatch.message,
                _element_offset(self.body, root, mismatch.body_place),
                _element_offset(
                    self.shape.expansion.body, self.shape.tree, mismatch.template_place
                ),
            ) from None
        return self.result()

    def walk(self, expected: Element, got: Element) -> None:
        if got.tag != expected.tag:
            raise _Mismatch(f"expected <{expected.tag}>, found <{got.tag}>", got, expected)
        for name, value in expected.attrib.items():
            if name not in got.attrib:
                raise _Mismatch(
                    f"<{got.tag}> has no attribute {name} (expected {name}="
                    f"{_quoted(self.shape.shown(value))})",
                    got,
                    expected,
                )
            self.capture_text(value, got.attrib[name], got, expected, f"attribute {name}")
        for name in got.attrib:
            if name not in expected.attrib:
                raise _Mismatch(f"<{got.tag}> has an unexpected attribute {name}", got, expected)
        self.capture_text(expected.text, got.text, got, expected, "text")
        if len(got) != len(expected):
            wanted = ", ".join(f"<{child.tag}>" for child in expected) or "none"
            raise _Mismatch(
                f"<{got.tag}> should hold {_count(len(expected), 'element', 'elements')} "
                f"({wanted}), found {len(got)}",
                got,
                expected,
            )
        for expected_child, got_child in zip(expected, got, strict=True):
            if self.is_party_list(expected_child):
                parties = self.read_parties(got_child, expected_child)
                self.keep_parties(parties, got_child, expected_child)
            else:
                self.walk(expected_child, got_child)
            self.capture_text(
                expected_child.tail, got_child.tail, got_child, expected_child, "text after it"
            )

    def capture_text(
        self,
        expected: str | None,
        got: str | None,
        body_place: Element,
        template_place: Element,
        what: str,
    ) -> None:
        expected, got = expected or "", got or ""
        if self.shape.sentinels.search(expected) is None and expected.strip() == got.strip():
            return
        try:
            self.capture(expected, got, body_place, template_place)
        except _Mismatch as mismatch:
            mismatch.message = f"<{body_place.tag}> {what}: {mismatch.message}"
            raise

    def is_party_list(self, element: Element) -> bool:
        return (
            element.tag == "list"
            and len(element) == 1
            and element[0].findtext("username") == self.shape.party_username
        )

    def read_parties(self, got: Element, template_place: Element) -> tuple[Party, ...]:
        if got.tag != "list":
            raise _Mismatch(
                f"expected the party list <list>, found <{got.tag}>", got, template_place
            )
        parties = []
        for number, party in enumerate(got, 1):
            if party.tag != "party":
                raise _Mismatch(
                    f"<list> should hold only <party> elements, found <{party.tag}>",
                    party,
                    template_place,
                )
            fields: dict[str, str] = {}
            for field in party:
                if field.tag not in PARTY_KEYS or field.tag in fields or len(field):
                    raise _Mismatch(
                        f"party {number}: unexpected <{field.tag}> (a party holds one "
                        "<username> and one <device>, each plain text)",
                        field,
                        template_place,
                    )
                fields[field.tag] = field.text or ""
            for key in PARTY_KEYS:
                if key not in fields:
                    raise _Mismatch(f"party {number} has no <{key}>", party, template_place)
            parties.append(Party(fields["username"], fields["device"]))
        return tuple(parties)


def _element_offset(text: str, root: Element, element: Element) -> int:
    """Where an element's start tag stands in ``text`` (the document ``root`` was parsed from)."""
    from xml.parsers import expat

    index = next((i for i, each in enumerate(root.iter()) if each is element), 0)
    starts: list[tuple[int, int]] = []
    parser = expat.ParserCreate()
    parser.StartElementHandler = lambda *_: starts.append(
        (parser.CurrentLineNumber, parser.CurrentColumnNumber)
    )
    with suppress(expat.ExpatError):
        parser.Parse(text.encode(), True)
    if index >= len(starts):
        return 0
    line, column = starts[index]
    return _offset(text, line, column)


def _offset(text: str, line: int, column: int) -> int:
    start = 0
    for _ in range(line - 1):
        start = text.find("\n", start) + 1
    return start + column
