"""The one markdown path: formatting kept, anything that could run script removed."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from ankle_education.rendering import render_markdown, validate_markdown

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


# Formatting nested thousands deep runs Markdown out of Python's stack.
TOO_DEEP = {
    "emphasis": "*" * 2000 + "x" + "*" * 2000,
    "underscores": "_" * 2000 + "x" + "_" * 2000,
    "strong words": "**a " * 1000 + "x" + " a**" * 1000,
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


def test_top_level_heading_becomes_h2():
    assert render_markdown("# Heading") == "<h2>Heading</h2>"


def test_tables_render_without_inline_style():
    html = render_markdown("| Week | Miles |\n|:--|--:|\n| 1 | 10 |")
    assert "<table>" in html
    assert "<td>10</td>" in html
    assert "style" not in html


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
        ("![A swollen ankle](/media/markdownx/ankle.png)", '<img alt="A swollen ankle" src="/media/markdownx/ankle.png">'),
        ('<img src="/media/a.png" alt="1 > 0" title=\'say "hi"\'>', '<img src="/media/a.png" alt="1 &gt; 0" title="say &quot;hi&quot;">'),
    ],
)  # fmt: skip
def test_images_from_this_site_are_kept(text, expected):
    assert render_markdown(text) == f"<p>{expected}</p>"


def test_links_to_other_sites_stay():
    html = render_markdown("[NHS advice](https://www.nhs.uk/) and [ours](/patient-education/ankle/)")
    assert '<a href="https://www.nhs.uk/" rel="noopener noreferrer">NHS advice</a>' in html
    assert '<a href="/patient-education/ankle/" rel="noopener noreferrer">ours</a>' in html


@pytest.mark.parametrize("control", ["\x0b", "\x0c", "\x1f", "\x7f", " "])
def test_image_paths_with_control_characters_are_removed(control):
    assert "<img" not in render_markdown(f'<img src="/{control}/evil.example/x.png" alt="x">')


@pytest.mark.parametrize("text", TOO_DEEP.values(), ids=TOO_DEEP.keys())
def test_too_deeply_nested_markdown_is_refused_on_save(text):
    with pytest.raises(ValidationError) as refused:
        validate_markdown(f"Intro <b>\n\n{text}")
    assert refused.value.code == "markdown_too_deeply_nested"
    validate_markdown("Plain *and* **simple**.")  # no error


@pytest.mark.parametrize("text", TOO_DEEP.values(), ids=TOO_DEEP.keys())
def test_too_deeply_nested_markdown_already_saved_shows_as_plain_text(text):
    html = render_markdown(f"Intro <b>\n\n{text}")
    assert html.startswith("<p>Intro &lt;b&gt;</p><p>")
    assert "<em>" not in html
    assert "<strong>" not in html
    # The converter that ran out of stack is replaced: the next text renders as usual.
    assert render_markdown("Rest *well*.") == "<p>Rest <em>well</em>.</p>"


def test_markdown_longer_than_the_limit_is_refused_on_save():
    validate_markdown("x" * 10_000)  # no error
    with pytest.raises(ValidationError) as refused:
        validate_markdown("x" * 10_001)
    assert refused.value.code == "markdown_too_long"
    assert "10,000 characters or fewer (it has 10,001)" in refused.value.messages[0]
