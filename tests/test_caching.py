"""The rendered-page cache (caching.py): hits, conditional GET, who is never served from it, what is never stored."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory

from ankle_education import caching
from ankle_education.models import Status
from tests.edits import save
from tests.factories import ConditionFactory, WarningSignFactory
from tests.quality import queries_for

pytestmark = pytest.mark.django_db

BASE = "/patient-education/ankle/"


@pytest.fixture
def condition():
    return ConditionFactory(slug="ankle-sprain", name="Ankle sprain")


class UsedNonce:
    """What Django 6's LazyNonce is once a template used it (true); Django 5.2 has no CSP nonce."""

    def __bool__(self) -> bool:
        return True


def csp_nonces() -> tuple[object, object]:
    """An unused and a used nonce: Django's own on Django 6, else stand-ins that behave alike."""
    try:
        from django.utils.csp import LazyNonce
    except ImportError:
        return None, UsedNonce()
    unused, used = LazyNonce(), LazyNonce()
    str(used)
    return unused, used


def test_second_view_is_a_cache_hit_with_no_queries(client, condition, django_assert_num_queries):
    first = client.get(condition.get_absolute_url())
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get(condition.get_absolute_url())
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


def test_matching_etag_gets_304(client, condition):
    etag = client.get(condition.get_absolute_url())["ETag"]
    assert client.get(condition.get_absolute_url(), headers={"if-none-match": etag}).status_code == 304
    assert client.get(condition.get_absolute_url(), headers={"if-none-match": '"other"'}).status_code == 200


def test_public_pages_revalidate_on_every_visit(client, condition):
    assert "no-cache" in client.get(condition.get_absolute_url())["Cache-Control"]


def test_setting_turns_caching_off_but_keeps_conditional_get(client, condition, settings):
    settings.ANKLE_EDUCATION = {**settings.ANKLE_EDUCATION, "CACHE_PAGES": False}
    etag = client.get(condition.get_absolute_url())["ETag"]
    assert queries_for(client, condition.get_absolute_url()) > 0
    assert caching.cached_page(RequestFactory().get(condition.get_absolute_url())) is None
    assert client.get(condition.get_absolute_url(), headers={"if-none-match": etag}).status_code == 304


def test_unpublished_condition_is_never_served_from_the_cache(client, condition):
    assert client.get(condition.get_absolute_url()).status_code == 200
    condition.status = Status.DRAFT
    condition.save()
    assert client.get(condition.get_absolute_url()).status_code == 404


def test_archived_category_hides_its_cached_condition_pages(client, condition):
    assert client.get(condition.get_absolute_url()).status_code == 200
    condition.category.status = Status.ARCHIVED
    condition.category.save()
    assert client.get(condition.get_absolute_url()).status_code == 404


def test_logged_in_staff_are_neither_served_nor_stored(client, condition, superuser):
    path = condition.get_absolute_url()
    client.force_login(superuser)
    client.get(path)
    assert caching.cached_page(RequestFactory().get(path)) is None  # a staff render is never stored
    client.logout()
    client.get(path)  # an anonymous visit fills the cache
    client.force_login(superuser)
    assert queries_for(client, path) > 0  # and staff still get a fresh render


@pytest.mark.parametrize("cookie", ["sessionid", "messages", "host_site_cart"])
def test_a_personal_cookie_bypasses_the_cache(client, condition, cookie):
    client.get(condition.get_absolute_url())  # cached for everyone else
    client.cookies[cookie] = "anything"
    assert queries_for(client, condition.get_absolute_url()) > 0


def test_csrf_and_language_cookies_still_get_the_shared_page(client, condition):
    client.get(condition.get_absolute_url())
    client.cookies["csrftoken"] = "x" * 32
    client.cookies["django_language"] = "en"
    assert queries_for(client, condition.get_absolute_url()) == 0


def test_a_host_template_with_a_csrf_form_or_messages_is_never_shared(client, condition, settings):
    """The host's base template may hold a CSRF token or flash messages: such a page is personal."""
    settings.ANKLE_EDUCATION = {**settings.ANKLE_EDUCATION, "BASE_TEMPLATE": "personal_base.html"}
    first = client.get(condition.get_absolute_url())
    assert "csrfmiddlewaretoken" in first.content.decode()
    assert caching.cached_page(RequestFactory().get(condition.get_absolute_url())) is None
    second = Client().get(condition.get_absolute_url())
    assert "csrftoken" in second.cookies  # the second visitor gets a token of their own


