"""Plain text from the simple LaTeX in BibTeX fields: accents, escapes, dashes and braces."""

from __future__ import annotations

import re
import unicodedata

_COMBINING = {
    '"': "\u0308",
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "c": "\u0327",
    "v": "\u030c",
    "u": "\u0306",
    "H": "\u030b",
    "k": "\u0328",
    "r": "\u030a",
}
# \"o  \"{o}  \'{\i}  \c{c}  \v s
_ACCENT = re.compile(
    r"""\\(?P<symbol>["'`^~=.])\s*(?:\{\s*(?P<braced>\\?[A-Za-z])\s*\}|(?P<bare>\\?[A-Za-z]))"""
    r"|\\(?P<letter>[cvuHkr])(?:\s*\{\s*(?P<lbraced>\\?[A-Za-z])\s*\}|\s+(?P<lbare>[A-Za-z]))"
)
_SYMBOLS = {
    "ss": "ß",
    "o": "ø",
    "O": "Ø",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "aa": "å",
    "AA": "Å",
    "l": "ł",
    "L": "Ł",
    "i": "\u0131",
    "j": "ȷ",
    "ldots": "…",
    "dots": "…",
    "textendash": "\u2013",
    "textemdash": "—",
    "textquoteright": "\u2019",
    "textquoteleft": "\u2018",
}
# Commands whose only job is styling: the argument stays, the command goes.
_STYLE = re.compile(
    r"\\(?:emph|textbf|textit|texttt|textsc|textrm|textsf|textnormal|mbox|underline|url|text)"
    r"\s*(?=\{)"
)
_ESCAPED = re.compile(r"\\([&%$#_{}])")
_BRACE = re.compile(r"(?<!\\)[{}]")
_COMMAND = re.compile(r"\\([A-Za-z]+)(?:\{\})?")
_MATH = re.compile(r"(?<!\\)\$[^$]*(?<!\\)\$")
_PUNCTUATION = (("---", "\u2014"), ("--", "\u2013"), ("``", "\u201c"), ("''", "\u201d"), ("~", " "))


def latex_to_text(value: str) -> str:
    """`{The} {\\"U}ber {CNN}s` -> `The Über CNNs`; `$math$` is kept as written."""
    if "\\" not in value and "{" not in value and "$" not in value and "-" not in value:
        return value.replace("~", " ")
    pieces: list[str] = []
    position = 0
    for math in _MATH.finditer(value):
        pieces.append(_text_mode(value[position : math.start()]))
        pieces.append(math.group())
        position = math.end()
    pieces.append(_text_mode(value[position:]))
    return "".join(pieces)


def _text_mode(text: str) -> str:
    text = text.replace("\\\\", " ")  # a forced line break
    text = _ACCENT.sub(_accented, text)
    text = _STYLE.sub("", text)
    text = _COMMAND.sub(lambda m: _SYMBOLS.get(m.group(1), m.group(1)), text)
    for latex, plain in _PUNCTUATION:
        text = text.replace(latex, plain)
    return _ESCAPED.sub(r"\1", _BRACE.sub("", text))


def _accented(match: re.Match[str]) -> str:
    mark = _COMBINING[match["symbol"] or match["letter"]]
    base = match["braced"] or match["bare"] or match["lbraced"] or match["lbare"]
    base = {"\\i": "i", "\\j": "j"}.get(base, base)
    return unicodedata.normalize("NFC", base + mark)
