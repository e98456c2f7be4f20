"""The example site and the app's hub render in chromium with zero axe violations."""

from __future__ import annotations

import pytest

from tests.factories import CategoryFactory, ConditionFactory
from tests.quality import axe_violations, nu_html_errors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_and_hub_render_without_axe_violations(live_server, page):
    condition = ConditionFactory(name="Achilles tendinitis", category=CategoryFactory(name="Overuse injuries"))

    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "Riverside Running Clinic"
    assert axe_violations(page) == []

    page.get_by_role("link", name="Ankle pain after running").first.click()
    assert page.url == live_server.url + "/patient-education/ankle/"
    assert page.locator("h1").inner_text() == "Ankle pain after running"
    assert page.get_by_role("link", name=condition.name).is_visible()
    assert axe_violations(page) == []


def test_home_and_hub_are_valid_html(client, db):
    ConditionFactory()
    documents = {url: client.get(url).content.decode() for url in ("/", "/patient-education/ankle/")}
    assert nu_html_errors(documents) == {}
