"""Expansion, escaping, lint and the body check (SPEC §2)."""

import json
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smarthook.core import problems as places
from smarthook.core.body_check import check_body
from smarthook.core.notification import Notification, Party
from smarthook.core.problems import InputError
from smarthook.core.template import expand, find_placeholders, lint

JSON_TEMPLATE = """{
    "newSmartNumber" : "%new_smart_number%",
    "networkId" : "%network_id%",
    "newSmartUri" : "%new_smart_uri%",
    "interestedParties" : "%interestedParties%"
}
"""
JSON_BARE = JSON_TEMPLATE.replace('"%interestedParties%"', "%interestedParties%")
XML_TEMPLATE = """<root>
    <new_smart_number>%new_smart_number%</new_smart_number>
    <network_id>%network_id%</network_id>
    <new_smart_uri>%new_smart_uri%</new_smart_uri>
    <interested_parties>%interestedParties%</interested_parties>
</root>
"""
DOCS_PARTIES = (Party("eric", "erics_iphone"), Party("madelaine", "madelaines_android"))


def xml_values(body: str) -> dict[str, object]:
    root = ET.fromstring(body)
    return {
        "number": root.findtext("new_smart_number"),
        "network": root.findtext("network_id"),
        "uri": root.findtext("new_smart_uri"),
        "parties": [
            (party.findtext("username"), party.findtext("device"))
            for party in root.findall("interested_parties/list/party")
        ],
    }


def test_docs_json_example_comes_out_as_documented() -> None:
    note = Notification("15551231234", "mynetwork", "johnsnow@pbx.acrobits.net", DOCS_PARTIES)
    body = expand(JSON_TEMPLATE, "application/json", note).body
    assert json.loads(body) == {
        "newSmartNumber": "15551231234",
        "networkId": "mynetwork",
        "newSmartUri": "johnsnow@pbx.acrobits.net",
        "interestedParties": [
            {"username": "eric", "device": "erics_iphone"},
            {"username": "madelaine", "device": "madelaines_android"},
        ],
    }


def test_docs_xml_example_comes_out_as_documented() -> None:
    note = Notification("+420111222333", "network_1", "sip_uri_1", DOCS_PARTIES)
    body = expand(XML_TEMPLATE, "application/xml", note).body
    documented = """<root>
        <new_smart_number>+420111222333</new_smart_number>
        <network_id>network_1</network_id>
        <new_smart_uri>sip_uri_1</new_smart_uri>
        <interested_parties><list>
          <party><username>eric</username><device>erics_iphone</device></party>
          <party><username>madelaine</username><device>madelaines_android</device></party>
        </list></interested_parties></root>"""
    assert xml_values(body) == xml_values(documented)
    assert [child.tag for child in ET.fromstring(body).find("interested_parties")] == ["list"]


def test_party_list_keys_come_username_then_device() -> None:
    body = expand(JSON_BARE, "application/json", Notification(interested_parties=DOCS_PARTIES))
    assert list(json.loads(body.body)["interestedParties"][0]) == ["username", "device"]


@pytest.mark.parametrize("template", [JSON_TEMPLATE, JSON_BARE])
def test_both_quoting_forms_give_an_array(template: str) -> None:
    body = expand(template, "application/json", Notification(interested_parties=DOCS_PARTIES))
    assert json.loads(body.body)["interestedParties"][1] == {
        "username": "madelaine",
        "device": "madelaines_android",
    }


def test_empty_party_list() -> None:
    assert (
        json.loads(expand(JSON_TEMPLATE, "application/json", Notification()).body)[
            "interestedParties"
        ]
        == []
    )
    body = expand(XML_TEMPLATE, "application/xml", Notification()).body
    assert "<interested_parties><list></list></interested_parties>" in body


def test_json_escaping_of_quotes_backslashes_and_controls() -> None:
    note = Notification('a"b\\c', "line\nbreak\ttab\x01", "é 🎉")
    expansion = expand(JSON_TEMPLATE, "application/json", note)
    assert '"a\\"b\\\\c"' in expansion.body
    assert "line\\nbreak\\ttab\\u0001" in expansion.body
    assert "é 🎉" in expansion.body  # everything else literal UTF-8
    assert json.loads(expansion.body)["networkId"] == "line\nbreak\ttab\x01"


