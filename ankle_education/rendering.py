"""The one path from editor markdown to HTML: Markdown, then the nh3 sanitiser.

Public pages, the admin's live preview and anything else that shows markdown call
``render_markdown``, so what staff preview is exactly what patients see, and nothing
an editor types can run script on a patient's page.
"""

from __future__ import annotations

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


def render_markdown(text: str) -> SafeString:
    """Editor markdown as sanitised HTML, safe to put in any page."""
    html = markdown.markdown(text or "", extensions=MARKDOWN_EXTENSIONS,
        extension_configs=MARKDOWN_EXTENSION_CONFIGS,
        output_format="html")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )
    return mark_safe(cleaned)  # noqa: S308  (nh3 has just sanitised it)
