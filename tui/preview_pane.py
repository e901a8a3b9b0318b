"""The live preview: the expanded body and, beneath it, the warnings and errors."""

import threading
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..core.preset import Preset
from ..core.problems import Problem
from .body_preview import BodyPreview
from .rendering import Rendering, is_large, render


def problem_label(problem: Problem) -> Content:
    """One line of the problem list: a mark, where, what, and the template's place."""
    mark, style = ("✘", "bold $error") if problem.is_error else ("⚠", "bold $warning")
    text = f"{problem.location()}: {problem.message}"
    if problem.template_line:
        text += f" (template {problem.template_line}:{problem.template_column})"
    return Content.assemble((mark, style), " ", text)


_NO_PROBLEMS = Content.assemble(("✔", "bold $success"), " no problems: the body parses")


class PreviewPane(Vertical):
    """Renders the current preset on every edit: small ones at once, large ones in a thread."""

    @dataclass
    class ProblemChosen(Message):
        """The user picked a problem: the screen moves the cursor to its place."""

        problem: Problem

    @dataclass
    class Rendered(Message):
        """A new rendering is on screen."""

        rendering: Rendering

    def __init__(self, **kwargs: str) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.rendering: Rendering | None = None
        self._problems: tuple[Problem, ...] | None = None
        self._lock = threading.Lock()
        self._pending: tuple[int, Preset] | None = None
        self._generation = 0
        self._busy = False

    def compose(self) -> ComposeResult:
        preview = BodyPreview(id="body-preview")
        preview.border_title = "Preview"
        yield preview
        problems = OptionList(id="problems")
        problems.border_title = "Problems"
        yield problems

    def update_from(self, preset: Preset) -> None:
        """Show what this preset expands to, now or as soon as a worker has it."""
        large, start = is_large(preset), False
        with self._lock:
            self._generation += 1
            self._pending = (self._generation, preset) if large else None
            if large:
                start, self._busy = not self._busy, True
        if not large:
            self._show(render(preset))
        elif start:
            self.run_worker(self._render_in_thread, thread=True, group="render")

    def _render_in_thread(self) -> None:
        # Renders only the newest edit: those made while it worked are coalesced.
        while True:
            with self._lock:
                pending, self._pending = self._pending, None
                if pending is None:
                    self._busy = False
                    return
            generation, preset = pending
            rendering = render(preset)
            try:
                self.app.call_from_thread(self._show_if_current, generation, rendering)
            except RuntimeError:  # the app is closing
                return

    def _show_if_current(self, generation: int, rendering: Rendering) -> None:
        if generation == self._generation:
            self._show(rendering)

    def _show(self, rendering: Rendering) -> None:
        self.rendering = rendering
        content_type = rendering.preset.content_type
        self.query_one(BodyPreview).show(rendering.lines, rendering.width, content_type)
        if rendering.problems != self._problems:
            self._problems = rendering.problems
            problems = self.query_one("#problems", OptionList)
            problems.set_options(Option(problem_label(problem)) for problem in self._problems)
            if not self._problems:
                problems.add_option(Option(_NO_PROBLEMS, disabled=True))
            problems.border_subtitle = _count(self._problems) if self._problems else ""
            problems.set_class(not self._problems, "-empty")
        self.post_message(self.Rendered(rendering))

    @on(OptionList.OptionSelected, "#problems")
    def _choose(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self._problems:
            self.post_message(self.ProblemChosen(self._problems[event.option_index]))


def _count(problems: tuple[Problem, ...]) -> str:
    errors = sum(problem.is_error for problem in problems)
    warnings = len(problems) - errors
    parts = [f"{errors} error{'s' * (errors != 1)}"] if errors else []
    parts += [f"{warnings} warning{'s' * (warnings != 1)}"] if warnings else []
    return ", ".join(parts) or "none"
