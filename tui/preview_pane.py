"""The live preview: the expanded body and, beneath it, the warnings and errors."""

import asyncio
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, get_current_worker

from ..core.draft import Draft, is_large, make_draft
from ..core.preset import Preset
from ..core.problems import Problem
from .body_preview import BodyPreview


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

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        #: The draft on screen.
        self.draft: Draft | None = None
        self._problems: tuple[Problem, ...] | None = None

    def compose(self) -> ComposeResult:
        preview = BodyPreview(id="body-preview")
        preview.border_title = "Preview"
        yield preview
        # Until the app mounts the problem list (mount_problem_list, after the first frame: an
        # OptionList is costly to style), the same box shows the same lines as text. -empty
        # from the start: most presets have no problems, and a class set later restyles it.
        yield _problem_box(Static(id="problems", classes="-empty"))

    async def mount_problem_list(self) -> None:
        """Put the problem list in place of its text (the app calls this once its first frame
        is up)."""
        stand_in = self.query_one("#problems", Static)
        with self.app.batch_update():  # one box on screen throughout: they share the id
            await stand_in.remove()
            await self.mount(_problem_box(OptionList(id="problems", classes="-empty")))
        self._list_problems()

    def update_from(self, preset: Preset) -> None:
        """Show what this preset expands to, now or as soon as a thread has it."""
        if is_large(preset):
            self._draft_in_thread(preset)
        else:
            self.workers.cancel_group(self, "draft")  # an older, larger edit must not land
            self._show(make_draft(preset))

    async def draft_of(self, preset: Preset) -> Draft:
        """The draft of ``preset``: the one on screen if it is that one, else a fresh one."""
        if self.draft is not None and self.draft.preset == preset:
            return self.draft
        return (
            await asyncio.to_thread(make_draft, preset) if is_large(preset) else make_draft(preset)
        )

    @work(exclusive=True, thread=True, group="draft")
    def _draft_in_thread(self, preset: Preset) -> None:
        # exclusive: each edit cancels the thread drafting the one before it.
        draft = make_draft(preset)
        worker = get_current_worker()
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, draft, worker)

    def _show(self, draft: Draft, worker: Worker[None] | None = None) -> None:
        if worker is not None and worker.is_cancelled:
            return  # a newer edit is on its way (cancelled on this thread, so no race)
        self.draft = draft
        body = draft.expansion.body if draft.expansion else ""
        lines = tuple(body.split("\n")) if body else ()
        width = max(map(len, lines), default=0)
        self.query_one(BodyPreview).show(lines, width, draft.preset.content_type)
        if draft.problems != self._problems:
            self._problems = draft.problems
            self._list_problems()

    def _list_problems(self) -> None:
        problems = self._problems
        if problems is None:
            return  # no draft yet (a large one is on its way): nothing to say
        box = self.query_one("#problems")
        labels = [problem_label(problem) for problem in problems]
        if isinstance(box, OptionList):
            box.set_options(Option(label) for label in labels)
            if not problems:
                box.add_option(Option(_NO_PROBLEMS, disabled=True))
        elif isinstance(box, Static):
            box.update(Content("\n").join(labels or [_NO_PROBLEMS]))
        box.border_subtitle = _count(problems) if problems else ""
        box.set_class(not problems, "-empty")

    @on(OptionList.OptionSelected, "#problems")
    def _choose(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self._problems:
            self.post_message(self.ProblemChosen(self._problems[event.option_index]))


def _problem_box(box: OptionList | Static) -> OptionList | Static:
    box.border_title = "Problems"
    return box


def _count(problems: tuple[Problem, ...]) -> str:
    errors = sum(problem.is_error for problem in problems)
    warnings = len(problems) - errors
    parts = [f"{errors} error{'s' * (errors != 1)}"] if errors else []
    parts += [f"{warnings} warning{'s' * (warnings != 1)}"] if warnings else []
    return ", ".join(parts) or "none"
