"""The rendered-page cache: hits, conditional GET, who is never served from it, and exact purging."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from ankle_education import caching
from ankle_education.models import Status
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


def queries_for(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_setting_turns_caching_off_but_keeps_conditional_get(client, condition, settings):
    settings.ANKLE_EDUCATION = {**settings.ANKLE_EDUCATION, "CACHE_PAGES": False}
    etag = client.get(condition.get_absolute_url())["ETag"]
    assert queries_for(client, condition.get_absolute_url()) > 0
    assert caching.load(RequestFactory().get(condition.get_absolute_url())) is None
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
    assert caching.load(RequestFactory().get(path)) is None  # a staff render is never stored
    client.logout()
    client.get(path)  # an anonymous visit fills the cache
    client.force_login(staff_user)
    assert queries_for(client, path) > 0  # and staff still get a fresh render


def test_a_session_cookie_bypasses_the_cache(client, condition):
    client.get(condition.get_absolute_url())
    client.cookies["sessionid"] = "anything"
    response = client.get(condition.get_absolute_url())
    assert not caching.is_cacheable_request(response.wsgi_request)


def test_staff_preview_of_a_draft_is_never_cached(client, staff_user):
    draft = ConditionFactory(draft=True)
    client.force_login(staff_user)
    preview = client.get(f"{BASE}preview/condition/{draft.pk}/")
    assert preview.status_code == 200
    assert "no-store" in preview["Cache-Control"]
    client.logout()
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
    response = client.post(f"{BASE}seek-help/", {})
    assert "no-store" in response["Cache-Control"]
    assert caching.load(RequestFactory().get(f"{BASE}seek-help/")) is None


def test_error_pages_are_not_cached(client):
    assert client.get(f"{BASE}conditions/no-such-condition/").status_code == 404
    assert caching.load(RequestFactory().get(f"{BASE}conditions/no-such-condition/")) is None


# Exact invalidation: which cached pages each kind of edit makes stale.

PAGES = {
    "hub": "",
    "category A": "causes/cat-a/",
    "category B": "causes/cat-b/",
    "condition list": "conditions/",
    "a1": "conditions/a1/",
    "a2": "conditions/a2/",
    "b1": "conditions/b1/",
    "prevention list": "prevention/",
    "t1": "prevention/t1/",
    "t2": "prevention/t2/",
    "treatment": "treatment/",
    "search": "search/?q=ankle",
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
        assert client.get(BASE + path).status_code == 200, path
    edit()
    factory = RequestFactory()
    return {name for name, path in PAGES.items() if caching.load(factory.get(BASE + path)) is None}


def save(obj, **changes):
    for field, value in changes.items():
        setattr(obj, field, value)
    obj.save()


EDITS = {
    "condition text": (
        lambda c: save(c["a1"], summary="new"),
        {"hub", "category A", "condition list", "a1", "t1", "search"},
    ),
    "condition unpublished": (
        lambda c: save(c["a2"], status=Status.DRAFT),
        {"hub", "category A", "condition list", "a2", "search"},
    ),
    "condition moved to another category": (
        lambda c: save(c["a2"], category=c["cat_b"]),
        {"hub", "category A", "category B", "condition list", "a2", "search"},
    ),
    "condition deleted": (
        lambda c: c["b1"].delete(),
        {"hub", "category B", "condition list", "b1", "t2", "search"},
    ),
    "draft condition edited": (lambda c: save(c["draft"], summary="still a draft"), set()),
    "new published condition": (
        lambda c: ConditionFactory(category=c["cat_a"]),
        {"hub", "category A", "condition list", "search"},
    ),
    "category renamed": (
        lambda c: save(c["cat_b"], name="Renamed"),
        {"hub", "category B", "condition list", "b1", "t2", "search"},
    ),
    "tip text": (
        lambda c: save(c["t1"], body="new"),
        {"hub", "prevention list", "t1", "a1", "search"},
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
    "condition's tips cleared": (lambda c: c["a1"].prevention_tips.clear(), {"a1", "t1"}),
    "condition's slug changed": (
        lambda c: save(c["a2"], slug="a2-renamed"),
        {"hub", "category A", "condition list", "a2", "search"},
    ),
}


@pytest.mark.parametrize("edit", EDITS, ids=list(EDITS))
def test_each_edit_purges_exactly_the_pages_that_show_it(client, library, edit):
    change, expected = EDITS[edit]
    assert stale_pages(client, lambda: change(library)) == expected


def test_purge_reaches_pages_only_after_commit_too(client, library, django_capture_on_commit_callbacks):
    client.get(BASE + PAGES["a1"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        save(library["a1"], summary="new")
    assert len(callbacks) == 1  # purged again once the edit is committed
