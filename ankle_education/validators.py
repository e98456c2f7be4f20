"""Validation rules shared by models, settings checks and views, free of the app's own models."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http.request import split_domain_port, validate_host
from django.urls import NoReverseMatch, Resolver404, ResolverMatch, get_script_prefix, resolve, reverse
from django.utils.translation import gettext_lazy as _

# The namespaces a booking target must never lead into, as an instance or an application namespace
# (another AdminSite keeps the app_name "admin"): the app's own pages, where the booking redirect would
# redirect to itself and count every turn, and the admin, where patients cannot book.
APP_NAMESPACE = "ankle_education"
ADMIN_NAMESPACE = "admin"
# The hosts Django itself serves while DEBUG is on and ALLOWED_HOSTS is empty.
DEBUG_HOSTS = [".localhost", "127.0.0.1", "[::1]"]


@dataclass(frozen=True)
class BookingUrl:
    """What the booking rule makes of a value: where booking leads, or why it leads nowhere."""

    target: str | None
    # APP_NAMESPACE or ADMIN_NAMESPACE when the value is refused for leading there, and the path it leads to.
    refused_into: str = ""
    path: str = ""


NOWHERE = BookingUrl(None)


def is_this_sites_host(domain: str) -> bool:
    """Whether ``domain`` (no port) may be this site: one of ALLOWED_HOSTS, as Django's own host check reads them.

    With ``ALLOWED_HOSTS = ["*"]`` every host may be this site, so every host counts as ours: an absolute URL
    is then refused whenever its path is one of the app's or the admin's, whatever its host.
    """
    allowed = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed:
        allowed = DEBUG_HOSTS
    return bool(domain) and validate_host(domain, allowed)


def page_of_this_site(url: str) -> ResolverMatch | None:
    """The page of this site an absolute http(s) URL leads to: None on another host or on no page.

    Resolved as the request would be: the script prefix removed, the path percent-decoded, and with
    APPEND_SLASH also the page that CommonMiddleware's redirect adds a slash for.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in {"http", "https"}:
        return None
    domain, _port = split_domain_port(parts.netloc.rpartition("@")[2])
    if not is_this_sites_host(domain):
        return None
    return _resolve_path(parts.path or "/")


def _resolve_path(path: str) -> ResolverMatch | None:
    prefix = get_script_prefix()
    if not path.startswith(prefix):
        return None  # outside the prefix the web server hands to Django: not one of our pages
    path_info = unquote("/" + path[len(prefix) :])
    candidates = [path_info]
    if settings.APPEND_SLASH and not path_info.endswith("/"):
        candidates.append(path_info + "/")
    for candidate in candidates:
        try:
            return resolve(candidate)
        except Resolver404:
            continue
    return None


def _refused_namespace(match: ResolverMatch | None) -> str:
    if match is None:
        return ""
    names = {*match.namespaces, *match.app_names}
    return next((name for name in (APP_NAMESPACE, ADMIN_NAMESPACE) if name in names), "")


def examine_booking_url(value: object) -> BookingUrl:
    """The booking rule: an absolute http(s) URL as is, a URL name reversed to its path; else no target.

    A value that leads into the app's own pages or the admin (a URL name, or an absolute URL on one of
    this site's hosts) has no target either, and says which: ``refused_into``.
    """
    if not isinstance(value, str) or not value:
        return NOWHERE
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. "https://[" (an unclosed IPv6 address)
        return NOWHERE
    if parts.scheme in {"http", "https"} and parts.netloc:
        target, match, path = value, page_of_this_site(value), parts.path or "/"
    else:
        try:
            target = reverse(value)
        except NoReverseMatch:
            return NOWHERE
        match, path = _resolve_path(target), target
    refused_into = _refused_namespace(match)
    if refused_into:
        return BookingUrl(None, refused_into, path)
    return BookingUrl(target)


def resolve_booking_url(value: object) -> str | None:
    """Where booking with ``value`` leads: an absolute http(s) URL as is, a URL name reversed; None otherwise.

    The one rule for booking targets: the settings checks, a condition's validation and
    the booking redirect all ask this. Never the app's own pages or the admin (see ``examine_booking_url``).
    """
    return examine_booking_url(value).target


REFUSED_CODES = {APP_NAMESPACE: "booking_url_in_app", ADMIN_NAMESPACE: "booking_url_in_admin"}
REFUSED_MESSAGES = {
    APP_NAMESPACE: _(
        "This leads back into the patient education pages (%(path)s), not to a booking page: a booking "
        "link there would send patients round in circles. Enter the clinic’s booking page, or leave it "
        "empty to use the clinic’s link."
    ),
    ADMIN_NAMESPACE: _(
        "This leads to the site’s admin (%(path)s), where patients cannot book. Enter the clinic’s booking "
        "page, or leave it empty to use the clinic’s link."
    ),
}


def validate_booking_url(value: str) -> None:
    """Refuse a booking override that leads nowhere, back into the app or into the admin: it would silently
    fall back to the clinic's link."""
    if not value:
        return
    examined = examine_booking_url(value)
    if examined.refused_into:
        raise ValidationError(
            REFUSED_MESSAGES[examined.refused_into],
            code=REFUSED_CODES[examined.refused_into],
            params={"path": examined.path},
        )
    if examined.target is None:
        raise ValidationError(
            _(
                "Enter an absolute http(s) address such as “https://booking.example.com/ankle/” "
                "or the URL name of a page of this site, or leave it empty to use the clinic’s link."
            ),
            code="invalid_booking_url",
        )
