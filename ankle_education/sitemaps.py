"""Sitemaps of the public pages, for the host's sitemap index; published content only.

A host adds them to its sitemap view, Django's or, to serve them from the page cache, this module's::

    from ankle_education.sitemaps import sitemap, sitemaps as ankle_sitemaps

    path("sitemap.xml", sitemap, {"sitemaps": ankle_sitemaps}, name="django.contrib.sitemaps.views.sitemap")
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.contrib.sites.shortcuts import get_current_site
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from ankle_education import caching
from ankle_education.cache_tags import list_tag
from ankle_education.models import Category, Condition, PreventionTip, Publishable

if TYPE_CHECKING:
    _PagesSitemap = Sitemap[str]
    _ContentSitemap = Sitemap[Publishable]
else:
    _PagesSitemap = _ContentSitemap = Sitemap  # Django's sitemaps take no type arguments at run time


class PagesSitemap(_PagesSitemap):
    """The hub and the other pages that are not one piece of content."""

    @classmethod
    def get_cache_tags(cls) -> set[str]:
        """The content it lists (cache_tags.py): none, these addresses never change."""
        return set()

    def items(self) -> list[str]:
        return [
            "ankle_education:hub",
            "ankle_education:condition_list",
            "ankle_education:prevention_list",
            "ankle_education:treatment",
            "ankle_education:seek_help",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class ContentSitemap(_ContentSitemap):
    """Pieces of content: the page changed when the row did."""

    model: type[Category | Condition | PreventionTip]

    def items(self) -> QuerySet[Publishable]:
        # An address and a last change are all a sitemap needs: not the rows' long texts.
        return self.model.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item: Publishable) -> datetime.datetime:
        return item.updated_at

    @classmethod
    def get_cache_tags(cls) -> set[str]:
        return {list_tag(cls.model)}


class CategorySitemap(ContentSitemap):
    model = Category


class ConditionSitemap(ContentSitemap):
    model = Condition


class PreventionTipSitemap(ContentSitemap):
    model = PreventionTip


sitemaps: dict[str, type[Sitemap[Any]]] = {
    "ankle-pages": PagesSitemap,
    "ankle-causes": CategorySitemap,
    "ankle-conditions": ConditionSitemap,
    "ankle-prevention": PreventionTipSitemap,
}

# What the cached view below accepts: exactly these classes, not a host's subclass that may list more.
APP_SITEMAP_CLASSES = frozenset(sitemaps.values())


def sitemap(
    request: HttpRequest, sitemaps: dict[str, Any], section: str | None = None, **kwargs: Any
) -> HttpResponse:
    """Django's sitemap view, served from the page cache when everything it lists is this app's.

    A large library's sitemap takes a moment to build, and anyone may ask for it. Edits purge
    it like any page that lists content. A host's own sitemaps next to ours would go stale (the
    app does not know when the host's content changes), so then this is Django's view, uncached.
    """

    def render(page_request: HttpRequest) -> HttpResponse:
        return django_sitemap(page_request, sitemaps, section, **kwargs)

    if section is None:
        shown = list(sitemaps.values())
    elif section in sitemaps:
        shown = [sitemaps[section]]
    else:
        return render(request)  # Django's 404 for a section that does not exist
    classes: set[type[Any]] = {item if isinstance(item, type) else type(item) for item in shown}
    if not classes <= APP_SITEMAP_CLASSES:
        return render(request)
    tags = set().union(*(sitemap_class.get_cache_tags() for sitemap_class in classes))
    # "p" is the sitemap's page number: Django splits a sitemap every 50,000 addresses.
    variant = cache_variant(caching.page_request_for(request))
    return caching.serve_cached(request, render, tags, query_params=("p",), variant=variant)


def cache_variant(request: HttpRequest) -> str:
    """Addresses carry the current site's domain (django.contrib.sites' Site, or the host), so a
    sitemap is cached per domain: a Site given a new domain gets fresh sitemaps.

    ``request`` is the page's request (``caching.page_request_for``): its host in its one spelling.
    """
    return get_current_site(request).domain