def test_xml_escaping_of_the_five_specials_and_white_space() -> None:
    note = Notification("<&>\"'", "a\r\nb\tc", "u", (Party("a&b", "<d>"),))
    body = expand(XML_TEMPLATE, "application/xml", note).body
    assert "<new_smart_number>&lt;&amp;&gt;&quot;&apos;</new_smart_number>" in body
    assert "<network_id>a&#13;&#10;b&#9;c</network_id>" in body
    assert xml_values(body)["parties"] == [("a&b", "<d>")]


@pytest.mark.parametrize(
    ("notification", "field", "char"),
    [
        (Notification(network_id="a\x00b"), places.field("network_id"), "U+0000"),
        (Notification(new_smart_uri="\x0b"), places.field("new_smart_uri"), "U+000B"),
        (
            Notification(interested_parties=(Party("x", "\x1f"),)),
            places.party(1, "device"),
            "U+001F",
        ),
    ],
)
def test_xml_refuses_characters_it_cannot_carry(
    notification: Notification, field: places.Place, char: str
) -> None:
    with pytest.raises(InputError) as raised:
        expand(XML_TEMPLATE, "application/xml", notification)
    assert raised.value.problem.where == field
    assert char in raised.value.problem.message


def test_unsupported_content_type_is_an_error_naming_the_two() -> None:
    with pytest.raises(InputError) as raised:
        expand(JSON_TEMPLATE, "text/plain", Notification())
    assert "application/json" in str(raised.value) and "application/xml" in str(raised.value)


def test_lone_surrogate_is_an_error_naming_the_field() -> None:
    with pytest.raises(InputError) as raised:
        expand(JSON_TEMPLATE, "application/json", Notification(new_smart_uri="\udc80"))
    assert raised.value.problem.where == places.field("new_smart_uri")


def test_unknown_placeholders_stay_as_written_and_are_reported() -> None:
    template = '{"a": "%foo%", "b": "%newSmartNumber%", "c": "50% off", "n": "%network_id%"}'
    body = expand(template, "application/json", Notification(network_id="x")).body
    assert json.loads(body) == {"a": "%foo%", "b": "%newSmartNumber%", "c": "50% off", "n": "x"}
    warnings = [p for p in lint(template, "application/json") if "not a parameter" in p.message]
    assert [(p.line, p.column) for p in warnings] == [(1, 8), (1, 22)]
    assert "did you mean %new_smart_number%" in warnings[1].message


def test_lint_unused_parameters_and_alternative_spelling() -> None:
    template = '{"n": "%new_smart_number%", "p": %interested_parties%}'
    messages = [p.message for p in lint(template, "application/json")]
    assert any("never uses %network_id%" in m for m in messages)
    assert any("never uses %new_smart_uri%" in m for m in messages)
    assert not any("never uses %interestedParties%" in m for m in messages)
    assert any("not the documented spelling" in m for m in messages)
    body = expand(template, "application/json", Notification(interested_parties=DOCS_PARTIES))
    assert json.loads(body.body)["p"][0]["username"] == "eric"


def test_lint_scalar_outside_json_string() -> None:
    problems = lint('{"n": %new_smart_number%}', "application/json")
    outside = [p for p in problems if "outside a JSON string" in p.message]
    assert [(p.line, p.column) for p in outside] == [(1, 7)]
    # In XML a scalar stands in element text: nothing to say about where it stands.
    xml = "<r>\n<n>%new_smart_number%</n>\n  %network_id% %new_smart_uri% %interestedParties%\n</r>"
    assert lint(xml, "application/xml") == []


def test_lint_lists_the_first_hundred_placeholder_warnings_and_counts_the_rest() -> None:
    template = '"%new_smart_number%"\n' + "%ab%\n" * 250 + "%network_id%\n" * 3
    problems = lint(template, "application/json")
    listed = [p for p in problems if p.line]
    assert len(listed) == 100
    assert [(p.line, p.column) for p in listed[:2]] == [(2, 1), (3, 1)]
    assert (listed[-1].line, listed[-1].column) == (101, 1)
    assert listed[-1].message == ("%ab% is not a parameter of this webhook and is sent as written")
    assert str(problems[100]) == (
        "template: warning: only the first 100 placeholder warnings are listed; "
        "153 more placeholders after them were not checked"
    )
    assert [p.message for p in problems[101:]] == [
        "never uses %new_smart_uri%",
        "never uses %interestedParties%",
    ]


