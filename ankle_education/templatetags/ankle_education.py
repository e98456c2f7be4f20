"""Template tags and filters of ankle_education: ``{% load ankle_education %}``."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from ankle_education.rendering import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    """Editor markdown as sanitised HTML, through the app's one rendering path."""
    return render_markdown(text)
