"""Search: the query language, the index, and highlighting of matches."""

from __future__ import annotations

from readinglist.search.highlight import highlight_spans
from readinglist.search.index import TAG_SEPARATOR, Hit, Ranking, SearchIndex, field_text
from readinglist.search.query import QUERY_HELP, Filter, Query, parse_query

__all__ = [
    "QUERY_HELP",
    "TAG_SEPARATOR",
    "Filter",
    "Hit",
    "Query",
    "Ranking",
    "SearchIndex",
    "field_text",
    "highlight_spans",
    "parse_query",
]