def test_lint_suggests_a_known_name() -> None:
    [problem] = [
        p
        for p in lint("%network%\n%newsmartnumber%\n%" + "x" * 90 + "%", "application/json")
        if p.line == 1
    ]
    assert problem.message.endswith("(did you mean %network_id%?)")
    hints = [p.message for p in lint("%newSmartNumber% %" + "x" * 90 + "%", "application/json")]
    assert (
        "%newSmartNumber% is not a parameter of this webhook and is sent as written "
        "(did you mean %new_smart_number%?)" in hints
    )
    assert f"%{'x' * 90}% is not a parameter of this webhook and is sent as written" in hints


def test_lint_url_placeholders() -> None:
    problems = lint(JSON_TEMPLATE, "application/json", "https://x.test/%network_id%")
    assert [(str(p.where), p.column) for p in problems] == [("url", 16)]


def test_documented_templates_lint_clean() -> None:
    assert lint(JSON_TEMPLATE, "application/json") == []
    assert lint(XML_TEMPLATE, "application/xml") == []


def test_quoted_form_is_json_only() -> None:
    [placeholder] = [p for p in find_placeholders(JSON_TEMPLATE) if p.name == "interestedParties"]
    assert placeholder.quoted
    xml_quoted = '<a>"%interestedParties%"</a>'
    assert not find_placeholders(xml_quoted, "application/xml")[0].quoted


def test_body_check_maps_a_json_error_into_the_template() -> None:
    template = '{\n  "n": "%new_smart_number%",\n  "p": %interestedParties%,\n}\n'
    expansion = expand(template, "application/json", Notification(interested_parties=DOCS_PARTIES))
    problem = check_body(expansion)
    assert problem is not None and str(problem.where) == "body"
    assert "not valid JSON" in problem.message
    # The trailing comma stands after the inserted array: body line 13, template line 4.
    assert (problem.template_line, problem.template_column) == (4, 1)
    assert expansion.body.splitlines()[problem.line - 1][problem.column - 1] == "}"


def test_body_check_xml_position_and_dtd_refusal() -> None:
    problem = check_body(
        expand("<a>\n  <b>%network_id%</c>\n</a>", "application/xml", Notification())
    )
    assert problem is not None and (problem.line, problem.template_line) == (2, 2)
    dtd = '<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>'
    refused = check_body(expand(dtd, "application/xml", Notification()))
    assert refused is not None and "DTD" in refused.message


def test_body_check_refuses_nan_which_json_has_not() -> None:
    problem = check_body(expand('{"n": NaN}', "application/json", Notification()))
    assert problem is not None and "NaN is not a JSON value" in problem.message


def test_body_check_passes_a_good_body() -> None:
    note = Notification("1", "2", "3", DOCS_PARTIES)
    assert check_body(expand(JSON_TEMPLATE, "application/json", note)) is None
    assert check_body(expand(XML_TEMPLATE, "application/xml", note)) is None


# -- property-based: for any values, expanding then parsing gives them back ---------------

any_text = st.text()
xml_text = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters=[chr(c) for c in [*range(0, 9), 11, 12, *range(14, 32)]]
        + ["\ufffe", "\uffff"],
    )
)
parties = st.lists(st.tuples(any_text, any_text).map(lambda pair: Party(*pair)), max_size=5)
xml_parties = st.lists(st.tuples(xml_text, xml_text).map(lambda pair: Party(*pair)), max_size=5)


@pytest.mark.slow
@given(any_text, any_text, any_text, parties, st.sampled_from([JSON_TEMPLATE, JSON_BARE]))
def test_json_round_trip(
    number: str, network: str, uri: str, party_list: list[Party], template: str
) -> None:
    note = Notification(number, network, uri, tuple(party_list))
    expansion = expand(template, "application/json", note)
    assert check_body(expansion) is None
    parsed = json.loads(expansion.body.encode("utf-8"))
    assert (parsed["newSmartNumber"], parsed["networkId"], parsed["newSmartUri"]) == (
        number,
        network,
        uri,
    )
    assert [Party(**p) for p in parsed["interestedParties"]] == party_list


