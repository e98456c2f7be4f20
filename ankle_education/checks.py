"""System checks: misconfiguration is reported by ``manage.py check`` with stable ids."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.module_loading import import_string

from ankle_education import edge
from ankle_education.conf import DEFAULTS, conf
from ankle_education.validators import APP_NAMESPACE, examine_booking_url

RENDER_FUNCTION = "ankle_education.rendering.render_markdown"
# Settings that must be positive whole numbers (Python counts True as one; staff do not): key → (unit, hint, id).
POSITIVE_WHOLE_NUMBERS = {
    "MAX_UPLOAD_BYTES": ("bytes", "The default is 2 MiB: 2 * 1024 * 1024.", "ankle_education.E008"),
    "REVIEW_INTERVAL_DAYS": (
        "days",
        "The default is 365: “mark reviewed today” sets the next review a year ahead.",
        "ankle_education.E010",
    ),
    "BOOKING_CLICK_WINDOW": (
        "seconds",
        "The default is 1800: a visitor's repeated clicks on one booking link count once in 30 minutes.",
        "ankle_education.E016",
    ),
}


@register()
def check_settings_dict(**kwargs: Any) -> list[CheckMessage]:
    user_settings = getattr(settings, "ANKLE_EDUCATION", {})
    if not isinstance(user_settings, dict):
        return [
            Error(
                "ANKLE_EDUCATION must be a dict.",
                hint="Set ANKLE_EDUCATION = {\"BOOKING_URL\": \"https://…\"} in your settings.",
                id="ankle_education.E006",
            )
        ]
    return [
        Warning(
            f"ANKLE_EDUCATION has an unknown key {key!r}; it is ignored.",
            hint=f"Known keys: {', '.join(sorted(DEFAULTS))}.",
            id="ankle_education.W001",
        )
        for key in sorted(set(user_settings) - set(DEFAULTS))
    ]


@register(Tags.urls)
def check_booking_urls(**kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    if not conf.BOOKING_URL:
        errors.append(
            Error(
                "ANKLE_EDUCATION['BOOKING_URL'] is not set.",
                hint="Set it to your appointment booking page: an absolute URL or a URL name of your site.",
                id="ankle_education.E001",
            )
        )
    for key in ("BOOKING_URL", "URGENT_BOOKING_URL"):
        value = getattr(conf, key)
        if not value:
            continue
        examined = examine_booking_url(value)
        if examined.refused_into:
            where = "one of the app's own pages" if examined.refused_into == APP_NAMESPACE else "the admin"
            errors.append(
                Error(
                    f"ANKLE_EDUCATION[{key!r}] = {value!r} leads to {examined.path}, {where}, not to a booking page.",
                    hint="Point it at your appointment booking page: the app's booking link would redirect to "
                    "itself, and patients cannot book in the admin.",
                    id="ankle_education.E015",
                )
            )
        elif examined.target is None:
            errors.append(
                Error(
                    f"ANKLE_EDUCATION[{key!r}] = {value!r} is neither an absolute http(s) URL nor a URL name.",
                    hint="Use e.g. \"https://booking.example.com/\" or a URL name such as \"booking\".",
                    id="ankle_education.E002",
                )
            )
    return errors


@register()
def check_simple_values(**kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    errors.extend(_check_emergency_number(conf.EMERGENCY_NUMBER))
    place = conf.URGENT_CARE_PLACE
    if place is not None and (not isinstance(place, str) or not place.strip()):
        errors.append(
            Error(
                "ANKLE_EDUCATION['URGENT_CARE_PLACE'] must be the name of a place, or None.",
                hint="E.g. \"the walk-in clinic on Main Street\", or leave it out for the wording of your "
                "site's language (\"an urgent care center\"; in en-gb \"an urgent treatment centre, or call 111\").",
                id="ankle_education.E013",
            )
        )
    for key, (unit, hint, check_id) in POSITIVE_WHOLE_NUMBERS.items():
        value = getattr(conf, key)
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            errors.append(
                Error(f"ANKLE_EDUCATION[{key!r}] must be a positive whole number of {unit}.", hint=hint, id=check_id)
            )
    if conf.CACHE_ALIAS not in settings.CACHES:
        errors.append(
            Error(
                f"ANKLE_EDUCATION['CACHE_ALIAS'] = {conf.CACHE_ALIAS!r} is not one of your CACHES.",
                hint=f"Use one of: {', '.join(sorted(settings.CACHES))}, or set CACHE_PAGES to False.",
                id="ankle_education.E009",
            )
        )
    header = conf.CLIENT_ADDRESS_HEADER
    if header is not None and (not isinstance(header, str) or not re.fullmatch(r"[A-Za-z0-9-]+", header)):
        errors.append(
            Error(
                "ANKLE_EDUCATION['CLIENT_ADDRESS_HEADER'] must be None or a header name.",
                hint="E.g. \"X-Forwarded-For\" behind a proxy that appends the visitor's address to it.",
                id="ankle_education.E021",
            )
        )
    ignored = conf.CACHE_IGNORED_QUERY_PARAMS
    # A bare string would ignore its letters one by one ("fbclid" → "f", "b", …).
    if isinstance(ignored, str) or not isinstance(ignored, (list, tuple, set, frozenset)) or not all(
        isinstance(name, str) and name for name in ignored
    ):
        errors.append(
            Error(
                "ANKLE_EDUCATION['CACHE_IGNORED_QUERY_PARAMS'] must be a list of parameter names.",
                hint="E.g. [\"utm_source\", \"fbclid\"]. With [], a URL with any parameter the page "
                "does not read is rendered afresh.",
                id="ankle_education.E011",
            )
        )
    return errors


EMERGENCY_NUMBER_HINT = (
    "Set the number patients call for an ambulance where your clinic is, e.g. \"911\" (US, Canada), "
    "\"999\" (UK), \"112\" (EU) or \"000\" (Australia). There is no default: a wrong one is dangerous."
)
# What a number patients dial can hold: digits, and spaces or dashes between them.
DIALLABLE = re.compile(r"\+?\d(?:[\d -]*\d)?")


def _check_emergency_number(number: object) -> list[CheckMessage]:
    if number is None:
        return [Error("ANKLE_EDUCATION['EMERGENCY_NUMBER'] is not set.", hint=EMERGENCY_NUMBER_HINT,
                      id="ankle_education.E012")]
    if not isinstance(number, str) or not number.strip():
        return [Error("ANKLE_EDUCATION['EMERGENCY_NUMBER'] is empty.", hint=EMERGENCY_NUMBER_HINT,
                      id="ankle_education.E007")]
    if not DIALLABLE.fullmatch(number.strip()):
        return [
            Error(
                f"ANKLE_EDUCATION['EMERGENCY_NUMBER'] = {number!r} is not a number a phone can dial.",
                hint="Use digits only (spaces and dashes allowed), e.g. \"911\" or \"999\": the "
                "emergency answer makes it a tap-to-call link.",
                id="ankle_education.E014",
            )
        ]
    return []


@register()
def check_markdownx(**kwargs: Any) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    if not apps.is_installed("markdownx"):
        messages.append(
            Error(
                "'markdownx' is not in INSTALLED_APPS.",
                hint="Add \"markdownx\" before \"ankle_education\" in INSTALLED_APPS.",
                id="ankle_education.E003",
            )
        )
    if getattr(settings, "MARKDOWNX_MARKDOWNIFY_FUNCTION", None) != RENDER_FUNCTION:
        messages.append(
            Warning(
                "MARKDOWNX_MARKDOWNIFY_FUNCTION is not the app's sanitising renderer.",
                hint=f"Set MARKDOWNX_MARKDOWNIFY_FUNCTION = \"{RENDER_FUNCTION}\" so other markdownx fields "
                "of your site sanitise too and previews match the public pages.",
                id="ankle_education.W002",
            )
        )
    return messages


def _url_patterns_in(patterns: Iterable[URLPattern | URLResolver]) -> Iterator[URLPattern]:
    """Every URL pattern of a URLconf, included ones too."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _url_patterns_in(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            yield pattern


