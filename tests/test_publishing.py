"""The editorial rules as plain functions: who may publish, and what publishing needs."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ankle_education import publishing
from ankle_education.models import Category, Condition, PreventionTip, Status, TreatmentTier, WarningSign
from tests import factories

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.mark.parametrize("model", [Category, Condition, PreventionTip, TreatmentTier, WarningSign])
def test_publish_permission_is_per_model(model, reviewer_user, editor_user, staff_user):
    assert publishing.publish_permission(model) == f"ankle_education.publish_{model._meta.model_name}"
    assert publishing.can_publish(reviewer_user, model)
    assert publishing.can_publish(staff_user, model)
    assert not publishing.can_publish(editor_user, model)
    assert not publishing.can_publish(AnonymousUser(), model)


def test_inactive_user_cannot_publish(staff_user):
    staff_user.is_active = False
    assert not publishing.can_publish(staff_user, Condition)


def test_allowed_statuses(editor_user, reviewer_user):
    draft, live = factories.ConditionFactory(draft=True), factories.ConditionFactory()
    archived = factories.ConditionFactory(status=Status.ARCHIVED)
    everything = ["draft", "in_review", "published", "archived"]
    assert publishing.allowed_statuses(reviewer_user, draft) == everything
    assert publishing.allowed_statuses(editor_user, draft) == ["draft", "in_review"]
    assert publishing.allowed_statuses(editor_user, live) == ["published"]
    assert publishing.allowed_statuses(editor_user, archived) == ["draft", "in_review", "archived"]


def test_review_errors_name_each_missing_field():
    assert set(publishing.review_errors(None, None, " ")) == {"last_reviewed", "next_review_due", "reviewed_by"}
    today = timezone.localdate()
    assert publishing.review_errors(today, today + DAY, "Dr A") == {}
    assert publishing.review_errors(today, today, "Dr A") == {
        "next_review_due": "The next review must be due after the last review."
    }


def test_publish_sets_status_and_published_at(reviewer_user):
    tip = factories.PreventionTipFactory(draft=True, reviewed=True)
    publishing.publish(tip, reviewer_user)
    tip.refresh_from_db()
    assert tip.status == Status.PUBLISHED
    assert timezone.now() - tip.published_at < datetime.timedelta(minutes=1)
    assert PreventionTip.objects.published().get() == tip


def test_publish_without_review_fields_saves_nothing(reviewer_user):
    tip = factories.PreventionTipFactory(draft=True, reviewed=True, reviewed_by="")
    with pytest.raises(ValidationError, match="reviewer’s name"):
        publishing.publish(tip, reviewer_user)
    tip.refresh_from_db()
    assert (tip.status, tip.published_at) == (Status.DRAFT, None)


def test_publish_without_permission_is_denied(editor_user):
    tip = factories.PreventionTipFactory(draft=True, reviewed=True)
    with pytest.raises(PermissionDenied):
        publishing.publish(tip, editor_user)
    tip.refresh_from_db()
    assert tip.status == Status.DRAFT


def test_publish_all_is_all_or_nothing(reviewer_user):
    ready = factories.ConditionFactory(draft=True, reviewed=True)
    unready = factories.ConditionFactory(draft=True, name="Peroneal tendinitis")
    with pytest.raises(ValidationError) as error:
        publishing.publish_all([ready, unready], reviewer_user)
    assert error.value.messages[0].startswith("“Peroneal tendinitis”: Enter the date")
    assert not Condition.objects.published().exists()


def test_republishing_keeps_the_original_publication_time(reviewer_user):
    first = timezone.now() - datetime.timedelta(days=30)
    live = factories.ConditionFactory(reviewed=True, published_at=first)
    draft = factories.ConditionFactory(draft=True, reviewed=True)
    assert publishing.publish_all([live, draft], reviewer_user) == 1
    live.refresh_from_db()
    assert live.published_at == first


def test_mark_reviewed_today_uses_the_review_interval(settings):
    settings.ANKLE_EDUCATION = {**settings.ANKLE_EDUCATION, "REVIEW_INTERVAL_DAYS": 90}
    sign = factories.WarningSignFactory(draft=True)
    today = datetime.date(2026, 3, 1)
    publishing.mark_reviewed_today(sign, "  Dr Ana Silva, DPT ", today=today)
    sign.refresh_from_db()
    assert (sign.last_reviewed, sign.next_review_due, sign.reviewed_by) == (
        today, datetime.date(2026, 5, 30), "Dr Ana Silva, DPT"
    )  # fmt: skip
    assert sign.status == Status.DRAFT  # reviewing is not publishing


def test_mark_reviewed_today_needs_a_name():
    sign = factories.WarningSignFactory()
    with pytest.raises(ValidationError):
        publishing.mark_reviewed_today(sign, " ")
    sign.refresh_from_db()
    assert sign.last_reviewed is None


def test_archive(reviewer_user, editor_user):
    tier = factories.TreatmentTierFactory()
    with pytest.raises(PermissionDenied):
        publishing.archive(tier, editor_user)
    assert TreatmentTier.objects.published().exists()
    publishing.archive(tier, reviewer_user)
    assert TreatmentTier.objects.get().status == Status.ARCHIVED
    assert not TreatmentTier.objects.published().exists()


def test_review_state_in_words():
    today = datetime.date(2026, 6, 1)
    never = factories.CategoryFactory.build()
    undated = factories.CategoryFactory.build(last_reviewed=today)
    overdue = factories.CategoryFactory.build(last_reviewed=today - 400 * DAY, next_review_due=today - DAY)
    current = factories.CategoryFactory.build(last_reviewed=today, next_review_due=today + DAY)
    assert publishing.review_state(never, today) == "Never reviewed"
    assert publishing.review_state(undated, today) == "No next review date"
    assert publishing.review_state(overdue, today) == "Overdue since 2026-05-31"
    assert publishing.review_state(current, today) == "Due 2026-06-02"


@pytest.mark.parametrize(
    ("status", "editor_may_change"),
    [(Status.DRAFT, True), (Status.IN_REVIEW, True), (Status.PUBLISHED, False), (Status.ARCHIVED, False)],
)
def test_can_change_keeps_live_and_archived_content_for_publishers(
    status, editor_may_change, editor_user, reviewer_user, staff_user
):
    sign = factories.WarningSignFactory(status=status)
    assert publishing.can_change(editor_user, sign) is editor_may_change
    assert publishing.can_change(reviewer_user, sign)
    assert publishing.can_change(staff_user, sign)


def test_locked_notice_names_the_state_and_the_way_out():
    way_out = "Only a clinical reviewer can change it. Ask a reviewer to move it back to “In review” if it needs work."
    live = factories.CategoryFactory.build(status=Status.PUBLISHED)
    archived = factories.CategoryFactory.build(status=Status.ARCHIVED)
    assert publishing.locked_notice(live) == f"This is live on the patient pages. {way_out}"
    assert publishing.locked_notice(archived) == f"This is archived. {way_out}"


@pytest.mark.parametrize("status", [Status.PUBLISHED, Status.ARCHIVED])
def test_move_back_to_review(status, reviewer_user, editor_user):
    condition = factories.ConditionFactory(status=status)
    with pytest.raises(PermissionDenied):
        publishing.move_back_to_review(condition, editor_user)
    condition.refresh_from_db()
    assert condition.status == status
    publishing.move_back_to_review(condition, reviewer_user)
    condition.refresh_from_db()
    assert condition.status == Status.IN_REVIEW
    assert publishing.can_change(editor_user, condition)
    assert not Condition.objects.published().exists()


def test_published_condition_in_an_unpublished_category_is_hidden():
    hidden = factories.ConditionFactory(name="Stress fracture", category__draft=True, category__name="Overuse")
    visible = factories.ConditionFactory()
    draft = factories.ConditionFactory(draft=True, category__draft=True)
    assert [publishing.is_hidden_from_patients(c) for c in (hidden, visible, draft)] == [True, False, False]
    assert publishing.status_label(hidden) == "Published — hidden: cause category not published"
    assert (publishing.status_label(visible), publishing.status_label(draft)) == ("Published", "Draft")
    assert publishing.hidden_warning(hidden) == (
        "Patients cannot see “Stress fracture” although it is published: its cause category “Overuse” "
        "is not published. Publish the category to show it."
    )
    assert publishing.hidden_warning(visible) is None
    # The same rule as the public queryset.
    assert list(Condition.objects.published()) == [visible]
