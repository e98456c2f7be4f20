"""Search over published categories, conditions, prevention tips and treatment tiers.

PostgreSQL gets full-text search (stemmed, ranked); other databases get a plain
"every word appears somewhere" match. Both return the same results, shaped alike.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from operator import and_, methodcaller, or_
from typing import Any

from django.db import connection
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ankle_education.models import Category, Condition, PreventionTip, TreatmentTier

# Longest query the search form accepts; longer ones are refused with a message.
MAX_QUERY_LENGTH = 200
# Most results shown per kind of content: one results page, no pagination needed.
MAX_RESULTS_PER_KIND = 20
# PostgreSQL text search configuration: the content is written in English.
TEXT_SEARCH_CONFIG = "english"


@dataclass(frozen=True)
class SearchResult:
    kind: str | Promise
    title: str
    url: str
    summary: str


@dataclass(frozen=True)
class Searchable:
    """One kind of content: its public rows, the fields searched, and how a row reads as a result."""

    kind: str | Promise
    queryset: Callable[[], QuerySet[Any]]
    fields: tuple[str, ...]
    title_field: str
    url: Callable[[Any], str] = methodcaller("get_absolute_url")


def tier_url(tier: TreatmentTier) -> str:
    """A tier has no page of its own: it is a section of the treatment ladder."""
    return f"{reverse('ankle_education:treatment')}#ankle-tier-{tier.slug}"


SEARCHABLE = (
    Searchable(
        _("Condition"), Condition.objects.published, ("name", "summary", "overview", "symptoms", "causes"), "name"
    ),
    Searchable(_("Prevention tip"), PreventionTip.objects.published, ("title", "summary", "body"), "title"),
    Searchable(
        _("Treatment"),
        TreatmentTier.objects.published,
        ("name", "summary", "body", "when_to_move_up"),
        "name",
        url=tier_url,
    ),
    Searchable(_("Cause"), Category.objects.published, ("name", "summary", "body"), "name"),
)


def _full_text(queryset: QuerySet[Any], fields: tuple[str, ...], query: str) -> QuerySet[Any]:
    # Imported here: django.contrib.postgres needs psycopg, which SQLite-only hosts may not have.
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = SearchVector(*fields, config=TEXT_SEARCH_CONFIG)
    search_query = SearchQuery(query, search_type="websearch", config=TEXT_SEARCH_CONFIG)
    ranked: QuerySet[Any] = (
        queryset.annotate(document=vector)
        .filter(document=search_query)
        .annotate(rank=SearchRank(F("document"), search_query))
        .order_by("-rank", "pk")
    )
    return ranked


def _contains(queryset: QuerySet[Any], fields: tuple[str, ...], query: str) -> QuerySet[Any]:
    # Every word must appear in at least one field; the ORM parameterises the words.
    each_word = [reduce(or_, (Q(**{f"{field}__icontains": word}) for field in fields)) for word in query.split()]
    return queryset.filter(reduce(and_, each_word))


def matcher() -> Callable[[QuerySet[Any], tuple[str, ...], str], QuerySet[Any]]:
    """How the current database matches a query: full text on PostgreSQL, a substring match elsewhere."""
    return _full_text if connection.vendor == "postgresql" else _contains


def search(query: str) -> list[SearchResult]:
    """Published content matching ``query``, conditions first; one query per kind of content."""
    if not query.split():
        return []
    match = matcher()
    results: list[SearchResult] = []
    for searchable in SEARCHABLE:
        rows: list[Category | Condition | PreventionTip | TreatmentTier] = list(
            match(searchable.queryset(), searchable.fields, query)[:MAX_RESULTS_PER_KIND]
        )
        results.extend(
            SearchResult(
                kind=searchable.kind,
                title=getattr(row, searchable.title_field),
                url=searchable.url(row),
                summary=row.summary,
            )
            for row in rows
        )
    return results