def _views_in(patterns: Iterable[URLPattern | URLResolver]) -> Iterator[Any]:
    for pattern in _url_patterns_in(patterns):
        yield getattr(pattern.callback, "view_class", pattern.callback)


@register(Tags.urls, Tags.security)
def check_unprotected_markdownx_urls(**kwargs: Any) -> list[CheckMessage]:
    if not apps.is_installed("markdownx"):
        return []
    from markdownx.views import ImageUploadView, MarkdownifyView

    if not any(view in (ImageUploadView, MarkdownifyView) for view in _views_in(get_resolver().url_patterns)):
        return []
    return [
        Error(
            "markdownx.urls is mounted: its preview and upload are open to anyone and do not sanitise.",
            hint="Replace include(\"markdownx.urls\") with include(\"ankle_education.markdownx_urls\").",
            id="ankle_education.E004",
        )
    ]


@register(Tags.templates)
def check_base_template(**kwargs: Any) -> list[CheckMessage]:
    name = conf.BASE_TEMPLATE
    setting = f"ANKLE_EDUCATION['BASE_TEMPLATE'] = {name!r}"
    hint = "Name your site's base template, e.g. \"base.html\", or create one; the app's pages extend it."
    if not isinstance(name, str) or not name:
        message = f"{setting} is not a template name."
    else:
        try:
            get_template(name)
        except TemplateDoesNotExist:
            message = f"{setting} was not found."
        except TemplateSyntaxError as error:
            # Reported rather than raised: a traceback here would stop `manage.py check` itself.
            message = f"{setting} could not be loaded: {error}"
            hint = "Fix the syntax error in that template; the app's pages extend it."
        else:
            return []
    return [Error(message, hint=hint, id="ankle_education.E005")]


