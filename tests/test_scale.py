"""Pages stay small and lists stay paginated however large a clinic's library grows."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from ankle_education.views.pages import HUB_ITEMS, LIST_PAGE_SIZE
from tests.factories import CategoryFactory, ConditionFactory, PreventionTipFactory

pytestmark = pytest.mark.django_db

KB = 1024
STYLESHEET = Path(__file__).resolve().parent.parent / "ankle_education/static/ankle_education/ankle_education.css"


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
