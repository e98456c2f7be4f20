"""Search (search.py): published content only, stemmed and ranked alike on PostgreSQL and SQLite, a name or
"also called" match first, read from a stored index the database keeps in step, and one query per kind."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ankle_education import search as search_module
from ankle_education.models import Category, Condition, PreventionTip, Status, TreatmentTier
from ankle_education.search import search
from tests.factories import CategoryFactory, ConditionFactory, PreventionTipFactory, TreatmentTierFactory

pytestmark = pytest.mark.django_db

SEARCHED_MODELS = (Category, Condition, PreventionTip, TreatmentTier)


def titles(query: str) -> list[str]:
    return [result.title for result in search(query)]


def sprain_and_a_condition_that_mentions_sprains() -> None:
    """The starter library's shape: a tendon page ordered before the sprain page, and saying "sprain" more."""
    ConditionFactory(
        name="Peroneal tendinopathy",
        order=1,
        summary="A sore tendon on the outer side of the ankle.",
        causes="- an old ankle sprain\n- sprains that keep coming back\n- a sprain that did not get rehab",
    )
    ConditionFactory(name="Ankle sprain", order=2, summary="You roll your ankle and stretch a ligament.")


def gin_indexed_columns(table: str) -> list[list[str]]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return [c["columns"] for c in constraints.values() if c["index"] and c["type"] == "gin"]


def sqlite_tables() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {name for (name,) in cursor.fetchall()}


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


def test_unpublished_content_is_never_found_by_any_field(searchable_content):
    hidden_category = CategoryFactory(draft=True)
    for status in (Status.DRAFT, Status.IN_REVIEW, Status.ARCHIVED):
        ConditionFactory(status=status, name=f"{status} sprain", also_called="rolled ankle")
        PreventionTipFactory(status=status, title=f"{status} sprain tip")
        TreatmentTierFactory(status=status, name=f"{status} sprain tier")
        CategoryFactory(status=status, name=f"{status} sprain cause")
    ConditionFactory(category=hidden_category, name="Hidden sprain", also_called="rolled ankle")
    assert titles("sprain") == []
    assert titles("rolled ankle") == []


def test_results_link_to_the_public_pages(searchable_content):
    [result] = search("swelling")
    assert result.url == searchable_content["condition"].get_absolute_url()
    assert result.summary == searchable_content["condition"].summary
    assert str(result.kind) == "Condition"


def test_words_are_stemmed_on_every_database(searchable_content):
    ConditionFactory(name="Ankle sprain", symptoms="- swelling and bruising")
    assert titles("sprained") == ["Ankle sprain"]
    assert set(titles("swellings")) == {"Achilles tendinitis", "Ankle sprain"}
    assert "Ankle sprain" in titles("bruises")


def test_a_name_match_ranks_first():
    sprain_and_a_condition_that_mentions_sprains()
    assert titles("sprain") == ["Ankle sprain", "Peroneal tendinopathy"]
    assert titles("sprains") == ["Ankle sprain", "Peroneal tendinopathy"]


def test_a_name_match_needs_every_word_in_the_name():
    ConditionFactory(name="Ankle sprain", order=1, symptoms="Pain on the outer side, pain when you walk.")
    ConditionFactory(name="Outer ankle pain", order=2, symptoms="A sprain.")
    assert titles("outer ankle pain") == ["Outer ankle pain", "Ankle sprain"]


def test_also_called_terms_are_found_and_rank_with_the_name():
    ConditionFactory(name="Medical check", order=1, summary="An X-ray can show a broken bone.")
    ConditionFactory(name="Stress fracture", order=2, also_called="broken bone, hairline fracture")
    assert titles("broken bone") == ["Stress fracture", "Medical check"]
    assert titles("broken bones") == ["Stress fracture", "Medical check"]
    assert titles("hairline") == ["Stress fracture"]
    [result, _other] = search("broken bone")
    assert result.also_called == "broken bone, hairline fracture"


def test_stop_words_are_left_out_alike_on_every_database():
    ConditionFactory(name="Ankle sprain", summary="You may find it hard to walk.")
    assert titles("can't walk") == titles("walk") == ["Ankle sprain"]
    assert titles("the") == []


