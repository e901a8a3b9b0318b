import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from endpoint import Endpoint

REPO = Path(__file__).resolve().parent.parent

# Hypothesis profiles (issue 12). `make test` loads "ci": derandomized, so a run is the same
# run every time, with more examples. "mutation" (`make mutate`) is derandomized and short,
# since it runs once per mutant. Anything else (a plain `pytest`) loads "dev": random,
# Hypothesis's default count. A test's own @settings(max_examples=…) overrides the count.
settings.register_profile("ci", max_examples=300, derandomize=True, deadline=None)
settings.register_profile("mutation", max_examples=40, derandomize=True, deadline=None)
settings.register_profile("dev", deadline=None)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under mutmut, the fastest tests first (by the durations its stats run measured), so
    that a mutant a quick test kills never waits for a slow one. Elsewhere, file order."""
    if "MUTANT_UNDER_TEST" not in os.environ:
        return
    try:  # mutmut runs the tests inside its copy, beside the stats it keeps
        durations = json.loads(Path("mutmut-stats.json").read_text("utf-8"))["duration_by_test"]
    except (OSError, ValueError, KeyError):
        return
    items.sort(key=lambda item: durations.get(item.nodeid, 0.0))


@pytest.fixture(autouse=True)
def user_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets an empty user config folder of its own (platformdirs reads XDG)."""
    folder = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    return folder / "smarthook" / "presets"


@pytest.fixture(autouse=True)
def history_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test keeps its history in a file of its own: never the user's, and on."""
    path = tmp_path / "history" / "history.sqlite3"
    monkeypatch.setenv("SMARTHOOK_HISTORY", str(path))
    monkeypatch.delenv("SMARTHOOK_NO_HISTORY", raising=False)
    return path


@pytest.fixture(autouse=True)
def fresh_template_shapes() -> None:
    """Every test works out a template's shape anew: a shape cached by an earlier test would
    skip the code that makes it (`make mutate` forks each mutant's run from a process that
    ran the whole suite once, its cache full)."""
    from smarthook.core.readback.shape import shape

    shape.cache_clear()


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
        return SmarthookApp(preset._replace(**changes), path, start_receiver=False)

    return make
