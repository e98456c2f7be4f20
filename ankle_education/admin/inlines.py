"""The inlines: rows edited inside a page (a condition's steps, signs, tips and sources), locked with it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin
from django.db.models import ForeignKey, QuerySet
from django.http import HttpRequest
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ankle_education import models
from ankle_education.admin.base import page_is_changeable
from ankle_education.admin.forms import InlineRowForm
from ankle_education.admin.hardening import HardenedInlineMixin
from ankle_education.admin.markdown import MarkdownAdminMixin

if TYPE_CHECKING:
    _InlineModelAdmin = admin.options.InlineModelAdmin[Any, Any]
    _StackedInline = admin.StackedInline[Any, Any]
    _TabularInline = admin.TabularInline[Any, Any]
else:  # Django's admins take no type arguments at run time
    _InlineModelAdmin = admin.options.InlineModelAdmin
    _StackedInline = admin.StackedInline
    _TabularInline = admin.TabularInline


class PageLockedInline(HardenedInlineMixin, _InlineModelAdmin):
    """Rows edited inside a page (a condition's steps, signs, sources) are locked with the page.

    ``obj`` is the page: a condition, tier or warning sign.
    """

    form = InlineRowForm

    # An inline's takes the page too; django-stubs ignores the same mismatch with BaseModelAdmin's.
    def has_add_permission(self, request: HttpRequest, obj: models.Publishable | None) -> bool:  # type: ignore[override]
        return super().has_add_permission(request, obj) and page_is_changeable(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: models.Publishable | None = None) -> bool:
        return super().has_change_permission(request, obj) and page_is_changeable(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: models.Publishable | None = None) -> bool:
        return super().has_delete_permission(request, obj) and page_is_changeable(request, obj)


class TreatmentStepInline(MarkdownAdminMixin, PageLockedInline, _StackedInline):
    model = models.TreatmentStep
    extra = 0


class ConditionTreatmentStepInline(TreatmentStepInline):
    fields = ("tier", "body", "order")


class TierTreatmentStepInline(TreatmentStepInline):
    """What each condition does at this tier, to read: a step belongs to its condition's versions,
    so it is changed on the condition's page, where its review covers it."""

    fields = ("condition", "body", "order")
    readonly_fields = fields
    verbose_name_plural = _("treatment steps at this tier (change them on each condition’s page)")

    def has_add_permission(self, request: HttpRequest, obj: models.Publishable | None) -> bool:  # type: ignore[override]
        return False

    def has_change_permission(self, request: HttpRequest, obj: models.Publishable | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: models.Publishable | None = None) -> bool:
        return False


class ConditionWarningSignInline(PageLockedInline, _TabularInline):
    model = models.ConditionWarningSign
    extra = 0


class ConditionSignInline(ConditionWarningSignInline):
    autocomplete_fields = ("warning_sign",)


class SignConditionInline(ConditionWarningSignInline):
    autocomplete_fields = ("condition",)
    verbose_name = _("condition with this warning sign")
    verbose_name_plural = _("conditions with this warning sign")


class ConditionSourceInline(PageLockedInline, _TabularInline):
    model = models.ConditionSource
    autocomplete_fields = ("source",)
    extra = 0


class ConditionPreventionTipInline(PageLockedInline, _TabularInline):
    model = models.PreventionTip.conditions.through
    autocomplete_fields = ("preventiontip",)
    extra = 0
    verbose_name = _("prevention tip")
    verbose_name_plural = _("prevention tips")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        # Each row's label names its condition and tip.
        return super().get_queryset(request).select_related("condition", "preventiontip")

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.ModelChoiceField[Any] | None:
        if db_field.name == "preventiontip":
            kwargs["label"] = capfirst(self.verbose_name)  # the auto-created field has no verbose name
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
