"""One test per system check id that triggers it, and the checks silent on good settings."""

from __future__ import annotations

import types

import pytest
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as django_sitemap_views
from django.core.checks import run_checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings
from django.urls import include, path

from ankle_education import checks
from ankle_education.sitemaps import sitemap as ankle_sitemap
from ankle_education.sitemaps import sitemaps as ankle_sitemaps

# Django 6.1's run_checks() runs the model checks against every database, and a JSONField's check
# (Version.data) asks the connection whether it supports JSON.
pytestmark = pytest.mark.django_db

GOOD = {"BOOKING_URL": "https://booking.example.com/", "BASE_TEMPLATE": "base.html", "EMERGENCY_NUMBER": "911"}

# A URLconf that mounts upstream markdownx unprotected, for E004.
urlpatterns = [path("markdownx/", include("markdownx.urls"))]


def ids(messages) -> set[str]:
    return {message.id for message in messages if message.id.startswith("ankle_education.")}


def test_checks_are_registered_and_silent_on_the_example_settings():
    assert ids(run_checks()) == set()


@override_settings(ANKLE_EDUCATION=GOOD)
def test_every_check_silent_on_good_settings():
    assert ids(checks.check_settings_dict()) == set()
    assert ids(checks.check_booking_urls()) == set()
    assert ids(checks.check_simple_values()) == set()
    assert ids(checks.check_markdownx()) == set()
    assert ids(checks.check_unprotected_markdownx_urls()) == set()
    assert ids(checks.check_base_template()) == set()


@override_settings(ANKLE_EDUCATION={"BASE_TEMPLATE": "base.html", "EMERGENCY_NUMBER": "911"})
def test_e001_booking_url_missing():
    assert ids(run_checks()) == {"ankle_education.E001"}


@pytest.mark.parametrize(
    "booking_url",
    ["not a url", "ftp://booking.example.com/", "javascript:alert(1)", "//evil.example/", "no-such-url-name"],
)
def test_e002_booking_url_malformed(booking_url):
    with override_settings(ANKLE_EDUCATION={**GOOD, "BOOKING_URL": booking_url}):
        assert ids(run_checks()) == {"ankle_education.E002"}


@override_settings(ANKLE_EDUCATION={**GOOD, "URGENT_BOOKING_URL": "/relative/path/"})
def test_e002_urgent_booking_url_malformed():
    assert ids(run_checks()) == {"ankle_education.E002"}


@override_settings(ANKLE_EDUCATION={**GOOD, "BOOKING_URL": "booking", "URGENT_BOOKING_URL": "booking-same-day"})
def test_url_names_are_accepted():
    assert ids(run_checks()) == set()


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("BOOKING_URL", "ankle_education:book"),
        ("BOOKING_URL", "ankle_education:hub"),
        ("BOOKING_URL", "admin:index"),
        ("BOOKING_URL", "https://testserver/patient-education/ankle/book/"),
        ("URGENT_BOOKING_URL", "ankle_education:book"),
        ("URGENT_BOOKING_URL", "http://localhost/admin/"),
    ],
)
def test_e015_booking_url_into_the_app_or_the_admin(key, value):
    with override_settings(ANKLE_EDUCATION={**GOOD, key: value}):
        assert ids(run_checks()) == {"ankle_education.E015"}
        [error] = checks.check_booking_urls()
    assert error.msg.startswith(f"ANKLE_EDUCATION[{key!r}] = {value!r} leads to ")
    assert "not to a booking page" in error.msg


def test_e003_markdownx_not_installed(settings):
    settings.INSTALLED_APPS = [app for app in settings.INSTALLED_APPS if app != "markdownx"]
    assert "ankle_education.E003" in ids(checks.check_markdownx())


@override_settings(ROOT_URLCONF=__name__)
def test_e004_upstream_markdownx_urls_mounted():
    assert ids(checks.check_unprotected_markdownx_urls()) == {"ankle_education.E004"}


@override_settings(ANKLE_EDUCATION={**GOOD, "BASE_TEMPLATE": "no/such/template.html"})
def test_e005_base_template_missing():
    assert ids(run_checks()) == {"ankle_education.E005"}


