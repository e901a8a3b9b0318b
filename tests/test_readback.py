"""Read-back: the notification recovered from a body through the template."""

import glob
import json
import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smarthook.core import preset as presets
from smarthook.core.body_check import check_body, json_depth
from smarthook.core.draft import make_draft
from smarthook.core.notification import Notification, Party
from smarthook.core.preset import Preset
from smarthook.core.problems import InputError
from smarthook.core.readback import read_back
from smarthook.core.readback.reader import split_on_literals
from smarthook.core.template import expand
from smarthook.core.webhook import JSON, XML

SHIPPED = sorted(glob.glob(os.path.join(presets.shipped_folder(), "*.toml")))

# Lone surrogates cannot be sent as UTF-8 at all; XML 1.0 cannot carry these either.
_XML_FORBIDDEN = "".join(map(chr, [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)]))
json_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
xml_text = st.text(
    st.characters(exclude_categories=("Cs",), exclude_characters=_XML_FORBIDDEN + "\ufffe\uffff"),
    max_size=12,
)


def notifications(text: st.SearchStrategy[str]) -> st.SearchStrategy[Notification]:
    parties = st.lists(st.builds(Party, text, text), max_size=4).map(tuple)
    return st.builds(Notification, text, text, text, parties)


def _templates(content_type: str) -> list[str]:
    """The shipped templates, carried over to ``content_type`` where they are written for it.

    A JSON template is read in both forms of the party list: quoted (as shipped) and bare.
    """
    found = []
    for path in SHIPPED:
        preset = presets.load(path)
        if preset.content_type != content_type:
            continue
        found.append(preset.template)
        if content_type == JSON:
            found.append(preset.template.replace('"%interestedParties%"', "%interestedParties%"))
    return found


JSON_TEMPLATES = _templates(JSON)
XML_TEMPLATES = _templates(XML)


def test_the_shipped_templates_cover_both_types_and_both_party_list_forms() -> None:
    assert len(JSON_TEMPLATES) >= 4 and len(XML_TEMPLATES) >= 1
    assert any('"%interestedParties%"' in t for t in JSON_TEMPLATES)
    assert any(": %interestedParties%" in t for t in JSON_TEMPLATES)


@pytest.mark.parametrize("path", SHIPPED, ids=os.path.basename)
def test_each_shipped_preset_reads_back_its_own_sample(path: str) -> None:
    preset = presets.load(path)
    body = expand(preset.template, preset.content_type, preset.notification).body
    result = read_back(preset.template, preset.content_type, body)
    assert result.notification == preset.notification
    assert result.carried == (
        "new_smart_number",
        "network_id",
        "new_smart_uri",
        "interested_parties",
    )


@pytest.mark.slow
@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(note=notifications(json_text), index=st.integers(0, 100))
def test_any_values_read_back_from_json(note: Notification, index: int) -> None:
    template = JSON_TEMPLATES[index % len(JSON_TEMPLATES)]
    body = expand(template, JSON, note).body
    assert read_back(template, JSON, body).notification == note


@pytest.mark.slow
@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(note=notifications(xml_text), index=st.integers(0, 100))
def test_any_values_read_back_from_xml(note: Notification, index: int) -> None:
    template = XML_TEMPLATES[index % len(XML_TEMPLATES)]
    body = expand(template, XML, note).body
    assert read_back(template, XML, body).notification == note


EMBEDDED_JSON = (
    '{"to": "sip:%new_smart_uri%;transport=tls", "n": %new_smart_number%, "p": %interestedParties%}'
)
EMBEDDED_XML = (
    '<event network="net-%network_id%"><uri>sip:%new_smart_uri%;x</uri>'
    "<who>%interestedParties%</who></event>"
)


@pytest.mark.slow
@settings(max_examples=100)
@given(uri=json_text, number=st.from_regex(r"[1-9][0-9]{0,14}", fullmatch=True))
def test_values_embedded_in_longer_strings_and_bare_numbers_read_back(
    uri: str, number: str
) -> None:
    note = Notification(number, "", uri, (Party("a", "b"),))
    body = expand(EMBEDDED_JSON, JSON, note).body
    result = read_back(EMBEDDED_JSON, JSON, body)
    assert result.notification == note
    assert result.carried == ("new_smart_number", "new_smart_uri", "interested_parties")


