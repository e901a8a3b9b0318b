"""Exact messages and places of read-back (JSON and XML), the body parser's depth limit and
collector pause, escaping's party lists and names for lone surrogates, and the
pretty-printer's indent and cut.

Written against the survivors of ``make mutate`` (issue 12) in core/readback/, body_check,
escaping and pretty: each case pins one behaviour that a one-character change would break.
"""

import gc
from collections.abc import Iterator

import pytest

from smarthook.core.body_check import _CollectorPause, check_text, parse_body
from smarthook.core.escaping import (
    check_notification_encodable,
    render_parties_json,
    render_parties_xml,
)
from smarthook.core.notification import Notification, Party
from smarthook.core.pretty import pretty_body
from smarthook.core.problems import InputError, Place, Problem
from smarthook.core.readback import ReadBack, read_back
from smarthook.core.readback.reader import split_on_literals
from smarthook.core.webhook import JSON, XML


def read_back_error(template: str, content_type: str, body: str) -> str:
    with pytest.raises(InputError) as raised:
        read_back(template, content_type, body)
    return str(raised.value)


# -- read-back: template text shown as written -----------------------------------------------


@pytest.mark.parametrize(
    ("template", "content_type", "body", "text"),
    [
        (
            '{"a": "n=%new_smart_number%;id=%network_id%"}',
            JSON,
            '{"a": "n=1"}',
            'body:1:7: error: expected text of the form "n=%new_smart_number%;id=%network_id%",'
            ' found "n=1" (template line 1, column 7)',
        ),
        (
            '{"a": %new_smart_number%}',
            JSON,
            '{"a": "1"}',
            'body:1:7: error: expected a bare value like %new_smart_number%, found the string "1"',
        ),
        (
            '{"k-%network_id%": 1}',
            JSON,
            "{}",
            'body:1:1: error: expected a key of the form "k-%network_id%" in this object'
            " (template line 1, column 1)",
        ),
        (
            '<a n="x%new_smart_uri%"/>',
            XML,
            "<a/>",
            'body:1:1: error: <a> has no attribute n (expected n="x%new_smart_uri%")'
            " (template line 1, column 1)",
        ),
        (
            '<a n="x%new_smart_uri%"/>',
            XML,
            '<a n="y"/>',
            'body:1:1: error: <a> attribute n: expected text of the form "x%new_smart_uri%",'
            ' found "y" (template line 1, column 1)',
        ),
        (
            "<a>v=%network_id%</a>",
            XML,
            "<a>w</a>",
            'body:1:1: error: <a> text: expected text of the form "v=%network_id%", found "w"'
            " (template line 1, column 1)",
        ),
    ],
)
def test_a_mismatch_shows_the_template_text_with_its_placeholders(
    template: str, content_type: str, body: str, text: str
) -> None:
    assert read_back_error(template, content_type, body) == text


# -- read-back: templates that cannot be read through ----------------------------------------


NOT_JSON = "does not expand to JSON, so a body cannot be read back through it (not valid JSON: "


@pytest.mark.parametrize(
    ("template", "reason", "line", "column"),
    [
        # Placed in the template's own text: the sentinel in the body is shorter than the
        # placeholder it stands for, so the body's column would be 2 less.
        (
            '{"n": "%new_smart_number%",}',
            "Expecting property name enclosed in double quotes",
            1,
            28,
        ),
        ('{"a": %new_smart_number%}x', "Extra data", 1, 26),
        ('{\n  "n": "%new_smart_number%",\n  "m": x\n}', "Expecting value", 3, 8),
        # Refused after parsing: Python's json gives no place for it.
        ('{\n  "n": "%new_smart_number%",\n  "x": NaN\n}', "NaN is not a JSON value", 0, 0),
    ],
)
def test_a_template_that_is_not_json_once_expanded_is_named_and_placed(
    template: str, reason: str, line: int, column: int
) -> None:
    with pytest.raises(InputError) as raised:
        read_back(template, JSON, "{}")
    assert raised.value.problem == Problem(
        "error", Place("template"), f"{NOT_JSON}{reason})", line, column
    )


def test_only_the_placeholders_that_survive_parsing_are_carried() -> None:
    template = '<a><!-- %new_smart_number% --><b k="%new_smart_uri%"/>%network_id%</a>'
    found = read_back(template, XML, '<a><b k="u"/>7</a>')
    assert found == ReadBack(
        Notification(network_id="7", new_smart_uri="u"), ("network_id", "new_smart_uri")
    )


