"""Readable titles made up from an abstract, for sources that give none."""

from __future__ import annotations

import re
from collections.abc import Iterator

from readinglist.model import normalize_title
from readinglist.text import one_line

MAX_DERIVED_TITLE = 100
# Only the start of an abstract is read: names and aims come early, and this bounds the work.
_READ_CHARS = 6000
_UNTITLED = "Untitled paper"

# --- preparing the text -------------------------------------------------------------------------

_CITATION = re.compile(r"\s*\[[^\[\]]{0,80}\d[^\[\]]{0,80}\]")
_SUPERSCRIPT = re.compile(r"\$\^\{?([0-9+\-n])\}?\$")
_SUPERSCRIPT_CHARS = str.maketrans("0123456789+-n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻ⁿ")
_INLINE_MATH = re.compile(r"\$([^$]{1,30})\$")
_LATEX_COMMAND = re.compile(r"\\[A-Za-z]+(?:\{\})*")
_LATEX_ESCAPED = re.compile(r"\\([%&#_$])")
_LATEX_TIE = re.compile(r"(?<=\w)~(?=[(\w])")


def _prepare(abstract: str) -> str:
    """One line without citations or simple LaTeX, so names like Dr$^2$Net read as Dr²Net."""
    text = one_line(abstract[:_READ_CHARS])
    # Each clean-up only runs when its trigger character is there: most abstracts need none.
    if "[" in text:
        text = _CITATION.sub("", text)
    if "$" in text:
        text = _SUPERSCRIPT.sub(lambda m: m.group(1).translate(_SUPERSCRIPT_CHARS), text)
        text = _INLINE_MATH.sub(r"\1", text)
    if "\\" in text:
        text = _LATEX_COMMAND.sub("", _LATEX_ESCAPED.sub(r"\1", text)).replace("{}", "")
    if "~" in text:
        text = _LATEX_TIE.sub(" ", text)
    return text


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(\[])")
_ABBREVIATION_END = re.compile(r"\b(?:e\.g|i\.e|et al|etc|vs|cf|Fig|Figs|Eq|Sec|approx|resp|No)\.$")


def _sentences(text: str) -> list[str]:
    sentences: list[str] = []
    for piece in _SENTENCE_END.split(text):
        if sentences and _ABBREVIATION_END.search(sentences[-1][-12:]):
            sentences[-1] += " " + piece
        else:
            sentences.append(piece)
    return [s.strip() for s in sentences if s.strip()]


# --- cutting a phrase to length -----------------------------------------------------------------

# Where a noun phrase can end without leaving a dangling clause.
_CLAUSE_BOUNDARY = re.compile(
    r"\s*[,;:]\s|\s+[-\u2013\u2014]{1,3}\s+"
    r"|\s(?:that|which|whose|where|while|whereas|but|without|by|so that)\s"
    r"|\sand\s(?=(?:enables|allows|can|achieves|provides|improves|uses|supports|is|are|has|have"
    r"|outperforms|requires|reduces|makes|shows|demonstrates)\b)"
)
_FUNCTION_WORDS = frozenset(
    {
        "a", "an", "the", "of", "for", "in", "on", "with", "to", "and", "or", "by", "from", "via",
        "at", "as", "that", "which", "whose", "its", "their", "our", "is", "are", "into", "over",
        "under", "between", "through", "without", "while", "using", "can",
    }
)  # fmt: skip


def _fit(text: str, limit: int, min_words: int) -> str:
    """The text, or its first clause of at least `min_words` words, or a cut with an ellipsis."""
    text = text.strip().rstrip(" ,;:.")
    if len(text) <= limit:
        return text
    for match in _CLAUSE_BOUNDARY.finditer(text, 0, limit + 1):
        head = _balanced(text[: match.start()].rstrip(" ,;:"))
        words = head.split()
        if len(words) >= min_words and words[-1].lower() not in _FUNCTION_WORDS:
            return head
    return _cut_at_word(text, limit)


