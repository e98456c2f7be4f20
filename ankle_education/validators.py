"""Validation rules shared by models, settings checks and views, free of the app's own models."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


def resolve_booking_url(value: object) -> str | None:
    """An absolute http(s) URL as is, a URL name reversed to its path; None for anything else.

    The one rule for booking targets: the settings checks, a condition's validation and
    the booking redirect all ask this.
    """
    if not isinstance(value, str) or not value:
        return None
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. "https://[" (an unclosed IPv6 address)
        return None
    if parts.scheme in {"http", "https"} and parts.netloc:
        return value
    try:
        return reverse(value)
    except NoReverseMatch:
        return None


def validate_booking_url(value: str) -> None:
    """Refuse a booking override that leads nowhere: it would silently fall back to the clinic's link."""
    if value and resolve_booking_url(value) is None:
        raise ValidationError(
            _(
                "Enter an absolute http(s) address such as “https://booking.example.com/ankle/” "
                "or the URL name of a page of this site, or leave it empty to use the clinic’s link."
            ),
            code="invalid_booking_url",
        )
