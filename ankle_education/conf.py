"""The one place that reads the ``ANKLE_EDUCATION`` settings dict and knows the defaults.

Every value is read when accessed, so ``override_settings`` works in tests.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any, cast

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # Absolute URL or URL name of the host's appointment booking page. Required.
    "BOOKING_URL": None,
    # Same-day booking for urgent answers; falls back to CLINIC_PHONE, then BOOKING_URL.
    "URGENT_BOOKING_URL": None,
    # The clinic's phone number as patients dial it, e.g. "+1 555 0100".
    "CLINIC_PHONE": "",
    # The number patients call in an emergency where the clinic is: "911", "999", "112"… Required,
    # with no default, so a clinic outside the US never tells patients to call the wrong number.
    "EMERGENCY_NUMBER": None,
    # Where to get seen today when the clinic cannot, named in the urgent answer. None uses the
    # wording of the site's language: "an urgent care center" (en), "an urgent treatment centre,
    # or call 111" (en-gb).
    "URGENT_CARE_PLACE": None,
    # The host template that ankle_education/base.html extends.
    "BASE_TEMPLATE": "base.html",
    # The clinic's name, used in page titles and structured data.
    "SITE_NAME": "",
    # Largest image staff may upload through the markdown editor, in bytes.
    "MAX_UPLOAD_BYTES": 2 * 1024 * 1024,
    # How far ahead "mark reviewed today" sets the next review.
    "REVIEW_INTERVAL_DAYS": 365,
    # Seconds within which a visitor's repeated booking clicks for one condition and level count once.
    # Visitors are told apart by a hash with a daily salt kept only in the cache, never stored.
    "BOOKING_CLICK_WINDOW": 30 * 60,
    # Cache rendered public pages for anonymous visitors; edits purge exactly the pages they change.
    "CACHE_PAGES": True,
    # Which of the host's CACHES to use (any backend: local memory, Redis, Memcached).
    "CACHE_ALIAS": "default",
    # Seconds a cached page may live; edits purge it sooner.
    "CACHE_TIMEOUT": 24 * 60 * 60,
    # Query parameters that never change a page: marketing and click tracking added to links from
    # newsletters, social networks and ads. Pages are cached and rendered without them.
    "CACHE_IGNORED_QUERY_PARAMS": (
        "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "utm_id",
        "fbclid", "gclid", "gbraid", "wbraid", "dclid", "msclkid", "twclid", "ttclid", "igshid",
        "li_fat_id", "yclid", "mc_cid", "mc_eid", "_hsenc", "_hsmi", "mkt_tok",
    ),
    # Seconds a shared cache in front of the site (Varnish, a CDN) may keep a public page
    # (Cache-Control s-maxage), purged by tag through EDGE_PURGERS on every edit. None: pages tell
    # shared caches to ask again every time (no-cache), as is right without a purge backend.
    "EDGE_CACHE_TIMEOUT": None,
    # Seconds a patient's browser may reuse such a page without asking (max-age): no purge reaches
    # a browser, so keep it short.
    "EDGE_BROWSER_MAX_AGE": 60,
    # The headers that carry a page's cache tags: "xkey" (Varnish), "Surrogate-Key" (Fastly),
    # "Cache-Tag" (Cloudflare).
    "EDGE_TAG_HEADERS": ("xkey",),
    # The edge caches to purge on every edit: a list of dicts, each with a "BACKEND" (a class
    # path: ankle_education.edge.VarnishPurger, CloudflarePurger or FastlyPurger) and its options.
    "EDGE_PURGERS": (),
    # Where the visitor's address is, for counting a visitor's booking clicks once (it is never
    # stored): None for REMOTE_ADDR, or behind a proxy (Varnish, nginx) the header it appends the
    # address to, such as "X-Forwarded-For", whose last entry is then read.
    "CLIENT_ADDRESS_HEADER": None,
}


class Settings:
    """Typed, lazy access to ``settings.ANKLE_EDUCATION`` merged over ``DEFAULTS``."""

    def _get(self, name: str) -> Any:
        user_settings = getattr(settings, "ANKLE_EDUCATION", {})
        if not isinstance(user_settings, dict):  # reported by check ankle_education.E006
            user_settings = {}
        return user_settings.get(name, DEFAULTS[name])

    @property
    def BOOKING_URL(self) -> str | None:
        return cast(str | None, self._get("BOOKING_URL"))

    @property
    def URGENT_BOOKING_URL(self) -> str | None:
        return cast(str | None, self._get("URGENT_BOOKING_URL"))

    @property
    def CLINIC_PHONE(self) -> str:
        return cast(str, self._get("CLINIC_PHONE"))

    @property
    def EMERGENCY_NUMBER(self) -> str | None:
        return cast(str | None, self._get("EMERGENCY_NUMBER"))

    @property
    def URGENT_CARE_PLACE(self) -> str | None:
        return cast(str | None, self._get("URGENT_CARE_PLACE"))

    @property
    def BASE_TEMPLATE(self) -> str:
        return cast(str, self._get("BASE_TEMPLATE"))

    @property
    def SITE_NAME(self) -> str:
        return cast(str, self._get("SITE_NAME"))

    @property
    def MAX_UPLOAD_BYTES(self) -> int:
        return cast(int, self._get("MAX_UPLOAD_BYTES"))

    @property
    def REVIEW_INTERVAL_DAYS(self) -> int:
        return cast(int, self._get("REVIEW_INTERVAL_DAYS"))

    @property
    def BOOKING_CLICK_WINDOW(self) -> int:
        return cast(int, self._get("BOOKING_CLICK_WINDOW"))

    @property
    def CACHE_PAGES(self) -> bool:
        return cast(bool, self._get("CACHE_PAGES"))

    @property
    def CACHE_ALIAS(self) -> str:
        return cast(str, self._get("CACHE_ALIAS"))

    @property
    def CACHE_TIMEOUT(self) -> int | None:
        return cast(int | None, self._get("CACHE_TIMEOUT"))

    @property
    def CACHE_IGNORED_QUERY_PARAMS(self) -> Collection[str]:
        return cast(Collection[str], self._get("CACHE_IGNORED_QUERY_PARAMS"))


    @property
    def EDGE_CACHE_TIMEOUT(self) -> int | None:
        return cast(int | None, self._get("EDGE_CACHE_TIMEOUT"))

    @property
    def EDGE_BROWSER_MAX_AGE(self) -> int:
        return cast(int, self._get("EDGE_BROWSER_MAX_AGE"))

    @property
    def EDGE_TAG_HEADERS(self) -> Collection[str]:
        return cast(Collection[str], self._get("EDGE_TAG_HEADERS"))

    @property
    def EDGE_PURGERS(self) -> Sequence[dict[str, Any]]:
        return cast(Sequence[dict[str, Any]], self._get("EDGE_PURGERS"))


    @property
    def CLIENT_ADDRESS_HEADER(self) -> str | None:
        return cast(str | None, self._get("CLIENT_ADDRESS_HEADER"))


conf = Settings()