@register(Tags.caches)
def check_edge_cache(**kwargs: Any) -> list[CheckMessage]:
    """The edge-cache settings (edge.py): lifetimes, tag headers and purge backends."""
    messages: list[CheckMessage] = []
    timeout, browser = conf.EDGE_CACHE_TIMEOUT, conf.EDGE_BROWSER_MAX_AGE
    if (timeout is not None and not _is_whole_seconds(timeout)) or not _is_whole_seconds(browser):
        messages.append(
            Error(
                "ANKLE_EDUCATION['EDGE_CACHE_TIMEOUT'] must be None or a whole number of seconds, and "
                "EDGE_BROWSER_MAX_AGE a whole number of seconds.",
                hint="E.g. EDGE_CACHE_TIMEOUT = 24 * 60 * 60 with a purge backend, EDGE_BROWSER_MAX_AGE = 60.",
                id="ankle_education.E020",
            )
        )
    headers = conf.EDGE_TAG_HEADERS
    if isinstance(headers, str) or not isinstance(headers, (list, tuple)) or set(headers) - set(edge.TAG_HEADERS):
        messages.append(
            Error(
                f"ANKLE_EDUCATION['EDGE_TAG_HEADERS'] must be a list of: {', '.join(edge.TAG_HEADERS)}.",
                hint="\"xkey\" for Varnish, \"Surrogate-Key\" for Fastly, \"Cache-Tag\" for Cloudflare.",
                id="ankle_education.E019",
            )
        )
    problem = _edge_purgers_problem(conf.EDGE_PURGERS)
    if problem:
        messages.append(
            Error(
                f"ANKLE_EDUCATION['EDGE_PURGERS'] {problem}",
                hint="A list of dicts such as {\"BACKEND\": \"ankle_education.edge.VarnishPurger\", "
                "\"URLS\": [\"http://127.0.0.1:6081/\"]}; see the README's \"Edge cache\".",
                id="ankle_education.E018",
            )
        )
    elif timeout is not None and not conf.EDGE_PURGERS:
        messages.append(
            Warning(
                "ANKLE_EDUCATION['EDGE_CACHE_TIMEOUT'] is set but no EDGE_PURGERS are: a shared cache would "
                "keep a page an edit changed, or a reviewer took down, until it expires.",
                hint="Configure the purge backend of your Varnish or CDN in EDGE_PURGERS.",
                id="ankle_education.W004",
            )
        )
    return messages


