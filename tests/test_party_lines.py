import pytest

from smarthook.core.notification import Party
from smarthook.core.party_lines import parse_party_lines, read_party_lines
from smarthook.core.problems import InputError


def test_tabs_and_commas_one_party_a_line() -> None:
    text = "eric\terics_iphone\n\n madelaine , madelaines_android \r\n"
    assert parse_party_lines(text) == [
        Party("eric", "erics_iphone"),
        Party("madelaine", "madelaines_android"),
    ]


def test_a_tab_wins_over_a_comma_in_the_device() -> None:
    assert parse_party_lines("eric\tphone, work") == [Party("eric", "phone, work")]


def test_empty_text_is_no_parties() -> None:
    assert parse_party_lines("  \n") == []


@pytest.mark.parametrize("line", ["eric", "eric,", ",phone", "\tphone"])
def test_a_line_without_both_values_names_its_line(line: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_party_lines(f"a,b\n{line}")
    assert caught.value.problem.line == 2
    assert str(caught.value.problem.where) == "interested parties"


@pytest.mark.parametrize(
    ("line", "which"), [("x\ty\tz", "more than one tab"), ("a, b ,c", "more than one comma")]
)
def test_a_line_with_more_than_one_separator_is_a_problem(line: str, which: str) -> None:
    parties, problems = read_party_lines(f"ann,phone\n{line}\nbob\tdesk")
    assert parties == [Party("ann", "phone"), Party("bob", "desk")]
    assert [(problem.severity, problem.line) for problem in problems] == [("error", 2)]
    assert which in problems[0].message


def test_a_hostile_line_is_quoted_safely() -> None:
    _, problems = read_party_lines("\x1b[31mred\u202e")
    assert "\x1b" not in problems[0].message and "\u202e" not in problems[0].message
