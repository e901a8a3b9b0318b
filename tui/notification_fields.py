"""The notification's three fields: new smart number, network id, new smart URI."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Grid
from textual.widgets import Input, Static

from ..core.webhook import FIELD_LABELS, SCALAR_PARAMETERS
from .steady_input import SteadyInput


class NotificationFields(Grid):
    """The labels in one column, an input a field beside them (a grid: no container per
    column, one widget fewer to mount before the first frame); the inputs' ids are the
    parameter names."""

    def __init__(self, values: dict[str, str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._values = values
        self.border_title = "Notification"

    def compose(self) -> ComposeResult:
        yield Static("\n".join(FIELD_LABELS[name] for name in SCALAR_PARAMETERS))
        for name in SCALAR_PARAMETERS:
            # No select-on-focus: a stray key must not replace the whole value.
            yield SteadyInput(self._values[name], id=name, select_on_focus=False)

    @property
    def values(self) -> dict[str, str]:
        """The fields' values by parameter name."""
        return {name: self.query_one(f"#{name}", Input).value for name in SCALAR_PARAMETERS}

    def load(self, values: dict[str, str]) -> None:
        for name, value in values.items():
            self.query_one(f"#{name}", Input).value = value
