"""The rendered-page cache: hits, conditional GET, who is never served from it, and exact purging."""

from __future__ import annotations

import datetime

import pytest
from django.core import serializers
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from ankle_education import caching, sitemaps
from ankle_education.models import PreventionTip, Status
from tests.factories import (
    CategoryFactory,
    ConditionFactory,
    ConditionSourceFactory,
    ConditionWarningSignFactory,
    PreventionTipFactory,
    TreatmentStepFactory,
    TreatmentTierFactory,
    WarningSignFactory,
)
from tests.quality import queries_for

pytestmark = pytest.mark.django_db

BASE = "/patient-education/ankle/"


@pytest.fixture
def condition():
    return ConditionFactory(slug="ankle-sprain", name="Ankle sprain")


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


def test_logged_in_staff_are_neither_served_nor_stored(client, condition, staff_user):
    path = condition.get_absolute_url()
    client.force_login(staff_user)
    client.get(path)
    assert caching.cached_page(RequestFactory().get(path)) is None  # a staff render is never stored
    client.logout()
    client.get(path)  # an anonymous visit fills the cache
    client.force_login(staff_user)
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
    page_request = caching.without_ignored_params(request)
    clean = "/p/?page=2"
    assert page_request.get_full_path() == page_request.META["RAW_URI"] == page_request.META["REQUEST_URI"] == clean
    page_request.encoding = "latin-1"  # Django then reads the query string again, from the environ
    assert dict(page_request.GET) == {"page": ["2"]}
    assert request.get_full_path() == request.META["RAW_URI"] == tracked  # the real request keeps them
    assert caching.without_ignored_params(RequestFactory().get("/p/?page=2")).get_full_path() == "/p/?page=2"


def test_what_a_render_notes_in_the_copy_reaches_the_real_request_even_when_it_fails():
    request = RequestFactory().get("/p/?fbclid=abc")
    request.META["CSRF_COOKIE"] = "kept"

    with pytest.raises(ValueError), caching.PageCacheVisit(request, {"p"}) as visit:
        assert visit.page_request is not request
        visit.page_request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
        request.META["CSRF_COOKIE"] = "changed by the real request meanwhile"
        raise ValueError("the view failed")
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True
    assert request.META["CSRF_COOKIE"] == "changed by the real request meanwhile"  # unchanged keys are not copied
    assert request.META["QUERY_STRING"] == "fbclid=abc"


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


def test_fixtures_loaded_raw_purge_every_page(client, library):
    client.get(PAGES["b1"])
    (fixture,) = serializers.deserialize("json", serializers.serialize("json", [library["a2"]]))
    fixture.save()  # what loaddata does: a raw save
    assert caching.cached_page(RequestFactory().get(PAGES["b1"])) is None


def test_staff_preview_of_a_draft_is_never_cached(client, staff_user, settings):
    draft = ConditionFactory(draft=True)
    client.force_login(staff_user)
    preview_url = f"{BASE}preview/condition/{draft.pk}/"
    preview = client.get(preview_url)
    assert preview.status_code == 200
    assert "no-store" in preview["Cache-Control"]
    assert caching.cached_page(preview.wsgi_request) is None
    client.logout()
    assert client.get(preview_url).status_code == 404
    assert client.get(draft.get_absolute_url()).status_code == 404


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
    assert "no-store" in answer["Cache-Control"] and "no-store" in error["Cache-Control"]
    assert caching.cached_page(RequestFactory().get(f"{BASE}seek-help/")) is None


def test_error_pages_are_not_cached(client):
    assert client.get(f"{BASE}conditions/no-such-condition/").status_code == 404
    assert caching.cached_page(RequestFactory().get(f"{BASE}conditions/no-such-condition/")) is None


# Exact invalidation: which cached pages each kind of edit makes stale.

