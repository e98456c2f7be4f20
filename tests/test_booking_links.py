"""Booking links, the counting redirect (never an open redirect) and the read-only admin."""

from __future__ import annotations

import re
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.db.models import QuerySet
from django.utils import timezone

from ankle_education.booking_links import (
    book_link,
    booking_target,
    call_to_action,
    phone_href,
    redirect_location,
)
from ankle_education.models import BookingClick
from ankle_education.urgency import Level
from ankle_education.validators import resolve_booking_url
from ankle_education.views.booking_redirect import count_click
from tests.factories import BookingClickFactory, ConditionFactory, condition_with_content

pytestmark = pytest.mark.django_db

BOOK = "/patient-education/ankle/book/"
ABSOLUTE = {"BOOKING_URL": "https://booking.example.com/appointments?clinic=7", "URGENT_BOOKING_URL": None}


@pytest.fixture
def absolute_booking(settings):
    settings.ANKLE_EDUCATION = {**settings.ANKLE_EDUCATION, **ABSOLUTE}


# Resolving the configured targets.


@pytest.mark.parametrize(
    ("value", "resolved"),
    [
        ("https://booking.example.com/", "https://booking.example.com/"),
        ("http://booking.example.com/x?y=1", "http://booking.example.com/x?y=1"),
        ("booking", "/book/"),
        ("booking-same-day", "/book/same-day/"),
        ("//evil.example/", None),
        ("javascript:alert(1)", None),
        ("ftp://booking.example.com/", None),
        ("https:///no-host", None),
        ("/relative/path/", None),
        ("no-such-url-name", None),
        ("", None),
        (None, None),
        (["https://booking.example.com/"], None),
    ],
)
def test_resolve_booking_url(value, resolved):
    assert resolve_booking_url(value) == resolved


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


def test_urgent_falls_back_to_override_then_clinic_page(absolute_booking):
    assert booking_target(Level.URGENT) == ABSOLUTE["BOOKING_URL"]
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


# The redirect.


def test_redirect_counts_and_goes_to_the_configured_page(client):
    condition = ConditionFactory(slug="ankle-sprain")
    response = client.get(BOOK, {"condition": "ankle-sprain", "urgency": "routine"})
    assert response.status_code == 302
    assert response["Location"] == "/book/?condition=ankle-sprain&urgency=routine"
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]
    client.get(BOOK, {"condition": condition.slug, "urgency": "routine"})
    client.get(BOOK, {"urgency": "urgent"})
    counts = {(row.condition_slug, row.urgency, row.day, row.count) for row in BookingClick.objects.all()}
    today = timezone.localdate()
    assert counts == {("ankle-sprain", "routine", today, 2), ("", "urgent", today, 1)}


def test_redirect_to_absolute_url_and_override(client, absolute_booking):
    ConditionFactory(slug="plain")
    ConditionFactory(slug="special", booking_url="https://specialist.example/book")
    response = client.get(BOOK, {"condition": "plain", "urgency": "routine"})
    assert response["Location"] == "https://booking.example.com/appointments?clinic=7&condition=plain&urgency=routine"
    response = client.get(BOOK, {"condition": "special", "urgency": "routine"})
    assert response["Location"] == "https://specialist.example/book?condition=special&urgency=routine"
    ConditionFactory(slug="same-day", urgent_booking_url="https://specialist.example/today")
    response = client.get(BOOK, {"condition": "same-day", "urgency": "urgent"})
    assert response["Location"] == "https://specialist.example/today?condition=same-day&urgency=urgent"