@pytest.mark.parametrize("name", [None, 5, ["base.html"], ""])
def test_e005_base_template_not_a_name(name):
    with override_settings(ANKLE_EDUCATION={**GOOD, "BASE_TEMPLATE": name}):
        [error] = checks.check_base_template()
        assert error.id == "ankle_education.E005"
        assert error.msg == f"ANKLE_EDUCATION['BASE_TEMPLATE'] = {name!r} is not a template name."
        assert ids(run_checks()) == {"ankle_education.E005"}


def test_e005_base_template_with_a_syntax_error(settings, tmp_path):
    (tmp_path / "broken_base.html").write_text("{% block content %}{% endblok %}")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    settings.ANKLE_EDUCATION = {**GOOD, "BASE_TEMPLATE": "broken_base.html"}
    # Reported, not raised: a traceback would stop `manage.py check` from reporting anything.
    [error] = checks.check_base_template()
    assert error.id == "ankle_education.E005"
    assert error.msg.startswith("ANKLE_EDUCATION['BASE_TEMPLATE'] = 'broken_base.html' could not be loaded: ")
    assert "endblok" in error.msg
    assert ids(run_checks()) == {"ankle_education.E005"}


@override_settings(ANKLE_EDUCATION=["BOOKING_URL"])
def test_e006_settings_not_a_dict():
    assert "ankle_education.E006" in ids(run_checks())


@pytest.mark.parametrize("number", ["", "   ", 999])
def test_e007_emergency_number_empty(number):
    with override_settings(ANKLE_EDUCATION={**GOOD, "EMERGENCY_NUMBER": number}):
        assert ids(run_checks()) == {"ankle_education.E007"}


def test_e012_emergency_number_has_no_default():
    """A clinic outside the US that forgets the setting must not tell patients to call 911."""
    without_number = {key: value for key, value in GOOD.items() if key != "EMERGENCY_NUMBER"}
    with override_settings(ANKLE_EDUCATION=without_number):
        errors = [message for message in run_checks() if message.id == "ankle_education.E012"]
    assert len(errors) == 1
    assert errors[0].msg == "ANKLE_EDUCATION['EMERGENCY_NUMBER'] is not set."
    assert "999" in errors[0].hint
    assert "112" in errors[0].hint


def test_manage_py_check_fails_without_an_emergency_number(settings):
    settings.ANKLE_EDUCATION = {key: value for key, value in GOOD.items() if key != "EMERGENCY_NUMBER"}
    with pytest.raises(SystemCheckError, match=r"ankle_education\.E012"):
        call_command("check")


@pytest.mark.parametrize("number", ["nine-one-one", "999; call", "+", "1 2 3 -", "<b>999</b>"])
def test_e014_emergency_number_must_be_diallable(number):
    with override_settings(ANKLE_EDUCATION={**GOOD, "EMERGENCY_NUMBER": number}):
        assert ids(run_checks()) == {"ankle_education.E014"}


@pytest.mark.parametrize("number", ["911", "999", "112", "000", "+44 20 7946 0000", "1-800-222-1222"])
def test_diallable_emergency_numbers_pass(number):
    with override_settings(ANKLE_EDUCATION={**GOOD, "EMERGENCY_NUMBER": number}):
        assert ids(run_checks()) == set()


@pytest.mark.parametrize("place", ["", "  ", 111, ["urgent care"]])
def test_e013_urgent_care_place_must_be_a_name(place):
    with override_settings(ANKLE_EDUCATION={**GOOD, "URGENT_CARE_PLACE": place}):
        assert ids(run_checks()) == {"ankle_education.E013"}


@pytest.mark.parametrize("limit", [0, -1, "2MB", True])
def test_e008_max_upload_bytes_invalid(limit):
    with override_settings(ANKLE_EDUCATION={**GOOD, "MAX_UPLOAD_BYTES": limit}):
        assert ids(run_checks()) == {"ankle_education.E008"}


@pytest.mark.parametrize("window", [0, -60, 1.5, "1800", None, True])
def test_e016_booking_click_window_not_a_positive_whole_number(window):
    with override_settings(ANKLE_EDUCATION={**GOOD, "BOOKING_CLICK_WINDOW": window}):
        assert ids(run_checks()) == {"ankle_education.E016"}


@override_settings(ANKLE_EDUCATION={**GOOD, "BOOKING_CLICK_WINDOW": 1})
def test_e016_silent_on_a_one_second_window():
    assert ids(checks.check_simple_values()) == set()


@override_settings(ANKLE_EDUCATION={**GOOD, "CACHE_ALIAS": "no-such-cache"})
def test_e009_cache_alias_unknown():
    assert ids(run_checks()) == {"ankle_education.E009"}