def markers(attempts: range) -> str:
    """The first of the five markers read-back tries on each attempt (1 to 99), as it writes
    them: digits only, so that they fit anywhere in either content type."""
    return " ".join(f"9{attempt:02d}0471100815{attempt:02d}9" for attempt in attempts)


def test_a_template_holding_a_marker_of_every_attempt_cannot_be_read_back() -> None:
    template = f'{{"n": "%new_smart_number%", "m": "{markers(range(1, 100))}"}}'
    with pytest.raises(InputError) as raised:
        read_back(template, JSON, "{}")
    assert raised.value.problem == Problem(
        "error", Place("template"), "cannot be read back: it holds every marker"
    )


def test_a_template_holding_markers_of_all_attempts_but_the_first_reads_back() -> None:
    held = markers(range(2, 100))
    template = f'{{"n": "%new_smart_number%", "m": "{held}"}}'
    found = read_back(template, JSON, f'{{"n": "{held}", "m": "{held}"}}')
    assert found == ReadBack(Notification(held), ("new_smart_number",))


def test_a_template_too_deep_to_walk_beside_is_a_template_problem() -> None:
    # 499 levels parse, but walking two frames a level beside them passes Python's stack.
    template = '{"a":' * 499 + '"%new_smart_number%"' + "}" * 499
    body = '{"a":' * 499 + '"1"' + "}" * 499
    with pytest.raises(InputError) as raised:
        read_back(template, JSON, body)
    assert raised.value.problem == Problem(
        "error", Place("template"), "nested too deeply to read a body back through"
    )


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("a1-2-z", ["1", "2"]),
        ("a-1-2-z", ["", "1-2"]),
        # The middle "-" is looked for before the last piece only: here it is in "-z".
        ("a1-z", None),
        ("a-z", None),
    ],
)
def test_a_middle_piece_is_found_before_the_last_piece_only(
    text: str, values: list[str] | None
) -> None:
    assert split_on_literals(["a", "-", "-z"], text) == values


# -- read-back: where a party list that is not one is placed ---------------------------------

PARTIES_UNDER_A_KEY = '{\n  "k": 1,\n  "p": %interestedParties%\n}'
PARTIES_UNDER_A_TEMPLATED_KEY = '{\n  "k": 1,\n  "p-%network_id%": %interestedParties%\n}'


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ('"x"', 'body:1:17: error: expected the party list (an array), found the string "x"'),
        (
            "[1]",
            "body:1:18: error: party 1: expected an object {username, device}, found the bare"
            " value 1",
        ),
        ('[{"username": "u"}]', 'body:1:18: error: party 1 has no "device"'),
        (
            '[{"username": "u", "device": 2}]',
            "body:1:46: error: party 1: device must be a string, found the bare value 2",
        ),
        (
            '[{"username": "u", "device": "d", "x": 3}]',
            'body:1:56: error: party 1 has an unexpected key "x" (a party has username and device)',
        ),
    ],
)
def test_a_party_list_under_a_templated_key_is_placed_as_under_a_plain_one(
    value: str, text: str
) -> None:
    # The party list is the placeholder's text, not the template's: no template place. Under a
    # templated key the body's key ("p-7") was once looked up in the template, not found, and
    # the problem placed at the template's first character.
    plain = read_back_error(PARTIES_UNDER_A_KEY, JSON, f'{{"k": 1, "p":   {value}}}')
    templated = read_back_error(PARTIES_UNDER_A_TEMPLATED_KEY, JSON, f'{{"k": 1, "p-7": {value}}}')
    assert plain == templated == text


# -- escaping: a lone surrogate is named by what it is ---------------------------------------


@pytest.mark.parametrize(
    ("char", "named"),
    [
        ("\ud800", "U+D800 (a lone surrogate)"),
        ("\udc7f", "U+DC7F (a lone surrogate)"),
        ("\udc80", "the byte \\x80"),
        ("\udcc3", "the byte \\xc3"),
        ("\udcff", "the byte \\xff"),
        ("\udd00", "U+DD00 (a lone surrogate)"),
        ("\udfff", "U+DFFF (a lone surrogate)"),
    ],
)
def test_a_value_utf8_cannot_carry_names_the_byte_or_the_surrogate(char: str, named: str) -> None:
    with pytest.raises(InputError) as raised:
        check_notification_encodable(Notification(network_id=f"n{char}"))
    assert raised.value.problem == Problem(
        "error", Place("field", "network_id"), f"holds {named}, which is not UTF-8"
    )


