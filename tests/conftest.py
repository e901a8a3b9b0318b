from collections.abc import Iterator
from pathlib import Path

import pytest

from endpoint import Endpoint

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def user_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets an empty user config folder of its own (platformdirs reads XDG)."""
    folder = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    monkeypatch.setenv("SMARTHOOK_HISTORY", str(tmp_path / "history.sqlite3"))  # never the user's
    return folder / "smarthook" / "presets"


@pytest.fixture
def endpoint() -> Iterator[Endpoint]:
    """A recording HTTP endpoint on 127.0.0.1, on a free port."""
    server = Endpoint()
    yield server
    server.close()


@pytest.fixture
def tui_app():  # type: ignore[no-untyped-def]
    """Build the terminal UI on a preset (by name), without the receiver and cursor blink."""
    from smarthook.core.preset import open_preset
    from smarthook.tui.app import SmarthookApp

    def make(name: str = "local-demo", **changes: object) -> SmarthookApp:
        preset, path = open_preset(name)
        return SmarthookApp(
            preset._replace(**changes), path, start_receiver=False, cursor_blink=False
        )

    return make