@given(xml_text, xml_text, xml_text, xml_parties)
def test_xml_round_trip(number: str, network: str, uri: str, party_list: list[Party]) -> None:
    note = Notification(number, network, uri, tuple(party_list))
    expansion = expand(XML_TEMPLATE, "application/xml", note)
    assert check_body(expansion) is None
    values = xml_values(expansion.body)
    assert (values["number"] or "", values["network"] or "", values["uri"] or "") == (
        number,
        network,
        uri,
    )
    assert [(u or "", d or "") for u, d in values["parties"]] == list(party_list)


@given(xml_text)
def test_xml_values_survive_in_attributes(value: str) -> None:
    expansion = expand(
        '<a uri="%new_smart_uri%"/>', "application/xml", Notification(new_smart_uri=value)
    )
    assert ET.fromstring(expansion.body).get("uri") == value


# Exact forms, written against the survivors of `make mutate` (issue 12).

ONE_PARTY = Notification("1", "2", "3", (Party("u", "d"),))


@pytest.mark.parametrize(
    ("template", "body"),
    [
        # The indent is the one of the placeholder's own line, not of a line before it.
        (
            '{\n "n": "%new_smart_number%",\n   "p": %interestedParties%\n}',
            '{\n "n": "1",\n   "p": [\n       {\n           "username": "u",\n'
            '           "device": "d"\n       }\n   ]\n}',
        ),
        # On the second line, after a newline that is the template's first character.
        (
            "\n  %interestedParties%",
            '\n  [\n      {\n          "username": "u",\n          "device": "d"\n      }\n  ]',
        ),
        # The quoted form replaces its two quotes and nothing more.
        (
            '{"p": "%interestedParties%", "n": 1}',
            '{"p": [\n    {\n        "username": "u",\n        "device": "d"\n    }\n], "n": 1}',
        ),
    ],
)
def test_the_json_party_list_lines_up_with_its_line(template: str, body: str) -> None:
    assert expand(template, "application/json", ONE_PARTY).body == body


def test_the_xml_party_list_lines_up_with_its_line_tabs_included() -> None:
    template = "<a>\n <n>%new_smart_number%</n>\n\t<p>%interestedParties%</p></a>"
    assert expand(template, "application/xml", ONE_PARTY).body == (
        "<a>\n <n>1</n>\n\t<p>\n\t    <list>\n\t        <party>\n"
        "\t            <username>u</username>\n\t            <device>d</device>\n"
        "\t        </party>\n\t    </list>\n\t</p></a>"
    )


def test_a_placeholder_right_after_a_closing_quote_stands_outside_the_string() -> None:
    outside = [
        str(p) for p in lint('{"n"%new_smart_number%: 1, "m": "%network_id%"}', "application/json")
    ]
    assert outside == [
        "template:1:5: warning: %new_smart_number% stands outside a JSON string: its value is"
        ' inserted as the inside of a string, so quote it: "%new_smart_number%"',
        "template: warning: never uses %new_smart_uri%",
        "template: warning: never uses %interestedParties%",
    ]


@pytest.mark.parametrize(("content_type", "shown"), [("", "(empty)"), ("text/plain", "text/plain")])
def test_an_unsupported_content_type_is_named_as_given(content_type: str, shown: str) -> None:
    with pytest.raises(InputError) as raised:
        expand("x", content_type, ONE_PARTY)
    assert str(raised.value) == (
        f"content type: error: {shown} is not supported: use application/json or application/xml"
    )


def test_body_offsets_map_back_into_template_text_only() -> None:
    template = '{"n": "%new_smart_number%", "m": 7}'
    expansion = expand(template, "application/json", Notification("12345"))
    assert expansion.body == '{"n": "12345", "m": 7}'
    mapped = [expansion.template_offset(at) for at in range(len(expansion.body) + 1)]
    # The literal text before the value, the value itself (no template text), the rest.
    assert mapped == [*range(7), *[None] * 5, *range(25, 35), None]


def test_only_the_first_hundred_placeholders_in_the_url_are_warned_about() -> None:
    url = "http://x.test/" + "%a%/" * 101
    warnings = [str(p) for p in lint("<a/>", "application/xml", url) if p.where.kind == "url"]
    assert len(warnings) == 100
    assert warnings[-1] == (
        "url:1:411: warning: %a% is not expanded in the URL: Cloud Softphone calls it as written"
    )
