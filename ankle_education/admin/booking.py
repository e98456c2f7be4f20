"""Admin for the anonymous booking click-through counts (read-only)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from ankle_education.models import BookingClick


@admin.register(BookingClick)
class BookingClickAdmin(admin.ModelAdmin):
    """Counts are written only by the booking redirect; staff read them, nobody edits them."""

    list_display = ["day", "condition_slug", "urgency", "count"]
    list_filter = ["day", "urgency"]
    date_hierarchy = "day"
    search_fields = ["condition_slug"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: BookingClick | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: BookingClick | None = None) -> bool:
        return False
