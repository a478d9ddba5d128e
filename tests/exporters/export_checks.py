"""Shared by the exporter tests: sample papers, hostile text, and Markdown structure checks."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from readinglist.model import Paper, Source, Status

# CommonMark plus what GitHub and Obsidian add: tables, strikethrough and bare-URL autolinks
# (GFM autolinks need a scheme or `www.`, so linkify-it's guessing of bare domains is off).
PARSER = MarkdownIt("commonmark", {"linkify": True}).enable(["linkify", "table", "strikethrough"])
assert PARSER.linkify is not None
PARSER.linkify.set({"fuzzy_link": False})

HOSTILE = [
    "# Not a heading",
    "## Title | with | pipes",
    "*bold* _it_ **x** __y__ `code` ``x``",
    "<script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "![img](http://evil.example/x.png)",
    "<http://evil.example>",
    "see https://evil.example/path and www.evil.example and me@evil.example",
    "line one\nline two\r\nline three",
    "- list item",
    "1. ordered",
    "2) ordered",
    "> quote",
    "---",
    "===",
    "```python",
    "~~~",
    "    indented code",
    "a \\",
    "trailing hashes ##",
    "&amp; &lt;b&gt; &#x41;",
    "[ref]: javascript:alert(1)",
    "[ref]",
    "[^1] footnote",
    "[[Wiki link]] #tag $x^2$ %%hidden%% ==mark==",
    "<!-- comment",
    "-->",
    "<!-- readinglist:end note -->",
    "<div>\n\nraw\n</div>",
    "\x1b[31mred\x1b[0m \x1b]52;c;ZXZpbA==\x07",
    "bidi \u202etxt.exe\u202c and zero\u200bwidth",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "Ünïcödé — “quotes” 日本語",
    "",
    "   ",
]

_MARKDOWN_PIECES = [
    *"#*_`[]()<>!|\\~$@%&:/.-+=>{}'\"\t 0123456789abc",
    "\n",
    "\n\n",
    "javascript:",
    "http://",
    "www.",
    "<script>",
    "```",
    "~~~",
    "<!--",
    "-->",
    "<pre>",
    "<!-- readinglist:begin note -->",
    "<!-- readinglist:end note -->",
    "---",
    "# ",
    "> ",
    "- ",
    "1. ",
    "    ",
    "===",
]

markdown_soup = st.lists(st.sampled_from(_MARKDOWN_PIECES), max_size=40).map("".join)
hostile_text = st.one_of(st.sampled_from(HOSTILE), markdown_soup, st.text(max_size=60))


def make_paper(**fields: Any) -> Paper:
    defaults: dict[str, Any] = {
        "id": "a1b2c3d4e5f6",
        "title": "Attention Is All You Need",
        "abstract": "We propose the Transformer.",
        "authors": ["Ashish Vaswani", "Noam Shazeer"],
        "published": "2017-06-12",
        "sources": [Source("daily.txt", "batch-1", "2024-05-01T10:00:00.000Z")],
        "added_at": "2024-05-01T10:00:00.000Z",
        "updated_at": "2024-05-02T10:00:00.000Z",
        "status": Status.TO_READ,
        "rating": 4,
        "tags": ["nlp", "transformers"],
        "note": "",
    }
    return Paper(**{**defaults, **fields})


def numbered_papers(titles: list[str], **fields: Any) -> list[Paper]:
    return [make_paper(id=f"{i:012x}", title=title, **fields) for i, title in enumerate(titles)]


def inline_text(inline: Token) -> str:
    """What a reader sees of an inline token: its text, with no markup left."""
    parts = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts)


def headings(markdown: str, level: int) -> list[str]:
    """Text of the top-level headings of one level, in order."""
    tokens = PARSER.parse(markdown)
    return [
        inline_text(tokens[i + 1])
        for i, token in enumerate(tokens)
        if token.type == "heading_open" and token.tag == f"h{level}" and token.level == 0
    ]


def all_tokens(markdown: str) -> list[Token]:
    tokens = []
    for token in PARSER.parse(markdown):
        tokens.append(token)
        tokens.extend(token.children or [])
    return tokens


_FOREIGN_MARKUP = {
    "html_block", "html_inline", "link_open", "image", "code_inline", "fence", "code_block",
    "em_open", "s_open", "table_open", "bullet_list_open", "ordered_list_open", "hr",
}  # fmt: skip


def assert_plain_text_only(markdown: str) -> None:
    """No raw HTML, link, image, code, emphasis, list or table anywhere: only our own headings,
    bold labels and block quotes, so nothing came from a title, abstract or tag."""
    for token in all_tokens(markdown):
        assert token.type not in _FOREIGN_MARKUP, (token, markdown)


def assert_no_html_or_links(markdown: str) -> None:
    """For documents whose notes hold no HTML or links: none may come from anywhere else."""
    found = [t.type for t in all_tokens(markdown)]
    assert not {"html_block", "html_inline", "link_open", "image"} & set(found)