def _cut_at_word(text: str, limit: int) -> str:
    words = text[: limit - 1].split(" ")
    if len(text) > limit - 1 and text[limit - 1] != " " and len(words) > 1:
        words.pop()  # the last word was cut in half
    # Never end on "of", "for a", ...: drop a dangling function word from the last few.
    for index in range(max(1, len(words) - 3), len(words)):
        if words[index].lower() in _FUNCTION_WORDS:
            words = words[:index]
            break
    head = _balanced(" ".join(words).rstrip(" ,;:.-\u2013\u2014"))
    return head + "…"


def _balanced(text: str) -> str:
    """Cut before an opening parenthesis whose closing one was cut off."""
    opened = text.rfind("(")
    if opened > text.rfind(")"):
        return text[:opened].rstrip(" ,;:")
    return text


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- finding what the abstract introduces -------------------------------------------------------

_SUBJECT = re.compile(r"\b(?:we|our|this (?:paper|work|study|report))\b", re.I)
_INTRO_VERB = re.compile(
    r"\b(?:propose|present|introduce|develop|design|build|release|create|construct|devise"
    r"|offer|unveil|contribute)(?:s|d|ed)?\s+(?:here\s+)?"
    r"|\b(?P<preposition>with|via|through)\s+"
)
_NAME_HEAD = r"(?:[A-Z0-9$][\w$^{}+\-'.]*|[a-z][\w\-']*[A-Z0-9][\w$^{}+\-'.]*)"
_NAME_TAIL = r"[A-Z0-9][\w$^{}+\-'.]*"
_CONNECTOR = r"(?:of|for|and|the|in|on|to|with|via|from|by)"
_NAME = rf"{_NAME_HEAD}(?:\s+(?:{_CONNECTOR}\s+)?{_NAME_TAIL}){{0,7}}"
_ACRONYM = r"\((?P<acronym>[^()\s]{2,20})\)"
_ALIAS = rf"(?:,?\s+or\s+(?P<alias>{_NAME_HEAD})\b)?"
# "Language augmented CLIP (LaCLIP)", "marginalization models (MaMs)", then "ToolEmu", "xT".
_NAMED_WITH_ACRONYM = re.compile(
    rf"(?:the\s+)?(?P<name>[\w\-']+(?:\s+[\w\-'/]+){{0,5}}?)\s+{_ACRONYM}{_ALIAS}"
)
_NAMED_PLAIN = re.compile(rf"(?:the\s+)?(?P<name>{_NAME}){_ALIAS}")
# "a novel approach, Decoupled Refusal Training (DeRTa), which ..."
_DESCRIBED_THEN_NAMED = re.compile(
    rf"(?P<desc>(?:a|an|the)\s+[^,.;()]{{3,60}}?),\s+(?:the\s+)?(?P<name>{_NAME})"
    rf"(?:\s+{_ACRONYM})?(?=\s*(?:[,.;:]|$)|\s+(?:that|which|to|for|with|comprising|based)\b)"
)
_APPOSITION = re.compile(r"\s*(?:,|:|\s[-\u2013\u2014]{1,3})\s*(?P<desc>(?:a|an|the|our|one)\s.+)")
_NOT_NAMES = _FUNCTION_WORDS | frozenset(
    {
        "this", "these", "those", "it", "we", "one", "two", "three", "four", "five", "six", "both",
        "each", "such", "new", "novel", "first", "second", "third", "finally",
    }
)  # fmt: skip
_PREPOSITION_START = re.compile(r"(?:for|to|with|that|which|in|on|as|via|based|using)\b")


def _clean_name(name: str) -> str:
    return name.strip().rstrip(".,;:")


def _is_name(name: str) -> bool:
    first = name.split(" ", 1)[0]
    return bool(first) and first.lower() not in _NOT_NAMES and not first.isdigit()


def _full_name(match: re.Match[str]) -> str:
    groups = match.groupdict()
    name = _clean_name(groups["name"])
    extra = groups.get("acronym") or _clean_name(groups.get("alias") or "")
    return f"{name} ({extra})" if extra else name