@settings(max_examples=100)
@given(network=xml_text, uri=xml_text)
def test_values_embedded_in_xml_attributes_and_text_read_back(network: str, uri: str) -> None:
    # Attribute values lose tabs and newlines to XML's own normalisation; text keeps them.
    network = network.replace("\t", " ").replace("\n", " ").replace("\r", " ")
    note = Notification("", network, uri, ())
    body = expand(EMBEDDED_XML, XML, note).body
    assert read_back(EMBEDDED_XML, XML, body).notification == note


def _docs(name: str) -> tuple[str, str]:
    preset, _ = presets.open_preset(name)
    return preset.template, preset.content_type


@pytest.mark.parametrize(
    ("preset", "body", "line", "column", "message"),
    [
        (
            "docs-json",
            '{"newSmartNumber": "1",\n "networkId": "n",\n "newSmartUri": "u",\n'
            ' "interestedParties": [{"username": "a", "device": 5}]}',
            4,
            52,
            "party 1: device must be a string, found the bare value 5",
        ),
        (
            "docs-json",
            '{"newSmartNumber": "1",\n "networkId": "n",\n "newSmartUri": "u"}',
            1,
            1,
            'expected the key "interestedParties" in this object',
        ),
        (
            "docs-json",
            '{"newSmartNumber": "1",\n "networkId": "n",\n "newSmartUri": "u",\n'
            ' "interestedParties": [], "extra": true}',
            4,
            36,
            'unexpected key "extra": the template has no such key',
        ),
        (
            "docs-json",
            '{"newSmartNumber": 1,\n "networkId": "n",\n "newSmartUri": "u",\n'
            ' "interestedParties": []}',
            1,
            20,
            "expected a string, found the bare value 1",
        ),
        ("docs-json", '{"newSmartNumber": ', 1, 20, "not valid JSON: Expecting value"),
        (
            "docs-xml",
            "<root>\n<new_smart_number>1</new_smart_number>\n<network_id>n</network_id>\n"
            "<new_smart_uri>u</new_smart_uri>\n<interested_parties><list><party>"
            "<username>a</username></party></list></interested_parties>\n</root>",
            5,
            27,
            "party 1 has no <device>",
        ),
        (
            "docs-xml",
            "<root>\n<new_smart_number>1</new_smart_number>\n<network_id>n</network_id>\n"
            "<new_smart_uri>u</new_smart_uri>\n<interested_parties/>\n</root>",
            5,
            1,
            "<interested_parties> should hold 1 element (<list>), found 0",
        ),
        (
            "docs-xml",
            "<root>\n<new_smart_number>1</new_smart_number>\n<networkid>n</networkid>\n"
            "<new_smart_uri>u</new_smart_uri>\n<interested_parties><list/></interested_parties>"
            "\n</root>",
            3,
            1,
            "expected <network_id>, found <networkid>",
        ),
        ("docs-xml", "<root>", 1, 7, "not well-formed XML: no element found"),
    ],
)
def test_a_body_that_differs_is_located(
    preset: str, body: str, line: int, column: int, message: str
) -> None:
    template, content_type = _docs(preset)
    with pytest.raises(InputError) as caught:
        read_back(template, content_type, body)
    problem = caught.value.problem
    assert (str(problem.where), problem.line, problem.column, problem.message) == (
        "body",
        line,
        column,
        message,
    )


def test_a_difference_in_template_text_names_the_template_line_too() -> None:
    template, content_type = _docs("docs-json")
    body = '{"newSmartNumber": "1", "networkId": "n", "newSmartUri": "u"}'
    with pytest.raises(InputError) as caught:
        read_back(template, content_type, body)
    assert caught.value.problem.template_line == 1