def test_the_party_list_stands_unindented_when_its_line_has_no_indent() -> None:
    parties = (Party("u", "d"),)
    assert render_parties_json(parties) == (
        '[\n    {\n        "username": "u",\n        "device": "d"\n    }\n]'
    )
    assert render_parties_xml(parties) == (
        "\n    <list>\n        <party>\n            <username>u</username>\n"
        "            <device>d</device>\n        </party>\n    </list>\n"
    )


# -- the body parser: the cyclic collector paused while a tree is built ----------------------


@pytest.fixture
def collector() -> Iterator[None]:
    was_enabled = gc.isenabled()
    yield
    if was_enabled:
        gc.enable()
    else:
        gc.disable()


@pytest.mark.usefixtures("collector")
def test_the_collector_is_paused_inside_and_on_again_after_the_last_one_out() -> None:
    pause = _CollectorPause()
    gc.enable()
    with pause():
        assert not gc.isenabled()
        with pause():  # a second parse, as from another thread
            assert not gc.isenabled()
        assert not gc.isenabled()  # the first is still inside
    assert gc.isenabled()
    with pause():  # and again, on the same pause
        assert not gc.isenabled()
    assert gc.isenabled()


@pytest.mark.usefixtures("collector")
def test_a_collector_that_was_off_stays_off() -> None:
    pause = _CollectorPause()
    gc.disable()
    with pause():
        assert not gc.isenabled()
    assert not gc.isenabled()


# -- the body parser: how deep a body may nest ----------------------------------------------

TOO_DEEP = Problem("error", Place("body"), "nested deeper than 500 levels")


@pytest.mark.parametrize(
    ("body", "content_type", "problem"),
    [
        ("<a>" * 500 + "</a>" * 500, XML, None),
        ("<a>" * 501 + "</a>" * 501, XML, TOO_DEEP),
        # Depth is counted down as elements close: <x/> closed at level 3, the <b>s go on to
        # level 500, then 501.
        ("<r><a><x/>" + "<b>" * 498 + "</b>" * 498 + "</a></r>", XML, None),
        ("<r><a><x/>" + "<b>" * 499 + "</b>" * 499 + "</a></r>", XML, TOO_DEEP),
        ("[" * 500 + "]" * 500, JSON, None),
        ("[" * 501 + "]" * 501, JSON, TOO_DEEP),
        ('{"a":' * 500 + "1" + "}" * 500, JSON, None),
        ('{"a":' * 501 + "1" + "}" * 501, JSON, TOO_DEEP),
    ],
)
def test_a_body_may_nest_500_levels_and_no_more(
    body: str, content_type: str, problem: Problem | None
) -> None:
    assert check_text(body, content_type) == problem


@pytest.mark.parametrize(
    ("body", "key"), [('{"a": 1, "b": 2, "b": 3}', '"b"'), ('{"é": 1, "é": 2}', '"é"')]
)
def test_a_key_given_twice_is_named_as_written(body: str, key: str) -> None:
    assert check_text(body, JSON) == Problem(
        "error", Place("body"), f"not valid JSON: the key {key} appears twice"
    )


@pytest.mark.parametrize(("body", "value"), [("true", True), ("null", None), ('"s"', "s")])
def test_a_json_body_may_be_a_bare_value(body: str, value: object) -> None:
    assert parse_body(body, JSON) == value


# -- the pretty-printer ----------------------------------------------------------------------

MIXED = '{"a":[1,{"b":[],"c":{},"d":"é","e":[true,null,false]}],"f":2.50,"ü":1e999999}'
MIXED_PRETTY = """{
  "a": [
    1,
    {
      "b": [],
      "c": {},
      "d": "é",
      "e": [
        true,
        null,
        false
      ]
    }
  ],
  "f": 2.50,
  "ü": 1e999999
}"""


