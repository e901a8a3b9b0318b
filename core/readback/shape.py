"""The template's shape: the template expanded with sentinels and parsed, and what a
read-back returns."""

import json
import re
from functools import lru_cache
from typing import Any, NamedTuple

from ..body_check import offset, parse_body
from ..notification import Notification, Party
from ..problems import TEMPLATE, InputError, Problem, line_and_column
from ..template import Expansion, check_content_type, expand, find_placeholders
from ..webhook import JSON, PARTY_KEYS, PARTY_LIST_PARAMETER, SCALAR_PARAMETERS

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
            "new_smart_number": f"number {quoted(note.new_smart_number)}",
            "network_id": f"network {quoted(note.network_id)}",
            "new_smart_uri": f"URI {quoted(note.new_smart_uri)}",
            PARTY_LIST_PARAMETER: count(len(note.interested_parties), "party", "parties"),
        }
        kept = [text for name, text in labels.items() if name in self.carried]
        return ", ".join(kept) if kept else "the template carries no parameter"


class Shape(NamedTuple):
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

    def shown(self, text: str) -> str:
        """Template text as written: each sentinel back to its ``%name%``."""
        return self.sentinels.sub(lambda found: f"%{self.names[found.group()]}%", text)


@lru_cache(maxsize=32)
def shape(template: str, content_type: str) -> Shape:
    """The shape of ``template``; an :class:`InputError` (``template``) when it has none."""
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
    return Shape(content_type, expansion, tree, names, pattern, by_name["username"], carried)


def _sentinels(template: str) -> tuple[str, ...]:
    """Five markers that the template does not hold, plain digits so they fit anywhere.

    Digits keep a placeholder written outside a JSON string (``"n": %new_smart_number%``)
    a valid JSON number, and need no escaping in either content type.
    """
    number = len(SCALAR_PARAMETERS) + len(PARTY_KEYS)
    for attempt in range(1, 100):
        sentinels = tuple(
            f"9{attempt:02d}{index}4711{index}0815{attempt:02d}9" for index in range(number)
        )
        if not any(sentinel in template for sentinel in sentinels):
            return sentinels
    raise InputError(Problem("error", TEMPLATE, "cannot be read back: it holds every marker"))


def _parse_template(expansion: Expansion, content_type: str) -> Any:
    try:
        return parse_body(expansion.body, content_type)
    except InputError as exc:
        kind = "JSON" if content_type == JSON else "well-formed XML"
        found = exc.problem
        line = column = 0
        if found.line:  # placed in the template, where it falls in the template's own text
            at = expansion.template_offset(offset(expansion.body, found.line, found.column))
            if at is not None:
                line, column = line_and_column(expansion.template, at)
        message = f"does not expand to {kind}, so a body cannot be read back through it"
        raise InputError(
            Problem("error", TEMPLATE, f"{message} ({found.message})", line, column)
        ) from None


def _tree_text(tree: Any, content_type: str) -> str:
    """Every string in a parsed tree, joined: to tell which sentinels survived parsing."""
    if content_type == JSON:
        return json.dumps(tree, ensure_ascii=False)
    parts: list[str | None] = []
    for element in tree.iter():
        parts += [element.text, element.tail, *element.attrib.values()]
    return "\n".join(filter(None, parts))


def quoted(text: str) -> str:
    """``text`` as a JSON string, cut to a readable length."""
    shown = json.dumps(text[:_QUOTED_TEXT_LIMIT], ensure_ascii=False)
    if len(shown) > _QUOTED_TEXT_LIMIT:  # always so when the text itself was longer
        shown = shown[: _QUOTED_TEXT_LIMIT - 2] + '…"'
    return shown


def count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"
