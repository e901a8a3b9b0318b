"""Secrets hidden for showing (SPEC §11): credentials and secret-looking query values."""

from hypothesis import given
from hypothesis import strategies as st

from smarthook.core.presenter import HIDDEN, SECRET_WORDS, hide_secrets, shown, without_credentials


def test_user_and_password_are_hidden() -> None:
    assert (
        hide_secrets("https://alice:hunter2@example.com/hook") == "https://•••:•••@example.com/hook"
    )
    assert hide_secrets("https://alice@example.com/") == "https://•••@example.com/"


def test_secret_query_values_are_hidden_whatever_the_case() -> None:
    url = "https://x.test/h?Token=a1&apiKey=b2&SIG=c3&password=d4&auth_code=e5&client_secret=f6&page=2"
    assert hide_secrets(url) == (
        "https://x.test/h?Token=•••&apiKey=•••&SIG=•••&password=•••&auth_code=•••"
        "&client_secret=•••&page=2"
    )


def test_a_request_line_and_a_log_line_are_hidden_too() -> None:
    wire = "POST /hook?token=abc HTTP/1.1\r\nHost: x\r\n\r\n{}"
    assert hide_secrets(wire) == "POST /hook?token=••• HTTP/1.1\r\nHost: x\r\n\r\n{}"
    assert hide_secrets("12:00  POST /h?sig=zz -> 204") == "12:00  POST /h?sig=••• -> 204"


def test_other_text_is_unchanged() -> None:
    for text in ("https://x.test/h?page=2&q=key", "sip:alice@pbx.test", '{"token": "x"}'):
        assert hide_secrets(text) == text


def test_credentials_are_never_shown_even_without_presenting() -> None:
    assert shown("http://a:b@x.test/?token=t", presenting=False) == "http://x.test/?token=t"
    assert (
        shown("http://a:b@x.test/?token=t", presenting=True) == "http://•••:•••@x.test/?token=•••"
    )
    assert without_credentials("http://a:b@x.test:81/p") == "http://x.test:81/p"


@given(st.sampled_from(SECRET_WORDS), st.text("abcXYZ09-_.~%", min_size=1, max_size=20))
def test_no_secret_value_survives(word: str, value: str) -> None:
    url = f"https://x.test/h?a=1&my{word.upper()}={value}&z=2"
    assert hide_secrets(url) == f"https://x.test/h?a=1&my{word.upper()}={HIDDEN}&z=2"
