"""Sitemaps of the public pages, for the host's sitemap index; published content only.

A host adds them to its own sitemap view::

    from ankle_education.sitemaps import sitemaps as ankle_sitemaps

    path("sitemap.xml", sitemap, {"sitemaps": {**ankle_sitemaps, ...}})
"""

from __future__ import annotations

import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from ankle_education.models import Category, Condition, PreventionTip, Publishable


class PagesSitemap(Sitemap):
    """The hub and the other pages that are not one piece of content."""

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


class ContentSitemap(Sitemap):
    """Pieces of content: the page changed when the row did."""

    model: type[Publishable]

    def items(self) -> QuerySet[Publishable]:
        # An address and a last change are all a sitemap needs: not the rows' long texts.
        return self.model.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item: Publishable) -> datetime.datetime:
        return item.updated_at


class CategorySitemap(ContentSitemap):
    model = Category


class ConditionSitemap(ContentSitemap):
    model = Condition


class PreventionTipSitemap(ContentSitemap):
    model = PreventionTip


sitemaps: dict[str, type[Sitemap]] = {
    "ankle-pages": PagesSitemap,
    "ankle-causes": CategorySitemap,
    "ankle-conditions": ConditionSitemap,
    "ankle-prevention": PreventionTipSitemap,
}
