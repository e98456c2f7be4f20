"""The clinical content's ModelAdmins, registered with the admin site: what each list and form shows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ankle_education import models, publishing
from ankle_education.admin.base import ContentAdmin, PublishableAdmin
from ankle_education.admin.filters import NeverReviewedFilter, ReviewOverdueFilter
from ankle_education.admin.inlines import (
    ConditionPreventionTipInline,
    ConditionSignInline,
    ConditionSourceInline,
    ConditionTreatmentStepInline,
    SignConditionInline,
    TierTreatmentStepInline,
)

if TYPE_CHECKING:
    from django_stubs_ext import FieldOpts, StrOrPromise

EDITORIAL_FIELDSET: tuple[StrOrPromise, FieldOpts] = (
    _("Review and publishing"),
    {
        "fields": (
            "status",
            ("last_reviewed", "next_review_due"),
            "reviewed_by",
            ("go_live_at", "take_down_at"),
            "published_at",
            ("created_at", "updated_at"),
        )
    },
)


@admin.register(models.Category)
class CategoryAdmin(PublishableAdmin):
    preview_kind = "category"
    list_display = ("name", "status", "pending_change", "review", "order", "preview")
    list_editable = ("order",)
    search_fields = ("name", "slug", "summary", "body")
    prepopulated_fields = {"slug": ("name",)}
    fieldsets = ((None, {"fields": ("name", "slug", "summary", "body", "order")}), EDITORIAL_FIELDSET)


@admin.register(models.Condition)
class ConditionAdmin(PublishableAdmin):
    preview_kind = "condition"
    list_display = ("name", "category", "status_for_patients", "pending_change", "review", "order", "preview")
    list_editable = ("order",)
    list_filter = ("status", "category", ReviewOverdueFilter, NeverReviewedFilter)
    list_select_related = ("category",)
    search_fields = ("name", "slug", "summary", "overview", "symptoms", "causes", "category__name")
    prepopulated_fields = {"slug": ("name",)}
    fieldsets = (
        (None, {"fields": ("name", "also_called", "slug", "category", "summary", "order")}),
        (_("Patient page"), {"fields": ("overview", "symptoms", "causes")}),
        (_("Booking"), {"fields": ("booking_url", "booking_reason", "urgent_booking_url")}),
        EDITORIAL_FIELDSET,
    )
    inlines = (ConditionTreatmentStepInline, ConditionSignInline, ConditionPreventionTipInline, ConditionSourceInline)

    @admin.display(description=_("status"), ordering="status")
    def status_for_patients(self, obj: models.Condition) -> str:
        return publishing.status_label(obj)


@admin.register(models.PreventionTip)
class PreventionTipAdmin(PublishableAdmin):
    preview_kind = "prevention-tip"
    list_display = ("title", "status", "pending_change", "review", "order", "preview")
    list_editable = ("order",)
    list_filter = ("status", "conditions__category", ReviewOverdueFilter, NeverReviewedFilter)
    search_fields = ("title", "slug", "summary", "body")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("conditions", "sources")
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "body", "order", "conditions", "sources")}),
        EDITORIAL_FIELDSET,
    )


@admin.register(models.TreatmentTier)
class TreatmentTierAdmin(PublishableAdmin):
    preview_kind = "treatment-tier"
    list_display = ("name", "status", "pending_change", "review", "order", "preview")
    list_editable = ("order",)
    search_fields = ("name", "slug", "summary", "body", "when_to_move_up")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("sources",)
    fieldsets = (
        (None, {"fields": ("name", "slug", "summary", "body", "when_to_move_up", "order", "sources")}),
        EDITORIAL_FIELDSET,
    )
    inlines = (TierTreatmentStepInline,)


@admin.register(models.WarningSign)
class WarningSignAdmin(PublishableAdmin):
    list_display = ("text", "urgency", "applies_to_all_conditions", "status", "pending_change", "review", "order")
    list_editable = ("order",)
    list_filter = ("status", "urgency", "applies_to_all_conditions", ReviewOverdueFilter, NeverReviewedFilter)
    search_fields = ("text", "explanation")
    fieldsets = (
        (None, {"fields": ("text", "explanation", "urgency", "applies_to_all_conditions", "order")}),
        EDITORIAL_FIELDSET,
    )
    inlines = (SignConditionInline,)


@admin.register(models.Source)
class SourceAdmin(ContentAdmin):
    list_display = ("title", "publisher", "url", "accessed_on")
    list_filter = ("publisher",)
    search_fields = ("title", "publisher", "url")
    # Tips and tiers cite sources through plain many-to-many fields: deleting must not drop them silently.
    protected_by = ("prevention_tips", "treatment_tiers")

    def has_change_permission(self, request: HttpRequest, obj: models.Source | None = None) -> bool:
        # Without it a source that live pages cite is read-only, like live content itself.
        return super().has_change_permission(request, obj) and (
            obj is None or publishing.may_change_source(request.user, obj)
        )

    def notices(self, request: HttpRequest, obj: models.Source) -> list[str]:
        if publishing.may_change_source(request.user, obj):
            return []
        return [publishing.source_locked_notice(publishing.signed_off_content_citing(obj))]
