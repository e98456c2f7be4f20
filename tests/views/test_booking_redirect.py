"""The booking redirect (views/booking_redirect.py): counts the click, never an open redirect."""

from __future__ import annotations

import datetime
import io
import logging
import time
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db.models import QuerySet
from django.utils import timezone

from ankle_education.models import BookingClick
from ankle_education.urgency import Level
from ankle_education.views.booking_redirect import count_click
from tests.factories import BookingClickFactory, ConditionFactory

pytestmark = pytest.mark.django_db

BOOK = "/patient-education/ankle/book/"
NAVIGATION = {"HTTP_SEC_FETCH_MODE": "navigate", "HTTP_SEC_FETCH_DEST": "document"}


def counts() -> dict[tuple[str, str], int]:
    return {(row.condition_slug, row.urgency): row.count for row in BookingClick.objects.all()}


def later(seconds: float):
    """Every clock the cache reads, ``seconds`` ahead."""
    real = time.time
    return mock.patch("time.time", side_effect=lambda: real() + seconds)


def test_redirect_counts_and_goes_to_the_configured_page(client):
    condition = ConditionFactory(slug="ankle-sprain")
    response = client.get(BOOK, {"condition": "ankle-sprain", "urgency": "routine"})
    assert response.status_code == 302
    assert response["Location"] == "/book/?condition=ankle-sprain&urgency=routine"
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]
    client.get(BOOK, {"condition": condition.slug, "urgency": "routine"}, REMOTE_ADDR="198.51.100.2")
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


@pytest.mark.parametrize(
    "override", ["ankle_education:book", "https://testserver/patient-education/ankle/book/", "admin:index"]
)
def test_an_override_into_the_app_or_the_admin_goes_to_the_clinic_page_once(client, override):
    ConditionFactory(slug="ankle-sprain", booking_url=override)
    response = client.get(BOOK, {"condition": "ankle-sprain", "urgency": "routine"}, follow=True)
    assert response.redirect_chain == [("/book/?condition=ankle-sprain&urgency=routine", 302)]
    assert BookingClick.objects.get().count == 1


@pytest.mark.parametrize("booking_url", ["ankle_education:book", "https://testserver/patient-education/ankle/book/"])
def test_a_booking_url_pointing_at_the_redirect_is_404_not_a_loop(client, settings, booking_url):
    settings.ANKLE_EDUCATION = {**settings.ANKLE_EDUCATION, "BOOKING_URL": booking_url}
    assert client.get(BOOK, {"urgency": "routine"}).status_code == 404
    assert BookingClick.objects.count() == 0


@pytest.mark.parametrize(
    "target",
    [
        BOOK,
        f"{BOOK}?urgency=routine",
        "http://testserver/patient-education/ankle/book/",
        "https://TestServer:8443/patient-education/ankle/%62ook/",
    ],
)
def test_the_redirect_never_redirects_to_itself_whatever_the_target(client, target):
    # Defence in depth: even if the booking rule let its own address through.
    with mock.patch("ankle_education.views.booking_redirect.booking_target", return_value=target):
        response = client.get(BOOK, {"urgency": "routine"})
    assert response.status_code == 404
    assert "Location" not in response
    assert BookingClick.objects.count() == 0


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


# One count per visitor, condition and level, for top-level navigations only (issue 13, item 6) ---


def test_a_visitors_repeated_clicks_count_once(client):
    ConditionFactory(slug="ankle-sprain")
    for _ in range(200):
        response = client.get(BOOK, {"condition": "ankle-sprain", "urgency": "routine"}, **NAVIGATION)
        assert response.status_code == 302
    assert counts() == {("ankle-sprain", "routine"): 1}


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_DEST": "image", "HTTP_SEC_FETCH_MODE": "no-cors"},  # <img src="…/book/…">
        {"HTTP_SEC_FETCH_DEST": "empty", "HTTP_SEC_FETCH_MODE": "cors"},  # fetch()
        {"HTTP_SEC_FETCH_DEST": "iframe", "HTTP_SEC_FETCH_MODE": "navigate"},
        {"HTTP_SEC_FETCH_MODE": "no-cors"},
        {"HTTP_SEC_FETCH_DEST": "script"},
        # Prefetched ahead of a click (speculation rules, <link rel=prefetch>): not a patient's click yet.
        {"HTTP_SEC_FETCH_DEST": "document", "HTTP_SEC_FETCH_MODE": "navigate", "HTTP_SEC_PURPOSE": "prefetch"},
        {"HTTP_SEC_FETCH_DEST": "document", "HTTP_SEC_FETCH_MODE": "navigate", "HTTP_SEC_PURPOSE": "prefetch;prerender"},
        {"HTTP_PURPOSE": "prefetch"},
    ],
)
def test_requests_that_are_not_top_level_navigations_redirect_but_do_not_count(client, headers):
    response = client.get(BOOK, {"urgency": "routine"}, **headers)
    assert (response.status_code, response["Location"]) == (302, "/book/?urgency=routine")
    assert BookingClick.objects.count() == 0
    # …nor do they use up the visitor's one count.
    client.get(BOOK, {"urgency": "routine"}, **NAVIGATION)
    assert counts() == {("", "routine"): 1}


@pytest.mark.parametrize(
    "headers",
    [{}, NAVIGATION, {"HTTP_SEC_FETCH_MODE": "navigate"}, {"HTTP_SEC_FETCH_DEST": "document"}],
    ids=["old browser", "navigation", "mode only", "destination only"],
)
def test_top_level_navigations_count_with_or_without_fetch_metadata(client, headers):
    client.get(BOOK, {"urgency": "routine"}, **headers)
    assert counts() == {("", "routine"): 1}


