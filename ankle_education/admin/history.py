"""Each piece of content's history page: its versions, a comparison with the live one, and restore.

Django's own ``…/<id>/history/`` page lists the admin's log; for content with versions it lists the
versions instead (who, when, what, status, review), since every change, review, publication and
take-down makes one. ``…/history/<number>/`` compares a version with the live one (or, for content
not live, the current one); posting to ``…/history/<number>/restore/`` brings it back as a pending
change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from ankle_education import comparison, models, versions, workflow

if TYPE_CHECKING:
    _ModelAdmin = admin.ModelAdmin[Any]
else:
    _ModelAdmin = object  # a plain mixin at run time


def version_state(version: models.Version, live: bool) -> str:
    """Where the version stands, in words."""
    if version.state == models.Version.State.PENDING:
        return gettext("Pending change")
    if version.state == models.Version.State.CURRENT:
        return gettext("Live") if live else gettext("Current")
    return ""


class VersionHistoryMixin(_ModelAdmin):
    """The versions of the admin's publishable model, on its history page."""

    version_history_template = "admin/ankle_education/version_history.html"
    version_compare_template = "admin/ankle_education/version_compare.html"

    def get_urls(self) -> list[URLPattern]:
        info = self.opts.app_label, self.opts.model_name
        own = [
            path(
                "<path:object_id>/history/<int:number>/",
                self.admin_site.admin_view(self.version_view),
                name=f"{info[0]}_{info[1]}_version",
            ),
            path(
                "<path:object_id>/history/<int:number>/discard/",
                self.admin_site.admin_view(require_POST(self.discard_view)),
                name=f"{info[0]}_{info[1]}_discard",
            ),
            path(
                "<path:object_id>/history/<int:number>/restore/",
                self.admin_site.admin_view(require_POST(self.restore_view)),
                name=f"{info[0]}_{info[1]}_restore",
            ),
        ]
        return [*own, *super().get_urls()]  # before Django's catch-all "<path:object_id>/"

    def _viewable(self, request: HttpRequest, object_id: str) -> models.Publishable:
        obj: models.Publishable | None = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(gettext("No such content."))
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied  # as Django's own history and change pages
        return obj

    def _restorable(self, request: HttpRequest, obj: models.Publishable, version: models.Version) -> bool:
        """Whether the user may restore ``version``: only a past one, since restoring the current or
        the pending version would change nothing but clear the review it may carry."""
        return version.state == models.Version.State.PAST and self.has_change_permission(request, obj)

    def version_url(self, obj: models.Publishable, number: int, view: str = "version") -> str:
        name = f"admin:{self.opts.app_label}_{self.opts.model_name}_{view}"
        return reverse(name, args=[quote(obj.pk), number], current_app=self.admin_site.name)

    def version_context(self, request: HttpRequest, obj: models.Publishable) -> dict[str, Any]:
        """For the change page: the pending change, and a review the last edit left behind."""
        pending = versions.pending_version(obj)
        context: dict[str, Any] = {"pending_version": pending}
        if pending is not None:
            context["pending_compare_url"] = self.version_url(obj, pending.number)
        target = pending or (None if obj.is_published else versions.current_version(obj))
        if target is not None and target.reviewed_by == "":
            earlier = (
                versions.versions_of(obj)
                .filter(number__lt=target.number)
                .exclude(reviewed_by="")
                .order_by("-number")
                .first()
            )
            if earlier is not None:
                context["review_left_behind"] = earlier
        return context

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        obj = self._viewable(request, object_id)
        history = list(versions.versions_of(obj).select_related("user").order_by("-number"))
        rows = [
            {
                "version": version,
                "state": version_state(version, obj.is_published),
                "compare_url": self.version_url(obj, version.number),
            }
            for version in history
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("History: %(content)s") % {"content": obj},
            "subtitle": None,
            "object": obj,
            "opts": self.opts,
            "rows": rows,
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.version_history_template, context)

    def version_view(self, request: HttpRequest, object_id: str, number: int) -> HttpResponse:
        obj = self._viewable(request, object_id)
        version = get_object_or_404(versions.versions_of(obj).select_related("user"), number=number)
        against = versions.current_version(obj)
        if against is None:
            raise Http404(gettext("No such version."))
        compared = comparison.compare(type(obj), against.data, version.data)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Version %(number)d of %(content)s") % {"number": number, "content": obj},
            "subtitle": None,
            "object": obj,
            "opts": self.opts,
            "version": version,
            "against": against,
            "live": obj.is_published,
            "comparison": compared,
            "can_restore": self._restorable(request, obj, version),
            "restore_url": self.version_url(obj, number, "restore"),
            "can_discard": version.state == models.Version.State.PENDING and self.has_change_permission(request, obj),
            "discard_url": self.version_url(obj, number, "discard"),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.version_compare_template, context)

    def restore_view(self, request: HttpRequest, object_id: str, number: int) -> HttpResponse:
        obj = self._viewable(request, object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        version = versions.versions_of(obj).filter(number=number).first()
        if version is None:
            raise Http404(gettext("No such version."))
        if version.state != models.Version.State.PAST:
            if version.state == models.Version.State.PENDING:
                refusal = gettext("Version %(number)d is the pending change already: there is nothing to restore.")
            elif obj.is_published:
                refusal = gettext("Version %(number)d is the live version already: there is nothing to restore.")
            else:
                refusal = gettext("Version %(number)d is the current version already: there is nothing to restore.")
            self.message_user(request, refusal % {"number": number}, messages.ERROR)
            return HttpResponseRedirect(self.version_url(obj, number))
        try:
            restored = workflow.restore(obj, number, request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(self.version_url(obj, number))
        if restored.action == models.Version.Action.DISCARDED:
            message = gettext(
                "Version %(old)d says what patients already see, so the pending change was discarded "
                "(it stays in the history)."
            )
        elif restored.state == models.Version.State.PENDING:
            message = gettext(
                "Version %(old)d is back as a pending change (version %(new)d). Patients still see the live "
                "version until a clinical reviewer reviews and publishes it."
            )
        else:
            message = gettext("Version %(old)d is back as version %(new)d. It needs a clinical review to go live.")
        self.message_user(request, message % {"old": number, "new": restored.number})
        return self._to_change_page(obj)

    def discard_view(self, request: HttpRequest, object_id: str, number: int) -> HttpResponse:
        """Drop the pending change (version ``number``) of live content; it stays in the history."""
        obj = self._viewable(request, object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        pending = versions.pending_version(obj)
        if pending is None or pending.number != number:
            raise Http404(gettext("No such pending change."))
        workflow.discard_pending(obj, request.user)
        self.message_user(
            request,
            gettext("Discarded the pending change (version %(number)d); it stays in the history.") % {"number": number},
        )
        return self._to_change_page(obj)

    def _to_change_page(self, obj: models.Publishable) -> HttpResponse:
        name = f"admin:{self.opts.app_label}_{self.opts.model_name}_change"
        return HttpResponseRedirect(reverse(name, args=[quote(obj.pk)], current_app=self.admin_site.name))
