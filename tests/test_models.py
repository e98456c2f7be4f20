"""The domain model: what the public may read, review dates, ordering and protected deletes."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from ankle_education.models import (
    Category,
    Condition,
    ConditionSource,
    PreventionTip,
    Status,
    TreatmentStep,
    TreatmentTier,
    WarningSign,
)
from ankle_education.urgency import Level
from tests import factories

pytestmark = pytest.mark.django_db

PUBLISHABLE_FACTORIES = [
    factories.CategoryFactory,
    factories.ConditionFactory,
    factories.PreventionTipFactory,
    factories.TreatmentTierFactory,
    factories.WarningSignFactory,
]


@pytest.mark.parametrize("factory", PUBLISHABLE_FACTORIES)
def test_published_excludes_drafts_review_and_archived(factory):
    live = factory()
    for status in (Status.DRAFT, Status.IN_REVIEW, Status.ARCHIVED):
        factory(status=status)
    assert list(factory._meta.model.objects.published()) == [live]


def test_new_content_starts_as_a_draft():
    category = Category.objects.create(name="Acute injuries", slug="acute-injuries", summary="Sudden injuries.")
    assert (category.status, category.published_at, category.is_published) == (Status.DRAFT, None, False)
    assert not Category.objects.published().exists()


def test_review_overdue_and_never_reviewed_querysets():
    today = timezone.localdate()
    overdue = factories.ConditionFactory(reviewed=True, next_review_due=today - datetime.timedelta(days=1))
    due_today = factories.ConditionFactory(reviewed=True, next_review_due=today)
    never = factories.ConditionFactory()
    assert list(Condition.objects.review_overdue()) == [overdue]
    assert list(Condition.objects.never_reviewed()) == [never]
    assert due_today not in Condition.objects.review_overdue()


def test_publish_method_sets_status_and_time():
    condition = factories.ConditionFactory.build(draft=True)
    condition.publish()
    assert condition.is_published
    assert condition.published_at is not None


def test_slugs_are_unique():
    factories.ConditionFactory(slug="ankle-sprain")
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.ConditionFactory(slug="ankle-sprain")


def test_patient_lists_have_explicit_order():
    for order, title in [(2, "B"), (1, "Z"), (1, "A")]:
        factories.PreventionTipFactory(order=order, title=title)
    assert [tip.title for tip in PreventionTip.objects.all()] == ["A", "Z", "B"]
    low, high = factories.TreatmentTierFactory(order=1), factories.TreatmentTierFactory(order=0)
    condition = factories.ConditionFactory()
    late = factories.TreatmentStepFactory(condition=condition, tier=low, order=0)
    early = factories.TreatmentStepFactory(condition=condition, tier=high, order=5)
    assert list(condition.treatment_steps.all()) == [early, late]
    for model in (Category, Condition, PreventionTip, TreatmentTier, TreatmentStep, WarningSign):
        assert model._meta.ordering


def test_deleting_used_category_tier_sign_or_source_is_protected():
    step = factories.TreatmentStepFactory()
    link = factories.ConditionWarningSignFactory(condition=step.condition)
    cited = factories.ConditionSourceFactory(condition=step.condition)
    for obj in (step.condition.category, step.tier, link.warning_sign, cited.source):
        with pytest.raises(ProtectedError), transaction.atomic():
            obj.delete()


def test_deleting_a_condition_removes_its_own_parts_only():
    cited = factories.ConditionSourceFactory()
    condition = cited.condition
    step = factories.TreatmentStepFactory(condition=condition)
    condition.delete()
    assert not TreatmentStep.objects.exists()
    assert not ConditionSource.objects.exists()
    assert TreatmentTier.objects.filter(pk=step.tier_id).exists()
    assert Category.objects.filter(pk=condition.category_id).exists()


def test_strings_and_urls():
    condition = factories.ConditionFactory(name="Ankle sprain", slug="ankle-sprain", category__slug="acute")
    tip = factories.PreventionTipFactory(title="Warm up", slug="warm-up")
    sign = factories.WarningSignFactory(text="Cannot bear weight", urgency="emergency")
    source = factories.SourceFactory(publisher="NHS", title="Sprains")
    assert str(condition) == "Ankle sprain"
    assert str(tip) == "Warm up"
    assert str(sign) == "Cannot bear weight"
    assert str(source) == "NHS: Sprains"
    assert condition.get_absolute_url() == "/patient-education/ankle/conditions/ankle-sprain/"
    assert condition.category.get_absolute_url() == "/patient-education/ankle/causes/acute/"
    assert tip.get_absolute_url() == "/patient-education/ankle/prevention/warm-up/"
    assert sign.level is Level.EMERGENCY


@pytest.mark.parametrize("urgency", ["", "self-care", "EMERGENCY", "critical"])
def test_the_database_refuses_an_urgency_the_checklist_cannot_rank(urgency):
    sign = factories.WarningSignFactory(urgency="routine")
    with pytest.raises(IntegrityError), transaction.atomic():
        WarningSign.objects.filter(pk=sign.pk).update(urgency=urgency)
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.WarningSignFactory(urgency=urgency)
    sign.refresh_from_db()
    assert sign.urgency == "routine"


@pytest.mark.parametrize("booking_url", ["htps://booking.example.com/", "no-such-url-name", "/book/", "https://["])
def test_condition_booking_override_must_be_a_url_or_a_url_name(booking_url):
    condition = factories.ConditionFactory.build(booking_url=booking_url)
    with pytest.raises(ValidationError) as error:
        condition.full_clean(exclude=["category"])
    assert list(error.value.message_dict) == ["booking_url"]


@pytest.mark.parametrize("booking_url", ["", "https://specialist.example.com/", "booking"])
def test_condition_booking_override_accepts_urls_and_url_names(booking_url):
    factories.ConditionFactory.build(booking_url=booking_url).full_clean(exclude=["category"])


def test_condition_booking_override_is_checked_with_the_other_fields_and_only_when_asked():
    condition = factories.ConditionFactory.build(booking_url="typo", name="")
    with pytest.raises(ValidationError) as error:
        condition.full_clean(exclude=["category"])
    assert set(error.value.message_dict) == {"name", "booking_url"}
    condition.name = "Ankle sprain"
    condition.full_clean(exclude=["category", "booking_url"])  # e.g. a form without the field
