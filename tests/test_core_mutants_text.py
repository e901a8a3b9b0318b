"""Exact outputs of the small text functions of core: safe text, escaping, places, party lines.

Written against the survivors of ``make mutate`` (issue 12): each case pins one behaviour a
one-character change would break.
"""

import pytest

from smarthook.core import problems
from smarthook.core.escaping import (
    check_notification_encodable,
    escape_json,
    escape_xml,
    has_surrogate,
    render_parties_json,
    render_parties_xml,
)
from smarthook.core.notification import Notification, Party
from smarthook.core.party_lines import parse_party_lines
from smarthook.core.problems import (
    BODY,
    CONTENT_TYPE,
    PARTIES,
    TEMPLATE,
    URL,
    InputError,
    Place,
    Problem,
    error,
    line_and_column,
)
from smarthook.core.safe_text import from_bytes, safe_line, safe_text

# --- safe_text -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain text", "plain text"),
        ("tab\tand\nline\r\nkept", "tab\tand\nline\r\nkept"),
        ("lone\rCR", "lone\\rCR"),
        ("end\r", "end\\r"),
        ("\x00\x08\x0b\x0c\x0e\x1f", "\\u0000\\u0008\\u000b\\u000c\\u000e\\u001f"),
        ("\x1b]52;c;AAAA\x07", "\\u001b]52;c;AAAA\\u0007"),
        ("\x7f\x80\x9f\xa0", "\\u007f\\u0080\\u009f\xa0"),
        ("\u202a\u202e\u2066\u2069\u2070", "\\u202a\\u202e\\u2066\\u2069\u2070"),
        ("\u2029\u202f", "\u2029\u202f"),
        ("\ud800\udfff", "\\ud800\\udfff"),
        ("\udc80\udcff", "\\x80\\xff"),
        ("\udc7f\udd00", "\\udc7f\\udd00"),
    ],
)
def test_safe_text(text: str, shown: str) -> None:
    assert safe_text(text) == shown


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a\tb\nc\r\nd\re", "a\\tb\\nc\\r\\nd\\re"),
        ("\x00\x1f \x7f\x9f\xa0", "\\u0000\\u001f \\u007f\\u009f\xa0"),
        ("\u202e\u2066", "\\u202e\\u2066"),
        ("\udc80", "\\x80"),
        ("ok ~", "ok ~"),
    ],
)
def test_safe_line(text: str, shown: str) -> None:
    assert safe_line(text) == shown


def test_from_bytes_shows_bytes_that_are_not_utf8_as_hex() -> None:
    assert from_bytes(b"caf\xc3\xa9 \xff\xfe\r\n\x1b") == "café \\xff\\xfe\r\n\\u001b"


# --- escaping --------------------------------------------------------------------------


def test_escape_json() -> None:
    assert escape_json('a"b\\c\n\x01é') == 'a\\"b\\\\c\\n\\u0001é'


def test_escape_xml_escapes_the_specials_and_whitespace() -> None:
    assert (
        escape_xml(URL, "a&b<c>d\"e'f\tg\nh\ri")
        == "a&amp;b&lt;c&gt;d&quot;e&apos;f&#9;g&#10;h&#13;i"
    )
    assert escape_xml(URL, "plain é") == "plain é"


@pytest.mark.parametrize(
    ("char", "code"),
    [
        ("\x00", "U+0000"),
        ("\x08", "U+0008"),
        ("\x0b", "U+000B"),
        ("\x0c", "U+000C"),
        ("\x0e", "U+000E"),
        ("\x1f", "U+001F"),
        ("\ufffe", "U+FFFE"),
        ("\uffff", "U+FFFF"),
    ],
)
def test_escape_xml_refuses_what_xml_cannot_carry(char: str, code: str) -> None:
    with pytest.raises(InputError) as raised:
        escape_xml(problems.party(2, "device"), f"ab{char}")
    assert raised.value.problem == Problem(
        "error",
        Place("party", "device", 2),
        f"holds {code}, a character XML 1.0 cannot carry (use application/json, or remove it)",
    )


@pytest.mark.parametrize("char", ["\t", "\n", "\r", " ", "\ufffd", "\U0001f600"])
def test_escape_xml_accepts_what_xml_carries(char: str) -> None:
    escape_xml(URL, char)


def test_surrogates() -> None:
    assert has_surrogate("a\ud800") is True
    assert has_surrogate("a\udfff") is True
    assert has_surrogate("a\ue000\ud7ff") is False


def test_check_notification_encodable_names_the_field() -> None:
    check_notification_encodable(Notification("1", "2", "3", (Party("u", "d"),)))
    cases = [
        (Notification(network_id="a\ud800"), Place("field", "network_id"), "U+D800"),
        (
            Notification(interested_parties=(Party("u", "d"), Party("x\udfff", "d"))),
            Place("party", "username", 2),
            "U+DFFF",
        ),
        (
            Notification(interested_parties=(Party("u", "\udc00"),)),
            Place("party", "device", 1),
            "U+DC00",
        ),
    ]
    for notification, place, code in cases:
        with pytest.raises(InputError) as raised:
            check_notification_encodable(notification)
        assert raised.value.problem == Problem(
            "error", place, f"holds {code} (a lone surrogate), which is not UTF-8"
        )


