"""The list actions on content: publish, sign off a review, archive, move back to review, delete.

They are methods of ``PublishableAdmin``, whose ``has_publish_permission`` and ``warn_if_hidden`` they use.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.actions import delete_selected as delete_selected_with_confirmation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ankle_education import models, workflow
from ankle_education.admin.forms import MarkReviewedForm

if TYPE_CHECKING:
    # What the mixin below extends, for the type checker: at run time it is a plain mixin.
    _ModelAdmin = admin.ModelAdmin[Any]
else:
    _ModelAdmin = object

# Actions that change what patients see or sign off a review: publishers only.
PUBLISHER_ACTIONS = (
    "publish_selected",
    "mark_reviewed_today",
    "review_and_publish",
    "archive_selected",
    "move_back_to_review",
)


class PublishingActions(_ModelAdmin):
    """The actions of every publishable content list, each run only with its permission."""

    actions = [
        "delete_selected",
        "publish_selected",
        "mark_reviewed_today",
        "review_and_publish",
        "archive_selected",
        "move_back_to_review",
    ]
    mark_reviewed_template = "admin/ankle_education/mark_reviewed.html"

    if TYPE_CHECKING:  # PublishableAdmin's

        def has_publish_permission(self, request: HttpRequest) -> bool: ...

        def warn_if_hidden(self, request: HttpRequest, objs: Iterable[models.Publishable]) -> None: ...

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
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

    @admin.action(
        # Set by Django's @admin.action, which django-stubs cannot add to the function's type.
        description=delete_selected_with_confirmation.short_description,  # type: ignore[attr-defined]
        permissions=["delete"],
    )
    def delete_selected(self, request: HttpRequest, queryset: QuerySet[models.Publishable]) -> TemplateResponse | None:
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
    def publish_selected(self, request: HttpRequest, queryset: QuerySet[models.Publishable]) -> None:
        try:
            count = workflow.publish_all(queryset, request.user)
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
    def mark_reviewed_today(
        self, request: HttpRequest, queryset: QuerySet[models.Publishable]
    ) -> TemplateResponse | None:
        """Asks the reviewer to sign with their name and credentials, then records the review of the
        version each would put live next (its pending change, or the row)."""
        return self.sign_off(request, queryset, "mark_reviewed_today", publish=False)

    @admin.action(description=_("Review today and publish selected %(verbose_name_plural)s"), permissions=["publish"])
    def review_and_publish(
        self, request: HttpRequest, queryset: QuerySet[models.Publishable]
    ) -> TemplateResponse | None:
        """One step for reviewed content (the starter library, say): record the review, then publish."""
        return self.sign_off(request, queryset, "review_and_publish", publish=True)

    def sign_off(
        self, request: HttpRequest, queryset: QuerySet[models.Publishable], action: str, publish: bool
    ) -> TemplateResponse | None:
        if "apply" in request.POST:
            form = MarkReviewedForm(request.POST)
            if form.is_valid():
                try:
                    with transaction.atomic():
                        for obj in queryset:
                            # Signs off only what the confirmation page showed (its content hash).
                            shown = request.POST.get(f"review_of_{obj.pk}", "")
                            name = form.cleaned_data["reviewed_by"]
                            workflow.record_review(obj, name, request.user, expected_content=shown)
                        published = workflow.publish_all(queryset, request.user) if publish else 0
                except (PermissionDenied, ValidationError) as error:
                    reasons = error.messages if isinstance(error, ValidationError) else [str(error)]
                    self.message_user(
                        request,
                        gettext("Nothing was recorded or published. %(reasons)s") % {"reasons": " ".join(reasons)},
                        messages.ERROR,
                    )
                    return None
                count = len(queryset)
                self.message_user(
                    request,
                    ngettext(
                        "Recorded today’s review of %(count)d item.",
                        "Recorded today’s review of %(count)d items.",
                        count,
                    )
                    % {"count": count},
                )
                if publish:
                    self.message_user(
                        request,
                        ngettext("Published %(count)d item.", "Published %(count)d items.", published)
                        % {"count": published},
                    )
                    self.warn_if_hidden(request, queryset)
                return None
        else:
            # The admin serves signed-in staff only, never the AnonymousUser that django-stubs allows for.
            reviewer = request.user.get_full_name() or request.user.get_username()  # type: ignore[union-attr]
            form = MarkReviewedForm(initial={"reviewed_by": reviewer})
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Review and publish") if publish else gettext("Mark as reviewed today"),
            "opts": self.model._meta,
            "queryset": queryset,
            "shown": [(obj, workflow.review_target(obj).content_hash) for obj in queryset],
            "form": form,
            "today": timezone.localdate(),
            "action": action,
            "publish": publish,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, self.mark_reviewed_template, context)

    @admin.action(description=_("Archive selected %(verbose_name_plural)s"), permissions=["publish"])
    def archive_selected(self, request: HttpRequest, queryset: QuerySet[models.Publishable]) -> None:
        count = self.set_status_of_each(request, queryset, workflow.archive)
        self.message_user(
            request, ngettext("Archived %(count)d item.", "Archived %(count)d items.", count) % {"count": count}
        )
        self.warn_if_hidden(request, queryset)

    @admin.action(description=_("Move selected %(verbose_name_plural)s back to “In review”"), permissions=["publish"])
    def move_back_to_review(self, request: HttpRequest, queryset: QuerySet[models.Publishable]) -> None:
        """Takes content off the site so that editors can change it again."""
        count = self.set_status_of_each(request, queryset, workflow.move_back_to_review)
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
        self,
        request: HttpRequest,
        queryset: QuerySet[models.Publishable],
        set_status: Callable[[models.Publishable, Any], None],
    ) -> int:
        with transaction.atomic():
            for obj in queryset:
                set_status(obj, request.user)
        return len(queryset)