def test_a_query_of_punctuation_only_finds_nothing_without_querying(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert search("\"'()*:-") == []


def test_search_reads_a_stored_index_it_does_not_compute(searchable_content):
    """PostgreSQL: a tsvector column with a GIN index, never to_tsvector() per query. SQLite: FTS5 tables."""
    with CaptureQueriesContext(connection) as queries:
        assert titles("swelling") == ["Achilles tendinitis"]
    condition_sql = queries.captured_queries[0]["sql"]
    if connection.vendor == "postgresql":
        assert "to_tsvector" not in condition_sql
        assert all(gin_indexed_columns(model._meta.db_table) == [["search_document"]] for model in SEARCHED_MODELS)
    else:
        assert " MATCH " in condition_sql
        assert {f"{model._meta.db_table}_search" for model in SEARCHED_MODELS} <= sqlite_tables()


def test_the_index_follows_saves_bulk_updates_and_deletes(searchable_content):
    condition = searchable_content["condition"]
    condition.name = "Heel cord pain"
    condition.save()
    assert titles("cord") == ["Heel cord pain"]
    assert titles("tendinitis") == []
    Condition.objects.filter(pk=condition.pk).update(also_called="sore heel cord", summary="Renamed.")
    assert titles("sore") == ["Heel cord pain"]
    condition.delete()
    assert titles("cord") == []


@pytest.mark.parametrize(
    ("factory", "title_field"),
    [(CategoryFactory, "name"), (ConditionFactory, "name"), (PreventionTipFactory, "title"), (TreatmentTierFactory, "name")],
)
def test_every_kinds_index_follows_its_rows(factory, title_field):
    """On SQLite a migration that rebuilds a table drops its triggers: this fails until they are added back."""
    row = factory(**{title_field: "Zebra stripes"})
    assert titles("zebra") == ["Zebra stripes"]
    type(row).objects.filter(pk=row.pk).update(**{title_field: "Okapi stripes"})
    assert titles("okapi") == ["Okapi stripes"]
    assert titles("zebra") == []
    row.delete()
    assert titles("okapi") == []


def test_the_fallback_for_other_databases_also_puts_name_matches_first():
    sprain_and_a_condition_that_mentions_sprains()
    condition = search_module.SEARCHABLE[0]
    found = search_module._contains(condition.queryset(), condition, ["sprain"], True)
    assert [row.name for row in found] == ["Ankle sprain", "Peroneal tendinopathy"]


def test_the_text_search_configuration_follows_the_site_language(settings):
    settings.LANGUAGE_CODE = "fr-ca"
    assert search_module.text_search_config() == "french"
    settings.LANGUAGE_CODE = "en-gb"
    assert search_module.text_search_config() == "english"
    settings.LANGUAGE_CODE = "tlh"  # no configuration for Klingon: no stemming, no stop words
    assert search_module.text_search_config() == "simple"


def test_the_matcher_follows_the_database(monkeypatch):
    wrapper = connections[DEFAULT_DB_ALIAS]  # the object behind the `connection` proxy
    monkeypatch.setattr(wrapper, "vendor", "postgresql")
    assert search_module.matcher() is search_module._postgresql
    monkeypatch.setattr(wrapper, "vendor", "sqlite")
    assert search_module.matcher() is search_module._sqlite
    monkeypatch.setattr(wrapper, "vendor", "mysql")
    assert search_module.matcher() is search_module._contains


def test_blank_query_finds_nothing_without_querying(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert search("   ") == []


def test_one_query_per_kind_of_content(searchable_content, django_assert_max_num_queries):
    ConditionFactory.create_batch(30, symptoms="Swelling everywhere.")
    with django_assert_max_num_queries(len(search_module.SEARCHABLE)):
        assert len(search("swelling")) == search_module.MAX_RESULTS_PER_KIND


# What a patient types, and the page the starter library should put first.
STARTER_QUERIES = {
    "sprained": "Ankle sprain",
    "sprain": "Ankle sprain",
    "rolled ankle": "Ankle sprain",
    "broken bone": "Stress fracture",
    "stress fractures": "Stress fracture",
    "heel pain": "Plantar fasciitis",
    "plantar": "Plantar fasciitis",
    "achiles": "Achilles tendinopathy (tendinitis)",
    "achilles tendonitis": "Achilles tendinopathy (tendinitis)",
    "pulled muscle": "Muscle strain",
    "wobbly ankle": "Chronic ankle instability",
    "fallen arches": "Flat feet and high arches",
}


def test_the_starter_library_answers_patients_words_with_the_right_page_first():
    call_command("load_ankle_starter_content", "--publish", verbosity=0)
    firsts = {query: next(iter(titles(query)), None) for query in STARTER_QUERIES}
    assert firsts == STARTER_QUERIES


def test_any_word_finds_what_has_some_of_the_words_and_never_drafts(searchable_content):
    assert titles("achilles shoes") == []  # every word, by default
    found = [result.title for result in search("achilles shoes", every_word=False)]
    assert sorted(found) == ["Achilles tendinitis", "Replace worn shoes"]
    assert [result.title for result in search("tendinitis zebra", every_word=False)] == ["Achilles tendinitis"]


def test_the_fallback_for_other_databases_matches_any_word_too(searchable_content):
    condition = search_module.SEARCHABLE[0]
    found = search_module._contains(condition.queryset(), condition, ["achilles", "zebra"], False)
    assert [row.name for row in found] == ["Achilles tendinitis"]
    assert not search_module._contains(condition.queryset(), condition, ["achilles", "zebra"], True).exists()
