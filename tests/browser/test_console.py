"""Lighthouse-level hygiene on the example site: no console error, no failed request, nothing answering 400+."""

from __future__ import annotations

import pytest

from tests.factories import condition_with_content

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hub_and_condition_page_load_without_console_errors_or_failed_requests(live_server, page):
    condition = condition_with_content(name="Achilles tendinitis", slug="achilles-tendinitis")
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("requestfailed", lambda request: errors.append(f"failed: {request.url} {request.failure}"))
    page.on("response", lambda response: response.status >= 400 and errors.append(f"{response.status}: {response.url}"))
    requested: list[str] = []
    page.on("requestfinished", lambda request: requested.append(request.url))

    for path in ("/", "/patient-education/ankle/", condition.get_absolute_url()):
        page.goto(live_server.url + path, wait_until="networkidle")
    # The browser asks for the site's icon, and gets it.
    page.goto(live_server.url + "/favicon.ico", wait_until="networkidle")

    assert errors == []
    assert any(url.endswith("/ankle_education/ankle_education.css") for url in requested)
    assert any(url.endswith("/clinic_site/favicon.svg") for url in requested)
