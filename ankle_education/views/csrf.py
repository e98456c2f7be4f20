"""The page a form gets when Django's CSRF check refuses it: hosts set ``CSRF_FAILURE_VIEW`` to ``csrf_failure``.

A patient whose checklist page stayed open too long (or whose browser dropped its cookies) is told, in
plain words, that the form expired, and is offered the same checklist again, never Django's technical
page. Any other form of the site gets the same explanation, without the checklist. Django's CSRF check
has already logged the reason (``django.security.csrf``), so the page need not show it.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ankle_education import caching
from ankle_education.answers import answer_for
from ankle_education.booking_links import call_to_action
from ankle_education.conf import conf
from ankle_education.urgency import Level

TEMPLATE_NAME = "ankle_education/csrf_failure.html"
# The URL names of the checklist pages: an expired one is offered again at its own address.
CHECKLIST_URL_NAMES = {"seek_help", "condition_seek_help"}


def is_checklist(request: HttpRequest) -> bool:
    """Whether the refused form is one of the app's checklists (the URL was resolved before the CSRF check)."""
    match = request.resolver_match
    return match is not None and "ankle_education" in match.app_names and match.url_name in CHECKLIST_URL_NAMES


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Django's ``CSRF_FAILURE_VIEW``: a 403 that explains the form expired and how to send it again."""
    context: dict[str, Any] = {
        # What HostTemplateMixin gives every page of the app.
        "ankle_base_template": conf.BASE_TEMPLATE,
        "ankle_site_name": conf.SITE_NAME,
    }
    if is_checklist(request):
        # The checklist answers at its own address, so a GET there is the form again, with a fresh token.
        context["checklist_url"] = request.path
        # The patient may have ticked an emergency sign: the one thing that must not wait for a new form.
        context["emergency"] = answer_for(Level.EMERGENCY)
        context["emergency_action"] = call_to_action(Level.EMERGENCY)
    response = render(request, TEMPLATE_NAME, context, status=403)
    caching.mark_private(response)
    return response