def _titled(name: str, description: str, min_words: int = 4) -> str:
    if name.split(" ", 1)[0].islower():
        name = _capitalised(name)  # "latent corridors"; but "xT" stays as its authors wrote it
    name = _fit(name, MAX_DERIVED_TITLE, 1)
    room = MAX_DERIVED_TITLE - len(name) - 2
    if not description or room < 12:
        return name
    return f"{name}: {_fit(description, room, min_words)}"


def _subject_before(sentence: str, position: int) -> bool:
    return _SUBJECT.search(sentence, 0, position) is not None


def _introduced_name(sentences: list[str]) -> str | None:
    """`we introduce ToolEmu, a framework ...` -> `ToolEmu: a framework ...`."""
    for index, sentence in enumerate(sentences):
        subject = _SUBJECT.search(sentence)
        if subject is None:
            continue
        for verb in _INTRO_VERB.finditer(sentence, subject.end()):
            title = _name_after_verb(sentences, index, verb)
            if title:
                return title
    return None


def _name_after_verb(sentences: list[str], index: int, verb: re.Match[str]) -> str | None:
    sentence = sentences[index]
    described = _DESCRIBED_THEN_NAMED.match(sentence, verb.end())
    if described and _is_name(described["name"]) and not verb["preposition"]:
        return _titled(_full_name(described), described["desc"], 2)
    named = _NAMED_WITH_ACRONYM.match(sentence, verb.end())
    if not named or not _is_name(named["name"]):
        named = _NAMED_PLAIN.match(sentence, verb.end())
    if not named or not _is_name(named["name"]):
        return None
    name = _full_name(named)
    rest = sentence[named.end() :].strip()
    apposition = _APPOSITION.match(rest)
    if apposition:
        return _titled(name, apposition["desc"])
    if verb["preposition"]:
        return None
    if _PREPOSITION_START.match(rest):
        return _fit(f"{name} {rest}", MAX_DERIVED_TITLE, 4)
    description = _described_elsewhere(named["name"], sentences[index + 1 :])
    if description:
        return _titled(name, description)
    if len(name.split()) >= 3 and rest[:1] in ("", ",", ".", ";"):
        return _titled(name, "")  # "Approximated Gradient Scaling for ... (APOLLO)"
    if not rest.strip(" ."):
        return _titled(name, _first_sentence(sentences))
    return None  # "we propose Bayesian optimisation for ...": not a name after all


def _described_elsewhere(name: str, sentences: list[str]) -> str | None:
    """`InstaAug is a method for ...` in a later sentence."""
    pattern = re.compile(rf"^{re.escape(_clean_name(name))} (?:is|are) (?P<desc>(?:a|an) .+)")
    for sentence in sentences:
        match = pattern.match(sentence)
        if match:
            return match["desc"]
    return None


_CALLED = re.compile(
    r"\b(?:called|named|dubbed|termed|coined)\s+"
    r"|\b(?:call|name|dub|term)\s+(?:it|this|them|these|(?:this|our|the) \w+)\s+"
)
_CALLED_NAME = re.compile(
    r"[\"“](?P<quoted>[^\"”]{1,60})[\"”]"
    r"|(?P<plain>[^,;:.!?()\"]+?)(?=\s*(?:[,;:.!?(]|$)|\s(?:that|which|whose|where|to|for|and|as"
    r"|in|on|of|by|from|with|using|based|is|are|was|were|because|since|we)\s)"
)
_PARENTHESIS = re.compile(
    r"\s*\((?P<inside>[^()]{1,120})\)(?:\s+(?P<noun>[a-z][\w\-]*)(?=[,.;:]|$))?"
)
_ARTICLE = re.compile(r"\b(?:a|an|the|our)\s")
_VERB_INSIDE = re.compile(r"\b(?:is|are|was|were|be|and|propose|proposes|introduce|introduces)\b")


