"""Search: published content only, one results page, and no input can make it fail."""

from __future__ import annotations

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.urls import reverse

from ankle_education import search as search_module
from ankle_education.models import Condition
from ankle_education.search import MAX_QUERY_LENGTH, search
from tests.factories import CategoryFactory, ConditionFactory, PreventionTipFactory, TreatmentTierFactory

pytestmark = pytest.mark.django_db

SEARCH_URL = reverse("ankle_education:search")


@pytest.fixture
def content():
    category = CategoryFactory(name="Overuse injuries", summary="Doing too much, too soon.")
    return {
        "condition": ConditionFactory(
            name="Achilles tendinitis", category=category, symptoms="Swelling above the heel bone."
        ),
        "tip": PreventionTipFactory(title="Replace worn shoes", body="Swap them every 300 to 500 miles."),
        "category": category,
        "draft": ConditionFactory(draft=True, name="Draft tendinitis", symptoms="Swelling too."),
        "hidden_by_category": ConditionFactory(
            name="Hidden tendinitis", category=CategoryFactory(draft=True), symptoms="Swelling again."
        ),
    }


def titles(query: str) -> list[str]:
    return [result.title for result in search(query)]


def test_finds_published_conditions_by_any_field(content):
    assert titles("swelling") == ["Achilles tendinitis"]
    assert titles("achilles heel") == ["Achilles tendinitis"]


def test_finds_tips_and_causes(content):
    assert titles("shoes") == ["Replace worn shoes"]
    assert titles("overuse") == ["Overuse injuries"]


def test_finds_treatment_tiers_as_sections_of_the_ladder(content):
    tier = TreatmentTierFactory(name="Home care", body="Pain relief such as ibuprofen can help.")
    TreatmentTierFactory(draft=True, name="Draft tier", body="Ibuprofen again.")
    [result] = search("ibuprofen")
    assert (result.kind, result.title) == ("Treatment", "Home care")
    assert result.url == reverse("ankle_education:treatment") + f"#ankle-tier-{tier.slug}"


def test_every_word_must_match(content):
    assert titles("achilles shoes") == []


def test_drafts_and_conditions_in_draft_categories_are_never_found(content):
    assert "Draft tendinitis" not in titles("tendinitis")
    assert "Hidden tendinitis" not in titles("tendinitis")


def test_results_link_to_the_public_pages(content):
    [result] = search("swelling")
    assert result.url == content["condition"].get_absolute_url()
    assert result.summary == content["condition"].summary
    assert str(result.kind) == "Condition"


def test_postgresql_stems_words_and_other_databases_match_substrings(content):
    # "swellings" is not a substring of "Swelling", but English stemming makes them one word.
    assert bool(titles("swellings")) == (connection.vendor == "postgresql")


def test_the_matcher_follows_the_database(monkeypatch):
    wrapper = connections[DEFAULT_DB_ALIAS]  # the object behind the `connection` proxy
    monkeypatch.setattr(wrapper, "vendor", "postgresql")
    assert search_module.matcher() is search_module._full_text
    monkeypatch.setattr(wrapper, "vendor", "sqlite")
    assert search_module.matcher() is search_module._contains


def test_blank_query_finds_nothing_without_querying(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert search("   ") == []


def test_one_query_per_kind_of_content(content, django_assert_max_num_queries):
    ConditionFactory.create_batch(30, symptoms="Swelling everywhere.")
    with django_assert_max_num_queries(len(search_module.SEARCHABLE)):
        assert len(search("swelling")) == search_module.MAX_RESULTS_PER_KIND


def test_page_shows_results_with_a_labelled_search_form(client, content):
    response = client.get(SEARCH_URL, {"q": "swelling"})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<form class="ankle-search" role="search" method="get"' in html
    assert '<label for="ankle-search-q">Search this guide</label>' in html
    assert 'name="q" value="swelling"' in html
    assert "1 result for “swelling”" in html
    assert f'<a href="{content["condition"].get_absolute_url()}">Achilles tendinitis</a>' in html
    assert '<meta name="robots" content="noindex">' in html


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "   "}, {"other": "x"}])
def test_empty_search_shows_a_friendly_hint(client, params):
    response = client.get(SEARCH_URL, params)
    assert response.status_code == 200
    assert "Type a word or two about your ankle pain" in response.content.decode()


def test_nothing_found_says_so(client, content):
    html = client.get(SEARCH_URL, {"q": "zebra"}).content.decode()
    assert "0 results for “zebra”" in html and "Nothing matched." in html


def test_longest_allowed_query_is_answered(client, content):
    assert client.get(SEARCH_URL, {"q": "a" * MAX_QUERY_LENGTH}).status_code == 200


def test_oversized_query_is_refused_with_a_message(client, content):
    response = client.get(SEARCH_URL, {"q": "ankle " * 2000})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Please shorten your search to 200 characters or fewer." in html
    assert 'aria-invalid="true" aria-describedby="ankle-search-error"' in html


def test_null_character_is_refused_with_a_message(client):
    response = client.get(SEARCH_URL, {"q": "ankle\x00"})
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "'; DROP TABLE ankle_education_condition; --",
        "\" OR 1=1 --",
        "% _ \\",
        "tendinitis & | ! ( ) : * <->",
        "<script>alert(1)</script>",
    ],
)
def test_sql_ish_and_markup_queries_are_harmless(client, content, query):
    response = client.get(SEARCH_URL, {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.content.decode()
    assert Condition.objects.count() == 3
