"""Highlighting: placeholders marked, unknown ones told apart, in the editor and preview."""

from smarthook.core.webhook import JSON, XML
from smarthook.tui.body_preview import _line_strip
from smarthook.tui.highlight import STYLES, line_spans
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


def test_the_preview_marks_only_unknown_placeholders() -> None:
    strip = _line_strip(JSON, '"%network_id%" "%nope%"')
    styled = {segment.text: segment.style for segment in strip}
    assert styled['"%nope%'[1:]] == STYLES["placeholder.unknown"]
    assert STYLES["placeholder"] not in styled.values()


def test_the_editor_highlights_by_utf8_byte_offsets() -> None:
    editor = TemplateEditor('{"é": "%nope%"}', JSON)
    spans = editor._highlights[0]
    start, end, _ = next(span for span in spans if span[2] == "placeholder.unknown")
    assert '{"é": "%nope%"}'.encode()[start:end] == b"%nope%"
    editor.content_type = XML
    assert editor.content_type == XML