def _called_name(sentences: list[str]) -> str | None:
    """`... an approach called latent corridors` -> `Latent corridors: an approach ...`."""
    for sentence in sentences:
        called = _CALLED.search(sentence)
        if not called or not _subject_before(sentence, called.start()):
            continue
        named = _CALLED_NAME.match(sentence, called.end())
        if not named:
            continue
        name = re.sub(r"^the\s+", "", (named["quoted"] or named["plain"]).strip())
        if not name or len(name.split()) > 6:
            continue
        expansion = ""
        parenthesis = _PARENTHESIS.match(sentence, named.end())
        if parenthesis and len(parenthesis["inside"].split()) >= 3:
            expansion = parenthesis["inside"]  # "ERASE (Error-Resilient representation ...)"
        elif parenthesis:
            name = f"{name} ({parenthesis['inside']}) {parenthesis['noun'] or ''}".strip()
        description = (
            expansion
            or _noun_phrase_before(sentence, called.start())
            or _proposed_phrase(sentences)
        )
        if description:
            return _titled(name, description)
    return None


def _noun_phrase_before(sentence: str, position: int) -> str | None:
    """The shortest `a/the ...` phrase that ends right before `called`."""
    head = sentence[:position].rstrip()
    starts = [m.start() for m in _ARTICLE.finditer(head)]
    for start in reversed(starts):
        phrase = head[start:]
        if len(phrase.split()) > 9 or _VERB_INSIDE.search(phrase) or "," in phrase:
            return None
        if len(phrase.split()) >= 2:
            return phrase
    return None


_COINED = re.compile(rf"\s+{_ACRONYM}")
_NAMING_VERB = re.compile(
    r"\b(?:propose|present|introduce|develop|design|formulate|define|call|term|dub|name|coin)"
    r"(?:s|d|ed)?\s+(?:(?:a|an|the|our)\s+)?"
)


def _coined_acronym(sentences: list[str]) -> str | None:
    """`formulate diffusion models as masked autoencoders (DiffMAE)` -> `DiffMAE: diffusion ...`."""
    for sentence in sentences:
        for match in _COINED.finditer(sentence):
            acronym = match["acronym"]
            before = sentence[: match.start()]
            verbs = list(_NAMING_VERB.finditer(before))
            if not verbs or not _subject_before(sentence, verbs[-1].start()):
                continue
            phrase = before[verbs[-1].end() :].strip()
            if len(phrase.split()) < 2 or not _is_coined(acronym, phrase):
                continue
            if _is_title_case(phrase):
                return _fit(f"{phrase} ({acronym})", MAX_DERIVED_TITLE, 3)
            return _titled(acronym, phrase, 2)
    return None


def _is_coined(acronym: str, before: str) -> bool:
    """A made-up name like DiffMAE, not the initials of the words before it like LLM."""
    capitals = [c for c in acronym if c.isupper()]
    if len(capitals) < 2 or not re.fullmatch(r"[A-Za-z][\w\-]*", acronym):
        return False
    words = re.findall(r"[A-Za-z0-9]+", before)[-(len(capitals) + 3) :]
    initials = iter(w[0].upper() for w in words)
    is_initialism = all(any(c == i for i in initials) for c in capitals)
    return not is_initialism


def _is_title_case(phrase: str) -> bool:
    words = phrase.split()
    return sum(w[:1].isupper() for w in words) >= 0.6 * len(words)


_PROPOSED = re.compile(
    r"\b(?:propose|present|introduce|develop|design|devise|describe|offer)(?:s|d|ed)?\s+"
    r"(?P<phrase>(?:a|an|the|our)\s.+)"
)


def _proposed_phrase(sentences: list[str]) -> str | None:
    for sentence in sentences:
        for match in _PROPOSED.finditer(sentence):
            if _subject_before(sentence, match.start()):
                return match["phrase"]
    return None


def _proposed_thing(sentences: list[str]) -> str | None:
    """`We propose a simple regression approach for ...` -> `A simple regression approach ...`."""
    phrase = _proposed_phrase(sentences)
    return _capitalised(_fit(phrase, MAX_DERIVED_TITLE, 6)) if phrase else None


