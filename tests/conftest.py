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
    return folder / "smarthook" / "presets"


@pytest.fixture
def endpoint() -> Iterator[Endpoint]:
    """A recording HTTP endpoint on 127.0.0.1, on a free port."""
    server = Endpoint()
    yield server
    server.close()
