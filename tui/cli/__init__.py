"""The ``smarthook`` command line: a front end beside the terminal UI, on the same core."""

from .main import main

__all__ = ["main"]
