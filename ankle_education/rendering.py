"""The one path from editor markdown to HTML: Markdown, then the nh3 sanitiser.

Public pages, the admin's live preview and anything else that shows markdown call
``render_markdown``, so what staff preview is exactly what patients see, and nothing
an editor types can run script on a patient's page.
"""

from __future__ import annotations

import functools
import re
import threading
from typing import cast

import markdown
import nh3
from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

MARKDOWN_EXTENSIONS = ["markdown.extensions.extra", "markdown.extensions.sane_lists", "markdown.extensions.toc"]
# Page templates own the <h1>, so an editor's "# Heading" becomes an <h2>.
MARKDOWN_EXTENSION_CONFIGS = {"markdown.extensions.toc": {"baselevel": 2}}

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "dl", "dt", "em", "h2", "h3", "h4", "h5", "h6", "hr",
    "img", "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th",
    "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"scope"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Images load only from this site (e.g. MEDIA_URL uploads): one from another host would tell a
# third party who reads the page, and break a strict Content-Security-Policy. Links may go anywhere.
# Browsers ignore tabs and newlines inside URLs and read a backslash as "/", so "/<tab>/host"
# and "/\\host" are as protocol-relative as "//host"; no other control character or space
# belongs in a path of ours either.
_NOT_IN_SITE_PATHS = re.compile(r"[\\\x00-\x20\x7f]")
# nh3 writes every attribute as name="value" with quotes and ">" escaped, so this finds each <img>.
_IMG_TAG = re.compile(r'<img((?: [^\s"=>]+="[^"]*")*)>')
# Links leave no trace of the page they came from and cannot reach back into it.
LINK_REL = "noopener noreferrer"


# Rendering markdown costs more than the rest of a page together, and a page shows the same
# fields on every visit, so results are memoised (a pure function of the text). The bounds keep
# the memory small whatever staff type into the live preview: at most ~512 × 20,000 characters.
MEMO_SIZE = 512
MEMO_MAX_CHARACTERS = 20_000
# Longest markdown a field may hold: far more than a section for patients needs (the longest starter
# text is about 1,000), and short enough to bound rendering, whose time grows with the square of
# the length for some inputs (thousands of unclosed "[": about 4 s at this length, 140 s at 100,000).
MAX_MARKDOWN_CHARACTERS = 10_000


def render_markdown(text: str) -> SafeString:
    """Editor markdown as sanitised HTML, safe to put in any page."""
    text = text or ""
    render = _memoised_html if len(text) <= MEMO_MAX_CHARACTERS else _sanitised_html
    return mark_safe(render(text))  # noqa: S308  (nh3 has sanitised it)


class TooDeeplyNested(ValueError):
    """Formatting nested so deep (thousands of "*" or "_") that Markdown runs out of Python's stack."""


def _markdown_html(text: str) -> str:
    try:
        return _converter().reset().convert(text)
    except RecursionError:
        del _local.converter  # left half-way through a document; the next call builds a fresh one
        raise TooDeeplyNested from None


def validate_markdown(text: str) -> None:
    """A field validator: refuse markdown that cannot be shown, so staff hear of it when they save."""
    if len(text or "") > MAX_MARKDOWN_CHARACTERS:
        raise ValidationError(
            _("Keep this text to %(limit)s characters or fewer (it has %(length)s); split it up if needed."),
            code="markdown_too_long",
            params={"limit": f"{MAX_MARKDOWN_CHARACTERS:,}", "length": f"{len(text):,}"},
        )
    try:
        _markdown_html(text or "")
    except TooDeeplyNested:
        raise ValidationError(
            _("This text nests formatting (such as * or _) too deeply to be shown. Remove some of the nesting."),
            code="markdown_too_deeply_nested",
        ) from None


def _sanitised_html(text: str) -> str:
    try:
        html = _markdown_html(text)
    except TooDeeplyNested:
        # Saved before the validator existed, or deeper in a busier stack: plain text, never a broken page.
        html = "".join(f"<p>{escape(block)}</p>" for block in re.split(r"\n\s*\n", text) if block.strip())
    html = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_same_site_image_source,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )
    # An <img> whose source was dropped shows nothing and is invalid HTML: drop it whole.
    return _IMG_TAG.sub(lambda tag: tag[0] if ' src="' in tag[1] else "", html)


def _same_site_image_source(element: str, attribute: str, value: str) -> str | None:
    """nh3's attribute filter: an image source must be a path on this site, e.g. "/media/x.png"."""
    if element == "img" and attribute == "src" and not _is_site_path(value):
        return None
    return value


def _is_site_path(url: str) -> bool:
    """Whether ``url`` is a path on this site: "/…", never "//host/…" or an absolute URL."""
    return url.startswith("/") and not url.startswith("//") and not _NOT_IN_SITE_PATHS.search(url)


_memoised_html = functools.lru_cache(maxsize=MEMO_SIZE)(_sanitised_html)
_local = threading.local()


def _converter() -> markdown.Markdown:
    """One Markdown instance per thread: building one loads every extension, and instances are not thread-safe."""
    if not hasattr(_local, "converter"):
        _local.converter = markdown.Markdown(
            extensions=MARKDOWN_EXTENSIONS, extension_configs=MARKDOWN_EXTENSION_CONFIGS, output_format="html"
        )
    return cast(markdown.Markdown, _local.converter)
