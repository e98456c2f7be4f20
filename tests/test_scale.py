"""Pages stay small and lists stay paginated however large a clinic's library grows."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from ankle_education.views.pages import HUB_ITEMS, LIST_PAGE_SIZE
from tests.factories import (
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
from tests.quality import queries_for

pytestmark = pytest.mark.django_db

KB = 1024
STYLESHEET = Path(__file__).resolve().parent.parent / "ankle_education/static/ankle_education/ankle_education.css"


def new_library() -> dict:
    """Two causes, a condition with a tip, a treatment step and a source: what the pages are measured on."""
    categories = [CategoryFactory(), CategoryFactory()]
    condition = ConditionFactory(category=categories[0], name="Ankle sprain")
    tip = PreventionTipFactory(conditions=[condition], title="Ankle tip")
    TreatmentStepFactory(condition=condition)
    ConditionSourceFactory(condition=condition)
    return {"categories": categories, "condition": condition, "tip": tip}


def grow_library(library: dict, count: int) -> None:
    """``count`` more of everything, and more of everything the measured condition and tip show:
    conditions in both causes, tips, tiers with steps and sources, signs of its own and general ones."""
    condition, tip = library["condition"], library["tip"]
    for index in range(count):
        if index % 10 == 0:
            library["categories"].append(CategoryFactory())
        categories = library["categories"]
        # Half go to the measured cause, so its page has a second page too; the rest spread over the others.
        category = categories[0] if index % 2 == 0 else categories[1 + index % (len(categories) - 1)]
        other = ConditionFactory(category=category, name="Ankle condition")
        tier = TreatmentTierFactory()
        tier.sources.add(SourceFactory())
        TreatmentStepFactory(condition=condition, tier=tier)
        TreatmentStepFactory(condition=other, tier=tier)
        PreventionTipFactory(conditions=[condition, other], title="Ankle tip").sources.add(SourceFactory())
        tip.conditions.add(other)
        tip.sources.add(SourceFactory())
        ConditionSourceFactory(condition=condition)
        ConditionWarningSignFactory(condition=condition)
        WarningSignFactory()


# Every public page, as a path built from the library (the category and its first condition and tip).
PUBLIC_PAGES = {
    "hub": lambda lib: reverse("ankle_education:hub"),
    "category": lambda lib: lib["categories"][0].get_absolute_url(),
    "category, page 2": lambda lib: lib["categories"][0].get_absolute_url() + "?page=2",
    "condition list": lambda lib: reverse("ankle_education:condition_list"),
    "condition list, page 2": lambda lib: reverse("ankle_education:condition_list") + "?page=2",
    "condition": lambda lib: lib["condition"].get_absolute_url(),
    "prevention list": lambda lib: reverse("ankle_education:prevention_list"),
    "prevention tip": lambda lib: lib["tip"].get_absolute_url(),
    "treatment ladder": lambda lib: reverse("ankle_education:treatment"),
    "general checklist": lambda lib: reverse("ankle_education:seek_help"),
    "condition checklist": lambda lib: reverse("ankle_education:condition_seek_help", args=[lib["condition"].slug]),
    "search": lambda lib: reverse("ankle_education:search") + "?q=ankle",
    "sitemap": lambda lib: "/sitemap.xml",
}


def page_queries(client, paths: dict[str, str]) -> dict[str, int]:
    return {name: queries_for(client, path) for name, path in paths.items()}


def test_hub_shows_a_few_conditions_per_cause_and_links_to_the_rest(client):
    category = CategoryFactory(name="Overuse injuries")
    ConditionFactory.create_batch(40, category=category)
    PreventionTipFactory.create_batch(30)
    html = client.get(reverse("ankle_education:hub")).content.decode()
    assert html.count('class="ankle-summary"') <= 2 * HUB_ITEMS + 10  # conditions, tips and the tiers
    assert "All 40 conditions: Overuse injuries" in html
    assert len(html.encode()) < 30 * KB


def test_category_page_is_paginated(client):
    category = CategoryFactory()
    ConditionFactory.create_batch(LIST_PAGE_SIZE + 5, category=category)
    url = category.get_absolute_url()
    assert client.get(url).content.decode().count('class="ankle-summary"') == LIST_PAGE_SIZE
    second = client.get(url + "?page=2")
    assert second.status_code == 200
    assert second.content.decode().count('class="ankle-summary"') == 5
    assert client.get(url + "?page=3").status_code == 404
    assert client.get(url + "?page=abc").status_code == 404


def test_starter_pages_stay_under_30_kb_and_the_stylesheet_under_10_kb(client):
    call_command("load_ankle_starter_content", "--publish", verbosity=0)
    sizes = {
        path: len(client.get(path).content)
        for path in (reverse("ankle_education:hub"), reverse("ankle_education:condition", args=["achilles-tendinitis"]))
    }
    assert all(size < 30 * KB for size in sizes.values()), sizes
    assert STYLESHEET.stat().st_size < 10 * KB


def test_every_public_page_keeps_its_query_budget_as_the_library_grows(client, settings):
    """Pages, paginated lists, search and the sitemap: as many queries with a hundred conditions, tips, tiers,
    signs and sources as with a handful, and a list's second page as many as its first."""
    settings.ANKLE_EDUCATION = {**settings.ANKLE_EDUCATION, "CACHE_PAGES": False}  # count real renders
    library = new_library()
    grow_library(library, 3)
    paths = {name: page(library) for name, page in PUBLIC_PAGES.items()}
    second_pages = {name for name in paths if name.endswith(", page 2")}
    smaller = page_queries(client, {name: path for name, path in paths.items() if name not in second_pages})
    grow_library(library, 2 * LIST_PAGE_SIZE + 10)  # now every list has a second page, even of one cause
    larger = page_queries(client, paths)
    assert {name: larger[name] for name in smaller} == smaller
    for name in second_pages:
        assert larger[name] == larger[name.removesuffix(", page 2")], name
    assert max(larger.values()) <= 8, larger
