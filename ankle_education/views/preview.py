"""Staff preview: a draft, or a pending change to live content, shown exactly as patients will see it.

Each preview is the public view itself with a wider object lookup, so the template and
context cannot drift from the real page. Anyone without the right to edit the content
gets a 404, so a preview link reveals nothing, not even that the draft exists.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.utils.cache import patch_cache_control

from ankle_education import versions, workflow
from ankle_education.models import Publishable, TreatmentTier
from ankle_education.publishing import has_edit_permission
from ankle_education.views import pages

if TYPE_CHECKING:
    _PublishedDetailView = pages.PublishedDetailView
else:
    _PublishedDetailView = object  # what the mixin extends, for the type checker; a plain mixin at run time


class PreviewMixin(_PublishedDetailView):
    """Finds the object by ``pk`` whatever its status; related content stays published-only."""

    preview = True

    def get_queryset(self) -> QuerySet[Any]:
        return self.model._default_manager.all()


class CategoryPreview(PreviewMixin, pages.CategoryDetailView):
    pass


class ConditionPreview(PreviewMixin, pages.ConditionDetailView):
    pass


class PreventionTipPreview(PreviewMixin, pages.PreventionTipDetailView):
    pass


class TreatmentTierPreview(pages.TreatmentLadderView):
    """The published ladder with the previewed tier in its place."""

    preview = True
    model: type[Publishable] = TreatmentTier

    def get_queryset(self) -> QuerySet[TreatmentTier]:
        previewed = TreatmentTier.objects.filter(pk=self.kwargs["pk"])
        if not previewed.exists():
            raise Http404("No such treatment tier.")
        return super().get_queryset() | previewed


PREVIEWS: dict[str, type[PreviewMixin | TreatmentTierPreview]] = {
    "category": CategoryPreview,
    "condition": ConditionPreview,
    "prevention-tip": PreventionTipPreview,
    "treatment-tier": TreatmentTierPreview,
}


def preview(request: HttpRequest, kind: str, pk: int) -> HttpResponseBase:
    view_class = PREVIEWS.get(kind)
    if view_class is None or not has_edit_permission(request.user, view_class.model):
        raise Http404("No such preview.")
    previewed = view_class.model._default_manager.filter(pk=pk).first()
    # A pending change is shown in a savepoint that is rolled back: the row patients see never changes.
    with versions.rolled_back():
        if previewed is not None:
            with contextlib.suppress(ValidationError):  # it links to deleted content: its change page says so
                workflow.show_pending(previewed)
        response = view_class.as_view()(request, kind=kind, pk=pk)
        if hasattr(response, "render"):
            response.render()
    # A draft must not linger in a shared cache or the browser's history cache.
    patch_cache_control(response, private=True, no_store=True)
    return response