@pytest.mark.parametrize("params", ["fbclid", None, ["utm_source", 3], ["utm_source", ""], {"fbclid": 1}])
def test_e011_ignored_query_params_not_a_list_of_names(params):
    with override_settings(ANKLE_EDUCATION={**GOOD, "CACHE_IGNORED_QUERY_PARAMS": params}):
        assert ids(run_checks()) == {"ankle_education.E011"}


@pytest.mark.parametrize("params", [[], ("fbclid",), ["utm_source", "ref"]])
def test_e011_silent_on_a_list_of_names(params):
    with override_settings(ANKLE_EDUCATION={**GOOD, "CACHE_IGNORED_QUERY_PARAMS": params}):
        assert ids(run_checks()) == set()


@pytest.mark.parametrize("days", [0, -30, 1.5, "365", None, True])
def test_e010_review_interval_not_a_positive_whole_number(days):
    with override_settings(ANKLE_EDUCATION={**GOOD, "REVIEW_INTERVAL_DAYS": days}):
        assert ids(run_checks()) == {"ankle_education.E010"}


@override_settings(ANKLE_EDUCATION={**GOOD, "REVIEW_INTERVAL_DAYS": 1})
def test_e010_silent_on_a_one_day_interval():
    assert ids(checks.check_simple_values()) == set()


@override_settings(ANKLE_EDUCATION={**GOOD, "BOOKING_URL": "https://["})
def test_e002_unparsable_booking_url():
    assert ids(run_checks()) == {"ankle_education.E002"}


@override_settings(ANKLE_EDUCATION={**GOOD, "BOOKNG_URL": "typo"})
def test_w001_unknown_key():
    assert ids(run_checks()) == {"ankle_education.W001"}


@override_settings(MARKDOWNX_MARKDOWNIFY_FUNCTION="markdownx.utils.markdownify")
def test_w002_unsanitised_markdownify_function():
    assert ids(run_checks()) == {"ankle_education.W002"}


VARNISH = {"BACKEND": "ankle_education.edge.VarnishPurger", "URLS": ["http://127.0.0.1:6081/"]}


@override_settings(ANKLE_EDUCATION={**GOOD, "EDGE_CACHE_TIMEOUT": 86400, "EDGE_PURGERS": [VARNISH],
                                    "EDGE_TAG_HEADERS": ["xkey", "Surrogate-Key", "Cache-Tag"]})
def test_edge_checks_silent_on_good_settings():
    assert ids(run_checks()) == set()


@pytest.mark.parametrize(
    "purgers",
    [
        VARNISH,  # one dict, not a list of them
        "ankle_education.edge.VarnishPurger",
        [{"URLS": ["http://127.0.0.1:6081/"]}],
        [{"BACKEND": "no.such.Purger"}],
        [{"BACKEND": "ankle_education.conf.Settings"}],
        [{"BACKEND": "ankle_education.edge.VarnishPurger"}],
        [{"BACKEND": "ankle_education.edge.VarnishPurger", "URLS": "http://127.0.0.1:6081/"}],
        [{"BACKEND": "ankle_education.edge.CloudflarePurger", "ZONE_ID": "z"}],
        [{"BACKEND": "ankle_education.edge.FastlyPurger", "API_TOKEN": "t"}],
    ],
)
def test_e018_edge_purgers_that_cannot_purge(purgers):
    with override_settings(ANKLE_EDUCATION={**GOOD, "EDGE_PURGERS": purgers}):
        assert ids(run_checks()) == {"ankle_education.E018"}


@pytest.mark.parametrize("headers", ["xkey", ["X-Key"], ["xkey", "Surrogate-Keys"]])
def test_e019_unknown_tag_header(headers):
    with override_settings(ANKLE_EDUCATION={**GOOD, "EDGE_TAG_HEADERS": headers}):
        assert ids(run_checks()) == {"ankle_education.E019"}


@pytest.mark.parametrize(
    "values",
    [{"EDGE_CACHE_TIMEOUT": "86400"}, {"EDGE_CACHE_TIMEOUT": -1}, {"EDGE_CACHE_TIMEOUT": True},
     {"EDGE_BROWSER_MAX_AGE": None}, {"EDGE_BROWSER_MAX_AGE": 1.5}],
)
def test_e020_edge_lifetimes_not_whole_seconds(values):
    with override_settings(ANKLE_EDUCATION={**GOOD, "EDGE_PURGERS": [VARNISH], **values}):
        assert ids(run_checks()) == {"ankle_education.E020"}


