"""The UI's exception boundary: a fault in one handler is said, never the end of the session.

Textual 8 has no public hook for an exception raised by a message handler or an action (the
app's ``_handle_exception`` is private, and it exits). Workers have one: ``exit_on_error=False``,
which the app's dialog flows use. For handlers, :func:`guarded` wraps the method: an
unexpected exception becomes an error notification, and the unsaved edits stay on screen.
"""

from __future__ import annotations

import functools
import inspect
import traceback
from collections.abc import Awaitable, Callable
from typing import Any, ParamSpec, TypeVar, cast

from textual.dom import DOMNode

P = ParamSpec("P")
R = TypeVar("R")


def _say(node: object, exc: Exception) -> None:
    if isinstance(node, DOMNode):
        node.log.error("".join(traceback.format_exception(exc)))
        node.app.notify(
            f"{type(exc).__name__}: {exc}. Your edits are still on screen: save them (ctrl+s).",
            title="Something went wrong",
            severity="error",
            timeout=10,
            markup=False,
        )


def guarded(method: Callable[P, R]) -> Callable[P, R | None]:
    """Run a handler; an exception it raises is shown as an error, not raised."""
    if inspect.iscoroutinefunction(method):
        coroutine = cast(Callable[P, Awaitable[Any]], method)

        @functools.wraps(method)
        async def run_async(*args: P.args, **kwargs: P.kwargs) -> Any:
            try:
                return await coroutine(*args, **kwargs)
            except Exception as exc:
                _say(args[0] if args else None, exc)
                return None

        return cast(Callable[P, R | None], run_async)

    @functools.wraps(method)
    def run(*args: P.args, **kwargs: P.kwargs) -> R | None:
        try:
            return method(*args, **kwargs)
        except Exception as exc:
            _say(args[0] if args else None, exc)
            return None

    return run