def test_xml_with_a_dtd_is_refused_not_processed() -> None:
    template, content_type = _docs("docs-xml")
    body = '<!DOCTYPE root [<!ENTITY big "xxxxxxxx">]><root>&big;</root>'
    with pytest.raises(InputError, match="refused"):
        read_back(template, content_type, body)


def test_a_template_that_does_not_expand_to_json_cannot_be_read_through() -> None:
    with pytest.raises(InputError) as caught:
        read_back('{"n": "%new_smart_number%",}', JSON, '{"n": "1"}')
    assert str(caught.value.problem.where) == "template"


def test_a_placeholder_used_twice_must_carry_one_value() -> None:
    template = '{"a": "%network_id%", "b": "%network_id%"}'
    assert read_back(template, JSON, '{"a": "x", "b": "x"}').notification.network_id == "x"
    with pytest.raises(InputError, match="earlier"):
        read_back(template, JSON, '{"a": "x", "b": "y"}')


def test_keys_may_come_in_another_order() -> None:
    template, content_type = _docs("docs-json")
    body = (
        '{"interestedParties": [{"device": "d", "username": "u"}], "newSmartUri": "sip",'
        ' "networkId": "n", "newSmartNumber": "1"}'
    )
    note = read_back(template, content_type, body).notification
    assert note == Notification("1", "n", "sip", (Party("u", "d"),))


def test_the_summary_names_what_was_read_back() -> None:
    template, content_type = _docs("docs-json")
    preset, _ = presets.open_preset("docs-json")
    body = expand(template, content_type, preset.notification).body
    summary = read_back(template, content_type, body).summary()
    assert summary == (
        'number "15551231234", network "mynetwork", URI "johnsnow@pbx.acrobits.net", 2 parties'
    )


# -- hardening: linear time, depth, duplicate keys, templates that do not parse -------------

URI_TEMPLATE = '{"uri": "sip:%new_smart_number%@%network_id%;user=phone"}'


@pytest.mark.parametrize("size", [65_536, 1_048_576], ids=["64KiB", "1MiB"])
def test_a_body_of_at_signs_reads_back_exactly(size: int) -> None:
    # A lazy (.*?)@(.*?) pattern took 15.7 s on the 64 KiB one; timing is in bench_readback.
    body = '{"uri": "sip:' + "@" * size + ';user=phone"}'
    note = read_back(URI_TEMPLATE, JSON, body).notification
    assert note.new_smart_number == ""  # the first @ ends the number, as a lazy match would
    assert note.network_id == "@" * (size - 1)
    near_miss = '{"uri": "sip:' + "@" * size + ';user=phon"}'
    with pytest.raises(InputError, match="expected text of the form"):
        read_back(URI_TEMPLATE, JSON, near_miss)


def _lazy_pattern(pieces: list[str]) -> "re.Pattern[str]":
    """What read-back used to build: each value ``(.*?)``, a lone one ``(.*)``."""
    groups = "(.*)" if len(pieces) == 2 else "(.*?)"
    return re.compile(groups.join(map(re.escape, pieces)), re.DOTALL)


@given(
    st.lists(st.text("ab@;", max_size=3), min_size=2, max_size=5),
    st.text("ab@;", max_size=14),
)
@settings(derandomize=True, max_examples=400)
def test_splitting_on_literals_finds_what_the_lazy_pattern_found(
    pieces: list[str], text: str
) -> None:
    found = _lazy_pattern(pieces).fullmatch(text)
    expected = None if found is None else list(found.groups())
    assert split_on_literals(pieces, text) == expected


def test_a_body_nested_100_000_deep_is_a_problem_not_a_recursion_error() -> None:
    template, content_type = _docs("docs-json")
    for body in ("[" * 100_000 + "]" * 100_000, '{"a":' * 100_000 + "1" + "}" * 100_000):
        with pytest.raises(InputError, match="nested deeper than 500 levels"):
            read_back(template, content_type, body)
    xml_template, xml_type = _docs("docs-xml")
    with pytest.raises(InputError, match="nested deeper than 500 levels"):
        read_back(xml_template, xml_type, "<a>" * 100_000 + "</a>" * 100_000)


