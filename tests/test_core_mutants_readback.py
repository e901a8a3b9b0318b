"""Exact read-back results and messages, through ``read_back`` and ``ReadBack.summary``.

Written against the survivors of ``make mutate`` (issue 12); also pins the lint's
"did you mean" hints.
"""

import pytest

from smarthook.core.notification import Notification, Party
from smarthook.core.problems import InputError
from smarthook.core.readback import ReadBack, read_back
from smarthook.core.template import lint
from smarthook.core.webhook import JSON, XML

ALL = ("new_smart_number", "network_id", "new_smart_uri", "interested_parties")


def test_summary_of_every_field() -> None:
    note = Notification("1", "2", "3", (Party("u", "d"),))
    assert ReadBack(note, ALL).summary() == 'number "1", network "2", URI "3", 1 party'
    two = note._replace(interested_parties=(Party("u", "d"),) * 2)
    assert ReadBack(two, ALL).summary() == 'number "1", network "2", URI "3", 2 parties'
    assert ReadBack(note, ("network_id",)).summary() == 'network "2"'
    assert ReadBack(note, ()).summary() == "the template carries no parameter"


def test_summary_cuts_long_values_and_keeps_unicode() -> None:
    fits = "x" * 58  # 60 characters with its quotes
    assert ReadBack(Notification(fits), ALL[:1]).summary() == f'number "{fits}"'
    cut = "y" * 59
    assert ReadBack(Notification(cut), ALL[:1]).summary() == 'number "' + "y" * 57 + '…"'
    assert ReadBack(Notification("é\n"), ALL[:1]).summary() == 'number "é\\n"'


JSON_TEMPLATE = (
    '{"n": "%new_smart_number%", "id": "%network_id%", "uri": "%new_smart_uri%",'
    ' "p": %interestedParties%, "k": {"a": 1}}'
)
JSON_BODY = '{"n": "1", "id": "2", "uri": "3", "p": [{"username":"u","device":"d"}], "k": {"a": 1}}'


def test_json_read_back() -> None:
    found = read_back(JSON_TEMPLATE, JSON, JSON_BODY)
    assert found == ReadBack(Notification("1", "2", "3", (Party("u", "d"),)), ALL)


@pytest.mark.parametrize(
    ("instead", "message"),
    [
        ("true", "expected an object, found the bare value true"),
        ("null", "expected an object, found the bare value null"),
        ("[1, 2]", "expected an object, found an array of 2 items"),
        ("[1]", "expected an object, found an array of 1 item"),
        ('"s"', 'expected an object, found the string "s"'),
        ('"é"', 'expected an object, found the string "é"'),
        ("7.50", "expected an object, found the bare value 7.50"),
    ],
)
def test_json_mismatches_say_what_was_found(instead: str, message: str) -> None:
    with pytest.raises(InputError) as raised:
        read_back(JSON_TEMPLATE, JSON, JSON_BODY.replace('{"a": 1}', instead))
    problem = raised.value.problem
    assert problem.message == message
    assert (problem.line, problem.column) == (1, 78)
    assert (problem.template_line, problem.template_column) == (1, 108)
    assert str(problem.where) == "body"
    assert problem.severity == "error"


def test_json_mismatch_inside_an_object() -> None:
    with pytest.raises(InputError) as raised:
        read_back(JSON_TEMPLATE, JSON, JSON_BODY.replace('{"a": 1}', '{"a": 2}'))
    assert str(raised.value) == (
        'body:1:84: error: expected "1", found "2" (template line 1, column 114)'
    )


def test_json_mismatch_across_lines() -> None:
    body = JSON_BODY.replace('"k": {"a": 1}', '\n  "k": {\n    "a": 3}')
    with pytest.raises(InputError) as raised:
        read_back(JSON_TEMPLATE, JSON, body)
    problem = raised.value.problem
    assert (problem.line, problem.column) == (3, 10)


def test_a_party_of_the_wrong_kind_is_named() -> None:
    with pytest.raises(InputError) as raised:
        read_back(JSON_TEMPLATE, JSON, JSON_BODY.replace('"device":"d"', '"device":5'))
    assert str(raised.value) == (
        "body:1:66: error: party 1: device must be a string, found the bare value 5"
    )


XML_TEMPLATE = "<a><n>%new_smart_number%</n><b>x</b>%interestedParties%</a>"
XML_PARTY = "<list><party><username>u</username><device>d</device></party></list>"


def test_xml_read_back() -> None:
    found = read_back(XML_TEMPLATE, XML, f"<a><n>1</n><b>x</b>{XML_PARTY}</a>")
    assert found.summary() == 'number "1", 1 party'
    assert found.notification.interested_parties == (Party("u", "d"),)