_GERUNDS = {
    "study": "Studying",
    "characterize": "Characterizing",
    "characterise": "Characterising",
    "investigate": "Investigating",
    "explore": "Exploring",
    "examine": "Examining",
    "analyze": "Analyzing",
    "analyse": "Analysing",
    "formalize": "Formalizing",
    "revisit": "Revisiting",
    "evaluate": "Evaluating",
    "quantify": "Quantifying",
    "measure": "Measuring",
    "compare": "Comparing",
    "benchmark": "Benchmarking",
    "survey": "Surveying",
    "tackle": "Tackling",
}
_STUDY = re.compile(
    r"^(?:(?:in|with) this (?:paper|work|study),?\s+|here,?\s+)?we\s+"
    rf"(?:(?:first|also|systematically|empirically|theoretically)\s+)?(?P<verb>{'|'.join(_GERUNDS)})\s+"
    r"(?P<object>(?!(?:this|these|that|those|it|them|such|our)\b).+)",
    re.I,
)


def _studied_question(sentences: list[str]) -> str | None:
    """`In this work, we characterize properties ...` -> `Characterizing properties ...`."""
    for sentence in sentences:
        match = _STUDY.match(sentence)
        if match:
            phrase = f"{_GERUNDS[match['verb'].lower()]} {match['object']}"
            return _fit(phrase, MAX_DERIVED_TITLE, 6)
    return None


_APPOSITIVE = re.compile(rf"(?<!\S)(?P<name>{_NAME_HEAD}),\s+(?P<desc>(?:a|an)\s.+)")
_INNER_CAPITAL = re.compile(r".[A-Z0-9]")


def _appositive_name(sentences: list[str]) -> str | None:
    """`... with AlpacaFarm, a simulator ...` -> `AlpacaFarm: a simulator ...`."""
    for sentence in sentences:
        if not _subject_before(sentence, len(sentence)):
            continue
        for match in _APPOSITIVE.finditer(sentence):
            name = match["name"]
            # A capitalised first word ("However, a ...") is no name unless it looks coined.
            if match.start() == 0 and not _INNER_CAPITAL.match(name):
                continue
            if _is_name(name):
                return _titled(name, match["desc"])
    return None


_LEAD_IN = re.compile(r"^(?:in this (?:paper|work|study),?|here,?)\s+", re.I)
_ASIDE = re.compile(r"\s*\([^()]{25,}\)")


def _first_sentence(sentences: list[str]) -> str:
    first = _cut_or_whole(_ASIDE.sub("", _LEAD_IN.sub("", sentences[0]))) if sentences else ""
    return _capitalised(first) if first.strip(" .…") else _UNTITLED


def _cut_or_whole(sentence: str) -> str:
    sentence = sentence.strip().rstrip(" .")
    return sentence if len(sentence) <= MAX_DERIVED_TITLE else _cut_at_word(sentence, 100)


_FINDERS = (
    _introduced_name,
    _called_name,
    _coined_acronym,
    _proposed_thing,
    _studied_question,
    _appositive_name,
)


def title_candidates(abstract: str) -> Iterator[str]:
    """Titles for an abstract, best first; the last one is always its first sentence."""
    sentences = _sentences(_prepare(abstract))
    for finder in _FINDERS:
        title = finder(sentences)
        if title and len(title) > 3:
            yield title
    yield _first_sentence(sentences)


def derive_title(abstract: str) -> str:
    """A readable title of at most 100 characters: the introduced name and what it is if any."""
    return next(title_candidates(abstract))


def unique_derived_title(abstract: str, taken: set[str]) -> str:
    """The best title for an abstract that no other paper in `taken` (normalised) has yet."""
    base = ""
    for title in title_candidates(abstract):  # lazily: the first one is nearly always free
        base = base or title
        if normalize_title(title) not in taken:
            taken.add(normalize_title(title))
            return title
    number = 2
    while True:
        suffix = f" ({number})"
        fits = len(base) + len(suffix) <= MAX_DERIVED_TITLE
        title = (base if fits else _cut_at_word(base, MAX_DERIVED_TITLE - len(suffix))) + suffix
        if normalize_title(title) not in taken:
            taken.add(normalize_title(title))
            return title
        number += 1
