"""Invalidation (invalidation.py): each edit purges exactly the cached pages that show what it changed."""

from __future__ import annotations

import datetime

import pytest
from django.core import serializers
from django.db import connection, transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from ankle_education import caching, edge, invalidation, sitemaps
from ankle_education.cache_tags import page_tag, tags_for
from ankle_education.models import (
    Category,
    Condition,
    ConditionSource,
    ConditionWarningSign,
    PreventionTip,
    Source,
    Status,
    TreatmentStep,
    TreatmentTier,
    WarningSign,
)
from ankle_education.registry import content_models, link_fields
from tests.admin.helpers import form_data
from tests.edits import save
from tests.factories import (
    CategoryFactory,
    ConditionFactory,
    ConditionSourceFactory,
    ConditionWarningSignFactory,
    PreventionTipFactory,
    SourceFactory,
    TreatmentStepFactory,
    TreatmentTierFactory,
    WarningSignFactory,
)

pytestmark = pytest.mark.django_db

BASE = "/patient-education/ankle/"


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


def cited_source() -> Source:
    source = SourceFactory()
    PreventionTipFactory().sources.add(source)
    return source


# For each content model: a saved row that some public page shows.
SHOWN = {
    Category: CategoryFactory,
    Condition: ConditionFactory,
    PreventionTip: PreventionTipFactory,
    TreatmentTier: TreatmentTierFactory,
    WarningSign: WarningSignFactory,
    Source: cited_source,
    TreatmentStep: TreatmentStepFactory,
    ConditionWarningSign: ConditionWarningSignFactory,
    ConditionSource: ConditionSourceFactory,
}


@pytest.fixture
def purged(monkeypatch) -> list[set[str]]:
    """The tags each purge of the test asks for, in order; the page cache itself is left alone."""
    calls: list[set[str]] = []
    monkeypatch.setattr(caching, "purge", lambda tags: calls.append(set(tags)))
    return calls


def test_fixtures_loaded_raw_purge_every_page(client, library):
    client.get(PAGES["b1"])
    (fixture,) = serializers.deserialize("json", serializers.serialize("json", [library["a2"]]))
    fixture.save()  # what loaddata does: a raw save
    assert caching.cached_page(RequestFactory().get(PAGES["b1"])) is None


@pytest.mark.parametrize("edit", EDITS, ids=list(EDITS))
def test_each_edit_purges_exactly_the_pages_that_show_it(client, library, edit):
    change, expected = EDITS[edit]
    assert stale_pages(client, lambda: change(library)) == expected


def after_commit_hooks() -> list:
    return [hook for _, hook, _ in connection.run_on_commit if isinstance(hook, invalidation._AfterCommit)]


def test_purge_reaches_pages_only_after_commit_too(client, library):
    save(library["a1"], summary="new")
    # Rendered (by another process, say) from the old rows between the save and the commit:
    client.get(PAGES["a1"])
    assert caching.cached_page(RequestFactory().get(PAGES["a1"])) is not None
    (hook,) = after_commit_hooks()
    hook()  # the commit
    assert caching.cached_page(RequestFactory().get(PAGES["a1"])) is None


class RecordingPurger(edge.Purger):
    """An edge cache that notes what it was asked to purge."""

    purged: list[list[str]] = []

    def purge(self, tags):
        RecordingPurger.purged.append(list(tags))


@pytest.fixture
def edge_purges(settings):
    RecordingPurger.purged = []
    settings.ANKLE_EDUCATION = {
        **settings.ANKLE_EDUCATION,
        "EDGE_PURGERS": [{"BACKEND": f"{__name__}.RecordingPurger"}],
    }
    return RecordingPurger.purged


@pytest.mark.django_db(transaction=True)
def test_edge_caches_are_purged_once_per_transaction_after_commit(edge_purges):
    condition, tip = ConditionFactory(slug="c"), PreventionTipFactory(slug="t")
    edge_purges.clear()
    with transaction.atomic():
        save(condition, summary="new")
        save(tip, body="new")
        assert edge_purges == []  # nothing before the commit
    assert len(edge_purges) == 1
    assert {edge.edge_tag(tag) for tag in tags_for(condition) | tags_for(tip)} <= set(edge_purges[0])


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_purges_no_edge_cache_and_the_next_one_does(edge_purges):
    condition = ConditionFactory(slug="c")
    edge_purges.clear()
    def edit_then_fail() -> None:
        with transaction.atomic():
            save(condition, summary="rolled back")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        edit_then_fail()
    assert edge_purges == []
    with transaction.atomic():
        save(condition, summary="kept")
    assert len(edge_purges) == 1
    assert page_tag(Condition, "c") in edge_purges[0]


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_edge_caches_are_purged_at_once(edge_purges):
    condition = ConditionFactory(slug="autocommitted")
    assert any(page_tag(Condition, "autocommitted") in tags for tags in edge_purges)
    assert condition.pk


def test_linking_a_tip_through_the_condition_admin_inline_purges_the_tip_page(client, library, superuser):
    """The inline saves rows of an auto-created link table, which send no model signal."""
    condition, tip = library["a1"], library["t2"]
    client.get(PAGES["t2"])
    client.force_login(superuser)
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
        "status": "published",  # a reviewed change, published as it is saved
    })  # fmt: skip
    assert client.post(url, data).status_code == 302
    assert tip.conditions.filter(pk=condition.pk).exists()
    assert caching.cached_page(RequestFactory().get(PAGES["t2"])) is None


@pytest.mark.parametrize("model", content_models(), ids=lambda model: model.__name__)
def test_saving_or_deleting_any_content_model_purges_the_pages_that_show_it(model, purged):
    row = SHOWN[model]()
    tags = tags_for(row)
    assert tags, "the row must be on some public page"
    purged.clear()
    row.save()
    assert purged == [tags]
    purged.clear()
    row.delete()
    assert tags in purged


@pytest.mark.parametrize("field", link_fields(), ids=lambda field: f"{field.model.__name__}.{field.name}")
def test_linking_or_unlinking_through_any_link_field_purges(field, purged):
    owner, linked = SHOWN[field.model](), SHOWN[field.related_model]()
    purged.clear()
    getattr(owner, field.name).add(linked)
    assert purged, "adding a link purges the pages that show it"
    purged.clear()
    getattr(owner, field.name).remove(linked)
    assert purged, "removing a link purges the pages that showed it"


def test_a_change_purges_the_pages_before_and_after_it(purged):
    condition = ConditionFactory(slug="old-slug")
    before = tags_for(condition)
    purged.clear()
    save(condition, slug="new-slug")
    assert purged == [before | tags_for(condition)]
    assert {page_tag(Condition, "old-slug"), page_tag(Condition, "new-slug")} <= purged[0]


def test_unpublishing_purges_the_pages_it_was_on_and_editing_the_draft_then_purges_nothing(purged):
    condition = ConditionFactory()
    live_tags = tags_for(condition)
    purged.clear()
    save(condition, status=Status.DRAFT)
    assert purged == [live_tags]
    purged.clear()
    save(condition, summary="Still a draft")
    assert purged == []


def test_connecting_again_does_not_purge_twice(purged):
    invalidation.connect()  # as a second AppConfig.ready() would
    condition = ConditionFactory()
    purged.clear()
    condition.save()
    assert purged == [tags_for(condition)]