@pytest.mark.parametrize(
    ("body", "text"),
    [
        (
            "<a><n>1</n><c>x</c><list></list></a>",
            "body:1:12: error: expected <b>, found <c> (template line 1, column 29)",
        ),
        (
            "<a>\n  <n>1</n>\n  <b>y</b><list></list></a>",
            'body:3:3: error: <b> text: expected "x", found "y" (template line 1, column 29)',
        ),
        (
            "<a>\n<n>1</n>\n\n    <c>x</c><list></list></a>",
            "body:4:5: error: expected <b>, found <c> (template line 1, column 29)",
        ),
        (
            "<a><n>1</n></a>",
            "body:1:1: error: <a> should hold 3 elements (<n>, <b>, <list>), found 1"
            " (template line 1, column 1)",
        ),
    ],
)
def test_xml_mismatches_are_placed(body: str, text: str) -> None:
    with pytest.raises(InputError) as raised:
        read_back(XML_TEMPLATE, XML, body)
    assert str(raised.value) == text


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        ("NewSmartNumber", " (did you mean %new_smart_number%?)"),
        ("NETWORK_ID", " (did you mean %network_id%?)"),
        ("new_smart_numbr", " (did you mean %new_smart_number%?)"),
        ("network_idd", " (did you mean %network_id%?)"),
        ("interestedparties", " (did you mean %interestedParties%?)"),
        ("new_smart_xx", " (did you mean %new_smart_uri%?)"),
        ("N_E_W_S_M_A_R_T_N_U_M_B_E_R", " (did you mean %new_smart_number%?)"),
        ("netid", ""),
        ("interested", ""),
        ("zzz", ""),
    ],
)
def test_unknown_placeholders_get_a_hint(name: str, hint: str) -> None:
    messages = [problem.message for problem in lint(f"<a>%{name}%</a>", XML)]
    assert f"%{name}% is not a parameter of this webhook and is sent as written{hint}" in messages


ARRAYS = '{"k": [1, 2, 3], "n": "%new_smart_number%", "o": [{"a": 1}, {"a": 2}]}'


@pytest.mark.parametrize(
    ("body", "text"),
    [
        (
            '{"k": [1, 2, 4], "n": "x", "o": [{"a": 1}, {"a": 2}]}',
            'body:1:14: error: expected "3", found "4" (template line 1, column 14)',
        ),
        (
            '{"k": [1, 2, 3], "n": "x", "o": [{"a": 1}, {"a": 5}]}',
            'body:1:50: error: expected "2", found "5" (template line 1, column 67)',
        ),
        (
            '{"k": [1, 2, 3], "n": "x", "o": [{"a": 1}, {"a": {"z": 1}}]}',
            "body:1:50: error: expected a bare value like 2, found an object"
            " (template line 1, column 67)",
        ),
        (
            '{"k": [ 1 ,  7, 3], "n": "x", "o": [{"a": 1}, {"a": 2}]}',
            'body:1:14: error: expected "2", found "7" (template line 1, column 11)',
        ),
    ],
)
def test_json_mismatches_inside_arrays_are_placed(body: str, text: str) -> None:
    with pytest.raises(InputError) as raised:
        read_back(ARRAYS, JSON, body)
    assert str(raised.value) == text


@pytest.mark.parametrize(
    ("template", "content_type", "column"),
    [('{"p": "%interested_parties%"}', JSON, 8), ('<a>"%interested_parties%"</a>', XML, 5)],
)
def test_the_parameter_spelling_warning_is_placed(
    template: str, content_type: str, column: int
) -> None:
    (warning,) = [p for p in lint(template, content_type) if "spelling" in p.message]
    assert str(warning) == (
        f"template:1:{column}: warning: %interested_parties% is not the documented spelling:"
        " the documentation's templates use %interestedParties%, and Cloud Softphone's"
        " handling of this one is not documented"
    )


@pytest.mark.parametrize(
    ("url", "warned"),
    [
        ("http://x/a@b/c", False),
        ("http://x/?n=https://u@y/", False),
        ("http://u:p@x/", True),
        ("http://u@x", True),
    ],
)
def test_credentials_are_looked_for_in_the_host_part_only(url: str, warned: bool) -> None:
    warnings = [str(p) for p in lint("<a/>", XML, url) if p.where.kind == "url"]
    expected = (
        "url: warning: holds credentials (user@): smarthook sends only the six documented"
        " headers, so they are not sent; how Cloud Softphone treats them is not documented"
    )
    assert warnings == ([expected] if warned else [])


def test_a_placeholder_in_the_url_is_placed() -> None:
    (warning,) = [p for p in lint("<a/>", XML, "http://x/%network_id%/") if p.where.kind == "url"]
    assert str(warning) == (
        "url:1:10: warning: %network_id% is not expanded in the URL:"
        " Cloud Softphone calls it as written"
    )


def test_a_template_without_the_party_list_is_warned_about() -> None:
    warnings = lint('{"n": "%new_smart_number%"}', JSON)
    assert str(warnings[-1]) == "template: warning: never uses %interestedParties%"
