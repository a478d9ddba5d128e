"""One paper as one Markdown file: our front matter keys, generated regions, the user's note."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from enum import StrEnum

from readinglist.exporters.markdown import metadata_line
from readinglist.exporters.markdown_text import (
    BLOCK_PARSER,
    clean_note,
    display_title,
    escape_markdown,
)
from readinglist.exporters.safe_text import one_line
from readinglist.model import Paper

# The front matter keys we write and refresh; any other key belongs to the user and is kept.
VAULT_KEYS = (
    "id", "title", "authors", "author_count", "published", "status", "rating", "tags",
    "sources", "added", "note_sha",
)  # fmt: skip
_OWNED = frozenset(VAULT_KEYS)
HEADER, ABSTRACT, NOTE = "header", "abstract", "note"
_GENERATED = (HEADER, ABSTRACT)

_MARKER = re.compile(
    r"^<!--[ \t]*readinglist:(begin|end)[ \t]+(header|abstract|note)[ \t]*-->[ \t]*$"
)


def marker(kind: str, region: str) -> str:
    return f"<!-- readinglist:{kind} {region} -->"


def note_digest(note: str) -> str:
    """What `note_sha` holds: a short hash of the note as exported."""
    return hashlib.sha256(clean_note(note).encode()).hexdigest()[:16]


class NoteState(StrEnum):
    """Where a note was edited since the last export, judged by the hash stored in the file."""

    IN_SYNC = "in-sync"
    LIBRARY_EDITED = "library-edited"
    FILE_EDITED = "file-edited"
    CONFLICT = "conflict"
    NO_NOTE_SECTION = "no-note-section"


def compare_notes(
    file_note: str | None, exported_digest: str | None, library_note: str
) -> NoteState:
    """Which side changed the note since it was exported; both sides means a conflict."""
    if file_note is None:
        return NoteState.NO_NOTE_SECTION
    library = clean_note(library_note)
    if file_note == library:
        return NoteState.IN_SYNC
    if exported_digest is None:
        # Without a record of what we exported, two different notes cannot be told apart.
        return NoteState.CONFLICT
    if note_digest(file_note) == exported_digest:
        return NoteState.LIBRARY_EDITED
    if note_digest(library) == exported_digest:
        return NoteState.FILE_EDITED
    return NoteState.CONFLICT


@dataclass(frozen=True, slots=True)
class FrontMatterEntry:
    """One top-level key with the lines that belong to it (a list, a block text, comments)."""

    key: str | None
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class VaultFile:
    """A parsed vault file; line numbers index `body`, the lines after the front matter."""

    front_matter: tuple[FrontMatterEntry, ...] | None
    body: tuple[str, ...]
    # Region name -> (line of its begin marker, line of its end marker).
    regions: dict[str, tuple[int, int]]

    @property
    def paper_id(self) -> str | None:
        return self._value("id")

    @property
    def exported_digest(self) -> str | None:
        """The `note_sha` we wrote at the last export, if the file still has it."""
        return self._value("note_sha")

    @property
    def note(self) -> str | None:
        """The note as written in the file, cleaned as we clean notes; None without a section."""
        if NOTE not in self.regions:
            return None
        begin, end = self.regions[NOTE]
        return clean_note("\n".join(self.body[begin + 1 : end]))

    def _value(self, key: str) -> str | None:
        for entry in self.front_matter or ():
            if entry.key == key:
                return _scalar(entry.lines[0].split(":", 1)[1])
        return None


def parse_vault_file(text: str) -> VaultFile:
    """Front matter and our regions; a file without an `id` in its front matter has none."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff").split("\n")
    front_matter, body = _split_front_matter(lines)
    file = VaultFile(front_matter, tuple(body), {})
    if file.paper_id is None:
        # Not one of ours (a vault holds the user's other notes too): no need to parse it.
        return file
    return VaultFile(front_matter, tuple(body), _find_regions(body))


