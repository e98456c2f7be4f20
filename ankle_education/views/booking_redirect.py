"""The booking redirect: counts an anonymous click-through, then sends the patient to book."""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ankle_education.booking_links import BOOKABLE_LEVELS, booking_target, redirect_location
from ankle_education.models import BookingClick, Condition
from ankle_education.urgency import Level

ALLOWED_PARAMS = {"condition", "urgency"}
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,200}")


def _single(request: HttpRequest, name: str) -> str | None:
    values = request.GET.getlist(name)
    if len(values) > 1:
        raise Http404(_("Booking links carry one %(name)s.") % {"name": name})
    return values[0] if values else None


def _condition(slug: str | None) -> Condition | None:
    if slug is None:
        return None
    if not SLUG.fullmatch(slug):
        raise Http404(_("No such condition."))
    condition = Condition.objects.published().filter(slug=slug).first()
    if condition is None:
        raise Http404(_("No such condition."))
    return condition


def count_click(level: Level, condition: Condition | None) -> None:
    """Add one to today's anonymous count; correct when two clicks race to create the row."""
    key = {
        "day": timezone.localdate(),
        "condition_slug": condition.slug if condition is not None else "",
        "urgency": level.slug,
    }
    if BookingClick.objects.filter(**key).update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            BookingClick.objects.create(**key, count=1)
    except IntegrityError:
        # Another request created today's row between our update and our insert.
        BookingClick.objects.filter(**key).update(count=F("count") + 1)


@require_GET
@never_cache
def book(request: HttpRequest) -> HttpResponse:
    """Redirect to the configured booking page for ``urgency`` (and ``condition``); 404 otherwise.

    The target comes only from the settings or a published condition's override, never
    from the request, so this can never be used as an open redirect.
    """
    if set(request.GET) - ALLOWED_PARAMS:
        raise Http404(_("Booking links carry only a condition and an urgency level."))
    try:
        level: Level | None = Level.from_slug(_single(request, "urgency") or "")
    except ValueError:
        level = None
    if level is None or level not in BOOKABLE_LEVELS:
        raise Http404(_("Booking links are for routine or urgent appointments only."))
    condition = _condition(_single(request, "condition"))
    target = booking_target(level, condition)
    if target is None:
        raise Http404(_("No booking page is configured."))
    count_click(level, condition)
    response = HttpResponseRedirect(redirect_location(target, level, condition))
    response["Referrer-Policy"] = "no-referrer"
    return response
