"""Admin for the clinical content: editing, review and publishing.

The editorial rules themselves live in ``ankle_education.publishing``; this module only
offers them to staff: status choices, live content locked for editors, actions, review
flags, preview links and deletes that are refused while other content still uses the thing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as delete_selected_with_confirmation
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet, URLField
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from markdownx.models import MarkdownxField
from markdownx.widgets import AdminMarkdownxWidget

from ankle_education import invalidation, models, publishing
from ankle_education.admin.hardening import HardenedAdminMixin, HardenedInlineMixin
from ankle_education.admin_forms import InlineRowForm, MarkReviewedForm, PublishableAdminForm, PublishableListForm

# Every markdown field gets the editor with live preview; the preview endpoint renders
# through the same sanitiser as the public pages.
MARKDOWN_EDITOR = {MarkdownxField: {"widget": AdminMarkdownxWidget}}
# Staff paste addresses without a scheme; https is the safe guess (and Django 6's default).
URL_FIELD = {URLField: {"assume_scheme": "https"}}

EDITORIAL_FIELDSET = (
    _("Review and publishing"),
    {
        "fields": (
            "status",
            ("last_reviewed", "next_review_due"),
            "reviewed_by",
            "published_at",
            ("created_at", "updated_at"),
        )
    },
)
# Actions that change what patients see or sign off a review: publishers only.
PUBLISHER_ACTIONS = ("publish_selected", "mark_reviewed_today", "archive_selected", "move_back_to_review")


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


def protected_by_plain_relations(objs: list[Model], relation_names: tuple[str, ...], request: HttpRequest) -> list:
    """Links to content that uses ``objs`` through many-to-many fields that would silently let go.

    The database cascades those links on delete, so the admin lists them as protected
    like the ``PROTECT`` foreign keys, and the delete is refused.
    """
    users = []
    for relation_name in relation_names:
        for obj in objs:
            for user in getattr(obj, relation_name).all():
                opts = user._meta
                label = capfirst(opts.verbose_name)
                if request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
                    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[quote(user.pk)])
                    users.append(format_html('{}: <a href="{}">{}</a>', label, url, user))
                else:
                    users.append(format_html("{}: {}", label, user))
    return users


def page_is_changeable(request: HttpRequest, obj: Model | None) -> bool:
    """Whether the user may change this page as it stands; None is a page still being added."""
    return obj is None or publishing.can_change(request.user, obj)


class ContentAdmin(HardenedAdminMixin, admin.ModelAdmin):
    """What every content admin shares: the markdown editor, notices and friendly protected deletes."""

    formfield_overrides = {**MARKDOWN_EDITOR, **URL_FIELD}
    change_form_template = "admin/ankle_education/content_change_form.html"
    delete_confirmation_template = "admin/ankle_education/delete_confirmation.html"
    delete_selected_confirmation_template = "admin/ankle_education/delete_selected_confirmation.html"
    # Many-to-many relations (by related name) whose users must block a delete.
    protected_by: tuple[str, ...] = ()

    def get_deleted_objects(self, objs, request: HttpRequest):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        protected = [*protected, *protected_by_plain_relations(list(objs), self.protected_by, request)]
        if protected:
            # Nothing is deleted then, so say what uses it. Django would instead say which delete
            # permission is missing, counting the protected objects too (live content never has one).
            perms_needed = set()
        return deleted, model_count, perms_needed, protected

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict | None = None
    ) -> HttpResponse:
        obj = self.get_object(request, object_id)
        if obj is not None:
            extra_context = {**(extra_context or {}), **self.change_page_context(request, obj)}
        return super().change_view(request, object_id, form_url, extra_context)

    def change_page_context(self, request: HttpRequest, obj: Model) -> dict[str, Any]:
        """What the change page adds to Django's: the ``notices`` shown above the form."""
        return {"notices": self.notices(request, obj)}

    def notices(self, request: HttpRequest, obj: Model) -> list[str]:
        """What staff are told above the form, e.g. why they may not change it."""
        return []


