"""The editorial workflow with versions (workflow.py): pending changes, sign-off bound to a version,
take-downs, restores, and the record each one leaves."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ankle_education import versions, workflow
from ankle_education.models import Condition, Status, TreatmentStep, Version
from tests import factories
from tests.edits import pending_change, pending_change_to_deleted_content

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def test_a_draft_reviewed_then_edited_is_refused_until_reviewed_again(reviewer_user, editor_user):
    condition = factories.ConditionFactory(draft=True)
    workflow.record_review(condition, "Dr Ana Silva, DPT", reviewer_user)
    # The editor changes the overview after the review.
    previous = versions.ensure_recorded(condition)
    condition.overview = "Unreviewed text"
    condition.save()
    saved = workflow.save_change(
        condition, previous, data=versions.snapshot(condition), status=Status.IN_REVIEW,
        posted=versions.Review.of_row(condition), user=editor_user,
    )  # fmt: skip
    assert saved.review_cleared is not None
    assert saved.review_cleared.reviewed_by == "Dr Ana Silva, DPT"
    condition.refresh_from_db()
    assert condition.reviewed_by == ""  # the row's review went with the edit
    with pytest.raises(ValidationError, match="Enter the date of the clinical review"):
        workflow.publish_all([condition], reviewer_user)
    assert not Condition.objects.published().exists()
    # A review of this version lets it go live, with that review.
    workflow.record_review(condition, "Dr Ben Okafor, PT", reviewer_user)
    assert workflow.publish_all([condition], reviewer_user) == 1
    condition.refresh_from_db()
    assert (condition.status, condition.overview, condition.reviewed_by) == (
        Status.PUBLISHED, "Unreviewed text", "Dr Ben Okafor, PT"
    )  # fmt: skip


def test_a_draft_changed_outside_the_admin_after_its_review_is_refused(reviewer_user):
    condition = factories.ConditionFactory(draft=True)
    workflow.record_review(condition, "Dr Ana Silva, DPT", reviewer_user)
    Condition.objects.filter(pk=condition.pk).update(overview="Changed in the shell")
    condition.refresh_from_db()
    with pytest.raises(ValidationError, match="changed after its clinical review"):
        workflow.publish_all([condition], reviewer_user)
    assert not Condition.objects.published().exists()


def test_a_pending_change_reviewed_then_edited_is_refused_and_the_live_page_stays(reviewer_user, editor_user):
    condition = factories.ConditionFactory(reviewed=True, overview="Live text")
    pending_change(condition, editor_user, overview="First change")
    workflow.record_review(condition, "Dr Ana Silva, DPT", reviewer_user)
    assert versions.pending_version(condition).review_holds
    saved = pending_change(condition, editor_user, overview="Second, unreviewed change")
    assert saved.review_cleared is not None
    with pytest.raises(ValidationError, match=r"changed after its clinical review|Enter the date"):
        workflow.publish_all([condition], reviewer_user)
    condition.refresh_from_db()
    assert condition.overview == "Live text"


def test_publishing_puts_live_exactly_the_reviewed_pending_version(reviewer_user, editor_user):
    condition = factories.ConditionFactory(
        reviewed=True, overview="Live text", last_reviewed=TODAY() - datetime.timedelta(days=30)
    )
    step = factories.TreatmentStepFactory(condition=condition, body="Live step")
    data = versions.snapshot(condition)
    data["fields"]["overview"] = "Reviewed text"
    data["parts"]["ankle_education.treatmentstep"][0]["body"] = "Reviewed step"
    previous = versions.ensure_recorded(condition)
    workflow.save_change(condition, previous, data=data, status=Status.IN_REVIEW,
                         posted=versions.Review.of_version(previous), user=editor_user)  # fmt: skip
    reviewed = workflow.record_review(condition, "Dr Ana Silva, DPT", reviewer_user)
    assert workflow.publish_all([condition], reviewer_user) == 1
    condition.refresh_from_db()
    assert (condition.overview, condition.last_reviewed, condition.reviewed_by) == (
        "Reviewed text", TODAY(), "Dr Ana Silva, DPT"
    )  # fmt: skip
    assert TreatmentStep.objects.get(pk=step.pk).body == "Reviewed step"
    live = versions.current_version(condition)
    assert (live.action, live.content_hash, live.review_holds) == ("published", reviewed.content_hash, True)
    assert versions.pending_version(condition) is None


def test_every_step_is_recorded_with_who_did_it(reviewer_user, editor_user):
    condition = factories.ConditionFactory(reviewed=True)
    pending_change(condition, editor_user, overview="Better words")
    workflow.record_review(condition, "Dr Ana Silva, DPT", reviewer_user)
    workflow.publish_all([condition], reviewer_user)
    workflow.move_back_to_review(condition, reviewer_user)
    workflow.restore(condition, 1, reviewer_user)
    history = list(versions.versions_of(condition).order_by("number").values_list("action", "user__username", "status"))
    assert history == [
        ("initial", None, "published"),
        ("edited", "editor", "in_review"),
        ("reviewed", "reviewer", "in_review"),
        ("published", "reviewer", "published"),
        ("taken_down", "reviewer", "in_review"),
        ("restored", "reviewer", "in_review"),
    ]


def test_taking_down_content_with_a_pending_change_brings_the_change_into_the_row(reviewer_user, editor_user):
    condition = factories.ConditionFactory(reviewed=True, overview="Live text")
    pending_change(condition, editor_user, overview="Newest edit")
    workflow.archive(condition, reviewer_user)
    condition.refresh_from_db()
    assert (condition.status, condition.overview) == (Status.ARCHIVED, "Newest edit")
    assert versions.pending_version(condition) is None


def test_only_publishers_take_content_down(editor_user):
    condition = factories.ConditionFactory(reviewed=True)
    for take_down in (workflow.archive, workflow.move_back_to_review):
        with pytest.raises(PermissionDenied):
            take_down(condition, editor_user)
    condition.refresh_from_db()
    assert condition.status == Status.PUBLISHED


def test_restoring_an_old_version_of_live_content_makes_a_pending_change_never_live(reviewer_user, editor_user):
    condition = factories.ConditionFactory(reviewed=True, overview="First words")
    pending_change(condition, editor_user, overview="Second words")
    workflow.record_review(condition, "Dr Ana Silva, DPT", reviewer_user)
    workflow.publish_all([condition], reviewer_user)
    restored = workflow.restore(condition, 1, editor_user)
    condition.refresh_from_db()
    assert condition.overview == "Second words"  # still live
    assert (restored.state, restored.data["fields"]["overview"], restored.review_holds) == (
        Version.State.PENDING, "First words", False
    )  # fmt: skip
    with pytest.raises(ValidationError):
        workflow.publish_all([condition], reviewer_user)


def test_restoring_a_version_of_a_draft_writes_the_row_without_a_review(reviewer_user):
    condition = factories.ConditionFactory(draft=True, reviewed=True, overview="First words")
    versions.ensure_recorded(condition)
    condition.overview = "Second words"
    condition.save()
    versions.record(condition, action=Version.Action.EDITED)
    workflow.restore(condition, 1, reviewer_user)
    condition.refresh_from_db()
    assert (condition.overview, condition.status, condition.reviewed_by) == ("First words", Status.DRAFT, "")


def test_a_version_linking_to_deleted_content_is_refused_with_a_clear_error(reviewer_user, editor_user):
    condition = factories.ConditionFactory(reviewed=True)
    pending_change_to_deleted_content(condition, editor_user)
    workflow.record_review(condition, "Dr Ana Silva, DPT", reviewer_user)
    with pytest.raises(ValidationError, match="has since been deleted: treatment tier"):
        workflow.publish_all([condition], reviewer_user)
    assert not condition.treatment_steps.exists()


def test_a_save_of_live_content_that_changes_nothing_keeps_no_pending_change(reviewer_user, editor_user):
    condition = factories.ConditionFactory(reviewed=True, overview="Live text")
    pending_change(condition, editor_user, overview="A change")
    assert versions.pending_version(condition) is not None
    saved = pending_change(condition, editor_user, overview="Live text")  # changed back
    assert saved.same_as_live
    assert versions.pending_version(condition) is None


def test_new_review_fields_on_an_unchanged_live_page_are_a_review_of_the_live_version(reviewer_user):
    condition = factories.ConditionFactory(reviewed=True, last_reviewed=TODAY() - datetime.timedelta(days=300))
    current = versions.ensure_recorded(condition)
    posted = versions.Review(TODAY(), TODAY() + datetime.timedelta(days=365), "Dr Ben Okafor, PT")
    saved = workflow.save_change(condition, current, data=versions.snapshot(condition), status=Status.PUBLISHED,
                                 posted=posted, user=reviewer_user)  # fmt: skip
    condition.refresh_from_db()
    assert (condition.last_reviewed, condition.reviewed_by) == (TODAY(), "Dr Ben Okafor, PT")
    assert (saved.version.action, saved.version.review_holds) == (Version.Action.REVIEWED, True)


def test_a_page_whose_pending_change_links_to_deleted_content_can_still_be_taken_down(reviewer_user, editor_user):
    condition = factories.ConditionFactory(reviewed=True, overview="Live text")
    pending_change_to_deleted_content(condition, editor_user, overview="Pending text")
    workflow.move_back_to_review(condition, reviewer_user)
    condition.refresh_from_db()
    assert (condition.status, condition.overview) == (Status.IN_REVIEW, "Live text")
    assert versions.pending_version(condition) is None
    assert versions.versions_of(condition).filter(data__fields__overview="Pending text").exists()  # kept in history


def test_a_link_published_from_one_side_survives_publishing_the_other_sides_older_change(reviewer_user, editor_user):
    """A sign-condition link belongs to both: each side's pending change carries only its own edits to it."""
    condition = factories.ConditionFactory(reviewed=True, overview="Live text")
    kept_sign = factories.WarningSignFactory(text="Kept sign")
    dropped_sign = factories.WarningSignFactory(text="Dropped sign")
    factories.ConditionWarningSignFactory(condition=condition, warning_sign=kept_sign)
    factories.ConditionWarningSignFactory(condition=condition, warning_sign=dropped_sign)
    emergency = factories.WarningSignFactory(text="Numb, cold foot", urgency="emergency")
    # The condition's editor rewrites the overview and drops a sign, on the page as it is now.
    data = versions.snapshot(condition)
    data["fields"]["overview"] = "Better text"
    data["parts"]["ankle_education.conditionwarningsign"] = [
        row for row in data["parts"]["ankle_education.conditionwarningsign"] if row["warning_sign_id"] == kept_sign.pk
    ]
    pending_change(condition, editor_user, data=data)
    # Meanwhile the emergency sign is added to the condition from the sign's page, reviewed and published.
    sign_data = versions.snapshot(emergency)
    sign_data["parts"]["ankle_education.conditionwarningsign"] = [{"id": 10_000, "condition_id": condition.pk}]
    pending_change(emergency, editor_user, data=sign_data)
    workflow.record_review(emergency, "Dr Ana Silva, DPT", reviewer_user)
    workflow.publish_all([emergency], reviewer_user)
    assert set(condition.warning_signs.all()) == {kept_sign, dropped_sign, emergency}
    # The condition's version now says so too, its review unchanged (the link was reviewed with the sign).
    assert emergency.pk in [row["warning_sign_id"] for row in versions.current_version(condition).data["parts"][
        "ankle_education.conditionwarningsign"]]  # fmt: skip
    assert versions.current_version(condition).review_holds
    # Publishing the condition's older change keeps the emergency sign and drops only what it dropped.
    workflow.record_review(condition, "Dr Ana Silva, DPT", reviewer_user)
    workflow.publish_all([condition], reviewer_user)
    condition.refresh_from_db()
    assert condition.overview == "Better text"
    assert set(condition.warning_signs.all()) == {kept_sign, emergency}


def test_a_pending_change_dropped_by_a_save_that_matches_the_live_page_is_on_the_record(editor_user):
    condition = factories.ConditionFactory(reviewed=True, overview="Live text")
    first = pending_change(condition, editor_user, overview="A change").version
    pending_change(condition, editor_user, overview="Live text")
    latest = versions.versions_of(condition).order_by("-number").first()
    assert (latest.action, latest.note, latest.user) == (Version.Action.DISCARDED, f"version {first.number}", editor_user)
