"""Where booking links go: the configured booking URLs, never anything a request names.

Links on our pages point at the app's ``book`` redirect with only the condition's slug and
the urgency level; the redirect counts the click and sends the patient to the target that
``booking_target`` picks from the settings (or a published condition's override).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.urls import reverse
from django.utils.translation import gettext as _

from ankle_education.conf import conf
from ankle_education.models import Condition
from ankle_education.urgency import Level
from ankle_education.validators import resolve_booking_url

# Only these levels book; self-care needs no appointment and an emergency must not wait for one.
BOOKABLE_LEVELS = (Level.ROUTINE, Level.URGENT)


@dataclass(frozen=True)
class CallToAction:
    """The one link of an answer: a booking link through the redirect, or the clinic's phone."""

    text: str
    href: str
    is_phone: bool = False


def booking_target(level: Level, condition: Condition | None = None) -> str | None:
    """The configured page that booking at ``level`` leads to, or None when nothing fits.

    Urgent answers prefer a same-day booking page (the condition's, then the clinic's); a
    condition's override replaces the clinic's booking page; an override an editor mistyped
    falls back to the clinic's page.
    """
    if level not in BOOKABLE_LEVELS:
        return None
    candidates = same_day_candidates(condition) if level is Level.URGENT else []
    if condition is not None:
        candidates.append(condition.booking_url)
    candidates.append(conf.BOOKING_URL)
    for candidate in candidates:
        target = resolve_booking_url(candidate)
        if target is not None:
            return target
    return None


def same_day_candidates(condition: Condition | None = None) -> list[str | None]:
    """The same-day booking pages that may serve an urgent answer, most specific first."""
    own = [condition.urgent_booking_url] if condition is not None else []
    return [*own, conf.URGENT_BOOKING_URL]


def booking_query(level: Level, condition: Condition | None = None) -> dict[str, str]:
    """The only context a booking link carries: the condition's slug and the urgency level."""
    query = {"condition": condition.slug} if condition is not None else {}
    query["urgency"] = level.slug
    return query


def book_link(level: Level, condition: Condition | None = None) -> str:
    """The app's ``book`` redirect for ``level`` (and ``condition``), which counts the click."""
    return f"{reverse('ankle_education:book')}?{urlencode(booking_query(level, condition))}"


def redirect_location(target: str, level: Level, condition: Condition | None = None) -> str:
    """``target`` with the booking context added to whatever query it already has."""
    parts = urlsplit(target)
    query = parse_qsl(parts.query, keep_blank_values=True) + list(booking_query(level, condition).items())
    return urlunsplit(parts._replace(query=urlencode(query)))


def phone_href(phone: str) -> str:
    """A ``tel:`` link for a number as patients dial it, e.g. "+1 555 0100" → "tel:+15550100"."""
    return "tel:" + re.sub(r"[^\d+]", "", phone)


def call_to_action(level: Level, condition: Condition | None = None) -> CallToAction | None:
    """The one link an answer at ``level`` offers; None for self-care, or with nothing configured.

    An emergency offers only a ``tel:`` link to the emergency number: tap to call on a phone.
    """
    if level is Level.EMERGENCY:
        number = conf.EMERGENCY_NUMBER
        if not number:  # reported by check ankle_education.E012
            return None
        return CallToAction(_("Call %(number)s") % {"number": number}, phone_href(number), is_phone=True)
    if level is Level.URGENT:
        if any(resolve_booking_url(candidate) for candidate in same_day_candidates(condition)):
            return CallToAction(_("Book a same-day appointment"), book_link(level, condition))
        if conf.CLINIC_PHONE:
            return CallToAction(
                _("Call the clinic on %(phone)s") % {"phone": conf.CLINIC_PHONE},
                phone_href(conf.CLINIC_PHONE),
                is_phone=True,
            )
    target = booking_target(level, condition)
    if target is None:
        return None
    if condition is not None and target == resolve_booking_url(condition.booking_url) and condition.booking_reason:
        text = condition.booking_reason
    else:
        text = _("Book an appointment")
    return CallToAction(text, book_link(level, condition))
