"""The shape of the house: core stays free of the UI; the headless commands stay light."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CORE_MODULES = sorted(p.stem for p in (REPO / "core").glob("*.py") if p.stem != "__init__")


def modules_after(code: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(done.stdout.split())


def test_core_imports_no_textual() -> None:
    imports = "\n".join(f"import smarthook.core.{name}" for name in CORE_MODULES)
    loaded = modules_after(imports)
    assert not {m for m in loaded if m.split(".")[0] == "textual" or m.startswith("smarthook.tui")}


@pytest.mark.parametrize("argv", [["render", "docs-json"], ["export", "docs-xml", "--as", "http"]])
def test_render_and_export_import_neither_textual_nor_httpx(argv: list[str]) -> None:
    code = f"import sys\nfrom smarthook.tui.cli import main\nmain({argv!r})"
    loaded = modules_after(code)
    assert "smarthook.core.template" in loaded
    assert not {m for m in loaded if m.split(".")[0] in ("textual", "httpx", "httpcore")}


def test_a_plain_install_ships_the_presets(tmp_path: Path) -> None:
    """Build the wheel as pip would, install it into a folder, and run from elsewhere."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path / "wheel"), str(REPO)],
        check=True,
    )  # fmt: skip
    [wheel] = (tmp_path / "wheel").glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for preset in ("docs-json", "docs-xml", "local-demo"):
        assert f"smarthook/presets/{preset}.toml" in names
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    done = subprocess.run(
        [sys.executable, "-c", "from smarthook.tui.cli import main; main(['presets'])"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(target), "PYTHONSAFEPATH": "1", "HOME": str(tmp_path)},
        check=True,
    )
    assert str(target / "smarthook" / "presets" / "local-demo.toml") in done.stdout


def test_the_ui_loads_uvicorn_only_for_a_receiver_that_starts() -> None:
    """The receiver panel is up, switched off: no uvicorn (3 MiB, 60 modules) in memory."""
    code = """
import asyncio
from smarthook.core.preset import open_preset
from smarthook.tui.app import SmarthookApp

async def main():
    app = SmarthookApp(*open_preset("local-demo"), start_receiver=False)
    async with app.run_test(size=(120, 40)) as pilot:
        area = await app.answer_area()
        while (panel := area.receiver()) is None or not panel.is_mounted:
            await pilot.pause(0.05)

asyncio.run(main())"""
    loaded = modules_after(code)
    assert "smarthook.tui.receiver_panel" in loaded
    assert not {m for m in loaded if m.split(".")[0] == "uvicorn"}


def test_the_app_module_leaves_what_comes_after_the_first_frame_unloaded() -> None:
    """The answer area (response, receiver, history) and the party table's DataTable mount
    after the first frame; their code, and what it imports, loads then too."""
    loaded = modules_after("import smarthook.tui.app")
    assert "smarthook.tui.preview_pane" in loaded
    later = {
        "smarthook.tui.answer_area",
        "smarthook.tui.history_view",
        "smarthook.tui.response_view",
        "smarthook.core.receiver",
        "smarthook.core.readback",
        "textual.widgets._data_table",
        "textual.widgets._tabbed_content",
        "xml.etree.ElementTree",
        "sqlite3",
    }
    assert not later & loaded
    assert not {m for m in loaded if m.split(".")[0] in ("uvicorn", "httpx", "httpcore")}
