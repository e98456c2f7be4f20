"""The one path from editor markdown to HTML: Markdown, then the nh3 sanitiser.

Public pages, the admin's live preview and anything else that shows markdown call
``render_markdown``, so what staff preview is exactly what patients see, and nothing
an editor types can run script on a patient's page.
"""

from __future__ import annotations

import functools
import threading

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

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
# Links leave no trace of the page they came from and cannot reach back into it.
LINK_REL = "noopener noreferrer"


# Rendering markdown costs more than the rest of a page together, and a page shows the same
# fields on every visit, so results are memoised (a pure function of the text). The bounds keep
# the memory small whatever staff type into the live preview: at most ~512 × 20,000 characters.
MEMO_SIZE = 512
MEMO_MAX_CHARACTERS = 20_000


def render_markdown(text: str) -> SafeString:
    """Editor markdown as sanitised HTML, safe to put in any page."""
    text = text or ""
    render = _memoised_html if len(text) <= MEMO_MAX_CHARACTERS else _sanitised_html
    return mark_safe(render(text))  # noqa: S308  (nh3 has sanitised it)


def _sanitised_html(text: str) -> str:
    html = _converter().reset().convert(text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )


_memoised_html = functools.lru_cache(maxsize=MEMO_SIZE)(_sanitised_html)
_local = threading.local()


def _converter() -> markdown.Markdown:
    """One Markdown instance per thread: building one loads every extension, and instances are not thread-safe."""
    if not hasattr(_local, "converter"):
        _local.converter = markdown.Markdown(
            extensions=MARKDOWN_EXTENSIONS, extension_configs=MARKDOWN_EXTENSION_CONFIGS, output_format="html"
        )
    return _local.converter