@pytest.mark.parametrize(
    "query",
    [
        "",
        "urgency=emergency",
        "urgency=self-care",
        "urgency=ROUTINE",
        "urgency=routine&urgency=urgent",
        "urgency=https://evil.example/",
        "urgency=//evil.example",
        "urgency=routine&next=https://evil.example/",
        "urgency=routine&url=//evil.example",
        "urgency=routine&condition=",
        "urgency=routine&condition=//evil.example",
        "urgency=routine&condition=%2F%2Fevil.example",
        "urgency=routine&condition=%252F%252Fevil.example",
        "urgency=routine&condition=%5C%5Cevil.example",
        "urgency=routine&condition=\\\\evil.example",
        "urgency=routine&condition=https:%2F%2Fevil.example",
        "urgency=routine&condition=..%2F..%2Fadmin",
        "urgency=routine&condition=ankle-sprain%0d%0aLocation:%20https://evil.example",
        "urgency=routine&condition=" + "a" * 201,
        "urgency=routine&condition=" + "a" * 100_000,
        "urgency=" + "r" * 100_000,
        "urgency=routine&condition=no-such-condition",
        "urgency=routine&condition=draft-condition",
        "urgency=routine&condition=hidden-category",
        "urgency=routine&condition=ankle-sprain&condition=ankle-sprain",
    ],
)
def test_redirect_refuses_everything_else_with_404(client, query):
    ConditionFactory(slug="ankle-sprain")
    ConditionFactory(slug="draft-condition", draft=True)
    ConditionFactory(slug="hidden-category", category__draft=True)
    response = client.get(f"{BOOK}?{query}")
    assert response.status_code == 404
    assert "Location" not in response
    assert BookingClick.objects.count() == 0


@pytest.mark.parametrize(
    "booking_url", ["//evil.example/", "https:evil.example", "javascript:alert(1)", "/\\evil.example", "evil"]
)
def test_bad_configured_url_is_404_not_a_redirect(client, settings, booking_url):
    settings.ANKLE_EDUCATION = {**settings.ANKLE_EDUCATION, "BOOKING_URL": booking_url}
    assert client.get(BOOK, {"urgency": "routine"}).status_code == 404


@pytest.mark.parametrize("override", ["//evil.example/", "https:evil.example", "/\\evil.example", "\\\\evil.example"])
def test_bad_override_never_becomes_the_target(client, override):
    ConditionFactory(slug="ankle-sprain", booking_url=override)
    response = client.get(BOOK, {"condition": "ankle-sprain", "urgency": "routine"})
    assert response["Location"] == "/book/?condition=ankle-sprain&urgency=routine"
    assert urlsplit(response["Location"]).netloc == ""


def test_only_get(client):
    assert client.post(BOOK, {"urgency": "routine"}).status_code == 405
    assert client.head(f"{BOOK}?urgency=routine").status_code == 405
    assert BookingClick.objects.count() == 0


def test_count_is_correct_when_another_click_creates_the_row_first():
    BookingClickFactory(condition_slug="", urgency="routine", count=1)
    real_update = QuerySet.update
    calls = []

    def first_update_misses(queryset, **kwargs):
        # The other request's insert lands right after our first update looked for the row.
        calls.append(kwargs)
        return 0 if len(calls) == 1 else real_update(queryset, **kwargs)

    with mock.patch.object(QuerySet, "update", first_update_misses):
        count_click(Level.ROUTINE, None)
    assert len(calls) == 2
    assert BookingClick.objects.get().count == 2


# The admin: staff read the counts, nobody edits them.


def test_admin_lists_counts_read_only(client, staff_user):
    click = BookingClickFactory(condition_slug="ankle-sprain", urgency="urgent", count=4)
    client.force_login(staff_user)
    changelist = client.get("/admin/ankle_education/bookingclick/")
    assert changelist.status_code == 200
    html = changelist.content.decode()
    assert "ankle-sprain" in html and ">4<" in html
    assert "?urgency=urgent" in html and "?day__gte=" in html  # the filters by urgency and by day
    view = client.get(f"/admin/ankle_education/bookingclick/{click.pk}/change/").content.decode()
    assert 'name="_save"' not in view
    assert client.get("/admin/ankle_education/bookingclick/add/").status_code == 403
    assert client.post(f"/admin/ankle_education/bookingclick/{click.pk}/delete/").status_code == 403
    detail = client.post(f"/admin/ankle_education/bookingclick/{click.pk}/change/", {"count": 99})
    assert detail.status_code == 403
    click.refresh_from_db()
    assert click.count == 4
