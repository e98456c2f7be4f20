"""What a page read from the database costs at the least: the flatpage view, plus the condition page's
own queries or its template, without anything else. ``make bench BENCH_ARGS=--floor`` measures these
beside the real pages, to show how far below the flatpage any uncached condition page must stay.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.flatpages.views import flatpage
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path

from ankle_education.checklist import signs_for
from ankle_education.models import Condition
from ankle_education.views.pages import ConditionDetailView, treatment_by_tier

FLATPAGE_URL = "/achilles-tendinitis/"
CONDITION_SLUG = "achilles-tendinitis"


def condition_queries(slug: str) -> list[Callable[[], object]]:
    """The condition page's queries, one callable each, in the order the page runs them."""
    holder: dict[str, Condition] = {}

    def condition() -> None:
        holder["condition"] = Condition.objects.published().select_related("category").get(slug=slug)

    return [
        condition,
        lambda: list(holder["condition"].prevention_tips.published()),
        lambda: treatment_by_tier(holder["condition"]),
        lambda: list(holder["condition"].sources.all()),
        lambda: list(signs_for(holder["condition"])),
    ]


def flatpage_with_queries(request: HttpRequest, count: int) -> HttpResponse:
    """The flatpage, after the first ``count`` of the condition page's queries (results unused)."""
    for query in condition_queries(CONDITION_SLUG)[:count]:
        query()
    return flatpage(request, FLATPAGE_URL)


_kept_context: dict[str, Any] = {}


def condition_template_only(request: HttpRequest) -> HttpResponse:
    """The condition page's template, from a context built on the first request and kept: no queries."""
    if not _kept_context:
        view = ConditionDetailView()
        view.setup(request, slug=CONDITION_SLUG)
        view.object = view.get_object()
        _kept_context.update(view.get_context_data(object=view.object))
    return TemplateResponse(request, ConditionDetailView.template_name, dict(_kept_context))


urlpatterns = [
    path("flatpage-with-queries/<int:count>/", flatpage_with_queries),
    path("condition-template-only/", condition_template_only),
]
