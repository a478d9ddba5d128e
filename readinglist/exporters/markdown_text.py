"""Markdown from untrusted text: titles and abstracts as pure text, notes kept but contained."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from readinglist.exporters.safe_text import one_line, strip_unsafe

MAX_HEADING_LEVEL = 6

# CommonMark with raw HTML on, as most renderers see a note. Only the block structure matters
# to us (headings, fences, HTML blocks), and skipping inline parsing halves the time.
BLOCK_PARSER = MarkdownIt("commonmark").disable("inline")

# Inline syntax anywhere in a line: emphasis, code, links, images, footnotes, HTML, entities,
# GFM strikethrough and tables, Obsidian tags (`#tag`), math (`$x$`) and comments (`%%x%%`).
# Each of these characters is escaped wherever it is, in one quick `str.translate` pass.
_INLINE_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;"} | {char: f"\\{char}" for char in "\\`*_[]#|~$@"}
)
# `%%` opens an Obsidian comment: every `%` followed by another is escaped.
_COMMENT_PERCENT = re.compile(r"%(?=%)")
# Bare URLs are autolinked by GFM renderers, so the `:` after a scheme, the `.` after `www`
# and the `@` of an e-mail address (above) are escaped too, where the scheme or `www` is a
# whole word in any case (by Python's Unicode rules, which are the broader).
_AUTOLINK_SCHEME = re.compile(r"https?|ftps?|mailto|javascript|vbscript|data|file", re.IGNORECASE)
_WWW = re.compile("www", re.IGNORECASE)
_WORD_CHAR = re.compile("[A-Za-z0-9]", re.IGNORECASE)
_LONGEST_SCHEME = len("javascript")
# Where an autolink could start: each `:`, and each `.` after `www`. A regular expression that
# looked behind for the scheme at every position took half the export of long abstracts.
_AUTOLINK_SEPARATOR = re.compile(r":|[Ww][Ww][Ww]\.")
# Block syntax that only counts at the start of a line: list items, setext underlines, breaks.
_LINE_START_SYNTAX = re.compile(r"^(?:[-+=]|\d{1,9}[.)])")


def escape_markdown(text: str) -> str:
    """Untrusted text as one line of Markdown that renders as exactly that text, nothing more."""
    escaped = one_line(text).translate(_INLINE_ESCAPES)
    if "%%" in escaped:
        escaped = _COMMENT_PERCENT.sub(r"\\%", escaped)
    escaped = _escape_autolink_starts(escaped)
    return _LINE_START_SYNTAX.sub(_escape_line_start, escaped, count=1)


def _escape_autolink_starts(text: str) -> str:
    if ":" not in text and "www." not in text.lower():
        return text  # the usual case, and ten times quicker to tell than to scan for
    pieces, done = [], 0
    for match in _AUTOLINK_SEPARATOR.finditer(text):
        separator = match.end() - 1
        wanted = _AUTOLINK_SCHEME if text[separator] == ":" else _WWW
        if wanted.fullmatch(_word_before(text, separator)):
            pieces += [text[done:separator], "\\"]
            done = separator
    return "".join(pieces) + text[done:] if pieces else text


def _word_before(text: str, end: int) -> str:
    """The run of letters and digits that ends at `end` (cut once longer than any scheme)."""
    start = end
    while start > 0 and end - start <= _LONGEST_SCHEME and _WORD_CHAR.match(text, start - 1):
        start -= 1
    return text[start:end]


def _escape_line_start(match: re.Match[str]) -> str:
    marker = match.group(0)
    # `-` becomes `\-`; in `1.` the escape goes on the `.`, as digits cannot be escaped.
    return f"{marker[:-1]}\\{marker[-1]}"


def display_title(title: str) -> str:
    """The title as one line of plain text, with a stand-in when nothing printable is left."""
    return one_line(title) or "(untitled)"


def clean_note(note: str) -> str:
    """A note as we export and compare it: safe characters, no blank lines around it."""
    text = re.sub(r"\A(?:[ \t]*\n)+", "", strip_unsafe(note))
    return text.rstrip(" \t\n")


# Indentation and any nesting of `>` and list markers before a heading, as in `> - # Heading`.
_CONTAINER_PREFIX = re.compile(r"^(?:[ \t]*(?:>|[-+*](?=[ \t])|\d{1,9}[.)](?=[ \t])))*[ \t]*")
_ATX_OPENING = re.compile(r"#{1,6}(?=[ \t]|$)")
# A heading needs a `#` (ATX) or a line ending in `=` or `-` (a setext underline); text with
# neither is not worth parsing.
_MAY_HOLD_HEADING = re.compile(r"#|[=-][ \t]*$", re.MULTILINE)
# Not plain Markdown: fences or HTML, indented lines, link reference definitions, setext
# underlines, or a `#` that does not start its line. In plain Markdown a line is a heading
# exactly when it opens with one to six `#` and a space, so it needs no parser (about 1 ms a
# note, which was most of the export of a library with many notes).
_NOT_PLAIN = re.compile(r"[`~<]|\]:|^[ \t]|[=-][ \t]*$|[^\n#]#", re.MULTILINE)
_CLOSING_HASHES = re.compile(r"(?<![^ \t])(#+)[ \t]*$")


def shift_headings(markdown: str, levels: int) -> str:
    """Move every heading `levels` deeper (at most h6); fenced code and HTML are left alone."""
    if not _MAY_HOLD_HEADING.search(markdown):
        return markdown
    if not _NOT_PLAIN.search(markdown):
        return _shift_plain_headings(markdown, levels)
    return _shift_parsed_headings(markdown, levels)


def _shift_plain_headings(markdown: str, levels: int) -> str:
    lines = markdown.split("\n")
    for number, line in enumerate(lines):
        opening = _ATX_OPENING.match(line)
        if opening:
            level = min(opening.end() + levels, MAX_HEADING_LEVEL)
            lines[number] = "#" * level + line[opening.end() :]
    return "\n".join(lines)


def _shift_parsed_headings(markdown: str, levels: int) -> str:
    lines = markdown.split("\n")
    tokens = BLOCK_PARSER.parse(markdown)
    headings = [(i, t) for i, t in enumerate(tokens) if t.type == "heading_open" and t.map]
    for index, token in reversed(headings):
        assert token.map is not None
        start, end = token.map
        level = min(int(token.tag[1]) + levels, MAX_HEADING_LEVEL)
        prefix = _CONTAINER_PREFIX.match(lines[start])
        indent = prefix.group(0) if prefix else ""
        if token.markup.startswith("#"):
            rest = _ATX_OPENING.sub("#" * level, lines[start][len(indent) :], count=1)
            lines[start] = indent + rest
        else:
            # A setext heading (text underlined by === or ---) can only be h1 or h2: rewrite it
            # as an ATX heading of the new level, its lines joined as its rendering joins them.
            text = tokens[index + 1].content.replace("\n", " ")
            text = _CLOSING_HASHES.sub(r"\\\1", text)
            lines[start:end] = [f"{indent}{'#' * level} {text}"]
    return "\n".join(lines)


_PROBE = "# readinglist probe"
# Only a code fence (``` or ~~~) or an HTML block (`<`) can stay open after a blank line.
_MAY_OPEN_BLOCK = re.compile(r"[`~<]")
_HTML_BLOCK_CLOSERS = (
    (re.compile(r"<!--"), "-->"),
    (re.compile(r"<\?"), "?>"),
    (re.compile(r"<!\[CDATA\["), "]]>"),
    (re.compile(r"<![A-Za-z]"), ">"),
)
_RAW_TEXT_TAG = re.compile(r"<(script|pre|style|textarea)(?=[\s>]|$)", re.IGNORECASE)


def close_open_blocks(markdown: str) -> str:
    """The Markdown plus the lines that end any fence or HTML block it leaves open.

    An unclosed code fence or `<!--` in a note would otherwise swallow everything after it,
    including the headings of the papers that follow.
    """
    if not _MAY_OPEN_BLOCK.search(markdown):
        return markdown
    text = markdown
    # Closing one block can reveal another that was hidden inside it; a few rounds suffice.
    for _ in range(8):
        closer = _closer_for_open_block(text)
        if closer is None:
            return text
        text = f"{text}\n{closer}"
    raise AssertionError(f"could not close the blocks of {markdown!r}")


def _closer_for_open_block(markdown: str) -> str | None:
    probe_line = markdown.count("\n") + 2
    for token in BLOCK_PARSER.parse(f"{markdown}\n\n{_PROBE}"):
        if token.map is None or not token.map[0] <= probe_line < token.map[1]:
            continue
        if token.type == "heading_open" and token.level == 0:
            return None
        if token.type == "fence":
            return token.markup
        if token.type == "html_block":
            return _html_block_closer(token)
    raise AssertionError(f"no block holds the probe after {markdown!r}")


def _html_block_closer(token: Token) -> str:
    opening = token.content.lstrip()
    raw_text = _RAW_TEXT_TAG.match(opening)
    if raw_text:
        return f"</{raw_text.group(1)}>"
    for pattern, closer in _HTML_BLOCK_CLOSERS:
        if pattern.match(opening):
            return closer
    raise AssertionError(f"an HTML block that a blank line does not end: {opening[:40]!r}")