PAGES = {
    "hub": BASE,
    "category A": f"{BASE}causes/cat-a/",
    "category B": f"{BASE}causes/cat-b/",
    "condition list": f"{BASE}conditions/",
    "a1": f"{BASE}conditions/a1/",
    "a2": f"{BASE}conditions/a2/",
    "b1": f"{BASE}conditions/b1/",
    "prevention list": f"{BASE}prevention/",
    "t1": f"{BASE}prevention/t1/",
    "t2": f"{BASE}prevention/t2/",
    "treatment": f"{BASE}treatment/",
    "sitemap": "/sitemap.xml",
}


@pytest.fixture
def library():
    """Two categories, three conditions, two tips, two tiers (one unused), signs and a source."""
    cat_a, cat_b = CategoryFactory(slug="cat-a"), CategoryFactory(slug="cat-b")
    a1 = ConditionFactory(slug="a1", category=cat_a, summary="ankle a1")
    a2 = ConditionFactory(slug="a2", category=cat_a, summary="ankle a2")
    b1 = ConditionFactory(slug="b1", category=cat_b, summary="ankle b1")
    t1 = PreventionTipFactory(slug="t1", conditions=[a1])
    t2 = PreventionTipFactory(slug="t2", conditions=[b1])
    tier_used, tier_unused = TreatmentTierFactory(), TreatmentTierFactory()
    step = TreatmentStepFactory(condition=a1, tier=tier_used)
    general_sign = WarningSignFactory(applies_to_all_conditions=True)
    own_sign = ConditionWarningSignFactory(condition=a1).warning_sign
    source = ConditionSourceFactory(condition=a1).source
    draft = ConditionFactory(slug="draft", category=cat_a, draft=True)
    return locals()


def stale_pages(client, edit) -> set[str]:
    for path in PAGES.values():
        assert client.get(path).status_code == 200, path
    edit()
    factory = RequestFactory()
    return {name for name, path in PAGES.items() if not is_cached(factory.get(path))}


def is_cached(request) -> bool:
    variant = sitemaps.cache_variant(request) if request.path == PAGES["sitemap"] else ""
    return caching.cached_page(request, variant) is not None


def save(obj, **changes):
    for field, value in changes.items():
        setattr(obj, field, value)
    obj.save()


