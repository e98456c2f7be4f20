"""List filters for the content lists: which pieces are overdue for review, or were never reviewed."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class ReviewListFilter(admin.SimpleListFilter):
    """A yes / no filter on one review state of the content."""

    labels: tuple[str, str]

    def matching(self, queryset: QuerySet) -> QuerySet:
        raise NotImplementedError

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("yes", self.labels[0]), ("no", self.labels[1])]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return self.matching(queryset)
        if self.value() == "no":
            return queryset.exclude(pk__in=self.matching(queryset).values("pk"))
        return queryset


class ReviewOverdueFilter(ReviewListFilter):
    title = _("review overdue")
    parameter_name = "review_overdue"
    labels = (_("Overdue"), _("Not overdue"))

    def matching(self, queryset: QuerySet) -> QuerySet:
        return queryset.review_overdue()


class NeverReviewedFilter(ReviewListFilter):
    title = _("never reviewed")
    parameter_name = "never_reviewed"
    labels = (_("Never reviewed"), _("Reviewed"))

    def matching(self, queryset: QuerySet) -> QuerySet:
        return queryset.never_reviewed()