def test_json_is_indented_by_two_with_numbers_as_written() -> None:
    assert pretty_body(JSON, MIXED) == MIXED_PRETTY
    assert pretty_body(JSON, "[]") == "[]"
    assert pretty_body(JSON, '"x"') == '"x"'
    assert pretty_body(JSON, " 7 ") == "7"


SHORT = "[1,2,3]"
SHORT_PRETTY = "[\n  1,\n  2,\n  3\n]"  # 17 characters


@pytest.mark.parametrize(
    ("limit", "shown"),
    [
        (17, SHORT_PRETTY),
        (100, SHORT_PRETTY),
        (16, "[\n  1,\n  2,\n  3\n\n… (re-indented this far; 7 characters in all)"),
        (4, "[\n  \n… (re-indented this far; 7 characters in all)"),
        (0, "\n… (re-indented this far; 7 characters in all)"),
    ],
)
def test_json_longer_than_the_limit_is_cut_there_with_a_note(limit: int, shown: str) -> None:
    assert pretty_body(JSON, SHORT, limit) == shown


def test_xml_is_indented_by_two_and_anything_else_comes_as_it_is() -> None:
    assert pretty_body(XML, '<a x="1"><b>t</b><c><d/></c></a>') == (
        '<a x="1">\n  <b>t</b>\n  <c>\n    <d />\n  </c>\n</a>'
    )
    assert pretty_body(JSON, '{"a": 1,}') == '{"a": 1,}'
    assert pretty_body(XML, "<a><b></a>") == "<a><b></a>"
    assert pretty_body("text/plain", "[1, 2]") == "[1, 2]"
    assert pretty_body("", "<a/>") == "<a/>"


# -- read-back of XML: each kind of difference, named and placed -----------------------------

XML_NESTED = '<a>\n  <b k="1" n="x%new_smart_uri%">t</b>\n  <c/>after\n  %interestedParties%\n</a>'
XML_PARTY = "<list><party><username>u</username><device>d</device></party></list>"
XML_BODY = f'<a><b k="1" n="x9">t</b><c/>after{XML_PARTY}</a>'
PARTY_HINT = "(a party holds one <username> and one <device>, each plain text)"


def test_a_nested_xml_body_reads_back() -> None:
    assert read_back(XML_NESTED, XML, XML_BODY) == ReadBack(
        Notification(new_smart_uri="9", interested_parties=(Party("u", "d"),)),
        ("new_smart_uri", "interested_parties"),
    )


@pytest.mark.parametrize(
    ("old", "new", "text"),
    [
        (
            ' k="1"',
            "",
            'body:1:4: error: <b> has no attribute k (expected k="1") (template line 2, column 3)',
        ),
        (
            ' n="x9"',
            ' n="y9"',
            'body:1:4: error: <b> attribute n: expected text of the form "x%new_smart_uri%",'
            ' found "y9" (template line 2, column 3)',
        ),
        (
            '<b k="1"',
            '<b z="2" k="1"',
            "body:1:4: error: <b> has an unexpected attribute z (template line 2, column 3)",
        ),
        (
            "<c/>",
            "<c><d/></c>",
            "body:1:25: error: <c> should hold 0 elements (none), found 1"
            " (template line 3, column 3)",
        ),
        (
            # The text after <c> in the expanded template runs on into the party list's indent.
            "after",
            "later",
            'body:1:25: error: <c> text after it: expected "after\\n  \\n      ", found "later"'
            " (template line 3, column 3)",
        ),
        # The party list is the placeholder's text, not the template's: no template place.
        (
            "list>",
            "lost>",
            "body:1:34: error: expected the party list <list>, found <lost>",
        ),
        (
            "party>",
            "group>",
            "body:1:40: error: <list> should hold only <party> elements, found <group>",
        ),
        (
            "<device>d</device>",
            "<device>d</device><extra>1</extra>",
            f"body:1:87: error: party 1: unexpected <extra> {PARTY_HINT}",
        ),
        (
            "<device>d</device>",
            "<device>d</device><device>e</device>",
            f"body:1:87: error: party 1: unexpected <device> {PARTY_HINT}",
        ),
        (
            "<device>d</device>",
            "<device><x/></device>",
            f"body:1:69: error: party 1: unexpected <device> {PARTY_HINT}",
        ),
        ("<device>d</device>", "", "body:1:40: error: party 1 has no <device>"),
    ],
)
def test_an_xml_difference_is_named_and_placed_in_body_and_template(
    old: str, new: str, text: str
) -> None:
    assert read_back_error(XML_NESTED, XML, XML_BODY.replace(old, new)) == text


