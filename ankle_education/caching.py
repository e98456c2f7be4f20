"""Rendered-page cache for anonymous GETs of public pages, with exact invalidation by tags.

Each cached page records the tags of the content it shows (see cache_tags.py) and the
version token each tag had when the page was stored.
Purging a tag gives it a new token, so every page that showed the content is stale at
once, on every server that shares the cache, and no other page is touched. It works
on any cache backend a host configures: it only needs get, get_many, add and set_many.

The cache is a speed-up, never a dependency: if the backend fails, pages render as if
there were no cache, and edits still save.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import uuid
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from typing import cast

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.template.response import SimpleTemplateResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import get_language

import ankle_education
from ankle_education import edge, origin
from ankle_education.cache_tags import EVERYTHING
from ankle_education.conf import DEFAULTS, conf

logger = logging.getLogger(__name__)

PAGE_PREFIX = "ankle_education:page:"
TAG_PREFIX = "ankle_education:tag:"
CACHEABLE_CONTENT_TYPES = ("text/html", "application/xml", "text/xml")
# Headers a view sets that belong to the page itself (a sitemap's), so a cached copy keeps them.
KEPT_HEADERS = ("Last-Modified", "X-Robots-Tag")
# Where servers put the full request URI, tracking and all (gunicorn, uWSGI, mod_wsgi).
URI_KEYS = frozenset({"RAW_URI", "REQUEST_URI"})
_MISSING = object()


def _cache() -> BaseCache:
    return caches[conf.CACHE_ALIAS]


def _settings_fingerprint() -> str:
    """Pages bake in settings (the emergency number, the clinic phone…) and templates of this
    version, so a change of either starts a fresh set of keys instead of serving old pages."""
    values = repr([(name, getattr(conf, name)) for name in sorted(DEFAULTS)])
    return hashlib.sha256(f"{ankle_education.__version__}\n{values}".encode()).hexdigest()[:16]


def page_key(request: HttpRequest, variant: str = "") -> str:
    """One entry per scheme, site (the host in its one spelling), language, path and query string, and per settings.

    ``variant`` names anything else the page depends on (a sitemap: the Site's domain).
    """
    raw = "\n".join(
        (
            _settings_fingerprint(),
            cast(str, request.scheme),  # None only for a WSGI environ without wsgi.url_scheme
            origin.canonical_host(request),
            get_language() or "",
            request.get_full_path(),
            variant,
        )
    )
    return PAGE_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def is_plain_page_number(values: list[str]) -> bool:
    """One page number written the one way: "2", not "02", "+2", " 2" or "2_0" (int() takes them all), nor twice."""
    return len(values) == 1 and values[0].isascii() and values[0].isdigit() and str(int(values[0])) == values[0]


def is_cacheable_request(request: HttpRequest, query_params: Collection[str] = ()) -> bool:
    """A shareable request (``is_shareable_request``) this app's page cache serves.

    Not when CACHE_PAGES is off, nor for a host naming a port the site is not served on
    (origin.py), so nobody can fill the cache with one copy of each page per port number.
    """
    return conf.CACHE_PAGES and is_shareable_request(request, query_params) and origin.names_served_port(request)


def is_shareable_request(request: HttpRequest, query_params: Collection[str] = ()) -> bool:
    """Anonymous GET/HEAD with no personal cookie and only the query parameters the page reads.

    ``query_params`` are page numbers ("page", a sitemap's "p"). Other parameters (random
    strings) and page numbers spelled any other way are rendered but not cached, so nobody
    can fill a cache with copies of a page.
    """
    if request.method not in ("GET", "HEAD") or is_personal_request(request):
        return False
    if set(request.GET) - set(query_params):
        return False
    return all(is_plain_page_number(request.GET.getlist(name)) for name in request.GET)


def is_personal_request(request: HttpRequest) -> bool:
    """A signed-in user, or a cookie that may make a page personal: a session, messages, a host's own."""
    if set(request.COOKIES) - {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}:
        return True
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


def page_request_for(request: HttpRequest) -> HttpRequest:
    """The request as its page is cached and rendered: the host in its one spelling (origin.py), and
    without marketing parameters (``utm_…``, ``fbclid``…).

    Links from newsletters, social networks and ads carry such parameters, often different on
    every click, so a traffic spike from a news story would otherwise miss the cache on every
    visit. The page is rendered from a copy whose host, query string and URL are the canonical
    ones, so a template cannot show a client's spelling in a page served to others (analytics
    scripts still read the parameters from the address bar). The real request, which the host's
    middleware and logs see, keeps them.
    """
    ignored = set(request.GET).intersection(conf.CACHE_IGNORED_QUERY_PARAMS)
    host_headers = origin.canonical_host_headers(request)
    if not ignored and not host_headers:
        return request
    page_request = copy.copy(request)
    page_request.META = {**request.META, **host_headers}
    if ignored:
        query = request.GET.copy()
        for name in ignored:
            del query[name]
        query._mutable = False
        page_request.GET = query  # type: ignore[assignment]  # immutable now, which django-stubs cannot tell
        page_request.META["QUERY_STRING"] = query.urlencode()
        for name in URI_KEYS & page_request.META.keys():
            page_request.META[name] = page_request.get_full_path()
    # Django rebuilds GET from environ when a view sets an encoding. A WSGIRequest's, which django-stubs
    # does not declare on HttpRequest.
    page_request.environ = page_request.META  # type: ignore[attr-defined]
    return page_request


def _current_versions(tags: Iterable[str]) -> dict[str, str]:
    """The version token of each tag, giving a tag its first token when it has none yet."""
    keys = {TAG_PREFIX + tag: tag for tag in tags}
    cache = _cache()
    found = cache.get_many(keys)
    for key in keys.keys() - found.keys():
        cache.add(key, uuid.uuid4().hex, timeout=None)
    if len(found) < len(keys):
        found = cache.get_many(keys)
    return {keys[key]: token for key, token in found.items()}


def purge(tags: Iterable[str]) -> None:
    """Make every cached page that shows any of these tags stale, on every server."""
    tags = set(tags)
    if not tags:
        return
    try:
        _cache().set_many({TAG_PREFIX + tag: uuid.uuid4().hex for tag in tags}, timeout=None)
    except Exception:
        # Never block an edit (a clinician may be taking wrong advice down) because the cache is down.
        logger.exception("Could not purge cached pages for %s; they may be stale until they expire.", sorted(tags))


@dataclass(frozen=True)
class CachedPage:
    content: bytes
    content_type: str
    etag: str
    tag_versions: dict[str, str]
    headers: tuple[tuple[str, str], ...] = ()

    def to_response(self) -> HttpResponse:
        response = HttpResponse(self.content, content_type=self.content_type, headers=dict(self.headers))
        response["ETag"] = self.etag
        return response


def cached_page(request: HttpRequest, variant: str = "") -> CachedPage | None:
    """The cached page for this request, if it exists and none of its content changed since."""
    page: CachedPage | None = _cache().get(page_key(request, variant))
    if page is None:
        return None
    current = _cache().get_many([TAG_PREFIX + tag for tag in page.tag_versions])
    if any(current.get(TAG_PREFIX + tag) != version for tag, version in page.tag_versions.items()):
        return None
    return page


def etag_for(content: bytes) -> str:
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def is_shareable_render(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether what was rendered may go to other visitors: a whole page, and nothing personal in it."""
    return (
        response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith(CACHEABLE_CONTENT_TYPES)
        and "no-store" not in response.get("Cache-Control", "")
        and not is_personal_request(request)
        and not used_personal_data(request, response)
    )


def used_personal_data(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether the render used or set anything of this visitor's.

    The host's base template may show a CSRF token, flash messages or session data; a page
    that used any of them is this visitor's alone.
    """
    session = getattr(request, "session", None)
    messages = getattr(request, "_messages", None)
    return bool(
        response.cookies
        or "private" in response.get("Cache-Control", "")
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        # Django 6's CSP nonce (what django.middleware.csp.get_nonce reads) is true once a template
        # used it: a nonce must never be sent twice.
        or getattr(request, "_csp_nonce", None)
        or (session is not None and (session.modified or not session.is_empty()))
        or (messages is not None and (messages.used or len(messages)))
    )


def store_page(request: HttpRequest, response: HttpResponse, tag_versions: dict[str, str], variant: str = "") -> None:
    headers = tuple((name, response[name]) for name in KEPT_HEADERS if name in response)
    page = CachedPage(bytes(response.content), response["Content-Type"], response["ETag"], tag_versions, headers)
    _cache().set(page_key(request, variant), page, timeout=conf.CACHE_TIMEOUT)


def revalidated(request: HttpRequest, response: HttpResponse, edge_tags: Iterable[str] | None = None) -> HttpResponse:
    """Revalidate on every visit (cheap: a 304 when nothing changed) so edits show at once.

    With ``edge_tags``, the page is offered to shared caches instead (edge.py), purged by them.
    """
    if edge_tags is not None and edge.enabled() and _edge_holds_these_settings():
        edge.offer_to_shared_caches(response, edge_tags)
    else:
        patch_cache_control(response, no_cache=True)
    return get_conditional_response(request, etag=response["ETag"], response=response) or response


EDGE_SETTINGS_KEY = "ankle_education:edge-settings"
_edge_settings_known: str | None = None


def _edge_holds_these_settings() -> bool:
    """Pages bake in settings and templates: after a settings change or an upgrade, edge caches
    still hold pages of the old ones (a wrong emergency number, say). The first process to offer
    a page under new settings purges them all; until that is done, pages are not offered."""
    global _edge_settings_known
    fingerprint = _settings_fingerprint()
    if _edge_settings_known == fingerprint:
        return True
    try:
        if _cache().get(EDGE_SETTINGS_KEY) != fingerprint:
            edge.purge({EVERYTHING})
            _cache().set(EDGE_SETTINGS_KEY, fingerprint, timeout=None)
    except Exception:
        logger.exception("The page cache is unavailable; pages are not offered to shared caches.")
        return False
    _edge_settings_known = fingerprint
    return True


def mark_private(response: HttpResponseBase) -> None:
    """A page for one visitor: no proxy, CDN or browser cache keeps a copy."""
    patch_cache_control(response, private=True, no_store=True)


class PageCacheVisit:
    """One request's way through the page cache: a cached page, or a render that may be stored.

    Used as a context manager around the render::

        with PageCacheVisit(request, tags, query_params) as visit:
            if visit.hit is not None:
                return visit.hit
            return visit.keep(render(visit.page_request))

    ``tags`` name the content the page shows (known before rendering: they come from the URL);
    ``query_params`` are the parameters the page reads ("page"); ``variant``, see ``page_key``.
    ``page_request`` is what to render: the request, or a copy naming the host canonically and
    without marketing parameters (``page_request_for``).
    Whatever the render notes in the copy's META for the middleware (CSRF's "set the cookie"
    flag, say) reaches the real request on leaving the block, even when the render failed.
    """

    def __init__(
        self, request: HttpRequest, tags: Iterable[str], query_params: Collection[str] = (), variant: str = ""
    ) -> None:
        self.request = request
        self.page_request = page_request_for(request)
        self.tags = {*tags, EVERYTHING}
        self.variant = variant
        self.hit: HttpResponse | None = None
        self._versions: dict[str, str] | None = None
        self._stored = is_cacheable_request(self.page_request, query_params)
        self._shared = edge.enabled() and is_shareable_request(self.page_request, query_params)
        if self._stored or self._shared:
            try:
                page = cached_page(self.page_request, variant) if self._stored else None
                if page is not None:
                    self.hit = revalidated(request, page.to_response(), self.tags)
                else:
                    # Read before rendering: an edit that lands during the render leaves this entry stale, never wrong.
                    self._versions = _current_versions(self.tags)
            except Exception:
                logger.exception("The page cache is unavailable; rendering without it.")
        self._meta_before = dict(self.page_request.META) if self.page_request is not request else None

    def __enter__(self) -> PageCacheVisit:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._meta_before is not None:
            before = self._meta_before
            self.request.META.update(
                {
                    name: value
                    for name, value in self.page_request.META.items()
                    if before.get(name, _MISSING) is not value
                }
            )

    def keep(self, response: HttpResponse) -> HttpResponse:
        """The rendered page, with an ETag, stored when it may be shared; revalidated on every visit."""
        if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
            response.render()
        if is_personal_request(self.page_request) or used_personal_data(self.page_request, response):
            mark_private(response)
        if response.status_code != 200 or response.streaming:
            return response
        response["ETag"] = etag_for(response.content)
        # A tag that could not be given a version would never purge this page: then do not store it.
        versions = self._versions
        if versions is None or versions.keys() != self.tags or not is_shareable_render(self.page_request, response):
            return revalidated(self.request, response)
        if self._stored:
            try:
                store_page(self.page_request, response, versions, self.variant)
            except Exception:
                logger.exception("The page cache is unavailable; the page was not stored.")
        return revalidated(self.request, response, self.tags if self._unchanged_since_render(versions) else None)

    def _unchanged_since_render(self, versions: dict[str, str]) -> bool:
        """Whether no edit purged this page's content while it rendered, so an edge cache may keep it.

        An edge cache stores what it is sent: a page rendered from rows an edit then changed
        would outlive that edit's purge, which reached the edge before the page did.
        """
        if not self._shared:
            return False
        try:
            return _current_versions(self.tags) == versions
        except Exception:
            logger.exception("The page cache is unavailable; the page is not offered to shared caches.")
            return False


def serve_cached(
    request: HttpRequest,
    render: Callable[[HttpRequest], HttpResponse],
    tags: Iterable[str],
    query_params: Collection[str] = (),
    variant: str = "",
) -> HttpResponse:
    """A function view's page through the cache: ``render(page_request)`` unless a copy is cached."""
    with PageCacheVisit(request, tags, query_params, variant) as visit:
        if visit.hit is not None:
            return visit.hit
        return visit.keep(render(visit.page_request))
