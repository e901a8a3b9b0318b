"""Hypothesis strategies for text an attacker would send: markup, terminal control, bidi
controls, lone surrogates, deep nesting and huge values (#7)."""

import re

from hypothesis import strategies as st

#: Pieces that have broken something somewhere: Rich/Textual markup, ESC/OSC/CSI sequences
#: (clear screen, set title, write the clipboard), C1 controls, bidi overrides, placeholders.
FRAGMENTS = (
    "[/]", "[bold]", "eric[/bold]", "[link=x]", "\\[", "]",
    "\x1b[2J", "\x1b]0;title\x07", "\x1b]52;c;ZXZpbA==\x07", "\x1b]52;c;ZXZpbA==\x1b\\",
    "\x9b31m", "\x9d0;t\x9c", "\x85", "\x7f", "\x00", "\r", "\r\n", "\n", "\t",
    "\u202e", "\u2066", "\u2069", "\u200f", "\ufeff",
    "%new_smart_number%", "%interestedParties%", "%ab%", "%E2%80%99", "@", "-",
    "'", '"', "\\", "$(id)", "`id`", "&amp;", "<a>", "]]>", "é", "☎", "𝄞",
)  # fmt: skip

#: Characters that must never reach a terminal raw (SPEC §8a); tab and LF are allowed.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")

hostile_characters = st.characters(codec=None, exclude_categories=())  # surrogates included

hostile_text = st.one_of(
    st.text(hostile_characters, max_size=40),
    st.lists(st.sampled_from(FRAGMENTS), max_size=12).map("".join),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(hostile_characters, max_size=3)),
             max_size=12).map("".join),
)  # fmt: skip

#: Text a file or a terminal can carry: no lone surrogates (those come only from argv).
storable_text = hostile_text.map(lambda text: re.sub("[\ud800-\udfff]", "?", text))


def nested(depth: int, content_type: str) -> str:
    """A body nested ``depth`` levels deep."""
    if content_type == "application/json":
        return "[" * depth + "]" * depth
    return "<a>" * depth + "</a>" * depth


def raw_control_in(text: str) -> list[str]:
    """The characters of ``text`` that could act on a terminal (an empty list if none)."""
    return RAW_CONTROL.findall(text.replace("\r\n", "\n"))
