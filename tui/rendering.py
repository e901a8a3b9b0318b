"""One preset made into what the preview shows: the body's lines and every problem found.

Pure (no Textual), so that it can run in a thread worker for large bodies.
"""

from typing import NamedTuple

from ..core.body_check import check_body
from ..core.preset import Preset
from ..core.problems import InputError, Problem
from ..core.request import check_url
from ..core.template import Expansion, expand, lint

#: Above this many characters of template or party data, rendering leaves the UI thread.
LARGE = 20_000


class Rendering(NamedTuple):
    """The expanded body split into lines, and the problems: errors first."""

    preset: Preset
    expansion: Expansion | None
    lines: tuple[str, ...]
    width: int
    problems: tuple[Problem, ...]
    #: The body check's failure, if the body does not parse.
    body_problem: Problem | None


def is_large(preset: Preset) -> bool:
    """Whether rendering this preset may take long enough to freeze the screen."""
    parties = preset.notification.interested_parties
    return len(preset.template) > LARGE or len(parties) * 24 > LARGE


def render(preset: Preset) -> Rendering:
    """Expand, check and lint a preset; bad input becomes a problem, never an exception."""
    problems: list[Problem] = []
    try:
        check_url(preset.url)
    except InputError as exc:
        problems.append(exc.problem)
    expansion: Expansion | None = None
    body_problem = None
    try:
        expansion = expand(preset.template, preset.content_type, preset.notification)
    except InputError as exc:
        problems.append(exc.problem)
    else:
        body_problem = check_body(expansion)
        if body_problem:
            problems.append(body_problem)
    if expansion is not None or not any(p.where == "content type" for p in problems):
        problems += lint(preset.template, preset.content_type, preset.url)
    problems.sort(key=lambda problem: not problem.is_error)
    lines = tuple(expansion.body.split("\n")) if expansion else ()
    width = max(map(len, lines), default=0)
    return Rendering(preset, expansion, lines, width, tuple(problems), body_problem)