def test_unknown_query_parameters_are_not_cached(client, condition):
    client.get(condition.get_absolute_url() + "?ref=abc")
    assert caching.cached_page(RequestFactory().get(condition.get_absolute_url() + "?ref=abc")) is None
    assert caching.cached_page(RequestFactory().get(condition.get_absolute_url())) is None
    assert queries_for(client, condition.get_absolute_url() + "?ref=abc") > 0


def test_tracked_links_share_the_page_without_their_tracking(client, condition):
    """A news story shared on a social network: every click carries its own fbclid."""
    path = condition.get_absolute_url()
    first = client.get(path + "?utm_source=newsletter&fbclid=click-1")
    assert first.wsgi_request.GET["fbclid"] == "click-1"  # the host's middleware and logs still see it
    assert caching.cached_page(RequestFactory().get(path)) is not None  # stored as the page itself
    assert queries_for(client, path + "?fbclid=click-2&utm_medium=social") == 0
    assert queries_for(client, path) == 0
    assert client.get(path + "?fbclid=click-3").content == first.content


def test_a_tracked_link_is_served_the_page_cached_without_it(client, condition):
    client.get(f"{BASE}conditions/?page=1")
    assert queries_for(client, f"{BASE}conditions/?utm_campaign=spring&page=1") == 0


def test_tracking_next_to_an_unknown_parameter_is_not_cached(client, condition):
    client.get(condition.get_absolute_url())
    assert queries_for(client, condition.get_absolute_url() + "?fbclid=1&ref=abc") > 0


def test_tracking_never_reaches_a_page_served_to_others(client, condition, settings):
    """A host template that shows the full path (a language switch's "next") is rendered without the tracking."""
    settings.ANKLE_EDUCATION = {**settings.ANKLE_EDUCATION, "BASE_TEMPLATE": "language_switch_base.html"}
    tracked = client.get(condition.get_absolute_url() + "?utm_source=crafted-campaign")
    assert f'next={condition.get_absolute_url()}"' in tracked.content.decode()
    assert "crafted-campaign" not in tracked.content.decode()
    assert "crafted-campaign" not in Client().get(condition.get_absolute_url()).content.decode()


def test_a_tracked_visit_to_a_personal_page_still_gets_its_csrf_cookie(client, condition, settings):
    settings.ANKLE_EDUCATION = {**settings.ANKLE_EDUCATION, "BASE_TEMPLATE": "personal_base.html"}
    response = client.get(condition.get_absolute_url() + "?fbclid=abc")
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert "csrftoken" in response.cookies  # the form's token is only good with its cookie
    assert caching.cached_page(RequestFactory().get(condition.get_absolute_url())) is None


def test_no_ignored_parameters_means_tracked_links_are_rendered_afresh(client, condition, settings):
    settings.ANKLE_EDUCATION = {**settings.ANKLE_EDUCATION, "CACHE_IGNORED_QUERY_PARAMS": []}
    client.get(condition.get_absolute_url())
    assert queries_for(client, condition.get_absolute_url() + "?fbclid=abc") > 0


def test_list_pages_are_cached_per_page_number(client, condition):
    client.get(f"{BASE}conditions/?page=1")
    assert caching.cached_page(RequestFactory().get(f"{BASE}conditions/?page=1")) is not None


@pytest.mark.parametrize("query", ["page=01", "page=%2B1", "page=%201", "page=0_1", "page=1&page=1", "page=%D9%A1"])
def test_page_numbers_spelled_another_way_are_not_cached(client, condition, query):
    """int() reads each of these as page 1, so caching them would let anyone fill the cache with copies."""
    path = f"{BASE}conditions/?{query}"
    assert queries_for(client, path) > 0
    assert queries_for(client, path) > 0
    assert caching.cached_page(RequestFactory().get(path)) is None


