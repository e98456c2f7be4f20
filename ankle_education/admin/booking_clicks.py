"""Admin for the anonymous booking click-through counts (read-only)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from ankle_education.admin.hardening import HardenedAdminMixin, check_date_hierarchy
from ankle_education.models import BookingClick

if TYPE_CHECKING:
    _ModelAdmin = admin.ModelAdmin[BookingClick]
else:
    _ModelAdmin = admin.ModelAdmin  # Django's admins take no type arguments at run time


@admin.register(BookingClick)
class BookingClickAdmin(HardenedAdminMixin, _ModelAdmin):
    """Counts are written only by the booking redirect; staff read them, nobody edits them."""

    list_display = ["day", "condition_slug", "urgency", "count"]
    list_filter = ["day", "urgency"]
    date_hierarchy = "day"
    search_fields = ["condition_slug"]

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        check_date_hierarchy(request, self.date_hierarchy)
        return super().changelist_view(request, extra_context)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: BookingClick | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: BookingClick | None = None) -> bool:
        return False
