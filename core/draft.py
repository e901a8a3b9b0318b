"""The one pipeline every front end runs: a preset in; its expansion, its problems (errors
first) and the request out, or the error that stops the request.

The command line, the UI's preview and send, history replay and the endpoint check all go
through :func:`make_draft`, so that they agree on what is wrong and on what goes on the wire.
"""

from typing import NamedTuple

from .body_check import check_body
from .preset import Preset
from .problems import BODY, CONTENT_TYPE, InputError, Problem
from .request import WebhookRequest, build, check_timeout, check_url
from .template import Expansion, expand, lint

__all__ = ["Draft", "check_timeout", "is_large", "make_draft"]

#: Above this many characters of template or party data, a front end should draft off its
#: event loop (a thread), so that the screen never waits on it.
LARGE = 20_000


class Draft(NamedTuple):
    """A preset made ready to send: what it expands to, what is wrong, the request."""

    preset: Preset
    expansion: Expansion | None
    #: Every problem found, errors first.
    problems: tuple[Problem, ...]
    #: The body check's failure, if the body does not parse (a send can be forced past it).
    body_problem: Problem | None
    #: The request, when nothing but the body check stands in its way.
    request: WebhookRequest | None

    @property
    def blocker(self) -> Problem | None:
        """The first error that stops the request, or None when there is a request."""
        if self.request is not None:
            return None
        return next(p for p in self.problems if p.is_error and p is not self.body_problem)

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(problem for problem in self.problems if problem.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(problem for problem in self.problems if not problem.is_error)


def is_large(preset: Preset) -> bool:
    """Whether drafting this preset may take long enough to be felt on a screen."""
    parties = preset.notification.interested_parties
    return len(preset.template) > LARGE or len(parties) * 24 > LARGE


def make_draft(preset: Preset) -> Draft:
    """Expand, check, lint and build: bad input becomes a problem, never an exception."""
    problems: list[Problem] = []
    try:
        check_url(preset.url)
    except InputError as exc:
        problems.append(exc.problem)
    try:
        check_timeout(preset.timeout)
    except InputError as exc:
        problems.append(exc.problem)
    sendable = not problems
    expansion: Expansion | None = None
    body_problem = None
    try:
        expansion = expand(preset.template, preset.content_type, preset.notification)
    except InputError as exc:
        problems.append(exc.problem)
    else:
        try:
            body_problem = check_body(expansion)
        except RecursionError:  # the parser's own limit, far below what a body can hold
            body_problem = Problem("error", BODY, "nested too deeply to check")
        if body_problem:
            problems.append(body_problem)
    if expansion is not None or not any(p.where == CONTENT_TYPE for p in problems):
        problems += lint(preset.template, preset.content_type, preset.url)
    request = None
    if expansion is not None and sendable:
        try:
            request = build(preset.url, preset.content_type, expansion.body, preset.user_agent)
        except InputError as exc:
            problems.append(exc.problem)
    problems.sort(key=lambda problem: not problem.is_error)
    return Draft(preset, expansion, tuple(problems), body_problem, request)
