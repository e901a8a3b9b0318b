"""Waiting on a running app without guessing how long things take."""

from collections.abc import Callable


async def until(pilot, condition: Callable[[], bool], seconds: float = 10) -> None:  # type: ignore[no-untyped-def]
    """Let the app run until ``condition`` holds; fail after ``seconds``."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("the screen never got there")
