"""Public pages: they read published content only."""

from __future__ import annotations

from typing import Any

from django.views.generic import DetailView, TemplateView

from ankle_education.models import Category, Condition
from ankle_education.views.base import AnklePageMixin


class HubView(AnklePageMixin, TemplateView):
    """The "Ankle pain after running" hub: causes by category and every condition."""

    template_name = "ankle_education/hub.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["categories"] = Category.objects.published()
        context["conditions"] = Condition.objects.published().filter(category__status="published")
        return context


class CategoryDetailView(AnklePageMixin, DetailView):
    """A cause category and its published conditions."""

    template_name = "ankle_education/category_detail.html"
    context_object_name = "category"

    def get_queryset(self):
        return Category.objects.published()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["conditions"] = self.object.conditions.published()
        return context


class ConditionDetailView(AnklePageMixin, DetailView):
    """One condition: what it is, its symptoms and causes."""

    template_name = "ankle_education/condition_detail.html"
    context_object_name = "condition"

    def get_queryset(self):
        return Condition.objects.published().filter(category__status="published").select_related("category")
