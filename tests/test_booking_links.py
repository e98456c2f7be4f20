"""Booking links (booking_links.py): where each level's link leads, what it carries, and nofollow everywhere."""

from __future__ import annotations

import re

import pytest

from ankle_education.booking_links import (
    book_link,
    booking_target,
    call_to_action,
    phone_href,
    redirect_location,
)
from ankle_education.urgency import Level
from tests.factories import ConditionFactory, condition_with_content

pytestmark = pytest.mark.django_db

BOOK = "/patient-education/ankle/book/"


def test_targets_by_level():
    assert booking_target(Level.ROUTINE) == "/book/"
    assert booking_target(Level.URGENT) == "/book/same-day/"
    assert booking_target(Level.SELF_CARE) is None
    assert booking_target(Level.EMERGENCY) is None


def test_condition_override_replaces_the_clinic_page_for_routine_only():
    condition = ConditionFactory(booking_url="https://specialist.example/book")
    assert booking_target(Level.ROUTINE, condition) == "https://specialist.example/book"
    assert booking_target(Level.URGENT, condition) == "/book/same-day/"


def test_condition_same_day_override_comes_first_for_urgent_answers_only():
    condition = ConditionFactory(booking_url="booking", urgent_booking_url="https://specialist.example/today")
    assert booking_target(Level.URGENT, condition) == "https://specialist.example/today"
    assert booking_target(Level.ROUTINE, condition) == "/book/"
    mistyped = ConditionFactory(urgent_booking_url="//evil.example")
    assert booking_target(Level.URGENT, mistyped) == "/book/same-day/"


def test_condition_same_day_override_is_booked_before_calling_the_clinic(settings):
    settings.ANKLE_EDUCATION = {**settings.ANKLE_EDUCATION, "URGENT_BOOKING_URL": None, "CLINIC_PHONE": "+1 555 0100"}
    assert call_to_action(Level.URGENT, ConditionFactory()).is_phone
    condition = ConditionFactory(slug="stress-fracture", urgent_booking_url="https://specialist.example/today")
    urgent = call_to_action(Level.URGENT, condition)
    assert (urgent.text, urgent.href, urgent.is_phone) == (
        "Book a same-day appointment",
        f"{BOOK}?condition=stress-fracture&urgency=urgent",
        False,
    )


def test_mistyped_override_falls_back_to_the_clinic_page():
    for override in ("//evil.example", "javascript:alert(1)", "not-a-url-name"):
        assert booking_target(Level.ROUTINE, ConditionFactory(booking_url=override)) == "/book/"


def test_urgent_falls_back_to_override_then_clinic_page(absolute_booking_urls):
    assert booking_target(Level.URGENT) == absolute_booking_urls["BOOKING_URL"]
    condition = ConditionFactory(booking_url="booking-same-day")
    assert booking_target(Level.URGENT, condition) == "/book/same-day/"


def test_nothing_configured_means_no_target_and_no_link(settings):
    settings.ANKLE_EDUCATION = {"EMERGENCY_NUMBER": "911"}
    assert booking_target(Level.ROUTINE) is None
    assert call_to_action(Level.ROUTINE) is None
    assert call_to_action(Level.URGENT) is None


def test_book_link_carries_only_slug_and_level():
    condition = ConditionFactory(slug="achilles-tendinitis")
    assert book_link(Level.ROUTINE, condition) == f"{BOOK}?condition=achilles-tendinitis&urgency=routine"
    assert book_link(Level.URGENT) == f"{BOOK}?urgency=urgent"


def test_redirect_location_keeps_the_configured_query():
    condition = ConditionFactory(slug="ankle-sprain")
    assert (
        redirect_location("https://booking.example.com/a?clinic=7", Level.ROUTINE, condition)
        == "https://booking.example.com/a?clinic=7&condition=ankle-sprain&urgency=routine"
    )


def test_phone_href_keeps_digits_and_plus():
    assert phone_href("+1 (555) 010-0") == "tel:+15550100"


def test_call_to_action_per_level(settings):
    condition = ConditionFactory(
        slug="stress-fracture", booking_url="booking", booking_reason="Book with our foot and ankle specialist"
    )
    routine = call_to_action(Level.ROUTINE, condition)
    assert (routine.text, routine.href) == (
        "Book with our foot and ankle specialist",
        f"{BOOK}?condition=stress-fracture&urgency=routine",
    )
    assert call_to_action(Level.URGENT, condition).text == "Book a same-day appointment"
    assert call_to_action(Level.SELF_CARE, condition) is None
    emergency = call_to_action(Level.EMERGENCY, condition)
    assert (emergency.text, emergency.href, emergency.is_phone) == ("Call 911", "tel:911", True)
    settings.ANKLE_EDUCATION = {**settings.ANKLE_EDUCATION, "URGENT_BOOKING_URL": None, "CLINIC_PHONE": ""}
    urgent = call_to_action(Level.URGENT, condition)
    assert (urgent.text, urgent.is_phone) == ("Book with our foot and ankle specialist", False)


def test_booking_reason_is_not_used_when_the_override_is_not():
    condition = ConditionFactory(booking_url="", booking_reason="Book with our specialist")
    assert call_to_action(Level.ROUTINE, condition).text == "Book an appointment"


def test_every_booking_link_is_nofollow_so_crawlers_do_not_inflate_the_counts(client):
    condition = condition_with_content(slug="ankle-sprain", signs=3)
    routine_sign = condition.warning_signs.get(urgency="routine")
    pages = {
        "condition": client.get(condition.get_absolute_url()),
        "host home page (template tag)": client.get("/"),
        "answer": client.post(
            f"{condition.get_absolute_url()}seek-help/", {"checklist": "1", "sign": [str(routine_sign.pk)]}
        ),
    }
    counts = {}
    for name, response in pages.items():
        assert response.status_code == 200, name
        links = re.findall(r"<a [^>]*>", response.content.decode())
        booking = [tag for tag in links if f'href="{BOOK}?' in tag]
        assert all('rel="nofollow noopener noreferrer"' in tag for tag in booking), (name, booking)
        counts[name] = len(booking)
    # The condition page: its treatment section and its routine and urgent care cards.
    assert counts == {"condition": 3, "host home page (template tag)": 1, "answer": 1}


@pytest.mark.parametrize(
    "override", ["ankle_education:book", "ankle_education:hub", "admin:index", "https://testserver/admin/"]
)
def test_an_override_into_the_app_or_the_admin_falls_back_to_the_clinic_page(settings, override):
    condition = ConditionFactory(booking_url=override, urgent_booking_url=override, booking_reason="Book with us")
    assert booking_target(Level.ROUTINE, condition) == "/book/"
    assert booking_target(Level.URGENT, condition) == "/book/same-day/"
    assert call_to_action(Level.ROUTINE, condition).text == "Book an appointment"
    settings.ANKLE_EDUCATION = {**settings.ANKLE_EDUCATION, "URGENT_BOOKING_URL": None}
    assert call_to_action(Level.URGENT, condition).is_phone  # no same-day page: call the clinic