class PublishableAdmin(ContentAdmin):
    """Drafts, review flags, publishing by permission only, and a preview of the draft."""

    form = PublishableAdminForm
    mark_reviewed_template = "admin/ankle_education/mark_reviewed.html"
    actions = ["delete_selected", "publish_selected", "mark_reviewed_today", "archive_selected", "move_back_to_review"]
    list_filter: tuple = ("status", ReviewOverdueFilter, NeverReviewedFilter)
    readonly_fields = ("published_at", "created_at", "updated_at")
    # The kind in ``ankle_education:preview``; None for content without a page of its own.
    preview_kind: str | None = None

    # Permissions -----------------------------------------------------------------------

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return publishing.can_publish(request.user, self.model)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # Without it live content is read-only: Django shows the view page and refuses POSTs.
        return super().has_change_permission(request, obj) and page_is_changeable(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # Deleting live content would silently take it off every page that shows it: archive it first.
        return super().has_delete_permission(request, obj) and not (obj is not None and obj.is_published)

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> tuple[str, ...]:
        readonly = tuple(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            # A review is a clinical sign-off: only publishers record one.
            readonly += publishing.REVIEW_FIELDS
        return readonly

    def get_form(self, request: HttpRequest, obj: Model | None = None, change: bool = False, **kwargs: Any):
        form = super().get_form(request, obj, change, **kwargs)
        form.user = request.user  # modelform_factory made a fresh class for this request
        return form

    def get_changelist_form(self, request: HttpRequest, **kwargs: Any):
        form = super().get_changelist_form(request, **{"form": PublishableListForm, **kwargs})
        form.user = request.user  # modelform_factory made a fresh class for this request
        return form

    def save_model(self, request: HttpRequest, obj: Model, form: PublishableAdminForm, change: bool) -> None:
        # The list's form edits only the order, never the status.
        publishes = isinstance(form, PublishableAdminForm) and form.publishes
        if publishes:
            # The form has checked both already; this guards every other way into save_model.
            publishing.ensure_publishable([obj], request.user)
            obj.publish()
        super().save_model(request, obj, form, change)
        # A new status can leave published content hidden: a condition put live in a draft category,
        # or a category taken down with its conditions. "Save and continue" returns to the change
        # page, whose notice says it already.
        if "status" in form.changed_data and "_continue" not in request.POST:
            self.warn_if_hidden(request, [obj])

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        invalidation.purge_after_related_saved(form.instance)

    def warn_if_hidden(self, request: HttpRequest, objs: Iterable[models.Publishable]) -> None:
        for obj in objs:
            if warning := self.hidden_warning(obj):
                self.message_user(request, warning, messages.WARNING)

    def hidden_warning(self, obj: models.Publishable) -> str | None:
        """Why published content that ``obj`` is or holds is hidden from patients; None if nothing is."""
        return publishing.hidden_warning(obj)

    # Lists -----------------------------------------------------------------------------

    @admin.display(description=_("next review"), ordering="next_review_due")
    def review(self, obj: models.Publishable) -> str:
        return publishing.review_state(obj)

    @admin.display(description=_("preview"))
    def preview(self, obj: models.Publishable) -> str:
        return format_html('<a href="{}">{}</a>', self.preview_url(obj), gettext("Preview"))

    def preview_url(self, obj: models.Publishable) -> str:
        return reverse("ankle_education:preview", kwargs={"kind": self.preview_kind, "pk": obj.pk})

    def view_on_site(self, obj: models.Publishable) -> str | None:
        # Only live content has a public page; the preview link shows the rest.
        return obj.get_absolute_url() if obj.is_published and hasattr(obj, "get_absolute_url") else None

    def change_page_context(self, request: HttpRequest, obj: models.Publishable) -> dict[str, Any]:
        context = super().change_page_context(request, obj)
        if self.preview_kind:
            context["preview_url"] = self.preview_url(obj)
        return context

    def notices(self, request: HttpRequest, obj: models.Publishable) -> list[str]:
        """What the change page says above the form: why it is locked, why patients cannot see it."""
        notices = [] if publishing.can_change(request.user, obj) else [publishing.locked_notice(obj)]
        if warning := self.hidden_warning(obj):
            notices.append(warning)
        return notices

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        # Django drops actions a user may not run as "No action selected"; say why instead.
        if (
            request.method == "POST"
            and request.POST.get("action") in PUBLISHER_ACTIONS
            and not self.has_publish_permission(request)
        ):
            self.message_user(
                request,
                gettext("Only clinical reviewers with the publish permission can publish, review or archive."),
                messages.ERROR,
            )
            return HttpResponseRedirect(request.get_full_path())
        return super().changelist_view(request, extra_context)

    # Actions ---------------------------------------------------------------------------

    @admin.action(description=delete_selected_with_confirmation.short_description, permissions=["delete"])
    def delete_selected(self, request: HttpRequest, queryset: QuerySet) -> TemplateResponse | None:
        """Django's bulk delete, refused while any selected piece is live (see ``has_delete_permission``)."""
        live = list(queryset.filter(status=models.Status.PUBLISHED))
        if live:
            names = ", ".join(f"“{obj}”" for obj in live)
            self.message_user(
                request,
                ngettext(
                    "Nothing was deleted: %(names)s is published. Archive it first.",
                    "Nothing was deleted: %(names)s are published. Archive them first.",
                    len(live),
                )
                % {"names": names},
                messages.ERROR,
            )
            return None
        return delete_selected_with_confirmation(self, request, queryset)

    @admin.action(description=_("Publish selected %(verbose_name_plural)s"), permissions=["publish"])
    def publish_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        try:
            count = publishing.publish_all(queryset, request.user)
        except (PermissionDenied, ValidationError) as error:
            reasons = error.messages if isinstance(error, ValidationError) else [str(error)]
            self.message_user(
                request, gettext("Nothing was published. %(reasons)s") % {"reasons": " ".join(reasons)}, messages.ERROR
            )
            return
        self.message_user(
            request, ngettext("Published %(count)d item.", "Published %(count)d items.", count) % {"count": count}
        )
        self.warn_if_hidden(request, queryset)

    @admin.action(description=_("Mark selected %(verbose_name_plural)s as reviewed today"), permissions=["publish"])
    def mark_reviewed_today(self, request: HttpRequest, queryset: QuerySet) -> TemplateResponse | None:
        """Asks the reviewer to sign with their name and credentials, then records the review."""
        if "apply" in request.POST:
            form = MarkReviewedForm(request.POST)
            if form.is_valid():
                with transaction.atomic():
                    for obj in queryset:
                        publishing.mark_reviewed_today(obj, form.cleaned_data["reviewed_by"])
                count = len(queryset)
                self.message_user(
                    request,
                    ngettext(
                        "Recorded today’s review of %(count)d item.", "Recorded today’s review of %(count)d items.", count
                    )
                    % {"count": count},
                )
                return None
        else:
            form = MarkReviewedForm(initial={"reviewed_by": request.user.get_full_name() or request.user.get_username()})
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Mark as reviewed today"),
            "opts": self.model._meta,
            "queryset": queryset,
            "form": form,
            "today": timezone.localdate(),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, self.mark_reviewed_template, context)

    @admin.action(description=_("Archive selected %(verbose_name_plural)s"), permissions=["publish"])
    def archive_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = self.set_status_of_each(request, queryset, publishing.archive)
        self.message_user(
            request, ngettext("Archived %(count)d item.", "Archived %(count)d items.", count) % {"count": count}
        )
        self.warn_if_hidden(request, queryset)

    @admin.action(description=_("Move selected %(verbose_name_plural)s back to “In review”"), permissions=["publish"])
    def move_back_to_review(self, request: HttpRequest, queryset: QuerySet) -> None:
        """Takes content off the site so that editors can change it again."""
        count = self.set_status_of_each(request, queryset, publishing.move_back_to_review)
        self.message_user(
            request,
            ngettext(
                "Moved %(count)d item back to review: patients no longer see it.",
                "Moved %(count)d items back to review: patients no longer see them.",
                count,
            )
            % {"count": count},
        )
        self.warn_if_hidden(request, queryset)

    def set_status_of_each(
        self, request: HttpRequest, queryset: QuerySet, set_status: Callable[[models.Publishable, Any], None]
    ) -> int:
        with transaction.atomic():
            for obj in queryset:
                set_status(obj, request.user)
        return len(queryset)


class PageLockedInline(HardenedInlineMixin, admin.options.InlineModelAdmin):
    """Rows edited inside a page (a condition's steps, signs, sources) are locked with the page.

    ``obj`` is the page: a condition, tier or warning sign.
    """

    form = InlineRowForm

    def has_add_permission(self, request: HttpRequest, obj: Model | None) -> bool:
        return super().has_add_permission(request, obj) and page_is_changeable(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return super().has_change_permission(request, obj) and page_is_changeable(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return super().has_delete_permission(request, obj) and page_is_changeable(request, obj)


class TreatmentStepInline(PageLockedInline, admin.StackedInline):
    model = models.TreatmentStep
    formfield_overrides = MARKDOWN_EDITOR
    extra = 0


class ConditionTreatmentStepInline(TreatmentStepInline):
    fields = ("tier", "body", "order")


class TierTreatmentStepInline(TreatmentStepInline):
    fields = ("condition", "body", "order")
    autocomplete_fields = ("condition",)


class ConditionWarningSignInline(PageLockedInline, admin.TabularInline):
    model = models.ConditionWarningSign
    extra = 0


class ConditionSignInline(ConditionWarningSignInline):
    autocomplete_fields = ("warning_sign",)


class SignConditionInline(ConditionWarningSignInline):
    autocomplete_fields = ("condition",)
    verbose_name = _("condition with this warning sign")
    verbose_name_plural = _("conditions with this warning sign")


class ConditionSourceInline(PageLockedInline, admin.TabularInline):
    model = models.ConditionSource
    autocomplete_fields = ("source",)
    extra = 0


class ConditionPreventionTipInline(PageLockedInline, admin.TabularInline):
    model = models.PreventionTip.conditions.through
    autocomplete_fields = ("preventiontip",)
    extra = 0
    verbose_name = _("prevention tip")
    verbose_name_plural = _("prevention tips")

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs: Any):
        if db_field.name == "preventiontip":
            kwargs["label"] = capfirst(self.verbose_name)  # the auto-created field has no verbose name
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(models.Category)
class CategoryAdmin(PublishableAdmin):
    preview_kind = "category"
    list_display = ("name", "status", "review", "order", "preview")
    list_editable = ("order",)
    search_fields = ("name", "slug", "summary", "body")
    prepopulated_fields = {"slug": ("name",)}
    fieldsets = ((None, {"fields": ("name", "slug", "summary", "body", "order")}), EDITORIAL_FIELDSET)

    def hidden_warning(self, obj: models.Category) -> str | None:
        """Names the published conditions that patients cannot see while this category is not published."""
        if obj.is_published:
            return None
        conditions = [f"“{condition}”" for condition in obj.conditions.published_ignoring_category()]
        if not conditions:
            return None
        return ngettext(
            "Patients cannot see the published condition %(conditions)s: its cause category “%(category)s” "
            "is not published. Publish the category to show it.",
            "Patients cannot see the published conditions %(conditions)s: their cause category “%(category)s” "
            "is not published. Publish the category to show them.",
            len(conditions),
        ) % {"conditions": ", ".join(conditions), "category": obj}


@admin.register(models.Condition)
class ConditionAdmin(PublishableAdmin):
    preview_kind = "condition"
    list_display = ("name", "category", "status_for_patients", "review", "order", "preview")
    list_editable = ("order",)
    list_filter = ("status", "category", ReviewOverdueFilter, NeverReviewedFilter)
    list_select_related = ("category",)
    search_fields = ("name", "slug", "summary", "overview", "symptoms", "causes", "category__name")
    prepopulated_fields = {"slug": ("name",)}
    fieldsets = (
        (None, {"fields": ("name", "slug", "category", "summary", "order")}),
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
    list_display = ("title", "status", "review", "order", "preview")
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
    list_display = ("name", "status", "review", "order", "preview")
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
    list_display = ("text", "urgency", "applies_to_all_conditions", "status", "review", "order")
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
            obj is None or publishing.can_change_source(request.user, obj)
        )

    def notices(self, request: HttpRequest, obj: models.Source) -> list[str]:
        if publishing.can_change_source(request.user, obj):
            return []
        return [publishing.source_locked_notice(publishing.live_content_citing(obj))]