def _is_whole_seconds(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _edge_purgers_problem(entries: object) -> str:
    """What is wrong with EDGE_PURGERS, or "" when each entry names a purger class it can build."""
    if isinstance(entries, (str, dict)) or not isinstance(entries, (list, tuple)):
        return "must be a list of dicts."
    for options in entries:
        if not isinstance(options, dict) or not isinstance(options.get("BACKEND"), str):
            return "has an entry that is not a dict with a \"BACKEND\" class path."
        try:
            backend = import_string(options["BACKEND"])
        except ImportError:
            return f"names {options['BACKEND']!r}, which does not import."
        if not (isinstance(backend, type) and issubclass(backend, edge.Purger)):
            return f"names {options['BACKEND']!r}, which is not an ankle_education.edge.Purger."
        try:
            list(backend(options).requests(["check"]))
        except (ImproperlyConfigured, TypeError, ValueError) as error:
            return f"entry {options['BACKEND']!r} is incomplete: {error}"
    return ""


@register(Tags.caches, deploy=True)
def check_shared_page_cache(**kwargs: Any) -> list[CheckMessage]:
    """Under ``check --deploy``: a page cache that each worker keeps for itself serves taken-down pages."""
    backend = settings.CACHES.get(conf.CACHE_ALIAS, {}).get("BACKEND", "")
    if not conf.CACHE_PAGES or not _is_per_process(backend):
        return []
    return [
        Warning(
            f"The page cache (CACHES[{conf.CACHE_ALIAS!r}], {backend}) lives in each process: an edit "
            "purges only the copies of the process that saved it, so other workers, and every page an edit "
            "from a management command changes, serve the old page until it expires.",
            hint="Use a cache all processes share, e.g. Django's Redis backend "
            "(\"django.core.cache.backends.redis.RedisCache\", pip install \"ankle-education[redis]\"), "
            "or set ANKLE_EDUCATION[\"CACHE_PAGES\"] = False.",
            id="ankle_education.W003",
        )
    ]


def _is_per_process(backend: str) -> bool:
    """Local memory (or a subclass): an edit in another process (a worker, a command) cannot purge it."""
    try:
        backend_class = import_string(backend)
    except ImportError:  # Django's own check reports a backend that does not import
        return False
    return isinstance(backend_class, type) and issubclass(backend_class, LocMemCache)


@register(Tags.urls)
def check_sitemaps_installed(**kwargs: Any) -> list[CheckMessage]:
    """The app's sitemaps render Django's sitemap templates, which only ``django.contrib.sitemaps`` provides."""
    if apps.is_installed("django.contrib.sitemaps"):
        return []
    if not any(_serves_app_sitemaps(pattern) for pattern in _url_patterns_in(get_resolver().url_patterns)):
        return []
    return [
        Error(
            "The app's sitemaps are mounted, but 'django.contrib.sitemaps' is not in INSTALLED_APPS: every "
            "request for them fails (TemplateDoesNotExist: sitemap.xml).",
            hint="Add \"django.contrib.sitemaps\" to INSTALLED_APPS.",
            id="ankle_education.E017",
        )
    ]


def _serves_app_sitemaps(pattern: URLPattern) -> bool:
    """The app's sitemap view, or Django's (a section or the index) given any of the app's sitemaps."""
    from django.contrib.sitemaps.views import index, sitemap

    from ankle_education.sitemaps import APP_SITEMAP_CLASSES
    from ankle_education.sitemaps import sitemap as app_sitemap

    if pattern.callback is app_sitemap:
        return True
    if pattern.callback not in (sitemap, index):
        return False
    listed = pattern.default_args.get("sitemaps")
    if not isinstance(listed, dict):
        return False
    # Django's views take sitemap classes or instances, the app's own or a host's subclass of them.
    classes = [item if isinstance(item, type) else type(item) for item in listed.values()]
    return any(issubclass(listed_class, tuple(APP_SITEMAP_CLASSES)) for listed_class in classes)
