"""List filters for the content lists: which pieces are overdue for review, or were never reviewed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from ankle_education.models import PublishableQuerySet


class ReviewListFilter(admin.SimpleListFilter):
    """A yes / no filter on one review state of the content."""

    labels: tuple[StrOrPromise, StrOrPromise]

    def matching(self, queryset: PublishableQuerySet[Any]) -> PublishableQuerySet[Any]:
        raise NotImplementedError

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]) -> list[tuple[str, StrOrPromise]]:
        return [("yes", self.labels[0]), ("no", self.labels[1])]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        queryset = cast("PublishableQuerySet[Any]", queryset)  # the lists of publishable content use these
        if self.value() == "yes":
            return self.matching(queryset)
        if self.value() == "no":
            return queryset.exclude(pk__in=self.matching(queryset).values("pk"))
        return queryset


class ReviewOverdueFilter(ReviewListFilter):
    title = _("review overdue")
    parameter_name = "review_overdue"
    labels = (_("Overdue"), _("Not overdue"))

    def matching(self, queryset: PublishableQuerySet[Any]) -> PublishableQuerySet[Any]:
        return queryset.review_overdue()


class NeverReviewedFilter(ReviewListFilter):
    title = _("never reviewed")
    parameter_name = "never_reviewed"
    labels = (_("Never reviewed"), _("Reviewed"))

    def matching(self, queryset: PublishableQuerySet[Any]) -> PublishableQuerySet[Any]:
        return queryset.never_reviewed()