def test_a_template_nested_5000_deep_is_a_problem_in_the_draft() -> None:
    deep = '{"n": "%new_smart_number%", "x": ' + "[" * 5000 + "]" * 5000 + "}"
    draft = make_draft(Preset(template=deep, url="http://127.0.0.1:1/"))
    assert draft.body_problem is not None
    assert draft.body_problem.message == "nested deeper than 500 levels"
    with pytest.raises(InputError) as caught:
        read_back(deep, JSON, '{"n": "1", "x": []}')
    assert str(caught.value.problem.where) == "template"
    assert "nested deeper than 500 levels" in caught.value.problem.message


def test_duplicate_keys_are_a_problem_not_the_last_value() -> None:
    template = '{"n": "%new_smart_number%"}'
    with pytest.raises(InputError, match='the key "n" appears twice'):
        read_back(template, JSON, '{"n": "1", "n": "2"}')
    duplicated = expand('{"n": "%new_smart_number%", "n": 1}', JSON, Notification("1"))
    problem = check_body(duplicated)
    assert problem is not None and 'the key "n" appears twice' in problem.message


def test_an_xml_template_that_does_not_expand_to_xml_is_a_clear_problem() -> None:
    with pytest.raises(InputError) as caught:
        read_back("<a>%new_smart_number%</b>", XML, "<a>1</a>")
    problem = caught.value.problem
    assert str(problem.where) == "template"
    assert problem.message == (
        "does not expand to well-formed XML, so a body cannot be read back through it "
        "(not well-formed XML: mismatched tag)"
    )
    assert (problem.line, problem.column) == (1, 24)  # the b of </b>, in the template


@pytest.mark.parametrize(
    ("template", "body"),
    [
        (
            '{"a": %interestedParties%, "b": %interestedParties%}',
            '{"a": [{"username": "u", "device": "d"}], "b": [{"username": "v", "device": "d"}]}',
        ),
        (
            '{"a": %interestedParties%, "b": %interestedParties%}',
            '{"a": [{"username": "u", "device": "d"}], "b": []}',
        ),
        (
            "<r><a>%interestedParties%</a><b>%interestedParties%</b></r>",
            "<r><a><list><party><username>u</username><device>d</device></party></list></a>"
            "<b><list><party><username>v</username><device>d</device></party></list></b></r>",
        ),
    ],
    ids=["json-other-party", "json-one-list-empty", "xml-other-party"],
)
def test_a_party_list_given_twice_must_hold_the_same_parties(template: str, body: str) -> None:
    content_type = XML if template.startswith("<") else JSON
    with pytest.raises(InputError) as caught:
        read_back(template, content_type, body)
    assert (
        caught.value.problem.message == "this party list differs from the one earlier in the body"
    )
    same = body.replace("<username>v<", "<username>u<").replace(
        '"username": "v"', '"username": "u"'
    )
    if "[]" not in same:
        parties = read_back(template, content_type, same).notification.interested_parties
        assert parties == (Party("u", "d"),)


@pytest.mark.parametrize("content_type", [XML, JSON])
def test_party_fields_keep_their_surrounding_whitespace(content_type: str) -> None:
    template = _docs("docs-xml" if content_type == XML else "docs-json")[0]
    parties = (Party("  eric \n", "\t dev "), Party(" ", "x"))
    note = Notification("1", "n", "u", parties)
    body = expand(template, content_type, note).body
    assert read_back(template, content_type, body).notification.interested_parties == parties


def _tree_depth(value: object) -> int:
    if isinstance(value, dict):
        return 1 + max(map(_tree_depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(_tree_depth, value), default=0)
    return 0


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text('[]{}"\\,: ab\n', max_size=6),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text('[]{}"\\a', max_size=3), inner, max_size=3)
    ),
    max_leaves=20,
)


@pytest.mark.slow
@given(json_values, st.booleans())
@settings(derandomize=True, max_examples=300)
def test_the_depth_of_a_json_tree_is_counted_level_by_level(value: object, ascii: bool) -> None:
    text = json.dumps(value, ensure_ascii=ascii)
    assert json_depth(json.loads(text)) == _tree_depth(value)