def test_an_xml_party_list_given_twice_must_be_the_same_list() -> None:
    template = "<a><p>%interestedParties%</p><q>%interestedParties%</q></a>"
    other = XML_PARTY.replace(">d<", ">e<")
    assert read_back_error(template, XML, f"<a><p>{XML_PARTY}</p><q>{other}</q></a>") == (
        "body:1:82: error: this party list differs from the one earlier in the body"
    )


def test_a_list_in_the_template_that_is_not_the_party_list_is_plain_xml() -> None:
    template = "<a><list><item>1</item></list><n>%new_smart_number%</n></a>"
    found = read_back(template, XML, "<a><list><item>1</item></list><n>5</n></a>")
    assert found == ReadBack(Notification("5"), ("new_smart_number",))


# -- read-back of JSON: literal values, arrays and templated keys ----------------------------

JSON_LITERALS = (
    '{\n  "o": {"a": [1, 2], "t": true, "z": null, "e": [], "one": ["x"]},\n'
    '  "n": %new_smart_number%\n}'
)
JSON_LITERALS_BODY = '{"o": {"a": [1, 2], "t": true, "z": null, "e": [], "one": ["x"]}, "n": 5}'


@pytest.mark.parametrize("value", ["5", "-0.50", "true", "false", "null"])
def test_a_bare_placeholder_reads_back_any_bare_value_as_written(value: str) -> None:
    # A one-item array and an empty one in the template are plain arrays, not party lists.
    body = JSON_LITERALS_BODY.replace("5}", f"{value}}}")
    assert read_back(JSON_LITERALS, JSON, body) == ReadBack(
        Notification(value), ("new_smart_number",)
    )


@pytest.mark.parametrize(
    ("old", "new", "text"),
    [
        (
            "[1, 2]",
            "{}",
            "body:1:13: error: expected an array, found an object (template line 2, column 14)",
        ),
        (
            "[1, 2]",
            "[1, 2, 3]",
            "body:1:13: error: expected an array of 2 items, found 3 (template line 2, column 14)",
        ),
        (
            '"t": true',
            '"t": false',
            "body:1:26: error: expected true, found the bare value false"
            " (template line 2, column 27)",
        ),
        (
            '"t": true',
            '"t": 1',
            "body:1:26: error: expected true, found the bare value 1 (template line 2, column 27)",
        ),
        (
            '"z": null',
            '"z": false',
            "body:1:37: error: expected null, found the bare value false"
            " (template line 2, column 38)",
        ),
        (
            '"z": null',
            '"z": ""',
            'body:1:37: error: expected null, found the string "" (template line 2, column 38)',
        ),
    ],
)
def test_a_json_difference_in_literal_values_is_named_and_placed(
    old: str, new: str, text: str
) -> None:
    assert read_back_error(JSON_LITERALS, JSON, JSON_LITERALS_BODY.replace(old, new)) == text


def test_a_bare_placeholder_does_not_take_an_array() -> None:
    assert read_back_error(JSON_LITERALS, JSON, JSON_LITERALS_BODY.replace("5}", "[5]}")) == (
        "body:1:72: error: expected a bare value like %new_smart_number%, found an array of 1 item"
    )


TEMPLATED_KEY = '{"o": {"k-%network_id%": 1, "b": 2}}'


def test_the_keys_after_a_templated_key_are_still_compared() -> None:
    assert read_back(TEMPLATED_KEY, JSON, '{"o": {"b": 2, "k-7": 1}}') == ReadBack(
        Notification(network_id="7"), ("network_id",)
    )
    assert read_back_error(TEMPLATED_KEY, JSON, '{"o": {"k-7": 1, "b": 3}}') == (
        'body:1:23: error: expected "2", found "3" (template line 1, column 34)'
    )


def test_a_key_not_of_the_templated_form_is_named_and_placed() -> None:
    assert read_back_error(TEMPLATED_KEY, JSON, '{"o": {"x": 1, "b": 2}}') == (
        'body:1:13: error: expected text of the form "k-%network_id%", found "x"'
        " (template line 1, column 26)"
    )
