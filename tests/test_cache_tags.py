"""The cache tag vocabulary (cache_tags.py): the tags of each page, and which tags a change to each row purges."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from ankle_education import caching
from ankle_education.cache_tags import (
    EVERYTHING,
    GENERAL_SIGNS,
    SEARCH,
    TREATMENT_LADDER,
    link_page_tags,
    list_tag,
    page_tag,
    tags_for,
)
from ankle_education.models import BookingClick, Category, Condition, PreventionTip, TreatmentTier
from tests.factories import (
    BookingClickFactory,
    CategoryFactory,
    ConditionFactory,
    ConditionSourceFactory,
    ConditionWarningSignFactory,
    PreventionTipFactory,
    SourceFactory,
    TreatmentStepFactory,
    TreatmentTierFactory,
    WarningSignFactory,
)

pytestmark = pytest.mark.django_db

PUBLISHABLE_FACTORIES = [
    CategoryFactory,
    ConditionFactory,
    PreventionTipFactory,
    TreatmentTierFactory,
    WarningSignFactory,
]


def is_cached(path: str) -> bool:
    return caching.cached_page(RequestFactory().get(path)) is not None


def test_page_and_list_tags_name_the_model_and_the_slug():
    assert page_tag(Condition, "ankle-sprain") == "condition:ankle-sprain"
    assert page_tag(PreventionTip, "warm-up") == "preventiontip:warm-up"
    assert list_tag(Category) == "list:category"
    assert list_tag(TreatmentTier) == "list:treatmenttier"


@pytest.mark.parametrize("factory", PUBLISHABLE_FACTORIES, ids=lambda factory: factory._meta.model.__name__)
@pytest.mark.parametrize("status", ["draft", "in_review", "archived"])
def test_content_patients_cannot_see_purges_nothing(factory, status):
    row = factory(status=status, published_at=None)
    assert tags_for(row) == set()
    assert link_page_tags(row) == set()


def test_a_category_purges_its_page_the_lists_its_conditions_and_their_tips():
    category = CategoryFactory(slug="overuse")
    sprain = ConditionFactory(category=category, slug="sprain")
    tip = PreventionTipFactory(slug="warm-up", conditions=[sprain])
    PreventionTipFactory(slug="unrelated-tip")
    assert tags_for(category) == {
        "category:overuse",
        "list:category",
        "list:condition",
        SEARCH,
        "condition:sprain",
        f"preventiontip:{tip.slug}",
    }


def test_a_condition_purges_its_page_its_category_page_the_list_search_and_its_tips():
    condition = ConditionFactory(slug="sprain", category=CategoryFactory(slug="overuse"))
    PreventionTipFactory(slug="warm-up", conditions=[condition])
    assert tags_for(condition) == {
        "condition:sprain",
        "category:overuse",
        "list:condition",
        SEARCH,
        "preventiontip:warm-up",
    }


def test_an_unsaved_condition_has_no_tips_to_purge(django_assert_num_queries):
    condition = ConditionFactory.build(slug="new", category=CategoryFactory(slug="overuse"))
    with django_assert_num_queries(0):
        assert tags_for(condition) == {"condition:new", "category:overuse", "list:condition", SEARCH}


def test_a_tip_purges_its_page_the_list_search_and_the_conditions_it_names():
    condition = ConditionFactory(slug="sprain")
    tip = PreventionTipFactory(slug="warm-up", conditions=[condition])
    assert tags_for(tip) == {"preventiontip:warm-up", "list:preventiontip", SEARCH, "condition:sprain"}


def test_a_tier_purges_the_ladder_and_the_conditions_with_a_step_on_it():
    tier = TreatmentTierFactory()
    TreatmentStepFactory(tier=tier, condition=ConditionFactory(slug="sprain"))
    TreatmentStepFactory(condition=ConditionFactory(slug="other-tier"))
    assert tags_for(tier) == {"list:treatmenttier", "condition:sprain"}
    assert tags_for(TreatmentTierFactory()) == {"list:treatmenttier"}


def test_a_general_sign_purges_every_condition_page_through_one_tag_and_an_own_sign_its_conditions():
    general = WarningSignFactory(applies_to_all_conditions=True)
    own = ConditionWarningSignFactory(condition__slug="sprain").warning_sign
    assert tags_for(general) == {GENERAL_SIGNS}
    assert tags_for(own) == {"condition:sprain"}


def test_the_parts_of_a_condition_purge_its_page():
    condition = ConditionFactory(slug="sprain")
    for part in (
        TreatmentStepFactory(condition=condition),
        ConditionWarningSignFactory(condition=condition),
        ConditionSourceFactory(condition=condition),
    ):
        assert tags_for(part) == {"condition:sprain"}, type(part).__name__


def test_a_source_purges_every_page_that_cites_it():
    source = SourceFactory()
    assert tags_for(source) == set()
    ConditionSourceFactory(source=source, condition__slug="sprain")
    PreventionTipFactory(slug="warm-up").sources.add(source)
    assert tags_for(source) == {"condition:sprain", "preventiontip:warm-up"}
    TreatmentTierFactory().sources.add(source)
    assert TREATMENT_LADDER in tags_for(source)


def test_a_source_of_a_sign_purges_the_pages_that_show_the_sign_while_it_is_published():
    source = SourceFactory()
    sign = WarningSignFactory(applies_to_all_conditions=True)
    sign.sources.add(source)
    assert tags_for(source) == {GENERAL_SIGNS}
    sign.status = "draft"
    sign.save()
    assert tags_for(source) == set()


def test_a_source_of_conditions_own_signs_purges_those_condition_pages_in_constant_queries(
    django_assert_num_queries,
):
    source = SourceFactory()
    for slug in ("sprain", "strain", "fracture"):
        sign = ConditionWarningSignFactory(condition__slug=slug).warning_sign
        sign.sources.add(source)
    ConditionWarningSignFactory(condition__slug="unrelated")
    # Conditions, tips, tiers; general signs and the conditions of the others: five, however many signs.
    with django_assert_num_queries(5):
        assert tags_for(source) == {"condition:sprain", "condition:strain", "condition:fracture"}


def test_rows_no_page_shows_purge_nothing():
    assert tags_for(BookingClickFactory()) == set()
    assert link_page_tags(BookingClick()) == set()


def test_link_page_tags_are_the_pages_that_list_links():
    condition = ConditionFactory(slug="sprain")
    tip = PreventionTipFactory(slug="warm-up")
    assert link_page_tags(condition) == {"condition:sprain"}
    assert link_page_tags(tip) == {"preventiontip:warm-up"}
    assert link_page_tags(TreatmentTierFactory()) == {TREATMENT_LADDER}
    # A sign or a source has no page of its own.
    assert link_page_tags(WarningSignFactory()) == set()
    assert link_page_tags(SourceFactory()) == set()


def test_pages_are_cached_under_the_same_tags_that_purge_them(client):
    """Views declare their tags with this module, so purging a row's tag empties exactly its pages."""
    sprain, strain = ConditionFactory(slug="sprain"), ConditionFactory(slug="strain")
    pages = [sprain.get_absolute_url(), strain.get_absolute_url(), "/patient-education/ankle/conditions/"]
    for path in pages:
        assert client.get(path).status_code == 200
    assert all(is_cached(path) for path in pages)

    caching.purge({page_tag(Condition, "sprain")})
    assert [is_cached(path) for path in pages] == [False, True, True]

    caching.purge({list_tag(Condition)})
    assert [is_cached(path) for path in pages] == [False, True, False]

    caching.purge({EVERYTHING})
    assert not any(is_cached(path) for path in pages)
