"""Search (search.py): published content only, every word must match, and one query per kind."""

from __future__ import annotations

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.urls import reverse

from ankle_education import search as search_module
from ankle_education.search import search
from tests.factories import ConditionFactory, TreatmentTierFactory

pytestmark = pytest.mark.django_db


def titles(query: str) -> list[str]:
    return [result.title for result in search(query)]


def test_finds_published_conditions_by_any_field(searchable_content):
    assert titles("swelling") == ["Achilles tendinitis"]
    assert titles("achilles heel") == ["Achilles tendinitis"]


def test_finds_tips_and_causes(searchable_content):
    assert titles("shoes") == ["Replace worn shoes"]
    assert titles("overuse") == ["Overuse injuries"]


def test_finds_treatment_tiers_as_sections_of_the_ladder(searchable_content):
    tier = TreatmentTierFactory(name="Home care", body="Pain relief such as ibuprofen can help.")
    TreatmentTierFactory(draft=True, name="Draft tier", body="Ibuprofen again.")
    [result] = search("ibuprofen")
    assert (result.kind, result.title) == ("Treatment", "Home care")
    assert result.url == reverse("ankle_education:treatment") + f"#ankle-tier-{tier.slug}"


def test_every_word_must_match(searchable_content):
    assert titles("achilles shoes") == []


def test_drafts_and_conditions_in_draft_categories_are_never_found(searchable_content):
    assert "Draft tendinitis" not in titles("tendinitis")
    assert "Hidden tendinitis" not in titles("tendinitis")


def test_results_link_to_the_public_pages(searchable_content):
    [result] = search("swelling")
    assert result.url == searchable_content["condition"].get_absolute_url()
    assert result.summary == searchable_content["condition"].summary
    assert str(result.kind) == "Condition"


def test_postgresql_stems_words_and_other_databases_match_substrings(searchable_content):
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


def test_one_query_per_kind_of_content(searchable_content, django_assert_max_num_queries):
    ConditionFactory.create_batch(30, symptoms="Swelling everywhere.")
    with django_assert_max_num_queries(len(search_module.SEARCHABLE)):
        assert len(search("swelling")) == search_module.MAX_RESULTS_PER_KIND
