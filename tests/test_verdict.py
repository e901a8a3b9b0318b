"""The verdict over every kind of status: only 204 counts (issue 12)."""

import pytest

from smarthook.core.verdict import (
    EXIT_BAD_INPUT,
    EXIT_IGNORED,
    EXIT_NO_ANSWER,
    EXIT_OK,
    judge,
    transport_failure,
)


def test_exit_statuses_are_the_documented_numbers() -> None:
    assert (EXIT_OK, EXIT_IGNORED, EXIT_BAD_INPUT, EXIT_NO_ANSWER) == (0, 1, 2, 3)


def test_204_is_accepted() -> None:
    verdict = judge(204, 0)
    assert verdict.kind == "accepted"
    assert verdict.summary == "accepted: Cloud Softphone counts the notification as delivered"
    assert verdict.warnings == ()
    assert verdict.exit_status == 0


def test_204_with_a_declared_body_is_accepted_with_a_warning() -> None:
    verdict = judge(204, 12)
    assert verdict.kind == "accepted"
    assert verdict.warnings == ("a 204 carries no content, but this one declares 12 bytes",)
    assert verdict.exit_status == 0


@pytest.mark.parametrize("status", [201, 202, 203, 205, 206, 207, 226, 299])
def test_other_success_statuses_are_ignored(status: int) -> None:
    verdict = judge(status, 0)
    assert verdict.kind == "ignored"
    assert verdict.summary == (
        f"ignored: Cloud Softphone only counts 204 and silently drops a {status}"
    )
    assert verdict.warnings == ()
    assert verdict.exit_status == 1


def test_200_is_ignored_with_a_hint_to_answer_204() -> None:
    verdict = judge(200, 5)
    assert verdict.kind == "ignored"
    assert verdict.summary == (
        "ignored: Cloud Softphone only counts 204 and silently drops a 200"
        " (answer 204 No Content instead of 200)"
    )
    assert verdict.exit_status == 1


@pytest.mark.parametrize("status", [300, 301, 302, 303, 307, 308, 399])
def test_redirects_are_ignored_and_name_the_target(status: int) -> None:
    verdict = judge(status, 0, "https://example.test/final")
    assert verdict.kind == "ignored"
    assert verdict.summary == (
        f"ignored: Cloud Softphone only counts 204 and silently drops a {status}"
        " (redirects to https://example.test/final are not followed:"
        " point the URL at the final address)"
    )
    assert verdict.exit_status == 1


def test_a_redirect_without_location_names_no_target() -> None:
    verdict = judge(302, 0)
    assert verdict.summary == (
        "ignored: Cloud Softphone only counts 204 and silently drops a 302"
        " (redirects are not followed: point the URL at the final address)"
    )


@pytest.mark.parametrize("status", [100, 199, 299, 400, 401, 404, 413, 429, 500, 502, 503, 599])
def test_client_and_server_errors_are_ignored_without_a_hint(status: int) -> None:
    verdict = judge(status, 0, "https://example.test/elsewhere")
    assert verdict.kind == "ignored"
    assert verdict.summary == (
        f"ignored: Cloud Softphone only counts 204 and silently drops a {status}"
    )
    assert verdict.exit_status == 1


def test_no_answer_is_a_failure() -> None:
    verdict = transport_failure("timeout", "no complete answer within 2 s")
    assert verdict.kind == "failed"
    assert verdict.summary == "no answer (timeout): no complete answer within 2 s"
    assert verdict.warnings == ()
    assert verdict.exit_status == 3
