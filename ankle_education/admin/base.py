"""The base ModelAdmins every content admin builds on, and the delete protection they share.

The editorial rules themselves live in ``ankle_education.publishing``; these classes only offer
them to staff: status choices, live content locked for editors, review flags, preview links and
deletes that are refused while other content still uses the thing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, cast

from django.contrib import admin, messages
from django.contrib.admin.utils import quote
from django.db.models import Field, Model, QuerySet, URLField
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ankle_education import invalidation, models, publishing
from ankle_education.admin.actions import PublishingActions
from ankle_education.admin.filters import NeverReviewedFilter, ReviewOverdueFilter
from ankle_education.admin.forms import PublishableAdminForm, PublishableListForm
from ankle_education.admin.hardening import HardenedAdminMixin
from ankle_education.admin.markdown import MarkdownAdminMixin

if TYPE_CHECKING:
    from django.utils.safestring import SafeString

    _ModelAdmin = admin.ModelAdmin[Any]
else:
    _ModelAdmin = admin.ModelAdmin  # Django's admins take no type arguments at run time

# Staff paste addresses without a scheme; https is the safe guess (and Django 6's default).
URL_FIELD: dict[type[Field[Any, Any]], dict[str, Any]] = {URLField: {"assume_scheme": "https"}}


def protected_by_plain_relations(
    objs: list[Model], relation_names: tuple[str, ...], request: HttpRequest
) -> list[SafeString]:
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


def page_is_changeable(request: HttpRequest, obj: models.Publishable | None) -> bool:
    """Whether the user may change this page as it stands; None is a page still being added."""
    return obj is None or publishing.may_change_in_its_status(request.user, obj)


class ContentAdmin(MarkdownAdminMixin, HardenedAdminMixin, _ModelAdmin):
    """What every content admin shares: the markdown editor, notices and friendly protected deletes."""

    formfield_overrides = URL_FIELD
    change_form_template = "admin/ankle_education/content_change_form.html"
    delete_confirmation_template = "admin/ankle_education/delete_confirmation.html"
    delete_selected_confirmation_template = "admin/ankle_education/delete_selected_confirmation.html"
    # Many-to-many relations (by related name) whose users must block a delete.
    protected_by: tuple[str, ...] = ()

    def get_deleted_objects(
        self, objs: Sequence[Model] | QuerySet[Model], request: HttpRequest
    ) -> tuple[list[str], dict[str, int], set[str], list[str]]:
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        protected = [*protected, *protected_by_plain_relations(list(objs), self.protected_by, request)]
        if protected:
            # Nothing is deleted then, so say what uses it. Django would instead say which delete
            # permission is missing, counting the protected objects too (live content never has one).
            perms_needed = set()
        return deleted, model_count, perms_needed, protected

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        obj = self.get_object(request, object_id)
        if obj is not None:
            extra_context = {**(extra_context or {}), **self.change_page_context(request, obj)}
        return super().change_view(request, object_id, form_url, extra_context)

    # ``obj`` is an instance of the admin's model: Any, so that each admin names its own.
    def change_page_context(self, request: HttpRequest, obj: Any) -> dict[str, Any]:
        """What the change page adds to Django's: the ``notices`` shown above the form."""
        return {"notices": self.notices(request, obj)}

    def notices(self, request: HttpRequest, obj: Any) -> list[str]:
        """What staff are told above the form, e.g. why they may not change it."""
        return []


class PublishableAdmin(PublishingActions, ContentAdmin):
    """Drafts, review flags, publishing by permission only, and a preview of the draft."""

    form = PublishableAdminForm
    list_filter: ClassVar[tuple[str | type[admin.ListFilter], ...]] = (
        "status",
        ReviewOverdueFilter,
        NeverReviewedFilter,
    )
    readonly_fields = ("published_at", "created_at", "updated_at")
    # The kind in ``ankle_education:preview``; None for content without a page of its own.
    preview_kind: str | None = None

    # Permissions -----------------------------------------------------------------------

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return publishing.can_publish(request.user, self.model)

    def has_change_permission(self, request: HttpRequest, obj: models.Publishable | None = None) -> bool:
        # Without it live content is read-only: Django shows the view page and refuses POSTs.
        return super().has_change_permission(request, obj) and page_is_changeable(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: models.Publishable | None = None) -> bool:
        # Deleting live content would silently take it off every page that shows it: archive it first.
        return super().has_delete_permission(request, obj) and not (obj is not None and obj.is_published)

    def get_readonly_fields(self, request: HttpRequest, obj: models.Publishable | None = None) -> tuple[str, ...]:
        readonly = tuple(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            # A review is a clinical sign-off: only publishers record one.
            readonly += publishing.REVIEW_FIELDS
        return readonly

    def get_form(
        self, request: HttpRequest, obj: models.Publishable | None = None, change: bool = False, **kwargs: Any
    ) -> type[PublishableAdminForm]:
        form = cast("type[PublishableAdminForm]", super().get_form(request, obj, change, **kwargs))
        form.user = request.user  # modelform_factory made a fresh class for this request
        return form

    def get_changelist_form(self, request: HttpRequest, **kwargs: Any) -> type[PublishableListForm]:
        form = cast(
            "type[PublishableListForm]", super().get_changelist_form(request, **{"form": PublishableListForm, **kwargs})
        )
        form.user = request.user  # modelform_factory made a fresh class for this request
        return form

    def save_model(
        self,
        request: HttpRequest,
        obj: models.Publishable,
        form: PublishableAdminForm | PublishableListForm,
        change: bool,
    ) -> None:
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
            if warning := publishing.hidden_warning(obj):
                self.message_user(request, warning, messages.WARNING)

    # Lists and the change page ---------------------------------------------------------

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
        notices = [] if publishing.may_change_in_its_status(request.user, obj) else [publishing.locked_notice(obj)]
        if warning := publishing.hidden_warning(obj):
            notices.append(warning)
        return notices
