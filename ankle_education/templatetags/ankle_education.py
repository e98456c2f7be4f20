"""Template tags and filters of ankle_education: ``{% load ankle_education %}``."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from ankle_education.booking_links import call_to_action
from ankle_education.checklist import form_context, signs_for
from ankle_education.models import Condition
from ankle_education.rendering import render_markdown
from ankle_education.urgency import Level

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    """Editor markdown as sanitised HTML, through the app's one rendering path."""
    return render_markdown(text)


def _public(condition: Condition | None) -> Condition | None:
    """The condition if patients may see it; otherwise None, so the tag falls back to the general one."""
    if condition is not None and condition.is_public:
        return condition
    return None


@register.inclusion_tag("ankle_education/includes/checklist_form.html", takes_context=True)
def ankle_seek_help_checklist(context: template.Context, condition: Condition | None = None) -> dict[str, Any]:
    """The "when to seek help" form for ``condition`` (or the general one), posting to its checklist page."""
    condition = _public(condition)
    return {**form_context(condition, list(signs_for(condition))), "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("ankle_education/includes/booking_link.html")
def ankle_booking_link(condition: Condition | None = None) -> dict[str, Any]:
    """A routine "Book an appointment" link through the counting redirect; nothing if none is configured."""
    return {"action": call_to_action(Level.ROUTINE, _public(condition))}
