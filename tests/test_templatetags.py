"""The template tags host sites embed: the checklist form and the booking link."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.template import Context, RequestContext, Template
from django.test import RequestFactory

from ankle_education.urgency import Level
from tests.factories import CategoryFactory, ConditionFactory, ConditionWarningSignFactory, WarningSignFactory

pytestmark = pytest.mark.django_db


def render(source: str, **context) -> str:
    return Template("{% load ankle_education %}" + source).render(Context(context)).strip()


def render_with_request(source: str, **context) -> str:
    """Rendered as a host view would, so the csrf context processor supplies the token."""
    return Template("{% load ankle_education %}" + source).render(RequestContext(RequestFactory().get("/"), context))


def test_booking_link_for_a_condition():
    condition = ConditionFactory(slug="ankle-sprain")
    assert render("{% ankle_booking_link condition %}", condition=condition) == (
        '<p class="ankle-action"><a class="ankle-action__link" '
        'href="/patient-education/ankle/book/?condition=ankle-sprain&amp;urgency=routine" '
        'rel="nofollow noopener noreferrer">Book an appointment</a></p>'
    )


def test_booking_link_without_condition_is_the_general_one():
    expected = (
        '<p class="ankle-action"><a class="ankle-action__link" href="/patient-education/ankle/book/?urgency=routine" '
        'rel="nofollow noopener noreferrer">Book an appointment</a></p>'
    )
    assert render("{% ankle_booking_link %}") == expected
    assert render("{% ankle_booking_link condition %}", condition=None) == expected


def test_booking_link_uses_the_condition_override_label():
    condition = ConditionFactory(slug="stress-fracture", booking_url="booking", booking_reason="See our specialist")
    assert ">See our specialist</a>" in render("{% ankle_booking_link condition %}", condition=condition)


@pytest.mark.parametrize("hidden", ["draft", "draft-category"])
def test_booking_link_for_an_unpublished_condition_does_not_name_it(hidden):
    condition = ConditionFactory(draft=True) if hidden == "draft" else ConditionFactory(category__draft=True)
    html = render("{% ankle_booking_link condition %}", condition=condition)
    assert 'href="/patient-education/ankle/book/?urgency=routine"' in html
    assert condition.slug not in html


def test_booking_link_renders_nothing_without_a_booking_url(settings):
    settings.ANKLE_EDUCATION = {"EMERGENCY_NUMBER": "911"}
    assert render("{% ankle_booking_link %}") == ""


def test_checklist_for_a_condition_posts_to_its_page_with_csrf():
    condition = ConditionFactory(slug="ankle-sprain")
    general = WarningSignFactory(text="Cannot walk", urgency=Level.EMERGENCY.slug)
    own = ConditionWarningSignFactory(condition=condition, warning_sign__text="Swelling").warning_sign
    ConditionWarningSignFactory(warning_sign__text="Another condition's sign")
    html = render_with_request("{% ankle_seek_help_checklist condition %}", condition=condition)
    assert re.search(
        r'<form class="ankle-checklist" method="post" '
        r'action="/patient-education/ankle/conditions/ankle-sprain/seek-help/">'
        r'<input type="hidden" name="csrfmiddlewaretoken" value="[A-Za-z0-9]{64}">',
        html,
    )
    assert f'<input class="ankle-checklist__input" type="checkbox" name="sign" value="{general.pk}"' in html
    assert f'<label class="ankle-checklist__label" for="ankle-sign-{own.pk}">Swelling</label>' in html
    assert "Another condition's sign" not in html
    assert '<button class="ankle-checklist__submit" type="submit">Get my answer</button>' in html


def test_checklist_without_condition_is_the_general_one():
    WarningSignFactory(text="Cannot walk")
    ConditionWarningSignFactory(warning_sign__text="Swelling")
    html = render_with_request("{% ankle_seek_help_checklist %}")
    assert 'action="/patient-education/ankle/seek-help/"' in html
    assert "Cannot walk" in html
    assert "Swelling" not in html


def test_checklist_for_a_draft_condition_falls_back_to_the_general_one():
    WarningSignFactory()
    html = render_with_request("{% ankle_seek_help_checklist condition %}", condition=ConditionFactory(draft=True))
    assert 'action="/patient-education/ankle/seek-help/"' in html


def test_markdown_filter_still_sanitises():
    assert render("{{ text|markdown }}", text="**Rest** <script>x</script>") == "<p><strong>Rest</strong> </p>"


# Whatever a host page passes, or forgets to pass, the tags fall back to the general version: never a 500.
NOT_A_PUBLIC_CONDITION = {
    "a missing variable": {},  # Django renders it as "", the host's string_if_invalid
    "None": {"condition": None},
    "a slug": {"condition": "ankle-sprain"},
    "a number": {"condition": 42},
    "another object": {"condition": object()},
    "a list": {"condition": ["ankle-sprain"]},
}


@pytest.mark.parametrize("context", NOT_A_PUBLIC_CONDITION.values(), ids=NOT_A_PUBLIC_CONDITION.keys())
def test_booking_link_with_anything_but_a_condition_is_the_general_one(context):
    ConditionFactory(slug="ankle-sprain")
    html = render("{% ankle_booking_link condition %}", **context)
    assert 'href="/patient-education/ankle/book/?urgency=routine"' in html


def test_booking_link_with_another_kind_of_content_is_the_general_one():
    html = render("{% ankle_booking_link condition %}", condition=CategoryFactory(slug="overuse"))
    assert 'href="/patient-education/ankle/book/?urgency=routine"' in html


def test_booking_link_for_an_unsaved_condition_is_the_general_one():
    unsaved = ConditionFactory.build(slug="not-saved", category=CategoryFactory())
    html = render("{% ankle_booking_link condition %}", condition=unsaved)
    assert 'href="/patient-education/ankle/book/?urgency=routine"' in html


@pytest.mark.parametrize("context", NOT_A_PUBLIC_CONDITION.values(), ids=NOT_A_PUBLIC_CONDITION.keys())
def test_checklist_with_anything_but_a_condition_is_the_general_one(context):
    ConditionFactory(slug="ankle-sprain")
    WarningSignFactory(text="Cannot walk")
    html = render_with_request("{% ankle_seek_help_checklist condition %}", **context)
    assert 'action="/patient-education/ankle/seek-help/"' in html
    assert "Cannot walk" in html


def test_checklist_rendered_without_a_request_links_to_the_checklist_page_instead(caplog):
    """No request, no CSRF token: a form would be refused when sent, so the page offers one that works."""
    WarningSignFactory()
    html = render("{% ankle_seek_help_checklist %}")
    assert "<form" not in html
    assert html == (
        '<p class="ankle-checklist-link"><a href="/patient-education/ankle/seek-help/">'
        "Check your symptoms: when to get help</a></p>"
    )
    assert "{% ankle_seek_help_checklist %} was rendered without a request" in caplog.text


def test_checklist_of_a_condition_rendered_without_a_request_links_to_its_page():
    condition = ConditionFactory(slug="ankle-sprain", name="Ankle sprain")
    WarningSignFactory()
    html = render("{% ankle_seek_help_checklist condition %}", condition=condition)
    assert html == (
        '<p class="ankle-checklist-link"><a href="/patient-education/ankle/conditions/ankle-sprain/seek-help/">'
        "Check your symptoms: when to get help for Ankle sprain</a></p>"
    )


def test_checklist_takes_the_token_from_a_request_in_a_plain_context():
    """A host that renders with Context({"request": request}) still gets a form the CSRF check accepts."""
    WarningSignFactory()
    request = RequestFactory().get("/")
    html = render("{% ankle_seek_help_checklist %}", request=request)
    token = re.search(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"', html)
    assert token
    # The token is the request's own: the middleware sets the cookie it pairs with on the response.
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True
    sent = RequestFactory().post("/patient-education/ankle/seek-help/", {"csrfmiddlewaretoken": token[1]})
    sent.COOKIES[settings.CSRF_COOKIE_NAME] = request.META["CSRF_COOKIE"]
    middleware = CsrfViewMiddleware(lambda request: HttpResponse())
    assert middleware.process_view(sent, lambda request: HttpResponse(), (), {}) is None  # None: accepted