def test_different_visitors_count_separately(client):
    for address in ("203.0.113.7", "198.51.100.2", "203.0.113.7"):
        client.get(BOOK, {"urgency": "routine"}, REMOTE_ADDR=address)
    for agent in ("Firefox/140.0", "Safari/605.1.15", "Firefox/140.0"):
        client.get(BOOK, {"urgency": "routine"}, REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT=agent)
    assert counts() == {("", "routine"): 4}


def test_behind_a_proxy_visitors_are_told_apart_by_the_address_it_appends(client, settings):
    """Behind Varnish every request comes from Varnish: REMOTE_ADDR alone would count them all once."""
    settings.ANKLE_EDUCATION = {**settings.ANKLE_EDUCATION, "CLIENT_ADDRESS_HEADER": "X-Forwarded-For"}
    for forwarded in ("203.0.113.7", "198.51.100.2", "10.9.9.9, 203.0.113.7", "203.0.113.7"):
        client.get(BOOK, {"urgency": "routine"}, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    # The first entries are whatever the client sent: only the last, the proxy's, tells visitors apart.
    assert counts() == {("", "routine"): 2}


def test_without_a_proxy_a_forwarded_for_header_is_ignored(client):
    for forwarded in ("203.0.113.7", "198.51.100.2"):
        client.get(BOOK, {"urgency": "routine"}, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert counts() == {("", "routine"): 1}


def test_each_condition_and_level_counts_once_per_visitor(client):
    ConditionFactory(slug="ankle-sprain")
    ConditionFactory(slug="stress-fracture")
    for _ in range(3):
        for query in (
            {"urgency": "routine"},
            {"urgency": "urgent"},
            {"condition": "ankle-sprain", "urgency": "routine"},
            {"condition": "ankle-sprain", "urgency": "urgent"},
            {"condition": "stress-fracture", "urgency": "routine"},
        ):
            client.get(BOOK, query)
    assert counts() == {
        ("", "routine"): 1,
        ("", "urgent"): 1,
        ("ankle-sprain", "routine"): 1,
        ("ankle-sprain", "urgent"): 1,
        ("stress-fracture", "routine"): 1,
    }


def test_a_visitor_counts_again_once_the_window_has_passed(client, settings):
    settings.ANKLE_EDUCATION = {**settings.ANKLE_EDUCATION, "BOOKING_CLICK_WINDOW": 60}
    client.get(BOOK, {"urgency": "routine"})
    with later(59):
        client.get(BOOK, {"urgency": "routine"})
    assert counts() == {("", "routine"): 1}
    with later(61):
        client.get(BOOK, {"urgency": "routine"})
    assert counts() == {("", "routine"): 2}
    with later(61 + 59):
        client.get(BOOK, {"urgency": "routine"})
    assert counts() == {("", "routine"): 2}


def test_the_salt_is_random_rotates_daily_and_lives_only_in_the_cache(client):
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    client.get(BOOK, {"urgency": "routine"})
    with mock.patch("django.utils.timezone.localdate", return_value=tomorrow):
        client.get(BOOK, {"urgency": "routine"})  # a new day, a new salt: the same visitor is new again
    assert sorted((row.day, row.count) for row in BookingClick.objects.all()) == [(today, 1), (tomorrow, 1)]
    salts = [caches["default"].get(f"ankle_education:click-salt:{day.isoformat()}") for day in (today, tomorrow)]
    assert all(isinstance(salt, str) and len(salt) == 32 for salt in salts)
    assert salts[0] != salts[1]


def test_no_address_agent_salt_or_hash_reaches_the_database_or_the_logs(client, caplog):
    caplog.set_level(logging.DEBUG)
    ConditionFactory(slug="ankle-sprain")
    address, agent = "203.0.113.77", "Mozilla/5.0 (X11; Linux x86_64) UniqueAgent/9.9"
    for _ in range(2):
        client.get(BOOK, {"condition": "ankle-sprain", "urgency": "routine"}, REMOTE_ADDR=address, HTTP_USER_AGENT=agent)
    assert [field.name for field in BookingClick._meta.get_fields()] == ["id", "day", "condition_slug", "urgency", "count"]
    assert list(BookingClick.objects.values("condition_slug", "urgency", "count")) == [
        {"condition_slug": "ankle-sprain", "urgency": "routine", "count": 1}
    ]
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    keys = list(caches["default"]._cache)  # the test settings' local-memory cache
    [marker] = [key.rsplit(":", 1)[1] for key in keys if "ankle_education:click:" in key]  # the visitor's hash
    salt = caches["default"].get(f"ankle_education:click-salt:{timezone.localdate().isoformat()}")
    for secret in (address, agent, "UniqueAgent", marker, salt):
        assert secret
        assert secret not in dump.getvalue()
        assert secret not in caplog.text


def test_clicks_still_count_when_the_cache_is_down(client, settings, caplog):
    settings.CACHES = {
        **settings.CACHES,
        "down": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"},
    }
    settings.ANKLE_EDUCATION = {**settings.ANKLE_EDUCATION, "CACHE_ALIAS": "down"}
    address = "203.0.113.77"
    for _ in range(2):
        response = client.get(BOOK, {"urgency": "routine"}, REMOTE_ADDR=address)
        assert (response.status_code, response["Location"]) == (302, "/book/?urgency=routine")
    assert counts() == {("", "routine"): 2}  # counted twice rather than lost
    assert "counted without de-duplication" in caplog.text
    assert address not in caplog.text