@override_settings(ANKLE_EDUCATION={**GOOD, "EDGE_CACHE_TIMEOUT": 86400})
def test_w004_edge_lifetime_without_a_purge_backend():
    assert ids(run_checks()) == {"ankle_education.W004"}


@pytest.mark.parametrize("header", ["", "X-Forwarded-For: x", ["X-Forwarded-For"]])
def test_e021_client_address_header_not_a_header_name(header):
    with override_settings(ANKLE_EDUCATION={**GOOD, "CLIENT_ADDRESS_HEADER": header}):
        assert ids(run_checks()) == {"ankle_education.E021"}


LOCAL_MEMORY = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}


@override_settings(ANKLE_EDUCATION=GOOD, CACHES=LOCAL_MEMORY)
def test_w003_a_page_cache_in_each_process_under_check_deploy():
    assert ids(run_checks(include_deployment_checks=True)) == {"ankle_education.W003"}
    assert ids(run_checks()) == set()  # one process in development: fine


@override_settings(ANKLE_EDUCATION={**GOOD, "CACHE_PAGES": False}, CACHES=LOCAL_MEMORY)
def test_w003_silent_when_pages_are_not_cached():
    assert ids(run_checks(include_deployment_checks=True)) == set()


@override_settings(ANKLE_EDUCATION=GOOD, CACHES=REDIS)
def test_w003_silent_on_a_shared_cache():
    assert ids(run_checks(include_deployment_checks=True)) == set()


def urlconf_of(*patterns):
    """A URLconf module made on the spot, for ROOT_URLCONF: the sitemap tests each mount it differently."""
    module = types.ModuleType("sitemap_urls")
    module.urlpatterns = list(patterns)
    return module


APP_SITEMAP_URLS = {
    "the app's cached view": path("sitemap.xml", ankle_sitemap, {"sitemaps": ankle_sitemaps}),
    "Django's view": path("sitemap.xml", django_sitemap_views.sitemap, {"sitemaps": ankle_sitemaps}),
    "Django's index": path("sitemap.xml", django_sitemap_views.index, {"sitemaps": ankle_sitemaps}),
    "an instance of a host's subclass": path(
        "sitemap.xml",
        django_sitemap_views.sitemap,
        {"sitemaps": {"conditions": type("HostConditions", (ankle_sitemaps["ankle-conditions"],), {})()}},
    ),
    "one section, under a prefix": path(
        "seo/", include([path("ankle.xml", ankle_sitemap, {"sitemaps": {"c": ankle_sitemaps["ankle-conditions"]}})])
    ),
}


@pytest.mark.parametrize("pattern", APP_SITEMAP_URLS.values(), ids=APP_SITEMAP_URLS.keys())
def test_e017_app_sitemaps_mounted_without_django_contrib_sitemaps(settings, pattern):
    """Without the app, Django's sitemap view cannot find its sitemap.xml template: a 500 for every crawler."""
    settings.INSTALLED_APPS = [app for app in settings.INSTALLED_APPS if app != "django.contrib.sitemaps"]
    settings.ROOT_URLCONF = urlconf_of(pattern)
    [error] = checks.check_sitemaps_installed()
    assert error.id == "ankle_education.E017"
    assert "django.contrib.sitemaps" in error.hint
    assert "ankle_education.E017" in ids(run_checks())  # registered


@pytest.mark.parametrize("pattern", APP_SITEMAP_URLS.values(), ids=APP_SITEMAP_URLS.keys())
def test_e017_silent_with_django_contrib_sitemaps_installed(settings, pattern):
    settings.ROOT_URLCONF = urlconf_of(pattern)
    assert ids(checks.check_sitemaps_installed()) == set()


def test_e017_silent_without_the_app_sitemaps(settings):
    """A host's own sitemap is its own business; so is a site that mounts no sitemap at all."""
    settings.INSTALLED_APPS = [app for app in settings.INSTALLED_APPS if app != "django.contrib.sitemaps"]
    settings.ROOT_URLCONF = urlconf_of(
        path("sitemap.xml", django_sitemap_views.sitemap, {"sitemaps": {"blog": Sitemap}}),
        path("patient-education/ankle/", include("ankle_education.urls")),
    )
    assert ids(checks.check_sitemaps_installed()) == set()