def test_the_copy_without_tracking_has_its_own_query_string_everywhere():
    tracked = "/p/?utm_source=news&page=2&fbclid=abc"
    request = RequestFactory().get(tracked, RAW_URI=tracked, REQUEST_URI=tracked)
    page_request = caching.page_request_for(request)
    clean = "/p/?page=2"
    assert page_request.get_full_path() == page_request.META["RAW_URI"] == page_request.META["REQUEST_URI"] == clean
    page_request.encoding = "latin-1"  # Django then reads the query string again, from the environ
    assert dict(page_request.GET) == {"page": ["2"]}
    assert request.get_full_path() == request.META["RAW_URI"] == tracked  # the real request keeps them
    assert caching.page_request_for(RequestFactory().get("/p/?page=2")).get_full_path() == "/p/?page=2"


def test_what_a_render_notes_in_the_copy_reaches_the_real_request_even_when_it_fails():
    request = RequestFactory().get("/p/?fbclid=abc")
    request.META["CSRF_COOKIE"] = "kept"

    def render_and_fail(visit: caching.PageCacheVisit) -> None:
        assert visit.page_request is not request
        visit.page_request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
        request.META["CSRF_COOKIE"] = "changed by the real request meanwhile"
        raise ValueError("the view failed")

    with pytest.raises(ValueError, match="the view failed"), caching.PageCacheVisit(request, {"p"}) as visit:
        render_and_fail(visit)
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True
    assert request.META["CSRF_COOKIE"] == "changed by the real request meanwhile"  # unchanged keys are not copied
    assert request.META["QUERY_STRING"] == "fbclid=abc"


def test_a_page_that_used_a_csp_nonce_is_never_shared(client, condition):
    response = client.get(condition.get_absolute_url())
    unused, used = csp_nonces()
    request = RequestFactory().get(condition.get_absolute_url())
    request._csp_nonce = unused
    assert caching.is_shareable_render(request, response)
    request._csp_nonce = used
    assert not caching.is_shareable_render(request, response)


def test_search_results_are_never_cached(client, condition):
    assert client.get(f"{BASE}search/?q=ankle").status_code == 200
    assert caching.cached_page(RequestFactory().get(f"{BASE}search/?q=ankle")) is None


def test_a_settings_change_never_serves_old_pages(client, condition, settings):
    WarningSignFactory(urgency="emergency", text="You heard a crack")
    assert "Call 911" in client.get(condition.get_absolute_url()).content.decode()
    settings.ANKLE_EDUCATION = {**settings.ANKLE_EDUCATION, "EMERGENCY_NUMBER": "112"}
    assert "Call 112" in client.get(condition.get_absolute_url()).content.decode()


def test_pages_render_and_edits_save_when_the_cache_is_down(client, condition, settings, caplog):
    settings.CACHES = {
        **settings.CACHES,
        "down": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"},
    }
    settings.ANKLE_EDUCATION = {**settings.ANKLE_EDUCATION, "CACHE_ALIAS": "down"}
    assert client.get(condition.get_absolute_url()).status_code == 200
    save(condition, summary="Taken down while the cache was down")
    assert "Taken down while the cache was down" in client.get(condition.get_absolute_url()).content.decode()
    assert "page cache is unavailable" in caplog.text


def test_staff_preview_of_a_draft_is_never_cached(client, superuser, settings):
    draft = ConditionFactory(draft=True)
    client.force_login(superuser)
    preview_url = f"{BASE}preview/condition/{draft.pk}/"
    preview = client.get(preview_url)
    assert preview.status_code == 200
    assert "no-store" in preview["Cache-Control"]
    assert caching.cached_page(preview.wsgi_request) is None
    client.logout()
    assert client.get(preview_url).status_code == 404
    assert client.get(draft.get_absolute_url()).status_code == 404


HOST_SPELLINGS = ["LOCALHOST", "localhost.", "localhost:80", "localhost:0080", "LocalHost.:080"]


@pytest.mark.parametrize("spelling", HOST_SPELLINGS)
def test_a_host_spelled_another_way_shares_the_key(spelling, settings):
    settings.ALLOWED_HOSTS = ["localhost"]
    factory = RequestFactory()
    assert caching.page_key(factory.get("/p/", HTTP_HOST=spelling)) == caching.page_key(
        factory.get("/p/", HTTP_HOST="localhost")
    )


