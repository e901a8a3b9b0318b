"""Core under attack (#7): any text through the pipeline, the URL check, the preset file and
the descriptions of a send is a value or a problem, never an exception, and nothing in a
description can act on a terminal."""

import subprocess
from pathlib import Path

import pytest
from hostile import hostile_text, nested, raw_control_in, storable_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smarthook.core import preset as presets
from smarthook.core.describe import describe_outcome
from smarthook.core.draft import make_draft
from smarthook.core.notification import Notification, Party
from smarthook.core.preset import Preset
from smarthook.core.problems import InputError
from smarthook.core.request import build, check_url, shell_bytes
from smarthook.core.send import Outcome
from smarthook.core.verdict import judge
from smarthook.core.webhook import CONTENT_TYPES


def as_bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


content_types = st.one_of(st.sampled_from(CONTENT_TYPES), hostile_text)
notifications = st.builds(
    Notification,
    hostile_text,
    hostile_text,
    hostile_text,
    st.lists(st.builds(Party, hostile_text, hostile_text), max_size=4).map(tuple),
)
templates = st.one_of(
    hostile_text,
    st.sampled_from(
        [
            '{"n": "%new_smart_number%", "p": %interestedParties%, "x": "%network_id%"}',
            "<r><n>%new_smart_number%</n>%interestedParties%<u>%new_smart_uri%</u></r>",
        ]
    ),
    st.builds(lambda a, b: a + '"%new_smart_number%"' + b, hostile_text, hostile_text),
)


@pytest.mark.slow
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    url=st.one_of(hostile_text, hostile_text.map(lambda t: "http://" + t)),
    content_type=content_types,
    template=templates,
    notification=notifications,
)
def test_the_pipeline_never_raises(
    url: str, content_type: str, template: str, notification: Notification
) -> None:
    draft = make_draft(Preset(url, content_type, template, notification))
    assert draft.request is not None or draft.blocker is not None
    for problem in draft.problems:
        assert isinstance(str(problem), str)


@pytest.mark.parametrize("content_type", CONTENT_TYPES)
@pytest.mark.parametrize("depth", [600, 5_000, 100_000])
def test_deep_nesting_is_a_problem_not_an_exception(content_type: str, depth: int) -> None:
    draft = make_draft(Preset("http://x.test/", content_type, nested(depth, content_type)))
    assert draft.request is not None  # the body check may fail; the request is still built
    if draft.body_problem is not None:
        assert draft.body_problem.is_error


@pytest.mark.slow
@settings(max_examples=500)
@given(url=st.one_of(hostile_text, hostile_text.map(lambda t: "http://" + t),
                     hostile_text.map(lambda t: "https://[" + t)))  # fmt: skip
def test_check_url_says_what_is_wrong_or_passes(url: str) -> None:
    try:
        check_url(url)
    except InputError as exc:
        assert str(exc.problem.where) == "url"
        assert raw_control_in(exc.problem.message) == []


@pytest.mark.slow
@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    url=storable_text,
    template=storable_text,
    values=st.lists(storable_text, min_size=5, max_size=5),
    name=storable_text,
)
def test_a_preset_survives_save_and_load(
    url: str, template: str, values: list[str], name: str, tmp_path: Path
) -> None:
    number, network, uri, username, device = values
    preset = Preset(
        url, "application/xml", template,
        Notification(number, network, uri, (Party(username, device),)),
        name=name, user_agent="UA", timeout=2.5,
    )  # fmt: skip
    path = str(tmp_path / "round.toml")
    presets.save(preset, path, overwrite=True)
    assert presets.load(path) == preset


def test_a_value_utf8_cannot_carry_is_refused_on_save(tmp_path: Path) -> None:
    preset = Preset(notification=Notification("a\udcffb"))
    with pytest.raises(InputError) as raised:
        presets.save(preset, str(tmp_path / "p.toml"))
    assert str(raised.value.problem).endswith(
        "error: cannot save: a value holds U+DCFF, a lone surrogate UTF-8 cannot carry"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
@settings(max_examples=300)
@given(
    reason=hostile_text,
    headers=st.lists(st.tuples(hostile_text, hostile_text), max_size=4),
    body=st.one_of(st.binary(max_size=200), hostile_text.map(as_bytes)),
    status=st.sampled_from([200, 204, 302, 500]),
)  # fmt: skip
def test_a_description_of_any_answer_holds_no_raw_control(
    reason: str, headers: list[tuple[str, str]], body: bytes, status: int
) -> None:
    request = build("http://127.0.0.1:1/x", "application/json", "{}", "UA")
    location = dict(headers).get("Location")
    outcome = Outcome(
        request, judge(status, len(body), location), status, reason, "HTTP/1.1",
        tuple(headers), body,
    )  # fmt: skip
    assert raw_control_in(describe_outcome(outcome)) == []


@settings(max_examples=40, deadline=None)
@given(body=st.one_of(st.binary(max_size=300), hostile_text.map(as_bytes)))
def test_the_curl_body_prints_exactly_any_bytes(body: bytes) -> None:
    printf = shell_bytes(body)
    assert raw_control_in(printf.replace("\n", "")) == []
    done = subprocess.run(["sh", "-c", f"printf -- {printf}"], capture_output=True, timeout=30)
    assert (done.returncode, done.stdout) == (0, body)
