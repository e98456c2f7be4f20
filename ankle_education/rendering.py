"""The one path from editor markdown to HTML: CommonMark (markdown-it-py), then the nh3 sanitiser.

Public pages, the admin's live preview and anything else that shows markdown call
``render_markdown``, so what staff preview is exactly what patients see, and nothing
an editor types can run script on a patient's page.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import unquote, urlsplit

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock, table
from markdown_it.rules_core import StateCore

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
# Images load only from the site's uploads (MEDIA_URL), never from any other path: an image of a
# page of the site (the booking redirect, say) would make every view of the page request it too.
# One from another host would tell a third party who reads the page, and break a strict
# Content-Security-Policy. Links may go anywhere.
# Browsers ignore tabs and newlines inside URLs and read a backslash as "/", so "/<tab>/host"
# and "/\\host" are as protocol-relative as "//host"; no other control character or space
# belongs in a path of ours either.
_NOT_IN_SITE_PATHS = re.compile(r"[\\\x00-\x20\x7f]")
# nh3 writes every attribute as name="value" with quotes and ">" escaped, so this finds each <img>.
_IMG_TAG = re.compile(r'<img((?: [^\s"=>]+="[^"]*")*)>')
# Links leave no trace of the page they came from and cannot reach back into it.
LINK_REL = "noopener noreferrer"


# Rendering markdown costs more than the rest of a page together, and a page shows the same
# fields on every visit, so results are memoised (a pure function of the text and the media URL).
# The bounds keep the memory small whatever staff type into the live preview: at most ~512 × 20,000
# characters.
MEMO_SIZE = 512
MEMO_MAX_CHARACTERS = 20_000
# Longest markdown a field may hold: far more than a section for patients needs (the longest starter
# text is under 2,000), and short enough that any text renders in about a tenth of a second.
# markdown-it-py's time grows linearly with the length, also on the inputs that took Python-Markdown
# seconds (thousands of unclosed "[": 9 s at this length, 16 s for a wide table); the slowest input
# known, thousands of unclosed "![", takes 0.11 s at this length (sanitising included), 0.21 s at
# 20,000 and 1 s at 100,000 (tests/test_rendering.py has the known slow inputs).
MAX_MARKDOWN_CHARACTERS = 10_000


class _Parser(MarkdownIt):
    """CommonMark with tables, every URL kept for nh3 to judge."""

    def validateLink(self, url: str) -> bool:
        # markdown-it-py would leave a "javascript:" link as its markdown source, text and all; nh3
        # decides which URLs stay (ALLOWED_URL_SCHEMES), so the sanitiser is the one allow-list.
        return True


def _headings_one_level_down(state: StateCore) -> None:
    """Page templates own the <h1>, so an editor's "# Heading" becomes an <h2> (and "######" stays <h6>)."""
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1:]) + 1, 6)}"


# A table row short of cells is filled with empty ones, so a few characters make many cells (a
# header of 200 columns, then rows of one "x" each: 100 cells a character), and each cell costs
# about as much as a paragraph. markdown-it-py caps that at 65,536 filled cells per table, still
# 0.7 s per table, and 6 s for 10,000 characters of tables; a text holds this many cells in all
# (10 columns × 200 rows, far more than a page for patients needs), and lines past them show as text.
MAX_TABLE_CELLS = 2_000
_TABLE_CELLS_LEFT = "ankle_education_table_cells_left"


