"""The booking-URL rule (validators.py): what resolves, and the validator that refuses what does not."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import path
from django.views.generic import View

from ankle_education.validators import resolve_booking_url, validate_booking_url

# A host's URLconf whose booking page has a name of its own.
urlpatterns = [path("appointments/", View.as_view(), name="appointments")]


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


@pytest.mark.parametrize("value", ["https://[", "http://[::1", "https://[not-an-address]/"])
def test_an_address_that_cannot_be_parsed_resolves_to_nothing(value):
    assert resolve_booking_url(value) is None


@pytest.mark.parametrize(
    "value",
    ["", "https://specialist.example.com/ankle/", "http://booking.example.com/x?y=1", "booking", "booking-same-day"],
)
def test_validate_booking_url_accepts_a_url_a_url_name_or_nothing(value):
    assert validate_booking_url(value) is None


@pytest.mark.parametrize(
    "value",
    ["htps://booking.example.com/", "bookin", "//evil.example/", "https://[", "/relative/path/", "javascript:alert(1)"],
)
def test_validate_booking_url_refuses_what_leads_nowhere(value):
    with pytest.raises(ValidationError) as raised:
        validate_booking_url(value)
    assert raised.value.code == "invalid_booking_url"
    [message] = raised.value.messages
    assert message.startswith("Enter an absolute http(s) address such as “https://booking.example.com/ankle/”")
    assert message.endswith("or leave it empty to use the clinic’s link.")


@pytest.mark.urls(__name__)
def test_url_names_are_looked_up_in_the_hosts_urlconf_when_checked():
    assert resolve_booking_url("appointments") == "/appointments/"
    assert resolve_booking_url("booking") is None  # the example site's name, not this host's
    validate_booking_url("appointments")
    with pytest.raises(ValidationError):
        validate_booking_url("booking")
