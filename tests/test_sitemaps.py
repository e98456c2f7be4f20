"""Sitemaps for the host's sitemap index: every public page, published content only."""

from __future__ import annotations

import datetime
import re
from types import SimpleNamespace

import pytest
from django.contrib.sitemaps import Sitemap
from django.test import RequestFactory
from django.urls import include, path, reverse

from ankle_education import caching
from ankle_education.models import Category, Condition, PreventionTip
from ankle_education.sitemaps import ConditionSitemap, cache_variant, sitemap, sitemaps
from tests.factories import CategoryFactory, ConditionFactory, PreventionTipFactory
from tests.quality import queries_for

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


class HostSitemap(Sitemap):
    """A host's own pages next to the app's."""

    def items(self) -> list[str]:
        return ["/about/"]

    def location(self, item: str) -> str:
        return item


class HostConditionSitemap(ConditionSitemap):
    """A host's subclass of the app's sitemap: it may list more than the app knows of."""


# A host URLconf: the app, its sitemap alone, next to a host's sitemap, and in sections of an index.
urlpatterns = [
    path("patient-education/ankle/", include("ankle_education.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}),
    path("mixed.xml", sitemap, {"sitemaps": {**sitemaps, "host": HostSitemap}}),
    path("subclassed.xml", sitemap, {"sitemaps": {"conditions": HostConditionSitemap}}),
    path("sitemap-<section>.xml", sitemap, {"sitemaps": {**sitemaps, "host": HostSitemap}}),
]


def is_cached(url: str) -> bool:
    request = RequestFactory().get(url)
    return caching.cached_page(request, cache_variant(request)) is not None


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


@pytest.mark.urls(__name__)
def test_the_app_sitemap_is_served_from_the_cache_with_its_headers(client):
    ConditionFactory()
    first = client.get("/sitemap.xml")
    assert queries_for(client, "/sitemap.xml") == 0
    second = client.get("/sitemap.xml")
    assert second.content == first.content
    assert second["X-Robots-Tag"] == first["X-Robots-Tag"] == "noindex, noodp, noarchive"
    assert second["Content-Type"] == "application/xml"


@pytest.mark.urls(__name__)
def test_publishing_a_condition_shows_in_the_cached_sitemap_at_once(client):
    client.get("/sitemap.xml")
    assert is_cached("/sitemap.xml")
    condition = ConditionFactory()
    assert condition.get_absolute_url() in client.get("/sitemap.xml").content.decode()


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("url", ["/mixed.xml", "/subclassed.xml", "/sitemap-host.xml"])
def test_a_sitemap_listing_a_hosts_pages_is_never_cached(client, url):
    ConditionFactory()
    client.get(url)
    assert not is_cached(url)
    assert client.get(url).status_code == 200


@pytest.mark.urls(__name__)
def test_the_apps_section_of_a_sitemap_index_is_cached(client):
    ConditionFactory()
    client.get("/sitemap-ankle-conditions.xml")
    assert queries_for(client, "/sitemap-ankle-conditions.xml") == 0


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("url", ["/sitemap-no-such-section.xml", "/sitemap.xml?p=2", "/sitemap.xml?p=abc"])
def test_missing_sections_and_pages_are_404(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.urls(__name__)
def test_a_cached_section_keeps_its_last_modified_header(client):
    ConditionFactory()
    first = client.get("/sitemap-ankle-conditions.xml")
    assert "Last-Modified" in first
    assert queries_for(client, "/sitemap-ankle-conditions.xml") == 0
    assert client.get("/sitemap-ankle-conditions.xml")["Last-Modified"] == first["Last-Modified"]


@pytest.mark.urls(__name__)
def test_a_new_site_domain_gets_a_fresh_sitemap(client, monkeypatch):
    """With django.contrib.sites, addresses use the Site's domain, which staff may change."""
    import ankle_education.sitemaps as module

    monkeypatch.setattr(module, "get_current_site", lambda request: SimpleNamespace(domain="old.example"))
    client.get("/sitemap.xml")
    assert queries_for(client, "/sitemap.xml") == 0
    monkeypatch.setattr(module, "get_current_site", lambda request: SimpleNamespace(domain="new.example"))
    assert queries_for(client, "/sitemap.xml") > 0


@pytest.mark.urls(__name__)
def test_only_the_page_parameter_is_cached(client):
    client.get("/sitemap.xml?p=1")
    client.get("/sitemap.xml?ref=abc")
    assert is_cached("/sitemap.xml?p=1")
    assert not is_cached("/sitemap.xml?ref=abc")


@pytest.mark.parametrize("spelling", ["LOCALHOST", "localhost.", "localhost:80", "localhost:0080"])
def test_addresses_name_the_host_canonically_however_it_is_spelled(client, settings, spelling):
    settings.ALLOWED_HOSTS = ["localhost"]
    ConditionFactory(slug="ankle-sprain")
    xml = client.get("/sitemap.xml", HTTP_HOST=spelling).content.decode()
    found = re.findall(r"<loc>(.*?)</loc>", xml)
    assert "http://localhost/patient-education/ankle/conditions/ankle-sprain/" in found
    assert all(location.startswith("http://localhost/") for location in found)
    assert is_cached_for("/sitemap.xml", "localhost")


def is_cached_for(url: str, host: str) -> bool:
    request = caching.page_request_for(RequestFactory().get(url, HTTP_HOST=host))
    return caching.cached_page(request, cache_variant(request)) is not None
