"""Highlighting: placeholders marked, unknown ones told apart, in the editor and preview."""

from rich.style import Style
from textual.app import App, ComposeResult

from smarthook.core.webhook import JSON, XML
from smarthook.tui.body_preview import BodyPreview
from smarthook.tui.highlight import line_spans, theme_styles
from smarthook.tui.template_editor import TemplateEditor


def names(spans: tuple[tuple[int, int, str], ...]) -> dict[str, str]:
    return {name: "" for _, _, name in spans}


def test_known_and_unknown_placeholders_are_marked_differently() -> None:
    line = '  "a": "%new_smart_number%", "b": "%nope%"'
    spans = line_spans(JSON, line)
    marks = {line[start:end]: name for start, end, name in spans if "placeholder" in name}
    assert marks == {"%new_smart_number%": "placeholder", "%nope%": "placeholder.unknown"}
    assert "key" in names(spans) and "string" in names(spans)


def test_xml_lines_are_coloured_as_xml() -> None:
    spans = line_spans(XML, '<n id="1">%network_id%</n>')
    assert {"tag", "attribute", "string", "placeholder"} <= set(names(spans))


class Harness(App[None]):
    def __init__(self, text: str, content_type: str) -> None:
        super().__init__()
        self.text, self.content_type = text, content_type

    def compose(self) -> ComposeResult:
        yield TemplateEditor(self.text, self.content_type)
        yield BodyPreview()

    def looks(self) -> dict[str, Style]:
        return theme_styles(self.get_css_variables())


def style_at(strip_text: list[tuple[str, Style | None]], text: str) -> Style | None:
    """The style of the last character of ``text`` where it first shows on the line."""
    chars = [(char, style) for segment, style in strip_text for char in segment]
    start = "".join(char for char, _ in chars).index(text)
    return chars[start + len(text) - 1][1]


def visible(widget: TemplateEditor | BodyPreview, y: int = 0) -> list[tuple[str, Style | None]]:
    return [(segment.text, segment.style) for segment in widget.render_line(y)]


async def test_the_editor_colours_by_character_and_recolours_on_a_content_type_change() -> None:
    app = Harness('<a b="é">%nope%</a>', JSON)
    async with app.run_test() as pilot:
        editor = app.query_one(TemplateEditor)
        styles = app.looks()
        before = visible(editor)
        unknown = style_at(before, "%nope%")
        assert unknown is not None and unknown.color == styles["placeholder.unknown"].color
        assert all(style is None or styles["tag"].color != style.color for _, style in before)
        editor.content_type = XML
        await pilot.pause()
        after = visible(editor)
        tag = style_at(after, "a")
        assert tag is not None and tag.color == styles["tag"].color


async def test_colours_follow_the_theme_light_or_dark() -> None:
    app = Harness('{"key": "%nope%"}', JSON)
    async with app.run_test() as pilot:
        editor = app.query_one(TemplateEditor)
        preview = app.query_one(BodyPreview)
        preview.show(('"%nope%"',), 8, JSON)
        dark_key = style_at(visible(editor), '"key"')
        dark_mark = style_at(visible(preview), "%nope%")
        app.theme = "textual-light"
        await pilot.pause()
        light_key = style_at(visible(editor), '"key"')
        light_mark = style_at(visible(preview), "%nope%")
        assert dark_key is not None and light_key is not None
        assert dark_key.color != light_key.color
        assert light_key.color == app.looks()["key"].color
        assert dark_mark != light_mark and light_mark == app.looks()["placeholder.unknown"]


async def test_the_preview_marks_only_unknown_placeholders() -> None:
    app = Harness("", JSON)
    async with app.run_test() as pilot:
        preview = app.query_one(BodyPreview)
        preview.show(('"%network_id%" "%nope%"',), 24, JSON)
        await pilot.pause()
        styles = app.looks()
        shown = visible(preview)
        assert style_at(shown, "%nope%") == styles["placeholder.unknown"]
        assert styles["placeholder"] not in [style for _, style in shown]