EDITS = {
    "condition text": (
        lambda c: save(c["a1"], summary="new"),
        {"hub", "category A", "condition list", "a1", "t1", "sitemap"},
    ),
    "condition unpublished": (
        lambda c: save(c["a2"], status=Status.DRAFT),
        {"hub", "category A", "condition list", "a2", "sitemap"},
    ),
    "condition moved to another category": (
        lambda c: save(c["a2"], category=c["cat_b"]),
        {"hub", "category A", "category B", "condition list", "a2", "sitemap"},
    ),
    "condition deleted": (
        lambda c: c["b1"].delete(),
        {"hub", "category B", "condition list", "b1", "t2", "sitemap"},
    ),
    "draft condition edited": (lambda c: save(c["draft"], summary="still a draft"), set()),
    "new published condition": (
        lambda c: ConditionFactory(category=c["cat_a"]),
        {"hub", "category A", "condition list", "sitemap"},
    ),
    "category renamed": (
        lambda c: save(c["cat_b"], name="Renamed"),
        {"hub", "category B", "condition list", "b1", "t2", "sitemap"},
    ),
    "tip text": (
        lambda c: save(c["t1"], body="new"),
        {"hub", "prevention list", "t1", "a1", "sitemap"},
    ),
    "tip linked to another condition": (lambda c: c["t2"].conditions.add(c["a2"]), {"t2", "a2"}),
    "tip unlinked": (lambda c: c["t1"].conditions.remove(c["a1"]), {"t1", "a1"}),
    "tier with steps renamed": (lambda c: save(c["tier_used"], name="new"), {"hub", "treatment", "a1"}),
    "tier without steps renamed": (lambda c: save(c["tier_unused"], name="new"), {"hub", "treatment"}),
    "treatment step edited": (lambda c: save(c["step"], body="new"), {"a1"}),
    "general sign edited": (lambda c: save(c["general_sign"], text="new"), {"a1", "a2", "b1"}),
    "condition's own sign edited": (lambda c: save(c["own_sign"], text="new"), {"a1"}),
    "sign made general": (lambda c: save(c["own_sign"], applies_to_all_conditions=True), {"a1", "a2", "b1"}),
    "source edited": (lambda c: save(c["source"], title="new"), {"a1"}),
    "source cited by a tip": (lambda c: c["t1"].sources.add(c["source"]), {"t1"}),
    "source cited by a tier": (lambda c: c["tier_unused"].sources.add(c["source"]), {"treatment"}),
    "source cited by a condition": (lambda c: c["a2"].sources.add(c["source"]), {"a2"}),
    "sign linked to a condition": (lambda c: c["b1"].warning_signs.add(c["own_sign"]), {"b1"}),
    "source cited by a condition's own sign": (lambda c: c["own_sign"].sources.add(c["source"]), {"a1"}),
    "source cited by a general sign": (lambda c: c["source"].warning_signs.add(c["general_sign"]), {"a1", "a2", "b1"}),
    "sign's sources cleared": (lambda c: c["general_sign"].sources.clear(), {"a1", "a2", "b1"}),
    "condition's tips cleared": (lambda c: c["a1"].prevention_tips.clear(), {"a1", "t1"}),
    "category unpublished": (
        lambda c: save(c["cat_b"], status=Status.DRAFT),
        {"hub", "category B", "condition list", "b1", "t2", "sitemap"},
    ),
    "tip unpublished": (
        lambda c: save(c["t1"], status=Status.ARCHIVED),
        {"hub", "prevention list", "t1", "a1", "sitemap"},
    ),
    "tip deleted": (lambda c: c["t2"].delete(), {"hub", "prevention list", "t2", "b1", "sitemap"}),
    "condition's slug changed": (
        lambda c: save(c["a2"], slug="a2-renamed"),
        {"hub", "category A", "condition list", "a2", "sitemap"},
    ),
}


@pytest.mark.parametrize("edit", EDITS, ids=list(EDITS))
def test_each_edit_purges_exactly_the_pages_that_show_it(client, library, edit):
    change, expected = EDITS[edit]
    assert stale_pages(client, lambda: change(library)) == expected


def test_purge_reaches_pages_only_after_commit_too(client, library, django_capture_on_commit_callbacks):
    client.get(PAGES["a1"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        save(library["a1"], summary="new")
    assert len(callbacks) == 1  # purged again once the edit is committed


def test_linking_a_tip_through_the_condition_admin_inline_purges_the_tip_page(client, library, staff_user):
    """The inline saves rows of an auto-created link table, which send no model signal."""
    from tests.test_admin import form_data

    condition, tip = library["a1"], library["t2"]
    client.get(PAGES["t2"])
    client.force_login(staff_user)
    url = reverse("admin:ankle_education_condition_change", args=[condition.pk])
    response = client.get(url)
    data = form_data(response)
    (tips,) = (inline.formset for inline in response.context["inline_admin_formsets"]
               if inline.formset.model is PreventionTip.conditions.through)
    row = int(data[f"{tips.prefix}-TOTAL_FORMS"])
    today = timezone.localdate()
    data.update({
        f"{tips.prefix}-TOTAL_FORMS": str(row + 1),
        f"{tips.prefix}-{row}-preventiontip": str(tip.pk),
        f"{tips.prefix}-{row}-condition": str(condition.pk),
        "last_reviewed": today.isoformat(),
        "next_review_due": (today + datetime.timedelta(days=365)).isoformat(),
        "reviewed_by": "Dr Ana Silva, DPT",
    })  # fmt: skip
    assert client.post(url, data).status_code == 302
    assert tip.conditions.filter(pk=condition.pk).exists()
    assert caching.cached_page(RequestFactory().get(PAGES["t2"])) is None