@pytest.mark.parametrize("spelling", HOST_SPELLINGS)
def test_a_host_spelled_another_way_is_served_the_one_copy(
    client, condition, settings, spelling, django_assert_num_queries
):
    settings.ALLOWED_HOSTS = ["localhost"]
    url = condition.get_absolute_url()
    first = client.get(url, HTTP_HOST="localhost")
    with django_assert_num_queries(0):
        response = client.get(url, HTTP_HOST=spelling)
    assert response.content == first.content


@pytest.mark.parametrize("spelling", HOST_SPELLINGS)
def test_a_page_names_its_host_canonically_however_it_is_spelled(client, condition, settings, spelling):
    settings.ALLOWED_HOSTS = ["localhost"]
    html = client.get(condition.get_absolute_url(), HTTP_HOST=spelling).content.decode()
    canonical = "http://localhost/patient-education/ankle/conditions/ankle-sprain/"
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert f'"url": "{canonical}"' in html or f'"url":"{canonical}"' in html
    assert html.lower().count("localhost") == html.count("http://localhost/")


def test_a_host_naming_a_port_the_site_is_not_served_on_is_rendered_not_cached(client, condition, settings):
    settings.ALLOWED_HOSTS = ["localhost"]
    path = condition.get_absolute_url()
    for _ in range(2):
        response = client.get(path, HTTP_HOST="localhost:1")
        assert response.status_code == 200
        assert b"http://localhost:1/patient-education/" in response.content
    assert caching.cached_page(RequestFactory().get(path, HTTP_HOST="localhost:1")) is None
    # The port the request came in on is an address of the site: cached.
    client.get(path, HTTP_HOST="localhost:8000", SERVER_PORT="8000")
    assert caching.cached_page(RequestFactory().get(path, HTTP_HOST="localhost:08000", SERVER_PORT="8000"))


def test_a_host_outside_allowed_hosts_is_a_400(client, condition, settings):
    settings.ALLOWED_HOSTS = ["localhost"]
    assert client.get(condition.get_absolute_url(), HTTP_HOST="evil.example").status_code == 400
    assert client.get(condition.get_absolute_url(), HTTP_HOST="localhost:" + "9" * 5000).status_code == 200


def test_key_differs_per_host_language_and_query():
    factory = RequestFactory()
    base = caching.page_key(factory.get("/p/"))
    assert caching.page_key(factory.get("/p/", HTTP_HOST="localhost")) != base
    assert caching.page_key(factory.get("/p/?page=2")) != base
    from django.utils import translation

    with translation.override("fr"):
        assert caching.page_key(factory.get("/p/")) != base


def test_checklist_answers_and_errors_are_not_cached(client):
    WarningSignFactory()
    client.get(f"{BASE}seek-help/")
    answer = client.post(f"{BASE}seek-help/", {"checklist": "1"})
    error = client.post(f"{BASE}seek-help/", {})
    assert (answer.status_code, error.status_code) == (200, 400)
    assert "no-store" in answer["Cache-Control"]
    assert "no-store" in error["Cache-Control"]
    assert caching.cached_page(RequestFactory().get(f"{BASE}seek-help/")) is None


def test_error_pages_are_not_cached(client):
    assert client.get(f"{BASE}conditions/no-such-condition/").status_code == 404
    assert caching.cached_page(RequestFactory().get(f"{BASE}conditions/no-such-condition/")) is None


def test_an_anonymous_public_page_may_be_shared(client, condition):
    assert "private" not in client.get(condition.get_absolute_url())["Cache-Control"]


def test_a_page_rendered_for_staff_is_private(client, condition, superuser):
    client.force_login(superuser)
    assert "private" in client.get(condition.get_absolute_url())["Cache-Control"]


def test_a_page_for_a_visitor_with_a_session_cookie_is_private(client, condition):
    client.cookies["sessionid"] = "someone"
    assert "private" in client.get(condition.get_absolute_url())["Cache-Control"]


def test_the_checklist_form_carries_a_csrf_token_so_it_is_private(client):
    WarningSignFactory()
    response = client.get(f"{BASE}seek-help/")
    assert b"csrfmiddlewaretoken" in response.content
    assert "private" in response["Cache-Control"]


def test_a_checklist_answer_is_private_and_never_stored(client):
    sign = WarningSignFactory()
    client.get(f"{BASE}seek-help/")
    response = client.post(f"{BASE}seek-help/", {"checklist": "1", "sign": [sign.pk]})
    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "private" in cache_control
    assert "no-store" in cache_control
