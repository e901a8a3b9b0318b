"""Reading an XML body back: the body's elements walked beside the template's."""

from contextlib import suppress
from xml.etree.ElementTree import Element

from ..body_check import offset
from ..notification import Party
from ..webhook import PARTY_KEYS
from .reader import Mismatch, Reader
from .shape import ReadBack, count, quoted


class XmlReader(Reader):
    def read(self, root: Element) -> ReadBack:
        try:
            self.walk(self.shape.tree, root)
        except Mismatch as mismatch:
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
            raise Mismatch(f"expected <{expected.tag}>, found <{got.tag}>", got, expected)
        for name, value in expected.attrib.items():
            if name not in got.attrib:
                raise Mismatch(
                    f"<{got.tag}> has no attribute {name} (expected {name}="
                    f"{quoted(self.shape.shown(value))})",
                    got,
                    expected,
                )
            self.capture_text(value, got.attrib[name], got, expected, f"attribute {name}")
        for name in got.attrib:
            if name not in expected.attrib:
                raise Mismatch(f"<{got.tag}> has an unexpected attribute {name}", got, expected)
        self.capture_text(expected.text, got.text, got, expected, "text")
        if len(got) != len(expected):
            wanted = ", ".join(f"<{child.tag}>" for child in expected) or "none"
            raise Mismatch(
                f"<{got.tag}> should hold {count(len(expected), 'element', 'elements')} "
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
        except Mismatch as mismatch:
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
            raise Mismatch(
                f"expected the party list <list>, found <{got.tag}>", got, template_place
            )
        parties = []
        for number, party in enumerate(got, 1):
            if party.tag != "party":
                raise Mismatch(
                    f"<list> should hold only <party> elements, found <{party.tag}>",
                    party,
                    template_place,
                )
            fields: dict[str, str] = {}
            for field in party:
                if field.tag not in PARTY_KEYS or field.tag in fields or len(field):
                    raise Mismatch(
                        f"party {number}: unexpected <{field.tag}> (a party holds one "
                        "<username> and one <device>, each plain text)",
                        field,
                        template_place,
                    )
                fields[field.tag] = field.text or ""
            for key in PARTY_KEYS:
                if key not in fields:
                    raise Mismatch(f"party {number} has no <{key}>", party, template_place)
            parties.append(Party(fields["username"], fields["device"]))
        return tuple(parties)


def _element_offset(text: str, root: Element, element: Element) -> int:
    """Where an element's start tag stands in ``text`` (the document ``root`` was parsed from).

    The text is parsed again only up to that start tag.
    """
    from xml.parsers import expat

    index = next((i for i, each in enumerate(root.iter()) if each is element), 0)
    parser = expat.ParserCreate()
    seen = 0
    found: tuple[int, int] | None = None

    def start(*_: object) -> None:
        nonlocal seen, found
        if seen == index:
            found = (parser.CurrentLineNumber, parser.CurrentColumnNumber)
            raise _Found
        seen += 1

    parser.StartElementHandler = start
    with suppress(expat.ExpatError, _Found):
        parser.Parse(text.encode(), True)
    if found is None:
        return 0
    line, column = found
    return offset(text, line, column + 1)


class _Found(Exception):
    """The start tag looked for: parsing stops there."""
