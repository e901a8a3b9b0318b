"""Placeholder until the terminal UI lands: prints the demo's request."""

import sys

from ..core import preset as presets
from ..core.request import from_preset
from ..core.template import expand


def run(argument: str | None) -> int:
    preset, _ = presets.open_preset(argument or "local-demo")
    expansion = expand(preset.template, preset.content_type, preset.notification)
    sys.stdout.buffer.write(from_preset(preset, expansion).wire())
    return 0
