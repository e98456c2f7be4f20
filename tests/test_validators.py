"""The booking-URL rule (validators.py): what resolves, and the validator that refuses what does not."""

from __future__ import annotations

import pytest
from django.contrib.admin import AdminSite
from django.core.exceptions import ValidationError
from django.urls import include, path, reverse, set_script_prefix
from django.views.generic import View

from ankle_education.validators import resolve_booking_url, validate_booking_url

# A host's URLconf whose booking page has a name of its own, with the app mounted under a namespace
# of its own and a second admin site.
urlpatterns = [
    path("appointments/", View.as_view(), name="appointments"),
    path("clinic-b/", include(("ankle_education.urls", "ankle_education"), namespace="clinic_b")),
    path("staff/", AdminSite(name="staff_admin").urls),
]


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


# Never the app's own pages or the admin (issue 13, item 4) ------------------------------------

APP = "Enter the clinic’s booking page"


@pytest.mark.parametrize(
    "value",
    [
        "ankle_education:book",  # the booking redirect would redirect to itself, counting every turn
        "ankle_education:hub",
        "ankle_education:seek_help",
        "https://testserver/patient-education/ankle/book/",
        "http://localhost/patient-education/ankle/",
        "https://TESTSERVER./patient-education/ankle/book/?urgency=routine",
        "https://user@testserver:8443/patient-education/ankle/book/",
        "https://testserver/patient-education/ankle/%62ook/",  # percent-encoded: the same page
        "https://testserver/patient-education/ankle/book",  # APPEND_SLASH redirects it to the redirect
    ],
)
def test_the_apps_own_pages_are_refused_with_the_reason(value):
    assert resolve_booking_url(value) is None
    with pytest.raises(ValidationError) as raised:
        validate_booking_url(value)
    assert raised.value.code == "booking_url_in_app"
    [message] = raised.value.messages
    assert "leads back into the patient education pages" in message
    assert "/patient-education/ankle/" in message
    assert APP in message


@pytest.mark.parametrize(
    "value", ["admin:index", "admin:login", "admin:ankle_education_condition_changelist", "http://127.0.0.1/admin/"]
)
def test_the_admin_is_refused_with_the_reason(value):
    assert resolve_booking_url(value) is None
    with pytest.raises(ValidationError) as raised:
        validate_booking_url(value)
    assert raised.value.code == "booking_url_in_admin"
    [message] = raised.value.messages
    assert "leads to the site’s admin" in message
    assert "/admin/" in message
    assert APP in message


@pytest.mark.parametrize(
    "value",
    [
        "https://testserver/book/",  # this site's own booking page, written out in full
        "https://booking.example.com/admin/",  # another site: its paths are not ours
        "https://booking.example.com/patient-education/ankle/book/",
        "https://testserver/no/such/page/",
    ],
)
def test_other_pages_of_this_site_and_other_sites_are_accepted(value):
    assert resolve_booking_url(value) == value
    validate_booking_url(value)


def test_with_any_host_allowed_every_host_may_be_this_site(settings):
    settings.ALLOWED_HOSTS = ["*"]
    assert resolve_booking_url("https://booking.example.com/admin/") is None
    assert resolve_booking_url("https://booking.example.com/patient-education/ankle/book/") is None
    assert resolve_booking_url("https://booking.example.com/appointments/") == "https://booking.example.com/appointments/"


def test_in_debug_with_no_allowed_hosts_the_local_hosts_are_this_site(settings):
    settings.DEBUG = True
    settings.ALLOWED_HOSTS = []
    assert resolve_booking_url("http://localhost/admin/") is None
    assert resolve_booking_url("http://[::1]:8000/patient-education/ankle/book/") is None
    assert resolve_booking_url("https://testserver/admin/") == "https://testserver/admin/"


@pytest.mark.urls(__name__)
def test_the_app_under_another_namespace_and_another_admin_site_are_refused():
    assert resolve_booking_url("clinic_b:book") is None
    assert resolve_booking_url("staff_admin:index") is None
    assert resolve_booking_url("https://testserver/staff/") is None
    assert resolve_booking_url("appointments") == "/appointments/"


def test_under_a_script_prefix_the_apps_pages_are_still_refused():
    set_script_prefix("/clinic/")
    try:
        assert reverse("ankle_education:book") == "/clinic/patient-education/ankle/book/"
        assert resolve_booking_url("ankle_education:book") is None
        assert resolve_booking_url("https://testserver/clinic/admin/") is None
        assert resolve_booking_url("booking") == "/clinic/book/"
    finally:
        set_script_prefix("/")
