"""Public pages: they read published content only.

Each detail view finds its object through ``get_queryset``; the staff preview
(views/preview.py) subclasses these views and widens only that lookup, so a preview
is the public page itself, template and context alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from ankle_education import caching, structured_data
from ankle_education.answers import care_cards
from ankle_education.cache_tags import GENERAL_SIGNS, TREATMENT_LADDER, list_tag, page_tag
from ankle_education.checklist import signs_for, sources_for
from ankle_education.models import (
    Category,
    Condition,
    PreventionTip,
    Publishable,
    Status,
    TreatmentStep,
    TreatmentTier,
)
from ankle_education.urgency import Level
from ankle_education.views.base import HostTemplateMixin

if TYPE_CHECKING:
    from django.views.generic import View
    from django.views.generic.base import ContextMixin

    class _PageView(ContextMixin, View):
        """What the page cache mixin extends, for the type checker: at run time it is a plain mixin."""

    _ListView = ListView[Any]
    _DetailView = DetailView[Any]
else:
    _PageView = object
    _ListView, _DetailView = ListView, DetailView  # Django's views take no type arguments at run time

# Lists that can grow are paginated so a page stays light on a slow phone connection.
LIST_PAGE_SIZE = 50
# The hub shows this many conditions per cause and prevention tips, then links to the full lists,
# so it stays small however large the clinic's library grows.
HUB_ITEMS = 12


def paginate(request: HttpRequest, queryset: QuerySet[Any]) -> Page[Any]:
    """One page of ``queryset`` from ``?page=``; a page that does not exist is a 404."""
    try:
        return Paginator(queryset, LIST_PAGE_SIZE).page(request.GET.get("page", 1))
    except InvalidPage:
        raise Http404(_("There is no such page.")) from None


class CachedPageMixin(_PageView):
    """Serves the page from the page cache, rendering (and storing) it when no current copy exists."""

    # The query parameters the page reads; a request with any other is rendered but not cached.
    cache_query_params: tuple[str, ...] = ()
    preview = False
    request: HttpRequest
    kwargs: dict[str, Any]

    def get_cache_tags(self) -> set[str]:
        """The content this page shows (cache_tags.py), from the URL alone: known before rendering."""
        raise NotImplementedError(f"{type(self).__name__} must say which content its page shows.")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if self.preview:  # staff only, never shared
            return super().dispatch(request, *args, **kwargs)
        with caching.PageCacheVisit(request, self.get_cache_tags(), self.cache_query_params) as visit:
            if visit.hit is not None:
                return visit.hit
            # The page is rendered for a copy of the request without tracking parameters, if it has any.
            self.request = visit.page_request
            # The public pages render templates: never a streaming response.
            return visit.keep(cast(HttpResponse, super().dispatch(visit.page_request, *args, **kwargs)))


class PublicPageMixin(CachedPageMixin, HostTemplateMixin):
    """What every public page shares: the page cache, its canonical URL, and whether it is a staff preview."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["canonical_url"] = self.canonical_url(context.get("page_obj"))
        context["ankle_preview"] = self.preview
        return context

    def canonical_url(self, page: Page[Any] | None = None) -> str:
        """This page's address; a later page of a list keeps ``?page=N``, as it shows other content.

        Never any other parameter, so tracking tags do not make a page a copy of itself.
        """
        url = self.request.build_absolute_uri(self.request.path)
        return f"{url}?page={page.number}" if page is not None and page.number > 1 else url