def _split_front_matter(lines: list[str]) -> tuple[tuple[FrontMatterEntry, ...] | None, list[str]]:
    if lines[0].rstrip() != "---":
        return None, lines
    for end in range(1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            return _entries(lines[1:end]), lines[end + 1 :]
    return None, lines


# A top-level key: not indented, not a list item or comment, `key:` then a space or the end.
_KEY_LINE = re.compile(r"^(?![\s#])(?!-(?:[ \t]|$))(?P<key>[^:]+?)[ \t]*:(?=[ \t]|$)")


def _entries(lines: list[str]) -> tuple[FrontMatterEntry, ...]:
    entries: list[tuple[str | None, list[str]]] = []
    for line in lines:
        match = _KEY_LINE.match(line)
        if match or not entries:
            entries.append((_unquoted(match["key"]) if match else None, [line]))
        else:
            entries[-1][1].append(line)
    return tuple(FrontMatterEntry(key, tuple(block)) for key, block in entries)


def _unquoted(key: str) -> str:
    if len(key) >= 2 and key[0] == key[-1] and key[0] in "\"'":
        return key[1:-1]
    return key


def _scalar(raw: str) -> str | None:
    """A YAML scalar as the user or an editor like Obsidian may have rewritten it."""
    value = raw.strip()
    if value.startswith('"'):
        try:
            decoded = json.loads(value[: value.rindex('"') + 1])
        except ValueError:
            return None
        return decoded if isinstance(decoded, str) else None
    if value.startswith("'"):
        return value[1 : value.rindex("'")].replace("''", "'") if value.count("'") > 1 else None
    value = re.sub(r"[ \t]+#.*$", "", value)
    return value if value and value not in ("null", "~") else None


def _find_regions(body: list[str]) -> dict[str, tuple[int, int]]:
    """Our regions, found from the markers markdown-it sees as HTML blocks (not code).

    The note is the user's Markdown and may hold anything, even an unclosed fence or a copy of
    our markers, so it runs from its first begin marker to the last end marker after it.
    """
    markers = _marker_blocks(body)
    regions: dict[str, tuple[int, int]] = {}
    note_begin = next(
        (line for line, kind, name in markers if kind == "begin" and name == NOTE), None
    )
    limit = len(body)
    if note_begin is not None:
        limit = note_begin
        ends = [i for i in range(note_begin + 1, len(body)) if _is_marker(body[i], "end", NOTE)]
        if ends:
            regions[NOTE] = (note_begin, ends[-1])
    for region in _GENERATED:
        begins = [line for line, kind, name in markers if (kind, name) == ("begin", region)]
        ends = [line for line, kind, name in markers if (kind, name) == ("end", region)]
        if begins and begins[0] < limit:
            end = next((line for line in ends if begins[0] < line < limit), None)
            if end is not None:
                regions[region] = (begins[0], end)
    return regions


def _marker_blocks(body: list[str]) -> list[tuple[int, str, str]]:
    """(line, "begin" or "end", region) of each marker that stands as an HTML block of its own."""
    plain = _plain_marker_blocks(body)
    return plain if plain is not None else _parsed_marker_blocks(body)


# Of what could hide a marker from the parser's view, only fences and reference definitions
# do not need a `<` at the start of a line.
_MAY_HIDE_MARKERS = re.compile(r"```|~~~|\]:")


def _plain_marker_blocks(body: list[str]) -> list[tuple[int, str, str]] | None:
    """The markers found without a parser (which takes most of a re-export), or None when the
    file has a fence, a reference definition or a `<` in a line that is not a marker.

    A marker line is a whole HTML block that may interrupt a paragraph and ends a block quote
    or list it follows; only an open fence, HTML block or reference title could swallow it.
    """
    found = []
    for number, line in enumerate(body):
        if "<" in line:
            match = _MARKER.match(line)
            if match is None:
                return None
            found.append((number, match[1], match[2]))
    if any(_MAY_HIDE_MARKERS.search(line) for line in body):
        return None
    return found


def _parsed_marker_blocks(body: list[str]) -> list[tuple[int, str, str]]:
    found = []
    for token in BLOCK_PARSER.parse("\n".join(body)):
        if token.type == "html_block" and token.level == 0 and token.map:
            match = _MARKER.match(token.content.strip())
            if match:
                found.append((token.map[0], match[1], match[2]))
    return found


def _is_marker(line: str, kind: str, region: str) -> bool:
    match = _MARKER.match(line.strip())
    return match is not None and (match[1], match[2]) == (kind, region)


def render_new_file(paper: Paper) -> str:
    """A fresh file: front matter, the generated regions, a Notes heading and the note."""
    note = clean_note(paper.note)
    body = [
        *_region(HEADER, _header_lines(paper)),
        "",
        *_region(ABSTRACT, _abstract_lines(paper)),
        "",
        "## Notes",
        "",
        *_region(NOTE, note.split("\n") if note else []),
        "",
    ]
    return _join(_owned_entries(paper, note_digest(note)), body)


def refresh_file(file: VaultFile, paper: Paper, state: NoteState) -> str:
    """The file with our front matter keys and generated regions refreshed, all else kept.

    The note section is replaced only when the library changed it and the file did not.
    """
    body = list(file.body)
    replacements = {HEADER: _header_lines(paper), ABSTRACT: _abstract_lines(paper)}
    if state is NoteState.LIBRARY_EDITED:
        note = clean_note(paper.note)
        replacements[NOTE] = note.split("\n") if note else []
    # From the bottom up, so that earlier line numbers stay valid.
    for name, (begin, end) in sorted(file.regions.items(), key=lambda item: -item[1][0]):
        if name in replacements:
            body[begin : end + 1] = _region(name, replacements[name])
    # While the file keeps a note of its own, the hash must still describe what we exported, so
    # that the edit (or the conflict) stays visible to the next export and to import-notes.
    exported_library_note = state in (NoteState.IN_SYNC, NoteState.LIBRARY_EDITED)
    digest = note_digest(paper.note) if exported_library_note else file.exported_digest
    users = [entry for entry in file.front_matter or () if entry.key not in _OWNED]
    return _join([*_owned_entries(paper, digest), *users], body)


def _region(name: str, inner: list[str]) -> list[str]:
    if not inner:
        return [marker("begin", name), marker("end", name)]
    return [marker("begin", name), "", *inner, "", marker("end", name)]


def _header_lines(paper: Paper) -> list[str]:
    return [f"# {escape_markdown(display_title(paper.title))}", "", metadata_line(paper)]


def _abstract_lines(paper: Paper) -> list[str]:
    abstract = escape_markdown(paper.abstract)
    return ["## Abstract", "", f"> {abstract}"] if abstract else []


def _owned_entries(paper: Paper, digest: str | None) -> list[FrontMatterEntry]:
    values: dict[str, object] = {
        "id": paper.id,
        "title": display_title(paper.title),
        "authors": [one_line(n) for n in paper.authors] if isinstance(paper.authors, list) else [],
        "author_count": paper.author_count,
        "published": paper.published,
        "status": paper.status.value,
        "rating": paper.rating,
        "tags": list(paper.tags),
        "sources": list(dict.fromkeys(source.file for source in paper.sources)),
        "added": paper.added_at or None,
        "note_sha": digest,
    }
    return [FrontMatterEntry(key, (f"{key}: {_yaml(values[key])}",)) for key in VAULT_KEYS]


# JSON strings are YAML strings, except for characters YAML does not allow to appear raw.
_NOT_YAML_PRINTABLE = re.compile("[\x7f-\x84\x86-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")


def _yaml(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_yaml(item) for item in value) + "]"
    if isinstance(value, str):
        quoted = json.dumps(value, ensure_ascii=False)
        return _NOT_YAML_PRINTABLE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", quoted)
    if value is None:
        return "null"
    return str(value)


def _join(entries: list[FrontMatterEntry], body: list[str]) -> str:
    front = [line for entry in entries for line in entry.lines]
    return "\n".join(["---", *front, "---", *body])
