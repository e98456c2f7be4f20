"""The base ModelAdmins every content admin builds on, and the delete protection they share.

The editorial rules themselves live in ``ankle_education.publishing``; these classes only offer
them to staff: status choices, live content locked for editors, review flags, preview links and
deletes that are refused while other content still uses the thing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, cast

from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Field, Model, QuerySet, URLField
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ankle_education import invalidation, models, publishing, versions, workflow
from ankle_education.admin.actions import PublishingActions
from ankle_education.admin.filters import NeverReviewedFilter, ReviewOverdueFilter
from ankle_education.admin.forms import PublishableAdminForm, PublishableListForm
from ankle_education.admin.hardening import HardenedAdminMixin
from ankle_education.admin.history import VersionHistoryMixin
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


# Where a change form's request carries what the save made, from the form's hooks to the view.
PENDING_CHANGE = "_ankle_pending_change"  # the form edits a change to live content
PREVIOUS_VERSION = "_ankle_previous_version"
SAVED = "_ankle_saved"
SHOWN_CONTENT = "_ankle_shown_content"  # what the form shows, as workflow.shown_content hashes it


class PublishableAdmin(VersionHistoryMixin, PublishingActions, ContentAdmin):
    """Drafts, pending changes to live content, review flags, publishing by permission only, previews."""

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
        # Without it archived content is read-only: Django shows the view page and refuses POSTs.
        return super().has_change_permission(request, obj) and page_is_changeable(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: models.Publishable | None = None) -> bool:
        # Deleting live content would silently take it off every page that shows it: archive it first.
        return super().has_delete_permission(request, obj) and not (obj is not None and obj.is_published)

    def get_readonly_fields(self, request: HttpRequest, obj: models.Publishable | None = None) -> tuple[str, ...]:
        readonly = tuple(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            # A review is a clinical sign-off, and a schedule a publishing decision: publishers only.
            readonly += (*publishing.REVIEW_FIELDS, *publishing.SCHEDULE_FIELDS)
        return readonly

    def get_queryset(self, request: HttpRequest) -> QuerySet[models.Publishable]:
        return workflow.queryset_with_pending(super().get_queryset(request))

    def get_form(
        self, request: HttpRequest, obj: models.Publishable | None = None, change: bool = False, **kwargs: Any
    ) -> type[PublishableAdminForm]:
        form = cast("type[PublishableAdminForm]", super().get_form(request, obj, change, **kwargs))
        form.user = request.user  # modelform_factory made a fresh class for this request
        form.pending_change = getattr(request, PENDING_CHANGE, False)
        form.shown_content = getattr(request, SHOWN_CONTENT, "") if self.has_change_permission(request, obj) else ""
        return form

    def get_changelist_form(self, request: HttpRequest, **kwargs: Any) -> type[PublishableListForm]:
        form = cast(
            "type[PublishableListForm]", super().get_changelist_form(request, **{"form": PublishableListForm, **kwargs})
        )
        form.user = request.user  # modelform_factory made a fresh class for this request
        return form

    # Saving: a version for every save; live content keeps its row ---------------------------

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method == "POST" and "_saveasnew" in request.POST and not self.save_as:
            return HttpResponseBadRequest(gettext("“Save as new” is not offered here."))
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        if object_id is None or obj is None or not self.has_change_permission(request, obj):
            return super().changeform_view(request, object_id, form_url, extra_context)
        setattr(request, SHOWN_CONTENT, workflow.shown_content(obj))
        if request.method == "POST":
            setattr(request, PREVIOUS_VERSION, versions.pending_version(obj) or versions.ensure_recorded(obj))
        if not obj.is_published:
            return super().changeform_view(request, object_id, form_url, extra_context)
        return self.change_live_view(request, obj, object_id, form_url, extra_context)

    def change_live_view(
        self,
        request: HttpRequest,
        obj: models.Publishable,
        object_id: str,
        form_url: str,
        extra_context: dict[str, Any] | None,
    ) -> HttpResponse:
        """The form of live content edits its pending change: shown and saved in a savepoint that is
        rolled back, so the row patients see stays as it is; what was saved becomes the pending version."""
        setattr(request, PENDING_CHANGE, True)
        with versions.rolled_back():
            try:
                workflow.show_pending(obj)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if isinstance(response, TemplateResponse):
                response.render()  # while the savepoint still holds the pending change
        saved = getattr(request, SAVED, None)
        if saved is not None:
            obj.refresh_from_db()
            outcome = workflow.save_change(obj, getattr(request, PREVIOUS_VERSION), user=request.user, **saved)
            self.tell_saved(request, outcome)
        return response

    def save_model(
        self,
        request: HttpRequest,
        obj: models.Publishable,
        form: PublishableAdminForm | PublishableListForm,
        change: bool,
    ) -> None:
        if isinstance(form, PublishableAdminForm) and form.cleaned_data.get("status") == models.Status.PUBLISHED:
            if not publishing.can_publish(request.user, obj):  # the form refuses it; this guards other ways in
                raise PermissionDenied(gettext("You do not have permission to publish this content."))
            # Live only once the version saved is known to be the one reviewed (workflow.save_change).
            obj.status = form.initial_status if form.initial_status != models.Status.PUBLISHED else models.Status.DRAFT
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        obj = form.instance
        saved = {
            "data": versions.snapshot(obj),
            "status": form.cleaned_data.get("status", obj.status),
            "posted": versions.Review.of_row(obj),
            "schedule": {name: getattr(obj, name) for name in publishing.SCHEDULE_FIELDS},
            "schedule_changed": bool(set(form.changed_data) & set(publishing.SCHEDULE_FIELDS)),
        }
        if getattr(request, PENDING_CHANGE, False):
            setattr(request, SAVED, saved)  # the view records it once the savepoint is rolled back
            return
        invalidation.purge_after_related_saved(obj)
        previous = getattr(form, "previous_version", None) or getattr(request, PREVIOUS_VERSION, None)
        outcome = workflow.save_change(obj, previous, user=request.user, created=not change, **saved)
        self.tell_saved(request, outcome)
        # A new status can leave published content hidden: a condition put live in a draft category.
        # "Save and continue" returns to the change page, whose notice says it already.
        if outcome.published and "_continue" not in request.POST:
            self.warn_if_hidden(request, [obj])

    def tell_saved(self, request: HttpRequest, outcome: workflow.Saved) -> None:
        version = outcome.version
        if outcome.review_cleared is not None:
            review = outcome.review_cleared
            self.message_user(
                request,
                gettext(
                    "Your changes cleared the clinical review of %(date)s by %(reviewer)s: "
                    "this version needs its own review before it goes live."
                )
                % {"date": review.last_reviewed, "reviewer": review.reviewed_by},
                messages.WARNING,
            )
        if outcome.not_published_because:
            self.message_user(
                request,
                gettext("Saved as version %(number)d, but not published. %(reasons)s")
                % {"number": version.number, "reasons": " ".join(outcome.not_published_because)},
                messages.ERROR,
            )
        elif outcome.same_as_live:
            self.message_user(
                request, gettext("Nothing differs from the live version, so no pending change is kept."), messages.INFO
            )
        elif outcome.published:
            self.message_user(
                request, gettext("Published: patients now see version %(number)d.") % {"number": version.number}
            )
        elif version.state == models.Version.State.PENDING:
            self.message_user(
                request,
                gettext(
                    "Saved as a pending change (version %(number)d). Patients still see the published version "
                    "until a clinical reviewer reviews and publishes this one."
                )
                % {"number": version.number},
            )

    def warn_if_hidden(self, request: HttpRequest, objs: Iterable[models.Publishable]) -> None:
        for obj in objs:
            if warning := publishing.hidden_warning(obj):
                self.message_user(request, warning, messages.WARNING)

    # Lists and the change page ---------------------------------------------------------

    @admin.display(description=_("next review"), ordering="next_review_due")
    def review(self, obj: models.Publishable) -> str:
        return publishing.review_state(obj)

    @admin.display(description=_("unpublished changes"), boolean=True, ordering="has_pending_change")
    def pending_change(self, obj: models.Publishable) -> bool:
        return bool(getattr(obj, "has_pending_change", False))

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
        context.update(self.version_context(request, obj))
        return context

    def notices(self, request: HttpRequest, obj: models.Publishable) -> list[str]:
        """What the change page says above the form: why it is locked, why patients cannot see it."""
        notices = [] if publishing.may_change_in_its_status(request.user, obj) else [publishing.locked_notice(obj)]
        if warning := publishing.hidden_warning(obj):
            notices.append(warning)
        return notices