def _table_within_budget(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """markdown-it-py's table rule, given only as many rows as the text's cells left allow."""
    header = state.src[state.bMarks[start_line] + state.tShift[start_line] : state.eMarks[start_line]]
    columns = header.count("|") + 1  # never fewer than the header's cells, which every row gets
    cells_left = int(state.env.get(_TABLE_CELLS_LEFT, MAX_TABLE_CELLS))
    rows = cells_left // columns  # the header row included
    tokens_before = len(state.tokens)
    # The lines: the header, the delimiter row ("|--|--|"), then rows - 1 rows of cells.
    if rows < 1 or not table(state, start_line, min(end_line, start_line + 1 + rows), silent):
        return False
    if not silent:
        made = sum(token.type in ("th_open", "td_open") for token in state.tokens[tokens_before:])
        state.env[_TABLE_CELLS_LEFT] = cells_left - made
    return True


# CommonMark parses any input in linear time. Of the extensions, only tables (with a budget of
# cells): no starter text uses footnotes, definition lists, abbreviations or heading ids (nh3 would
# drop the ids anyway). markdown-it-py's parser is not changed after this, so threads share it safely.
_PARSER = _Parser("commonmark").enable("table")
_PARSER.block.ruler.at("table", _table_within_budget, {"alt": ["paragraph", "reference"]})
_PARSER.core.ruler.push("headings_one_level_down", _headings_one_level_down)


def render_markdown(text: str) -> SafeString:
    """Editor markdown as sanitised HTML, safe to put in any page."""
    text = text or ""
    media_prefix = _media_prefix()
    if len(text) <= MEMO_MAX_CHARACTERS:
        html = _memoised_html(text, media_prefix)
    else:
        html = _sanitised_html(text, media_prefix)
    return mark_safe(html)  # noqa: S308  (nh3 has sanitised it)


def validate_markdown(text: str) -> None:
    """A field validator: refuse markdown too long to render quickly, so staff hear of it when they save."""
    if len(text or "") > MAX_MARKDOWN_CHARACTERS:
        raise ValidationError(
            _("Keep this text to %(limit)s characters or fewer (it has %(length)s); split it up if needed."),
            code="markdown_too_long",
            params={"limit": f"{MAX_MARKDOWN_CHARACTERS:,}", "length": f"{len(text):,}"},
        )


def _sanitised_html(text: str, media_prefix: str) -> str:
    html = nh3.clean(
        _PARSER.render(text),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=functools.partial(_uploaded_image_source, media_prefix),
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )
    # An <img> whose source was dropped shows nothing and is invalid HTML: drop it whole.
    # markdown-it-py ends every block with a newline; the last one is dropped, as Python-Markdown did.
    return _IMG_TAG.sub(lambda tag: tag[0] if ' src="' in tag[1] else "", html).rstrip("\n")


_memoised_html = functools.lru_cache(maxsize=MEMO_SIZE)(_sanitised_html)


def _media_prefix() -> str:
    """Where the site's uploads are served from, ending in "/"; "" when images may load from nowhere.

    Django reads a relative MEDIA_URL ("media/") after the script prefix ("/media/"), and so an
    empty one as the script prefix alone: the whole site, the rule this replaces, so no images.
    An absolute MEDIA_URL ("https://cdn.example.com/media/") is taken as it is.
    """
    url = str(settings.MEDIA_URL or "")
    if not url.startswith(("/", "http://", "https://")):
        url = f"/{url}"
    if not url.endswith("/"):
        url = f"{url}/"
    whole_site = url in {"/", get_script_prefix()}
    no_host = url.startswith(("//", "http://", "https://")) and not urlsplit(url).netloc
    return "" if whole_site or no_host else url


def _uploaded_image_source(media_prefix: str, element: str, attribute: str, value: str) -> str | None:
    """nh3's attribute filter: an image source must be an upload, e.g. "/media/markdownx/x.png"."""
    if element == "img" and attribute == "src" and not _is_upload(value, media_prefix):
        return None
    return value


def _is_upload(url: str, media_prefix: str) -> bool:
    """Whether ``url`` names a file under ``media_prefix``, with no way out of it ("..", "\\", "%2e%2e")."""
    if not media_prefix or not url.startswith(media_prefix) or _NOT_IN_SITE_PATHS.search(url):
        return False
    # Browsers resolve "." and ".." segments, "%2e" spelt either case included, before they request.
    path = unquote(re.split(r"[?#]", url, maxsplit=1)[0])
    return not any(segment in {".", ".."} for segment in re.split(r"[/\\]", path))
