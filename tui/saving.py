"""Saving the preset on screen: in place for a user preset, under a name the user gives
for a shipped or new one; the file is written atomically by core."""

from __future__ import annotations

import os

from textual.app import App

from ..core import preset as presets
from ..core.describe import preset_origin
from ..core.preset import Preset
from ..core.problems import InputError


async def save(
    app: App[int], preset: Preset, path: str | None, ask: bool = False
) -> tuple[Preset, str] | None:
    """Write ``preset``; returns what was saved and where, or None (cancelled, or failed)."""
    from .dialogs import ask_where_to_save

    if ask or path is None or preset_origin(path) == presets.SHIPPED:
        path = await ask_where_to_save(app, path)
        if path is None:
            return None
        # The name a picker shows is the file's, not the preset it was copied from.
        preset = preset._replace(name=os.path.basename(path).removesuffix(presets.SUFFIX))
    try:
        presets.save(preset, path, overwrite=True)  # in place, or a replace the user chose
    except InputError as exc:
        app.notify(str(exc.problem), title="Not saved", severity="error", markup=False)
        return None
    app.notify(f"Saved as {preset_origin(path)}: {os.path.basename(path)}", markup=False)
    return preset, path
