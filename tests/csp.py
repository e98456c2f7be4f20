"""Test-only middleware: a strict Content-Security-Policy on the app's pages.

Browser tests then see any inline script or style, or any third-party request, as a
violation in the console. Other pages (the admin) are left as they are.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

POLICY = "default-src 'self'"


class StrictCSPMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = request.resolver_match
        if match is not None and match.namespace == "ankle_education":
            response["Content-Security-Policy"] = POLICY
        return response
