"""The template tags host sites embed: the checklist form and the booking link."""

from __future__ import annotations

import re

import pytest
from django.template import Context, RequestContext, Template
from django.test import RequestFactory

from ankle_education.urgency import Level
from tests.factories import ConditionFactory, ConditionWarningSignFactory, WarningSignFactory

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
