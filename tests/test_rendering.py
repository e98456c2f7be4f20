"""The one markdown path: formatting kept, anything that could run script removed."""

from __future__ import annotations

import time

import pytest
from django.core.exceptions import ValidationError

from ankle_education.rendering import MAX_MARKDOWN_CHARACTERS, MAX_TABLE_CELLS, render_markdown, validate_markdown


def _repeat(unit, length):
    return (unit * (length // len(unit) + 1))[:length]


def _nested(opening, middle, closing, length):
    depth = (length - len(middle)) // (len(opening) + len(closing))
    return (opening * depth + middle + closing * depth).ljust(length, "x")


def _backtick_runs(length):
    # Runs of 1, 2, 3… backticks: about √(2 × length) of them fill the length.
    return "".join("`" * size + "a" for size in range(1, int((2 * length) ** 0.5) + 2))[:length]


def _indented_list(length):
    # Each item two spaces deeper than the last: about √length of them fill the length.
    return "".join("  " * depth + "- x\n" for depth in range(int(length**0.5) + 2))[:length]


def _tables(columns, rows):
    # Rows of one cell each, which the table fills up to the header's columns.
    return lambda length: _repeat("|a" * columns + "\n" + "|-" * columns + "\n" + "x\n" * rows + "\n", length)


def _references(length):
    definitions = "".join(f"[l{i}]: /u{i}\n" for i in range(300))
    return definitions + _repeat("[l1] ", length - len(definitions))


# Inputs on which markdown parsers are known to take quadratic time or worse, or to recurse
# without bound (Python-Markdown took from seconds to minutes on several at 10,000 characters).
PATHOLOGICAL = {
    "unclosed [": lambda n: _repeat("[", n),
    "unclosed [![": lambda n: _repeat("[![", n),
    "unclosed ![": lambda n: _repeat("![", n),
    "unclosed ![[": lambda n: _repeat("![[", n),
    "unclosed [^": lambda n: _repeat("[^", n),
    "unclosed <![CDATA[": lambda n: _repeat("<![CDATA[", n),
    "unclosed [a](": lambda n: _repeat("[a](", n),
    "unclosed [a][": lambda n: _repeat("[a][", n),
    "unclosed ](": lambda n: _repeat("](", n),
    "unclosed <a ": lambda n: _repeat("<a ", n),
    "unclosed <": lambda n: _repeat("<", n),
    "unclosed <!--": lambda n: _repeat("<!--", n),
    "unclosed <http://a": lambda n: _repeat("<http://a", n),
    "unclosed &#": lambda n: _repeat("&#", n),
    "unclosed attribute": lambda n: "<a " + _repeat('a="', n - 3),
    "nested *": lambda n: _nested("*", "x", "*", n),
    "nested _": lambda n: _nested("_", "x", "_", n),
    "nested **a": lambda n: _nested("**a ", "x", " a**", n),
    "nested [[ ]]": lambda n: _nested("[", "x", "]", n),
    "nested links": lambda n: _nested("[", "x", "](a)", n),
    "nested images in links": lambda n: _nested("[![", "x", "](a)](b)", n),
    "*a**a* alternations": lambda n: _repeat("*a**a*", n),
    "_a__a_ alternations": lambda n: _repeat("_a__a_", n),
    "**_ runs": lambda n: _repeat("**_", n),
    "nested >": lambda n: _repeat(">", n),
    "nested > with spaces": lambda n: _repeat("> ", n),
    "nested - lists": lambda n: _repeat("- ", n),
    "nested 1. lists": lambda n: _repeat("1. ", n),
    "indented lists": _indented_list,
    "backtick runs": _backtick_runs,
    "backticks": lambda n: _repeat("`", n),
    "` a runs": lambda n: _repeat("` a", n),
    "link reference definitions": lambda n: _repeat("[x]: /u\n", n // 2) + _repeat("[x]", n - n // 2),
    "references to many definitions": _references,
    "unclosed reference titles": lambda n: _repeat('[a]: /u "', n),
    "a wide table": lambda n: _tables(n // 8, n // 4)(n),
    "many tables": _tables(181, 362),
    "hard line breaks": lambda n: _repeat("a  \n", n),
    "backslashes": lambda n: _repeat("\\", n),
}

ATTACKS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
    "<iframe src=\"https://evil.example\"></iframe>",
    "<svg onload=alert(1)></svg>",
    "<style>body{display:none}</style>",
    "<p style=\"position:fixed\" onclick=\"alert(1)\">x</p>",
    "<form action=\"https://evil.example\"><input name=q></form>",
    "![x](javascript:alert(1))",
    "<object data=\"x.swf\"></object>",
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
]


# Formatting nested thousands deep: Python-Markdown ran out of Python's stack on these.
DEEPLY_NESTED = {
    "emphasis": ("*" * 2000 + "x" + "*" * 2000, "<strong>"),
    "underscores": ("_" * 2000 + "x" + "_" * 2000, "<strong>"),
    "strong words": ("**a " * 1000 + "x" + " a**" * 1000, "<strong>a <strong>a "),
    "blockquotes": (">" * 4000 + " x", "<blockquote>"),
    "lists": ("- " * 4000 + "x", "<ul>"),
}


@pytest.mark.parametrize("attack", ATTACKS)
def test_nothing_executable_survives(attack):
    html = render_markdown(f"Before\n\n{attack}\n\nAfter").lower()
    for forbidden in ("<script", "javascript:", "onerror", "onload", "onclick", "<iframe", "<svg",
                      "<style", "style=", "<form", "<input", "data:text/html", "<object", "<math"):
        assert forbidden not in html, (attack, html)
    assert "after" in html


def test_markdown_formatting_is_kept():
    html = render_markdown("## Rest\n\n- **Ice** it for *20 minutes*\n- Raise it\n\n[NHS](https://www.nhs.uk/)")
    assert "<h3>Rest</h3>" in html  # every heading moves down one level: the page owns <h1>
    assert "<li><strong>Ice</strong> it for <em>20 minutes</em></li>" in html
    assert '<a href="https://www.nhs.uk/" rel="noopener noreferrer">NHS</a>' in html


@pytest.mark.parametrize(
    ("text", "expected"),
    [("# Heading", "<h2>Heading</h2>"), ("Heading\n===", "<h2>Heading</h2>"), ("###### Heading", "<h6>Heading</h6>")],
)
def test_top_level_heading_becomes_h2(text, expected):
    assert render_markdown(text) == expected


def test_tables_render_without_inline_style():
    html = render_markdown("| Week | Miles |\n|:--|--:|\n| 1 | 10 |")
    assert "<table>" in html
    assert "<td>10</td>" in html
    assert "style" not in html


def test_tables_past_the_cell_budget_show_as_text():
    columns = 10
    table = "|a" * columns + "|\n" + "|-" * columns + "|\n" + ("|b" * columns + "|\n") * 1000
    html = render_markdown(f"{table}\nAfter *it*.")
    cells = html.count("<th>") + html.count("<td>")
    assert MAX_TABLE_CELLS * 3 // 4 < cells <= MAX_TABLE_CELLS  # "|a|…|a|" may be up to 12 cells: rows fit to that
    assert "<p>|b|b|" in html  # the rows past the budget are text
    assert html.endswith("<p>After <em>it</em>.</p>")
    # The budget is per text: the next text has a whole one again.
    assert render_markdown(table).count("<td>") == html.count("<td>")


def test_empty_input():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""


def test_long_texts_render_the_same_without_filling_the_memo():
    from ankle_education import rendering

    rendering._memoised_html.cache_clear()
    long_text = " ".join(["word"] * (rendering.MEMO_MAX_CHARACTERS // 5 + 1))
    assert render_markdown(long_text) == f"<p>{long_text}</p>"
    assert rendering._memoised_html.cache_info().currsize == 0
    render_markdown("short")
    assert rendering._memoised_html.cache_info().currsize == 1


@pytest.mark.parametrize(
    "image",
    [
        "![A swollen ankle](https://tracker.example/ankle.png)",
        "![A swollen ankle](http://tracker.example/ankle.png)",
        "![A swollen ankle](//tracker.example/ankle.png)",
        '<img src="https://tracker.example/ankle.png" alt="A swollen ankle">',
        '<img alt="A swollen ankle" src="//tracker.example/ankle.png">',
        '<img src="/\\tracker.example/ankle.png" alt="A swollen ankle">',  # browsers read "\" as "/"
        '<img src="/&#9;/tracker.example/ankle.png" alt="A swollen ankle">',  # and drop tabs
        '<img src="/&#10;/tracker.example/ankle.png" alt="A swollen ankle">',  # and newlines
        '<img src="ankle.png" alt="A swollen ankle">',
        '<img alt="A swollen ankle">',
    ],
)
def test_images_from_other_sites_are_dropped(image):
    html = render_markdown(f"Before {image} after")
    assert "<img" not in html
    assert "tracker" not in html
    assert html == "<p>Before  after</p>"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("![A swollen ankle](/media/markdownx/ankle.png)", '<p><img src="/media/markdownx/ankle.png" alt="A swollen ankle"></p>'),
        # A line that is one HTML tag is an HTML block in CommonMark: no paragraph around it.
        ('<img src="/media/a.png" alt="1 > 0" title=\'say "hi"\'>', '<img src="/media/a.png" alt="1 &gt; 0" title="say &quot;hi&quot;">'),
    ],
)  # fmt: skip
def test_images_from_this_site_are_kept(text, expected):
    assert render_markdown(text) == expected


def test_links_to_other_sites_stay():
    html = render_markdown("[NHS advice](https://www.nhs.uk/) and [ours](/patient-education/ankle/)")
    assert '<a href="https://www.nhs.uk/" rel="noopener noreferrer">NHS advice</a>' in html
    assert '<a href="/patient-education/ankle/" rel="noopener noreferrer">ours</a>' in html


@pytest.mark.parametrize("control", ["\x0b", "\x0c", "\x1f", "\x7f", " "])
def test_image_paths_with_control_characters_are_removed(control):
    assert "<img" not in render_markdown(f'<img src="/{control}/evil.example/x.png" alt="x">')


@pytest.mark.parametrize(("text", "formatting"), DEEPLY_NESTED.values(), ids=DEEPLY_NESTED.keys())
def test_deeply_nested_markdown_renders(text, formatting):
    validate_markdown(text)  # no error
    assert formatting in render_markdown(f"Intro\n\n{text}")


@pytest.mark.parametrize("make", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_pathological_markdown_at_the_limit_renders_in_linear_time(make):
    text = make(MAX_MARKDOWN_CHARACTERS)
    assert len(text) == MAX_MARKDOWN_CHARACTERS
    validate_markdown(text)  # no error: it can be saved
    started = time.perf_counter()
    render_markdown(text + "\n\nAfter")  # not memoised yet: rendered in full
    assert time.perf_counter() - started < 1.0


def test_markdown_longer_than_the_limit_is_refused_on_save():
    validate_markdown("x" * MAX_MARKDOWN_CHARACTERS)  # no error
    with pytest.raises(ValidationError) as refused:
        validate_markdown("x" * (MAX_MARKDOWN_CHARACTERS + 1))
    assert refused.value.code == "markdown_too_long"
    limit = f"{MAX_MARKDOWN_CHARACTERS:,}"
    assert f"{limit} characters or fewer (it has {MAX_MARKDOWN_CHARACTERS + 1:,})" in refused.value.messages[0]


BOOKING_IMAGE = "![x](/patient-education/ankle/book/?urgency=urgent&condition=ankle-sprain)"


def test_an_image_of_a_site_page_is_dropped():
    # Every page view would load the booking redirect, and count a click nobody made.
    assert render_markdown(f"Before {BOOKING_IMAGE} after") == "<p>Before  after</p>"
    assert render_markdown("![x](/media/ankle.png)") == '<p><img src="/media/ankle.png" alt="x"></p>'


@pytest.mark.parametrize(
    "source",
    [
        "/media/../patient-education/ankle/book/",
        "/media/./x.png",
        "/media/%2e%2e/patient-education/ankle/book/",
        "/media/%2E%2e/x.png",
        "/media/.%2E/x.png",
        "/media/%2e/x.png",
        "/media/x/..",
        "/media/..%5cx.png",
        "/media\\../x.png",
        "/mediax.png",
        "/media",
        "media/x.png",
    ],
)
def test_image_paths_must_stay_inside_the_media_url(source):
    assert "<img" not in render_markdown(f'<img src="{source}" alt="x">')
    assert "<img" not in render_markdown(f"![x]({source})")


@pytest.mark.parametrize(
    ("media_url", "kept", "dropped"),
    [
        ("media/", "/media/a.png", "/static/a.png"),
        ("/uploads/", "/uploads/a.png", "/media/a.png"),
        ("https://cdn.example.com/media/", "https://cdn.example.com/media/a.png", "/media/a.png"),
        ("https://cdn.example.com/media/", "https://cdn.example.com/media/a.png", "https://cdn.example.com/a.png"),
        ("https://cdn.example.com/media/", "https://cdn.example.com/media/a.png", "https://cdn.example.com.evil/media/a.png"),
    ],
)  # fmt: skip
def test_images_load_from_the_configured_media_url(settings, media_url, kept, dropped):
    settings.MEDIA_URL = media_url
    assert render_markdown(f"![x]({kept})") == f'<p><img src="{kept}" alt="x"></p>'
    assert "<img" not in render_markdown(f"![x]({dropped})")


def test_the_memo_follows_the_media_url(settings):
    text = "![x](/media/a.png) and ![y](/uploads/b.png)"
    settings.MEDIA_URL = "/media/"
    assert render_markdown(text) == '<p><img src="/media/a.png" alt="x"> and </p>'
    settings.MEDIA_URL = "/uploads/"
    assert render_markdown(text) == '<p> and <img src="/uploads/b.png" alt="y"></p>'


@pytest.mark.parametrize("media_url", ["", None])
def test_no_images_without_a_media_url(settings, media_url):
    settings.MEDIA_URL = media_url
    assert render_markdown("![x](/media/a.png) and ![y](/a.png)") == "<p> and </p>"
