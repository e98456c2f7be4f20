"""Sitemaps for the host's sitemap index: every public page, published content only."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from ankle_education.models import Category, Condition, PreventionTip
from ankle_education.sitemaps import sitemaps
from tests.factories import CategoryFactory, ConditionFactory, PreventionTipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sitemap_xml(client):
    def fetch() -> str:
        response = client.get("/sitemap.xml")
        assert response.status_code == 200
        return response.content.decode()

    return fetch


def locations(xml: str) -> set[str]:
    return {location.removeprefix("http://testserver") for location in re.findall(r"<loc>(.*?)</loc>", xml)}


def test_hosts_get_a_dict_of_sitemap_classes():
    assert set(sitemaps) == {"ankle-pages", "ankle-causes", "ankle-conditions", "ankle-prevention"}
    assert all(issubclass(sitemap, Sitemap) for sitemap in sitemaps.values())


def test_lists_the_pages_and_published_content(sitemap_xml):
    condition = ConditionFactory()
    tip = PreventionTipFactory()
    expected = {
        reverse(f"ankle_education:{name}")
        for name in ("hub", "condition_list", "prevention_list", "treatment", "seek_help")
    } | {condition.get_absolute_url(), condition.category.get_absolute_url(), tip.get_absolute_url()}
    assert locations(sitemap_xml()) == expected


def test_unpublished_content_is_left_out(sitemap_xml):
    draft_category = CategoryFactory(draft=True)
    hidden = [
        draft_category,
        ConditionFactory(draft=True),
        ConditionFactory(category=draft_category),
        PreventionTipFactory(draft=True),
        CategoryFactory(status="archived"),
    ]
    found = locations(sitemap_xml())
    assert not found & {item.get_absolute_url() for item in hidden}


def test_lastmod_is_the_time_the_content_was_updated(sitemap_xml):
    condition = ConditionFactory()
    for model in (Category, Condition, PreventionTip):
        model.objects.update(updated_at=datetime.datetime(2026, 3, 4, 5, 6, tzinfo=datetime.timezone.utc))
    xml = sitemap_xml()
    entry = xml[xml.index(condition.get_absolute_url()):]
    assert entry.index("<lastmod>2026-03-04</lastmod>") < entry.index("</url>")
