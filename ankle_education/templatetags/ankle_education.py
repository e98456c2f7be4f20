"""Template tags and filters of ankle_education: ``{% load ankle_education %}``.

The tags sit in the host's own pages, so they never take one down: anything but a condition patients
may see (a missing variable, None, a slug, a draft) gives the general checklist or booking link.
"""

from __future__ import annotations

import logging
from typing import Any

from django import template
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils.safestring import SafeString

from ankle_education.booking_links import call_to_action
from ankle_education.checklist import checklist_url, form_context, signs_for
from ankle_education.models import Condition
from ankle_education.rendering import render_markdown
from ankle_education.urgency import Level

logger = logging.getLogger(__name__)
register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    """Editor markdown as sanitised HTML, through the app's one rendering path."""
    return render_markdown(text)


def _public(condition: object) -> Condition | None:
    """The condition if patients may see it; anything else gives None, so the tag shows the general one."""
    if isinstance(condition, Condition) and condition.pk is not None and condition.is_public:
        return condition
    return None


def _csrf_token(context: template.Context) -> Any:
    """The page's CSRF token: the context's own (every RequestContext has one), else the request's.

    None when the template was rendered without a request: no token can be made that the check accepts.
    """
    token = context.get("csrf_token")
    if token is not None:
        return token
    request = getattr(context, "request", None) or context.get("request")
    if isinstance(request, HttpRequest):
        # As the csrf context processor does: the middleware then sets the cookie the token pairs with.
        return get_token(request)
    return None


@register.inclusion_tag("ankle_education/includes/checklist_tag.html", takes_context=True)
def ankle_seek_help_checklist(context: template.Context, condition: object = None) -> dict[str, Any]:
    """The "when to seek help" form for ``condition`` (or the general one), posting to its checklist page.

    Without a CSRF token the form would be refused when sent, so it becomes a link to that page.
    """
    public = _public(condition)
    csrf_token = _csrf_token(context)
    if csrf_token is None:
        logger.warning(
            "{% ankle_seek_help_checklist %} was rendered without a request, so it shows a link to the "
            "checklist page instead of the form (a form without a CSRF token cannot be sent). Render the "
            "page with its request: render(request, ...) or TemplateResponse."
        )
        return {"form_action": checklist_url(public), "condition": public, "csrf_token": None}
    return {**form_context(public, list(signs_for(public))), "condition": public, "csrf_token": csrf_token}


@register.inclusion_tag("ankle_education/includes/booking_link.html")
def ankle_booking_link(condition: object = None) -> dict[str, Any]:
    """A routine "Book an appointment" link through the counting redirect; nothing if none is configured."""
    return {"action": call_to_action(Level.ROUTINE, _public(condition))}
