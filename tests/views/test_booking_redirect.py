"""The booking redirect (views/booking_redirect.py): counts the click, never an open redirect."""

from __future__ import annotations

from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.db.models import QuerySet
from django.utils import timezone

from ankle_education.models import BookingClick
from ankle_education.urgency import Level
from ankle_education.views.booking_redirect import count_click
from tests.factories import BookingClickFactory, ConditionFactory

pytestmark = pytest.mark.django_db

BOOK = "/patient-education/ankle/book/"


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


def test_redirect_to_absolute_url_and_override(client, absolute_booking_urls):
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
