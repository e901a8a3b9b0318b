"""Syntax highlighting of one line at a time, cached, shared by the editor and the preview.

Lexing line by line keeps the cost proportional to what is on screen: a body of 40,000
lines is never lexed whole. JSON has no token that spans lines; for XML a comment or a
tag spread over several lines may be coloured as plain text, which is acceptable for a
preview.
"""

from functools import lru_cache
from typing import Any

from pygments.lexer import Lexer
from pygments.token import Token
from rich.style import Style as RichStyle
from textual.style import Style

from ..core.template import PLACEHOLDER
from ..core.webhook import JSON, PLACEHOLDERS

#: A highlighted stretch of one line: start and end character, style name.
Span = tuple[int, int, str]

#: Style names to their look, in the theme's variables (as ``textual.highlight`` does), so
#: that every theme, light or dark, reads.
STYLES: dict[str, str] = {
    "key": "bold $text-primary",
    "string": "$text-success",
    "number": "$text-warning",
    "constant": "bold $text-accent",
    "punctuation": "$foreground-darken-1",
    "tag": "$text-primary",
    "attribute": "$text-warning",
    "entity": "$text-accent",
    "comment": "italic $foreground-darken-2",
    "placeholder": "bold $background on $success",
    "placeholder.unknown": "underline $text-error on $error-muted",
}

# Most specific first: pygments token types nest (String.Double is in String).
_TOKEN_STYLES = (
    (Token.Name.Tag, "tag"),
    (Token.Name.Attribute, "attribute"),
    (Token.Name.Entity, "entity"),
    (Token.Keyword.Constant, "constant"),
    (Token.Literal.String, "string"),
    (Token.Literal.Number, "number"),
    (Token.Punctuation, "punctuation"),
    (Token.Comment, "comment"),
)


def theme_styles(variables: dict[str, str]) -> dict[str, RichStyle]:
    """:data:`STYLES` resolved against a theme's variables (``App.theme_variables``)."""
    return {name: Style.parse(look, variables).rich_style for name, look in STYLES.items()}


_KNOWN = frozenset(PLACEHOLDERS)


@lru_cache(maxsize=2)
def _lexer(content_type: str) -> Lexer:
    # Straight from their modules: pygments.lexers would load its whole lexer table first.
    if content_type == JSON:
        from pygments.lexers.data import JsonLexer

        return JsonLexer(ensurenl=False, stripnl=False)
    from pygments.lexers.html import XmlLexer

    return XmlLexer(ensurenl=False, stripnl=False)


def _style_of(token: Any, content_type: str) -> str | None:
    # Any: pygments gives the class of its token types no public name.
    if token in Token.Name.Tag and content_type == JSON:
        return "key"  # the JSON lexer reports object keys as tags
    for kind, name in _TOKEN_STYLES:
        if token in kind:
            return name
    return None


@lru_cache(maxsize=8192)
def syntax_spans(content_type: str, line: str) -> tuple[Span, ...]:
    """The syntax colouring of one line, by character offsets."""
    spans = []
    offset = 0
    for token, text in _lexer(content_type).get_tokens(line):
        name = _style_of(token, content_type)
        if name and text.strip():
            spans.append((offset, offset + len(text), name))
        offset += len(text)
    return tuple(spans)


def placeholder_spans(line: str, unknown_only: bool = False) -> tuple[Span, ...]:
    """The ``%name%`` stretches of one line: known ones and unknown ones told apart."""
    if "%" not in line:
        return ()
    spans = []
    for match in PLACEHOLDER.finditer(line):
        known = match.group(1) in _KNOWN
        if known and unknown_only:
            continue
        spans.append(
            (match.start(), match.end(), "placeholder" if known else "placeholder.unknown")
        )
    return tuple(spans)


def line_spans(content_type: str, line: str, unknown_only: bool = False) -> tuple[Span, ...]:
    """Syntax colouring, then placeholder marks on top, for one line."""
    return syntax_spans(content_type, line) + placeholder_spans(line, unknown_only)
