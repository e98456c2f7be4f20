"""Search over published categories, conditions, prevention tips and treatment tiers.

Every word of the query must match, stemmed ("sprained" finds "sprain") or, from four letters on, as the start
of a word ("achil" finds "Achilles"); where nothing has them all, the search page asks again for any of them
(``every_word=False``). Results whose name, or a condition's "also called" terms, hold every word
come first; the rest follow by relevance. Both databases read a stored index that they keep in step with every
write themselves (migration 0008):

- PostgreSQL: the ``search_document`` tsvector column, GIN-indexed, in the site language's configuration;
- SQLite: an FTS5 table per searched table, ``<table>_search``, with the Porter stemmer for English.

Other databases get a plain "every word appears somewhere" match. Each kind of content takes one query.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from operator import and_, methodcaller, or_
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ankle_education.models import Category, Condition, PreventionTip, TreatmentTier

# Longest query the search form accepts; longer ones are refused with a message.
MAX_QUERY_LENGTH = 200
# Most results shown per kind of content: one results page, no pagination needed.
MAX_RESULTS_PER_KIND = 20
# A query word this long also matches words it begins; a shorter one would match too much.
MIN_PREFIX_LENGTH = 4
# PostgreSQL's text search configuration per language (ISO 639-1); others get "simple": no stemming.
TEXT_SEARCH_CONFIGS = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "da": "danish", "nl": "dutch",
    "en": "english", "fi": "finnish", "fr": "french", "de": "german", "el": "greek", "hi": "hindi",
    "hu": "hungarian", "id": "indonesian", "ga": "irish", "it": "italian", "lt": "lithuanian", "ne": "nepali",
    "nb": "norwegian", "nn": "norwegian", "no": "norwegian", "pt": "portuguese", "ro": "romanian",
    "ru": "russian", "sr": "serbian", "es": "spanish", "sv": "swedish", "ta": "tamil", "tr": "turkish",
    "yi": "yiddish",
}
# PostgreSQL's English stop words (tsearch_data/english.stop). PostgreSQL drops them from queries; SQLite's
# FTS5 has no stop words, so they are dropped here too, and "can't walk" means "walk" on both.
ENGLISH_STOP_WORDS = frozenset(
    [
        "i", "me", "my", "myself", "we", "our", "ours", "ourselves", "you", "your", "yours", "yourself", "yourselves",
        "he", "him", "his", "himself", "she", "her", "hers", "herself", "it", "its", "itself", "they", "them", "their",
        "theirs", "themselves", "what", "which", "who", "whom", "this", "that", "these", "those", "am", "is", "are",
        "was", "were", "be", "been", "being", "have", "has", "had", "having", "do", "does", "did", "doing", "a", "an",
        "the", "and", "but", "if", "or", "because", "as", "until", "while", "of", "at", "by", "for", "with", "about",
        "against", "between", "into", "through", "during", "before", "after", "above", "below", "to", "from", "up",
        "down", "in", "out", "on", "off", "over", "under", "again", "further", "then", "once", "here", "there", "when",
        "where", "why", "how", "all", "any", "both", "each", "few", "more", "most", "other", "some", "such", "no",
        "nor", "not", "only", "own", "same", "so", "than", "too", "very", "s", "t", "can", "will", "just", "don",
        "should", "now",
    ]
)
# The stored index (migration 0008): PostgreSQL's column, and the suffix of SQLite's FTS5 tables.
DOCUMENT_COLUMN = "search_document"
FTS_TABLE_SUFFIX = "_search"
# SQLite's relevance weights for the FTS5 columns (title, summary, body): ts_rank's defaults for
# PostgreSQL's weights A, B and C (1.0, 0.4, 0.2), so both rank alike.
FTS_WEIGHTS = (5.0, 2.0, 1.0)


@dataclass(frozen=True)
class SearchResult:
    kind: str | Promise
    title: str
    url: str
    summary: str
    # A condition's other names, shown with the result: they may be why it was found.
    also_called: str = ""


@dataclass(frozen=True)
class Searchable:
    """One kind of content: its public rows, the fields searched, and how a row reads as a result."""

    kind: str | Promise
    queryset: Callable[[], QuerySet[Any]]
    # The name first, then any other names: a match on these ranks first.
    title_fields: tuple[str, ...]
    # The summary first, then the page's text.
    text_fields: tuple[str, ...]
    url: Callable[[Any], str] = methodcaller("get_absolute_url")


def tier_url(tier: TreatmentTier) -> str:
    """A tier has no page of its own: it is a section of the treatment ladder."""
    return f"{reverse('ankle_education:treatment')}#ankle-tier-{tier.slug}"


SEARCHABLE = (
    Searchable(
        _("Condition"),
        Condition.objects.published,
        ("name", "also_called"),
        ("summary", "overview", "symptoms", "causes"),
    ),
    Searchable(_("Prevention tip"), PreventionTip.objects.published, ("title",), ("summary", "body")),
    Searchable(
        _("Treatment"),
        TreatmentTier.objects.published,
        ("name",),
        ("summary", "body", "when_to_move_up"),
        url=tier_url,
    ),
    Searchable(_("Cause"), Category.objects.published, ("name",), ("summary", "body")),
)


def text_search_config() -> str:
    """PostgreSQL's text search configuration for the site's language, e.g. "english" for "en-gb"."""
    language = re.split(r"[-_]", settings.LANGUAGE_CODE.lower())[0]
    return TEXT_SEARCH_CONFIGS.get(language, "simple")


def query_words(query: str) -> list[str]:
    """The words of ``query`` (letters and digits only, so nothing reads as search syntax), stop words left out."""
    words = re.findall(r"[^\W_]+", query.lower())
    if text_search_config() == "english":
        words = [word for word in words if word not in ENGLISH_STOP_WORDS]
    return words


def _prefixable(word: str) -> bool:
    return len(word) >= MIN_PREFIX_LENGTH


# A piece of SQL and its parameters.
Fragment = tuple[str, list[Any]]


def _ranked(queryset: QuerySet[Any], found: Fragment, title_match: Fragment, relevance: Fragment) -> QuerySet[Any]:
    """The rows ``found`` selects: name matches first, then the most relevant, ties in the editors' order.

    The fragments hold quoted table names and constants only; every word of the query is a parameter.
    """
    ranked: QuerySet[Any] = (
        queryset.filter(RawSQL(*found, output_field=BooleanField()))  # noqa: S611
        .alias(
            title_match=RawSQL(*title_match, output_field=BooleanField()),  # noqa: S611
            relevance=RawSQL(*relevance, output_field=FloatField()),  # noqa: S611
        )
        .order_by("-title_match", "-relevance", *queryset.model._meta.ordering, "pk")
    )
    return ranked


def _postgresql(queryset: QuerySet[Any], searchable: Searchable, words: list[str], every_word: bool) -> QuerySet[Any]:
    # Django does not know the column: the database writes it (migration 0008). Matched and ranked, not selected.
    document = f"{connection.ops.quote_name(queryset.model._meta.db_table)}.{DOCUMENT_COLUMN}"
    tsquery = "to_tsquery(%s::regconfig, %s)"
    config = text_search_config()
    join = " & " if every_word else " | "
    anywhere = join.join(f"{word}:*" if _prefixable(word) else word for word in words)
    # The name and other names have weight A (migration 0008): "word:A" matches there only.
    in_title = join.join(f"{word}:*A" if _prefixable(word) else f"{word}:A" for word in words)
    return _ranked(
        queryset,
        found=(f"{document} @@ {tsquery}", [config, anywhere]),
        title_match=(f"{document} @@ {tsquery}", [config, in_title]),
        relevance=(f"ts_rank({document}, {tsquery})", [config, anywhere]),
    )


def _sqlite(queryset: QuerySet[Any], searchable: Searchable, words: list[str], every_word: bool) -> QuerySet[Any]:
    meta = queryset.model._meta
    pk = f"{connection.ops.quote_name(meta.db_table)}.{connection.ops.quote_name(meta.pk.column)}"
    fts = connection.ops.quote_name(meta.db_table + FTS_TABLE_SUFFIX)
    matching = f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s"  # noqa: S608  (see _ranked)
    # Each word a quoted FTS5 string, so no word reads as an operator; FTS5 ANDs them unless told OR.
    quoted = [f'"{word}"*' if _prefixable(word) else f'"{word}"' for word in words]
    anywhere = (" " if every_word else " OR ").join(quoted)
    # bm25() is lower for better matches: negated, higher is better, as ts_rank() on PostgreSQL.
    bm25 = f"-bm25({fts}, {', '.join(map(str, FTS_WEIGHTS))})"
    return _ranked(
        queryset,
        found=(f"{pk} IN ({matching})", [anywhere]),
        title_match=(f"{pk} IN ({matching})", [f"{{title}} : ({anywhere})"]),
        relevance=(f"SELECT {bm25} FROM {fts} WHERE {fts} MATCH %s AND rowid = {pk}", [anywhere]),  # noqa: S608
    )


def _contains(queryset: QuerySet[Any], searchable: Searchable, words: list[str], every_word: bool) -> QuerySet[Any]:
    # Every word (or any) must appear in at least one field; the ORM parameterises the words.
    def every_word_in(fields: tuple[str, ...]) -> Q:
        each = [reduce(or_, (Q(**{f"{field}__icontains": word}) for field in fields)) for word in words]
        return reduce(and_ if every_word else or_, each)

    title_match = ExpressionWrapper(every_word_in(searchable.title_fields), output_field=BooleanField())
    found = queryset.filter(every_word_in(searchable.title_fields + searchable.text_fields))
    # No relevance score here: name matches first, then the editors' order.
    ranked: QuerySet[Any] = found.alias(title_match=title_match).order_by(
        "-title_match", *queryset.model._meta.ordering, "pk"
    )
    return ranked


def matcher() -> Callable[[QuerySet[Any], Searchable, list[str], bool], QuerySet[Any]]:
    """How the current database matches a query: its stored index on PostgreSQL and SQLite, substrings elsewhere."""
    return {"postgresql": _postgresql, "sqlite": _sqlite}.get(connection.vendor, _contains)


def search(query: str, every_word: bool = True) -> list[SearchResult]:
    """Published content matching ``query`` (every word, or any), conditions first; one query per kind."""
    words = query_words(query)
    if not words:
        return []
    match = matcher()
    results: list[SearchResult] = []
    for searchable in SEARCHABLE:
        rows: list[Category | Condition | PreventionTip | TreatmentTier] = list(
            match(searchable.queryset(), searchable, words, every_word)[:MAX_RESULTS_PER_KIND]
        )
        results.extend(
            SearchResult(
                kind=searchable.kind,
                title=getattr(row, searchable.title_fields[0]),
                url=searchable.url(row),
                summary=row.summary,
                also_called=getattr(row, "also_called", ""),
            )
            for row in rows
        )
    return results
