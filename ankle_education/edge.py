"""The edge cache: a shared HTTP cache in front of the site (Varnish, a CDN), told which pages it
may keep and purged by tag when content changes.

Cacheable public pages carry a shared-cache lifetime (``s-maxage``) and their cache tags
(cache_tags.py) in the headers each cache purges by: ``xkey`` (Varnish's xkey vmod),
``Surrogate-Key`` (Fastly), ``Cache-Tag`` (Cloudflare). Every edit purges those tags through the
backends in ``ANKLE_EDUCATION["EDGE_PURGERS"]``, after the transaction commits, with a timeout;
a purge that fails is logged and never fails the edit.
"""

from __future__ import annotations

import hashlib
import json
import logging
import urllib.request
from collections.abc import Iterable, Iterator, Sequence
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.utils.module_loading import import_string

from ankle_education.conf import conf

logger = logging.getLogger(__name__)

# The headers a tag list can go in, and how each separates its tags.
TAG_HEADERS = {"xkey": " ", "Surrogate-Key": " ", "Cache-Tag": ","}
# Tags longer than this go out as a digest: Fastly and Cloudflare take up to 1,024 bytes a tag and
# 16 KB a header; a short tag keeps a page's header far inside both, whatever the slugs.
MAX_TAG_LENGTH = 64
DEFAULT_TIMEOUT = 5


def enabled() -> bool:
    """Whether pages are offered to a shared cache: ``EDGE_CACHE_TIMEOUT`` is set."""
    return conf.EDGE_CACHE_TIMEOUT is not None


def edge_tag(tag: str) -> str:
    """A tag as edge caches see it: as is when short, else a digest (the same on both sides)."""
    if len(tag) <= MAX_TAG_LENGTH:
        return tag
    return "h:" + hashlib.sha256(tag.encode()).hexdigest()[:32]


def offer_to_shared_caches(response: HttpResponse, tags: Iterable[str]) -> None:
    """Let shared caches keep the page for ``EDGE_CACHE_TIMEOUT`` seconds, purged by its tags.

    Browsers keep it ``EDGE_BROWSER_MAX_AGE`` seconds at most: no purge reaches them.
    """
    timeout = conf.EDGE_CACHE_TIMEOUT
    if timeout is None:
        return
    response["Cache-Control"] = f"public, max-age={conf.EDGE_BROWSER_MAX_AGE}, s-maxage={timeout}"
    names = sorted({edge_tag(tag) for tag in tags})
    for header in conf.EDGE_TAG_HEADERS:
        response[header] = TAG_HEADERS[header].join(names)


class Purger:
    """One edge cache to purge. Subclasses send ``tags`` in batches of ``batch_size``."""

    batch_size = 256

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        self.timeout = float(options.get("TIMEOUT", DEFAULT_TIMEOUT))

    def purge(self, tags: Sequence[str]) -> None:
        for start in range(0, len(tags), self.batch_size):
            for request in self.requests(tags[start : start + self.batch_size]):
                # Only http(s) URLs from the settings (_http_url), never a file: or custom scheme.
                with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                    response.read()

    def requests(self, tags: Sequence[str]) -> Iterator[urllib.request.Request]:
        raise NotImplementedError

    def _option(self, name: str) -> str:
        value = self.options.get(name)
        if not isinstance(value, str) or not value:
            raise ImproperlyConfigured(f"{type(self).__name__} needs {name!r} in its EDGE_PURGERS entry.")
        return value


class VarnishPurger(Purger):
    """Varnish with the xkey vmod: ``PURGE`` with an ``xkey-purge`` header to each server in ``URLS``.

    The VCL in example_project/deploy/varnish/default.vcl accepts these from its ``purgers`` ACL.
    """

    def requests(self, tags: Sequence[str]) -> Iterator[urllib.request.Request]:
        urls = self.options.get("URLS") or []
        if isinstance(urls, str) or not urls:
            raise ImproperlyConfigured("VarnishPurger needs 'URLS': a list of Varnish addresses.")
        for url in urls:
            purge = urllib.request.Request(_http_url(url), method="PURGE", headers={"xkey-purge": " ".join(tags)})  # noqa: S310
            yield purge


class CloudflarePurger(Purger):
    """Cloudflare's purge by tag (``ZONE_ID``, an ``API_TOKEN`` with cache purge permission)."""

    batch_size = 30  # tags per purge request the API takes on every plan
    api_url = "https://api.cloudflare.com/client/v4"

    def requests(self, tags: Sequence[str]) -> Iterator[urllib.request.Request]:
        base = _http_url(self.options.get("API_URL", self.api_url)).rstrip("/")
        yield urllib.request.Request(  # noqa: S310
            f"{base}/zones/{self._option('ZONE_ID')}/purge_cache",
            data=json.dumps({"tags": list(tags)}).encode(),
            method="POST",
            headers={"Authorization": f"Bearer {self._option('API_TOKEN')}", "Content-Type": "application/json"},
        )


class FastlyPurger(Purger):
    """Fastly's purge by surrogate key (``SERVICE_ID``, an ``API_TOKEN`` with purge permission)."""

    batch_size = 256  # keys per batch purge request
    api_url = "https://api.fastly.com"

    def requests(self, tags: Sequence[str]) -> Iterator[urllib.request.Request]:
        base = _http_url(self.options.get("API_URL", self.api_url)).rstrip("/")
        yield urllib.request.Request(  # noqa: S310
            f"{base}/service/{self._option('SERVICE_ID')}/purge",
            data=b"",
            method="POST",
            headers={"Fastly-Key": self._option("API_TOKEN"), "Surrogate-Key": " ".join(tags)},
        )


def _http_url(url: object) -> str:
    if not isinstance(url, str) or urlsplit(url).scheme not in {"http", "https"}:
        raise ImproperlyConfigured(f"{url!r} is not an http(s) URL.")
    return url


def purgers() -> list[Purger]:
    """The configured purge backends (check ankle_education.E018 reports bad entries)."""
    found = []
    for options in conf.EDGE_PURGERS:
        purger_class = import_string(options["BACKEND"])
        found.append(purger_class(options))
    return found


def purge(tags: Iterable[str]) -> None:
    """Purge pages showing any of ``tags`` from every edge cache; log, never raise, on failure."""
    names = sorted({edge_tag(tag) for tag in tags})
    if not names or not conf.EDGE_PURGERS:
        return
    try:
        backends = purgers()
    except Exception:
        logger.exception("The edge purge backends are misconfigured; edge caches keep %s.", names)
        return
    for backend in backends:
        try:
            backend.purge(names)
        except Exception as error:
            # Never block an edit (a clinician may be taking wrong advice down) because a cache is down.
            logger.error("Could not purge %s from %s (%s); its pages may be stale until they expire.",
                         names, type(backend).__name__, error)