def test_render_parties_json() -> None:
    assert render_parties_json(()) == "[]"
    assert render_parties_json((Party('a"', "d1"), Party("b", "d\n2")), "  ") == (
        "[\n"
        '      {\n          "username": "a\\"",\n          "device": "d1"\n      },\n'
        '      {\n          "username": "b",\n          "device": "d\\n2"\n      }\n'
        "  ]"
    )


def test_render_parties_xml() -> None:
    assert render_parties_xml(()) == "<list></list>"
    assert render_parties_xml((Party("a<", "d1"), Party("b", "d&2")), "  ") == (
        "\n      <list>"
        "\n          <party>\n              <username>a&lt;</username>"
        "\n              <device>d1</device>\n          </party>"
        "\n          <party>\n              <username>b</username>"
        "\n              <device>d&amp;2</device>\n          </party>"
        "\n      </list>\n  "
    )


def test_render_parties_xml_names_the_party_that_cannot_be_carried() -> None:
    for parties, place in [
        ((Party("u", "d"), Party("\x01", "d")), Place("party", "username", 2)),
        ((Party("u", "\x02"),), Place("party", "device", 1)),
    ]:
        with pytest.raises(InputError) as raised:
            render_parties_xml(parties)
        assert raised.value.problem.where == place


# --- problems ----------------------------------------------------------------------------


def test_place_labels() -> None:
    assert [str(place) for place in (URL, CONTENT_TYPE, TEMPLATE, BODY, PARTIES)] == [
        "url",
        "content type",
        "template",
        "body",
        "interested parties",
    ]
    assert str(problems.field("new_smart_uri")) == "new smart URI"
    assert str(problems.field("network_id")) == "network id"
    assert str(problems.field("mystery")) == "mystery"
    assert str(problems.party(3, "device")) == "party 3 device"
    assert str(problems.party(1, "color")) == "party 1 color"
    assert str(problems.file("/tmp/x.toml")) == "/tmp/x.toml"
    assert str(problems.option("timeout")) == "timeout"
    assert problems.party(3, "device") == Place("party", "device", 3)
    assert problems.file("p") == Place("file", "p", 0)
    assert problems.option("o") == Place("option", "o", 0)
    assert problems.field("f") == Place("field", "f", 0)


def test_problem_text() -> None:
    assert str(Problem("error", URL, "bad")) == "url: error: bad"
    assert str(Problem("warning", BODY, "odd", 3)) == "body:3: warning: odd"
    assert str(Problem("error", BODY, "odd", 3, 7)) == "body:3:7: error: odd"
    assert str(Problem("error", BODY, "odd", 3, 7, 5, 2)) == (
        "body:3:7: error: odd (template line 5, column 2)"
    )
    assert str(Problem("error", BODY, "odd", 0, 7)) == "body: error: odd"
    assert Problem("error", URL, "x").is_error is True
    assert Problem("warning", URL, "x").is_error is False
    assert Problem("error", URL, "x") == Problem("error", URL, "x", 0, 0, 0, 0)


def test_error_carries_its_problem() -> None:
    raised = error(TEMPLATE, "broken", 2, 4)
    assert isinstance(raised, InputError)
    assert raised.problem == Problem("error", TEMPLATE, "broken", 2, 4)
    assert str(raised) == "template:2:4: error: broken"


@pytest.mark.parametrize(
    ("offset", "where"),
    [(0, (1, 1)), (2, (1, 3)), (3, (1, 4)), (4, (2, 1)), (5, (2, 2)), (7, (3, 1)), (9, (3, 3))],
)
def test_line_and_column(offset: int, where: tuple[int, int]) -> None:
    assert line_and_column("abc\nde\nfgh", offset) == where


# --- party lines ---------------------------------------------------------------------------


def test_party_lines() -> None:
    text = " alice , dev 1 \n\n  \nbob\tdev,2\n"
    assert parse_party_lines(text) == [Party("alice", "dev 1"), Party("bob", "dev,2")]
    assert parse_party_lines("") == []


@pytest.mark.parametrize(
    ("text", "number", "shown"),
    [
        ("a,b\njust-one", 2, "'just-one'"),
        ("a,b\n\n , dev ", 3, "', dev'"),
        ("user,  ", 1, "'user,'"),
    ],
)
def test_party_lines_name_the_bad_line(text: str, number: int, shown: str) -> None:
    with pytest.raises(InputError) as raised:
        parse_party_lines(text)
    assert raised.value.problem == Problem(
        "error",
        PARTIES,
        f"line {number} is not 'username, device' (a tab or a comma between them): {shown}",
        number,
    )


def test_a_bad_scalar_is_found_beside_parties() -> None:
    notification = Notification(network_id="n\ud800", interested_parties=(Party("u", "d"),))
    with pytest.raises(InputError) as raised:
        check_notification_encodable(notification)
    assert raised.value.problem.where == Place("field", "network_id")


def test_party_lines_with_more_than_one_separator_are_refused() -> None:
    assert parse_party_lines("alice, dev\nbob\tdev, 2") == [
        Party("alice", "dev"),
        Party("bob", "dev, 2"),  # a tab line: its commas are the device's
    ]
    with pytest.raises(InputError) as raised:
        parse_party_lines("ok,fine\nalice,dev,1")
    assert raised.value.problem.line == 2
    assert "more than one comma" in raised.value.problem.message
