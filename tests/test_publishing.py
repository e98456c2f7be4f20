"""The editorial rules as plain functions: who may publish, and what publishing needs."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ankle_education import publishing, workflow
from ankle_education.models import (
    Category,
    Condition,
    PreventionTip,
    Status,
    TreatmentStep,
    TreatmentTier,
    WarningSign,
)
from tests import factories

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.mark.parametrize("model", [Category, Condition, PreventionTip, TreatmentTier, WarningSign])
def test_publish_permission_is_per_model(model, reviewer_user, editor_user, superuser):
    assert publishing.publish_permission(model) == f"ankle_education.publish_{model._meta.model_name}"
    assert publishing.can_publish(reviewer_user, model)
    assert publishing.can_publish(superuser, model)
    assert not publishing.can_publish(editor_user, model)
    assert not publishing.can_publish(AnonymousUser(), model)


def test_inactive_user_cannot_publish(superuser):
    superuser.is_active = False
    assert not publishing.can_publish(superuser, Condition)


def test_allowed_statuses(editor_user, reviewer_user):
    draft, live = factories.ConditionFactory(draft=True), factories.ConditionFactory()
    archived = factories.ConditionFactory(status=Status.ARCHIVED)
    everything = ["draft", "in_review", "published", "archived"]
    assert publishing.allowed_statuses(reviewer_user, draft) == everything
    assert publishing.allowed_statuses(editor_user, draft) == ["draft", "in_review"]
    # On live content the form edits a pending change: it goes live or waits; taking down is an action.
    assert publishing.allowed_statuses(editor_user, live, pending_change=True) == ["draft", "in_review"]
    assert publishing.allowed_statuses(reviewer_user, live, pending_change=True) == ["draft", "in_review", "published"]
    assert publishing.allowed_statuses(editor_user, archived) == ["draft", "in_review", "archived"]


def test_review_errors_name_each_missing_field():
    assert set(publishing.review_errors(None, None, " ")) == {"last_reviewed", "next_review_due", "reviewed_by"}
    today = timezone.localdate()
    assert publishing.review_errors(today, today + DAY, "Dr A") == {}
    assert publishing.review_errors(today + 2 * DAY, today + DAY, "Dr A") == {
        "next_review_due": "The next review must be due after the last review."
    }


@pytest.mark.parametrize("next_review_due", [datetime.date(2026, 6, 1), datetime.date(2025, 1, 1)])
def test_review_errors_refuse_a_next_review_due_today_or_past(next_review_due):
    today = datetime.date(2026, 6, 1)
    errors = publishing.review_errors(datetime.date(2024, 6, 1), next_review_due, "Dr A", today=today)
    assert errors == {
        "next_review_due": f"The next review falls due on {next_review_due.isoformat()}, which is not in the future. "
        "Review the content again and set a later date before publishing."
    }
    assert publishing.review_errors(datetime.date(2024, 6, 1), today + DAY, "Dr A", today=today) == {}


def test_review_errors_default_to_the_local_date():
    today = timezone.localdate()
    assert set(publishing.review_errors(today - 400 * DAY, today, "Dr A")) == {"next_review_due"}


def test_publish_all_refuses_overdue_content_and_saves_nothing(reviewer_user):
    overdue = factories.PreventionTipFactory(draft=True, reviewed=True, next_review_due=timezone.localdate() - DAY)
    with pytest.raises(ValidationError, match="not in the future"):
        workflow.publish_all([overdue], reviewer_user)
    overdue.refresh_from_db()
    assert (overdue.status, overdue.published_at) == (Status.DRAFT, None)


def test_publish_sets_status_and_published_at(reviewer_user):
    tip = factories.PreventionTipFactory(draft=True, reviewed=True)
    assert workflow.publish_all([tip], reviewer_user) == 1
    tip.refresh_from_db()
    assert tip.status == Status.PUBLISHED
    assert timezone.now() - tip.published_at < datetime.timedelta(minutes=1)
    assert PreventionTip.objects.published().get() == tip


def test_publish_without_review_fields_saves_nothing(reviewer_user):
    tip = factories.PreventionTipFactory(draft=True, reviewed=True, reviewed_by="")
    with pytest.raises(ValidationError, match="reviewer’s name"):
        workflow.publish_all([tip], reviewer_user)
    tip.refresh_from_db()
    assert (tip.status, tip.published_at) == (Status.DRAFT, None)


def test_publish_without_permission_is_denied(editor_user):
    tip = factories.PreventionTipFactory(draft=True, reviewed=True)
    with pytest.raises(PermissionDenied):
        workflow.publish_all([tip], editor_user)
    tip.refresh_from_db()
    assert tip.status == Status.DRAFT


def test_publish_all_is_all_or_nothing(reviewer_user):
    ready = factories.ConditionFactory(draft=True, reviewed=True)
    unready = factories.ConditionFactory(draft=True, name="Peroneal tendinitis")
    with pytest.raises(ValidationError) as error:
        workflow.publish_all([ready, unready], reviewer_user)
    assert error.value.messages[0].startswith("“Peroneal tendinitis”: Enter the date")
    assert not Condition.objects.published().exists()


def test_republishing_keeps_the_original_publication_time(reviewer_user):
    first = timezone.now() - datetime.timedelta(days=30)
    live = factories.ConditionFactory(reviewed=True, published_at=first)
    draft = factories.ConditionFactory(draft=True, reviewed=True)
    assert workflow.publish_all([live, draft], reviewer_user) == 1
    live.refresh_from_db()
    assert live.published_at == first


def test_record_review_uses_the_review_interval(settings, reviewer_user):
    settings.ANKLE_EDUCATION = {**settings.ANKLE_EDUCATION, "REVIEW_INTERVAL_DAYS": 90}
    sign = factories.WarningSignFactory(draft=True)
    today = datetime.date(2026, 3, 1)
    workflow.record_review(sign, "  Dr Ana Silva, DPT ", reviewer_user, today=today)
    sign.refresh_from_db()
    assert (sign.last_reviewed, sign.next_review_due, sign.reviewed_by) == (
        today, datetime.date(2026, 5, 30), "Dr Ana Silva, DPT"
    )  # fmt: skip
    assert sign.status == Status.DRAFT  # reviewing is not publishing


def test_record_review_needs_a_name_and_the_publish_permission(reviewer_user, editor_user):
    sign = factories.WarningSignFactory()
    with pytest.raises(ValidationError):
        workflow.record_review(sign, " ", reviewer_user)
    with pytest.raises(PermissionDenied):
        workflow.record_review(sign, "Dr Ana Silva, DPT", editor_user)
    sign.refresh_from_db()
    assert sign.last_reviewed is None


def test_archive(reviewer_user, editor_user):
    tier = factories.TreatmentTierFactory()
    with pytest.raises(PermissionDenied):
        workflow.archive(tier, editor_user)
    assert TreatmentTier.objects.published().exists()
    workflow.archive(tier, reviewer_user)
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
    [(Status.DRAFT, True), (Status.IN_REVIEW, True), (Status.PUBLISHED, True), (Status.ARCHIVED, False)],
)
def test_may_change_in_its_status_keeps_archived_content_for_publishers(
    status, editor_may_change, editor_user, reviewer_user, superuser
):
    sign = factories.WarningSignFactory(status=status)
    assert publishing.may_change_in_its_status(editor_user, sign) is editor_may_change
    assert publishing.may_change_in_its_status(reviewer_user, sign)
    assert publishing.may_change_in_its_status(superuser, sign)


def test_locked_notice_names_the_state_and_the_way_out():
    archived = factories.CategoryFactory.build(status=Status.ARCHIVED)
    assert publishing.locked_notice(archived) == (
        "This is archived. Only a clinical reviewer can change it. "
        "Ask a reviewer to move it back to “In review” if it needs work."
    )


@pytest.mark.parametrize("status", [Status.PUBLISHED, Status.ARCHIVED])
def test_move_back_to_review(status, reviewer_user, editor_user):
    condition = factories.ConditionFactory(status=status)
    with pytest.raises(PermissionDenied):
        workflow.move_back_to_review(condition, editor_user)
    condition.refresh_from_db()
    assert condition.status == status
    workflow.move_back_to_review(condition, reviewer_user)
    condition.refresh_from_db()
    assert condition.status == Status.IN_REVIEW
    assert publishing.may_change_in_its_status(editor_user, condition)
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


@pytest.mark.parametrize("model", [Category, Condition, PreventionTip, TreatmentStep, TreatmentTier, WarningSign])
def test_has_edit_permission_needs_active_staff_with_the_change_permission(model, django_user_model, editor_user):
    codename = f"change_{model._meta.model_name}"
    user = django_user_model.objects.create_user("someone", is_staff=True)
    assert not publishing.has_edit_permission(user, model)
    user.user_permissions.add(Permission.objects.get(codename=codename))
    user = django_user_model.objects.get(pk=user.pk)  # a fresh permission cache
    assert publishing.has_edit_permission(user, model)
    user.is_staff = False
    assert not publishing.has_edit_permission(user, model)
    assert publishing.has_edit_permission(editor_user, model)
    assert not publishing.has_edit_permission(AnonymousUser(), model)


@pytest.mark.parametrize("status", list(Status))
def test_live_content_citing_a_source(status):
    source = factories.SourceFactory()
    condition = factories.ConditionSourceFactory(source=source, condition__status=status).condition
    tip = factories.PreventionTipFactory(status=status)
    tip.sources.add(source)
    tier = factories.TreatmentTierFactory(status=status)
    tier.sources.add(source)
    sign = factories.WarningSignFactory(status=status)
    sign.sources.add(source)
    factories.ConditionSourceFactory()  # a live condition citing another source
    expected = [condition, tip, tier, sign] if status == Status.PUBLISHED else []
    assert publishing.live_content_citing(source) == expected


def test_only_publishers_change_a_source_that_live_content_cites(editor_user, reviewer_user, superuser):
    cited = factories.ConditionSourceFactory().source
    uncited = factories.SourceFactory()
    assert not publishing.may_change_source(editor_user, cited)
    assert publishing.may_change_source(editor_user, uncited)
    assert publishing.may_change_source(reviewer_user, cited)
    assert publishing.may_change_source(superuser, cited)


def test_a_source_a_live_warning_sign_cites_is_changed_only_by_who_may_publish_signs(editor_user, django_user_model):
    source = factories.SourceFactory()
    factories.WarningSignFactory().sources.add(source)
    condition_publisher = django_user_model.objects.create_user("conditions-only", is_staff=True)
    condition_publisher.user_permissions.add(Permission.objects.get(codename="publish_condition"))
    assert not publishing.may_change_source(editor_user, source)
    assert not publishing.may_change_source(condition_publisher, source)  # a sign is not a condition
    condition_publisher.user_permissions.add(Permission.objects.get(codename="publish_warningsign"))
    condition_publisher = django_user_model.objects.get(pk=condition_publisher.pk)  # fresh permission cache
    assert publishing.may_change_source(condition_publisher, source)


def test_source_locked_notice_names_the_live_content():
    condition = factories.ConditionFactory.build(name="Ankle sprain")
    tip = factories.PreventionTipFactory.build(title="Warm up")
    assert publishing.source_locked_notice([condition, tip]) == (
        "Published or clinically reviewed content cites this source, so a change would show on the patient "
        "pages, or change what was reviewed: “Ankle sprain”, “Warm up”. Only a clinical reviewer can change it."
    )


def test_a_source_that_reviewed_drafts_cite_is_changed_only_by_who_may_publish(editor_user, reviewer_user):
    """A reviewer vouched for the source as it was: an editor changing it would change what went live reviewed."""
    reviewed = factories.ConditionSourceFactory(condition__draft=True, condition__reviewed=True).source
    unreviewed = factories.ConditionSourceFactory(condition__draft=True).source
    assert not publishing.may_change_source(editor_user, reviewed)
    assert publishing.may_change_source(reviewer_user, reviewed)
    assert publishing.may_change_source(editor_user, unreviewed)