class HubView(PublicPageMixin, _ListView):
    """The "Ankle pain after running" hub: causes by category with their conditions, prevention, treatment."""

    template_name = "ankle_education/hub.html"
    context_object_name = "categories"

    def get_cache_tags(self) -> set[str]:
        return {list_tag(model) for model in (Category, Condition, PreventionTip, TreatmentTier)}

    def get_queryset(self) -> QuerySet[Category]:
        public = Q(conditions__status=Status.PUBLISHED)
        return (
            Category.objects.published()
            .annotate(public_condition_count=Count("conditions", filter=public))
            .prefetch_related(
                Prefetch("conditions", queryset=Condition.objects.published()[:HUB_ITEMS], to_attr="public_conditions")
            )
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["tips"] = PreventionTip.objects.published()[:HUB_ITEMS]
        context["tiers"] = TreatmentTier.objects.published()
        return context


class PublishedDetailView(PublicPageMixin, _DetailView):
    """A page about one published piece of content, found by its slug."""

    model: type[Publishable]

    def get_cache_tags(self) -> set[str]:
        return {page_tag(self.model, self.kwargs["slug"])}

    def get_queryset(self) -> QuerySet[Any]:
        return self.model.objects.published()


class CategoryDetailView(PublishedDetailView):
    """A cause category and its published conditions."""

    model = Category
    template_name = "ankle_education/category_detail.html"
    context_object_name = "category"
    cache_query_params = ("page",)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # Not ``published()``: that also wants the category live, which would leave its preview empty.
        page = paginate(self.request, self.object.conditions.published_ignoring_category())
        context.update(conditions=page.object_list, page_obj=page, is_paginated=page.has_other_pages())
        context["canonical_url"] = self.canonical_url(page)
        return context


class PublishedListView(PublicPageMixin, _ListView):
    """A list of published content that can grow, so it comes in pages."""

    model: type[Publishable]
    paginate_by = LIST_PAGE_SIZE
    cache_query_params = ("page",)

    def get_cache_tags(self) -> set[str]:
        return {list_tag(self.model)}

    def get_queryset(self) -> QuerySet[Any]:
        return self.model.objects.published()


class ConditionListView(PublishedListView):
    """Every published condition, A to Z."""

    model = Condition
    template_name = "ankle_education/condition_list.html"
    context_object_name = "conditions"

    def get_queryset(self) -> QuerySet[Condition]:
        return Condition.objects.published().select_related("category").order_by("name", "pk")


@dataclass(frozen=True)
class TierAdvice:
    """What one condition gets at one tier of the treatment ladder."""

    tier: TreatmentTier
    steps: list[TreatmentStep]


def treatment_by_tier(condition: Condition) -> list[TierAdvice]:
    """The condition's treatment steps grouped by published tier, in ladder order (one query)."""
    grouped: dict[int, TierAdvice] = {}
    steps = condition.treatment_steps.filter(tier__status=Status.PUBLISHED).select_related("tier")
    for step in steps:  # ordered by tier order, then step order
        grouped.setdefault(step.tier_id, TierAdvice(tier=step.tier, steps=[])).steps.append(step)
    return list(grouped.values())


class ConditionDetailView(PublishedDetailView):
    """One condition: what it is, symptoms, causes, prevention, treatment, when to get help, sources."""

    model = Condition
    template_name = "ankle_education/condition_detail.html"
    context_object_name = "condition"

    def get_cache_tags(self) -> set[str]:
        return {*super().get_cache_tags(), GENERAL_SIGNS}

    def get_queryset(self) -> QuerySet[Condition]:
        return Condition.objects.published().select_related("category")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        condition = self.object
        context["tips"] = list(condition.prevention_tips.published())
        context["treatment"] = treatment_by_tier(condition)
        signs = list(signs_for(condition))
        # The page's own sources, then those behind its warning signs, each once.
        context["sources"] = list(dict.fromkeys([*condition.sources.all(), *sources_for(signs)]))
        context["cards"] = care_cards(signs, condition)
        # A routine card ends with "Book an appointment": the section then needs no second one.
        context["books_in_cards"] = any(card.answer.level == Level.ROUTINE for card in context["cards"])
        context["structured_data"] = structured_data.as_json_ld(
            structured_data.condition_page(
                condition,
                url=context["canonical_url"],
                tips=context["tips"],
                treatment=[(advice.tier, advice.steps) for advice in context["treatment"]],
                sources=context["sources"],
            )
        )
        return context


class PreventionListView(PublishedListView):
    """Every published prevention tip."""

    model = PreventionTip
    template_name = "ankle_education/prevention_list.html"
    context_object_name = "tips"


class PreventionTipDetailView(PublishedDetailView):
    """One prevention tip and the conditions it helps prevent."""

    model = PreventionTip
    template_name = "ankle_education/prevention_detail.html"
    context_object_name = "tip"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["conditions"] = self.object.conditions.published()
        context["sources"] = self.object.sources.all()
        return context


class TreatmentLadderView(PublicPageMixin, _ListView):
    """The treatment ladder, from self-care up, with when to move to the next tier."""

    template_name = "ankle_education/treatment.html"
    context_object_name = "tiers"

    def get_cache_tags(self) -> set[str]:
        return {list_tag(TreatmentTier), TREATMENT_LADDER}

    def get_queryset(self) -> QuerySet[TreatmentTier]:
        return TreatmentTier.objects.published().prefetch_related("sources")
