"""The booking redirect: counts an anonymous click-through, then sends the patient to book.

A click counts once per visitor, condition and level within ``BOOKING_CLICK_WINDOW``, and only for
a top-level navigation. Visitors are told apart the way privacy-friendly analytics do it: a hash of
a random salt, the client's address and User-Agent, the condition and the level. The salt changes
every day and lives only in the cache, as does the hash, for the window alone; neither the address,
the User-Agent, the salt nor the hash is ever written to the database or the logs.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import logging
import re
import secrets

from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ankle_education.booking_links import BOOKABLE_LEVELS, booking_target, redirect_location
from ankle_education.conf import conf
from ankle_education.models import BookingClick, Condition
from ankle_education.urgency import Level
from ankle_education.validators import page_of_this_site

logger = logging.getLogger(__name__)

ALLOWED_PARAMS = {"condition", "urgency"}
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,200}")
SALT_PREFIX = "ankle_education:click-salt:"
MARKER_PREFIX = "ankle_education:click:"
# A day's salt outlives its day wherever the clinic is; the next day asks for a key of its own.
SALT_TIMEOUT = 2 * 24 * 60 * 60


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


def is_top_level_navigation(request: HttpRequest) -> bool:
    """A patient following the link, not an image, script, frame or fetch() that names it.

    Browsers send Fetch Metadata; those too old to send it navigate, and count.
    """
    mode = request.headers.get("Sec-Fetch-Mode")
    destination = request.headers.get("Sec-Fetch-Dest")
    # A browser fetching the page ahead in case the patient clicks (speculation rules) says so.
    prefetch = "prefetch" in request.headers.get("Sec-Purpose", "") or "prefetch" in request.headers.get("Purpose", "")
    return mode in (None, "navigate") and destination in (None, "document") and not prefetch


def _daily_salt(cache: BaseCache, day: datetime.date) -> str:
    """Today's random salt, made by whichever request asks first; kept only in the cache."""
    key = f"{SALT_PREFIX}{day.isoformat()}"
    fresh = secrets.token_hex(16)
    if cache.add(key, fresh, timeout=SALT_TIMEOUT):
        return fresh
    salt = cache.get(key)
    return salt if isinstance(salt, str) else fresh  # evicted in between: this request's own


def visitor_address(request: HttpRequest) -> str:
    """The visitor's address: REMOTE_ADDR, or behind a proxy the last entry of the header it
    appends to (CLIENT_ADDRESS_HEADER): earlier entries are whatever the client sent."""
    header = conf.CLIENT_ADDRESS_HEADER
    if header:
        entries = [entry.strip() for entry in request.headers.get(header, "").split(",") if entry.strip()]
        if entries:
            return entries[-1]
    return str(request.META.get("REMOTE_ADDR", ""))


def is_first_click(request: HttpRequest, level: Level, condition: Condition | None) -> bool:
    """Whether this visitor has not clicked this condition's link at ``level`` within the window.

    If the cache fails, the click counts (a repeated click may then count twice) rather than be lost.
    """
    try:
        cache = caches[conf.CACHE_ALIAS]
        salt = _daily_salt(cache, timezone.localdate())
        visitor = "\n".join(
            (
                visitor_address(request),
                request.headers.get("User-Agent", ""),
                condition.slug if condition is not None else "",
                level.slug,
            )
        )
        marker = hmac.new(salt.encode(), visitor.encode(), hashlib.sha256).hexdigest()
        return bool(cache.add(MARKER_PREFIX + marker, 1, timeout=conf.BOOKING_CLICK_WINDOW))
    except Exception as error:
        # The error's type only: its message could quote the key.
        logger.warning(
            "Booking click counted without de-duplication: the cache %r failed (%s).",
            conf.CACHE_ALIAS,
            type(error).__name__,
        )
        return True


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


def _leads_back_here(request: HttpRequest, location: str) -> bool:
    """Whether ``location``, resolved as the browser would, is this redirect again (under any mount)."""
    match = page_of_this_site(request.build_absolute_uri(location))
    return match is not None and match.func is book


@require_GET
@never_cache
def book(request: HttpRequest) -> HttpResponse:
    """Redirect to the configured booking page for ``urgency`` (and ``condition``); 404 otherwise.

    The target comes only from the settings or a published condition's override, never
    from the request, so this can never be used as an open redirect, nor to this redirect
    itself. A top-level navigation counts once per visitor, condition and level in the window.
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
    location = redirect_location(target, level, condition)
    if _leads_back_here(request, location):
        # The booking rule refuses the app's own pages; this holds even if it ever let one through.
        raise Http404(_("No booking page is configured."))
    if is_top_level_navigation(request) and is_first_click(request, level, condition):
        count_click(level, condition)
    response = HttpResponseRedirect(location)
    response["Referrer-Policy"] = "no-referrer"
    return response
