"""JSON syntax colouring of one line, without pygments.

A port of pygments' ``JsonLexer`` scanner (BSD licence), giving the same tokens as style
names: loading pygments for it cost about 20 ms before the first frame, and JSON is what
most templates are. Like that lexer it validates nothing ("--1" is a number, "trustful" a
constant) and takes ``//`` and ``/* */`` comments; a string followed by ``:`` is a key.
"""

#: A coloured stretch of one line: start and end character, style name.
Span = tuple[int, int, str]

_NUMBER = frozenset("-0123456789")
_IN_NUMBER = _NUMBER | frozenset(".eE+")  # integer or float: both are coloured as numbers
_CONSTANT = frozenset("truefalsenull")
_HEX = frozenset("0123456789abcdefABCDEF")
_PUNCTUATION = frozenset("{}[],")
_WHITESPACE = frozenset(" \n\r\t")


def json_spans(line: str) -> tuple[Span, ...]:
    """The style names of one line's tokens: key, string, number, constant, punctuation,
    comment (whitespace and stray characters get none)."""
    spans: list[Span] = []
    # Strings and comments wait here until what follows says whether a string is a key.
    queue: list[Span] = []
    state = ""  # the token being read: string, space, constant, number, punctuation, ...
    escape = unicode = 0
    star = False
    start = 0

    def flush(key: bool = False) -> None:
        for begin, end, name in queue:
            spans.append((begin, end, "key" if key and name == "string" else name))
        queue.clear()

    def comment(stop: int) -> None:
        (queue if queue else spans).append((start, stop, "comment"))

    for stop, char in enumerate(line):
        if state == "string":
            if unicode:
                unicode = unicode - 1 if char in _HEX else 0
                escape = bool(unicode)
            elif escape:
                unicode, escape = (4, True) if char == "u" else (0, False)
            elif char == "\\":
                escape = True
            elif char == '"':
                queue.append((start, stop + 1, "string"))
                state, escape, unicode = "", False, 0
            continue
        if state == "space":
            if char in _WHITESPACE:
                continue
            state = ""
        elif state == "constant":
            if char in _CONSTANT:
                continue
            spans.append((start, stop, "constant"))
            state = ""
        elif state == "number":
            if char in _IN_NUMBER:
                continue
            spans.append((start, stop, "number"))
            state = ""
        elif state == "punctuation":
            if char in _PUNCTUATION:
                continue
            spans.append((start, stop, "punctuation"))
            state = ""
        elif state == "line-comment":
            if char != "\r":  # pygments reads a carriage return as the line's end
                continue
            comment(stop)
            state = ""
        elif state == "block-comment":
            if char == "*":
                star = True
            elif star:
                star = False
                if char == "/":
                    comment(stop + 1)
                    state = ""
            continue
        elif state == "slash":
            if char in "/*":
                state = "line-comment" if char == "/" else "block-comment"
                continue
            flush()  # a lone slash: no colour
            state = ""

        start = stop
        if char == '"':
            state = "string"
        elif char in _WHITESPACE:
            state = "space"
        elif char in "fnt":  # true, false, null
            flush()
            state = "constant"
        elif char in _NUMBER:
            flush()
            state = "number"
        elif char == ":":
            flush(key=True)
            state = "punctuation"
        elif char in _PUNCTUATION:
            flush()
            state = "punctuation"
        elif char == "/":
            state = "slash"
        else:
            flush()  # a character JSON has no place for: no colour

    flush()
    end = len(line)
    if state in ("constant", "number", "punctuation"):
        spans.append((start, end, state))
    elif state == "line-comment":
        comment(end)
    return tuple(spans)
