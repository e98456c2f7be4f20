"""The CSRF failure page (views/csrf.py): an expired form explained in plain words, never Django's technical page."""

from __future__ import annotations

import re

import pytest
from django.conf import settings as django_settings
from django.test import Client

from tests.factories import ConditionFactory, WarningSignFactory
from tests.quality import nu_html_errors

pytestmark = pytest.mark.django_db

GENERAL_URL = "/patient-education/ankle/seek-help/"


def expired_post(path: str, data: dict | None = None):
    """A form sent after its CSRF cookie expired: the page was opened, then the cookie went."""
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(path).content.decode()
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found, f"no CSRF token on {path}"
    del browser.cookies["csrftoken"]
    return browser.post(path, {**(data or {}), "csrfmiddlewaretoken": found[1]})


@pytest.fixture
def condition_checklist_url() -> str:
    condition = ConditionFactory(slug="ankle-sprain")
    WarningSignFactory()
    return f"/patient-education/ankle/conditions/{condition.slug}/seek-help/"


def test_the_example_site_uses_the_apps_csrf_failure_page():
    assert django_settings.CSRF_FAILURE_VIEW == "ankle_education.views.csrf_failure"


@pytest.mark.parametrize("debug", [False, True])
def test_an_expired_checklist_explains_itself_and_offers_the_same_checklist_again(
    settings, condition_checklist_url, debug
):
    settings.DEBUG = debug
    response = expired_post(condition_checklist_url, {"checklist": "1", "none": "1"})

    assert response.status_code == 403
    html = response.content.decode()
    assert "CSRF" not in html  # neither Django's technical page nor its plain one
    assert "<h1>This form has expired</h1>" in html
    assert f'<a href="{condition_checklist_url}">Fill in the checklist again</a>' in html
    assert "Riverside Running Clinic" in html  # the host's own page around it
    assert '<meta name="robots" content="noindex">' in html
    assert "no-store" in response["Cache-Control"]


def test_another_form_of_the_site_gets_the_same_explanation_without_a_checklist_link(settings):
    settings.DEBUG = True
    response = expired_post("/admin/login/", {"username": "someone", "password": "secret"})

    assert response.status_code == 403
    html = response.content.decode()
    assert "CSRF" not in html
    assert "<h1>This form has expired</h1>" in html
    assert "Fill in the checklist again" not in html
    assert "secret" not in html


def test_the_page_is_valid_html_without_inline_script_or_style(condition_checklist_url):
    documents = {
        "checklist": expired_post(condition_checklist_url, {"checklist": "1"}).content.decode(),
        "general checklist": expired_post(GENERAL_URL, {"checklist": "1"}).content.decode(),
        "other form": expired_post("/admin/login/").content.decode(),
    }
    for name, html in documents.items():
        assert "style=" not in html, name
        assert re.findall(r"<script(?! src=)", html) == [], name
    assert nu_html_errors(documents) == {}
